"""The workspace file: creation, schema version, layers, and all-or-nothing writes."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
from geopandas.testing import assert_geodataframe_equal

from patrol_map.errors import InputFileError, WorkspaceError
from patrol_map.importing import create_workspace, import_file
from patrol_map.workspace import OPTIONAL_COLUMNS, SCHEMA_VERSION, Workspace
from patrol_map.workspace import gpkg as workspace_module
from tests.stored import everything_stored


@pytest.fixture
def ws(tiny: dict[str, Path], new_workspace_at: str) -> Workspace:
    ws, _ = create_workspace(new_workspace_at, tiny["boundary"])
    import_file(ws, "villages", tiny["villages"])
    return ws


@pytest.mark.file_only
def test_created_workspace_is_a_geopackage_in_the_local_utm_zone(ws: Workspace) -> None:
    layers = dict(pyogrio.list_layers(ws.path))
    assert {"commune", "villages", "patrol_map_meta"} <= set(layers)
    assert ws.crs == "EPSG:32648"
    assert ws.meta["schema_version"] == str(SCHEMA_VERSION)
    assert ws.commune_name == "Thử Nghiệm"
    assert Workspace(ws.path).read("villages").crs == "EPSG:32648"


def test_refuses_to_overwrite(tiny: dict[str, Path], ws: Workspace) -> None:
    with pytest.raises(WorkspaceError, match=r"already (exists|holds)"):
        create_workspace(ws.where, tiny["boundary"])


@pytest.mark.file_only
def test_newer_schema_is_refused(ws: Workspace) -> None:
    meta = pd.DataFrame(
        {
            "key": ["schema_version", "crs", "ma_xa", "ten_xa"],
            "value": [str(SCHEMA_VERSION + 1), ws.crs, "1", "x"],
        }
    )
    pyogrio.write_dataframe(meta, ws.path, layer="patrol_map_meta")
    with pytest.raises(WorkspaceError, match="newer version"):
        Workspace(ws.path)


def test_a_plain_geopackage_is_not_a_workspace(tmp_path: Path, tiny: dict[str, Path]) -> None:
    gpd.read_file(tiny["villages"]).to_file(tmp_path / "plain.gpkg")
    with pytest.raises(WorkspaceError, match="not a patrol-map workspace"):
        Workspace(tmp_path / "plain.gpkg")


def test_missing_layer_says_what_to_import(ws: Workspace) -> None:
    with pytest.raises(WorkspaceError, match="import it first"):
        ws.read("roads")


@pytest.mark.file_only
def test_failed_write_leaves_the_file_byte_for_byte(
    ws: Workspace, tiny: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = everything_stored(ws)
    real_write = workspace_module._write_layer
    calls = []

    def write_then_fail(path: Path, layer: str, frame: object) -> None:
        calls.append(layer)
        if len(calls) == 2:
            raise OSError("disk full")
        real_write(path, layer, frame)

    monkeypatch.setattr(workspace_module, "_write_layer", write_then_fail)
    villages = ws.read("villages")
    with pytest.raises(OSError, match="disk full"):
        ws.write({"villages": villages.iloc[:1], "commune": ws.read("commune")})
    assert everything_stored(ws) == before
    assert [p.name for p in ws.path.parent.iterdir() if "tmp" in p.name] == []  # the draft copy is gone


def test_layers_come_back_as_they_were_written(ws: Workspace, tiny: dict[str, Path]) -> None:
    for kind in ("roads", "places", "incidents", "people"):
        import_file(ws, kind, tiny[kind])
    stored = {layer: ws.read(layer) for layer in ("villages", "roads", "places", "incidents", "people")}
    ws.write(stored)
    again = Workspace(ws.where)
    for layer in ("villages", "roads", "places", "incidents"):
        assert_geodataframe_equal(again.read(layer), stored[layer], check_less_precise=False)
    pd.testing.assert_frame_equal(again.read("people"), stored["people"])


def far_away(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The same features moved 50 km east: outside the commune."""
    return frame.set_geometry(frame.geometry.translate(xoff=50_000))


