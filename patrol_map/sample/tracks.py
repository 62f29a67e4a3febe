"""Synthetic phone tracks: a team following (or not) a planned patrol, written as GPX.

For tests, benchmarks and demonstrations only: a track made here is not a record of anything.
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
from pyproj import Transformer

#: Seconds between two fixes (GPS Logger's default).
FIX_S = 30.0


def follow(
    patrol: pd.Series, *, late_min: float = 0.0, skip: tuple[int, ...] = ()
) -> list[tuple[datetime, float, float]]:
    """Return fixes (UTC time, x, y in the workspace CRS) of a team doing ``patrol`` as planned.

    It stands at each stop's road point for the planned minutes, moving in straight lines between,
    ``late_min`` minutes behind the plan from the first stop; the stops in ``skip`` are left out.
    """
    stop_s = float(patrol["stop_minutes"]) * 60
    start = datetime.fromisoformat(patrol["depart_time"])
    base = patrol.geometry.coords[0]
    legs = [(start, base)]
    for k, (when, xy) in enumerate(zip(patrol["stop_times"], patrol["stop_xy"], strict=True)):
        if k in skip:
            continue
        # Never faster than 12 m/s from the last place (plan times are on roads, these lines straight).
        reach = float(np.hypot(xy[0] - legs[-1][1][0], xy[1] - legs[-1][1][1])) / 12.0
        arrive = max(
            datetime.fromisoformat(when) + timedelta(minutes=late_min), legs[-1][0] + timedelta(seconds=reach)
        )
        legs += [(arrive, tuple(xy)), (arrive + timedelta(seconds=stop_s), tuple(xy))]
    home = float(np.hypot(legs[-1][1][0] - base[0], legs[-1][1][1] - base[1]))
    legs.append((legs[-1][0] + timedelta(seconds=home / 8.0 + 60), base))  # back at 8 m/s
    fixes = []
    for (t0, a), (t1, b) in itertools.pairwise(legs):
        steps = max(int((t1 - t0).total_seconds() // FIX_S), 1)
        for i in range(steps):
            f = i / steps
            fixes.append((t0 + (t1 - t0) * f, a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f))
    fixes.append((legs[-1][0], *legs[-1][1]))
    return [(t.astimezone(UTC), x, y) for t, x, y in fixes]


def noisy(fixes: list, rng: np.random.Generator, sigma_m: float = 8.0, jumps: int = 3) -> list:
    """Add GPS noise (``sigma_m`` metres) and a few jumps of 1-3 km to single fixes."""
    out = [(t, x + rng.normal(0, sigma_m), y + rng.normal(0, sigma_m)) for t, x, y in fixes]
    for index in rng.choice(np.arange(1, len(out) - 1), size=jumps, replace=False):
        t, x, y = out[index]
        angle, far = rng.uniform(0, 2 * np.pi), rng.uniform(1000, 3000)
        out[index] = (t, x + far * np.cos(angle), y + far * np.sin(angle))
    return out


def write_gpx(path: Path, tracks: list[list], crs: str, name: str = "Tuần tra") -> Path:
    """Write fixes (UTC time, x, y in ``crs``) as a GPX 1.1 file, one ``<trk>`` per list."""
    to_lonlat = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    parts = []
    for k, fixes in enumerate(tracks):
        points = "".join(
            f'<trkpt lat="{lat:.7f}" lon="{lon:.7f}"><time>{t:%Y-%m-%dT%H:%M:%SZ}</time></trkpt>\n'
            for t, (lon, lat) in ((t, to_lonlat.transform(x, y)) for t, x, y in fixes)
        )
        parts.append(f"<trk><name>{name} {k + 1}</name><trkseg>\n{points}</trkseg></trk>\n")
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="GPSLogger" '
        f'xmlns="http://www.topografix.com/GPX/1/1">\n{"".join(parts)}</gpx>\n',
        encoding="utf-8",
    )
    return path
