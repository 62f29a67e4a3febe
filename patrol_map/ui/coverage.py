"""The coverage page: what a week's patrols did against the plan and the hotspots.

Everything shown comes from :func:`patrol_map.recording.week_coverage` and the functions of
:mod:`patrol_map.coverage`; a check-in sheet typed here is saved as an imported one
(:func:`patrol_map.recording.import_record`).
"""

from __future__ import annotations

import csv
import tempfile
from datetime import date, timedelta
from pathlib import Path

import geopandas as gpd
import pandas as pd
import streamlit as st

from patrol_map.coverage.hotspots import hotspot_coverage
from patrol_map.coverage.tracks import track_lines
from patrol_map.coverage.week import reached_points, records_of, stop_points
from patrol_map.errors import PatrolMapError, WorkspaceError
from patrol_map.maps.views import coverage_map
from patrol_map.model import team_number
from patrol_map.plan.shifts import parse_week, span_label, week_of
from patrol_map.plan.store import WeeklyPlan, planned_weeks
from patrol_map.recording import (
    WeekCoverage,
    coverage_by_period,
    import_record,
    recorded_weeks,
    week_coverage,
)
from patrol_map.risk.kde import DEFAULT_CELL_M
from patrol_map.ui.common import (
    density,
    figures,
    lang,
    plan_days,
    plan_of,
    show_map,
    t,
    week_chooser,
    whole_plan,
    whole_week_shown,
    workspace,
    workspace_key,
)
from patrol_map.workspace import Workspace

#: Incidents of this many days before the week's end make the risk the hotspots are judged by.
RISK_DAYS = 180
#: Weeks shown in the chart of rounds and person-turns.
CHART_WEEKS = 8


def render() -> None:
    """Draw the coverage page."""
    ws = workspace()
    st.title(t("page_coverage"))
    week = week_chooser(t("coverage_week"), "coverage_week", planned_weeks(ws), week_to_review(ws))
    if not whole_week_shown(ws, week):
        return
    try:
        plan = plan_of(ws, week)
    except WorkspaceError as exc:
        st.error(exc.message(lang()))
        return
    if plan is None:
        st.info(t("coverage_no_plan", week=week))
        return
    done, tracks, stops, cells = recorded_week(ws, week)
    if done.totals["rounds"] == 0:
        st.info(t("coverage_no_record"))
    _figures(done)
    days = plan_days(plan.patrols)
    label = st.selectbox(t("show_day"), options=[t("all_days"), *days], key=f"coverage_day_{lang()}")
    day = days.get(label)
    patrols = plan.patrols if day is None else plan.patrols[plan.patrols["shift_start"].str.startswith(day)]
    tracks, stops = of_patrols(patrols, tracks, stops)
    show_map(
        ("coverage", *workspace_key(ws), week, day, lang()),
        lambda: coverage_map(ws, patrols, tracks, stops, cells, lang()),
        height=560,
    )
    st.subheader(t("coverage_by_team"))
    teams = figures(_team_rows(done, plan), {t("coverage_km"): 1, t("coverage_hours"): 1})
    st.dataframe(teams, hide_index=True, width="stretch")
    st.subheader(t("coverage_by_force"))
    st.dataframe(_force_rows(done), hide_index=True)
    st.subheader(t("coverage_by_week"))
    st.bar_chart(_weekly(*workspace_key(ws), week), stack=False)
    _sheet_form(ws, plan)


def week_to_review(ws: Workspace) -> str:
    """Return the week a meeting reviews: the last with a record, else the last planned, else this one."""
    return max(recorded_weeks(ws) or planned_weeks(ws), default=week_of(date.today()))