def bad_file(kind: str, tiny: dict[str, Path], tmp_path: Path) -> tuple[Path, str]:
    """A file of ``kind`` that reads fine but breaks a rule, and the words of its refusal."""
    if kind in ("villages", "roads", "places"):
        frame = far_away(gpd.read_file(tiny[kind]).to_crs("EPSG:32648"))
        path = tmp_path / f"bad-{kind}.geojson"
        frame.to_file(path)
        return path, {"roads": "No road lies in the commune"}.get(kind, "lies outside the commune")
    path = tmp_path / f"bad-{kind}.csv"
    good = tiny[kind].read_text(encoding="utf-8").splitlines()
    if kind == "incidents":
        path.write_text("\n".join([*good, "A9,2026-11-31,20:00,theft,Thôn Tây,,"]) + "\n", encoding="utf-8")
        return path, "Date '2026-11-31' is not valid"
    path.write_text("\n".join([*good, "X1,Người lạ,army,,,all"]) + "\n", encoding="utf-8")
    return path, "Force 'army' is not valid"


@pytest.mark.parametrize("kind", ["villages", "roads", "places", "incidents", "people"])
def test_every_refused_import_leaves_the_file_byte_for_byte(
    ws: Workspace, tiny: dict[str, Path], tmp_path: Path, kind: str
) -> None:
    for other in ("roads", "places", "incidents", "people"):
        import_file(ws, other, tiny[other])
    before = everything_stored(ws)
    path, words = bad_file(kind, tiny, tmp_path)
    with pytest.raises(InputFileError, match=words):
        import_file(ws, kind, path, strict=True)  # incidents: one bad row refuses the file only when strict
    assert everything_stored(ws) == before


def test_incident_reimport_updates_by_id(ws: Workspace, tiny: dict[str, Path]) -> None:
    import_file(ws, "incidents", tiny["incidents"])
    import_file(ws, "incidents", tiny["incidents"])
    assert len(ws.read("incidents")) == 4


def test_two_files_without_ids_add_up(ws: Workspace, tmp_path: Path) -> None:
    october, november = tmp_path / "oct" / "incidents.csv", tmp_path / "nov" / "incidents.csv"
    for path, day in ((october, "2026-10"), (november, "2026-11")):
        path.parent.mkdir()
        rows = "".join(f"{day}-{d:02d},theft,Thôn Tây\n" for d in range(1, 6))
        path.write_text("date,category,village\n" + rows, encoding="utf-8")
    import_file(ws, "incidents", october)
    notices = import_file(ws, "incidents", november).notices
    assert len(ws.read("incidents")) == 10
    assert "Imported 5 new incidents and updated 0; 10 in all." in notices[0].en


def test_new_villages_rename_the_villages_of_located_incidents(
    ws: Workspace, tiny: dict[str, Path], tmp_path: Path
) -> None:
    import_file(ws, "incidents", tiny["incidents"])
    merged = gpd.read_file(tiny["villages"]).dissolve().assign(name="Thôn Chung")
    merged.to_file(tmp_path / "merged.geojson")
    notices = import_file(ws, "villages", tmp_path / "merged.geojson", replace=True).notices
    incidents = ws.read("incidents").set_index("incident_id")
    assert set(incidents.loc[["A1", "A2", "A4"], "village"]) == {"Thôn Chung"}
    assert incidents.loc["A3", "village"] == "Thôn Tây"  # only a name: kept, and reported
    assert any("1 incidents that give only a village name no longer match" in n.en for n in notices)


def test_reimporting_a_file_after_new_villages_changes_nothing(
    ws: Workspace, tiny: dict[str, Path], tmp_path: Path
) -> None:
    import_file(ws, "incidents", tiny["incidents"])
    no_ids = tmp_path / "no-ids.csv"
    no_ids.write_text(
        "date,category,village\n2026-11-01,theft,Thôn Tây\n2026-11-02,fight,tây\n", encoding="utf-8"
    )
    import_file(ws, "incidents", no_ids)
    moved = gpd.read_file(tiny["villages"]).to_crs("EPSG:32648")
    moved = moved.set_geometry(moved.geometry.scale(0.9, 0.9))
    moved.to_file(tmp_path / "smaller.geojson")
    import_file(ws, "villages", tmp_path / "smaller.geojson", replace=True)
    notices = import_file(ws, "incidents", no_ids).notices
    assert "Imported 0 new incidents and updated 2; 6 in all." in notices[0].en


def test_optional_layers_have_the_columns_the_readers_make(
    ws: Workspace, tiny: dict[str, Path], tmp_path: Path
) -> None:
    import_file(ws, "incidents", tiny["incidents"])
    for layer in ("villages", "incidents"):
        stored = [c for c in ws.read(layer).columns if c != "geometry"]
        assert stored == list(OPTIONAL_COLUMNS[layer])
    empty = Workspace.create(tmp_path / "empty.gpkg", ws.read("commune"))
    assert list(empty.read_optional("incidents").columns) == [*OPTIONAL_COLUMNS["incidents"], "geometry"]
    with pytest.raises(ValueError, match="not an optional layer"):
        empty.read_optional("roads")


