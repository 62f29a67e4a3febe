"""Phone tracks made usable: GPS jumps marked, each track matched to the planned patrol it records."""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from datetime import timedelta
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from patrol_map.errors import InputFileError
from patrol_map.model import VIETNAM_TZ

#: Fastest a patrol moves, m/s (108 km/h): a fix that would need more from the last good one is a jump.
MAX_SPEED_MS = 30.0
#: A track passing this close (metres) to a planned stop counts for the patrol that planned it.
MATCH_RADIUS_M = 100.0
#: A track belongs to a shift when most of its fixes lie in it, or this close to it.
SHIFT_MARGIN = timedelta(minutes=30)


def mark_jumps(xy: np.ndarray, seconds: np.ndarray, max_speed: float = MAX_SPEED_MS) -> np.ndarray:
    """Return which fixes of one track (time order, metric coordinates) are GPS jumps.

    A fix is kept when it can be reached from the last kept fix at ``max_speed``; the first kept
    fix is the first from which the next one can be reached (a track may begin with a jump).
    Fixes at the same second as the last kept one are kept only when they are at the same place.

    Parameters
    ----------
    xy
        ``(n, 2)`` coordinates in metres.
    seconds
        ``n`` times in seconds, not decreasing.
    max_speed
        Metres per second.

    Returns
    -------
    numpy.ndarray
        ``n`` booleans, True for a jump.

    """
    n = len(xy)
    jump = np.zeros(n, dtype=bool)
    if n < 2:
        return jump

    def reachable(a: int, b: int) -> bool:
        distance = float(np.hypot(*(xy[b] - xy[a])))
        return distance <= max_speed * max(float(seconds[b] - seconds[a]), 0.0) + 1e-9

    # The first fix that reaches the next one, or the one after (the next may itself be a jump).
    start = next((i for i in range(n - 1) if reachable(i, i + 1) or (i + 2 < n and reachable(i, i + 2))), 0)
    jump[:start] = True
    last = start
    for i in range(start + 1, n):
        if reachable(last, i):
            last = i
        else:
            jump[i] = True
    return jump


def track_id(seconds: np.ndarray, lon: np.ndarray, lat: np.ndarray) -> str:
    """Return a track's id from its fixes: the same track, whatever file it comes in, has the same id.

    A file exported again (its metadata time changed) or a track copied into another file adds
    nothing when imported again.
    """
    text = ";".join(f"{t:.0f},{x:.6f},{y:.6f}" for t, x, y in zip(seconds, lon, lat, strict=True))
    return "G" + hashlib.sha1(text.encode()).hexdigest()[:12]


