"""Unpredictable patrols: a randomised choice of stops each week, and a score of how predictable a plan is.

A plan that always takes the riskiest places at the same hours is learnt by anyone watching. In
the spirit of security games, the planner instead plays a randomised strategy: each week every
place's risk in every shift is multiplied by a random factor before the circuits are chosen, so
that over the weeks a place is visited with a frequency that follows its risk rather than always
or never. The factor is ``exp(u · G)`` with ``G`` a standard Gumbel draw: at ``u = 1`` choosing
the largest perturbed risks is sampling places in proportion to their risk (the Gumbel-max trick,
Plackett–Luce sampling); at ``u = 0`` the plan is the plain risk-maximising one. Visits that repeat
one of the last weeks' (same place, same weekday, same shift) are also discounted by ``u``.

Where the teams could reach every place anyway, choosing by perturbed risk changes nothing, so
each place also takes part in a shift only with probability ``1 - u + u · min(1, risk / r90)``
(``r90`` the shift's 90th percentile of positive risk): at ``u = 1`` a place of half that risk is
offered one week in two, the riskiest always. Each circuit's direction and departure from the base
are drawn too (:func:`patrol_map.plan.routes.plan_circuits`), so the same stops are not met in the
same order at the same hour.

The predictability score of a plan compares it with the plans of the previous weeks: the share of
its stops that repeat a stop of an earlier week at the same place, weekday and shift, beginning
within :data:`REPEAT_MINUTES` of it, and the share of its road length that was patrolled on the
same weekday and shift before at about the same time (each piece's time taken at an even pace from
the team's departure); the score is their mean, from 0 (nothing repeats) to 1 (the same
as before).
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Sequence
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
#: A plan whose predictability exceeds this is reported as predictable. On the sample commune
#: (``bench/knob.py``: four weeks, evening and night) the score of the last week is 0.74 at
#: ``u = 0`` (the same riskiest plan each week), 0.58 at 0.5 and 0.50 at 1: even plans drawn at
#: random meet some stops and roads of three earlier weeks at about the same time.
PREDICTABLE_ABOVE = 0.7
#: Two stops at the same place, weekday and shift this close in time (minutes) are the same visit.
REPEAT_MINUTES = 30.0
#: Quantile of a shift's positive risks that a place needs to be offered every week at ``u = 1``.
ALWAYS_OFFERED_QUANTILE = 0.9
#: Coordinates are rounded to this many metres when road pieces are compared between weeks.
_ARC_GRID_M = 1.0

#: A visit as the score compares them: place id, weekday (Monday 0) and shift name.
Visit = tuple[str, int, str]


def perturb(
    risk: np.ndarray,
    unpredictability: float,
    rng: np.random.Generator,
    repeats: np.ndarray | Sequence[int] | None = None,
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


def offered(
    risk: np.ndarray, unpredictability: float, rng: np.random.Generator, at_least: int = 0
) -> np.ndarray:
    """Draw which places take part in a shift's plan this week.

    Parameters
    ----------
    risk
        Each place's risk in one shift (``>= 0``).
    unpredictability
        The knob ``u`` in ``[0, 1]``.
    rng
        Seeded randomness of this shift.
    at_least
        Fewest places of positive risk to offer (the number of teams, so that no team is left
        without a place to go): when the draw offers fewer, the riskiest others are added.

    Returns
    -------
    numpy.ndarray
        A boolean mask: place ``i`` is offered with probability
        ``1 - u + u · min(1, risk_i / r)``, ``r`` the :data:`ALWAYS_OFFERED_QUANTILE` of the
        positive risks; every place at ``u = 0``.

    """
    risk = np.asarray(risk, dtype=float)
    draws = rng.random(len(risk))  # drawn whatever u is, so one seed gives the same later draws
    positive = risk[risk > 0]
    if unpredictability == 0 or positive.size == 0:
        return np.ones(len(risk), dtype=bool)
    share = np.minimum(1.0, risk / np.quantile(positive, ALWAYS_OFFERED_QUANTILE))
    mask = draws < 1.0 - unpredictability + unpredictability * share
    missing = min(at_least, positive.size) - int(np.count_nonzero(mask & (risk > 0)))
    if missing > 0:
        others = np.flatnonzero(~mask & (risk > 0))
        mask[others[np.argsort(-risk[others], kind="stable")[:missing]]] = True
    return mask


def earlier_weeks(plans: pd.DataFrame | None, monday: date, weeks: int = HISTORY_WEEKS) -> pd.DataFrame:
    """Return the stored patrols of the ``weeks`` weeks before the week starting ``monday``, oldest first."""
    if plans is None or plans.empty:
        return pd.DataFrame(columns=["week", "shift_start", "shift_name", "members", "stops", "stop_times"])
    first = monday - timedelta(weeks=weeks)
    starts = pd.to_datetime(plans["shift_start"].str.slice(0, 10)).dt.date
    return plans[(starts >= first) & (starts < monday)].sort_values("shift_start", kind="stable")


def visits(patrols: pd.DataFrame) -> Counter[Visit]:
    """Count the visits of a plan's patrols by place, weekday and shift name."""
    return Counter(visit for visit, _ in _timed_visits(patrols))


