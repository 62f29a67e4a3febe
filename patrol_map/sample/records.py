"""A synthetic week of what the sample's patrols did: phone tracks for most, paper sheets for some.

For the demonstration only: these files record nothing that happened. They are written from a
stored plan, as a commune would bring them to the weekly meeting, and imported through the same
commands a user runs, so the coverage page of ``make demo`` has something to show.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from patrol_map.sample.output import write_csv
from patrol_map.sample.tracks import follow, noisy, write_gpx

#: Shares of the patrols recorded by a phone track and by a paper sheet; the rest bring no record.
TRACK_SHARE, SHEET_SHARE = 0.6, 0.25
#: Chance that a team leaves out a stop, and that a tracked team starts late.
SKIP_CHANCE, LATE_CHANCE = 0.1, 0.15
#: How late a late team is, in minutes (more than the 15 that count as late).
LATE_MIN = 25.0


def write_week_records(patrols: pd.DataFrame, crs: str, out_dir: Path, seed: int = 0) -> dict[str, Path]:
    """Write one GPX file of phone tracks and one check-in sheet for a planned week.

    Parameters
    ----------
    patrols
        The week's stored patrols (:func:`patrol_map.plan.store.load_plan`), in ``crs``.
    crs
        The workspace CRS the patrols' coordinates are in.
    out_dir
        Where the two files go.
    seed
        Seed of the draws: which patrols carry a phone, sign a sheet or bring nothing, which stops
        they leave out, who is late, the GPS noise.

    Returns
    -------
    dict
        ``tracks`` (a GPX file, one track per tracked patrol, none naming its patrol) and
        ``checkins`` (a CSV sheet: ``patrol_id``, ``place`` by name, ``time`` as HH:MM,
        ``is_synthetic``).

    """
    rng = np.random.default_rng(seed)
    tracks, lines = [], []
    for _, patrol in patrols.iterrows():
        kind = rng.random()
        skipped = tuple(k for k in range(len(patrol["stops"])) if rng.random() < SKIP_CHANCE)
        if kind < TRACK_SHARE:
            late = LATE_MIN if rng.random() < LATE_CHANCE else 0.0
            tracks.append(noisy(follow(patrol, late_min=late, skip=skipped), rng))
        elif kind < TRACK_SHARE + SHEET_SHARE:
            lines += [
                {"patrol_id": patrol["patrol_id"], "place": name, "time": when[11:16], "is_synthetic": "true"}
                for k, (name, when) in enumerate(zip(patrol["stop_names"], patrol["stop_times"], strict=True))
                if k not in skipped
            ]
    out_dir.mkdir(parents=True, exist_ok=True)
    return {
        "tracks": write_gpx(out_dir / "synthetic_tracks.gpx", tracks, crs, name="Tuần tra (tổng hợp)"),
        "checkins": write_csv(pd.DataFrame(lines), out_dir / "synthetic_checkins.csv"),
    }
