"""Exporting a weekly plan: GPX for phones, KML for Google Earth, GeoJSON for GIS, stop lists to print.

Formats (:data:`FORMATS`):

``geojson``
    One LineString feature per patrol with the properties of :data:`GEOJSON_PROPERTIES`.
``gpx``
    One GPX 1.1 file for the whole week: a waypoint per planned stop, a track per patrol.
``gpx-teams``
    One GPX 1.1 file per patrol, named ``<patrol_id>.gpx``, holding only that team's circuit and
    stops: the file a commander sends to the team leader's phone (Zalo, Bluetooth, USB) and that
    OsmAnd, Organic Maps or Locus opens with a tap. Written into a folder, or into one ``.zip``
    archive when the output name ends in ``.zip`` (a single download in the app).
``kml``
    Google Earth: one Folder per shift, a LineString Placemark per patrol, a Point per stop.
``stops-csv``
    The stop list for a spreadsheet: UTF-8 with a byte-order mark so Excel shows Vietnamese,
    one row per stop, headers "Vietnamese / English" (:data:`STOP_CSV_COLUMNS`).
``stops-html``
    The stop list as an A4 page to print: per day, shift and team, the leader and members,
    then the ordered stops with their time, place and minutes; each day starts a new page.

All positions are in WGS 84 (EPSG:4326). GPX times are UTC (``...Z``), as GPX 1.1 asks and as
every OsmAnd version reads; the local time (UTC+7) is written in the descriptions and lists.

GPX and KML are written with :mod:`xml.etree` rather than GDAL (pyogrio): GDAL's GPX driver
cannot put waypoints and tracks in one file (each ``write_dataframe`` creates a new file and the
driver has no append), and its KML drivers neither nest folders by shift nor style features per
team; gpxpy would be one more dependency for a few dozen lines of XML.

Every file is written whole or not at all: to a temporary file beside it, then renamed over
the target (:func:`os.replace`), so a failed export leaves no half-written file.
"""

from __future__ import annotations

import csv
import html
import io
import json
import math
import os
import re
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

import geopandas as gpd
import numpy as np
import pandas as pd
from pyproj import Transformer

from patrol_map._version import __version__
from patrol_map.errors import PatrolMapError, PlanningError
from patrol_map.geo.crs import WGS84
from patrol_map.i18n import tr
from patrol_map.model import VIETNAM_TZ
from patrol_map.plan.schedule import DEFAULT_STOP_MINUTES, WeeklyPlan
from patrol_map.plan.shifts import SHIFT_NAMES_VI, day_label, parse_week

#: Properties of the GeoJSON export, in order; list-valued ones are JSON arrays.
#: ``stop_times`` is written when the plan has it (plans made before it existed lack it).
GEOJSON_PROPERTIES = (
    "patrol_id",
    "week",
    "shift_id",
    "shift_name",
    "shift_start",
    "shift_end",
    "team_id",
    "members",
    "names",
    "forces",
    "length_m",
    "duration_s",
    "risk",
    "stops",
    "stop_names",
    "stop_times",
)
_LIST_PROPERTIES = ("members", "names", "forces", "stops", "stop_names", "stop_times")
FORMATS = ("geojson", "gpx", "gpx-teams", "kml", "stops-csv", "stops-html")
#: Columns every stop-level export needs, aligned with ``stops`` (JSON lists).
STOP_COLUMNS = ("stop_times", "stop_xy")
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

GPX_NS = "http://www.topografix.com/GPX/1/1"
KML_NS = "http://www.opengis.net/kml/2.2"
_XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
_DIGITS = 7  # decimals of a degree: about 1 cm
# The map's team palette (Okabe–Ito, maps.layers.TEAM_COLOURS), repeated here: report does not import folium.
_TEAM_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")


class Download(NamedTuple):
    """One export as bytes, ready for a download button: file name, content and MIME type."""

    file_name: str
    data: bytes
    mime: str


# ---------------------------------------------------------------- the stops of a plan


