"""Landmarks of the sample commune, each placed exactly on a road vertex."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import LineString

from patrol_map.sample.geometry import LONLAT_CRS
from patrol_map.sample.names import BRIDGE_NAMES, base_name
from patrol_map.sample.roads import RoadNetwork

#: When a school gate is worth a visit, and on which days.
SCHOOL_HOURS = "06:30-07:15;16:30-17:15"
SCHOOL_DAYS = "mon,tue,wed,thu,fri,sat"


def build_places(
    network: RoadNetwork,
    villages: gpd.GeoDataFrame,
    commune: str,
    commune_type: str,
    rng: np.random.Generator,
) -> gpd.GeoDataFrame:
    """Place the commune's offices, markets, schools, places of worship, bridges and centres.

    The police post and the military command stand on the main roads next to the commune
    centre; the central market bears the commune's name, the other markets stand in the
    villages nearest a main road; schools, pagodas and churches at lane junctions near
    village centres; one bridge on the national road and one on the longest inter-village
    road; one ``village_centre`` per village at its settlement centre.

    Parameters
    ----------
    network
        Road network with its metric skeleton.
    villages
        Village layer (EPSG:4326) in settlement order.
    commune
        Commune name without its type word, e.g. ``Nam Trạch``.
    commune_type
        Type word of the commune, e.g. ``xã``.
    rng
        Random generator.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``place_id`` (``P01``…), ``name``, ``kind``, ``priority``, ``hours``, ``days``,
        ``village_id``, ``is_synthetic``; Point geometry in EPSG:4326.

    """
    national = np.asarray(network.main.national.coords)
    provincial = np.asarray(network.main.provincial.coords)
    at_national = int(np.flatnonzero((national == network.main.centre).all(axis=1))[0])
    at_provincial = int(np.flatnonzero((provincial == network.main.centre).all(axis=1))[0])
    rows: list[tuple[str, str, int, np.ndarray]] = [
        (f"Công an {commune_type} {commune}", "police_post", 3, national[at_national + 1]),
        (
            f"Ban Chỉ huy Quân sự {commune_type} {commune}",
            "military_command",
            3,
            provincial[at_provincial - 1],
        ),
        (f"Chợ {commune}", "market", 3, provincial[at_provincial + 2]),
    ]
    names = villages["name"].tolist()
    spots = _VillageSpots(network, rng)
    market_villages = _nearest_to_main(network)[: int(rng.integers(1, 3))]
    rows += [(f"Chợ {base_name(names[i])}", "market", 3, spots.take(i)) for i in market_villages]
    for order, i in enumerate(rng.choice(len(names), int(rng.integers(4, 7)), replace=False)):
        level = "Trường Tiểu học" if order % 2 == 0 else "Trường THCS"
        name = f"{level} {base_name(names[i])}"
        rows.append((name, "school", int(rng.integers(2, 4)), spots.take(i)))
    worship = rng.choice(len(names), 2 + int(rng.integers(1, 3)), replace=False)
    rows += [(f"Chùa {base_name(names[i])}", "pagoda", 2, spots.take(i)) for i in worship[:2]]
    rows += [(f"Nhà thờ {base_name(names[i])}", "church", 2, spots.take(i)) for i in worship[2:]]
    longest = max(network.links, key=lambda line: line.length)
    bridges = rng.choice(BRIDGE_NAMES, 2, replace=False)
    rows.append((str(bridges[0]), "bridge", 2, national[at_national // 2]))
    rows.append((str(bridges[1]), "bridge", 2, np.asarray(longest.coords)[len(longest.coords) // 2]))
    rows += [
        (f"Trung tâm {name}", "village_centre", 1, grid.centre)
        for name, grid in zip(names, network.grids, strict=True)
    ]
    points = shapely.points(network.projection.to_lonlat(np.array([row[3] for row in rows])))
    # The village a place is in; on a small island's shore a point may fall a hair outside every
    # village (degrees rounded), and the nearest one is taken.
    village_index = [int(shapely.distance(villages.geometry.to_numpy(), point).argmin()) for point in points]
    return gpd.GeoDataFrame(
        {
            "place_id": [f"P{i:02d}" for i in range(1, len(rows) + 1)],
            "name": [row[0] for row in rows],
            "kind": [row[1] for row in rows],
            "priority": [row[2] for row in rows],
            # School gates count when pupils arrive and leave, on school days (Monday to Saturday).
            "hours": [SCHOOL_HOURS if row[1] == "school" else "" for row in rows],
            "days": [SCHOOL_DAYS if row[1] == "school" else "all" for row in rows],
            "village_id": villages["village_id"].to_numpy()[village_index],
            "is_synthetic": True,
        },
        geometry=points,
        crs=LONLAT_CRS,
    )


def _nearest_to_main(network: RoadNetwork) -> list[int]:
    """Settlement indices ordered by distance from their centre to the main roads."""
    main = shapely.MultiLineString([network.main.national, network.main.provincial])
    centres = shapely.points([grid.centre for grid in network.grids])
    return np.argsort(shapely.distance(centres, main), kind="stable").tolist()


class _VillageSpots:
    """Hands out the lane junctions around each village centre, each at most once.

    Only junctions on a lane that was laid: near the boundary (a small island's shore) a lane
    that would leave the commune is left out, and so is its junction.
    """

    def __init__(self, network: RoadNetwork, rng: np.random.Generator) -> None:
        self._free = [
            _on_lanes(list(rng.permutation(grid.ring)), [line for _, line in grid.lanes])
            for grid in network.grids
        ]

    def take(self, village: int) -> np.ndarray:
        """Return an unused lane junction next to the centre of settlement ``village``."""
        return self._free[village].pop()


def _on_lanes(junctions: list[np.ndarray], lanes: list[LineString]) -> list[np.ndarray]:
    """Keep the junctions that lie on one of ``lanes`` (all of them when none does)."""
    if not lanes:
        return junctions
    laid = shapely.union_all(lanes)
    kept = [point for point in junctions if shapely.dwithin(laid, shapely.Point(point), 1.0)]
    return kept or junctions
