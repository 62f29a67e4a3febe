"""The period's briefing laid out: an A4 PDF shaped as the commune's own report, and its tables as XLSX.

What it says is gathered by :func:`patrol_map.meeting.gather_briefing`; here it is only worded and
placed: the letterhead, the incidents by category and by village with their trend, the patrols done
by force and by week against the plan, the map, the forecast's back-test sentence, next week's plan
on one page, and the sign-off.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

import pandas as pd
from openpyxl import Workbook

from patrol_map.i18n import number, tr
from patrol_map.model import INCIDENT_CATEGORIES, INCIDENT_SOURCES
from patrol_map.plan.shifts import ReportPeriod, span_label
from patrol_map.plan.store import WeeklyPlan
from patrol_map.report.typeset import Document, table_block, typeset
from patrol_map.risk.hotspot_classes import HOTSPOT_CLASSES
from patrol_map.risk.trends import VERDICTS

#: Villages listed in the briefing: those with incidents, at most this many (the XLSX has them all).
VILLAGE_ROWS = 15


@dataclass(frozen=True)
class Briefing:
    """What a period's briefing says (:func:`patrol_map.meeting.gather_briefing`)."""

    commune: str
    period: ReportPeriod
    lang: str
    synthetic: bool
    #: ``key`` (category), ``now`` and ``before`` (the period of the same length just before).
    categories: pd.DataFrame
    #: ``key`` (source: citizen reports are the tips received), ``now`` and ``before``.
    sources: pd.DataFrame
    #: :func:`patrol_map.risk.counts.village_table` of the period.
    villages: pd.DataFrame
    #: :func:`patrol_map.recording.coverage_by_period` of the period, by week.
    weeks: pd.DataFrame
    #: How the forecast did in the weeks up to the period's end, or ``None``.
    backtest: str | None
    map_svg: bytes
    #: Rounds and person-turns by week (a month or a quarter), or ``None``.
    chart_svg: bytes | None
    #: The plan of the week after the period, when stored.
    next_plan: WeeklyPlan | None
    #: Tips by village (:func:`patrol_map.tips.tip_counts`) this period and the one before, or
    #: ``None`` when the commune stores no tips. Counts only: no tip's content or informant.
    tips: tuple[pd.DataFrame, pd.DataFrame] | None = None


def briefing_tables(briefing: Briefing) -> dict[str, pd.DataFrame]:
    """Return the briefing's tables, worded in its language: the PDF prints them, the XLSX holds them."""
    lang = briefing.lang
    categories = {k: v if lang == "vi" else e for k, (v, e) in INCIDENT_CATEGORIES.items()}
    sources = {k: v if lang == "vi" else e for k, (v, e) in INCIDENT_SOURCES.items()}
    now, before = tr("print_this_period", lang), tr("print_period_before", lang)
    tables = {
        tr("print_sheet_categories", lang): pd.DataFrame(
            {
                tr("col_category", lang): [categories.get(k, k) for k in briefing.categories["key"]],
                now: briefing.categories["now"],
                before: briefing.categories["before"],
            }
        ),
        tr("print_sheet_sources", lang): pd.DataFrame(
            {
                tr("print_source", lang): [sources.get(k, k) for k in briefing.sources["key"]],
                now: briefing.sources["now"],
                before: briefing.sources["before"],
            }
        ),
        tr("print_sheet_villages", lang): pd.DataFrame(
            {
                tr("col_village", lang): briefing.villages["name"],
                tr("col_count", lang): briefing.villages["count"],
                tr("col_gi", lang): [_named(HOTSPOT_CLASSES, k, lang) for k in briefing.villages["hotspot"]],
                tr("col_trend", lang): [_named(VERDICTS, v, lang) for v in briefing.villages["verdict"]],
            }
        ),
        tr("print_sheet_forces", lang): _forces(briefing.weeks, lang),
        tr("print_sheet_weeks", lang): _weeks(briefing.weeks, lang),
    }
    if briefing.tips is not None:
        tables[tr("print_sheet_tips", lang)] = pd.DataFrame(
            {
                tr("col_village", lang): briefing.tips[0]["village"],
                tr("col_tips_received", lang): briefing.tips[0]["received"],
                tr("col_tips_valuable", lang): briefing.tips[0]["valuable"],
            }
        )
    if briefing.next_plan is not None:
        tables[tr("print_sheet_next", lang)] = _next_week(briefing.next_plan, lang)
    return tables


