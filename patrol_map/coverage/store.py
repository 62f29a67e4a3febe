"""The stored records of what patrols did: the only code that reads or writes ``tracks`` and ``checkins``.

**tracks** (points, the workspace CRS): one row per GPS fix as the phone recorded it, ``track_id``
(the same for a track however often its file is imported), ``patrol_id``, ``time`` (ISO, UTC),
``jump`` (True for a fix taken for a GPS jump and not used), ``file`` and ``name`` (of the track).

**checkins** (a table): one row per stop signed on a paper sheet, ``checkin_id`` (from the patrol,
place and time: the same line imported twice is one check-in), ``patrol_id``, ``place_id``,
``time`` (local ISO) and ``file``.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from patrol_map.workspace import Workspace

TRACKS, CHECKINS = "tracks", "checkins"
TRACK_COLUMNS = ("track_id", "patrol_id", "time", "jump", "file", "name")
CHECKIN_COLUMNS = ("checkin_id", "patrol_id", "place_id", "time", "file")


def stored_tracks(ws: Workspace) -> gpd.GeoDataFrame:
    """Return every stored fix (``time`` as UTC timestamps), or none."""
    if not ws.has(TRACKS):
        empty = {column: pd.Series(dtype="bool" if column == "jump" else "str") for column in TRACK_COLUMNS}
        frame = gpd.GeoDataFrame(empty, geometry=gpd.GeoSeries([], crs=ws.crs))
    else:
        frame = ws.read(TRACKS)
    frame["time"] = pd.to_datetime(frame["time"], utc=True, format="ISO8601")
    frame["jump"] = frame["jump"].astype(bool)
    return frame


def stored_checkins(ws: Workspace) -> pd.DataFrame:
    """Return every stored check-in, or none."""
    if not ws.has(CHECKINS):
        return pd.DataFrame({column: pd.Series(dtype="str") for column in CHECKIN_COLUMNS})
    return pd.DataFrame(ws.read(CHECKINS))[list(CHECKIN_COLUMNS)]


def recorded_patrol_ids(ws: Workspace) -> set[str]:
    """Return the ids of the patrols some track or check-in is stored for (reading no geometry)."""
    return {
        str(pid)
        for layer in (TRACKS, CHECKINS)
        if ws.has(layer)
        for pid in ws.read(layer, ["patrol_id"])["patrol_id"]
    }


def with_tracks(ws: Workspace, fixes: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return the tracks layer with ``fixes`` added, a track already stored replaced by its new fixes."""
    old = stored_tracks(ws)
    kept = old[~old["track_id"].isin(fixes["track_id"])]
    both = pd.concat([kept, fixes.to_crs(ws.crs)[[*TRACK_COLUMNS, "geometry"]]], ignore_index=True)
    layer = gpd.GeoDataFrame(both, geometry="geometry", crs=ws.crs)
    layer["time"] = layer["time"].map(lambda t: pd.Timestamp(t).isoformat())
    return layer


def with_checkins(ws: Workspace, checkins: pd.DataFrame) -> pd.DataFrame:
    """Return the checkins layer with ``checkins`` added; a check-in stored already is kept once."""
    old = stored_checkins(ws)
    kept = old[~old["checkin_id"].isin(checkins["checkin_id"])]
    return pd.concat([kept, checkins[list(CHECKIN_COLUMNS)]], ignore_index=True)
