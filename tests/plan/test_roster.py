import itertools
from collections import defaultdict
from datetime import timedelta

import pandas as pd
import pytest

from patrol_map.errors import PlanningError
from patrol_map.model import Force
from patrol_map.plan.roster import form_teams, load_report
from patrol_map.plan.shifts import week_shifts

WEEK = week_shifts("2026-W48")


def make_people(n_police: int, n_militia: int, availability: str = "all") -> pd.DataFrame:
    rows = [
        {
            "person_id": f"{'P' if force == 'police' else 'M'}{i:02d}",
            "name": f"Người {force} {i}",
            "force": force,
            "rank": "",
            "phone": f"09{i:08d}",
            "availability": availability,
        }
        for force, n in (("police", n_police), ("militia", n_militia))
        for i in range(1, n + 1)
    ]
    return pd.DataFrame(rows)


def shifts_of(teams, shifts):
    by_id = {s.shift_id: s for s in shifts}
    worked = defaultdict(list)
    for team in teams:
        for member in team.members:
            worked[member].append(by_id[team.shift_id])
    return worked


def test_every_team_is_joint_and_led_by_police():
    people = make_people(8, 14)
    teams = form_teams(people, WEEK, teams_per_shift=2, team_size=3)
    assert len(teams) == 2 * len(WEEK)
    force_of = dict(zip(people["person_id"], people["force"], strict=True))
    for team in teams:
        assert team.is_joint
        assert len(team.members) == 3
        assert team.forces[0] is Force.POLICE
        assert [force_of[m] for m in team.members] == [str(f) for f in team.forces]
        assert team.team_id in (f"{team.shift_id}-T1", f"{team.shift_id}-T2")
    assert teams[0].team_id == "2026-11-23-morning-T1"
    assert teams[1].team_id == "2026-11-23-morning-T2"


def test_nobody_twice_at_once_and_rest_respected():
    teams = form_teams(make_people(8, 14), WEEK, teams_per_shift=2, team_size=3)
    by_shift = defaultdict(list)
    for team in teams:
        by_shift[team.shift_id].extend(team.members)
    assert all(len(m) == len(set(m)) for m in by_shift.values())
    for worked in shifts_of(teams, WEEK).values():
        worked.sort(key=lambda s: s.start)
        for before, after in itertools.pairwise(worked):
            assert after.start - before.end >= timedelta(hours=8)


def test_shorter_rest_allows_back_to_back_shifts():
    shifts = week_shifts("2026-W48", ["evening", "night"])
    people = make_people(1, 1)
    with pytest.raises(PlanningError):
        form_teams(people, shifts, teams_per_shift=1, team_size=2)
    teams = form_teams(people, shifts, teams_per_shift=1, team_size=2, min_rest_hours=0)
    assert len(teams) == 14


def test_availability_by_start_day():
    people = make_people(4, 6)
    weekend = make_people(1, 1, "sat, SUN").assign(person_id=["PW", "MW"])
    people = pd.concat([people, weekend], ignore_index=True)
    teams = form_teams(people, WEEK, teams_per_shift=1, team_size=2, min_rest_hours=0)
    for shift in shifts_of(teams, WEEK).get("PW", []) + shifts_of(teams, WEEK).get("MW", []):
        assert shift.start.weekday() in (5, 6)


def test_sunday_night_belongs_to_sunday():
    sunday_night = [s for s in WEEK if s.shift_id == "2026-11-29-night"]
    teams = form_teams(make_people(1, 1, "sun"), sunday_night, teams_per_shift=1, team_size=2)
    assert teams[0].members == ("P01", "M01")
    with pytest.raises(PlanningError) as err:
        form_teams(make_people(1, 1, "mon"), sunday_night, teams_per_shift=1, team_size=2)
    assert err.value.en.startswith("Sunday 29/11 night shift needs 1 police officer; none")


def test_blank_availability_means_every_day():
    people = make_people(3, 6, availability="")
    people.loc[0, "availability"] = None
    teams = form_teams(people, week_shifts("2026-W48", ["evening"]), teams_per_shift=1)
    assert len(teams) == 7


