"""Exports of a hand-made plan, parsed back: GPX (week and per team), KML, GeoJSON, stop lists."""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
import xml.etree.ElementTree as ET
import zipfile
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from pyproj import Transformer

from patrol_map.cli import main
from patrol_map.errors import OutputError, PlanningError
from patrol_map.plan.settings import PlanSettings
from patrol_map.plan.store import WeeklyPlan, load_plan, save_plan
from patrol_map.report import exports
from patrol_map.report.exports import (
    FORMATS,
    GPX_NS,
    KML_NS,
    STOP_CSV_COLUMNS,
    export_bytes,
    export_plan,
    plan_geojson,
    plan_gpx,
    plan_kml,
    stop_table,
    stops_csv,
    stops_html,
    team_gpx_files,
    team_gpx_zip,
)
from patrol_map.workspace import Workspace
from tests.older_layout import store_older

UTM = "EPSG:32648"
TO_UTM = Transformer.from_crs("EPSG:4326", UTM, always_xy=True)
BASE = (106.5100, 17.4900)  # Nam Trạch, Quảng Trị
#: place id -> (name, lon, lat)
PLACES = {
    "M1": ("Chợ Nam Trạch", 106.5150, 17.4920),
    "S1": ("Cổng trường THCS Lý Hòa", 106.5080, 17.4950),
    "F1": ("Bến đò Hải Trạch", 106.5200, 17.4850),
    "V1": ("Thôn Đồng Dương – ngã ba", 106.5120, 17.4880),
}
NEW_FORMATS = ("gpx-teams", "kml", "stops-csv", "stops-html")
WEEK = "2026-W48"


def utm(lon: float, lat: float) -> tuple[float, float]:
    return TO_UTM.transform(lon, lat)


def patrol(team: str, shift: str, day: str, hours: tuple[str, str], stops: dict[str, str]) -> dict:
    """One row of a plan; ``stops`` maps place id -> local time (HH:MM, or YYYY-MM-DDTHH:MM)."""
    end_day = "2026-11-24" if hours[1] < hours[0] else day
    points = [BASE, *((PLACES[p][1], PLACES[p][2]) for p in stops), BASE]
    return {
        "patrol_id": f"{day}-{shift}-{team}",
        "week": WEEK,
        "shift_id": f"{day}-{shift}",
        "shift_name": shift,
        "shift_start": f"{day}T{hours[0]}+07:00",
        "shift_end": f"{end_day}T{hours[1]}+07:00",
        "team_id": f"{day}-{shift}-{team}",
        "members": ["CA1", "DQ1", "DQ2"],
        "names": ["Nguyễn Văn Ánh", "Trần Thị Bích", "Lê Đức Cường"],
        "forces": ["police", "militia", "militia"],
        "stops": list(stops),
        "stop_names": [PLACES[p][0] for p in stops],
        "stop_times": [t if "T" in t else f"{day}T{t}+07:00" for t in stops.values()],
        "stop_xy": [list(utm(*PLACES[p][1:])) for p in stops],
        "stop_risks": [1.5 / max(len(stops), 1)] * len(stops),
        "carried": [],
        "depart_time": f"{day}T{hours[0]}+07:00",
        "stop_minutes": 12.0,
        "length_m": 2500.0,
        "duration_s": 3000.0,
        "risk": 1.5,
        "shift_risk": 3.0,
        "geometry": shapely.LineString([utm(*p) for p in points]),
    }


@pytest.fixture
def plan() -> WeeklyPlan:
    """Four patrols in three shifts on two days, rows out of order; one team keeps watch at the base."""
    rows = [
        patrol("T1", "morning", "2026-11-24", ("06:00", "10:00"), {}),
        patrol("T2", "evening", "2026-11-23", ("19:00", "23:00"), {"F1": "19:20"}),
        patrol("T1", "night", "2026-11-23", ("23:00", "03:00"), {"V1": "2026-11-24T00:05+07:00"}),
        patrol("T1", "evening", "2026-11-23", ("19:00", "23:00"), {"M1": "19:12", "S1": "19:41"}),
    ]
    return WeeklyPlan(week=WEEK, patrols=gpd.GeoDataFrame(rows, geometry="geometry", crs=UTM))


