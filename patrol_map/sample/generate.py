"""Generate the synthetic sample data set inside a real commune boundary.

Only the boundary is real. Villages, roads, places, incidents and people are drawn from a
single seed, so the same seed and boundary always give byte-identical files.
"""

from __future__ import annotations

import math
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from patrol_map.sample.geometry import LONLAT_CRS, Projection
from patrol_map.sample.incidents import build_incidents
from patrol_map.sample.mainroads import build_main_roads
from patrol_map.sample.names import VILLAGE_NAMES
from patrol_map.sample.output import write_csv, write_geojson
from patrol_map.sample.people import build_people
from patrol_map.sample.places import build_places
from patrol_map.sample.roads import build_road_network
from patrol_map.sample.settlements import place_settlements
from patrol_map.sample.villages import build_villages

DEFAULT_SEED = 2025
#: File written for each layer.
LAYER_FILES = {
    "villages": "nam_trach_villages.geojson",
    "roads": "nam_trach_roads.geojson",
    "places": "nam_trach_places.geojson",
    "incidents": "nam_trach_incidents.csv",
    "people": "nam_trach_people.csv",
}
#: Smallest distance from a road to the commune boundary, metres.
ROAD_MARGIN = 40.0
#: Smallest distance from a settlement centre to the boundary, metres (room for its lanes).
SETTLEMENT_MARGIN = 700.0
#: In a small commune, the margin as a share of the side of a square of its area.
SMALL_MARGIN_SHARE = 0.15
#: A second part of the settlement region this large against the first is past a neck.
NECK_SHARE = 0.2
#: Range of the number of villages (upper bound exclusive).
VILLAGE_COUNT = (18, 23)
#: Area (km²) of the settlement region from which a commune gets :data:`VILLAGE_COUNT`
#: villages (Nam Trạch's is about 83 km²); a smaller one gets proportionally fewer.
FULL_REGION_KM2 = 80.0
#: Fewest villages: the places need up to six schools in distinct villages.
MIN_VILLAGES = 6


def generate_sample(boundary: gpd.GeoDataFrame, out_dir: Path, seed: int = DEFAULT_SEED) -> dict[str, Path]:
    """Generate and write the synthetic layers of the sample commune.

    Parameters
    ----------
    boundary
        One row: the real commune polygon, in any CRS, with at least ``ten_xa`` and ``loai``
        (as :func:`patrol_map.sample.boundary.read_sample_boundary` returns it). Everything
        is built in metres in the commune's own UTM zone.
    out_dir
        Directory to write to; created if missing.
    seed
        Seed of :func:`numpy.random.default_rng`.

    Returns
    -------
    dict of str to pathlib.Path
        Layer name (``villages``, ``roads``, ``places``, ``incidents``, ``people``) to the
        file written.

    """
    commune = boundary.iloc[0]
    lonlat = boundary.to_crs(LONLAT_CRS)
    projection = Projection.for_frame(lonlat)
    boundary_ll = lonlat.geometry.iloc[0]
    boundary_m = lonlat.to_crs(projection.crs).geometry.iloc[0]
    body = max(shapely.get_parts(boundary_m), key=lambda part: part.area)
    road_region = body.buffer(-ROAD_MARGIN)
    roads_rng, names_rng, places_rng, incidents_rng, people_rng = np.random.default_rng(seed).spawn(5)

    main = build_main_roads(road_region, roads_rng)
    settlement_region = settlement_area(body.buffer(-settlement_margin(body.area)))
    count = int(roads_rng.integers(*village_count_range(settlement_region.area)))
    settlements = place_settlements(settlement_region, main, count, roads_rng)
    names = [str(name) for name in names_rng.choice(VILLAGE_NAMES, count, replace=False)]
    villages = build_villages(settlements, boundary_m, boundary_ll, names, projection)
    network = build_road_network(main, settlements, road_region, projection, roads_rng)
    places = build_places(network, villages, commune["ten_xa"], commune["loai"], places_rng)
    markets = places[places["kind"] == "market"].to_crs(projection.crs).get_coordinates()
    incidents = build_incidents(
        villages, boundary_m, boundary_ll, settlements, markets.to_numpy(), main, projection, incidents_rng
    )
    people = build_people(people_rng)

    out_dir.mkdir(parents=True, exist_ok=True)
    return {
        "villages": write_geojson(villages, out_dir / LAYER_FILES["villages"]),
        "roads": write_geojson(network.frame, out_dir / LAYER_FILES["roads"]),
        "places": write_geojson(places, out_dir / LAYER_FILES["places"]),
        "incidents": write_csv(incidents, out_dir / LAYER_FILES["incidents"]),
        "people": write_csv(people, out_dir / LAYER_FILES["people"]),
    }


def settlement_margin(area_m2: float) -> float:
    """Return how far settlement centres keep from the boundary, metres.

    :data:`SETTLEMENT_MARGIN` in a commune of more than about 22 km²; in a smaller one (an island
    such as Cồn Cỏ, 2.2 km²) 15 % of the side of a square of its area, so that a region is left
    to settle in.
    """
    return min(SETTLEMENT_MARGIN, SMALL_MARGIN_SHARE * math.sqrt(area_m2))


def settlement_area(region: BaseGeometry) -> BaseGeometry:
    """Return where settlement centres are drawn: ``region``, or its largest part past a narrow neck.

    Where a neck splits the region into two sizeable parts (the second at least
    :data:`NECK_SHARE` of the first: La Lay, Đông Hà), villages on both sides could not all be
    joined by roads that stay inside the commune, and every seed failed; only the largest part is
    settled (the villages' areas still cover the whole commune). Slivers (Nam Trạch has one of
    0.002 km²) leave the region as it is.
    """
    parts = sorted(shapely.get_parts(region), key=lambda part: part.area, reverse=True)
    if len(parts) > 1 and parts[1].area >= NECK_SHARE * parts[0].area:
        return parts[0]
    return region


def village_count_range(region_m2: float) -> tuple[int, int]:
    """Return the range of the number of villages (upper bound exclusive) for a commune.

    Parameters
    ----------
    region_m2
        Area of the region settlement centres are drawn in, square metres.

    Returns
    -------
    tuple of int
        :data:`VILLAGE_COUNT` from :data:`FULL_REGION_KM2` up; scaled down with the area
        below it, to no fewer than :data:`MIN_VILLAGES`.

    """
    scale = min(1.0, region_m2 / (FULL_REGION_KM2 * 1e6))
    low = max(MIN_VILLAGES, round(VILLAGE_COUNT[0] * scale))
    return low, max(low + 1, round(VILLAGE_COUNT[1] * scale))
