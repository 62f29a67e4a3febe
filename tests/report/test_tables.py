"""The plan as tables: each person's load this week and over five weeks, and the spread per force."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from patrol_map.model import Force
from patrol_map.plan.store import WeeklyPlan
from patrol_map.report.tables import load_spreads, load_table

PEOPLE = pd.DataFrame(
    {
        "person_id": ["CA1", "CA2", "DQ1", "DQ2", "DQ3"],
        "name": ["An", "Bình", "Cường", "Dũng", "Em"],
        "force": ["police", "police", "militia", "militia", "militia"],
        "availability": ["all", "all", "all", "all", "all"],
    }
)


def plan(*teams: tuple[str, list[str]]) -> WeeklyPlan:
    """A plan of evening patrols: (shift day 2026-11-2x, members)."""
    rows = [
        {
            "shift_id": f"{day}-evening",
            "shift_name": "evening",
            "team_id": f"{day}-evening-T1",
            "members": members,
            "forces": ["police" if m.startswith("CA") else "militia" for m in members],
        }
        for day, members in teams
    ]
    return WeeklyPlan("2026-W48", gpd.GeoDataFrame(pd.DataFrame(rows)))


def test_load_this_week_and_before_with_the_spread_per_force() -> None:
    week = plan(("2026-11-23", ["CA1", "DQ1", "DQ2"]), ("2026-11-24", ["CA1", "DQ1", "DQ3"]))
    history = [("CA2", "DQ3"), ("CA2", "DQ3"), ("CA2", "DQ2")]
    table = load_table(week, PEOPLE, "en", history).set_index("Name")
    assert table.loc["An", "Shifts this week"] == 2 and table.loc["An", "Shifts in the 4 weeks before"] == 0
    assert (
        table.loc["Bình", "Shifts this week"] == 0 and table.loc["Bình", "Shifts in the 4 weeks before"] == 3
    )
    spreads = load_spreads(week, PEOPLE, history)
    assert spreads[Force.POLICE] == (2, 1)  # this week 2 vs 0; over five weeks 2 vs 3
    assert spreads[Force.MILITIA] == (1, 1)  # this week 2, 1, 1; five weeks 2, 2, 3
