"""Exporting a weekly plan: GeoJSON (one LineString per patrol) and GPX (one track per patrol)."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pyogrio
from shapely import MultiLineString

from patrol_map.geo.crs import WGS84
from patrol_map.plan.schedule import WeeklyPlan

#: Properties of the GeoJSON export, in order; list-valued ones are JSON arrays.
GEOJSON_PROPERTIES = (
    "patrol_id",
    "week",
    "shift_id",
    "shift_name",
    "shift_start",
    "shift_end",
    "team_id",
    "members",
    "names",
    "forces",
    "length_m",
    "duration_s",
    "risk",
    "stops",
    "stop_names",
)
_LIST_PROPERTIES = ("members", "names", "forces", "stops", "stop_names")
FORMATS = ("geojson", "gpx")


def export_plan(plan: WeeklyPlan, path: str | Path, fmt: str) -> Path:
    """Write a plan as ``geojson`` or ``gpx``, in WGS 84 (EPSG:4326).

    Parameters
    ----------
    plan
        The plan to export.
    path
        The output file.
    fmt
        ``geojson``: one LineString feature per patrol with the properties of
        :data:`GEOJSON_PROPERTIES`; ``gpx``: one track per patrol named by its patrol id,
        for phone apps such as OsmAnd.

    Returns
    -------
    pathlib.Path
        The file written.

    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    patrols = plan.patrols.to_crs(WGS84)
    if fmt == "geojson":
        frame = patrols[[*GEOJSON_PROPERTIES, "geometry"]].copy()
        for column in _LIST_PROPERTIES:
            frame[column] = frame[column].map(json.loads)
        path.write_text(frame.to_json(drop_id=True, ensure_ascii=False), encoding="utf-8")
    elif fmt == "gpx":
        tracks = patrols[patrols.geometry.notna()]
        gpx = gpd.GeoDataFrame(
            {
                "name": tracks["patrol_id"],
                "desc": [
                    f"{start} – {end}; " + ", ".join(json.loads(names))
                    for start, end, names in zip(
                        tracks["shift_start"], tracks["shift_end"], tracks["names"], strict=True
                    )
                ],
            },
            # GPX tracks are MultiLineStrings: one track segment per circuit.
            geometry=[MultiLineString([line]) for line in tracks.geometry],
            crs=WGS84,
        )
        path.unlink(missing_ok=True)
        pyogrio.write_dataframe(gpx, path, layer="tracks", driver="GPX")
    else:
        msg = f"format must be one of {FORMATS}"
        raise ValueError(msg)
    return path