#: Stops in export order: (patrol id, place id, local time).
EXPECTED_STOPS = [
    ("2026-11-23-evening-T1", "M1", "2026-11-23T19:12+07:00"),
    ("2026-11-23-evening-T1", "S1", "2026-11-23T19:41+07:00"),
    ("2026-11-23-evening-T2", "F1", "2026-11-23T19:20+07:00"),
    ("2026-11-23-night-T1", "V1", "2026-11-24T00:05+07:00"),
]
PATROL_ORDER = [
    "2026-11-23-evening-T1",
    "2026-11-23-evening-T2",
    "2026-11-23-night-T1",
    "2026-11-24-morning-T1",
]


def close(lon: float, lat: float, place: str) -> bool:
    return abs(lon - PLACES[place][1]) < 1e-6 and abs(lat - PLACES[place][2]) < 1e-6


# ---------------------------------------------------------------- stop table


def test_stop_table_orders_stops_and_returns_wgs84(plan: WeeklyPlan) -> None:
    table = stop_table(plan)
    assert list(zip(table["patrol_id"], table["place_id"], strict=True)) == [s[:2] for s in EXPECTED_STOPS]
    assert table["time"].tolist() == [datetime.fromisoformat(s[2]) for s in EXPECTED_STOPS]
    assert table["order"].tolist() == [1, 2, 1, 1]
    assert table["minutes"].tolist() == [12.0] * 4
    assert all(close(r.lon, r.lat, r.place_id) for r in table.itertuples())
    assert table["name"].tolist() == [PLACES[s[1]][0] for s in EXPECTED_STOPS]


def test_stop_minutes_column_is_used(plan: WeeklyPlan) -> None:
    plan.patrols["stop_minutes"] = 15.0
    plan.patrols.loc[plan.patrols["patrol_id"] == "2026-11-23-evening-T1", "stop_minutes"] = 10.0
    minutes = dict(zip(stop_table(plan)["place_id"], stop_table(plan)["minutes"], strict=True))
    assert minutes == {"M1": 10.0, "S1": 10.0, "F1": 15.0, "V1": 15.0}


def test_stop_minutes_of_the_plan_reach_the_stop_lists_gpx_and_kml(plan: WeeklyPlan) -> None:
    plan.patrols["stop_minutes"] = 15
    rows = list(csv.DictReader(io.StringIO(stops_csv(plan).decode("utf-8-sig"))))
    assert [r["Số phút dừng / Minutes at stop"] for r in rows] == ["15", "15", "15", "15", ""]  # base: none
    page = _Page()
    page.feed(stops_html(plan).decode("utf-8"))
    assert [row[3] for table in page.tables[:3] for row in table[1:]] == ["15", "15", "15", "15"]
    team = waypoints(check_gpx(team_gpx_files(plan)["2026-11-23-evening-T1.gpx"]))
    assert [w["desc"] for w in team] == [
        f"Điểm {n}/2 · {t} · dừng 15 phút / Stop {n} of 2 · {t} · 15 min · 2026-11-23-evening-T1"
        for n, t in ((1, "19:12"), (2, "19:41"))
    ]
    week = waypoints(check_gpx(plan_gpx(plan)))
    assert len(week) == 4 and all("· dừng 15 phút /" in w["desc"] and "· 15 min ·" in w["desc"] for w in week)
    k = f"{{{KML_NS}}}"
    minutes = [d.findtext(f"{k}value") for d in ET.fromstring(plan_kml(plan)).iter(f"{k}Data")]
    assert minutes.count("15") == 4 and "12" not in minutes


def test_mismatched_stop_lists_name_the_patrol(plan: WeeklyPlan) -> None:
    plan.patrols.at[3, "stop_times"] = ["2026-11-23T19:12+07:00"]
    with pytest.raises(PlanningError, match="2026-11-23-evening-T1"):
        stop_table(plan)


# ---------------------------------------------------------------- GPX


