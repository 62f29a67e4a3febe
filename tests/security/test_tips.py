"""Citizens' tips: imported with their confidential fields sealed, opened for the commander only."""

from __future__ import annotations

import sqlite3
import subprocess
from datetime import date
from pathlib import Path

import pyogrio
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from patrol_map.access import tips_for
from patrol_map.cli import main
from patrol_map.errors import AccessError, InputFileError
from patrol_map.importing import import_file
from patrol_map.security.accounts import add_user, log_in
from patrol_map.security.crypto import FieldCipher, is_sealed
from patrol_map.tips import opened_tips, stored_tips, tip_counts
from patrol_map.workspace import Workspace
from tests.stored import everything_stored, raw_layer, stored_text

# Accounts, their audit log and tips live only in a commune's file; on a province server PostgreSQL's
# own roles decide who reads what (tests/test_workspace_server.py: the refusal in words).
pytestmark = pytest.mark.file_only

PASSPHRASE = "mật-khẩu-mã-hóa-xã"
PASSWORD = "mật-khẩu-đủ-dài"
#: Texts that must never be found in clear in the workspace file.
SECRETS = ("Trần Thị Mai", "0912345678", "dò xét nhà ông Bảy", "Nguyễn Văn Hùng", "0987654321")
TIPS = """Ngày,Thôn,Nội dung,Người báo,Số điện thoại,Có giá trị
03/11/2026,Xóm Cồn,Có người lạ dò xét nhà ông Bảy ban đêm,Trần Thị Mai,0912 345 678,có
05/11/2026,Thôn Hưng Phú,Nhóm thanh niên tụ tập đua xe,Nguyễn Văn Hùng,987654321,không
07/11/2026,Xóm Cồn,"=HYPERLINK(""http://x"",""bấm"")",,,
28/10/2026,,Xe lạ đỗ lâu ở chợ,,,có
"""


@pytest.fixture
def workspace(sample_copy: Workspace) -> str:
    return sample_copy.where


@pytest.fixture
def tips_file(tmp_path: Path) -> Path:
    path = tmp_path / "tin_bao.csv"
    path.write_text(TIPS, encoding="utf-8")
    return path


def _imported(workspace: str, tips_file: Path) -> Workspace:
    ws = Workspace(workspace)
    import_file(ws, "tips", tips_file, passphrase=PASSPHRASE)
    return Workspace(workspace)


@settings(max_examples=30, deadline=None)
@given(text=st.text(max_size=200), context=st.text(min_size=1, max_size=40))
def test_a_sealed_field_opens_to_its_text_in_its_own_place_only(text: str, context: str) -> None:
    cipher = FieldCipher(bytes(range(32)))
    token = cipher.seal(text, context)
    assert is_sealed(token) and cipher.open(token, context) == text
    with pytest.raises(AccessError):
        cipher.open(token, context + "x")  # moved to another row or column
    with pytest.raises(AccessError):
        FieldCipher(bytes(32)).open(token, context)  # another workspace's key


