"""Road lines from GeoJSON/GeoPackage/Shapefile, or from an OpenStreetMap ``.osm``/``.osm.pbf`` file."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from patrol_map.errors import InputFileError
from patrol_map.io.columns import match_columns, synthetic_flags
from patrol_map.io.vector import Notice, read_vector
from patrol_map.model import MOTORBIKE_KMH
from patrol_map.text import fold

ROAD_ALIASES = {
    "highway": ("class", "road_class", "loai_duong", "cap_duong", "fclass"),
    "name": ("ten_duong", "ten"),
}
#: OpenStreetMap ``highway`` values that are not roads a patrol can use; motorbikes may not use
#: Vietnamese expressways.
NOT_PATROLLABLE = frozenset(
    {"construction", "proposed", "platform", "elevator", "bus_stop", "raceway", "abandoned",
     "motorway", "motorway_link", "steps", "corridor"}
)  # fmt: skip
#: Class given to lines whose file has no road class.
DEFAULT_CLASS = "unclassified"


#: Vietnamese road classes (folded) -> OpenStreetMap ``highway`` classes.
VIETNAMESE_CLASSES = {
    "quoc_lo": "trunk", "ql": "trunk", "duong_quoc_lo": "trunk", "cao_toc": "motorway",
    "tinh_lo": "secondary", "dt": "secondary", "duong_tinh": "secondary",
    "huyen_lo": "tertiary", "duong_huyen": "tertiary", "lien_xa": "tertiary", "duong_lien_xa": "tertiary",
    "duong_xa": "unclassified", "lien_thon": "unclassified", "duong_lien_thon": "unclassified",
    "duong_thon": "residential", "duong_xom": "residential", "ngo": "residential", "hem": "residential",
    "kiet": "residential", "duong_noi_thon": "residential",
    "duong_mon": "track", "duong_dat": "track", "duong_ruong": "track", "bo_ruong": "path",
}  # fmt: skip


def road_classes(values: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Turn a file's road classes into OSM ``highway`` classes.

    Parameters
    ----------
    values
        The class column: OSM values (``primary``…) or Vietnamese ones (``Quốc lộ``, ``Đường
        liên thôn``…); empty cells become :data:`DEFAULT_CLASS`.

    Returns
    -------
    (numpy.ndarray, list of str)
        The classes, and the values neither list knows (kept as written, at the default speed).

    """
    written = values.fillna("").astype(str).str.strip()
    classes = written.map(_road_class)
    known = classes.map(lambda c: c.removesuffix("_link") in MOTORBIKE_KMH or c in NOT_PATROLLABLE)
    return classes.to_numpy(), sorted(set(written[~known.astype(bool)]))


def _road_class(written: str) -> str:
    """One class: an OSM value as it is, a Vietnamese one by its first words ("Quốc lộ 1A" -> trunk)."""
    folded = fold(written)
    if not folded:
        return DEFAULT_CLASS
    for words in sorted(VIETNAMESE_CLASSES, key=len, reverse=True):
        if folded == words or folded.startswith(words + "_"):
            return VIETNAMESE_CLASSES[words]
    return folded


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
        The CRS of the coordinates, replacing what the file states.

    Returns
    -------
    (geopandas.GeoDataFrame, list of Notice)
        One LineString per row with columns ``road_id``, ``name``, ``highway`` (OSM-style class),
        ``is_synthetic``, in the file's CRS.

    """
    if is_osm_file(path):
        frame, notices = read_vector(path, layer="lines")
        frame = frame[frame["highway"].notna()]
    else:
        frame, notices = read_vector(path, assume_crs=assume_crs)
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
        classes, unknown = road_classes(frame[found["highway"]])
        if unknown:
            notices.append(
                Notice(
                    f"{Path(path).name}: không rõ cấp đường {', '.join(unknown)}; "
                    "coi là đường nhỏ (20 km/h).",
                    f"{Path(path).name}: unknown road classes {', '.join(unknown)}; taken as minor roads "
                    "(20 km/h).",
                )
            )
    else:
        classes = np.full(len(frame), DEFAULT_CLASS, dtype=object)
        notices.append(
            Notice(
                f"{Path(path).name}: không có cột cấp đường (highway); coi mọi đường là '{DEFAULT_CLASS}'.",
                f"{Path(path).name}: no road class column (highway); every road taken as '{DEFAULT_CLASS}'.",
            )
        )
    roads = gpd.GeoDataFrame(
        {
            "name": frame[found["name"]].fillna("").astype(str).to_numpy()
            if "name" in found
            else [""] * len(frame),
            "highway": classes,
            "is_synthetic": synthetic_flags(frame),
        },
        geometry=frame.geometry.to_numpy(),
        crs=frame.crs,
    )
    left_out = roads["highway"].isin(NOT_PATROLLABLE)
    if left_out.any():
        left_kinds = ", ".join(sorted(set(roads["highway"][left_out])))
        notices.append(
            Notice(
                f"{Path(path).name}: bỏ {int(left_out.sum())} đường không dùng để tuần tra được "
                f"({left_kinds}).",
                f"{Path(path).name}: left out {int(left_out.sum())} lines patrols cannot use ({left_kinds}).",
            )
        )
        roads = roads[~left_out]
    if roads.empty:
        raise InputFileError("Tệp không có đường nào.", "The file holds no road.", file=path)
    roads = roads.explode(index_parts=False, ignore_index=True)
    roads.insert(0, "road_id", [f"R{i + 1:05d}" for i in range(len(roads))])
    return roads, notices
