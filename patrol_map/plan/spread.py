"""Unpredictable patrols: a randomised choice of stops each week, and a score of how predictable a plan is.

A plan that always takes the riskiest places at the same hours is learnt by anyone watching. In
the spirit of security games, the planner instead plays a randomised strategy: each week every
place's risk in every shift is multiplied by a random factor before the circuits are chosen, so
that over the weeks a place is visited with a frequency that follows its risk rather than always
or never. The factor is ``exp(u · G)`` with ``G`` a standard Gumbel draw: at ``u = 1`` choosing
the largest perturbed risks is sampling places in proportion to their risk (the Gumbel-max trick,
Plackett–Luce sampling); at ``u = 0`` the plan is the plain risk-maximising one. Visits that repeat
one of the last weeks' (same place, same weekday, same shift) are also discounted by ``u``.

The predictability score of a plan compares it with the plans of the previous weeks: the share of
its stops that repeat a stop of an earlier week at the same place, weekday and shift, and the share
of its road length that was patrolled on the same weekday and shift before; the score is their mean,
from 0 (nothing repeats) to 1 (the same as before).
"""

from __future__ import annotations

import itertools
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd
import shapely

#: Default of the knob that trades risk covered for unpredictability (0: none, 1: full).
DEFAULT_UNPREDICTABILITY = 0.5
#: Weeks of earlier plans the score and the repeat discount look back on.
HISTORY_WEEKS = 4
#: Share of the risk kept, at ``u = 1``, for each earlier visit of the same place, weekday and shift.
REPEAT_DISCOUNT = 0.5
#: A plan whose predictability exceeds this is reported as predictable.
PREDICTABLE_ABOVE = 0.5
#: Coordinates are rounded to this many metres when road pieces are compared between weeks.
_ARC_GRID_M = 1.0

#: A visit as the score compares them: place id, weekday (Monday 0) and shift name.
Visit = tuple[str, int, str]


def perturb(
    risk: np.ndarray, unpredictability: float, rng: np.random.Generator, repeats: np.ndarray | None = None
) -> np.ndarray:
    """Return the risk a week's plan maximises: the true risk times a random factor.

    Parameters
    ----------
    risk
        Each place's risk in one shift (``>= 0``).
    unpredictability
        The knob ``u`` in ``[0, 1]``.
    rng
        Seeded randomness of this shift.
    repeats
        For each place, how many of the last weeks visited it on the same weekday and shift.

    Returns
    -------
    numpy.ndarray
        The perturbed risk, ``>= 0``, zero where ``risk`` is zero.

    """
    if not 0.0 <= unpredictability <= 1.0:
        msg = f"unpredictability must lie in [0, 1], not {unpredictability}"
        raise ValueError(msg)
    factor = np.exp(unpredictability * rng.gumbel(size=len(risk)))
    if repeats is not None:
        factor *= (1.0 - unpredictability * (1.0 - REPEAT_DISCOUNT)) ** np.asarray(repeats, dtype=float)
    return np.asarray(risk, dtype=float) * factor


def earlier_weeks(plans: pd.DataFrame | None, monday: date, weeks: int = HISTORY_WEEKS) -> pd.DataFrame:
    """Return the stored patrols of the ``weeks`` weeks before the week starting ``monday``, oldest first."""
    if plans is None or plans.empty:
        return pd.DataFrame(columns=["week", "shift_start", "shift_name", "stops"])
    first = monday - timedelta(weeks=weeks)
    starts = pd.to_datetime(plans["shift_start"].str.slice(0, 10)).dt.date
    return plans[(starts >= first) & (starts < monday)].sort_values("shift_start", kind="stable")


def visits(patrols: pd.DataFrame) -> Counter[Visit]:
    """Count the visits of a plan's patrols by place, weekday and shift name."""
    counter: Counter[Visit] = Counter()
    for start, name, stops in zip(
        patrols["shift_start"], patrols["shift_name"], patrols["stops"], strict=True
    ):
        weekday = date.fromisoformat(str(start)[:10]).weekday()
        counter.update((place, weekday, str(name)) for place in json.loads(stops))
    return counter


@dataclass(frozen=True)
class Predictability:
    """How much of a plan repeats the previous weeks (each share from 0 to 1)."""

    #: Share of the plan's stops made at a place, weekday and shift visited in an earlier week.
    repeated_stops: float
    #: Share of the plan's road length patrolled on the same weekday and shift in an earlier week.
    repeated_roads: float
    #: Number of earlier weeks compared with.
    weeks: int

    @property
    def score(self) -> float:
        """The mean of the two shares: 0 nothing repeats, 1 everything does."""
        return (self.repeated_stops + self.repeated_roads) / 2

    @property
    def is_predictable(self) -> bool:
        """True when the score exceeds :data:`PREDICTABLE_ABOVE`."""
        return self.score > PREDICTABLE_ABOVE


def predictability(patrols: pd.DataFrame, earlier: pd.DataFrame) -> Predictability:
    """Score a plan against the plans of earlier weeks.

    Parameters
    ----------
    patrols
        The plan's patrols (``shift_start``, ``shift_name``, ``stops`` as JSON, circuit geometry).
    earlier
        The patrols of the earlier weeks, as :func:`earlier_weeks` returns them.

    Returns
    -------
    Predictability
        Both shares are 0 when there is no earlier week.

    """
    n_weeks = int(earlier["week"].nunique()) if len(earlier) else 0
    if n_weeks == 0 or patrols.empty:
        return Predictability(0.0, 0.0, n_weeks)
    before = set(visits(earlier))
    now = visits(patrols)
    stops_total = sum(now.values())
    repeated = sum(n for visit, n in now.items() if visit in before)
    old_arcs = set(_arcs(earlier))
    lengths = [(arc in old_arcs, length) for arc, length in _arcs(patrols).items()]
    road_total = sum(length for _, length in lengths)
    return Predictability(
        repeated_stops=repeated / stops_total if stops_total else 0.0,
        repeated_roads=sum(length for seen, length in lengths if seen) / road_total if road_total else 0.0,
        weeks=n_weeks,
    )


def _arcs(patrols: pd.DataFrame) -> dict[tuple, float]:
    """Return each road piece patrolled, keyed by weekday, shift and its two ends, with its length."""
    arcs: dict[tuple, float] = {}
    for start, name, line in zip(
        patrols["shift_start"], patrols["shift_name"], patrols.geometry, strict=True
    ):
        weekday = date.fromisoformat(str(start)[:10]).weekday()
        for a, b in _pieces(line):
            key = (weekday, str(name), *sorted([a, b]))
            arcs[key] = float(np.hypot(a[0] - b[0], a[1] - b[1]))
    return arcs


def _pieces(line: shapely.LineString) -> Iterable[tuple[tuple[float, float], tuple[float, float]]]:
    coords = np.round(np.asarray(line.coords)[:, :2] / _ARC_GRID_M) * _ARC_GRID_M
    points = [tuple(map(float, c)) for c in coords]
    return ((a, b) for a, b in itertools.pairwise(points) if a != b)