def recorded_week(
    ws: Workspace, week: str
) -> tuple[WeekCoverage, gpd.GeoDataFrame, gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Return a planned week compared with its records, and what its map draws.

    That is its tracks, its stops by state and its risky cells by their patrols; cached until the
    workspace changes.
    """
    return _computed(*workspace_key(ws), week)


def of_patrols(
    patrols: gpd.GeoDataFrame, tracks: gpd.GeoDataFrame, stops: gpd.GeoDataFrame
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Keep the tracks and stops of the patrols shown."""
    ids = set(patrols["patrol_id"])
    return tracks[tracks["patrol_id"].isin(ids)], stops[stops["team"].isin(ids)]


@st.cache_data(show_spinner=False, max_entries=8)
def _computed(
    path: str, stamp: str, week: str
) -> tuple[WeekCoverage, gpd.GeoDataFrame, gpd.GeoDataFrame, gpd.GeoDataFrame]:
    ws = Workspace(path)
    plan = whole_plan(ws, week)
    assert plan is not None  # the page checked it, and that the user sees the whole week
    records = records_of(ws, plan.patrols)  # read once: the comparison, the cells and the map share them
    done = week_coverage(ws, week, records)
    end = parse_week(week) + timedelta(days=6)
    grid = density(ws, end - timedelta(days=RISK_DAYS), end)
    fixes, signed = reached_points(ws, plan.patrols, records)
    cells = hotspot_coverage(grid, fixes, signed, DEFAULT_CELL_M)
    return done, track_lines(records.fixes), stop_points(done.patrols, ws.crs), cells


@st.cache_data(show_spinner=False, max_entries=8)
def _weekly(path: str, stamp: str, week: str) -> pd.DataFrame:
    monday = parse_week(week)
    start, end = monday - timedelta(weeks=CHART_WEEKS - 1), monday + timedelta(days=6)
    table = coverage_by_period(Workspace(path), start, end, by="week")
    return table.set_index("period")[["rounds", "person_turns"]].rename(
        columns={"rounds": t("coverage_rounds"), "person_turns": t("coverage_person_turns")}
    )


def _figures(done: WeekCoverage) -> None:
    totals = done.totals
    columns = st.columns(4)
    columns[0].metric(t("coverage_rounds"), f"{totals['rounds']} / {totals['patrols']}")
    columns[1].metric(t("coverage_person_turns"), totals["person_turns"])
    columns[2].metric(
        t("coverage_stops"), f"{totals['stops_visited']} / {totals['stops_late']} / {totals['stops_missed']}"
    )
    planned = float(totals["risk_planned"])
    share = float(totals["risk_covered"]) / planned if planned > 0 else 0.0
    columns[3].metric(t("coverage_risk_share"), f"{share:.0%}")


def _team_rows(done: WeekCoverage, plan: WeeklyPlan) -> pd.DataFrame:
    names = dict(zip(plan.patrols["patrol_id"], plan.patrols["names"], strict=True))
    return pd.DataFrame(
        [
            {
                t("col_team"): result.patrol_id,
                t("col_members"): ", ".join(names.get(result.patrol_id, [])),
                t("coverage_source"): t(f"coverage_source_{result.source}"),
                t("coverage_visited"): result.count("visited"),
                t("coverage_late"): result.count("late"),
                t("coverage_missed"): result.count("missed"),
                t("coverage_unconfirmed"): sum(stop.unconfirmed for stop in result.stops),
                t("coverage_km"): round(result.distance_km, 1),
                t("coverage_hours"): round(result.hours, 1),
                t("coverage_off_plan"): ", ".join(result.off_plan),
            }
            for result in done.patrols
        ]
    )


def _force_rows(done: WeekCoverage) -> pd.DataFrame:
    by_force = done.totals["by_force"]
    assert isinstance(by_force, dict)
    return pd.DataFrame(
        [
            {
                t("col_force"): t(f"force_{force}"),
                t("coverage_rounds"): counts["rounds"],
                t("coverage_person_turns"): counts["person_turns"],
            }
            for force, counts in by_force.items()
        ]
    )


def _sheet_form(ws: Workspace, plan: WeeklyPlan) -> None:
    """Let a check-in sheet be typed in; it is saved as an imported sheet (same checks, same log).

    After a save the page is drawn again, so the figures above count the new check-ins, and the
    editor starts empty; what the import said is shown then.
    """
    with st.expander(t("coverage_sheet"), expanded="coverage_sheet_said" in st.session_state):
        st.caption(t("coverage_sheet_help"))
        for kind, text in st.session_state.pop("coverage_sheet_said", []):
            getattr(st, kind)(text)
        places = sorted({name for stops in plan.patrols["stop_names"] for name in stops})
        names = _patrol_names(plan)
        nonce = st.session_state.get("coverage_sheet_nonce", 0)
        typed = st.data_editor(
            pd.DataFrame({column: pd.Series(dtype=str) for column in ("patrol_id", "place", "time")}),
            num_rows="dynamic",
            column_config={
                "patrol_id": st.column_config.SelectboxColumn(
                    t("field_patrol_id"),
                    options=list(plan.patrols["patrol_id"]),
                    format_func=lambda pid: names.get(str(pid), str(pid)),  # as people say it, not its id
                    required=True,
                ),
                "place": st.column_config.SelectboxColumn(t("field_place"), options=places, required=True),
                "time": st.column_config.TextColumn(t("field_time"), required=True),
            },
            key=f"coverage_sheet_{plan.week}_{nonce}",
            hide_index=True,
        )
        if st.button(
            t("coverage_sheet_save"), key="coverage_sheet_save", disabled=typed.dropna(how="all").empty
        ):
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / f"so_ky_{plan.week}.csv"
                with path.open("w", encoding="utf-8", newline="") as handle:
                    writer = csv.writer(handle)
                    writer.writerow(["patrol_id", "place", "time"])
                    writer.writerows(typed.dropna(how="all").fillna("").to_numpy().tolist())
                try:
                    report = import_record(ws, "checkins", path)
                except PatrolMapError as exc:
                    st.error(exc.message(lang()))
                    return
            st.session_state["coverage_sheet_said"] = [
                ("success", notice.message(lang())) for notice in report.notices
            ] + [
                ("warning", f"{refused.row}: {refused.reason_vi if lang() == 'vi' else refused.reason_en}")
                for refused in report.rows_refused
            ]
            st.session_state["coverage_sheet_nonce"] = nonce + 1
            st.cache_data.clear()
            st.rerun()


def _patrol_names(plan: WeeklyPlan) -> dict[str, str]:
    """Name each patrol of the week as people say it: "Thứ Hai 16/11 06:00–10:00 · Tổ 1 (Lê Văn A, …)"."""
    return {
        row.patrol_id: (
            f"{span_label(row.shift_start, row.shift_end, lang())} · {t('col_team')} "
            f"{team_number(row.team_id)} ({', '.join(row.names)})"
        )
        for row in plan.patrols.itertuples()
    }