def check_gpx(data: bytes) -> ET.Element:
    """Parse a GPX file and check it against GPX 1.1's structure; return the root."""
    assert data.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    root = ET.fromstring(data)
    ns = f"{{{GPX_NS}}}"
    assert root.tag == f"{ns}gpx" and root.get("version") == "1.1" and root.get("creator")
    assert root.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation").startswith(GPX_NS)
    order = {"metadata": 0, "wpt": 1, "rte": 2, "trk": 3, "extensions": 4}
    ranks = [order[child.tag.removeprefix(ns)] for child in root]
    assert ranks == sorted(ranks), "GPX 1.1: metadata, then wpt, rte, trk"
    wpt_order = ["ele", "time", "magvar", "geoidheight", "name", "cmt", "desc", "src", "link", "sym", "type"]
    trk_order = ["name", "cmt", "desc", "src", "link", "number", "type", "extensions", "trkseg"]
    for tag, sequence in (("wpt", wpt_order), ("trk", trk_order)):
        for element in root.iter(f"{ns}{tag}"):
            positions = [sequence.index(child.tag.removeprefix(ns)) for child in element]
            assert positions == sorted(positions), f"{tag} children out of GPX 1.1 order"
    for point in [*root.iter(f"{ns}wpt"), *root.iter(f"{ns}trkpt")]:
        assert -90 <= float(point.get("lat")) <= 90 and -180 <= float(point.get("lon")) < 180
    for time in root.iter(f"{ns}time"):
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)", time.text)
    return root


def waypoints(root: ET.Element) -> list[dict]:
    ns = f"{{{GPX_NS}}}"
    return [
        {
            "lon": float(w.get("lon")),
            "lat": float(w.get("lat")),
            **{child.tag.removeprefix(ns): child.text for child in w},
        }
        for w in root.iter(f"{ns}wpt")
    ]


def test_team_gpx_one_file_per_patrol_with_its_stops_and_circuit(plan: WeeklyPlan) -> None:
    files = team_gpx_files(plan)
    assert list(files) == [f"{p}.gpx" for p in PATROL_ORDER]
    root = check_gpx(files["2026-11-23-evening-T1.gpx"])
    points = waypoints(root)
    assert [w["name"] for w in points] == ["Chợ Nam Trạch", "Cổng trường THCS Lý Hòa"]
    assert [w["time"] for w in points] == ["2026-11-23T12:12:00Z", "2026-11-23T12:41:00Z"]  # UTC
    assert points[1]["desc"].startswith("Điểm 2/2 · 19:41 · dừng 12 phút / Stop 2 of 2 · 19:41 · 12 min")
    assert close(points[0]["lon"], points[0]["lat"], "M1") and close(points[1]["lon"], points[1]["lat"], "S1")
    tracks = root.findall(f"{{{GPX_NS}}}trk")
    assert len(tracks) == 1 and tracks[0].findtext(f"{{{GPX_NS}}}name") == "2026-11-23-evening-T1"
    assert "Nguyễn Văn Ánh (công an)" in tracks[0].findtext(f"{{{GPX_NS}}}desc")
    track = [(float(p.get("lon")), float(p.get("lat"))) for p in tracks[0].iter(f"{{{GPX_NS}}}trkpt")]
    expected = [BASE, PLACES["M1"][1:], PLACES["S1"][1:], BASE]
    assert len(track) == 4 and all(
        abs(a - b) < 1e-6 for p, q in zip(track, expected, strict=True) for a, b in zip(p, q, strict=True)
    )


def test_team_gpx_night_stop_after_midnight_and_team_at_base(plan: WeeklyPlan) -> None:
    files = team_gpx_files(plan)
    night = waypoints(check_gpx(files["2026-11-23-night-T1.gpx"]))
    assert [(w["name"], w["time"]) for w in night] == [("Thôn Đồng Dương – ngã ba", "2026-11-23T17:05:00Z")]
    base = check_gpx(files["2026-11-24-morning-T1.gpx"])
    assert waypoints(base) == [] and len(base.findall(f"{{{GPX_NS}}}trk")) == 1


def test_team_gpx_zip_holds_the_same_files(plan: WeeklyPlan) -> None:
    with zipfile.ZipFile(io.BytesIO(team_gpx_zip(plan))) as archive:
        assert archive.testzip() is None
        assert {name: archive.read(name) for name in archive.namelist()} == team_gpx_files(plan)
        assert archive.getinfo("2026-11-23-night-T1.gpx").date_time == (2026, 11, 23, 23, 0, 0)