def test_an_edited_sealed_field_does_not_open() -> None:
    cipher = FieldCipher(bytes(range(32)))
    token = cipher.seal("Trần Thị Mai", "tips/informant_name/T1")
    for at in (len("enc1:"), len(token) // 2, len(token) - 3):
        changed = token[:at] + ("A" if token[at] != "A" else "B") + token[at + 1 :]
        with pytest.raises(AccessError):
            cipher.open(changed, "tips/informant_name/T1")
    with pytest.raises(AccessError):
        cipher.open("Trần Thị Mai", "tips/informant_name/T1")  # never sealed


def test_a_new_key_needs_a_long_passphrase_and_a_wrong_one_is_refused() -> None:
    with pytest.raises(AccessError, match="at least 8"):
        FieldCipher.new("ngắn")
    cipher, meta = FieldCipher.new(PASSPHRASE)
    assert FieldCipher.of(meta, PASSPHRASE).key == cipher.key
    with pytest.raises(AccessError, match="Wrong encryption passphrase"):
        FieldCipher.of(meta, PASSPHRASE + "!")


def test_confidential_fields_are_unreadable_in_what_is_stored(workspace: str, tips_file: Path) -> None:
    ws = _imported(workspace, tips_file)
    raw = stored_text(ws)
    for secret in SECRETS:
        assert secret.encode("utf-8") not in raw, secret
    rows = raw_layer(ws, "tips")
    assert len(rows) == 4
    sealed = rows[["content", "informant_name", "informant_phone"]].to_numpy().ravel()
    assert all(is_sealed(cell) for cell in sealed)
    assert sorted(rows["village"]) == ["", "Thôn Hưng Phú", "Xóm Cồn", "Xóm Cồn"]  # counts need no key
    if ws.path is not None:  # a file still reads as any GeoPackage (QGIS), the tips layer with it
        assert {"tips", "incidents", "villages"} <= {name for name, _ in pyogrio.list_layers(ws.path)}
    opened = opened_tips(ws, FieldCipher.of(ws.meta, PASSPHRASE)).set_index("date")
    assert opened.loc["2026-11-03", "informant_name"] == "Trần Thị Mai"
    assert opened.loc["2026-11-05", "informant_phone"] == "0987654321"  # the 0 a spreadsheet drops
    assert opened.loc["2026-11-07", "content"] == '=HYPERLINK("http://x","bấm")'


def test_importing_again_updates_and_a_wrong_passphrase_changes_nothing(
    workspace: str, tips_file: Path
) -> None:
    ws = _imported(workspace, tips_file)
    report = import_file(ws, "tips", tips_file, passphrase=PASSPHRASE)
    assert report.rows_imported == 4 and len(stored_tips(Workspace(workspace))) == 4
    before = everything_stored(Workspace(workspace))
    with pytest.raises(AccessError, match="Wrong encryption passphrase"):
        import_file(Workspace(workspace), "tips", tips_file, passphrase="một-mật-khẩu-khác")
    with pytest.raises(AccessError, match="PATROL_MAP_PASSPHRASE"):
        import_file(Workspace(workspace), "tips", tips_file)
    assert everything_stored(Workspace(workspace)) == before


@pytest.mark.file_only
def test_sealed_fields_swapped_between_tips_do_not_open(workspace: str, tips_file: Path) -> None:
    ws = _imported(workspace, tips_file)
    with sqlite3.connect(workspace) as db:
        (first, a), (second, b) = db.execute("SELECT fid, informant_name FROM tips LIMIT 2").fetchall()
        db.execute("UPDATE tips SET informant_name = ? WHERE fid = ?", (b, first))
        db.execute("UPDATE tips SET informant_name = ? WHERE fid = ?", (a, second))
    with pytest.raises(AccessError, match="was changed"):
        opened_tips(Workspace(workspace), FieldCipher.of(ws.meta, PASSPHRASE))


def test_counts_of_tips_received_and_valuable_need_no_key(workspace: str, tips_file: Path) -> None:
    ws = _imported(workspace, tips_file)
    counts = tip_counts(ws, date(2026, 11, 1), date(2026, 11, 30)).set_index("village")
    assert counts.loc["Xóm Cồn"].tolist() == [2, 1]
    assert counts.loc["Thôn Hưng Phú"].tolist() == [1, 0]
    assert counts["received"].sum() == 3  # the tip of 28 October is outside November
    assert tip_counts(ws, date(2026, 10, 1), date(2026, 10, 31))["valuable"].sum() == 1


def test_a_bad_row_is_refused_naming_row_and_column_and_never_quoting_an_informant(
    workspace: str, tmp_path: Path
) -> None:
    path = tmp_path / "tin_bao.csv"
    path.write_text(TIPS + "32/13/2026,Xóm Cồn,Tin,Lê Bí Mật,0900000000,có\n", encoding="utf-8")
    ws = Workspace(workspace)
    with pytest.raises(InputFileError) as refused:
        import_file(ws, "tips", path, passphrase=PASSPHRASE, strict=True)
    assert "row 6" in str(refused.value) and "Ngày" in str(refused.value)
    report = import_file(ws, "tips", path, passphrase=PASSPHRASE)
    assert report.rows_imported == 4 and [r.row for r in report.rows_refused] == [6]
    assert "Lê Bí Mật" not in report.to_json() and "0912345678" not in report.to_json()
    assert report.preview is not None and "informant_name" not in report.preview.columns
    missing = tmp_path / "thieu_cot.csv"
    missing.write_text("Ngày,Thôn,Nội dung\n03/11/2026,Xóm Cồn,Tin\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="informant_name"):
        import_file(ws, "tips", missing, passphrase=PASSPHRASE)


@pytest.mark.parametrize("role", ["viewer", "police", "militia", "admin"])
def test_only_the_commander_opens_the_tips(workspace: str, tips_file: Path, role: str) -> None:
    ws = _imported(workspace, tips_file)
    add_user(ws, "chi_huy", "commander", PASSWORD)
    commander = log_in(ws, "chi_huy", PASSWORD)
    person = ws.read("people", columns=["person_id", "force"])
    of_role = person[person["force"] == role]["person_id"]
    add_user(ws, "nguoi", role, PASSWORD, by=commander, person_id=of_role.iloc[0] if len(of_role) else "")
    assert len(tips_for(ws, commander, PASSPHRASE)) == 4
    with pytest.raises(AccessError, match="may not see tips"):
        tips_for(ws, log_in(ws, "nguoi", PASSWORD), PASSPHRASE)
    with pytest.raises(AccessError, match="log in"):
        tips_for(ws, None, PASSPHRASE)


def test_tips_on_the_command_line_by_role(
    workspace: str, tips_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("PATROL_MAP_PASSWORD", PASSWORD)
    monkeypatch.setenv("PATROL_MAP_ADMIN_PASSWORD", PASSWORD)
    monkeypatch.setenv("PATROL_MAP_PASSPHRASE", PASSPHRASE)
    ws = str(workspace)
    assert main(["user", "add", ws, "chi_huy", "--role", "commander"]) == 0
    assert main(["user", "add", ws, "xem", "--role", "viewer", "--user", "chi_huy"]) == 0
    assert main(["import", ws, "tips", str(tips_file)]) == 1  # accounts: --user needed
    assert main(["import", ws, "tips", str(tips_file), "--user", "xem"]) == 1
    assert main(["import", ws, "tips", str(tips_file), "--user", "chi_huy"]) == 0
    capsys.readouterr()
    assert main(["tips", ws, "--user", "xem"]) == 1
    assert "may not see tips" in capsys.readouterr().err
    out = tmp_path / "tin.csv"
    assert main(["tips", ws, "--user", "chi_huy", "--out", str(out)]) == 0
    written = out.read_text(encoding="utf-8-sig")
    assert "Trần Thị Mai" in written and "'=HYPERLINK(" in written  # a formula cell made inert
    for user in ("xem", "chi_huy"):  # nobody's briefing prints an informant, everybody's counts the tips
        pdf = tmp_path / f"{user}.pdf"
        xlsx = tmp_path / f"{user}.xlsx"
        argv = ["briefing", ws, "--period", "2026-11", "--out", str(pdf), "--xlsx", str(xlsx), "--user", user]
        assert main(argv) == 0
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "Tiếp nhận 3 tin báo" in " ".join(text.split())
        for secret in SECRETS:
            assert secret not in text and secret.encode() not in xlsx.read_bytes()


def _incidents_naming_suspects(tmp_path: Path) -> Path:
    path = tmp_path / "vu_viec.csv"
    path.write_text(
        "Ngày,Loại,Thôn,Đối tượng\n"
        "02/11/2026,trộm cắp,Xóm Cồn,Lê Văn Tình Nghi\n"
        "04/11/2026,đánh nhau,Thôn Hưng Phú,\n",
        encoding="utf-8",
    )
    return path


def test_suspects_names_are_stored_sealed_and_opened_for_the_commander_only(
    workspace: str, tmp_path: Path
) -> None:
    from patrol_map.access import suspects_for

    ws = Workspace(workspace)
    report = import_file(ws, "incidents", _incidents_naming_suspects(tmp_path), passphrase=PASSPHRASE)
    assert report.rows_imported == 2
    assert b"T\xc3\xacnh Nghi" not in stored_text(Workspace(workspace))  # "Tình Nghi", in no page of the file
    assert report.preview is not None and "suspect" not in report.preview.columns
    ws = Workspace(workspace)
    add_user(ws, "chi_huy", "commander", PASSWORD)
    commander = log_in(ws, "chi_huy", PASSWORD)
    add_user(ws, "xem", "viewer", PASSWORD, by=commander)
    named = suspects_for(ws, commander, PASSPHRASE)
    assert named[["village", "suspect"]].values.tolist() == [["Xóm Cồn", "Lê Văn Tình Nghi"]]
    with pytest.raises(AccessError, match="may not see tips"):
        suspects_for(ws, log_in(ws, "xem", PASSWORD), PASSPHRASE)


def test_without_a_passphrase_suspects_are_left_out_and_the_incidents_stored(
    workspace: str, tmp_path: Path
) -> None:
    ws = Workspace(workspace)
    report = import_file(ws, "incidents", _incidents_naming_suspects(tmp_path))
    assert report.rows_imported == 2
    assert any("names suspects (1 incidents): not stored" in n.en for n in report.notices)
    assert b"T\xc3\xacnh Nghi" not in stored_text(Workspace(workspace))
    assert "suspect" not in Workspace(workspace).read("incidents").columns


@pytest.mark.parametrize(
    "row",
    [
        "09/11/2026,Xóm Cồn,Tin,Lê Bí Mật,có,0912 345 678\n",  # phone and valuable swapped
        "09/11/2026,Xóm Cồn,Tin có dấu phẩy, không ngoặc,Lê Bí Mật,0912 345 678,có\n",  # a comma too many
        "0912 345 678,Xóm Cồn,Tin,Lê Bí Mật,,\n",  # the phone typed in the date column
    ],
)
def test_a_shifted_row_is_refused_without_quoting_its_cells(
    workspace: str, tmp_path: Path, row: str, capsys: pytest.CaptureFixture
) -> None:
    path = tmp_path / "tin_bao.csv"
    path.write_text(TIPS + row, encoding="utf-8")
    ws = Workspace(workspace)
    with pytest.raises(InputFileError) as refused:
        import_file(ws, "tips", path, passphrase=PASSPHRASE, strict=True)
    assert "row 6" in str(refused.value)
    for secret in ("0912 345 678", "Lê Bí Mật", "không ngoặc"):
        assert secret not in str(refused.value)
    try:  # a row with a cell too many refuses the whole file; the others only their row
        report = import_file(ws, "tips", path, passphrase=PASSPHRASE)
        written = report.to_json() + " ".join(n.en + n.vi for n in report.notices)
        assert [r.row for r in report.rows_refused] == [6]
    except InputFileError as whole:
        written = str(whole)
    for secret in ("0912 345 678", "Lê Bí Mật", "không ngoặc"):
        assert secret not in written
        assert secret.encode() not in stored_text(Workspace(workspace))


def test_importing_incidents_again_keeps_the_suspects_stored(workspace: str, tmp_path: Path) -> None:
    from patrol_map.access import suspects_for

    path = _incidents_naming_suspects(tmp_path)
    import_file(Workspace(workspace), "incidents", path, passphrase=PASSPHRASE)
    import_file(Workspace(workspace), "incidents", path)  # no passphrase: the names are not given again
    bare = tmp_path / "khong_doi_tuong.csv"
    bare.write_text("\n".join(line.rsplit(",", 1)[0] for line in path.read_text().splitlines()) + "\n")
    import_file(Workspace(workspace), "incidents", bare, passphrase=PASSPHRASE)  # no suspect column at all
    named = suspects_for(Workspace(workspace), None, PASSPHRASE)
    assert named["suspect"].tolist() == ["Lê Văn Tình Nghi"]


def test_a_sealed_field_does_not_tell_an_empty_name_from_a_short_one() -> None:
    cipher = FieldCipher(bytes(range(32)))
    lengths = {
        len(cipher.seal(text, "tips/informant_name/T1")) for text in ("", "An", "Nguyễn Thị Minh Khai")
    }
    assert len(lengths) == 1
