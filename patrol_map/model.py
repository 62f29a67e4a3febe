"""The few domain types and fixed vocabularies shared by every layer."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from enum import StrEnum


class Force(StrEnum):
    """The force a person belongs to."""

    POLICE = "police"
    MILITIA = "militia"


#: Local time of every shift: Vietnam (UTC+7, no daylight saving time).
VIETNAM_TZ = timezone(timedelta(hours=7), "ICT")

#: Tolerance around the commune boundary, metres: the 2025 boundaries are accurate to about ±50 m.
BOUNDARY_TOLERANCE_M = 100.0

#: Weekday codes of availability columns, Monday first (``date.weekday()`` order).
WEEKDAY_CODES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

#: Incident categories: key -> (Vietnamese, English), in the order of tables and legends. Records
#: whose category text names none of them are ``other`` (their text is kept as written).
INCIDENT_CATEGORIES: dict[str, tuple[str, str]] = {
    "theft": ("Trộm cắp tài sản", "Theft of property"),
    "robbery": ("Cướp giật tài sản", "Robbery and snatching"),
    "fight": ("Đánh nhau, cố ý gây thương tích", "Fights and assault"),
    "gambling": ("Cờ bạc", "Gambling"),
    "drugs": ("Ma túy", "Drugs"),
    "public_order": ("Gây rối trật tự công cộng", "Public disorder"),
    "traffic": ("Tai nạn giao thông", "Traffic accident"),
    "other": ("Vi phạm khác", "Other offences"),
}
#: Category keys of earlier versions -> (the key they are now, the Vietnamese name they had). A stored
#: record of a retired key is read as the new key, its old name kept as its ``category_text``.
RETIRED_CATEGORIES: dict[str, tuple[str, str]] = {"burglary": ("theft", "Trộm đột nhập")}

#: Where an incident record came from: key -> (Vietnamese, English). Patrols record what they find
#: where they go; see :mod:`patrol_map.risk.feedback` for what that does to hotspots.
INCIDENT_SOURCES: dict[str, tuple[str, str]] = {
    "citizen": ("Người dân báo tin", "Citizen report"),
    "patrol": ("Tuần tra phát hiện", "Found by patrol"),
    "agency": ("Cơ quan khác chuyển đến", "Passed on by another agency"),
    "unknown": ("Không rõ nguồn", "Unknown source"),
}


@dataclass(frozen=True)
class PartOfDay:
    """A part of the day (buổi): its names and its hours, ``start`` included, ``end`` excluded.

    ``end <= start`` means the part runs past midnight (night: 22:00 to 05:59).
    """

    vi: str
    en: str
    start: int
    end: int

    @property
    def hours(self) -> int:
        """Length in hours: a profile compares parts per hour, since night is twice as long as evening."""
        return (self.end - self.start) % 24

    def holds(self, hour: int) -> bool:
        """Tell whether an hour of the day (0-23) falls in this part."""
        return (hour - self.start) % 24 < self.hours


#: Parts of the day, the bins of time-of-day profiles and the value of ``part_of_day``: key -> part.
#: They cover the 24 hours without overlap; an incident whose time and part are both unknown has ``""``.
PARTS_OF_DAY: dict[str, PartOfDay] = {
    "morning": PartOfDay("Sáng", "Morning", 6, 12),
    "afternoon": PartOfDay("Chiều", "Afternoon", 12, 18),
    "evening": PartOfDay("Tối", "Evening", 18, 22),
    "night": PartOfDay("Đêm", "Night", 22, 6),
}


def part_of_day(hhmm: str) -> str:
    """Return the key of :data:`PARTS_OF_DAY` a time of day falls in.

    Parameters
    ----------
    hhmm
        A local time ``HH:MM`` (24-hour clock), or ``""`` when the time is unknown.

    Returns
    -------
    str
        ``morning``, ``afternoon``, ``evening`` or ``night``; ``""`` for an empty time.

    Raises
    ------
    ValueError
        For a text that is no ``HH:MM`` time.

    """
    if not hhmm:
        return ""
    hour = datetime.strptime(hhmm, "%H:%M").hour
    return next(key for key, part in PARTS_OF_DAY.items() if part.holds(hour))


#: Road classes, OpenStreetMap ``highway`` values, with motorbike speeds in km/h.
MOTORBIKE_KMH: dict[str, float] = {
    "trunk": 50.0,
    "primary": 45.0,
    "secondary": 40.0,
    "tertiary": 35.0,
    "unclassified": 30.0,
    "residential": 25.0,
    "living_street": 15.0,
    "service": 15.0,
    "track": 15.0,
    "path": 10.0,
    "footway": 8.0,
    "pedestrian": 8.0,
    "cycleway": 15.0,
    "bridleway": 8.0,
}
#: Speed for a road class not listed above, km/h.
DEFAULT_MOTORBIKE_KMH = 20.0
#: Walking speed on any road, km/h.
FOOT_KMH = 4.5


@dataclass(frozen=True)
class Shift:
    """A patrol shift: a named time span, possibly past midnight."""

    name: str
    start: datetime
    end: datetime

    @property
    def shift_id(self) -> str:
        """Stable identifier, e.g. ``2026-11-23-evening``."""
        return f"{self.start.date().isoformat()}-{self.name}"

    @property
    def seconds(self) -> float:
        """Length of the shift in seconds."""
        return (self.end - self.start).total_seconds()


@dataclass(frozen=True)
class Team:
    """A joint team for one shift: person ids, the first of them the leader."""

    team_id: str
    shift_id: str
    members: tuple[str, ...]
    forces: tuple[Force, ...]

    @property
    def is_joint(self) -> bool:
        """True when the team holds at least one police officer and one militia member."""
        return Force.POLICE in self.forces and Force.MILITIA in self.forces


def team_number(team_id: str) -> int:
    """Return a team's number within its shift.

    Parameters
    ----------
    team_id
        A team id such as ``2026-11-23-evening-T2``.

    Returns
    -------
    int
        The number after the final ``T`` (2 here); 0 when there is none.

    """
    match = re.search(r"T(\d+)$", str(team_id))
    return int(match[1]) if match else 0
