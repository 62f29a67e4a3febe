"""Time the CP-SAT roster on a large commune: a whole week, 21 shifts of 10 teams, 150 people.

Run: ``.venv/bin/python bench/roster.py [--seed N] [--seconds S]``. The people (60 police officers,
90 militia members) have random availability (every day, some weekdays, evenings and nights only
for day jobs, a few days of leave) and a random, uneven history of four weeks. Prints the solve
time, the peak memory, the load spread within each force this week and over five weeks, how
many pairs of the last four weeks patrol together again, and the faults ``check_roster`` finds
(none expected).
"""

from __future__ import annotations

import argparse
import itertools
import resource
import time

import numpy as np
import pandas as pd

from patrol_map.model import WEEKDAY_CODES
from patrol_map.plan.roster import RosterRules, check_roster, form_teams, load_report, load_spread
from patrol_map.plan.shifts import week_shifts

WEEK = "2026-W48"
POLICE, MILITIA = 60, 90
RULES = RosterRules(teams_per_shift=10, min_team_size=3, max_team_size=5)


def people(rng: np.random.Generator) -> pd.DataFrame:
    """Draw the people: half always available, the others on some days, evenings, or on leave."""
    rows = []
    for force, count in (("police", POLICE), ("militia", MILITIA)):
        for i in range(count):
            kind = rng.choice(["all", "days", "day_job", "leave"], p=[0.5, 0.25, 0.15, 0.1])
            availability, leave = "all", ""
            if kind == "days":
                days = sorted(rng.choice(7, size=int(rng.integers(4, 7)), replace=False))
                availability = ",".join(WEEKDAY_CODES[d] for d in days)
            elif kind == "day_job":
                availability = "evening,night"
            elif kind == "leave":
                first = 23 + int(rng.integers(0, 6))
                leave = f"2026-11-{first}..2026-11-{first + int(rng.integers(0, 2))}"
            rows.append(
                {
                    "person_id": f"{'CA' if force == 'police' else 'DQ'}{i + 1:03d}",
                    "name": f"{force} {i + 1}",
                    "force": force,
                    "availability": availability,
                    "leave": leave,
                }
            )
    return pd.DataFrame(rows)


def history(table: pd.DataFrame, rng: np.random.Generator) -> list[tuple[str, ...]]:
    """Four weeks of teams (1 police officer, 2 militia members), some people drawn more often."""
    teams = []
    for force_ids in (table.loc[table["force"] == f, "person_id"].to_list() for f in ("police", "militia")):
        weights = rng.uniform(0.5, 1.5, len(force_ids))
        draws = rng.choice(
            force_ids,
            size=(4 * 21 * 10, 1 if force_ids[0].startswith("CA") else 2),
            p=weights / weights.sum(),
        )
        teams.append(draws)
    return [(police[0], *militia) for police, militia in zip(*teams, strict=True)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--seconds", type=float, default=10.0, help="deterministic time budget")
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    table = people(rng)
    past = history(table, rng)
    shifts = week_shifts(WEEK)
    start = time.perf_counter()
    teams = form_teams(table, shifts, RULES, seed=args.seed, history=past, seconds=args.seconds)
    elapsed = time.perf_counter() - start
    report = load_report(teams, table, past)
    past_pairs = {pair for team in past for pair in itertools.combinations(sorted(team), 2)}
    again = sum(
        pair in past_pairs for team in teams for pair in itertools.combinations(sorted(team.members), 2)
    )
    pairs = sum(len(team.members) * (len(team.members) - 1) // 2 for team in teams)
    size = f"{len(table)} people ({POLICE} police, {MILITIA} militia)"
    print(f"roster: {len(shifts)} shifts x {RULES.teams_per_shift} teams, {size}")
    print(f"{'solve time':<36} {elapsed:8.2f} s  (budget {args.seconds:g} deterministic s)")
    print(
        f"{'peak memory (max RSS)':<36} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:8.0f} MB"
    )
    for label, spread in (
        ("spread this week", load_spread(report)),
        ("spread over five weeks", load_spread(report, with_recent=True)),
    ):
        print(f"{label:<36} " + ", ".join(f"{force} {value}" for force, value in spread.items()))
    print(f"{'pairs of the last 4 weeks again':<36} {again} of {pairs} pairs ({len(past_pairs)} past pairs)")
    for force, group in report.groupby("force"):
        ranked = group.sort_values("recent_shifts")
        quarter = len(ranked) // 4
        low, high = ranked["shifts"][:quarter].mean(), ranked["shifts"][-quarter:].mean()
        label = f"{force}: mean shifts, least/most recent 1/4"
        print(f"{label:<36} {low:.2f} / {high:.2f}")
    print(f"{'check_roster faults':<36} {len(check_roster(teams, table, shifts, RULES))}")


if __name__ == "__main__":
    main()
