"""The messy corpus (tests/data/messy, made by its seeded script): each file imported as a user would."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from patrol_map.errors import InputFileError
from patrol_map.importing import import_file
from patrol_map.workspace import Workspace

CORPUS = Path(__file__).parent / "data" / "messy"
EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_file_imports_as_expected(sample_workspace: Path, tmp_path: Path, name: str) -> None:
    want = EXPECTED[name]
    path = tmp_path / "ws.gpkg"
    shutil.copy(sample_workspace, path)
    ws = Workspace(path)
    file = CORPUS / name.split("#")[0]
    options = {"crs": want.get("crs"), "sheet": want.get("sheet"), "replace": True}
    if "error" in want:
        before = path.read_bytes()
        with pytest.raises(InputFileError) as caught:
            import_file(ws, want["kind"], file, **options)
        assert want["error"] in caught.value.en and caught.value.vi
        assert caught.value.row == want.get("row")
        assert path.read_bytes() == before
        return
    report = import_file(ws, want["kind"], file, **options)
    assert report.rows_imported == want["rows_imported"]
    assert [[r.row, r.column] for r in report.rows_refused] == want.get("refused", [])
    if "encoding" in want:
        assert report.encoding == want["encoding"]
    if want["kind"] == "incidents":
        stored = ws.read("incidents")
        assert stored["village"].isin(ws.read("villages")["name"]).all()  # every row landed in a village