def test_week_gpx_has_every_stop_and_every_track(plan: WeeklyPlan) -> None:
    root = check_gpx(plan_gpx(plan))
    points = waypoints(root)
    assert [w["name"] for w in points] == [PLACES[s[1]][0] for s in EXPECTED_STOPS]
    assert all(close(w["lon"], w["lat"], s[1]) for w, s in zip(points, EXPECTED_STOPS, strict=True))
    names = [t.findtext(f"{{{GPX_NS}}}name") for t in root.iter(f"{{{GPX_NS}}}trk")]
    assert names == PATROL_ORDER


# ---------------------------------------------------------------- KML


def test_kml_has_a_folder_per_shift_a_line_per_patrol_and_a_point_per_stop(plan: WeeklyPlan) -> None:
    root = ET.fromstring(plan_kml(plan))
    k = f"{{{KML_NS}}}"
    assert root.tag == f"{k}kml"
    folders = root.findall(f"{k}Document/{k}Folder")
    assert [f.findtext(f"{k}name") for f in folders] == [
        "Ca tối Thứ Hai 23/11 19:00–23:00 / Evening shift, Monday 23/11 19:00–23:00",
        "Ca đêm Thứ Hai 23/11 23:00–03:00 / Night shift, Monday 23/11 23:00–03:00",
        "Ca sáng Thứ Ba 24/11 06:00–10:00 / Morning shift, Tuesday 24/11 06:00–10:00",
    ]
    lines = [[p for p in f.findall(f"{k}Placemark") if p.find(f"{k}LineString") is not None] for f in folders]
    points = [[p for p in f.findall(f"{k}Placemark") if p.find(f"{k}Point") is not None] for f in folders]
    assert [len(x) for x in lines] == [2, 1, 1] and [len(x) for x in points] == [3, 1, 0]
    first = lines[0][0]
    assert first.findtext(f"{k}name") == "Tổ 1 – Nguyễn Văn Ánh"
    assert "Trần Thị Bích (dân quân)" in first.findtext(f"{k}description")
    assert "19:12 Chợ Nam Trạch" in first.findtext(f"{k}description")
    coords = [
        tuple(map(float, c.split(","))) for c in first.findtext(f"{k}LineString/{k}coordinates").split()
    ]
    assert abs(coords[1][0] - PLACES["M1"][1]) < 1e-6 and abs(coords[1][1] - PLACES["M1"][2]) < 1e-6
    stops = [p for folder in points for p in folder]
    assert [p.findtext(f"{k}name") for p in stops] == [
        f"{n}. {PLACES[s[1]][0]}" for n, s in zip([1, 2, 1, 1], EXPECTED_STOPS, strict=True)
    ]
    for placemark, (_, place, when) in zip(stops, EXPECTED_STOPS, strict=True):
        lon, lat = map(float, placemark.findtext(f"{k}Point/{k}coordinates").split(","))
        assert close(lon, lat, place)
        data = {d.get("name"): d.findtext(f"{k}value") for d in placemark.iter(f"{k}Data")}
        assert data["time"] == when and data["minutes"] == "12" and data["place_id"] == place
    styles = {s.get("id") for s in root.iter(f"{k}Style")}
    assert {p.findtext(f"{k}styleUrl").lstrip("#") for p in root.iter(f"{k}Placemark")} <= styles


# ---------------------------------------------------------------- GeoJSON


def test_geojson_carries_stop_times(plan: WeeklyPlan) -> None:
    features = json.loads(plan_geojson(plan))["features"]
    by_id = {f["properties"]["patrol_id"]: f["properties"] for f in features}
    assert by_id["2026-11-23-evening-T1"]["stop_times"] == [
        "2026-11-23T19:12+07:00",
        "2026-11-23T19:41+07:00",
    ]
    assert by_id["2026-11-23-evening-T1"]["stop_names"] == ["Chợ Nam Trạch", "Cổng trường THCS Lý Hòa"]


@pytest.mark.parametrize(
    "hostile", ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '"><svg onload=alert(1)>']
)
def test_kml_descriptions_are_plain_text_whatever_the_names(plan: WeeklyPlan, hostile: str) -> None:
    """Google Earth draws a description as HTML: a hostile name must reach it escaped, never as a tag."""
    k = next(i for i, stops in plan.patrols["stops"].items() if stops)
    plan.patrols.at[k, "names"] = [hostile, *plan.patrols.at[k, "names"][1:]]
    plan.patrols.at[k, "stop_names"] = [hostile, *plan.patrols.at[k, "stop_names"][1:]]
    kml = ET.fromstring(plan_kml(plan))
    descriptions = [d.text or "" for d in kml.iter(f"{{{KML_NS}}}description")]
    assert any(html.escape(hostile) in text for text in descriptions)  # shown, as text
    assert not any("<" in text.replace("<br>", "") for text in descriptions)  # no tag but the line breaks


