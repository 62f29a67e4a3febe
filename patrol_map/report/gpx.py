"""GPX 1.1 of a plan for phones: the whole week in one file, or one file per patrol for its team leader.

Stops are waypoints, circuits are tracks, positions WGS 84 degrees. GPX times are UTC (``...Z``),
as GPX 1.1 asks and as every OsmAnd version reads; the local time (UTC+7) is written in the
descriptions. The per-team file is what a commander sends to the team leader's phone (Zalo,
Bluetooth, USB) and what OsmAnd, Organic Maps or Locus opens with a tap.

Written with :mod:`xml.etree` rather than GDAL (pyogrio): GDAL's GPX driver cannot put waypoints
and tracks in one file (each ``write_dataframe`` creates a new file and the driver has no append);
gpxpy would be one more dependency for a few dozen lines of XML. :func:`degrees` and
:func:`xml_bytes` are shared with the KML export.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from datetime import UTC, datetime

import geopandas as gpd
import pandas as pd

from patrol_map._version import __version__
from patrol_map.geo.crs import WGS84
from patrol_map.model import team_number
from patrol_map.plan.store import WeeklyPlan
from patrol_map.report.plan_rows import (
    local_time,
    member_labels,
    minutes_text,
    patrols_in_order,
    shift_label,
)
from patrol_map.report.stoplist import stop_table

GPX_NS = "http://www.topografix.com/GPX/1/1"
_XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
_DIGITS = 7  # decimals of a degree: about 1 cm


def plan_gpx(plan: WeeklyPlan) -> bytes:
    """Return the whole week as one GPX 1.1 file: every stop as a waypoint, every patrol as a track.

    Parameters
    ----------
    plan
        The plan to export.

    Returns
    -------
    bytes
        The GPX file, UTF-8.

    """
    return _gpx(
        patrols_in_order(plan.patrols),
        stop_table(plan),
        f"Tuần tra tuần {plan.week} / Patrols, week {plan.week}",
    )


def team_gpx_files(plan: WeeklyPlan) -> dict[str, bytes]:
    """Return one GPX 1.1 file per patrol, for the team leader's phone.

    Each file holds the team's stops as waypoints (name = the place, time = when the stop begins,
    description = order, local time and planned minutes) and its circuit as a track.

    Parameters
    ----------
    plan
        The plan to export.

    Returns
    -------
    dict of str to bytes
        ``{"<patrol_id>.gpx": content}``, in shift and team order.

    Raises
    ------
    PlanningError
        As :func:`~patrol_map.report.stoplist.stop_table`.

    """
    return {name: data for name, _, data in _team_gpx(plan)}


def team_gpx_zip(plan: WeeklyPlan) -> bytes:
    """Return :func:`team_gpx_files` as one ZIP archive, each entry dated by its shift's start.

    Parameters
    ----------
    plan
        The plan to export.

    Returns
    -------
    bytes
        The ZIP archive.

    Raises
    ------
    PlanningError
        As :func:`~patrol_map.report.stoplist.stop_table`.

    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, start, data in _team_gpx(plan):
            entry = zipfile.ZipInfo(name, date_time=start.timetuple()[:6])
            archive.writestr(entry, data, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _team_gpx(plan: WeeklyPlan) -> list[tuple[str, datetime, bytes]]:
    """(file name, shift start, GPX) of each patrol, in shift and team order."""
    stops = stop_table(plan)
    ordered = patrols_in_order(plan.patrols)
    files = []
    for position in range(len(ordered)):
        one = ordered.iloc[[position]]
        patrol = one.iloc[0]
        team, (vi, en) = team_number(patrol["team_id"]), shift_label(patrol)
        data = _gpx(
            one, stops[stops["patrol_id"] == patrol["patrol_id"]], f"Tổ {team} · {vi} / Team {team} · {en}"
        )
        files.append((f"{_safe_name(patrol['patrol_id'])}.gpx", local_time(patrol["shift_start"]), data))
    return files


def _safe_name(text: str) -> str:
    """Return a file name made of an id's letters, digits, dots, dashes and underscores."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", str(text)).strip("._") or "patrol"


def _gpx(patrols: gpd.GeoDataFrame, stops: pd.DataFrame, title: str) -> bytes:
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
    counts = stops.groupby("patrol_id")["order"].max().to_dict()
    for stop in stops.itertuples():
        wpt = ET.SubElement(root, "wpt", lat=degrees(stop.lat), lon=degrees(stop.lon))
        ET.SubElement(wpt, "time").text = _utc(stop.time)
        ET.SubElement(wpt, "name").text = stop.name
        ET.SubElement(wpt, "desc").text = (
            f"Điểm {stop.order}/{counts[stop.patrol_id]} · {stop.time:%H:%M} · "
            f"dừng {minutes_text(stop.minutes)} phút / Stop {stop.order} of {counts[stop.patrol_id]} · "
            f"{stop.time:%H:%M} · {minutes_text(stop.minutes)} min · {stop.patrol_id}"
        )
    for number, (_, patrol) in enumerate(patrols.to_crs(WGS84).iterrows(), start=1):
        if patrol.geometry is None or patrol.geometry.is_empty:
            continue
        trk = ET.SubElement(root, "trk")
        ET.SubElement(trk, "name").text = patrol["patrol_id"]
        vi, en = shift_label(patrol)
        ET.SubElement(trk, "desc").text = f"{vi} / {en}; " + ", ".join(member_labels(patrol))
        ET.SubElement(trk, "number").text = str(number)
        segment = ET.SubElement(trk, "trkseg")
        for lon, lat in patrol.geometry.coords:
            ET.SubElement(segment, "trkpt", lat=degrees(lat), lon=degrees(lon))
    return xml_bytes(root)


def degrees(value: float) -> str:
    """Return a longitude or latitude as written in GPX and KML.

    Parameters
    ----------
    value
        Degrees (WGS 84).

    Returns
    -------
    str
        Fixed to 7 decimals: about 1 cm.

    """
    return f"{value:.{_DIGITS}f}"


def _utc(moment: datetime) -> str:
    """Return a GPX time: UTC with whole seconds and ``Z`` (``2026-11-23T12:24:00Z``)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def xml_bytes(root: ET.Element) -> bytes:
    """Return an XML document, indented, UTF-8 with its declaration and a final newline.

    Parameters
    ----------
    root
        The document's root element; it is indented in place.

    Returns
    -------
    bytes
        The document.

    """
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