def stop_table(plan: WeeklyPlan) -> pd.DataFrame:
    """Return one row per planned stop, in shift, team and visiting order.

    Parameters
    ----------
    plan
        A plan whose patrols carry ``stop_times`` and ``stop_xy`` (:data:`STOP_COLUMNS`).

    Returns
    -------
    pandas.DataFrame
        Columns ``patrol_id``, ``order`` (1, 2, ...), ``place_id``, ``name``, ``time`` (aware
        datetime, Vietnam time), ``minutes`` (planned length of the stop), ``lon``, ``lat``
        (WGS 84 degrees).

    Raises
    ------
    PlanningError
        When the plan was made by an older version, without stop times and positions, or a
        patrol's stop lists do not match.

    """
    _require_stop_columns(plan)
    patrols = plan.patrols
    to_wgs84 = Transformer.from_crs(patrols.crs, WGS84, always_xy=True)
    rows = []
    for _, patrol in _in_order(patrols).iterrows():
        lists = [json.loads(patrol[c]) for c in ("stops", "stop_names", "stop_times", "stop_xy")]
        lists.append(_stop_minutes(patrol.get("stop_minutes"), len(lists[0])))
        if len({len(values) for values in lists}) > 1:
            raise PlanningError(
                f"Lượt tuần tra {patrol['patrol_id']}: số điểm dừng, tên, giờ và vị trí không khớp nhau; "
                f"hãy lập lại kế hoạch tuần {plan.week}.",
                f"Patrol {patrol['patrol_id']}: its stops, names, times and positions do not match; "
                f"plan week {plan.week} again.",
            )
        for order, (place, name, when, (x, y), stay) in enumerate(zip(*lists, strict=True), start=1):
            lon, lat = to_wgs84.transform(x, y)
            rows.append(
                {
                    "patrol_id": patrol["patrol_id"],
                    "order": order,
                    "place_id": place,
                    "name": name,
                    "time": _local(when),
                    "minutes": stay,
                    "lon": lon,
                    "lat": lat,
                }
            )
    columns = ["patrol_id", "order", "place_id", "name", "time", "minutes", "lon", "lat"]
    return pd.DataFrame(rows, columns=columns)


def _missing_stop_columns(patrols: pd.DataFrame) -> list[str]:
    """Stop columns a plan lacks; rows of older plans stored beside newer ones hold nulls there."""
    return [c for c in STOP_COLUMNS if c not in patrols.columns or patrols[c].isna().any()]


def _require_stop_columns(plan: WeeklyPlan) -> None:
    """Refuse a plan made before stops had times and positions."""
    missing = _missing_stop_columns(plan.patrols)
    if missing:
        raise PlanningError(
            f"Kế hoạch tuần {plan.week} được lập bằng phiên bản cũ, chưa có giờ và vị trí của từng điểm "
            f"dừng (thiếu cột {', '.join(missing)}); hãy lập lại kế hoạch tuần này (patrol-map plan "
            f"TỆP_DỮ_LIỆU --week {plan.week}) rồi xuất lại.",
            f"The plan of week {plan.week} was made by an older version, without each stop's time and "
            f"position (missing column {', '.join(missing)}); plan this week again (patrol-map plan "
            f"WORKSPACE --week {plan.week}) and export again.",
        )


def _stop_minutes(value: object, count: int) -> list[float]:
    """Return the planned minutes at each stop from a ``stop_minutes`` cell (number, JSON list or none).

    Plans without that column were all made with the default stop length.
    """
    if isinstance(value, str):
        value = json.loads(value)
    if isinstance(value, list):
        return [float(v) for v in value]
    if value is None or (isinstance(value, float) and math.isnan(value)):
        value = DEFAULT_STOP_MINUTES
    return [float(value)] * count  # type: ignore[arg-type]


def _local(text: str) -> datetime:
    """Read a stored ISO time; a time without offset is Vietnam time."""
    moment = datetime.fromisoformat(text)
    return moment.replace(tzinfo=VIETNAM_TZ) if moment.tzinfo is None else moment.astimezone(VIETNAM_TZ)


