"""What the patrols did, recorded and reported: phone tracks and check-in sheets in, coverage out.

Importing a record reads and checks the whole file against the stored plans, then stores it with
its import report in one write, as :func:`patrol_map.importing.import_file` does for the other
kinds; a record imported again adds nothing. :func:`week_coverage` compares a week's plan with its
records (:mod:`patrol_map.coverage.compare`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from patrol_map.coverage.checkins import CHECKIN_ALIASES, read_checkins
from patrol_map.coverage.compare import COUNTED, PatrolResult, totals
from patrol_map.coverage.store import (
    recorded_patrol_ids,
    stored_checkins,
    stored_tracks,
    with_checkins,
    with_tracks,
)
from patrol_map.coverage.tracks import epoch_seconds, mark_jumps, match_track, track_id, track_lines
from patrol_map.coverage.week import Records, compare_week
from patrol_map.errors import PlanningError
from patrol_map.import_report import (
    ImportReport,
    file_checksum,
    imported_verbs,
    record_import,
    refusal_notice,
)
from patrol_map.io.cells import Refusals
from patrol_map.io.columns import refuse_unknown_fields
from patrol_map.io.tables import encoding_notice
from patrol_map.io.tracks import read_gpx_tracks
from patrol_map.io.vector import Notice
from patrol_map.plan.shifts import PERIOD_KINDS, period_of
from patrol_map.plan.store import load_plan, patrol_weeks, stored_patrols
from patrol_map.workspace import Workspace

#: The kinds of record :func:`import_record` takes.
RECORD_KINDS = ("tracks", "checkins")


def record_fields(kind: str) -> tuple[str, ...]:
    """Return the fields of a record kind for which a user may choose a column (none for tracks)."""
    return tuple(CHECKIN_ALIASES) if kind == "checkins" else ()


def import_record(
    ws: Workspace,
    kind: str,
    path: str | Path,
    *,
    patrol: str | None = None,
    sheet: str | None = None,
    strict: bool = False,
    dry_run: bool = False,
    columns: Mapping[str, str] | None = None,
) -> ImportReport:
    """Import what a patrol did: a phone's GPX tracks or a paper check-in sheet.

    Parameters
    ----------
    ws
        The workspace; its stored plans say which patrols there were.
    kind
        ``tracks`` (a GPX file) or ``checkins`` (a CSV file or a spreadsheet).
    path
        The file.
    patrol
        For tracks: the patrol they record (``--patrol``); without it each track goes to the team
        of the shift holding its times whose planned stops it passes
        (:func:`patrol_map.coverage.tracks.match_track`).
    sheet
        For a check-in spreadsheet: its sheet; the first when None.
    strict
        For check-ins: refuse the whole sheet for one bad row (otherwise bad rows are refused
        and listed, the others stored).
    dry_run
        Read and check everything, write nothing.
    columns
        For check-ins: the sheet's column to read a field from.

    Returns
    -------
    ImportReport
        Fixes or lines read and stored, what was refused, and notices (which patrol each track
        went to, GPS jumps left out).

    Raises
    ------
    InputFileError
        When the whole file is refused, naming the file, the track or row, and the column.
    PlanningError
        When no plan is stored yet.

    """
    if kind not in RECORD_KINDS:
        msg = f"unknown record kind {kind!r}; expected one of {RECORD_KINDS}"
        raise ValueError(msg)
    path = Path(path)
    refuse_unknown_fields(columns, record_fields(kind), path)
    with ws.locked():
        patrols = stored_patrols(ws)
        if patrols is None:
            raise PlanningError(
                "Chưa có kế hoạch nào; vết và sổ tuần tra được so với kế hoạch đã lập.",
                "No plan is stored yet; tracks and check-in sheets are compared with a stored plan.",
            )
        if kind == "tracks":
            layer, report = _tracks(ws, path, patrols, patrol)
        else:
            refused = None if strict else Refusals()
            layer, report = _checkins(ws, path, patrols, sheet, refused, columns, dry_run)
        report.dry_run = dry_run
        if not dry_run:
            ws.write({kind: layer, "imports": record_import(ws, report)})
    return report


def _tracks(
    ws: Workspace, path: Path, patrols: pd.DataFrame, chosen: str | None
) -> tuple[gpd.GeoDataFrame, ImportReport]:
    fixes, notices = read_gpx_tracks(path)
    metric = fixes.to_crs(ws.crs)
    old = stored_tracks(ws)
    old_patrol = dict(zip(old["track_id"], old["patrol_id"], strict=True))
    ids = {
        number: track_id(
            epoch_seconds(track["time"]), track.geometry.x.to_numpy(), track.geometry.y.to_numpy()
        )
        for number, track in fixes.groupby("track", sort=True)
    }
    taken = set(old.loc[~old["track_id"].isin(ids.values()), "patrol_id"])
    parts, moved = [], 0
    for number, track in metric.groupby("track", sort=True):
        xy = np.column_stack([track.geometry.x, track.geometry.y])
        jump = mark_jumps(xy, epoch_seconds(track["time"]))
        tid = ids[number]
        if chosen is None and tid in old_patrol:
            patrol_id = old_patrol[tid]  # imported before: it stays with its patrol
        else:
            patrol_id = match_track(
                track["time"][~jump], xy[~jump], patrols, taken, chosen, path, int(number)
            )
            moved += int(tid in old_patrol and old_patrol[tid] != patrol_id)
        taken.add(patrol_id)
        parts.append(track.assign(track_id=tid, patrol_id=patrol_id, jump=jump, file=path.name))
        notices.append(_track_notice(int(number), track, jump, patrol_id, patrols))
    layer = gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), geometry="geometry", crs=ws.crs)
    added = int((~layer["track_id"].isin(old_patrol)).sum())
    if moved:
        notices.append(
            Notice(
                f"{moved} vết đã có được chuyển sang lượt {chosen}.",
                f"{moved} tracks stored before now record patrol {chosen}.",
            )
        )
    elif added == 0:
        notices.append(
            Notice("Các vết này đã có; không thêm gì.", "These tracks were stored already; nothing added.")
        )
    report = ImportReport(
        kind="tracks",
        file=path.name,
        sha256=file_checksum(path),
        rows_read=len(fixes),
        rows_imported=added,
        encoding=None,
        crs="EPSG:4326",
        notices=notices,
        preview=track_lines(layer[~layer["jump"]]).rename(columns={"patrol_id": "name"}),
    )
    return with_tracks(ws, layer), report


def _track_notice(
    number: int, track: gpd.GeoDataFrame, jump: np.ndarray, patrol_id: str, patrols: pd.DataFrame
) -> Notice:
    kept = track[~jump]
    km = float(np.hypot(np.diff(kept.geometry.x), np.diff(kept.geometry.y)).sum()) / 1000
    names = ", ".join(patrols.set_index("patrol_id").loc[patrol_id, "names"])
    jumps_vi = f", bỏ {int(jump.sum())} điểm nhảy GPS" if jump.any() else ""
    jumps_en = f", {int(jump.sum())} GPS jumps left out" if jump.any() else ""
    return Notice(
        f"Vết số {number} ({km:.1f} km{jumps_vi}) là của lượt {patrol_id} ({names}).",
        f"Track {number} ({km:.1f} km{jumps_en}) records patrol {patrol_id} ({names}).",
    )


def _checkins(
    ws: Workspace,
    path: Path,
    patrols: pd.DataFrame,
    sheet: str | None,
    refused: Refusals | None,
    columns: Mapping[str, str] | None,
    dry_run: bool,
) -> tuple[pd.DataFrame, ImportReport]:
    places = _place_names(ws)
    read = read_checkins(path, patrols, places, sheet=sheet, refused=refused, columns=columns)
    old = stored_checkins(ws)
    added = int((~read["checkin_id"].isin(old["checkin_id"])).sum())
    notices = [
        *refusal_notice(refused),
        *encoding_notice(read.attrs["encoding"]),
        Notice(
            f"{imported_verbs(dry_run)[0]} {added} lần ký mới ({len(read) - added} đã có) của "
            f"{read['patrol_id'].nunique()} lượt.",
            f"{imported_verbs(dry_run)[1]} {added} new check-ins ({len(read) - added} stored already) of "
            f"{read['patrol_id'].nunique()} patrols.",
        ),
    ]
    report = ImportReport(
        kind="checkins",
        file=path.name,
        sha256=file_checksum(path),
        rows_read=read.attrs["rows_read"],
        rows_imported=added,
        encoding=read.attrs["encoding"],
        crs=None,
        rows_refused=refused.listed() if refused is not None else [],
        notices=notices,
        columns=read.attrs["columns"],
        header=read.attrs["header"],
    )
    return with_checkins(ws, read.reset_index(drop=True)), report


def _place_names(ws: Workspace) -> dict[str, str]:
    """Return the workspace's places by id (a patrol's own stops, hotspots included, come with it)."""
    if not ws.has("places"):
        return {}
    places = ws.read("places")
    return dict(zip(places["place_id"], places["name"], strict=True))


@dataclass(frozen=True)
class WeekCoverage:
    """A week's plan against its records: one result per patrol, and the week's totals."""

    week: str
    patrols: list[PatrolResult]
    totals: dict[str, Any]

    def to_dict(self) -> dict[str, object]:
        """Return the comparison as ``coverage --json`` writes it."""
        return {
            "week": self.week,
            "patrols": [result.to_dict() for result in self.patrols],
            "totals": self.totals,
        }


def recorded_weeks(ws: Workspace) -> list[str]:
    """Return the planned weeks for some patrol of which a track or a check-in is stored, oldest first."""
    ids = recorded_patrol_ids(ws)
    if not ids:
        return []
    patrols = patrol_weeks(ws)  # two columns: no list of any plan is parsed
    return sorted(set(patrols.loc[patrols["patrol_id"].isin(ids), "week"]))


def week_coverage(ws: Workspace, week: str, records: Records | None = None) -> WeekCoverage:
    """Compare a week's stored plan with the tracks and check-ins recorded for it.

    ``records`` (:func:`patrol_map.coverage.week.records_of` for the week's patrols) are read when
    not given.

    Raises
    ------
    NoPlanError
        When the week has no stored plan.

    """
    plan = load_plan(ws, week)
    results = compare_week(ws, plan.patrols, records)
    return WeekCoverage(plan.week, results, totals(results))


def coverage_by_period(ws: Workspace, start: date, end: date, by: str = "week") -> pd.DataFrame:
    """Return the totals of the patrols planned from ``start`` to ``end``, by week, month or quarter.

    Parameters
    ----------
    ws
        The workspace.
    start, end
        The first and last day (a patrol counts by the day its shift begins).
    by
        ``week`` (``2026-W48``), ``month`` (``2026-11``) or ``quarter`` (``2026-Q4``).

    Returns
    -------
    pandas.DataFrame
        One row per period with a planned patrol: ``period``, the figures of
        :data:`patrol_map.coverage.compare.COUNTED`, and ``police_turns`` and ``militia_turns``
        (person-turns by force), as a report up says "120 rounds, 480 person-turns".

    """
    if by not in PERIOD_KINDS:
        msg = f"by must be one of {sorted(PERIOD_KINDS)}"
        raise ValueError(msg)
    columns = ["period", *COUNTED, "police_turns", "militia_turns"]
    patrols = stored_patrols(ws)
    if patrols is None:
        return pd.DataFrame(columns=columns)
    days = pd.to_datetime(patrols["shift_start"].str[:10]).dt.date
    chosen = patrols[(days >= start) & (days <= end)]
    keys = [period_of(date.fromisoformat(s[:10]), by) for s in chosen["shift_start"]]
    results = compare_week(ws, chosen)
    rows = []
    for key in sorted(set(keys)):
        counted = totals([r for r, k in zip(results, keys, strict=True) if k == key])
        forces = counted.pop("by_force")
        turns = {
            f"{force}_turns": forces.get(force, {}).get("person_turns", 0) for force in ("police", "militia")
        }
        rows.append({"period": key, **counted, **turns})
    return pd.DataFrame(rows, columns=columns)
