"""KML 2.2 of a plan for Google Earth: a folder per shift, a line per patrol and a point per stop.

Written with :mod:`xml.etree` rather than GDAL (pyogrio): GDAL's KML drivers neither nest folders
by shift nor style features per team. Positions are WGS 84 degrees, times Vietnam time (UTC+7).
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from typing import Any

import pandas as pd

from patrol_map.geo.crs import WGS84
from patrol_map.model import team_number
from patrol_map.plan.store import WeeklyPlan
from patrol_map.report.gpx import degrees, xml_bytes
from patrol_map.report.plan_rows import (
    member_labels,
    minutes_text,
    patrols_in_order,
    shift_label,
)
from patrol_map.report.stoplist import AT_BASE, stop_table

KML_NS = "http://www.opengis.net/kml/2.2"
# The map's team palette (Okabe–Ito, maps.layers.TEAM_COLOURS), repeated here: report does not import folium.
_TEAM_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")


def plan_kml(plan: WeeklyPlan) -> bytes:
    """Return the plan as KML 2.2 for Google Earth.

    One Folder per shift, in time order; in it a LineString Placemark per patrol (name: team and
    leader; description: members, shift times, stops with their times) in its team's colour, and
    a Point Placemark per stop named "order. place".

    Parameters
    ----------
    plan
        The plan to export.

    Returns
    -------
    bytes
        The KML file, UTF-8.

    Raises
    ------
    PlanningError
        As :func:`~patrol_map.report.stoplist.stop_table`.

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
    patrols = patrols_in_order(plan.patrols.to_crs(WGS84))
    for _, shift in patrols.groupby("shift_id", sort=False):
        folder = ET.SubElement(document, "Folder")
        vi, en = shift_label(shift.iloc[0])
        ET.SubElement(folder, "name").text = f"{vi} / {en}"
        for _, patrol in shift.iterrows():
            mine = stops[stops["patrol_id"] == patrol["patrol_id"]]
            _kml_patrol(folder, patrol, mine)
            for stop in mine.itertuples():
                _kml_stop(folder, patrol, stop)
    return xml_bytes(root)


def _kml_patrol(folder: ET.Element, patrol: pd.Series, stops: pd.DataFrame) -> None:
    team = team_number(patrol["team_id"])
    people = member_labels(patrol)
    placemark = ET.SubElement(folder, "Placemark")
    ET.SubElement(placemark, "name").text = f"Tổ {team} – {patrol['names'][0]}"
    vi, en = shift_label(patrol)
    visits = (
        "; ".join(f"{s.time:%H:%M} {s.name}" for s in stops.itertuples()) or f"{AT_BASE[0]} / {AT_BASE[1]}"
    )
    _description(
        placemark,
        f"{vi} / {en}\nTổ trưởng / Leader: {people[0]}\nTổ viên / Members: {', '.join(people[1:])}\n"
        f"Điểm dừng / Stops: {visits}\n"
        f"{patrol['length_m'] / 1000:.1f} km, {patrol['duration_s'] / 60:.0f} phút / min",
    )
    ET.SubElement(placemark, "styleUrl").text = _style_url(team)
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
        f"{degrees(x)},{degrees(y)}" for x, y in patrol.geometry.coords
    )


def _description(placemark: ET.Element, text: str) -> None:
    """Give ``placemark`` a description that Google Earth shows as the text it is.

    Google Earth reads a description as HTML once the XML is decoded: a member named
    ``<img src=x onerror=...>`` would be drawn (and run) in its balloon. So the text is HTML-escaped
    before it is written (the XML then holds ``&amp;lt;img``), and its line breaks become ``<br>``.
    """
    ET.SubElement(placemark, "description").text = html.escape(text).replace("\n", "<br>")


def _kml_stop(folder: ET.Element, patrol: pd.Series, stop: Any) -> None:
    team = team_number(patrol["team_id"])
    placemark = ET.SubElement(folder, "Placemark")
    ET.SubElement(placemark, "name").text = f"{stop.order}. {stop.name}"
    _description(
        placemark,
        f"Tổ {team} · {stop.time:%H:%M} · dừng {minutes_text(stop.minutes)} phút / "
        f"Team {team} · {stop.time:%H:%M} · {minutes_text(stop.minutes)} min",
    )
    ET.SubElement(placemark, "styleUrl").text = _style_url(team)
    _extended(
        placemark,
        patrol_id=patrol["patrol_id"],
        order=str(stop.order),
        time=stop.time.isoformat(timespec="minutes"),
        minutes=minutes_text(stop.minutes),
        place_id=str(stop.place_id),
    )
    point = ET.SubElement(placemark, "Point")
    ET.SubElement(point, "coordinates").text = f"{degrees(stop.lon)},{degrees(stop.lat)}"


def _style_url(team: int) -> str:
    """Return the style of a team's features: the palette repeats after its last colour."""
    return f"#team-{(team - 1) % len(_TEAM_COLOURS) + 1}"


def _extended(placemark: ET.Element, **values: str) -> None:
    data = ET.SubElement(placemark, "ExtendedData")
    for key, value in values.items():
        ET.SubElement(ET.SubElement(data, "Data", name=key), "value").text = value


def _kml_colour(rgb: str) -> str:
    """``#RRGGBB`` -> KML's ``aabbggrr``, opaque."""
    return f"ff{rgb[5:7]}{rgb[3:5]}{rgb[1:3]}".lower()
