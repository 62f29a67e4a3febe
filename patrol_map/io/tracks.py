"""Phone tracks: the fixes of the GPX tracks a patrol's phone recorded (OsmAnd, GPS Logger...).

GDAL's GPX driver (through pyogrio) reads GPX 1.0 and 1.1: its ``track_points`` layer holds one
row per fix with the track and segment it belongs to and its time, in UTC; the ``tracks`` layer
holds the tracks' names.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio

from patrol_map.errors import InputFileError
from patrol_map.geo.crs import WGS84
from patrol_map.io.vector import Notice

#: The columns of the fixes read.
FIX_COLUMNS = ("track", "name", "segment", "time", "geometry")


def read_gpx_tracks(path: str | Path) -> tuple[gpd.GeoDataFrame, list[Notice]]:
    """Read the fixes of every track of a GPX file.

    Parameters
    ----------
    path
        A GPX 1.0 or 1.1 file with one or several tracks (``<trk>``) whose points carry a time.

    Returns
    -------
    (geopandas.GeoDataFrame, list of Notice)
        One row per fix, in time order within each track: ``track`` (its number in the file, from
        1), ``name`` (the track's name, may be empty), ``segment`` (from 0), ``time`` (UTC) and the
        point (WGS 84); and what was left out (fixes without a time or position).

    Raises
    ------
    InputFileError
        When the file is not GPX, holds no track, or no fix with a time.

    """
    path = Path(path)
    try:
        fixes = pyogrio.read_dataframe(path, layer="track_points")
        names = pyogrio.read_dataframe(path, layer="tracks", read_geometry=False)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, ValueError) as exc:
        raise InputFileError(
            f"Không đọc được vết GPS: tệp phải là GPX có vết (<trk>). Chi tiết: {exc}",
            f"The GPS track cannot be read: the file must be GPX with tracks (<trk>). Details: {exc}",
            file=path,
        ) from exc
    if fixes.empty:
        raise InputFileError(
            "Tệp GPX không có vết nào (chỉ có điểm hoặc lộ trình?). Hãy xuất vết đã ghi (track).",
            "The GPX file holds no track (only waypoints or routes?). Export the recorded track.",
            file=path,
        )
    usable = fixes["time"].notna().to_numpy() & ~fixes.geometry.is_empty.to_numpy()
    usable &= np.isfinite(fixes.geometry.x.to_numpy()) & np.isfinite(fixes.geometry.y.to_numpy())
    if not usable.any():
        raise InputFileError(
            "Các điểm của vết GPS không ghi thời gian; cần thời gian để so với kế hoạch. Hãy bật ghi "
            "thời gian trong ứng dụng ghi vết.",
            "The GPS track's points carry no time, which is needed to compare it with the plan. Turn on "
            "time recording in the tracking app.",
            file=path,
        )
    notices = []
    if not usable.all():
        left = int((~usable).sum())
        notices.append(
            Notice(
                f"{path.name}: bỏ qua {left} điểm của vết không có thời gian hoặc tọa độ.",
                f"{path.name}: left out {left} track points without a time or a position.",
            )
        )
    fixes = fixes[usable]
    name_of = dict(zip(range(len(names)), names.get("name", pd.Series(dtype=str)).fillna(""), strict=False))
    frame = gpd.GeoDataFrame(
        {
            "track": fixes["track_fid"].astype(int).to_numpy() + 1,
            "name": [str(name_of.get(int(t), "")) for t in fixes["track_fid"]],
            "segment": fixes["track_seg_id"].astype(int).to_numpy(),
            "time": pd.to_datetime(fixes["time"], utc=True).to_numpy(),
        },
        geometry=fixes.geometry.to_numpy(),
        crs=fixes.crs or WGS84,
    )
    frame["time"] = pd.to_datetime(frame["time"], utc=True)
    return frame.sort_values(["track", "time"], kind="stable").reset_index(drop=True), notices
