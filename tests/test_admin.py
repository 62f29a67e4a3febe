"""The 2025 communes and the old communes they absorbed: names, codes, boundaries, incident files."""

from __future__ import annotations

from pathlib import Path

import pytest

from patrol_map.cli import main
from patrol_map.errors import InputFileError
from patrol_map.geo.admin import commune_boundary, find_commune, names_of
from patrol_map.importing import create_workspace_of, import_file
from patrol_map.workspace import Workspace


@pytest.mark.parametrize(
    ("name", "province", "ma_xa", "new_name", "old"),
    [
        ("Nam Trạch", None, "19198", "Nam Trạch", None),
        ("xã nam trach", None, "19198", "Nam Trạch", None),
        ("19198", None, "19198", "Nam Trạch", None),
        ("Lý Nam", None, "19198", "Nam Trạch", "Xã Lý Nam, Huyện Bố Trạch, Quảng Bình"),
        ("Lý Trạch", None, "19198", "Nam Trạch", "Xã Lý Trạch, Huyện Bố Trạch, Quảng Bình"),  # merged earlier
        ("Ngọc Lũ", None, "13540", "Bình An", "Xã Ngọc Lũ, Huyện Bình Lục, Hà Nam"),
        ("Công Lý", None, "13591", "Nam Xang", "Xã Công Lý, Huyện Lý Nhân, Hà Nam"),
        ("Lộc Thủy", "Quảng Bình", "19249", "Lệ Thủy", "Xã Lộc Thủy, Huyện Lệ Thủy, Quảng Bình"),
        ("Lộc Thủy", "Huế", "20137", "Chân Mây - Lăng Cô", "Xã Lộc Thủy, Huyện Phú Lộc, Huế"),
    ],
)
def test_old_and_new_names_find_the_2025_commune(
    name: str, province: str | None, ma_xa: str, new_name: str, old: str | None
) -> None:
    found = find_commune(name, province)
    assert (found.ma_xa, found.ten_xa, found.old) == (ma_xa, new_name, old)


def test_ambiguous_and_unknown_names_are_refused() -> None:
    with pytest.raises(InputFileError, match=r"Several communes are named 'Lộc Thủy'.*Phú Lộc, Huế"):
        find_commune("Lộc Thủy")
    with pytest.raises(InputFileError, match="No commune or ward 'Atlantis'"):
        find_commune("Atlantis")


def test_names_of_a_commune_include_the_old_ones() -> None:
    names = names_of("19198")
    assert names["nam_trach"] is None
    assert names["ly_nam"] == "Xã Lý Nam, Huyện Bố Trạch, Quảng Bình"
    assert names["ly_trach"] == "Xã Lý Trạch, Huyện Bố Trạch, Quảng Bình"
    assert "ngoc_lu" not in names


def test_init_by_an_old_name_finds_the_new_commune(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "ly_trach.gpkg"
    assert main(["init", str(path), "--commune", "Lý Trạch"]) == 0
    out = capsys.readouterr().out
    assert "'Lý Trạch' is the former Xã Lý Trạch, Huyện Bố Trạch, Quảng Bình, part of Nam Trạch" in out
    ws = Workspace(path)
    assert (ws.meta["ma_xa"], ws.commune_name) == ("19198", "Nam Trạch")
    area_km2 = ws.read("commune").area.iloc[0] / 1e6
    assert 100 < area_km2 < 200  # about 130 km²
    assert main(["init", str(tmp_path / "x.gpkg"), "--commune", "Lộc Thủy"]) == 1
    assert "--province" in capsys.readouterr().err
    assert main(["init", str(tmp_path / "y.gpkg"), "--commune", "Tây Đằng"]) == 1  # Hà Nội: not bundled
    assert "not bundled" in capsys.readouterr().err


def test_communes_of_bundled_provinces_have_their_boundary() -> None:
    for ma_xa in ("19198", "13540", "13591"):
        assert len(commune_boundary(find_commune(ma_xa))) == 1


def test_an_incident_file_with_a_commune_column(tmp_path: Path) -> None:
    ws, _ = create_workspace_of(tmp_path / "nt.gpkg", "Nam Trạch")
    log = tmp_path / "log.csv"
    log.write_text(
        "Ngày,Loại,Xã/phường,Kinh độ,Vĩ độ\n"
        "2026-11-01,trộm,Nam Trạch,106.4939,17.4741\n"
        "2026-11-02,trộm,xã Lý Nam,106.4939,17.4741\n"
        "2026-11-03,trộm,Lý Trạch,106.4939,17.4741\n"
        "2026-11-04,trộm,Ngọc Lũ,106.4939,17.4741\n"  # another commune (Bình An, Ninh Bình): refused
        "2026-11-05,trộm,,106.4939,17.4741\n",
        encoding="utf-8",
    )
    report = import_file(ws, "incidents", log)
    assert report.rows_imported == 4
    [refused] = report.rows_refused
    assert (refused.row, refused.column) == (5, "Xã/phường")
    assert "of the commune 'Ngọc Lũ', not Nam Trạch" in refused.reason_en
    noted = " ".join(n.en for n in report.notices)
    assert "2 rows name former communes now part of Nam Trạch" in noted
    assert "Xã Lý Nam, Huyện Bố Trạch, Quảng Bình: 1" in noted