def test_shortage_message_names_shift_and_force():
    people = make_people(2, 8)
    people.loc[people["person_id"] == "P02", "availability"] = "mon,wed"
    shifts = week_shifts("2026-W48", ["evening"])
    with pytest.raises(PlanningError) as err:
        form_teams(people, shifts, teams_per_shift=2, team_size=3)
    assert err.value.en.startswith(
        "Tuesday 24/11 evening shift needs 2 police officers; only 1 is available."
    )
    assert err.value.vi.startswith("Ca tối thứ Ba 24/11 cần 2 công an; chỉ có 1 người sẵn sàng.")


def test_shortage_message_counts_people_resting():
    shifts = week_shifts("2026-W48")
    with pytest.raises(PlanningError) as err:
        form_teams(make_people(2, 8), shifts, teams_per_shift=1, team_size=2)
    assert err.value.en.startswith(
        "Tuesday 24/11 morning shift needs 1 police officer; none is available "
        "(2 are still resting after an earlier shift)."
    )
    assert "shorten the rest" in err.value.en
    assert err.value.vi.startswith(
        "Ca sáng thứ Ba 24/11 cần 1 công an; không có ai sẵn sàng (2 người đang nghỉ sau ca trước)."
    )


def test_militia_shortage():
    with pytest.raises(PlanningError) as err:
        form_teams(make_people(6, 3), WEEK[:1], teams_per_shift=2, team_size=3)
    assert err.value.en.startswith(
        "Monday 23/11 morning shift needs 4 militia members; only 3 are available."
    )
    assert "cần 4 dân quân" in err.value.vi


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize(("police", "militia"), [(6, 12), (8, 14), (10, 15), (7, 13)])
def test_fair_load_within_each_force(seed, police, militia):
    people = make_people(police, militia)
    teams = form_teams(people, WEEK, teams_per_shift=2, team_size=3, seed=seed)
    report = load_report(teams, people)
    for _, group in report.groupby("force"):
        assert group["shifts"].max() - group["shifts"].min() <= 1


def test_same_seed_same_roster_other_seed_other_pairings():
    people = make_people(8, 14)
    first = form_teams(people, WEEK, seed=7)
    assert first == form_teams(people, WEEK, seed=7)
    assert first != form_teams(people, WEEK, seed=8)


def test_shift_order_does_not_matter():
    people = make_people(8, 14)
    assert form_teams(people, WEEK[::-1], seed=3) == form_teams(people, WEEK, seed=3)


def test_more_police_per_team():
    teams = form_teams(make_people(8, 8), WEEK[:3], teams_per_shift=1, team_size=4, police_per_team=2)
    for team in teams:
        assert team.forces == (Force.POLICE, Force.POLICE, Force.MILITIA, Force.MILITIA)


def test_load_report_counts_every_person():
    people = make_people(8, 14)
    people.loc[len(people)] = ["M99", "Idle", "militia", "", "", "mon"]
    teams = form_teams(people, week_shifts("2026-W48", ["evening"]), teams_per_shift=1)
    report = load_report(teams, people)
    assert list(report.columns) == ["person_id", "name", "force", "shifts"]
    assert len(report) == len(people)
    assert report["shifts"].sum() == 3 * 7
    assert report.set_index("person_id").loc["P01", "name"] == "Người police 1"


@pytest.mark.parametrize(
    ("change", "kwargs", "words"),
    [
        ({"force": "border guard"}, {}, "force 'border guard'"),
        ({"availability": "mon,fri,xyz"}, {}, "availability 'mon,fri,xyz'"),
        ({"person_id": "P02"}, {}, "'P02' appears twice"),
        ({}, {"team_size": 1}, "A team of 1"),
        ({}, {"teams_per_shift": 0}, "at least 1 patrol team"),
        ({}, {"min_rest_hours": -1}, "cannot be negative"),
    ],
)
def test_invalid_input(change, kwargs, words):
    people = make_people(4, 8)
    for column, value in change.items():
        people.loc[0, column] = value
    with pytest.raises(PlanningError) as err:
        form_teams(people, WEEK, **kwargs)
    assert words in err.value.en


def test_missing_column():
    with pytest.raises(PlanningError) as err:
        form_teams(make_people(4, 8).drop(columns="availability"), WEEK)
    assert "availability" in err.value.en