def briefing_pdf(briefing: Briefing, today: date | None = None) -> bytes:
    """Typeset the briefing as an A4 PDF (see :mod:`patrol_map.report.typeset`)."""
    lang, period = briefing.lang, briefing.period
    today = today or date.today()
    label = period.label(lang)
    doc = Document(
        title=tr("print_briefing_title", lang, period=label),
        author=briefing.commune,
        lang=lang,
        footer=f"{briefing.commune} · {tr('print_briefing_title', lang, period=label)}",
    )
    doc.add(
        "letterhead",
        above=tr("print_above", lang, commune=briefing.commune[:1].lower() + briefing.commune[1:]),
        issuer=tr("print_issuer", lang),
        state=tr("print_state", lang),
        motto=tr("print_motto", lang),
        place_date=tr(
            "print_place_date",
            lang,
            place=briefing.commune,
            day=today.day,
            month=today.month,
            year=today.year,
        ),
    )
    doc.add(
        "title", text=tr("print_report", lang), subtitle=tr("print_briefing_subtitle", lang, period=label)
    )
    if briefing.synthetic:
        doc.add("note", text=tr("print_synthetic", lang))
    tables = briefing_tables(briefing)
    names = list(tables)
    doc.add("heading", level=2, text=tr("print_section_incidents", lang))
    total_now, total_before = int(briefing.categories["now"].sum()), int(briefing.categories["before"].sum())
    doc.add("text", text=tr("print_incidents_sentence", lang, now=total_now, before=total_before))
    doc.add(
        "columns",
        cells=[_table(tables[names[0]], lang, [2.2, 1, 1]), _table(tables[names[1]], lang, [2.2, 1, 1])],
    )
    if briefing.tips is None:
        doc.add("note", text=tr("print_tips_note", lang))
    else:
        now, before = briefing.tips
        doc.add(
            "text",
            text=tr(
                "print_tips_sentence",
                lang,
                now=int(now["received"].sum()),
                before=int(before["received"].sum()),
                valuable_now=int(now["valuable"].sum()),
                valuable_before=int(before["valuable"].sum()),
            ),
        )
    villages = tables[names[2]]
    shown = villages[villages.iloc[:, 1] > 0].head(VILLAGE_ROWS)
    doc.add("heading", level=3, text=tr("print_villages_heading", lang))
    doc.blocks.append(_table(shown, lang, [2, 1, 2, 1.6]))
    doc.add("note", text=tr("print_villages_note", lang))
    doc.add("heading", level=2, text=tr("print_section_patrols", lang))
    doc.add("text", text=_patrol_sentence(briefing.weeks, lang))
    doc.blocks.append(_table(tables[names[3]], lang, [2, 1, 1, 1, 1]))
    doc.blocks.append(_table(tables[names[4]], lang, [1.3, 1, 1, 1, 1, 1, 1, 1]))
    doc.add("note", text=tr("print_weeks_note", lang))
    if briefing.chart_svg is not None:
        doc.add(**doc.picture(briefing.chart_svg, 95))
    doc.add("heading", level=2, text=tr("print_section_map", lang))
    doc.add(**doc.picture(briefing.map_svg, 100))
    doc.add("note", text=tr("print_map_note", lang))
    if briefing.backtest is not None:
        doc.add("text", text=briefing.backtest)
    doc.add("note", text=tr("print_backtest_note", lang))
    doc.add(
        "signatures",
        names=[tr("print_sign_police", lang), tr("print_sign_military", lang)],
        notes=[tr("print_sign_note", lang)] * 2,
    )
    if briefing.next_plan is not None:
        doc.add("pagebreak")
        doc.add("heading", level=2, text=tr("print_section_next", lang, week=briefing.next_plan.week))
        # A week of two teams in three shifts is 42 rows: small print keeps it on one page.
        doc.blocks.append(_table(tables[names[5]], lang, [1.9, 0.35, 4.4, 0.45, 0.55], size_pt=7.5))
    return typeset(doc)


def briefing_xlsx(briefing: Briefing) -> bytes:
    """Write the briefing's tables as one XLSX workbook, a sheet each; text is never read as a formula."""
    book = Workbook()
    book.remove(book.active)
    for name, table in briefing_tables(briefing).items():
        sheet = book.create_sheet(name[:31])  # Excel's limit on a sheet's name
        sheet.append([str(c) for c in table.columns])
        for row in table.itertuples(index=False):
            sheet.append([_cell(v) for v in row])
        for cells in sheet.iter_rows(min_row=2):
            for cell in cells:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # "=HYPERLINK(...)" in a name stays text
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(value: object) -> object:
    if isinstance(value, float) and pd.isna(value):
        return None
    return value.item() if hasattr(value, "item") else value


