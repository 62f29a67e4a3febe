"""The weekly meeting's papers: a period's briefing (PDF and XLSX) and the patrol orders of a week.

This module gathers what the papers say from the library (incidents and their trends from
:mod:`patrol_map.risk`, what the patrols did from :mod:`patrol_map.recording`, the plans from
:mod:`patrol_map.plan`); :mod:`patrol_map.report.briefing` and :mod:`patrol_map.report.orders` lay
it out. The command line and the app both call these functions.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import geopandas as gpd
import pandas as pd

from patrol_map import results
from patrol_map.access import checked_user, note, plan_for, sees_every_plan
from patrol_map.commune_settings import read_settings
from patrol_map.coverage.hotspots import hotspot_coverage
from patrol_map.coverage.tracks import track_lines
from patrol_map.coverage.week import reached_points, records_of
from patrol_map.errors import AccessError, PlanningError
from patrol_map.i18n import number, tr, unit_title
from patrol_map.model import INCIDENT_CATEGORIES
from patrol_map.plan.shifts import ReportPeriod, parse_period, week_of, week_over
from patrol_map.plan.store import WeeklyPlan, stored_patrols
from patrol_map.recording import coverage_by_period
from patrol_map.report.briefing import Briefing, briefing_pdf, briefing_xlsx
from patrol_map.report.exports import write_file
from patrol_map.report.figures import MapLayers, bar_chart, period_map
from patrol_map.report.orders import orders_pdf
from patrol_map.results import HotspotView
from patrol_map.risk.commune_forecast import HEADLINE_COVERAGE
from patrol_map.risk.counts import village_table
from patrol_map.risk.kde import DEFAULT_CELL_M, kde_grid
from patrol_map.risk.select import select_incidents
from patrol_map.security.accounts import User
from patrol_map.security.roles import Right
from patrol_map.tips import tip_counts
from patrol_map.workspace import Workspace

#: The map's risk comes from the incidents of at least this many days up to the period's end: a week
#: holds too few to show where incidents gather.
MAP_RISK_DAYS = 90


def gather_briefing(ws: Workspace, period: str, lang: str = "vi", user: User | None = None) -> Briefing:
    """Gather what a period's briefing says.

    Parameters
    ----------
    ws
        The workspace.
    period
        A week (``2026-W48``), a month (``2026-11``) or a quarter (``2026-Q4``).
    lang
        ``"vi"`` or ``"en"``: the words of the sentences made here.
    user
        Who asks (:mod:`patrol_map.access`; ``None`` in a workspace without accounts). The next
        week's plan is the part of it they may see: none for a meeting viewer, their own teams'
        for a police officer or militia member.

    Returns
    -------
    Briefing
        Incidents by category (this period and the one before), villages with their Gi* class and
        trend, incidents by source, the tips received and valuable (counts only, for every role),
        the patrols by week and by force, the forecast's back-test
        sentence, the map and the next week's plan.

    Raises
    ------
    PlanningError
        For a period not written as one.
    AccessError
        When the workspace has accounts and no user is given.

    """
    checked_user(ws, user, Right.READ_AGGREGATES)
    chosen = parse_period(period)
    everything = ws.read_optional("incidents")
    before = chosen.start - timedelta(days=1)  # the last day of the period of the same length before
    now = select_incidents(everything, chosen.start, chosen.end)
    earlier = select_incidents(everything, before - (chosen.end - chosen.start), before)
    weeks = coverage_by_period(ws, chosen.start, chosen.end, by="week")
    return Briefing(
        commune=unit_title(ws.commune_kind, ws.commune_name, lang),
        period=chosen,
        lang=lang,
        synthetic=bool(everything["is_synthetic"].astype(bool).any()) if len(everything) else False,
        categories=_by(now, earlier, "category"),
        sources=_by(now, earlier, "source"),
        villages=_villages(ws, chosen),
        weeks=weeks,
        backtest=_backtest_sentence(ws, everything, chosen, lang),
        map_svg=period_map(_map_layers(ws, everything, chosen, user), lang),
        chart_svg=_weekly_chart(weeks, lang) if len(weeks) > 1 else None,
        next_plan=_next_plan(ws, week_of(chosen.end + timedelta(days=1)), user),
        tips=(
            (
                tip_counts(ws, chosen.start, chosen.end),
                tip_counts(ws, before - (chosen.end - chosen.start), before),
            )
            if ws.has("tips")
            else None
        ),
    )


def _next_plan(ws: Workspace, week: str, user: User | None) -> WeeklyPlan | None:
    """Return the part of next week's plan ``user`` may see, or ``None`` (a viewer sees no plan to come)."""
    try:
        return plan_for(ws, week, user, action="print")
    except AccessError:
        return None


