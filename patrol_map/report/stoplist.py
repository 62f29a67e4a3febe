"""The stop list of a plan: a table of every planned stop, as CSV for a spreadsheet and as an A4 page.

:func:`stop_table` is also what the GPX and KML exports place on the map. Times are Vietnam time
(UTC+7), positions WGS 84 degrees.
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pandas as pd
from pyproj import Transformer

from patrol_map.errors import PlanningError
from patrol_map.geo.crs import WGS84
from patrol_map.model import team_number
from patrol_map.plan.shifts import SHIFT_NAMES_VI, day_label, parse_week
from patrol_map.plan.store import WeeklyPlan
from patrol_map.report.plan_rows import (
    local_time,
    member_labels,
    minutes_text,
    patrols_in_order,
    shift_label,
)

#: Header of the stop list CSV: Vietnamese / English.
STOP_CSV_COLUMNS = (
    "Ngày / Date",
    "Ca / Shift",
    "Tổ / Team",
    "Tổ trưởng / Leader",
    "Tổ viên / Members",
    "STT / No.",
    "Giờ / Time",
    "Địa điểm / Place",
    "Số phút dừng / Minutes at stop",
    "Mã địa điểm / Place ID",
    "Mã lượt tuần tra / Patrol ID",
)
#: What a team with no stop does, in the stop lists.
AT_BASE = ("Trực tại trụ sở", "On watch at the base")


def stop_table(plan: WeeklyPlan) -> pd.DataFrame:
    """Return one row per planned stop, in shift, team and visiting order.

    Parameters
    ----------
    plan
        A plan.

    Returns
    -------
    pandas.DataFrame
        Columns ``patrol_id``, ``order`` (1, 2, ...), ``place_id``, ``name``, ``time`` (aware
        datetime, Vietnam time), ``minutes`` (planned length of the stop), ``lon``, ``lat``
        (WGS 84 degrees).

    Raises
    ------
    PlanningError
        When a patrol's stop lists do not match (a damaged plan).

    """
    patrols = plan.patrols
    to_wgs84 = Transformer.from_crs(patrols.crs, WGS84, always_xy=True)
    rows = []
    for _, patrol in patrols_in_order(patrols).iterrows():
        lists = [patrol[c] for c in ("stops", "stop_names", "stop_times", "stop_xy")]
        if len({len(values) for values in lists}) > 1:
            raise PlanningError(
                f"Lượt tuần tra {patrol['patrol_id']}: số điểm dừng, tên, giờ và vị trí không khớp nhau; "
                f"hãy lập lại kế hoạch tuần {plan.week}.",
                f"Patrol {patrol['patrol_id']}: its stops, names, times and positions do not match; "
                f"plan week {plan.week} again.",
            )
        stay = float(patrol["stop_minutes"])
        for order, (place, name, when, (x, y)) in enumerate(zip(*lists, strict=True), start=1):
            lon, lat = to_wgs84.transform(x, y)
            rows.append(
                {
                    "patrol_id": patrol["patrol_id"],
                    "order": order,
                    "place_id": place,
                    "name": name,
                    "time": local_time(when),
                    "minutes": stay,
                    "lon": lon,
                    "lat": lat,
                }
            )
    columns = ["patrol_id", "order", "place_id", "name", "time", "minutes", "lon", "lat"]
    return pd.DataFrame(rows, columns=columns)


def _patrols_with_stops(plan: WeeklyPlan) -> Iterator[tuple[pd.Series, list[Any]]]:
    """Each patrol in order with its stops (a team without stops gets an empty list)."""
    stops = stop_table(plan)
    by_patrol = {key: list(group.itertuples()) for key, group in stops.groupby("patrol_id", sort=False)}
    for _, patrol in patrols_in_order(plan.patrols).iterrows():
        yield patrol, by_patrol.get(patrol["patrol_id"], [])


def stops_csv(plan: WeeklyPlan) -> bytes:
    """Return the stop list as CSV for a spreadsheet: UTF-8 with BOM, comma-separated, CRLF.

    One row per stop with the columns of :data:`STOP_CSV_COLUMNS`; a team with no stop has one
    row saying it keeps watch at the base. Only text and whole numbers, so no regional decimal
    setting can misread a cell.

    Parameters
    ----------
    plan
        The plan to list.

    Returns
    -------
    bytes
        The CSV file.

    Raises
    ------
    PlanningError
        As :func:`stop_table`.

    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(STOP_CSV_COLUMNS)
    for patrol, stops in _patrols_with_stops(plan):
        start, end = local_time(patrol["shift_start"]), local_time(patrol["shift_end"])
        people = member_labels(patrol)
        shift = f"{SHIFT_NAMES_VI.get(patrol['shift_name'], patrol['shift_name']).capitalize()} "
        shift += f"{start:%H:%M}–{end:%H:%M}"
        team = [
            start.date().isoformat(),
            shift,
            team_number(patrol["team_id"]),
            people[0],
            "; ".join(people[1:]),
        ]
        visits = [[s.order, f"{s.time:%H:%M}", s.name, minutes_text(s.minutes), s.place_id] for s in stops]
        for visit in visits or [["", f"{start:%H:%M}", f"{AT_BASE[0]} / {AT_BASE[1]}", "", ""]]:
            writer.writerow([inert(cell) for cell in (*team, *visit, patrol["patrol_id"])])
    return out.getvalue().encode("utf-8-sig")