# ---------------------------------------------------------------- stop lists


def test_a_name_written_as_a_formula_stays_text_in_the_csv(plan: WeeklyPlan) -> None:
    hostile = '=HYPERLINK("http://x.example","bấm")'
    k = next(i for i, stops in plan.patrols["stops"].items() if stops)
    plan.patrols.at[k, "stop_names"] = [hostile, *plan.patrols.at[k, "stop_names"][1:]]
    plan.patrols.at[k, "names"] = ["@SUM(1+1)", *plan.patrols.at[k, "names"][1:]]
    rows = list(csv.reader(io.StringIO(stops_csv(plan).decode("utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    assert "'" + hostile in cells and not any(cell.startswith(("=", "@", "+")) for cell in cells)
    assert any(cell.startswith("'@SUM(1+1)") for cell in cells)


def test_stops_csv_opens_in_excel_with_vietnamese(plan: WeeklyPlan) -> None:
    data = stops_csv(plan)
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert tuple(rows[0]) == STOP_CSV_COLUMNS
    body = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert len(body) == 5  # four stops and the team at the base
    first = body[0]
    assert first["Ngày / Date"] == "2026-11-23" and first["Ca / Shift"] == "Tối 19:00–23:00"
    assert first["Tổ trưởng / Leader"] == "Nguyễn Văn Ánh (công an)"
    assert first["Tổ viên / Members"] == "Trần Thị Bích (dân quân); Lê Đức Cường (dân quân)"
    assert [(r["STT / No."], r["Giờ / Time"], r["Địa điểm / Place"]) for r in body[:4]] == [
        ("1", "19:12", "Chợ Nam Trạch"),
        ("2", "19:41", "Cổng trường THCS Lý Hòa"),
        ("1", "19:20", "Bến đò Hải Trạch"),
        ("1", "00:05", "Thôn Đồng Dương – ngã ba"),
    ]
    assert {r["Số phút dừng / Minutes at stop"] for r in body[:4]} == {"12"}
    assert body[4]["Địa điểm / Place"] == "Trực tại trụ sở / On watch at the base"
    assert body[4]["Mã lượt tuần tra / Patrol ID"] == "2026-11-24-morning-T1"


class _Page(HTMLParser):
    """Collect a page's days, headings, tables (rows of cell texts) and what it loads."""

    def __init__(self) -> None:
        super().__init__()
        self.days = 0
        self.headings: list[str] = []
        self.tables: list[list[list[str]]] = []
        self.loads: list[str] = []
        self._heading: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "section" and found.get("class") == "day":
            self.days += 1
        if tag in {"script", "link", "img", "iframe"} or "src" in found:
            self.loads.append(tag)
        if tag in {"h1", "h2", "h3", "h4"}:
            self._heading = []
        elif tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in {"td", "th"}:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in {"h1", "h2", "h3", "h4"} and self._heading is not None:
            self.headings.append("".join(self._heading))
            self._heading = None
        elif tag in {"td", "th"} and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        for sink in (self._heading, self._cell):
            if sink is not None:
                sink.append(data)


def test_stops_html_is_a_printable_page_per_day(plan: WeeklyPlan) -> None:
    text = stops_html(plan).decode("utf-8")
    page = _Page()
    page.feed(text)
    assert page.loads == [] and "http" not in text and "@import" not in text  # self-contained
    assert '<html lang="vi">' in text and "size: A4" in text and "break-before: page" in text
    assert page.days == 2
    assert "Thứ Hai 23/11/2026Monday 23/11/2026" in page.headings
    assert page.headings[0].endswith("(23/11–29/11/2026)")
    assert "Ca đêm 23:00–03:00Night shift 23:00–03:00" in page.headings
    assert page.headings.count("Tổ 1 / Team 1") == 3
    assert len(page.tables) == 4
    assert page.tables[0][0] == ["#No.", "GiờTime", "Địa điểmPlace", "Số phút dừngMinutes at stop"]
    assert page.tables[0][1:] == [
        ["1", "19:12", "Chợ Nam Trạch", "12"],
        ["2", "19:41", "Cổng trường THCS Lý Hòa", "12"],
    ]
    assert page.tables[3][1] == ["", "", "Trực tại trụ sở / On watch at the base", ""]
    assert "Tổ trưởng / Leader: <strong>Nguyễn Văn Ánh (công an)</strong>" in text


def test_stops_html_escapes_names(plan: WeeklyPlan) -> None:
    plan.patrols.at[3, "stop_names"] = ["<b>Chợ</b> & bến", "Trường"]
    text = stops_html(plan).decode("utf-8")
    assert "&lt;b&gt;Chợ&lt;/b&gt; &amp; bến" in text and "<b>Chợ" not in text


# ---------------------------------------------------------------- writing files


def test_export_bytes_names_every_format(plan: WeeklyPlan) -> None:
    names = {fmt: export_bytes(plan, fmt).file_name for fmt in FORMATS}
    assert names == {
        "geojson": "patrols-2026-W48.geojson",
        "gpx": "patrols-2026-W48.gpx",
        "gpx-teams": "patrols-2026-W48-teams.zip",
        "kml": "patrols-2026-W48.kml",
        "stops-csv": "stops-2026-W48.csv",
        "stops-html": "stops-2026-W48.html",
    }
    with pytest.raises(ValueError, match="format must be one of"):
        export_bytes(plan, "shp")


def test_gpx_teams_into_a_folder_or_a_zip(plan: WeeklyPlan, tmp_path: Path) -> None:
    folder = export_plan(plan, tmp_path / "gpx", "gpx-teams")
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{p}.gpx" for p in PATROL_ORDER)
    archive = export_plan(plan, tmp_path / "teams.ZIP", "gpx-teams")
    assert zipfile.is_zipfile(archive) and archive.name == "teams.ZIP"


def test_unwritable_output_is_a_bilingual_error_naming_the_path(plan: WeeklyPlan, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    for fmt, out in (("kml", blocker / "plan.kml"), ("gpx-teams", blocker / "teams")):
        with pytest.raises(OutputError) as caught:
            export_plan(plan, out, fmt)
        assert "Không đọc/ghi được tệp" in str(caught.value) and "Cannot read or write" in str(caught.value)
        assert str(blocker) in caught.value.vi and str(blocker) in caught.value.en


def test_a_failed_export_leaves_the_earlier_file_and_no_part_file(
    plan: WeeklyPlan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "plan.kml"
    out.write_bytes(b"earlier export")

    def fail(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(exports.os, "replace", fail)
    with pytest.raises(OutputError, match="No space left on device"):
        export_plan(plan, out, "kml")
    with pytest.raises(OutputError):
        export_plan(plan, tmp_path / "teams", "gpx-teams")
    assert out.read_bytes() == b"earlier export"
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["plan.kml", "teams"]  # the folder, empty


def test_a_plan_error_leaves_the_earlier_file(plan: WeeklyPlan, tmp_path: Path) -> None:
    out = tmp_path / "stops.csv"
    out.write_bytes(b"earlier export")
    plan.patrols.at[3, "stop_times"] = ["2026-11-23T19:12+07:00"]  # a damaged plan: lists that differ
    with pytest.raises(PlanningError):
        export_plan(plan, out, "stops-csv")
    assert out.read_bytes() == b"earlier export" and len(os.listdir(tmp_path)) == 1


# ---------------------------------------------------------------- command line


def store(plan: WeeklyPlan, tmp_path: Path) -> Path:
    """Return a workspace holding the plan as week 2026-W48 and its older form as week 2026-W49."""
    commune = gpd.GeoDataFrame(
        {"ma_xa": ["19999"], "ten_xa": ["Nam Trạch"]},
        geometry=[shapely.box(*utm(106.49, 17.47), *utm(106.53, 17.51))],
        crs=UTM,
    )
    ws = Workspace.create(tmp_path / "ws.gpkg", commune)
    places = gpd.GeoDataFrame(
        {"place_id": list(PLACES), "name": [v[0] for v in PLACES.values()], "kind": "market"},
        geometry=[shapely.Point(utm(*v[1:])) for v in PLACES.values()],
        crs=UTM,
    )
    ws.write({"places": places})
    save_plan(ws, plan)
    store_older(ws.path, plan, "2026-W49")
    return ws.path


@pytest.fixture
def stored(plan: WeeklyPlan, tmp_path: Path) -> Path:
    """A workspace holding the hand-made plan as week 2026-W48 and its older form as week 2026-W49."""
    return store(plan, tmp_path)


@pytest.mark.parametrize("fmt", NEW_FORMATS)
def test_cli_exports_each_new_format(
    stored: Path, tmp_path: Path, capsys: pytest.CaptureFixture, fmt: str
) -> None:
    out = tmp_path / "out" / ("teams" if fmt == "gpx-teams" else f"plan.{fmt}")
    assert main(["export", str(stored), "--week", WEEK, "--format", fmt, "--out", str(out)]) == 0
    assert f"Wrote {out}" in capsys.readouterr().out
    if fmt == "gpx-teams":
        assert len(list(out.glob("*.gpx"))) == 4
        check_gpx((out / "2026-11-23-evening-T2.gpx").read_bytes())
    else:
        assert out.read_bytes() == export_bytes(load_plan(Workspace(stored), WEEK), fmt).data


def test_cli_exports_the_stored_stop_minutes(plan: WeeklyPlan, tmp_path: Path) -> None:
    plan.patrols["stop_minutes"] = 15.0
    path = store(plan, tmp_path)
    for fmt in ("stops-csv", "gpx"):
        out = tmp_path / f"plan.{fmt}"
        assert main(["export", str(path), "--week", WEEK, "--format", fmt, "--out", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO((tmp_path / "plan.stops-csv").read_text(encoding="utf-8-sig"))))
    assert [r["Số phút dừng / Minutes at stop"] for r in rows] == ["15", "15", "15", "15", ""]
    descs = [w["desc"] for w in waypoints(check_gpx((tmp_path / "plan.gpx").read_bytes()))]
    assert len(descs) == 4 and all("dừng 15 phút" in d and "15 min" in d for d in descs)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_plan_stored_by_an_older_version_exports_every_format(
    stored: Path, tmp_path: Path, capsys: pytest.CaptureFixture, fmt: str
) -> None:
    # Week 2026-W49 was stored without stop times, positions or departure: they are rebuilt as it is read.
    out = tmp_path / ("teams" if fmt == "gpx-teams" else f"older.{fmt}")
    assert main(["export", str(stored), "--week", "2026-W49", "--format", fmt, "--out", str(out)]) == 0


def test_an_older_plan_gets_its_stops_back_from_its_circuit(stored: Path) -> None:
    older = load_plan(Workspace(stored), "2026-W49")
    row = older.patrols.set_index("team_id").loc["2026-11-23-evening-T1"]
    assert row["depart_time"] == row["shift_start"]  # the first planner left at the start of the shift
    times = [datetime.fromisoformat(t) for t in row["stop_times"]]
    start, end = datetime.fromisoformat(row["shift_start"]), datetime.fromisoformat(row["shift_end"])
    assert start < times[0] < times[1] < end and len(times) == len(row["stops"]) == 2
    # Each stop's position is on the circuit, at its place (the circuit passes through it here).
    for (x, y), place in zip(row["stop_xy"], row["stops"], strict=True):
        assert abs(x - utm(*PLACES[place][1:])[0]) < 1 and abs(y - utm(*PLACES[place][1:])[1]) < 1
    assert older.unreachable == [] and not older.edits and older.settings == PlanSettings()


def test_cli_exports_the_sample_commune(sample_workspace: Path, tmp_path: Path) -> None:
    """The planner's own plan: every stop has a time and a point, and every format writes."""
    for fmt in FORMATS:
        out = tmp_path / fmt
        assert (
            main(["export", str(sample_workspace), "--week", WEEK, "--format", fmt, "--out", str(out)]) == 0
        )
    files = sorted((tmp_path / "gpx-teams").glob("*.gpx"))
    assert files
    for file in files:
        check_gpx(file.read_bytes())
    root = ET.fromstring((tmp_path / "kml").read_bytes())
    assert root.findall(f"{{{KML_NS}}}Document/{{{KML_NS}}}Folder")