def write_briefing(
    ws: Workspace,
    period: str,
    out: str | Path,
    lang: str = "vi",
    xlsx: str | Path | None = None,
    user: User | None = None,
) -> Briefing:
    """Write a period's briefing as an A4 PDF (and its tables as XLSX) for ``user``; return what it says.

    Raises
    ------
    OutputError
        When an output is the workspace itself or cannot be written (nothing is half-written).
    AccessError
        As :func:`gather_briefing`.

    """
    briefing = gather_briefing(ws, period, lang, user)
    note(ws, user, "print", f"briefing {briefing.period.name}")
    write_file(out, briefing_pdf(briefing), keep=ws.path)
    if xlsx is not None:
        write_file(xlsx, briefing_xlsx(briefing), keep=ws.path)
    return briefing


def write_orders(
    ws: Workspace,
    week: str,
    out: str | Path,
    lang: str = "vi",
    day: str | None = None,
    shift: str | None = None,
    user: User | None = None,
) -> int:
    """Write the patrol orders of a week (or of one day, or one shift) as an A4 PDF, one page each.

    ``user`` gets the orders of the patrols they may see (:func:`patrol_map.access.plan_for`).

    Returns
    -------
    int
        The number of orders written.

    Raises
    ------
    PlanningError
        When the week has no plan, or no patrol is on that day or shift.
    AccessError
        When the user may not see that week's plan.

    """
    plan = plan_for(ws, week, user, action="print")
    if plan is None:
        raise PlanningError(
            f"Tuần {week} chưa có kế hoạch; hãy lập kế hoạch trước (patrol-map plan).",
            f"Week {week} has no plan yet; make one first (patrol-map plan).",
        )
    patrols = plan.patrols
    if day is not None:
        patrols = patrols[patrols["shift_start"].str.startswith(day)]
    if shift is not None:
        patrols = patrols[patrols["shift_name"] == shift]
    if patrols.empty:
        raise PlanningError(
            f"Không có lượt tuần tra nào của tuần {week} vào ngày/ca đã chọn ({day or ''} {shift or ''}).",
            f"No patrol of week {week} on the day or shift chosen ({day or ''} {shift or ''}).",
        )
    layers = MapLayers(
        ws.read("commune"),
        ws.read_optional("villages"),
        ws.read("roads"),
        gpd.GeoDataFrame(geometry=[], crs=ws.crs),
        gpd.GeoSeries([], crs=ws.crs),
        gpd.GeoSeries([], crs=ws.crs),
    )
    people = ws.read("people") if ws.has("people") else pd.DataFrame(columns=["person_id"])
    pdf = orders_pdf(unit_title(ws.commune_kind, ws.commune_name, lang), patrols, people, layers, lang)
    write_file(out, pdf, keep=ws.path)
    return len(patrols)


def _by(now: pd.DataFrame, earlier: pd.DataFrame, column: str) -> pd.DataFrame:
    """Count incidents by ``column`` in the period and the one before it, most first."""
    table = pd.DataFrame({"now": now[column].value_counts(), "before": earlier[column].value_counts()})
    table = table.fillna(0).astype(int).rename_axis("key").reset_index()
    return table.sort_values(["now", "before", "key"], ascending=[False, False, True], ignore_index=True)