#: A spreadsheet reads a cell beginning with one of these as a formula (``=HYPERLINK(...)``).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert(cell: object) -> object:
    """Return a text cell a spreadsheet will not run as a formula: one beginning like one gets a ``'``.

    Written by hand: the csv module quotes, it does not defuse (OWASP's advice on CSV injection).
    """
    return f"'{cell}" if isinstance(cell, str) and cell.startswith(_FORMULA_STARTS) else cell


_PRINT_CSS = """
@page { size: A4; margin: 14mm 12mm; }
body { font-family: Arial, "Liberation Sans", "DejaVu Sans", sans-serif; font-size: 11pt; color: #000; }
h1 { font-size: 15pt; margin: 0 0 4mm; }
h2 { font-size: 13pt; margin: 5mm 0 2mm; border-bottom: 1px solid #000; }
h3 { font-size: 12pt; margin: 4mm 0 2mm; }
h4 { font-size: 11pt; margin: 3mm 0 1mm; }
.en { display: block; font-weight: normal; font-size: 85%; color: #444; }
p.people { margin: 0 0 1mm; }
table { border-collapse: collapse; width: 100%; margin-bottom: 3mm; }
th, td { border: 1px solid #555; padding: 1mm 2mm; text-align: left; vertical-align: top; }
th { background: #eee; }
td.num, th.num { text-align: right; width: 1%; white-space: nowrap; }
thead { display: table-header-group; }
section.team { break-inside: avoid; page-break-inside: avoid; }
section.day + section.day { break-before: page; page-break-before: always; }
@media screen { body { max-width: 190mm; margin: 8mm auto; } }
"""


def stops_html(plan: WeeklyPlan) -> bytes:
    """Return the stop list as a printable A4 HTML page, self-contained (no external CSS, JS or fonts).

    Per day (each day on a new printed page), shift and team: the leader and members, then a
    table of the stops in order: #, time, place, minutes at the stop. Headings in Vietnamese
    with English under.

    Parameters
    ----------
    plan
        The plan to list.

    Returns
    -------
    bytes
        The page, UTF-8.

    Raises
    ------
    PlanningError
        As :func:`stop_table`.

    """
    monday = parse_week(plan.week)
    dates = f"{monday:%d/%m}–{monday + timedelta(days=6):%d/%m/%Y}"
    title = (f"Danh sách điểm dừng tuần tra – tuần {plan.week}", f"Patrol stop list – week {plan.week}")
    parts = [
        "<!DOCTYPE html>",
        '<html lang="vi">',
        '<head><meta charset="utf-8">',
        f"<title>{_esc(title[0])} / {_esc(title[1])}</title>",
        f"<style>{_PRINT_CSS}</style></head>",
        "<body>",
        f"<h1>{_esc(title[0])} ({dates}){_en(f'{title[1]} ({dates})')}</h1>",
    ]
    day = shift = None
    for patrol, stops in _patrols_with_stops(plan):
        start = local_time(patrol["shift_start"])
        if start.date() != day:
            if day is not None:
                parts.append("</section>")
            day, shift = start.date(), None
            vi, en = f"{day_label(day)}/{day:%Y}", f"{day_label(day, 'en')}/{day:%Y}"
            parts.append(f'<section class="day"><h2>{_esc(vi)}{_en(en)}</h2>')
        if patrol["shift_id"] != shift:
            shift = patrol["shift_id"]
            vi, en = shift_label(patrol, with_day=False)
            parts.append(f"<h3>{_esc(vi)}{_en(en)}</h3>")
        parts.append(_html_team(patrol, stops))
    if day is not None:
        parts.append("</section>")
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts).encode("utf-8")


def _html_team(patrol: pd.Series, stops: list[Any]) -> str:
    team = team_number(patrol["team_id"])
    people = member_labels(patrol)
    head = "".join(
        f"<th{cls}>{_esc(vi)}{_en(en)}</th>"
        for vi, en, cls in (
            ("#", "No.", ' class="num"'),
            ("Giờ", "Time", ""),
            ("Địa điểm", "Place", ""),
            ("Số phút dừng", "Minutes at stop", ' class="num"'),
        )
    )
    cells = [(str(s.order), f"{s.time:%H:%M}", s.name, minutes_text(s.minutes)) for s in stops]
    rows = [
        f'<tr><td class="num">{n}</td><td>{t}</td><td>{_esc(place)}</td><td class="num">{m}</td></tr>'
        for n, t, place, m in cells or [("", "", f"{AT_BASE[0]} / {AT_BASE[1]}", "")]
    ]
    return "\n".join(
        [
            f'<section class="team" id="{_esc(patrol["patrol_id"])}">',
            f"<h4>Tổ {team} / Team {team}</h4>",
            f'<p class="people">Tổ trưởng / Leader: <strong>{_esc(people[0])}</strong></p>',
            f'<p class="people">Tổ viên / Members: {_esc(", ".join(people[1:]))}</p>',
            *_departure(patrol),
            f"<table><thead><tr>{head}</tr></thead><tbody>",
            *rows,
            "</tbody></table></section>",
        ]
    )


def _departure(patrol: pd.Series) -> list[str]:
    """Return the line saying when the team leaves the base."""
    moment = local_time(patrol["depart_time"])
    return [f'<p class="people">Rời trụ sở / Leaves base: <strong>{moment:%H:%M}</strong></p>']


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _en(text: str) -> str:
    return f'<span class="en" lang="en">{_esc(text)}</span>'
