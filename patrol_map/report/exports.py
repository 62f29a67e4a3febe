"""Exporting a weekly plan: GPX for phones, KML for Google Earth, GeoJSON for GIS, stop lists to print.

Formats (:data:`FORMATS`):

``geojson``
    One LineString feature per patrol with the properties of :data:`GEOJSON_PROPERTIES`.
``gpx``
    One GPX 1.1 file for the whole week: a waypoint per planned stop, a track per patrol
    (:mod:`patrol_map.report.gpx`).
``gpx-teams``
    One GPX 1.1 file per patrol, named ``<patrol_id>.gpx``, holding only that team's circuit and
    stops: the file a commander sends to the team leader's phone. Written into a folder, or into
    one ``.zip`` archive when the output name ends in ``.zip`` (a single download in the app).
``kml``
    Google Earth: one Folder per shift, a LineString Placemark per patrol, a Point per stop
    (:mod:`patrol_map.report.kml`).
``stops-csv``
    The stop list for a spreadsheet: UTF-8 with a byte-order mark so Excel shows Vietnamese,
    one row per stop, headers "Vietnamese / English" (:data:`STOP_CSV_COLUMNS`,
    :mod:`patrol_map.report.stoplist`).
``stops-html``
    The stop list as an A4 page to print: per day, shift and team, the leader and members,
    then the ordered stops with their time, place and minutes; each day starts a new page.

All positions are in WGS 84 (EPSG:4326). This module builds the GeoJSON itself, names and
writes every format; the functions of the other modules are importable from here too.

Every file is written whole or not at all: to a temporary file beside it, then renamed over
the target (:func:`os.replace`), so a failed export leaves no half-written file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import NamedTuple

from patrol_map.errors import OutputError
from patrol_map.geo.crs import WGS84
from patrol_map.plan.store import WeeklyPlan
from patrol_map.report.gpx import GPX_NS, plan_gpx, team_gpx_files, team_gpx_zip
from patrol_map.report.kml import KML_NS, plan_kml
from patrol_map.report.stoplist import STOP_CSV_COLUMNS, stop_table, stops_csv, stops_html

__all__ = [
    "FORMATS",
    "GEOJSON_PROPERTIES",
    "GPX_NS",
    "KML_NS",
    "STOP_CSV_COLUMNS",
    "Download",
    "export_bytes",
    "export_name",
    "export_plan",
    "plan_geojson",
    "plan_gpx",
    "plan_kml",
    "stop_table",
    "stops_csv",
    "stops_html",
    "team_gpx_files",
    "team_gpx_zip",
    "write_file",
]

#: Properties of the GeoJSON export, in order; list-valued ones are JSON arrays.
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
FORMATS = ("geojson", "gpx", "gpx-teams", "kml", "stops-csv", "stops-html")


class Download(NamedTuple):
    """One export as bytes, ready for a download button: file name, content and MIME type."""

    file_name: str
    data: bytes
    mime: str


# ---------------------------------------------------------------- GeoJSON


def plan_geojson(plan: WeeklyPlan) -> bytes:
    """Return the plan as GeoJSON: one LineString per patrol, properties of :data:`GEOJSON_PROPERTIES`.

    Parameters
    ----------
    plan
        The plan to export.

    Returns
    -------
    bytes
        A FeatureCollection in WGS 84, UTF-8; list-valued properties are JSON arrays.

    """
    frame = plan.patrols.to_crs(WGS84)[[*GEOJSON_PROPERTIES, "geometry"]]
    return frame.to_json(drop_id=True, ensure_ascii=False).encode("utf-8")


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
        As :func:`stop_table`, for every format but ``geojson``: the others hold the stops.

    """
    file_name, mime = export_name(plan, fmt)
    return Download(file_name, _BUILDERS[fmt](plan), mime)


def export_name(plan: WeeklyPlan, fmt: str) -> tuple[str, str]:
    """Return the file name and MIME type a plan's export in ``fmt`` gets, without building it.

    A download button needs them at once, and its bytes only when it is clicked.

    Raises
    ------
    ValueError
        For a format not in :data:`FORMATS`.

    """
    _check_format(fmt)
    suffix, mime = _MIME[fmt]
    stem = "stops" if fmt.startswith("stops") else "patrols"
    return f"{stem}-{plan.week}{'-teams' if fmt == 'gpx-teams' else ''}.{suffix}", mime


def export_plan(plan: WeeklyPlan, path: str | Path, fmt: str, keep: Path | None = None) -> Path:
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
    keep
        A file that must not be overwritten (the workspace), as in :func:`write_file`.

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
    OutputError
        When the output cannot be written (a folder that is a file, no permission, disk full);
        nothing is left half-written.

    """
    _check_format(fmt)
    path = Path(path)
    if fmt == "gpx-teams" and path.suffix.lower() != ".zip":
        _write_files(path, team_gpx_files(plan))
        return path
    return write_file(path, _BUILDERS[fmt](plan), keep)


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        msg = f"format must be one of {FORMATS}, not {fmt!r}"
        raise ValueError(msg)


def write_file(path: str | Path, data: bytes, keep: Path | None = None) -> Path:
    """Write one output file whole or not at all, never over ``keep`` (the workspace).

    Parameters
    ----------
    path
        The file to write; its folder is created if needed.
    data
        Its content.
    keep
        A file that must not be overwritten, e.g. the open workspace: an output path naming it
        (or a link to it) is refused.

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    OutputError
        In Vietnamese and English, when ``path`` is ``keep`` or cannot be written.

    """
    path = Path(path)
    if keep is not None and path.exists() and keep.exists() and path.samefile(keep):
        raise OutputError(
            f"Tệp kết quả {path} chính là tệp dữ liệu của xã; hãy chọn tên tệp khác.",
            f"The output file {path} is the commune's workspace; choose another file name.",
        )
    _write_files(path.parent, {path.name: data})
    return path


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
    OutputError
        In Vietnamese and English, naming the path, when the folder or a file cannot be written.

    """
    folder = Path(folder)
    staged: list[tuple[str, Path]] = []
    target: Path = folder
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            target = folder / name
            handle, draft = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".part")
            staged.append((name, Path(draft)))
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.chmod(draft, 0o644)  # mkstemp makes files only their owner may read
        for name, written in staged:
            target = folder / name
            os.replace(written, target)
    except OSError as exc:
        for _, written in staged:
            written.unlink(missing_ok=True)
        raise _unwritable(target, exc) from exc


def _unwritable(path: Path, exc: OSError) -> OutputError:
    reason = exc.strerror or str(exc)
    return OutputError(
        f"Không đọc/ghi được tệp {path}: {reason}. Hãy chọn thư mục khác mà máy cho phép ghi "
        "(không phải một tệp), hoặc kiểm tra ổ đĩa còn chỗ trống.",
        f"Cannot read or write {path}: {reason}. Choose another folder you may write to (not a file), "
        "or check that the disk has free space.",
    )
