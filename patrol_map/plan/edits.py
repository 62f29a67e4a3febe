"""A commander's changes to a weekly plan, kept when the rest of the week is planned again.

Four kinds of change, all by id so that they survive a re-plan:

- lock a team: its members stay as they are (and, with its stops, its circuit's places);
- move a person from one team to another: both teams' members are then fixed;
- add a stop to a team, or lock one of its stops: that team must visit the place;
- remove a stop: the place is not visited in that shift.

The planner re-plans everything else around them and re-checks every rule; an edit that breaks a
rule is refused with a message saying which.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import pandas as pd

from patrol_map.errors import PlanningError

_KINDS = ("members", "stops", "removed")


@dataclass(frozen=True)
class Edits:
    """The fixed parts of a weekly plan.

    Parameters
    ----------
    members
        Team id -> its members, leader first, kept as they are.
    stops
        Team id -> place ids the team must visit in its shift.
    removed
        Shift id -> place ids no team visits in that shift.

    """

    members: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    stops: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    removed: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.members or self.stops or self.removed)

    def to_dict(self) -> dict[str, dict[str, list[str]]]:
        """Return the edits as plain dicts of lists, as the plan store keeps them."""
        return {k: {key: list(v) for key, v in getattr(self, k).items()} for k in _KINDS}

    @classmethod
    def from_dict(cls, data: Mapping[str, Mapping[str, list[str]]]) -> Edits:
        """Read edits written by :meth:`to_dict` (an empty mapping gives no edits).

        Raises
        ------
        ValueError
            When ``data`` is not of that shape.

        """
        if not isinstance(data, Mapping) or not all(isinstance(data.get(k, {}), Mapping) for k in _KINDS):
            msg = f"edits must map {', '.join(_KINDS)} to ids and lists of ids"
            raise ValueError(msg)
        parts = {k: {str(key): tuple(map(str, v)) for key, v in data.get(k, {}).items()} for k in _KINDS}
        return cls(**parts)

    def lock_team(self, patrols: pd.DataFrame, team_id: str) -> Edits:
        """Keep a team's members and stops as the plan has them."""
        row = _team_row(patrols, team_id)
        return replace(
            self,
            members={**self.members, team_id: tuple(row["members"])},
            stops={**self.stops, team_id: tuple(row["stops"])},
        )

    def unlock_team(self, team_id: str) -> Edits:
        """Let the planner choose a team's members and stops again."""
        return replace(
            self,
            members={k: v for k, v in self.members.items() if k != team_id},
            stops={k: v for k, v in self.stops.items() if k != team_id},
        )

    def move_person(self, patrols: pd.DataFrame, person_id: str, team_id: str) -> Edits:
        """Move a person into ``team_id``; the target's members are then fixed.

        The team the person leaves is re-formed by the planner, unless it is locked, in which
        case it keeps its other members.

        Raises
        ------
        PlanningError
            If the team does not exist or already has the person.

        """
        target = _team_row(patrols, team_id)
        members = {**self.members}
        # A locked team of the same shift lets the person go; an unlocked one is simply re-formed.
        for other in patrols.loc[patrols["shift_id"] == target["shift_id"], "team_id"]:
            if other != team_id and person_id in members.get(other, ()):
                members[other] = tuple(p for p in members[other] if p != person_id)
        into = list(members.get(team_id, target["members"]))
        if person_id in into:
            raise PlanningError(
                f"'{person_id}' đã ở trong tổ {team_id}.", f"'{person_id}' is already in team {team_id}."
            )
        members[team_id] = (*into, person_id)
        return replace(self, members=members)

    def add_stop(self, patrols: pd.DataFrame, team_id: str, place_id: str) -> Edits:
        """Make a team visit a place in its shift (also how a planned stop is locked)."""
        row = _team_row(patrols, team_id)
        removed = {**self.removed}
        removed[row["shift_id"]] = tuple(p for p in removed.get(row["shift_id"], ()) if p != place_id)
        stops = {
            k: tuple(p for p in v if p != place_id) if _shift_of(patrols, k) == row["shift_id"] else v
            for k, v in self.stops.items()
        }
        stops[team_id] = (*stops.get(team_id, ()), place_id)
        return replace(self, stops=stops, removed={k: v for k, v in removed.items() if v})

    def drop_added_stop(self, team_id: str, place_id: str) -> Edits:
        """Take back a stop added to (or locked for) a team: the planner may then visit it or not."""
        stops = {**self.stops, team_id: tuple(p for p in self.stops.get(team_id, ()) if p != place_id)}
        return replace(self, stops={k: v for k, v in stops.items() if v})

    def remove_stop(self, patrols: pd.DataFrame, shift_id: str, place_id: str) -> Edits:
        """Keep every team of a shift away from a place."""
        if not (patrols["shift_id"] == shift_id).any():
            raise PlanningError(f"Kế hoạch không có ca {shift_id}.", f"The plan has no shift {shift_id}.")
        stops = {
            k: tuple(p for p in v if p != place_id) if _shift_of(patrols, k) == shift_id else v
            for k, v in self.stops.items()
        }
        removed = {**self.removed, shift_id: (*self.removed.get(shift_id, ()), place_id)}
        return replace(self, stops={k: v for k, v in stops.items() if v}, removed=removed)


def _team_row(patrols: pd.DataFrame, team_id: str) -> pd.Series:
    rows = patrols[patrols["team_id"] == team_id]
    if rows.empty:
        raise PlanningError(f"Kế hoạch không có tổ {team_id}.", f"The plan has no team {team_id}.")
    return rows.iloc[0]


def _shift_of(patrols: pd.DataFrame, team_id: str) -> str:
    return str(_team_row(patrols, team_id)["shift_id"])
