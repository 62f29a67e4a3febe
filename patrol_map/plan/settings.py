"""The options a week is planned with: their defaults, what a stored plan kept, what the user gives.

The command line, the app and a re-plan after an edit all start from :meth:`PlanSettings.for_week`:
the stored plan's options (so an edit re-plans with the settings it was made with), each one the
user gives replacing its stored value, the defaults for the rest.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace
from datetime import time
from typing import Any

from patrol_map.errors import PatrolMapError, WorkspaceError
from patrol_map.plan.shifts import DEFAULT_SHIFTS, ShiftTemplate, shift_times
from patrol_map.plan.spread import DEFAULT_UNPREDICTABILITY

#: Stop length at each place, minutes (hotspot policing: 10–15 minutes, Koper 1995).
DEFAULT_STOP_MINUTES = 12.0


@dataclass(frozen=True)
class PlanSettings:
    """How a week is planned (the options of :func:`patrol_map.plan.schedule.plan_week`).

    Attributes
    ----------
    seed
        The same inputs and seed give the same plan.
    shifts
        Shift names to plan (``morning``, ``evening``, ``night``); ``None`` for all.
    teams_per_shift
        Teams in each shift.
    team_size
        The least and most people in a team.
    stop_minutes
        Length of each stop, minutes.
    mode
        ``moto`` (motorbike) or ``foot``.
    unpredictability
        From 0 (always the riskiest places) to 1 (places drawn in proportion to their risk).
    carry_missed
        Give the places the previous week's records show missed more weight this week
        (:data:`patrol_map.plan.circuits.MISSED_WEIGHT`).
    shift_times
        When each shift starts and how long it lasts (:func:`patrol_map.plan.shifts.shift_times`).

    """

    seed: int = 0
    shifts: tuple[str, ...] | None = None
    teams_per_shift: int = 2
    team_size: tuple[int, int] = (3, 5)
    stop_minutes: float = DEFAULT_STOP_MINUTES
    mode: str = "moto"
    unpredictability: float = DEFAULT_UNPREDICTABILITY
    carry_missed: bool = True
    shift_times: tuple[ShiftTemplate, ...] = DEFAULT_SHIFTS

    @classmethod
    def from_stored(cls, data: Mapping[str, Any]) -> PlanSettings:
        """Read the settings a stored plan kept (:meth:`to_stored`); missing ones take their defaults.

        Raises
        ------
        WorkspaceError
            When a stored value cannot be read.

        """
        known = {f.name for f in fields(cls)}
        try:
            values = {k: v for k, v in data.items() if k in known and v is not None}
            if "shifts" in values:
                values["shifts"] = tuple(str(s) for s in values["shifts"])
            if "team_size" in values:
                size = values["team_size"]
                values["team_size"] = (
                    (int(size), int(size)) if isinstance(size, int) else tuple(map(int, size))
                )
            if "shift_times" in values:
                values["shift_times"] = shift_times(
                    [
                        (str(name), time.fromisoformat(start), float(hours))
                        for name, start, hours in values["shift_times"]
                    ]
                )
            return cls(**values)
        except (TypeError, ValueError, PatrolMapError) as exc:
            raise WorkspaceError(
                f"Không đọc được các tùy chọn đã lưu của kế hoạch ({exc}).",
                f"The stored options of the plan cannot be read ({exc}).",
            ) from exc

    def to_stored(self) -> dict[str, Any]:
        """Return the settings as plain values, for storing with the plan."""
        stored = asdict(self)
        stored["shifts"] = list(self.shifts) if self.shifts is not None else None
        stored["team_size"] = list(self.team_size)
        stored["shift_times"] = [[t.name, f"{t.start:%H:%M}", t.hours] for t in self.shift_times]
        return stored

    def given(self, **options: Any) -> PlanSettings:
        """Return these settings with each option the user gave (not ``None``) put in.

        ``team_size`` may be one number (both least and most) or a pair; ``shifts`` any sequence.
        """
        chosen = {k: v for k, v in options.items() if v is not None}
        if "team_size" in chosen and isinstance(chosen["team_size"], int):
            chosen["team_size"] = (chosen["team_size"], chosen["team_size"])
        if "team_size" in chosen:
            chosen["team_size"] = tuple(chosen["team_size"])
        if "shifts" in chosen:
            chosen["shifts"] = tuple(chosen["shifts"])
        return replace(self, **chosen)

    @classmethod
    def for_week(cls, stored: PlanSettings | None, **options: Any) -> PlanSettings:
        """Return the settings to plan a week with: the stored ones (or the defaults) and the given."""
        return (stored or cls()).given(**options)