def _timed_visits(patrols: pd.DataFrame) -> Iterable[tuple[Visit, float]]:
    """Yield each stop of the patrols as its visit and the minute of the day it begins."""
    for start, name, stops, times in zip(
        patrols["shift_start"], patrols["shift_name"], patrols["stops"], patrols["stop_times"], strict=True
    ):
        weekday = date.fromisoformat(str(start)[:10]).weekday()
        for place, begins in zip(stops, times, strict=True):
            yield (place, weekday, str(name)), _minute_of_day(begins)


def _repeats(key: tuple, minute: float, before: dict[tuple, list[float]]) -> bool:
    """Return True if an earlier week made the visit or pass ``key`` within REPEAT_MINUTES of ``minute``."""
    for earlier in before.get(key, ()):
        gap = abs(minute - earlier) % (24 * 60)
        if min(gap, 24 * 60 - gap) <= REPEAT_MINUTES:
            return True
    return False


@dataclass(frozen=True)
class Predictability:
    """How much of a plan repeats the previous weeks (each share from 0 to 1)."""

    #: Share of the plan's stops made at a place, weekday and shift visited in an earlier week, at
    #: about the same time (within :data:`REPEAT_MINUTES`).
    repeated_stops: float
    #: Share of the plan's road length patrolled on the same weekday and shift in an earlier week, at
    #: about the same time (within :data:`REPEAT_MINUTES`).
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
        The plan's patrols (``shift_start``, ``shift_name``, ``stops`` and ``stop_times`` as JSON,
        circuit geometry).
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
    before: dict[Visit, list[float]] = {}
    for visit, minute in _timed_visits(earlier):
        before.setdefault(visit, []).append(minute)
    now = list(_timed_visits(patrols))
    stops_total = len(now)
    repeated = sum(_repeats(visit, minute, before) for visit, minute in now)
    old_passes: dict[tuple, list[float]] = {}
    for arc, _, minute in _timed_arcs(earlier):
        old_passes.setdefault(arc, []).append(minute)
    lengths = [(_repeats(arc, minute, old_passes), length) for arc, length, minute in _timed_arcs(patrols)]
    road_total = sum(length for _, length in lengths)
    return Predictability(
        repeated_stops=repeated / stops_total if stops_total else 0.0,
        repeated_roads=sum(length for seen, length in lengths if seen) / road_total if road_total else 0.0,
        weeks=n_weeks,
    )


def _timed_arcs(patrols: pd.DataFrame) -> list[tuple[tuple, float, float]]:
    """Return each pass over a road piece: its key (weekday, shift, both ends), length and minute.

    The minute of the day a piece is passed assumes an even pace from the team's departure over the
    circuit's duration.
    """
    passes: list[tuple[tuple, float, float]] = []
    for start, name, line, depart, duration in zip(
        patrols["shift_start"],
        patrols["shift_name"],
        patrols.geometry,
        patrols["depart_time"],
        patrols["duration_s"],
        strict=True,
    ):
        weekday = date.fromisoformat(str(start)[:10]).weekday()
        pieces = list(_pieces(line))
        lengths = np.array([np.hypot(a[0] - b[0], a[1] - b[1]) for a, b in pieces])
        along = (np.cumsum(lengths) - lengths / 2) / lengths.sum() if lengths.sum() > 0 else lengths
        minutes = _minute_of_day(depart) + along * float(duration) / 60
        passes += [
            ((weekday, str(name), *sorted([a, b])), float(length), float(minute))
            for (a, b), length, minute in zip(pieces, lengths, minutes, strict=True)
        ]
    return passes


def _minute_of_day(moment: str) -> int:
    """Return the minute of the day of a stored local ISO time (``2026-11-23T19:05+07:00``)."""
    return int(moment[11:13]) * 60 + int(moment[14:16])


def _pieces(line: shapely.LineString) -> Iterable[tuple[tuple[float, float], tuple[float, float]]]:
    coords = np.round(np.asarray(line.coords)[:, :2] / _ARC_GRID_M) * _ARC_GRID_M
    points = [(float(x), float(y)) for x, y in coords]
    return ((a, b) for a, b in itertools.pairwise(points) if a != b)
