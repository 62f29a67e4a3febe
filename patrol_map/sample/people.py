"""The commune's patrol roster: 15 commune police officers and 40 militia members.

Availability is fixed by construction so that every weekday has at least 11 police
officers and 22 militia members available; names and days off are random.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from patrol_map.model import WEEKDAY_CODES
from patrol_map.sample.names import GIVEN_NAMES, MIDDLE_NAMES, SURNAMES

#: Police ranks, highest first, one entry per officer.
POLICE_RANKS = (
    ("Đại úy",)
    + ("Thượng úy",) * 2
    + ("Trung úy",) * 4
    + ("Thiếu úy",) * 3
    + ("Thượng sĩ",) * 3
    + ("Trung sĩ",) * 2
)
#: Militia positions, one entry per member.
MILITIA_RANKS = (
    ("Thôn đội trưởng",) * 8
    + ("Tiểu đội trưởng",) * 6
    + ("Dân quân thường trực",) * 8
    + ("Chiến sĩ dân quân",) * 18
)
#: Availability patterns (days available) of the police: 11 every day, 4 on 5–6 days.
_POLICE_DAYS = (7,) * 11 + (6, 6, 5, 5)
#: Of the militia not on standing duty: 14 every day, 12 on 5–6 days, 6 with day jobs.
_MILITIA_DAYS = (7,) * 14 + (6,) * 6 + (5,) * 6 + (4,) * 3 + (3,) * 3
#: Share of women among police and militia.
_WOMEN = {"police": 0.15, "militia": 0.1}


def build_people(rng: np.random.Generator) -> pd.DataFrame:
    """Draw the roster.

    Parameters
    ----------
    rng
        Random generator.

    Returns
    -------
    pandas.DataFrame
        Columns ``person_id, name, force, rank, phone, availability, is_synthetic``; phone
        numbers are ``0900`` followed by six digits, all distinct.

    """
    standing = [rank == "Dân quân thường trực" for rank in MILITIA_RANKS]
    militia_days = iter(rng.permutation(_MILITIA_DAYS))
    days = [*rng.permutation(_POLICE_DAYS), *(7 if s else next(militia_days) for s in standing)]
    forces = ["police"] * len(POLICE_RANKS) + ["militia"] * len(MILITIA_RANKS)
    ids = [f"CA{i:02d}" for i in range(1, len(POLICE_RANKS) + 1)]
    ids += [f"DQ{i:02d}" for i in range(1, len(MILITIA_RANKS) + 1)]
    phones = rng.choice(1_000_000, len(forces), replace=False)
    return pd.DataFrame(
        {
            "person_id": ids,
            "name": _full_names(forces, rng),
            "force": forces,
            "rank": [*POLICE_RANKS, *MILITIA_RANKS],
            "phone": [f"0900{number:06d}" for number in phones],
            "availability": [_availability(int(count), rng) for count in days],
            "is_synthetic": "true",
        }
    )


def _full_names(forces: list[str], rng: np.random.Generator) -> list[str]:
    """Draw distinct ``Họ Đệm Tên`` names, a few of them women's."""
    surnames = list(SURNAMES)
    weights = np.array(list(SURNAMES.values()), dtype=float)
    names: list[str] = []
    for force in forces:
        sex = "f" if rng.random() < _WOMEN[force] else "m"
        while True:
            name = " ".join(
                (
                    surnames[rng.choice(len(surnames), p=weights / weights.sum())],
                    str(rng.choice(MIDDLE_NAMES[sex])),
                    str(rng.choice(GIVEN_NAMES[sex])),
                )
            )
            if name not in names:
                names.append(name)
                break
    return names


def _availability(count: int, rng: np.random.Generator) -> str:
    """Return ``all`` or the comma-separated weekdays of someone free on ``count`` days.

    People free on three or four days have day jobs: they keep the weekend and one or two
    weekday evenings.
    """
    if count == 7:
        return "all"
    if count >= 5:
        free = set(WEEKDAY_CODES) - set(rng.choice(WEEKDAY_CODES, 7 - count, replace=False))
    else:
        free = {"sat", "sun", *rng.choice(WEEKDAY_CODES[:5], count - 2, replace=False)}
    return ",".join(day for day in WEEKDAY_CODES if day in free)
