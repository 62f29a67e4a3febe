"""Writing the sample layers: GeoJSON (RFC 7946, 6 decimals) and UTF-8 CSV."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd

from patrol_map.sample.geometry import DECIMALS


def write_geojson(frame: gpd.GeoDataFrame, path: Path) -> Path:
    """Write ``frame`` (EPSG:4326) as RFC 7946 GeoJSON with 6-decimal coordinates.

    Parameters
    ----------
    frame
        Layer to write.
    path
        Target file; replaced if it exists.

    Returns
    -------
    pathlib.Path
        ``path``.

    """
    path.unlink(missing_ok=True)
    frame.to_file(path, driver="GeoJSON", engine="pyogrio", RFC7946="YES", COORDINATE_PRECISION=DECIMALS)
    return path


def write_csv(frame: pd.DataFrame, path: Path) -> Path:
    """Write ``frame`` as UTF-8 CSV with LF line ends and no index.

    Parameters
    ----------
    frame
        Table to write; values already formatted as strings where it matters.
    path
        Target file; replaced if it exists.

    Returns
    -------
    pathlib.Path
        ``path``.

    """
    frame.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    return path