def _table(frame: pd.DataFrame, lang: str, widths: list[float], size_pt: float = 10.0) -> dict[str, object]:
    numeric = [pd.api.types.is_numeric_dtype(frame[c]) for c in frame.columns]
    rows = [
        [
            number(v, lang, 1 if isinstance(v, float) else 0) if is_number else v
            for v, is_number in zip(row, numeric, strict=True)
        ]
        for row in frame.itertuples(index=False)
    ]
    return table_block([str(c) for c in frame.columns], rows, widths, numeric, size_pt)


def _named(names: dict[str, tuple[str, str]], key: object, lang: str) -> str:
    """Return a class's name (a Gi* class, a trend's verdict) in ``lang``; empty for none."""
    if not isinstance(key, str) or key not in names:
        return ""
    vi, en = names[key]
    return vi if lang == "vi" else en


def _forces(weeks: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Count rounds and person-turns by force; every round is joint: each force took part in all."""
    total = weeks.sum(numeric_only=True) if len(weeks) else pd.Series(dtype=float)
    rounds = int(total.get("rounds", 0))
    return pd.DataFrame(
        {
            tr("col_force", lang): [
                tr("force_police", lang).capitalize(),
                tr("force_militia", lang).capitalize(),
                tr("col_total", lang),
            ],
            tr("coverage_rounds", lang): [rounds, rounds, rounds],
            tr("coverage_person_turns", lang): [
                int(total.get("police_turns", 0)),
                int(total.get("militia_turns", 0)),
                int(total.get("person_turns", 0)),
            ],
            tr("coverage_km", lang): [None, None, round(float(total.get("distance_km", 0.0)), 1)],
            tr("coverage_hours", lang): [None, None, round(float(total.get("hours", 0.0)), 1)],
        }
    )


def _weeks(weeks: pd.DataFrame, lang: str) -> pd.DataFrame:
    planned = weeks["risk_planned"].astype(float) if len(weeks) else pd.Series(dtype=float)
    share = (
        (weeks["risk_covered"].astype(float) / planned.where(planned > 0)).fillna(0.0)
        if len(weeks)
        else planned
    )
    return pd.DataFrame(
        {
            tr("print_week", lang): weeks.get("period", pd.Series(dtype=str)),
            tr("print_patrols_planned", lang): weeks.get("patrols", pd.Series(dtype=int)),
            tr("coverage_rounds", lang): weeks.get("rounds", pd.Series(dtype=int)),
            tr("print_stops_planned", lang): weeks.get("stops_planned", pd.Series(dtype=int)),
            tr("coverage_visited", lang): weeks.get("stops_visited", pd.Series(dtype=int)),
            tr("coverage_late", lang): weeks.get("stops_late", pd.Series(dtype=int)),
            tr("coverage_missed", lang): weeks.get("stops_missed", pd.Series(dtype=int)),
            tr("print_risk_share", lang): [f"{round(100 * s)} %" for s in share],
        }
    )


def _patrol_sentence(weeks: pd.DataFrame, lang: str) -> str:
    if weeks.empty:
        return tr("print_no_patrols", lang)
    total = weeks.sum(numeric_only=True)
    if int(total["rounds"]) == 0:
        return tr("print_no_records", lang, patrols=int(total["patrols"]))
    return tr(
        "print_patrol_sentence",
        lang,
        rounds=int(total["rounds"]),
        turns=int(total["person_turns"]),
        police=int(total["police_turns"]),
        militia=int(total["militia_turns"]),
        km=number(float(total["distance_km"]), lang, 0),
        patrols=int(total["patrols"]),
    )


def _next_week(plan: WeeklyPlan, lang: str) -> pd.DataFrame:
    rows = plan.patrols
    return pd.DataFrame(
        {
            tr("col_shift", lang): [
                span_label(s, e, lang) for s, e in zip(rows["shift_start"], rows["shift_end"], strict=True)
            ],
            tr("col_team", lang): [t.rsplit("-", 1)[-1] for t in rows["team_id"]],
            tr("col_members", lang): [", ".join(n) for n in rows["names"]],
            tr("print_stop_count", lang): [len(s) for s in rows["stops"]],
            tr("coverage_km", lang): [round(m / 1000, 1) for m in rows["length_m"]],
        }
    )
