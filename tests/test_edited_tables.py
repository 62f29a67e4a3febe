"""Tables edited in the app (the people and places pages), stored through the import's checks."""

from __future__ import annotations

import pytest

from patrol_map.errors import InputFileError
from patrol_map.importing import editable_places, import_edited_table
from patrol_map.workspace import Workspace
from tests.stored import everything_stored


@pytest.fixture
def ws(sample_copy: Workspace) -> Workspace:
    return sample_copy


def test_an_edited_table_replaces_the_people_in_their_stored_form(ws: Workspace) -> None:
    people = ws.read("people")
    edited = people.assign(availability=["T2-T6, tối", *people["availability"].iloc[1:]])
    report = import_edited_table(ws, "people", edited)
    stored = ws.read("people")
    assert report.rows_imported == len(people) and len(stored) == len(people)
    # Read as a file is read: days and shifts in their stored codes.
    assert stored["availability"].iloc[0] == "mon,tue,wed,thu,fri,evening"
    assert list(stored["is_synthetic"]) == list(people["is_synthetic"])


def test_a_table_without_militia_is_refused_and_nothing_changes(ws: Workspace) -> None:
    before = everything_stored(ws)
    people = ws.read("people")
    with pytest.raises(InputFileError) as refused:
        import_edited_table(ws, "people", people[people["force"] == "police"])
    assert "danh_sach_nguoi.csv" in refused.value.message("vi")
    assert "militia" in refused.value.message("en")
    assert everything_stored(ws) == before


def test_places_round_trip_with_their_positions_and_take_new_hours(ws: Workspace) -> None:
    places = ws.read("places")
    table = editable_places(ws)
    school = table.index[table["kind"] == "school"][0]
    table.loc[school, "hours"] = "6h30-7h15"
    import_edited_table(ws, "places", table)
    stored = ws.read("places")
    assert stored.loc[school, "hours"] == "06:30-07:15"  # read as a file is read
    assert (stored.geometry.distance(places.geometry) < 0.01).all()  # positions kept to the centimetre
    others = stored.drop(index=school).drop(columns="geometry")
    assert others.equals(places.drop(index=school).drop(columns="geometry"))


def test_an_hour_that_does_not_exist_is_refused_naming_row_and_column(ws: Workspace) -> None:
    before = everything_stored(ws)
    table = editable_places(ws)
    table.loc[4, "hours"] = "25:00-26:00"
    with pytest.raises(InputFileError) as refused:
        import_edited_table(ws, "places", table)
    said = refused.value.message("vi")
    assert said.startswith("Tệp danh_sach_dia_diem.csv, dòng 6, cột 'hours'"), said
    assert everything_stored(ws) == before
