"""Reading the real commune boundary the sample is generated in, and writing it alongside."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

from patrol_map.io.boundaries import read_commune
from patrol_map.io.vector import Notice
from patrol_map.sample.geometry import LONLAT_CRS
from patrol_map.sample.output import write_geojson

#: File name of the boundary inside a sample directory.
BOUNDARY_FILE = "nam_trach_boundary.geojson"
#: Attribute columns of a commune polygon.
COLUMNS = ("ma_xa", "ten_xa", "loai", "ma_tinh", "ten_tinh")
#: ``loai`` (type word) of a commune whose file does not state it.
DEFAULT_TYPE = "xã"


def read_sample_boundary(path: Path, code: str | None = None) -> tuple[gpd.GeoDataFrame, list[Notice]]:
    """Read the commune polygon to generate the sample in.

    The commune is read, chosen and repaired by the product's
    :func:`patrol_map.io.boundaries.read_commune`; this adds the attributes the sample
    writes besides ``ma_xa`` and ``ten_xa`` (``loai``, ``ma_tinh``, ``ten_tinh``, empty
    when the file lacks them, ``loai`` then :data:`DEFAULT_TYPE`) and converts to lon/lat.

    Parameters
    ----------
    path
        GeoJSON (or any file the product reads) of commune polygons.
    code
        ``ma_xa`` of the commune to select; None when the file holds exactly one commune.

    Returns
    -------
    (geopandas.GeoDataFrame, list of Notice)
        One row: the :data:`COLUMNS`, ``is_synthetic`` (False) and the geometry, EPSG:4326;
        and the product's notices (repaired geometry).

    Raises
    ------
    patrol_map.errors.InputFileError
        If the file cannot be read or does not hold exactly one matching commune.

    """
    commune, notices = read_commune(path, code=code)
    attributes = pyogrio.read_dataframe(path, read_geometry=False)
    if "ma_xa" in attributes.columns and len(attributes) > 1:
        attributes = attributes[attributes["ma_xa"].astype(str).str.strip() == commune["ma_xa"].iloc[0]]
    row = attributes.iloc[0] if len(attributes) == 1 else {}
    frame = commune.to_crs(LONLAT_CRS)
    for column in COLUMNS[2:]:
        value = row.get(column)
        frame[column] = "" if value is None or pd.isna(value) else str(value)
    if not frame["loai"].iloc[0]:
        frame["loai"] = DEFAULT_TYPE
    frame = frame[[*COLUMNS, "geometry"]].reset_index(drop=True)
    frame.insert(len(COLUMNS), "is_synthetic", False)
    return frame, notices


def write_boundary(boundary: gpd.GeoDataFrame, out_dir: Path) -> Path:
    """Write the commune polygon as :data:`BOUNDARY_FILE` in ``out_dir``.

    Parameters
    ----------
    boundary
        Result of :func:`read_sample_boundary`.
    out_dir
        Sample directory.

    Returns
    -------
    pathlib.Path
        The file written.

    """
    return write_geojson(boundary, out_dir / BOUNDARY_FILE)
