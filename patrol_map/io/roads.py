"""Road lines from GeoJSON/GeoPackage/Shapefile, or from an OpenStreetMap ``.osm``/``.osm.pbf`` file."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd

from patrol_map.errors import InputFileError
from patrol_map.io.columns import match_columns, synthetic_flags
from patrol_map.io.vector import Notice, read_vector

ROAD_ALIASES = {
    "highway": ("class", "road_class", "loai_duong", "cap_duong", "fclass"),
    "name": ("ten_duong", "ten"),
}
#: OpenStreetMap ``highway`` values that are not roads a patrol can use.
NOT_PATROLLABLE = frozenset(
    {"construction", "proposed", "platform", "elevator", "bus_stop", "raceway", "abandoned"}
)
#: Class given to lines whose file has no road class.
DEFAULT_CLASS = "unclassified"


def is_osm_file(path: str | Path) -> bool:
    """Tell whether ``path`` is an OpenStreetMap XML or PBF file, by its name."""
    name = Path(path).name.lower()
    return name.endswith((".osm", ".osm.pbf", ".pbf"))


def read_roads(path: str | Path, assume_crs: str | None = None) -> tuple[gpd.GeoDataFrame, list[Notice]]:
    """Read road centre lines.

    Parameters
    ----------
    path
        Lines in GeoJSON, GeoPackage or Shapefile, or an OpenStreetMap ``.osm``/``.osm.pbf``
        extract (read with GDAL's OSM driver; ways tagged ``highway``).
    assume_crs
        CRS to use when the file states none.

    Returns
    -------
    (geopandas.GeoDataFrame, list of Notice)
        One LineString per row with columns ``road_id``, ``name``, ``highway`` (OSM-style class),
        ``is_synthetic``, in the file's CRS.

    """
    notices: list[Notice] = []
    if is_osm_file(path):
        frame = read_vector(path, layer="lines")
        frame = frame[frame["highway"].notna() & ~frame["highway"].isin(NOT_PATROLLABLE)]
    else:
        frame = read_vector(path, assume_crs=assume_crs)
    found = match_columns(frame.columns, ROAD_ALIASES)
    frame = frame[frame.geometry.notna() & ~frame.geometry.is_empty]
    kinds = set(frame.geom_type)
    if not kinds <= {"LineString", "MultiLineString"}:
        raise InputFileError(
            f"Tệp đường phải chứa đường (LineString), không phải {', '.join(sorted(kinds))}.",
            f"A road file must hold lines (LineString), not {', '.join(sorted(kinds))}.",
            file=path,
        )
    if frame.empty:
        raise InputFileError("Tệp không có đường nào.", "The file holds no road.", file=path)
    if "highway" in found:
        classes = frame[found["highway"]].fillna(DEFAULT_CLASS).astype(str).str.strip().str.lower()
    else:
        classes = DEFAULT_CLASS
        notices.append(
            Notice(
                f"{Path(path).name}: không có cột cấp đường (highway); coi mọi đường là '{DEFAULT_CLASS}'.",
                f"{Path(path).name}: no road class column (highway); every road taken as '{DEFAULT_CLASS}'.",
            )
        )
    roads = gpd.GeoDataFrame(
        {
            "name": frame[found["name"]].fillna("").astype(str).to_numpy() if "name" in found else "",
            "highway": classes if isinstance(classes, str) else classes.to_numpy(),
            "is_synthetic": synthetic_flags(frame),
        },
        geometry=frame.geometry.to_numpy(),
        crs=frame.crs,
    ).explode(index_parts=False, ignore_index=True)
    roads.insert(0, "road_id", [f"R{i + 1:05d}" for i in range(len(roads))])
    return roads, notices