def test_village_only_incidents_follow_their_renamed_village(
    ws: Workspace, tiny: dict[str, Path], tmp_path: Path
) -> None:
    import_file(ws, "incidents", tiny["incidents"])  # A3 gives only "Thôn Tây"
    renamed = gpd.read_file(tiny["villages"]).assign(name=["Đông", "Tây"]).to_crs("EPSG:32648")
    renamed = renamed.set_geometry(renamed.geometry.translate(xoff=-10))
    renamed.to_file(tmp_path / "renamed.geojson")
    notices = import_file(ws, "villages", tmp_path / "renamed.geojson", replace=True).notices
    incident = ws.read("incidents").set_index("incident_id").loc["A3"]
    assert incident["village"] == "Tây"
    assert renamed.set_index("name").loc["Tây"].geometry.contains(incident.geometry)
    assert not any("no longer match" in n.en for n in notices)


def test_future_dates_are_stored_and_reported(ws: Workspace, tmp_path: Path) -> None:
    future = date.today() + timedelta(days=400)
    path = tmp_path / "typo.csv"
    path.write_text(
        f"date,category,village\n{future:%d/%m/%Y},theft,Tây\n2026-01-05,fight,Tây\n", encoding="utf-8"
    )
    notices = import_file(ws, "incidents", path).notices
    assert f"1 incidents are dated in the future (e.g. {future.isoformat()}" in notices[0].en
    assert len(ws.read("incidents")) == 2


def test_a_renamed_village_keeps_its_village_only_incidents(
    ws: Workspace, tiny: dict[str, Path], tmp_path: Path
) -> None:
    import_file(ws, "incidents", tiny["incidents"])  # A3 gives only "Thôn Tây" (village T02)
    renamed = ws.read("villages").assign(name=["Thôn Đông", "Thôn Tây Sơn"])
    renamed.to_file(tmp_path / "renamed.geojson")
    notices = import_file(ws, "villages", tmp_path / "renamed.geojson", replace=True).notices
    assert ws.read("incidents").set_index("incident_id").loc["A3", "village"] == "Thôn Tây Sơn"
    assert not any("no longer match" in n.en for n in notices)


def test_a_corrected_record_without_ids_is_pointed_out(ws: Workspace, tmp_path: Path) -> None:
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text("date,time,category,village\n2026-10-03,21:00,fight,Thôn Tây\n", encoding="utf-8")
    second.write_text(
        "date,time,category,village\n2026-10-03,21:00,public_order,Thôn Tây\n", encoding="utf-8"
    )
    import_file(ws, "incidents", first)
    notices = import_file(ws, "incidents", second).notices
    assert "1 new incidents share the date, time and village of stored ones (e.g. 2026-10-03, Thôn Tây)" in (
        notices[0].en
    )


def test_bad_people_rows_are_refused_and_listed(ws: Workspace, tiny: dict[str, Path], tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(
        "person_id,name,force,availability\n"
        "P1,An,police,all\n"
        "P2,Bình,army,all\n"  # no such force
        "P3,,militia,all\n"  # no name
        "P4,Cường,militia,sometimes\n"  # no such day or shift
        "P1,Dũng,militia,all\n"  # an id given again
        "P5,Em,militia,T2-T6\n",
        encoding="utf-8",
    )
    before = everything_stored(ws)
    with pytest.raises(InputFileError, match="The name is empty"):
        import_file(ws, "people", path, strict=True)
    assert everything_stored(ws) == before
    report = import_file(ws, "people", path, replace=True)
    assert (report.rows_read, report.rows_imported) == (6, 2)
    assert [(r.row, r.column) for r in report.rows_refused] == [
        (3, "force"),
        (4, "name"),
        (5, "availability"),
        (6, "person_id"),
    ]
    assert ws.read("people")["person_id"].tolist() == ["P1", "P5"]


def test_the_fingerprint_of_what_is_stored_sees_any_write(ws: Workspace) -> None:
    """The check that a refused write changed nothing (tests/stored.py) would see a write."""
    before = everything_stored(ws)
    assert everything_stored(ws) == before
    ws.write({"villages": ws.read("villages")})  # the same rows again
    assert everything_stored(ws) != before
