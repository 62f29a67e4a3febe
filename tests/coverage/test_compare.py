"""Deciding a stop visited from a track's fixes: a stay, not passes added up."""

from __future__ import annotations

import numpy as np

from patrol_map.coverage.compare import _gps_visit

STOP = np.array([0.0, 0.0])


def fixes(*runs: tuple[float, float, float]) -> tuple[np.ndarray, np.ndarray]:
    """Fixes every 30 s: (from second, to second, metres from the stop) for each run."""
    xy, seconds = [], []
    for start, end, far in runs:
        for t in np.arange(start, end + 1, 30.0):
            xy.append((far, 0.0))
            seconds.append(t)
    return np.array(xy), np.array(seconds)


def test_a_drive_by_then_a_stay_begins_at_the_stay() -> None:
    xy, seconds = fixes((0, 60, 20), (90, 5340, 2000), (5400, 5760, 30))  # 6 minutes at 90 minutes
    assert _gps_visit(xy, seconds, STOP, 300) == 5400


def test_two_short_passes_are_no_visit() -> None:
    xy, seconds = fixes((0, 180, 20), (210, 3570, 2000), (3600, 3780, 20))  # 3 minutes twice
    assert _gps_visit(xy, seconds, STOP, 300) is None


def test_a_long_gap_in_the_signal_ends_the_stay() -> None:
    xy = np.array([[0.0, 0.0], [10.0, 0.0], [5.0, 0.0]])
    assert _gps_visit(xy, np.array([0.0, 240.0, 240.0 + 3600]), STOP, 300) is None  # 4 min, then 1 h gap
    assert _gps_visit(xy, np.array([0.0, 240.0, 480.0]), STOP, 300) == 0.0