def _villages(ws: Workspace, chosen: ReportPeriod) -> pd.DataFrame:
    """Each village's incidents in the period, Gi* class and trend (as the hotspot page tells them)."""
    if not ws.has("villages"):
        return pd.DataFrame(columns=["name", "count", "hotspot", "verdict", "recent", "earlier"])
    view = _view(ws, chosen)
    found = results.trends(ws, view)
    trends = found[0] if found is not None else None
    return village_table(results.village_spots(ws, view), trends, (chosen.end - chosen.start).days + 1)


def _backtest_sentence(
    ws: Workspace, everything: gpd.GeoDataFrame, chosen: ReportPeriod, lang: str
) -> str | None:
    """Say how the forecast did over the weeks up to the period's end, or ``None`` with no week scored."""
    if select_incidents(everything, None, chosen.end).empty:
        return None
    summary = results.backtest(ws, _view(ws, chosen))
    if summary.scored == 0:
        return None
    hit = summary.mean["hit_rate"][str(HEADLINE_COVERAGE)] or 0.0
    pai = summary.mean["pai"][str(HEADLINE_COVERAGE)] or 0.0
    return tr(
        "print_backtest",
        lang,
        weeks=len(summary.windows),
        percent=HEADLINE_COVERAGE,
        hit=round(100 * hit),
        pai=number(pai, lang, 1),
    )


def _view(ws: Workspace, chosen: ReportPeriod) -> HotspotView:
    # The period as the hotspot page would show it: every category, the default method.
    # Its results come from patrol_map.results: stored ones are read, others computed.
    weight = read_settings(ws).patrol_weight  # the commune's, as the hotspot page and stored results
    return HotspotView(chosen.start, chosen.end, tuple(INCIDENT_CATEGORIES), weight)


def _map_layers(
    ws: Workspace, everything: gpd.GeoDataFrame, chosen: ReportPeriod, user: User | None
) -> MapLayers:
    """Gather the period's map: risk cells of the incidents up to its end, circuits, recorded tracks.

    A user who may not see every plan sees only the circuits of weeks that are over, as
    :func:`patrol_map.access.plan_for` shows them (a month's briefing made mid-month would
    otherwise show the rest of the month's circuits).
    """
    start = min(chosen.start, chosen.end - timedelta(days=MAP_RISK_DAYS - 1))
    commune = ws.read("commune")
    grid = kde_grid(select_incidents(everything, start, chosen.end), commune)
    patrols = stored_patrols(ws)
    nowhere = gpd.GeoDataFrame(geometry=gpd.GeoSeries([], crs=ws.crs))
    if patrols is None:  # nothing planned yet: the risk alone
        cells = hotspot_coverage(grid, nowhere, nowhere, DEFAULT_CELL_M)
        return MapLayers(
            commune, ws.read_optional("villages"), ws.read("roads"), cells, nowhere.geometry, nowhere.geometry
        )
    days = patrols["shift_start"].str[:10]
    patrols = patrols[(days >= chosen.start.isoformat()) & (days <= chosen.end.isoformat())]
    if not sees_every_plan(ws, user):  # the circuits of weeks that are over only
        patrols = patrols[patrols["week"].map(week_over).astype(bool)]
    records = records_of(ws, patrols)
    fixes, signed = reached_points(ws, patrols, records)
    return MapLayers(
        commune,
        ws.read_optional("villages"),
        ws.read("roads"),
        hotspot_coverage(grid, fixes, signed, DEFAULT_CELL_M),
        gpd.GeoSeries(patrols.geometry, crs=ws.crs),
        gpd.GeoSeries(track_lines(records.fixes).geometry, crs=ws.crs),
    )


def _weekly_chart(weeks: pd.DataFrame, lang: str) -> bytes:
    table = weeks.set_index("period")[["rounds", "person_turns"]]
    return bar_chart(
        table.rename(
            columns={"rounds": tr("coverage_rounds", lang), "person_turns": tr("coverage_person_turns", lang)}
        )
    )
