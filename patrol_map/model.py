"""The few domain types and fixed vocabularies shared by every layer."""

from __future__ import annotations

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

#: Incident categories of the first version: key -> (Vietnamese, English).
INCIDENT_CATEGORIES: dict[str, tuple[str, str]] = {
    "theft": ("Trộm cắp tài sản", "Theft"),
    "burglary": ("Trộm đột nhập", "Burglary"),
    "gambling": ("Cờ bạc", "Gambling"),
    "drugs": ("Ma túy", "Drugs"),
    "fight": ("Đánh nhau", "Fight"),
    "public_order": ("Gây rối trật tự công cộng", "Public disorder"),
    "traffic": ("Trật tự an toàn giao thông", "Traffic"),
}

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