def _in_order(patrols: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Patrols by shift start, then team number."""
    starts = [_local(text).timestamp() for text in patrols["shift_start"]]
    teams = [_team(team_id) for team_id in patrols["team_id"]]
    return patrols.iloc[np.lexsort((teams, starts))]


def _team(team_id: str) -> int:
    """Team number within its shift: ``2026-11-23-evening-T2`` -> 2 (0 when there is none)."""
    match = re.search(r"T(\d+)$", str(team_id))
    return int(match[1]) if match else 0


def _people(patrol: pd.Series, lang: str = "vi") -> list[str]:
    """Return a patrol's members as "Name (force)", leader first."""
    return [
        f"{name} ({tr('force_' + force, lang)})"
        for name, force in zip(json.loads(patrol["names"]), json.loads(patrol["forces"]), strict=True)
    ]


def _shift_words(patrol: pd.Series, with_day: bool = True) -> tuple[str, str]:
    """Return a shift as commanders say it, ``Ca tối Thứ Hai 23/11 19:00–23:00``, and in English."""
    start, end = _local(patrol["shift_start"]), _local(patrol["shift_end"])
    hours = f"{start:%H:%M}–{end:%H:%M}"
    name = str(patrol["shift_name"])
    if not with_day:
        return f"Ca {SHIFT_NAMES_VI.get(name, name)} {hours}", f"{name.capitalize()} shift {hours}"
    vi = f"Ca {SHIFT_NAMES_VI.get(name, name)} {day_label(start.date())} {hours}"
    en = f"{name.capitalize()} shift, {day_label(start.date(), 'en')} {hours}"
    return vi, en


def _minutes(value: float) -> str:
    return f"{value:g}"


# ---------------------------------------------------------------- GeoJSON


def plan_geojson(plan: WeeklyPlan) -> bytes:
    """Return the plan as GeoJSON: one LineString per patrol, properties of :data:`GEOJSON_PROPERTIES`."""
    patrols = plan.patrols.to_crs(WGS84)
    present = [p for p in GEOJSON_PROPERTIES if p in patrols.columns and patrols[p].notna().all()]
    frame = patrols[[*present, "geometry"]].copy()
    for column in _LIST_PROPERTIES:
        if column in frame.columns:
            frame[column] = frame[column].map(json.loads)
    return frame.to_json(drop_id=True, ensure_ascii=False).encode("utf-8")


# ---------------------------------------------------------------- GPX


def plan_gpx(plan: WeeklyPlan) -> bytes:
    """Return the whole week as one GPX 1.1 file: every stop as a waypoint, every patrol as a track.

    A plan made before stops had times and positions gets its tracks only.
    """
    stops = None if _missing_stop_columns(plan.patrols) else stop_table(plan)
    return _gpx(_in_order(plan.patrols), stops, f"Tuần tra tuần {plan.week} / Patrols, week {plan.week}")


def team_gpx_files(plan: WeeklyPlan) -> dict[str, bytes]:
    """Return one GPX 1.1 file per patrol, ``{"<patrol_id>.gpx": content}``, for the team leader's phone.

    Each file holds the team's stops as waypoints (name = the place, time = when the stop begins,
    description = order, local time and planned minutes) and its circuit as a track.

    Raises
    ------
    PlanningError
        As :func:`stop_table`.

    """
    return {name: data for name, _, data in _team_gpx(plan)}


def team_gpx_zip(plan: WeeklyPlan) -> bytes:
    """Return :func:`team_gpx_files` as one ZIP archive, each entry dated by its shift's start."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, start, data in _team_gpx(plan):
            entry = zipfile.ZipInfo(name, date_time=start.timetuple()[:6])
            archive.writestr(entry, data, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _team_gpx(plan: WeeklyPlan) -> list[tuple[str, datetime, bytes]]:
    """(file name, shift start, GPX) of each patrol, in shift and team order."""
    stops = stop_table(plan)
    ordered = _in_order(plan.patrols)
    files = []
    for position in range(len(ordered)):
        one = ordered.iloc[[position]]
        patrol = one.iloc[0]
        team, (vi, en) = _team(patrol["team_id"]), _shift_words(patrol)
        data = _gpx(
            one, stops[stops["patrol_id"] == patrol["patrol_id"]], f"Tổ {team} · {vi} / Team {team} · {en}"
        )
        files.append((f"{_safe_name(patrol['patrol_id'])}.gpx", _local(patrol["shift_start"]), data))
    return files


def _safe_name(text: str) -> str:
    """Return a file name made of an id's letters, digits, dots, dashes and underscores."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", str(text)).strip("._") or "patrol"


def _gpx(patrols: gpd.GeoDataFrame, stops: pd.DataFrame | None, title: str) -> bytes:
    """Write patrols (any CRS) and their stops (WGS 84) as GPX 1.1: metadata, then wpt, then trk."""
    root = ET.Element(
        "gpx",
        {
            "xmlns": GPX_NS,
            "xmlns:xsi": _XSI_NS,
            "xsi:schemaLocation": f"{GPX_NS} {GPX_NS}/gpx.xsd",
            "version": "1.1",
            "creator": f"patrol-map {__version__}",
        },
    )
    ET.SubElement(ET.SubElement(root, "metadata"), "name").text = title
    counts = {} if stops is None else stops.groupby("patrol_id")["order"].max().to_dict()
    for stop in () if stops is None else stops.itertuples():
        wpt = ET.SubElement(root, "wpt", lat=_deg(stop.lat), lon=_deg(stop.lon))
        ET.SubElement(wpt, "time").text = _utc(stop.time)
        ET.SubElement(wpt, "name").text = stop.name
        ET.SubElement(wpt, "desc").text = (
            f"Điểm {stop.order}/{counts[stop.patrol_id]} · {stop.time:%H:%M} · dừng {_minutes(stop.minutes)} "
            f"phút / Stop {stop.order} of {counts[stop.patrol_id]} · {stop.time:%H:%M} · "
            f"{_minutes(stop.minutes)} min · {stop.patrol_id}"
        )
    for number, (_, patrol) in enumerate(patrols.to_crs(WGS84).iterrows(), start=1):
        if patrol.geometry is None or patrol.geometry.is_empty:
            continue
        trk = ET.SubElement(root, "trk")
        ET.SubElement(trk, "name").text = patrol["patrol_id"]
        vi, en = _shift_words(patrol)
        ET.SubElement(trk, "desc").text = f"{vi} / {en}; " + ", ".join(_people(patrol))
        ET.SubElement(trk, "number").text = str(number)
        segment = ET.SubElement(trk, "trkseg")
        for lon, lat in patrol.geometry.coords:
            ET.SubElement(segment, "trkpt", lat=_deg(lat), lon=_deg(lon))
    return _xml(root)


def _deg(value: float) -> str:
    return f"{value:.{_DIGITS}f}"


def _utc(moment: datetime) -> str:
    """Return a GPX time: UTC with whole seconds and ``Z`` (``2026-11-23T12:24:00Z``)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


# ---------------------------------------------------------------- KML


def plan_kml(plan: WeeklyPlan) -> bytes:
    """Return the plan as KML 2.2 for Google Earth.

    One Folder per shift, in time order; in it a LineString Placemark per patrol (name: team and
    leader; description: members, shift times, stops with their times) in its team's colour, and
    a Point Placemark per stop named "order. place".

    Raises
    ------
    PlanningError
        As :func:`stop_table`.

    """
    stops = stop_table(plan)
    root = ET.Element("kml", {"xmlns": KML_NS})
    document = ET.SubElement(root, "Document")
    ET.SubElement(
        document, "name"
    ).text = f"Kế hoạch tuần tra tuần {plan.week} / Patrol plan, week {plan.week}"
    for k, colour in enumerate(_TEAM_COLOURS, start=1):
        style = ET.SubElement(document, "Style", id=f"team-{k}")
        ET.SubElement(ET.SubElement(style, "IconStyle"), "color").text = _kml_colour(colour)
        line_style = ET.SubElement(style, "LineStyle")
        ET.SubElement(line_style, "color").text = _kml_colour(colour)
        ET.SubElement(line_style, "width").text = "4"
    patrols = _in_order(plan.patrols.to_crs(WGS84))
    for _, shift in patrols.groupby("shift_id", sort=False):
        folder = ET.SubElement(document, "Folder")
        vi, en = _shift_words(shift.iloc[0])
        ET.SubElement(folder, "name").text = f"{vi} / {en}"
        for _, patrol in shift.iterrows():
            mine = stops[stops["patrol_id"] == patrol["patrol_id"]]
            _kml_patrol(folder, patrol, mine)
            for stop in mine.itertuples():
                _kml_stop(folder, patrol, stop)
    return _xml(root)


def _kml_patrol(folder: ET.Element, patrol: pd.Series, stops: pd.DataFrame) -> None:
    team = _team(patrol["team_id"])
    people = _people(patrol)
    placemark = ET.SubElement(folder, "Placemark")
    ET.SubElement(placemark, "name").text = f"Tổ {team} – {json.loads(patrol['names'])[0]}"
    vi, en = _shift_words(patrol)
    visits = (
        "; ".join(f"{s.time:%H:%M} {s.name}" for s in stops.itertuples()) or f"{AT_BASE[0]} / {AT_BASE[1]}"
    )
    ET.SubElement(placemark, "description").text = (
        f"{vi} / {en}\nTổ trưởng / Leader: {people[0]}\nTổ viên / Members: {', '.join(people[1:])}\n"
        f"Điểm dừng / Stops: {visits}\n"
        f"{patrol['length_m'] / 1000:.1f} km, {patrol['duration_s'] / 60:.0f} phút / min"
    )
    ET.SubElement(placemark, "styleUrl").text = f"#team-{(team - 1) % len(_TEAM_COLOURS) + 1}"
    _extended(
        placemark,
        patrol_id=patrol["patrol_id"],
        shift_start=patrol["shift_start"],
        shift_end=patrol["shift_end"],
        members=", ".join(people),
    )
    if patrol.geometry is None or patrol.geometry.is_empty:
        return
    line = ET.SubElement(placemark, "LineString")
    ET.SubElement(line, "tessellate").text = "1"
    ET.SubElement(line, "coordinates").text = " ".join(
        f"{_deg(x)},{_deg(y)}" for x, y in patrol.geometry.coords
    )


def _kml_stop(folder: ET.Element, patrol: pd.Series, stop: Any) -> None:
    team = _team(patrol["team_id"])
    placemark = ET.SubElement(folder, "Placemark")
    ET.SubElement(placemark, "name").text = f"{stop.order}. {stop.name}"
    ET.SubElement(placemark, "description").text = (
        f"Tổ {team} · {stop.time:%H:%M} · dừng {_minutes(stop.minutes)} phút / "
        f"Team {team} · {stop.time:%H:%M} · {_minutes(stop.minutes)} min"
    )
    ET.SubElement(placemark, "styleUrl").text = f"#team-{(team - 1) % len(_TEAM_COLOURS) + 1}"
    _extended(
        placemark,
        patrol_id=patrol["patrol_id"],
        order=str(stop.order),
        time=stop.time.isoformat(timespec="minutes"),
        minutes=_minutes(stop.minutes),
        place_id=str(stop.place_id),
    )
    point = ET.SubElement(placemark, "Point")
    ET.SubElement(point, "coordinates").text = f"{_deg(stop.lon)},{_deg(stop.lat)}"


def _extended(placemark: ET.Element, **values: str) -> None:
    data = ET.SubElement(placemark, "ExtendedData")
    for key, value in values.items():
        ET.SubElement(ET.SubElement(data, "Data", name=key), "value").text = value


def _kml_colour(rgb: str) -> str:
    """``#RRGGBB`` -> KML's ``aabbggrr``, opaque."""
    return f"ff{rgb[5:7]}{rgb[3:5]}{rgb[1:3]}".lower()


# ---------------------------------------------------------------- stop lists


def _stop_rows(plan: WeeklyPlan) -> Iterator[tuple[pd.Series, list[Any]]]:
    """Each patrol in order with its stops (a team without stops gets an empty list)."""
    stops = stop_table(plan)
    by_patrol = {key: list(group.itertuples()) for key, group in stops.groupby("patrol_id", sort=False)}
    for _, patrol in _in_order(plan.patrols).iterrows():
        yield patrol, by_patrol.get(patrol["patrol_id"], [])


def stops_csv(plan: WeeklyPlan) -> bytes:
    """Return the stop list as CSV for a spreadsheet: UTF-8 with BOM, comma-separated, CRLF.

    One row per stop with the columns of :data:`STOP_CSV_COLUMNS`; a team with no stop has one
    row saying it keeps watch at the base. Only text and whole numbers, so no regional decimal
    setting can misread a cell.

    Raises
    ------
    PlanningError
        As :func:`stop_table`.

    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(STOP_CSV_COLUMNS)
    for patrol, stops in _stop_rows(plan):
        start, end = _local(patrol["shift_start"]), _local(patrol["shift_end"])
        people = _people(patrol)
        shift = f"{SHIFT_NAMES_VI.get(patrol['shift_name'], patrol['shift_name']).capitalize()} "
        shift += f"{start:%H:%M}–{end:%H:%M}"
        team = [start.date().isoformat(), shift, _team(patrol["team_id"]), people[0], "; ".join(people[1:])]
        visits = [[s.order, f"{s.time:%H:%M}", s.name, _minutes(s.minutes), s.place_id] for s in stops]
        for visit in visits or [["", f"{start:%H:%M}", f"{AT_BASE[0]} / {AT_BASE[1]}", "", ""]]:
            writer.writerow([*team, *visit, patrol["patrol_id"]])
    return out.getvalue().encode("utf-8-sig")


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
    for patrol, stops in _stop_rows(plan):
        start = _local(patrol["shift_start"])
        if start.date() != day:
            if day is not None:
                parts.append("</section>")
            day, shift = start.date(), None
            vi, en = f"{day_label(day)}/{day:%Y}", f"{day_label(day, 'en')}/{day:%Y}"
            parts.append(f'<section class="day"><h2>{_esc(vi)}{_en(en)}</h2>')
        if patrol["shift_id"] != shift:
            shift = patrol["shift_id"]
            vi, en = _shift_words(patrol, with_day=False)
            parts.append(f"<h3>{_esc(vi)}{_en(en)}</h3>")
        parts.append(_html_team(patrol, stops))
    if day is not None:
        parts.append("</section>")
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts).encode("utf-8")


def _html_team(patrol: pd.Series, stops: list[Any]) -> str:
    team = _team(patrol["team_id"])
    people = _people(patrol)
    head = "".join(
        f"<th{cls}>{_esc(vi)}{_en(en)}</th>"
        for vi, en, cls in (
            ("#", "No.", ' class="num"'),
            ("Giờ", "Time", ""),
            ("Địa điểm", "Place", ""),
            ("Số phút dừng", "Minutes at stop", ' class="num"'),
        )
    )
    cells = [(str(s.order), f"{s.time:%H:%M}", s.name, _minutes(s.minutes)) for s in stops]
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
            f"<table><thead><tr>{head}</tr></thead><tbody>",
            *rows,
            "</tbody></table></section>",
        ]
    )


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _en(text: str) -> str:
    return f'<span class="en" lang="en">{_esc(text)}</span>'


# ---------------------------------------------------------------- writing


_MIME = {
    "geojson": ("geojson", "application/geo+json"),
    "gpx": ("gpx", "application/gpx+xml"),
    "gpx-teams": ("zip", "application/zip"),
    "kml": ("kml", "application/vnd.google-earth.kml+xml"),
    "stops-csv": ("csv", "text/csv"),
    "stops-html": ("html", "text/html"),
}
_BUILDERS = {
    "geojson": plan_geojson,
    "gpx": plan_gpx,
    "gpx-teams": team_gpx_zip,
    "kml": plan_kml,
    "stops-csv": stops_csv,
    "stops-html": stops_html,
}


def export_bytes(plan: WeeklyPlan, fmt: str) -> Download:
    """Return a plan in one of :data:`FORMATS` as bytes with a file name and MIME type.

    ``gpx-teams`` gives a ZIP of one GPX per patrol. Meant for the app's download buttons:
    ``st.download_button(label, data=d.data, file_name=d.file_name, mime=d.mime)``.

    Raises
    ------
    ValueError
        For a format not in :data:`FORMATS`.
    PlanningError
        As :func:`stop_table`, for the formats that list stops (all but ``geojson`` and ``gpx``).

    """
    _check_format(fmt)
    suffix, mime = _MIME[fmt]
    stem = "stops" if fmt.startswith("stops") else "patrols"
    name = f"{stem}-{plan.week}{'-teams' if fmt == 'gpx-teams' else ''}.{suffix}"
    return Download(name, _BUILDERS[fmt](plan), mime)


def export_plan(plan: WeeklyPlan, path: str | Path, fmt: str) -> Path:
    """Write a plan in one of :data:`FORMATS` (see the module's description), in WGS 84.

    Parameters
    ----------
    plan
        The plan to export.
    path
        The output file; for ``gpx-teams`` a folder (created if needed) that receives one
        ``<patrol_id>.gpx`` per patrol, or a file ending in ``.zip`` that holds them.
    fmt
        One of :data:`FORMATS`.

    Returns
    -------
    pathlib.Path
        The file (or, for ``gpx-teams`` into a folder, the folder) written.

    Raises
    ------
    ValueError
        For a format not in :data:`FORMATS`.
    PlanningError
        As :func:`stop_table`, for the formats that list stops.
    PatrolMapError
        When the output cannot be written (a folder that is a file, no permission, disk full);
        nothing is left half-written.

    """
    _check_format(fmt)
    path = Path(path)
    if fmt == "gpx-teams" and path.suffix.lower() != ".zip":
        _write_files(path, team_gpx_files(plan))
    else:
        _write_files(path.parent, {path.name: _BUILDERS[fmt](plan)})
    return path


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        msg = f"format must be one of {FORMATS}, not {fmt!r}"
        raise ValueError(msg)


def _write_files(folder: str | Path, files: dict[str, bytes]) -> None:
    """Write files into a folder, each whole or not at all.

    Every file is first written to a temporary file beside its target; only when all are written
    are they renamed over their targets, so a failure while writing (disk full, no permission)
    leaves the folder as it was, apart from the folder itself being created.

    Parameters
    ----------
    folder
        The folder, created with its parents if needed.
    files
        File name -> content.

    Raises
    ------
    PatrolMapError
        In Vietnamese and English, naming the path, when the folder or a file cannot be written.

    """
    folder = Path(folder)
    staged: list[tuple[str, Path]] = []
    target = folder
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            target = folder / name
            handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".part")
            staged.append((name, Path(temporary)))
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.chmod(temporary, 0o644)  # mkstemp makes files only their owner may read
        for name, temporary in staged:
            target = folder / name
            os.replace(temporary, target)
    except OSError as exc:
        for _, temporary in staged:
            temporary.unlink(missing_ok=True)
        raise _unwritable(target, exc) from exc


def _unwritable(path: Path, exc: OSError) -> PatrolMapError:
    reason = exc.strerror or str(exc)
    return PatrolMapError(
        f"Không đọc/ghi được tệp {path}: {reason}. Hãy chọn thư mục khác mà máy cho phép ghi "
        "(không phải một tệp), hoặc kiểm tra ổ đĩa còn chỗ trống.",
        f"Cannot read or write {path}: {reason}. Choose another folder you may write to (not a file), "
        "or check that the disk has free space.",
    )
