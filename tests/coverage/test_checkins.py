"""Paper check-in sheets: exactly the stops a sheet lists are visited; a bad line is refused by row."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from patrol_map.errors import InputFileError
from patrol_map.plan.store import load_plan
from patrol_map.recording import import_record, week_coverage
from patrol_map.workspace import Workspace
from tests.stored import everything_stored

WEEK = "2026-W48"


@pytest.fixture
def ws(sample_copy: Workspace) -> Workspace:
    return sample_copy


def planned(ws: Workspace, patrol_id: str):  # type: ignore[no-untyped-def]
    patrols = load_plan(ws, WEEK).patrols
    return patrols[patrols["patrol_id"] == patrol_id].iloc[0]


def result_of(ws: Workspace, patrol_id: str):  # type: ignore[no-untyped-def]
    return next(r for r in week_coverage(ws, WEEK).patrols if r.patrol_id == patrol_id)


def test_a_sheet_counts_exactly_the_stops_it_lists(ws: Workspace, tmp_path: Path) -> None:
    patrol = planned(ws, "2026-11-24-evening-T1")
    names, times = patrol["stop_names"], [t[11:16] for t in patrol["stop_times"]]
    sheet = tmp_path / "so.csv"
    sheet.write_text(
        "Ngày,Ca,Tổ,Địa điểm,Giờ\n"
        f"24/11/2026,Tối,Tổ 1,{names[0].lower()},{times[0].replace(':', 'h')}\n"  # case and 19h14 as written
        f"24/11/2026,tối,1,{patrol['stops'][2]},{times[2]}\n"  # the place's id
        f"24/11/2026,Ca tối,T1,{names[4]},{int(times[4][:2]) + 1}:{times[4][3:]}\n",  # an hour late
        encoding="utf-8",
    )
    before = len(ws.read("checkins"))  # the demo's week before has check-ins
    report = import_record(ws, "checkins", sheet)
    assert (report.rows_read, report.rows_imported, report.rows_refused) == (3, 3, [])
    result = result_of(ws, "2026-11-24-evening-T1")
    states = [s.state for s in result.stops]
    assert result.source == "checkin"
    assert [k for k, s in enumerate(states) if s != "missed"] == [0, 2, 4]
    assert (states[0], states[2], states[4]) == ("visited", "visited", "late")
    again = import_record(ws, "checkins", sheet)
    assert again.rows_imported == 0 and len(ws.read("checkins")) == before + 3  # the same sheet adds nothing


def test_a_night_sheet_reads_00_30_as_the_next_day(ws: Workspace, tmp_path: Path) -> None:
    patrol = planned(ws, "2026-11-26-night-T2")
    after = [k for k, t in enumerate(patrol["stop_times"]) if t.startswith("2026-11-27")]
    assert after, "a night patrol with a stop after midnight"
    k = after[0]
    book = openpyxl.Workbook()
    book.active.append(["Mã lượt tuần tra", "Điểm", "Giờ ký"])
    book.active.append(["2026-11-26-night-T2", patrol["stop_names"][k], patrol["stop_times"][k][11:16]])
    book.save(tmp_path / "dem.xlsx")
    import_record(ws, "checkins", tmp_path / "dem.xlsx")
    stored_lines = ws.read("checkins")
    (stored,) = stored_lines.loc[stored_lines["patrol_id"] == "2026-11-26-night-T2", "time"]
    assert stored.startswith("2026-11-27T")
    assert result_of(ws, "2026-11-26-night-T2").stops[k].state == "visited"


def test_bad_lines_are_refused_by_row_and_column(ws: Workspace, tmp_path: Path) -> None:
    patrol = planned(ws, "2026-11-23-morning-T1")
    good = f"2026-11-23-morning-T1,{patrol['stop_names'][0]},{patrol['stop_times'][0][11:16]}"
    sheet = tmp_path / "so.csv"
    sheet.write_text(
        "patrol_id,place,time\n"
        f"{good}\n"
        "2026-11-23-morning-T1,Nhà văn hóa Sao Hỏa,07:00\n"  # no such place
        f"2026-11-23-morning-T9,{patrol['stop_names'][1]},07:00\n"  # no such team
        f"2026-11-23-morning-T1,{patrol['stop_names'][1]},15:00\n"  # after the shift
        f"2026-11-23-morning-T1,{patrol['stop_names'][1]},sáng sớm\n",  # no time
        encoding="utf-8",
    )
    before = everything_stored(ws)
    with pytest.raises(InputFileError, match="There is no place 'Nhà văn hóa Sao Hỏa'") as caught:
        import_record(ws, "checkins", sheet, strict=True)
    assert (caught.value.row, caught.value.column) == (3, "place") and everything_stored(ws) == before
    report = import_record(ws, "checkins", sheet)
    assert [(r.row, r.column) for r in report.rows_refused] == [
        (3, "place"),
        (4, "patrol_id"),
        (5, "time"),
        (6, "time"),
    ]
    assert "outside this patrol's shift" in report.rows_refused[2].reason_en
    assert report.rows_imported == 1


def test_a_signature_where_the_patrols_own_track_never_came_is_marked_unconfirmed(
    ws: Workspace, tmp_path: Path
) -> None:
    from datetime import UTC, datetime, timedelta

    import numpy as np

    from patrol_map.sample.tracks import follow, write_gpx

    patrol = planned(ws, "2026-11-25-morning-T1")
    stops = np.array(patrol["stop_xy"])
    # The track goes out to the first stop and back; the sheet is signed there and at the farthest stop.
    far = int(np.argmax(np.hypot(*(stops - stops[0]).T)))
    assert np.hypot(*(stops[far] - stops[0])) > 1000
    # Along the roads to the first stop, a stay there, then straight home: the far stop is never near.
    leave = (
        datetime.fromisoformat(patrol["stop_times"][0]) + timedelta(minutes=float(patrol["stop_minutes"]))
    ).astimezone(UTC)
    fixes = [fix for fix in follow(patrol) if fix[0] <= leave]
    home = patrol.geometry.coords[0]
    fixes.append((leave + timedelta(minutes=15), home[0], home[1]))
    assert min(np.hypot(x - stops[far][0], y - stops[far][1]) for _, x, y in fixes) > 150
    track = write_gpx(tmp_path / "t.gpx", [fixes], ws.crs)
    import_record(ws, "tracks", track, patrol="2026-11-25-morning-T1")
    sheet = tmp_path / "so.csv"
    lines = [f"2026-11-25-morning-T1,{patrol['stops'][k]},{patrol['stop_times'][k][11:16]}" for k in (0, far)]
    sheet.write_text("patrol_id,place,time\n" + "\n".join(lines) + "\n", encoding="utf-8")
    import_record(ws, "checkins", sheet)
    result = result_of(ws, "2026-11-25-morning-T1")
    assert result.source == "gps"
    assert (result.stops[0].state, result.stops[0].unconfirmed) == ("visited", False)  # track and sheet agree
    stop = result.stops[far]
    assert (stop.state, stop.source, stop.unconfirmed) == ("visited", "checkin", True)
    assert week_coverage(ws, WEEK).totals["stops_unconfirmed"] == 1
