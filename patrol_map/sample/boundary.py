"""Reading the real commune boundary the sample is generated in, and writing it alongside."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd

from patrol_map.sample.geometry import LONLAT_CRS
from patrol_map.sample.output import write_geojson

#: File name of the boundary inside a sample directory.
BOUNDARY_FILE = "nam_trach_boundary.geojson"
#: Attribute columns of a commune polygon.
COLUMNS = ("ma_xa", "ten_xa", "loai", "ma_tinh", "ten_tinh")


def read_commune(path: Path, code: str | None = None) -> gpd.GeoDataFrame:
    """Read one commune polygon.

    Parameters
    ----------
    path
        GeoJSON (or any file GDAL reads) of commune polygons with the :data:`COLUMNS`.
    code
        ``ma_xa`` of the commune to select; None when the file holds exactly one commune.

    Returns
    -------
    geopandas.GeoDataFrame
        One row: the :data:`COLUMNS`, ``is_synthetic`` (False) and the geometry, EPSG:4326.

    Raises
    ------
    ValueError
        If the file does not hold exactly one matching commune.

    """
    frame = gpd.read_file(path, engine="pyogrio")
    if code is not None:
        frame = frame[frame["ma_xa"].astype(str) == code]
    if len(frame) != 1:
        raise ValueError(f"{path} holds {len(frame)} communes matching code {code!r}, not 1")
    if not frame.crs.equals(LONLAT_CRS):
        frame = frame.to_crs(LONLAT_CRS)
    frame = frame[[*COLUMNS, "geometry"]].reset_index(drop=True)
    frame.insert(len(COLUMNS), "is_synthetic", False)
    return frame


def write_boundary(boundary: gpd.GeoDataFrame, out_dir: Path) -> Path:
    """Write the commune polygon as :data:`BOUNDARY_FILE` in ``out_dir``.

    Parameters
    ----------
    boundary
        Result of :func:`read_commune`.
    out_dir
        Sample directory.

    Returns
    -------
    pathlib.Path
        The file written.

    """
    return write_geojson(boundary, out_dir / BOUNDARY_FILE)
