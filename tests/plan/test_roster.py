"""The CP-SAT roster: joint teams, availability, rest, night cap, fairness, pairings, locks, seeds."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from collections import Counter, defaultdict
from datetime import datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest

from patrol_map.errors import PlanningError
from patrol_map.model import Force, Shift, Team
from patrol_map.plan.roster import RosterRules, check_roster, form_teams, load_report, load_spread
from patrol_map.plan.shifts import week_shifts

WEEK = week_shifts("2026-W48")  # Monday 23/11/2026 to Sunday 29/11/2026
EVENINGS = week_shifts("2026-W48", ["evening"])
NIGHTS = week_shifts("2026-W48", ["night"])


def make_people(
    n_police: int, n_militia: int, availability: str | list[str] = "all", **columns: list
) -> pd.DataFrame:
    """Police P01.., then militia M01..; ``availability`` one cell for all, or one per person."""
    rows = [
        {
            "person_id": f"{'P' if force == 'police' else 'M'}{i:02d}",
            "name": f"Người {force} {i}",
            "force": force,
            "rank": "",
            "phone": f"09{i:08d}",
            "availability": "all",
        }
        for force, n in (("police", n_police), ("militia", n_militia))
        for i in range(1, n + 1)
    ]
    return pd.DataFrame(rows).assign(availability=availability, **columns)


def shifts_of(teams: list[Team], shifts: list[Shift]) -> dict[str, list[Shift]]:
    by_id = {s.shift_id: s for s in shifts}
    worked = defaultdict(list)
    for team in teams:
        for member in team.members:
            worked[member].append(by_id[team.shift_id])
    return worked


def shift(day: int, start: str, hours: float, name: str = "evening") -> Shift:
    begin = datetime(2026, 11, 23 + day, *map(int, start.split(":")))
    return Shift(name, begin, begin + timedelta(hours=hours))


def test_every_team_is_joint_of_least_size_and_led_by_police() -> None:
    people = make_people(8, 14)
    rules = RosterRules(teams_per_shift=2, min_team_size=3, max_team_size=5)
    teams = form_teams(people, WEEK, rules)
    assert len(teams) == 2 * len(WEEK)
    force_of = dict(zip(people["person_id"], people["force"], strict=True))
    for team in teams:
        assert team.is_joint
        assert len(team.members) == 3  # no reward for bigger teams
        assert team.forces[0] is Force.POLICE
        assert [force_of[m] for m in team.members] == [str(f) for f in team.forces]
    assert [t.team_id for t in teams[:3]] == [
        "2026-11-23-morning-T1",
        "2026-11-23-morning-T2",
        "2026-11-23-evening-T1",
    ]
    assert check_roster(teams, people, WEEK, rules) == []


def test_teams_by_shift_override_and_no_patrol() -> None:
    rules = RosterRules(teams_per_shift=1, teams_by_shift={"2026-11-24-evening": 3, "2026-11-25-evening": 0})
    teams = form_teams(make_people(6, 12), EVENINGS, rules)
    per_shift = Counter(t.shift_id for t in teams)
    assert per_shift["2026-11-24-evening"] == 3
    assert "2026-11-25-evening" not in per_shift
    assert sum(per_shift.values()) == 5 + 3
    assert [t.team_id for t in teams if t.shift_id == "2026-11-24-evening"] == [
        "2026-11-24-evening-T1",
        "2026-11-24-evening-T2",
        "2026-11-24-evening-T3",
    ]


def test_leader_is_the_first_allowed_in_the_table_then_police_then_militia() -> None:
    can_lead = ["false", "yes", "false", "x", "", "false"] + [""] * 10
    people = make_people(6, 10, can_lead=can_lead)
    rules = RosterRules(teams_per_shift=2, min_team_size=4, police_per_team=2)
    teams = form_teams(people, EVENINGS, rules)
    for team in teams:
        assert team.members[0] in ("P02", "P04")
        assert team.forces == (Force.POLICE, Force.POLICE, *team.forces[2:])
        assert list(team.members[2:]) == sorted(team.members[2:])
        if {"P02", "P04"} <= set(team.members):
            assert team.members[0] == "P02"
    assert check_roster(teams, people, EVENINGS, rules) == []


def test_without_can_lead_any_police_officer_leads() -> None:
    teams = form_teams(make_people(2, 2), EVENINGS[:1], RosterRules(teams_per_shift=2, min_team_size=2))
    assert sorted(t.members for t in teams) in (
        [("P01", "M01"), ("P02", "M02")],
        [("P01", "M02"), ("P02", "M01")],
    )


def test_availability_by_start_day() -> None:
    weekend = make_people(1, 1, "sat, SUN").assign(person_id=["PW", "MW"])
    people = pd.concat([make_people(4, 6), weekend], ignore_index=True)
    rules = RosterRules(teams_per_shift=1, min_team_size=2, min_rest_hours=0)
    teams = form_teams(people, WEEK, rules)
    worked = shifts_of(teams, WEEK)
    assert worked["PW"] and worked["MW"]
    assert all(s.start.weekday() in (5, 6) for s in worked["PW"] + worked["MW"])


def test_sunday_night_belongs_to_sunday() -> None:
    sunday_night = [s for s in WEEK if s.shift_id == "2026-11-29-night"]
    rules = RosterRules(teams_per_shift=1, min_team_size=2)
    assert form_teams(make_people(1, 1, "sun"), sunday_night, rules)[0].members == ("P01", "M01")
    with pytest.raises(PlanningError) as err:
        form_teams(make_people(1, 1, "mon"), sunday_night, rules)
    assert err.value.en.startswith("Sunday 29/11 night shift needs 1 police officer; none is available.")


def test_availability_by_shift_and_day() -> None:
    day_job = make_people(2, 2, "tối, đêm").assign(person_id=["PJ1", "PJ2", "MJ1", "MJ2"])
    tuesday = make_people(1, 1, "mon,tue,evening").assign(person_id=["PT", "MT"])
    people = pd.concat([make_people(4, 14), day_job, tuesday], ignore_index=True)
    teams = form_teams(people, WEEK, RosterRules(teams_per_shift=2, min_team_size=3))
    worked = shifts_of(teams, WEEK)
    assert worked["PJ1"] and worked["MJ1"]
    assert all(s.name in ("evening", "night") for p in ("PJ1", "PJ2", "MJ1", "MJ2") for s in worked[p])
    assert worked["PT"] and worked["MT"]
    assert all(s.name == "evening" and s.start.weekday() in (0, 1) for s in worked["PT"] + worked["MT"])


def test_leave_blocks_every_shift_touching_its_days() -> None:
    # P01 is on leave 25–26/11: not Wednesday or Thursday, nor Tuesday's night (23:00–03:00 Wednesday).
    people = make_people(2, 2, leave=["2026-11-25..26/11/2026", "", "", ""])
    rules = RosterRules(teams_per_shift=1, min_team_size=2, min_rest_hours=0, max_night_shifts=7)
    teams = form_teams(people, WEEK, rules)
    days = {(s.start.day, s.name) for s in shifts_of(teams, WEEK)["P01"]}
    assert days and not {d for d in days if d[0] in (25, 26) or d == (24, "night")}
    single = make_people(1, 1, leave=["24/11/2026", ""])
    with pytest.raises(PlanningError) as err:
        form_teams(single, EVENINGS, RosterRules(teams_per_shift=1, min_team_size=2))
    assert err.value.en.startswith("Tuesday 24/11 evening shift needs 1 police officer; none is available.")
    assert err.value.vi.startswith("Ca tối thứ Ba 24/11 cần 1 công an; không có ai sẵn sàng.")


def test_nobody_in_two_overlapping_shifts() -> None:
    shifts = [shift(0, "19:00", 4), shift(0, "21:00", 4, "late")]
    rules = RosterRules(teams_per_shift=1, min_team_size=2, min_rest_hours=0)
    teams = form_teams(make_people(2, 2), shifts, rules)
    assert not set(teams[0].members) & set(teams[1].members)
    with pytest.raises(PlanningError) as err:
        form_teams(make_people(1, 2), shifts, rules)
    assert err.value.en == (
        "The overlapping Monday 23/11 evening shift and Monday 23/11 late shift need 2 police officers; "
        "only 1 is available. Add people available that day or plan fewer teams."
    )
    assert err.value.vi.startswith(
        "Các ca trùng giờ ca tối thứ Hai 23/11, ca late thứ Hai 23/11 cần 2 công an; chỉ có 1 người sẵn sàng."
    )


def test_rest_between_shifts() -> None:
    rules = RosterRules(teams_per_shift=1, min_team_size=2, min_rest_hours=8, max_night_shifts=7)
    teams = form_teams(make_people(2, 2), week_shifts("2026-W48", ["evening", "night"]), rules)
    for worked in shifts_of(teams, WEEK).values():
        worked.sort(key=lambda s: s.start)
        for before, after in itertools.pairwise(worked):
            assert after.start - before.end >= timedelta(hours=8)
    # A gap of exactly the rest is allowed: 06–10 then 18–22.
    exact = [shift(0, "06:00", 4, "morning"), shift(0, "18:00", 4)]
    assert len(form_teams(make_people(1, 1), exact, rules)) == 2


#: Sunday 22/11 22:00 to Monday 23/11 03:00, a shift of last week's plan.
SUNDAY_NIGHT_BEFORE = Shift("night", datetime(2026, 11, 22, 22), datetime(2026, 11, 23, 3))
MONDAY_MORNING = shift(0, "06:00", 4, "morning")


@pytest.mark.parametrize("seed", range(4))
def test_rest_after_a_shift_of_last_week(seed: int) -> None:
    worked = {"P01": [SUNDAY_NIGHT_BEFORE]}
    rules = RosterRules(teams_per_shift=1, min_team_size=2)
    # 3 hours after last week's night: P01 is not available on Monday 06:00 with 8 hours of rest ...
    (team,) = form_teams(make_people(2, 1), [MONDAY_MORNING], rules, seed, worked=worked)
    assert team.members == ("P02", "M01")
    # ... and the only police officer, so no roster: the count says why P01 does not count.
    with pytest.raises(PlanningError) as err:
        form_teams(make_people(1, 1), [MONDAY_MORNING], rules, seed, worked=worked)
    assert err.value.en == (
        "Monday 23/11 morning shift needs 1 police officer; none is available (1 more must rest 8 hours "
        "from a shift of another week's plan). Add people available that day or plan fewer teams."
    )
    assert err.value.vi == (
        "Ca sáng thứ Hai 23/11 cần 1 công an; không có ai sẵn sàng (thêm 1 người phải nghỉ đủ 8 giờ so với "
        "ca trực trong kế hoạch tuần khác). Hãy bổ sung người sẵn sàng ngày này hoặc giảm số tổ."
    )
    # With 2 hours of rest the 3 hours suffice.
    short = RosterRules(teams_per_shift=1, min_team_size=2, min_rest_hours=2)
    (team,) = form_teams(make_people(1, 1), [MONDAY_MORNING], short, seed, worked=worked)
    assert team.members == ("P01", "M01")
    assert check_roster([team], make_people(1, 1), [MONDAY_MORNING], short, worked=worked) == []


def test_rest_before_a_shift_of_a_later_week_planned_first() -> None:
    sunday_night = week_shifts("2026-W48", ["night"])[-1]  # Sunday 29/11 23:00 to Monday 03:00
    next_monday = Shift("morning", datetime(2026, 11, 30, 6), datetime(2026, 11, 30, 10))
    overlapping = Shift("night", datetime(2026, 11, 30, 1), datetime(2026, 11, 30, 5))
    rules = RosterRules(teams_per_shift=1, min_team_size=2)
    for later in (next_monday, overlapping):
        teams = form_teams(
            make_people(2, 2), [sunday_night], rules, worked={"P01": [later], " M02 ": [later]}
        )
        assert teams[0].members == ("P02", "M01")
    # A shift far enough away takes nobody out.
    far = Shift("evening", datetime(2026, 11, 30, 19), datetime(2026, 11, 30, 23))
    teams = form_teams(make_people(1, 1), [sunday_night], rules, worked={"P01": [far]})
    assert teams[0].members == ("P01", "M01")


def test_too_little_rest_across_weeks_counts_with_the_overlapping_shifts() -> None:
    # Two overlapping Monday shifts need 2 police officers; P01 rests after last week's night.
    shifts = [MONDAY_MORNING, shift(0, "08:00", 4, "late")]
    rules = RosterRules(teams_per_shift=1, min_team_size=2)
    with pytest.raises(PlanningError) as err:
        form_teams(make_people(2, 2), shifts, rules, worked={"P01": [SUNDAY_NIGHT_BEFORE]})
    assert err.value.en == (
        "The overlapping Monday 23/11 morning shift and Monday 23/11 late shift need 2 police officers; "
        "only 1 is available (1 more must rest 8 hours from a shift of another week's plan). Add people "
        "available that day or plan fewer teams."
    )


def test_a_locked_team_that_breaks_the_rest_across_weeks_is_refused() -> None:
    rules = RosterRules(teams_per_shift=1, min_team_size=2)
    with pytest.raises(PlanningError) as err:
        form_teams(
            make_people(2, 2),
            [MONDAY_MORNING],
            rules,
            locked={"2026-11-23-morning-T1": ["P01", "M01"]},
            worked={"P01": [SUNDAY_NIGHT_BEFORE]},
        )
    assert err.value.en == (
        "A locked team breaks a rule: Người police 1 (P01) rests only 3 hours between Sunday 22/11 night "
        "shift (another week's plan) and team 2026-11-23-morning-T1 (Monday 23/11 morning shift); the rest "
        "must be at least 8 hours."
    )


def test_too_little_rest_names_the_rule_shifts_and_force() -> None:
    two = week_shifts("2026-W48", ["evening", "night"])[:2]  # Monday 19–23 and 23–03
    rules = RosterRules(teams_per_shift=1, min_team_size=2, max_team_size=2)
    with pytest.raises(PlanningError) as err:
        form_teams(make_people(1, 2), two, rules)
    assert err.value.en == (
        "No roster keeps 8 hours of rest between shifts for everyone: police officers are too few around "
        "Monday 23/11 evening shift and Monday 23/11 night shift (one would rest only 0 hours between "
        "them). Add police officers available on those days, plan fewer teams, or shorten the rest "
        "between shifts (now 8 hours)."
    )
    assert err.value.vi.startswith(
        "Không có lịch nào giữ đủ 8 giờ nghỉ giữa hai ca cho mọi người: thiếu công an quanh ca tối thứ "
        "Hai 23/11 và ca đêm thứ Hai 23/11 (một người chỉ được nghỉ 0 giờ giữa hai ca này)."
    )
    assert len(form_teams(make_people(1, 2), two, RosterRules(1, min_team_size=2, min_rest_hours=0))) == 2


def test_a_week_of_three_shifts_with_two_officers_needs_shorter_rest() -> None:
    with pytest.raises(PlanningError) as err:
        form_teams(make_people(2, 8), WEEK, RosterRules(teams_per_shift=1, min_team_size=2))
    assert err.value.en.startswith(
        "No roster keeps 8 hours of rest between shifts for everyone: police officers"
    )
    assert "more rests would be too short" in err.value.en
    assert "shorten the rest" in err.value.en


def test_night_cap() -> None:
    rules = RosterRules(teams_per_shift=1, min_team_size=2, max_night_shifts=3)
    teams = form_teams(make_people(3, 3), NIGHTS, rules)
    assert max(Counter(m for t in teams for m in t.members).values()) == 3
    with pytest.raises(PlanningError) as err:
        form_teams(make_people(2, 3), NIGHTS, rules)
    assert err.value.en == (
        "No roster keeps everyone to at most 3 night shifts in any 7 days in a row: police officers for "
        "the night shifts are too few (in the 7 days from Monday 23/11 to Sunday 29/11 one would work 4 "
        "night shifts). Add police officers available at night, plan fewer night teams, or raise the most "
        "night shifts in 7 days (now 3)."
    )
    assert err.value.vi.startswith(
        "Không có lịch nào giữ mỗi người tối đa 3 ca đêm trong 7 ngày liền nhau: thiếu công an trực đêm "
        "(trong 7 ngày từ thứ Hai 23/11 đến Chủ nhật 29/11, một người phải trực 4 ca đêm)."
    )
    assert (
        len(form_teams(make_people(2, 3), NIGHTS, RosterRules(1, min_team_size=2, max_night_shifts=4))) == 7
    )


#: The Friday, Saturday and Sunday nights of week 2026-W47, in last week's stored plan.
LAST_WEEKEND_NIGHTS = week_shifts("2026-W47", ["night"])[4:]


def test_nights_of_last_week_count_towards_the_cap() -> None:
    rules = RosterRules(teams_per_shift=1, min_team_size=2, max_night_shifts=3)
    monday_night = NIGHTS[:1]
    worked = {"P01": LAST_WEEKEND_NIGHTS}
    # Friday to Monday are 4 nights in 7 days: P01 cannot take Monday's night of week 48 ...
    for seed in range(3):
        (team,) = form_teams(make_people(2, 1), monday_night, rules, seed, worked=worked)
        assert team.members == ("P02", "M01")
    # ... and, the only police officer, leaves no roster, for a reason the message gives.
    with pytest.raises(PlanningError) as err:
        form_teams(make_people(1, 1), monday_night, rules, worked=worked)
    assert err.value.en == (
        "No roster keeps everyone to at most 3 night shifts in any 7 days in a row: police officers for "
        "the night shifts are too few (in the 7 days from Friday 20/11 to Thursday 26/11 one would work 4 "
        "night shifts, 3 of them in the plans of earlier weeks). Add police officers available at night, "
        "plan fewer night teams, or raise the most night shifts in 7 days (now 3)."
    )
    assert err.value.vi == (
        "Không có lịch nào giữ mỗi người tối đa 3 ca đêm trong 7 ngày liền nhau: thiếu công an trực đêm "
        "(trong 7 ngày từ thứ Sáu 20/11 đến thứ Năm 26/11, một người phải trực 4 ca đêm, 3 ca trong kế hoạch "
        "các tuần trước). Hãy bổ sung công an sẵn sàng ban đêm, giảm số tổ ca đêm, hoặc nâng số ca đêm tối "
        "đa trong 7 ngày (hiện là 3)."
    )
    # Two of last week's nights leave room for Monday's.
    (team,) = form_teams(make_people(1, 1), monday_night, rules, worked={"P01": LAST_WEEKEND_NIGHTS[1:]})
    assert team.members == ("P01", "M01")


def test_the_cap_rolls_over_seven_days_not_iso_weeks() -> None:
    # P01 worked the last three nights of week 47; week 48's 7 nights need 7 police shifts from 3 police
    # officers. By ISO week P01 could work Monday to Wednesday too (6 nights in 6 days); rolling over 7
    # days, P01's nights of week 48 can only be Friday to Sunday.
    rules = RosterRules(teams_per_shift=1, min_team_size=2, max_night_shifts=3, min_rest_hours=0)
    people = make_people(3, 7)
    worked = {"P01": LAST_WEEKEND_NIGHTS}
    for seed in range(3):
        teams = form_teams(people, NIGHTS, rules, seed, worked=worked)
        assert check_roster(teams, people, NIGHTS, rules, worked=worked) == []
        days = [t.shift_id[:10] for t in teams if "P01" in t.members]
        assert set(days) <= {"2026-11-27", "2026-11-28", "2026-11-29"}
        nights = Counter(m for t in teams for m in t.members if m.startswith("P"))
        assert sum(nights.values()) == 7 and max(nights.values()) == 3


def test_evening_shifts_have_no_night_cap() -> None:
    teams = form_teams(
        make_people(1, 1), EVENINGS, RosterRules(teams_per_shift=1, min_team_size=2, max_night_shifts=0)
    )
    assert len(teams) == 7


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize(("police", "militia"), [(6, 12), (8, 14), (10, 15), (7, 13)])
def test_fair_load_within_each_force(seed: int, police: int, militia: int) -> None:
    people = make_people(police, militia)
    teams = form_teams(people, WEEK, RosterRules(teams_per_shift=2, min_team_size=3), seed=seed)
    assert all(spread <= 1 for spread in load_spread(load_report(teams, people)).values())


def test_people_who_can_work_little_do_not_hold_the_others_down() -> None:
    people = make_people(10, 16)
    people.loc[people["person_id"].isin(["P01", "M01"]), "availability"] = "sun"
    teams = form_teams(people, WEEK, RosterRules(teams_per_shift=2, min_team_size=3))
    report = load_report(teams, people)
    rest = report[~report["person_id"].isin(["P01", "M01"])]
    assert all(spread <= 1 for spread in load_spread(rest).values())
    assert report.set_index("person_id").loc[["P01", "M01"], "shifts"].tolist() == [2, 2]  # Sunday's two


@pytest.mark.parametrize("seed", range(4))
def test_people_with_fewer_recent_shifts_go_first(seed: int) -> None:
    # 7 evenings, 1 police officer each, 4 officers: three work 2, one works 1 -- the most recent one.
    history = [("P01", "M01")] * 6 + [("P02", "M02")] * 4 + [("P03", "M03")] * 2
    people = make_people(4, 4)
    teams = form_teams(people, EVENINGS, RosterRules(1, min_team_size=2), seed=seed, history=history)
    report = load_report(teams, people, history).set_index("person_id")
    assert report["shifts"].to_dict() == {
        "P01": 1, "P02": 2, "P03": 2, "P04": 2, "M01": 1, "M02": 2, "M03": 2, "M04": 2,
    }  # fmt: skip
    assert report.loc["P01", "recent_shifts"] == 6
    assert load_spread(report.reset_index(), with_recent=True) == {Force.POLICE: 5, Force.MILITIA: 5}


@pytest.mark.parametrize("seed", range(4))
def test_pairs_from_history_are_not_paired_again(seed: int) -> None:
    history = [("P01", "M01"), ("P02", "M02")] * 3
    teams = form_teams(
        make_people(2, 2), EVENINGS[:1], RosterRules(2, min_team_size=2), seed=seed, history=history
    )
    assert sorted(t.members for t in teams) == [("P01", "M02"), ("P02", "M01")]


def test_recent_pairings_weigh_more_than_old_ones() -> None:
    # Both pairings happened once; the newer one must not happen again.
    history = [("P01", "M01"), ("P02", "M02"), ("P03", "M03"), ("P04", "M04")]
    history += [("P01", "M02"), ("P02", "M01")]  # newest
    people = make_people(2, 2)
    for seed in range(4):
        teams = form_teams(people, EVENINGS[:1], RosterRules(2, min_team_size=2), seed=seed, history=history)
        assert sorted(t.members for t in teams) == [("P01", "M01"), ("P02", "M02")]


def test_pairings_vary_within_the_week() -> None:
    teams = form_teams(make_people(2, 2), EVENINGS, RosterRules(2, min_team_size=2))
    pairs = Counter(t.members for t in teams)
    assert len(pairs) == 4 and set(pairs.values()) <= {3, 4}  # the two pairings alternate


def test_same_seed_same_roster_other_seed_other_roster() -> None:
    people = make_people(8, 14)
    first = form_teams(people, WEEK, seed=7)
    assert first == form_teams(people, WEEK, seed=7)
    assert first != form_teams(people, WEEK, seed=8)


def test_same_roster_in_another_process_whatever_the_hash_seed() -> None:
    code = (
        "from tests.plan.test_roster import make_people, WEEK\n"
        "from patrol_map.plan.roster import form_teams\n"
        "print([t.members for t in form_teams(make_people(8, 14), WEEK, seed=3)])\n"
    )
    env = os.environ | {"PYTHONHASHSEED": "12345"}
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=root, check=True
    )
    assert out.stdout.strip() == str([t.members for t in form_teams(make_people(8, 14), WEEK, seed=3)])


def test_shift_order_does_not_matter() -> None:
    people = make_people(8, 14)
    assert form_teams(people, WEEK[::-1], seed=3) == form_teams(people, WEEK, seed=3)


def test_shorthand_keywords_of_the_first_version() -> None:
    teams = form_teams(make_people(8, 16), EVENINGS, teams_per_shift=3, team_size=4, seed=1)
    assert len(teams) == 21 and {len(t.members) for t in teams} == {4}


def test_more_police_per_team() -> None:
    teams = form_teams(make_people(8, 8), WEEK[:3], RosterRules(1, min_team_size=4, police_per_team=2))
    for team in teams:
        assert team.forces == (Force.POLICE, Force.POLICE, Force.MILITIA, Force.MILITIA)


def test_police_fill_teams_when_militia_are_few() -> None:
    teams = form_teams(make_people(6, 3), WEEK[:1], RosterRules(2, min_team_size=3))
    assert all(t.is_joint for t in teams)
    assert sorted(sum(f is Force.MILITIA for f in t.forces) for t in teams) == [1, 2]


def test_locked_teams_are_kept_and_planned_around() -> None:
    people = make_people(8, 14)
    rules = RosterRules(teams_per_shift=2, min_team_size=3, max_team_size=5)
    locked = {
        "2026-11-24-evening-T2": ["P03", "M05", "M06", "M07"],
        "2026-11-26-night-T1": ("P01", "P02", "M01"),
    }
    for seed in range(3):
        teams = form_teams(people, WEEK, rules, seed=seed, locked=locked)
        by_id = {t.team_id: t for t in teams}
        assert by_id["2026-11-24-evening-T2"].members == ("P03", "M05", "M06", "M07")
        assert by_id["2026-11-26-night-T1"].members == ("P01", "P02", "M01")
        assert by_id["2026-11-26-night-T1"].forces == (Force.POLICE, Force.POLICE, Force.MILITIA)
        assert check_roster(teams, people, WEEK, rules) == []


def test_locked_team_that_starves_the_others_is_named() -> None:
    # P02 works evenings only; locking P01 into Monday's evening leaves no one for the night.
    people = make_people(2, 3, availability=["all", "evening", "all", "all", "all"])
    two = week_shifts("2026-W48", ["evening", "night"])[:2]
    rules = RosterRules(teams_per_shift=1, min_team_size=2)
    assert len(form_teams(people, two, rules)) == 2
    with pytest.raises(PlanningError) as err:
        form_teams(people, two, rules, locked={"2026-11-23-evening-T1": ["P01", "M01"]})
    assert err.value.en == (
        "The locked team 2026-11-23-evening-T1 holds people the other teams need; no roster keeps "
        "it as it is. Unlock it or change its members."
    )
    assert err.value.vi.startswith("Tổ đã khóa 2026-11-23-evening-T1 giữ những người mà các tổ khác cần")


@pytest.mark.parametrize(
    ("locked", "words"),
    [
        (
            {"2026-11-24-evening-T1": ["P01", "P02", "P03"]},
            "A locked team breaks a rule: Team 2026-11-24-evening-T1 (Tuesday 24/11 evening shift) has no "
            "militia member; every team needs at least 1.",
        ),
        (
            {"2026-11-24-evening-T1": ["M01", "P01", "M02"]},
            "the leader Người militia 1 (M01) is not a police officer",
        ),
        ({"2026-11-24-evening-T1": ["P01", "M01"]}, "has 2 members; a team needs 3 to 5"),
        ({"2026-11-24-evening-T1": ["P01"]}, "has 1 member; a team needs 3 to 5"),
        ({"2026-11-24-evening-T1": ["P01", "M01", "M02", "M03", "M04", "M05"]}, "has 6 members"),
        ({"2026-11-24-evening-T1": ["P01", "M01", "X99"]}, "no person has the id 'X99'"),
        ({"2026-11-24-evening-T1": ["P01", "M01", "M01"]}, "Người militia 1 (M01) is listed twice"),
        (
            {"2026-11-23-evening-T1": ["P09", "M01", "M02"]},
            "Người police 9 (P09) is not available (on leave 23/11)",
        ),
        (
            {"2026-11-24-evening-T1": ["P01", "M01", "M02"], "2026-11-24-night-T1": ["P01", "M03", "M04"]},
            "Người police 1 (P01) rests only 0 hours between team 2026-11-24-evening-T1 (Tuesday 24/11 "
            "evening shift) and team 2026-11-24-night-T1 (Tuesday 24/11 night shift); the rest must be at "
            "least 8 hours.",
        ),
        (
            {"2026-11-24-evening-T1": ["P01", "M01", "M02"], "2026-11-24-evening-T2": ["P02", "M01", "M03"]},
            "Người militia 1 (M01) is in two shifts at once",
        ),
        (
            {f"2026-11-{d}-night-T1": ["P01", f"M0{d - 22}", "M09"] for d in range(23, 27)},
            "Người police 1 (P01) works 4 night shifts in the 7 days from Monday 23/11 to Sunday 29/11; at "
            "most 3 are allowed.",
        ),
        (
            {"2026-11-24-evening-T3": ["P01", "M01", "M02"]},
            "The locked team '2026-11-24-evening-T3' is not a team",
        ),
        (
            {"2026-12-24-evening-T1": ["P01", "M01", "M02"]},
            "The locked team '2026-12-24-evening-T1' is not a team",
        ),
    ],
)
def test_a_locked_team_that_breaks_a_rule_is_refused(locked: dict, words: str) -> None:
    people = make_people(9, 12, leave=[""] * 8 + ["2026-11-23"] + [""] * 12)
    with pytest.raises(PlanningError) as err:
        form_teams(people, WEEK, RosterRules(teams_per_shift=2), locked=locked)
    assert words in err.value.en
    assert err.value.vi.startswith(("Tổ đã khóa", "Tổ khóa"))


def test_load_report_counts_every_person() -> None:
    people = make_people(8, 14)
    people.loc[len(people)] = ["M99", "Idle", "militia", "", "", "mon"]
    teams = form_teams(people, EVENINGS, teams_per_shift=1)
    report = load_report(teams, people, history=[("M99", "P01"), ("M99",)])
    assert list(report.columns) == ["person_id", "name", "force", "shifts", "recent_shifts"]
    assert len(report) == len(people)
    assert report["shifts"].sum() == 3 * 7
    assert report.set_index("person_id").loc["M99", "recent_shifts"] == 2
    assert report.set_index("person_id").loc["P01", "name"] == "Người police 1"


def test_load_spread_per_force() -> None:
    report = pd.DataFrame(
        {
            "force": ["police", "police", "militia", "militia"],
            "shifts": [3, 1, 2, 2],
            "recent_shifts": [0, 4, 5, 1],
        }
    )
    assert load_spread(report) == {Force.POLICE: 2, Force.MILITIA: 0}
    assert load_spread(report, with_recent=True) == {Force.POLICE: 2, Force.MILITIA: 4}


def test_load_spread_leaves_out_people_away_all_week() -> None:
    report = pd.DataFrame(
        {
            "force": ["police", "police", "police", "militia", "militia"],
            "shifts": [3, 2, 0, 0, 0],
            "recent_shifts": [0, 1, 9, 4, 4],
            "available_shifts": [7, 7, 0, 0, 0],
        }
    )
    assert load_spread(report) == {Force.POLICE: 1}  # no militia member can work this week
    assert load_spread(report, with_recent=True) == {Force.POLICE: 0}


def test_people_away_all_week_do_not_widen_the_spread() -> None:
    # Monday to Saturday evenings, one team of 2: P04 is on leave all week, M06 works Sundays only.
    six = EVENINGS[:6]
    people = make_people(4, 6, leave=[""] * 3 + ["2026-11-23..2026-11-29"] + [""] * 6)
    people.loc[people["person_id"] == "M06", "availability"] = "sun"
    teams = form_teams(people, six, RosterRules(1, min_team_size=2))
    report = load_report(teams, people, shifts=six).set_index("person_id")
    assert report["available_shifts"].to_dict() == {
        "P01": 6, "P02": 6, "P03": 6, "P04": 0, "M01": 6, "M02": 6, "M03": 6, "M04": 6, "M05": 6, "M06": 0,
    }  # fmt: skip
    assert load_spread(report) == {Force.POLICE: 0, Force.MILITIA: 1}  # 2, 2, 2 and 2, 1, 1, 1, 1
    assert load_spread(load_report(teams, people)) == {Force.POLICE: 2, Force.MILITIA: 2}


@pytest.mark.parametrize(
    ("change", "rules", "words"),
    [
        ({"force": "border guard"}, {}, "force 'border guard'"),
        (
            {"availability": "mon,fri,xyz"},
            {},
            "availability 'mon,fri,xyz' is not valid: 'xyz' is not a weekday",
        ),
        ({"leave": "2026-13-01"}, {}, "leave '2026-13-01' is not valid"),
        ({"can_lead": "maybe"}, {}, "can_lead 'maybe' is not valid"),
        ({"person_id": "P02"}, {}, "'P02' appears twice"),
        ({}, {"min_team_size": 1, "max_team_size": 1}, "A team of 1 to 1"),
        ({}, {"min_team_size": 4, "max_team_size": 3}, "cannot exceed the largest"),
        ({}, {"police_per_team": 0}, "at least 1 police officer"),
        ({}, {"teams_per_shift": -1}, "cannot be negative"),
        ({}, {"teams_by_shift": {"2026-11-24-noon": 2}}, "shift '2026-11-24-noon', which is not a shift"),
        ({}, {"min_rest_hours": -1}, "rest between shifts cannot be negative"),
        ({}, {"max_night_shifts": -1}, "night shifts in 7 days in a row cannot be negative"),
    ],
)
def test_invalid_input(change: dict, rules: dict, words: str) -> None:
    people = make_people(4, 8)
    for column, value in change.items():
        if column not in people:
            people[column] = ""
        people.loc[0, column] = value
    with pytest.raises(PlanningError) as err:
        form_teams(people, WEEK, RosterRules(**rules))
    assert words in err.value.en


def test_missing_column() -> None:
    with pytest.raises(PlanningError) as err:
        form_teams(make_people(4, 8).drop(columns="availability"), WEEK)
    assert "availability" in err.value.en


def test_shift_listed_twice() -> None:
    with pytest.raises(PlanningError) as err:
        form_teams(make_people(4, 8), [*EVENINGS, EVENINGS[0]])
    assert err.value.en == "Shift 2026-11-23-evening is listed twice."


@pytest.mark.parametrize(
    ("people", "rules", "en"),
    [
        (
            make_people(2, 8, availability=["all", "mon,wed"] + ["all"] * 8),
            RosterRules(2, min_team_size=3),
            "Tuesday 24/11 evening shift needs 2 police officers; only 1 is available.",
        ),
        (
            make_people(6, 1),
            RosterRules(2, min_team_size=3),
            "Monday 23/11 evening shift needs 2 militia members; only 1",
        ),
        (
            make_people(2, 3),
            RosterRules(2, min_team_size=3),
            "Monday 23/11 evening shift needs 6 people (2 teams of 3); only 5",
        ),
        (
            make_people(3, 6, can_lead=["true", "false", "false"] + [""] * 6),
            RosterRules(2, min_team_size=3),
            "Monday 23/11 evening shift needs 2 team leaders (police officers marked can_lead); only 1 is "
            "available.",
        ),
    ],
)
def test_shortage_is_counted_per_shift_and_force(people: pd.DataFrame, rules: RosterRules, en: str) -> None:
    with pytest.raises(PlanningError) as err:
        form_teams(people, EVENINGS, rules)
    assert err.value.en.startswith(en)
    assert err.value.en.endswith("Add people available that day or plan fewer teams.")
    assert "sẵn sàng" in err.value.vi


def test_shortage_message_in_vietnamese() -> None:
    with pytest.raises(PlanningError) as err:
        form_teams(make_people(2, 8, availability=["all", "mon,wed"] + ["all"] * 8), EVENINGS, RosterRules(2))
    assert err.value.vi == (
        "Ca tối thứ Ba 24/11 cần 2 công an; chỉ có 1 người sẵn sàng. Hãy bổ sung người sẵn sàng ngày này "
        "hoặc giảm số tổ."
    )


def test_leaders_too_few_beyond_counting_names_a_shift() -> None:
    # Three overlapping shifts, three leaders, but two lead only in the evening: the late and night
    # teams both need P01. Each count passes; relaxing the leader rule is what lets a roster exist.
    shifts = [shift(0, "19:00", 4), shift(0, "20:00", 4, "late"), shift(0, "21:00", 4, "night")]
    people = make_people(
        6,
        3,
        availability=["all", "evening", "evening", "all", "all", "all"] + ["all"] * 3,
        can_lead=["true"] * 3 + ["false"] * 3 + [""] * 3,
    )
    with pytest.raises(PlanningError) as err:
        form_teams(people, shifts, RosterRules(1, min_team_size=2))
    assert err.value.en.startswith("No roster gives every team a leader: Monday 23/11 ")
    assert "lacks 1 team leader (police officers marked can_lead). Mark more police officers" in err.value.en
    assert err.value.vi.startswith("Không có lịch nào cho mỗi tổ một tổ trưởng: ca ")
