"""People edited as a table (the app's people page) and stored through the import's checks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from patrol_map.errors import InputFileError
from patrol_map.importing import import_people_table
from patrol_map.workspace import Workspace


@pytest.fixture
def ws(sample_workspace: Path, tmp_path: Path) -> Workspace:
    return Workspace(shutil.copy(sample_workspace, tmp_path / "ws.gpkg"))


def test_an_edited_table_replaces_the_people_in_their_stored_form(ws: Workspace) -> None:
    people = ws.read("people")
    edited = people.assign(availability=["T2-T6, tối", *people["availability"].iloc[1:]])
    report = import_people_table(ws, edited)
    stored = ws.read("people")
    assert report.rows_imported == len(people) and len(stored) == len(people)
    # Read as a file is read: days and shifts in their stored codes.
    assert stored["availability"].iloc[0] == "mon,tue,wed,thu,fri,evening"
    assert list(stored["is_synthetic"]) == list(people["is_synthetic"])


def test_a_table_without_militia_is_refused_and_nothing_changes(ws: Workspace) -> None:
    before = ws.path.read_bytes()
    people = ws.read("people")
    with pytest.raises(InputFileError) as refused:
        import_people_table(ws, people[people["force"] == "police"])
    assert "danh_sach_nguoi.csv" in refused.value.message("vi")
    assert "militia" in refused.value.message("en")
    assert ws.path.read_bytes() == before
