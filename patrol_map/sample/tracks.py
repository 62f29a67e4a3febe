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

    It rides along the planned circuit (its roads), standing at each stop's road point for the
    planned minutes, ``late_min`` minutes behind the plan from the first stop; the stops in ``skip``
    are passed without stopping.
    """
    route = patrol.geometry
    vertices = np.asarray(route.coords)
    along = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(vertices, axis=0).T))])
    stop_s = float(patrol["stop_minutes"]) * 60
    # (time, distance along the circuit): where the team is when; it only ever moves forward.
    legs = [(datetime.fromisoformat(patrol["depart_time"]), 0.0)]
    for k, (when, xy) in enumerate(zip(patrol["stop_times"], patrol["stop_xy"], strict=True)):
        if k in skip:
            continue
        at = _next_pass(vertices, along, legs[-1][1], xy)
        # It rides at 12 m/s and waits where it is before setting off, so a stop it skips is passed
        # at speed, not lingered at.
        reach = timedelta(seconds=(at - legs[-1][1]) / 12.0)
        arrive = max(datetime.fromisoformat(when) + timedelta(minutes=late_min), legs[-1][0] + reach)
        legs += [(arrive - reach, legs[-1][1]), (arrive, at), (arrive + timedelta(seconds=stop_s), at)]
    legs.append((legs[-1][0] + timedelta(seconds=(route.length - legs[-1][1]) / 8.0 + 60), route.length))
    fixes = []
    for (t0, d0), (t1, d1) in itertools.pairwise(legs):
        if t1 <= t0:  # no wait before setting off: no fix of its own (two fixes at one time)
            continue
        steps = max(int((t1 - t0).total_seconds() // FIX_S), 1)
        for i in range(steps):
            point = route.interpolate(d0 + (d1 - d0) * i / steps)
            fixes.append((t0 + (t1 - t0) * (i / steps), point.x, point.y))
    end = route.interpolate(legs[-1][1])
    fixes.append((legs[-1][0], end.x, end.y))
    return [(t.astimezone(UTC), x, y) for t, x, y in fixes]


def _next_pass(vertices: np.ndarray, along: np.ndarray, after: float, xy: list[float]) -> float:
    """Return how far along the circuit it next passes the stop ``xy`` (a vertex of it), from ``after`` on.

    The circuit passes some road nodes twice (out and back); the stop is the next pass, not the nearest
    one (plan coordinates are rounded to 0.1 m, so a later pass may look a hair nearer).
    """
    near = np.hypot(vertices[:, 0] - xy[0], vertices[:, 1] - xy[1]) < 1.0
    ahead = np.flatnonzero(near & (along >= after))
    return float(along[ahead[0]]) if ahead.size else after


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