def match_track(
    times: pd.Series,
    xy: np.ndarray,
    patrols: pd.DataFrame,
    taken: Collection[str],
    chosen: str | None,
    path: Path,
    track: int,
) -> str:
    """Return the planned patrol a track records.

    Parameters
    ----------
    times
        The times (UTC) of the track's usable fixes.
    xy
        Their positions (metres, the plans' CRS).
    patrols
        Every stored patrol (``patrol_id``, ``names``, ``shift_start``, ``shift_end``, ``stop_xy``).
    taken
        Patrols that already have a track (of another file, or earlier in this one).
    chosen
        The patrol the user named (``--patrol``), if any.
    path, track
        The file and the track's number in it, for messages.

    Returns
    -------
    str
        The patrol's id: ``chosen`` when its shift holds the track; otherwise, among the teams of
        the shifts that hold the track, the one whose planned stops it passes most (within
        :data:`MATCH_RADIUS_M`), or, when that does not tell (a track that stayed at the base),
        the one such team that has no track yet.

    Raises
    ------
    InputFileError
        When the chosen patrol does not exist or its shift does not hold the track, when no
        planned shift holds the track (a track of another day), or when several teams of the shift
        could have made it (then ``--patrol`` is needed).

    """
    first, last = times.min(), times.max()
    span = f"{_local(first)}–{_local(last)}"
    holding = [pid for pid, row in patrols.set_index("patrol_id").iterrows() if _holds(row, times)]
    if chosen is not None:
        if chosen not in set(patrols["patrol_id"]):
            raise InputFileError(
                f"Không có lượt tuần tra '{chosen}' trong kế hoạch đã lưu.",
                f"There is no planned patrol '{chosen}'.",
                file=path,
                row=track,
            )
        if chosen not in holding:
            row = patrols.set_index("patrol_id").loc[chosen]
            raise InputFileError(
                f"Vết số {track} ghi lúc {span}, ngoài ca của lượt {chosen} ({row['shift_start']} – "
                f"{row['shift_end']}). Có phải vết của ngày khác?",
                f"Track {track} was recorded {span}, outside the shift of patrol {chosen} "
                f"({row['shift_start']} – {row['shift_end']}). Is it a track of another day?",
                file=path,
                row=track,
            )
        return chosen
    if not holding:
        raise InputFileError(
            f"Vết số {track} ghi lúc {span}, không trùng ca tuần tra nào trong kế hoạch. Có phải vết "
            "của ngày khác, hay tuần đó chưa lập kế hoạch?",
            f"Track {track} was recorded {span}, in no planned patrol's shift. Is it a track of another "
            "day, or was that week not planned?",
            file=path,
            row=track,
        )
    by_id = patrols.set_index("patrol_id")
    passed = {pid: _stops_passed(xy, by_id.loc[pid, "stop_xy"]) for pid in holding}
    best = max(passed.values())
    leaders = [pid for pid in holding if passed[pid] == best]
    if best > 0 and len(leaders) == 1:
        return leaders[0]
    free = [pid for pid in leaders if pid not in taken]
    if len(free) == 1:
        return free[0]
    teams = by_id.loc[leaders]
    listed = "; ".join(f"{pid} ({', '.join(row['names'])})" for pid, row in teams.iterrows())
    raise InputFileError(
        f"Vết số {track} ({span}) có thể là của nhiều tổ trong ca: {listed}. Hãy nhập lại với "
        "--patrol MÃ_LƯỢT.",
        f"Track {track} ({span}) may be any of several teams of the shift: {listed}. Import it again with "
        "--patrol PATROL_ID.",
        file=path,
        row=track,
    )


def _stops_passed(xy: np.ndarray, stops: list[list[float]]) -> int:
    """Return how many of a patrol's planned stops the track passes within :data:`MATCH_RADIUS_M`."""
    if not len(xy) or not len(stops):
        return 0
    points = np.asarray(stops, dtype=float)
    distance = np.hypot(xy[:, None, 0] - points[None, :, 0], xy[:, None, 1] - points[None, :, 1])
    return int((distance <= MATCH_RADIUS_M).any(axis=0).sum())


def _holds(patrol: pd.Series, times: pd.Series) -> bool:
    """Tell whether most of the times lie in the patrol's shift (give or take :data:`SHIFT_MARGIN`)."""
    start = pd.Timestamp(patrol["shift_start"]) - SHIFT_MARGIN
    end = pd.Timestamp(patrol["shift_end"]) + SHIFT_MARGIN
    inside = (times >= start) & (times <= end)
    return bool(inside.mean() > 0.5)


def _local(moment: pd.Timestamp) -> str:
    """Write a UTC time as Vietnam's local time, ``2026-11-23 19:05``."""
    return moment.tz_convert(VIETNAM_TZ).strftime("%Y-%m-%d %H:%M")


def epoch_seconds(times: pd.Series) -> np.ndarray:
    """Return timezone-aware times as seconds since 1970 (whatever their resolution: ms, us, ns)."""
    return (pd.to_datetime(times, utc=True) - pd.Timestamp(0, tz="UTC")).dt.total_seconds().to_numpy()


def usable_fixes(fixes: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return the fixes that are not jumps, in time order."""
    return fixes[~fixes["jump"].to_numpy()].sort_values("time", kind="stable")


def track_lines(fixes: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return each track of some fixes as a line in time order: ``patrol_id``, ``track_id``.

    Each phone's track is its own line: two phones of one patrol are not zigzagged together.
    """
    lines = [
        (str(group["patrol_id"].iloc[0]), str(tid), np.column_stack([group.geometry.x, group.geometry.y]))
        for tid, group in fixes.sort_values("time", kind="stable").groupby("track_id")
        if len(group) > 1
    ]
    return gpd.GeoDataFrame(
        {"patrol_id": [line[0] for line in lines], "track_id": [line[1] for line in lines]},
        geometry=[shapely.LineString(line[2]) for line in lines],
        crs=fixes.crs,
    )
