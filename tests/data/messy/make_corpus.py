"""Write the messy corpus: files as a commune's clerks send them, each with what importing it must give.

Run from the repository root: ``.venv/bin/python tests/data/messy/make_corpus.py`` (seeded: the
same files every time). ``expected.json`` lists, for each file, the kind it is imported as, the
options, and the outcome: rows imported and refused (by row and column), the encoding found, or
the words of a refusal. ``tests/test_messy_corpus.py`` imports each into the sample workspace.
Everything here is synthetic (``is_synthetic``): the villages and places of the sample commune.
"""

from __future__ import annotations

import json
import random
import unicodedata
import zipfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

import geopandas as gpd
import openpyxl

from patrol_map.geo.bundled import geodata_dir
from patrol_map.geo.vn2000 import tm3_crs
from patrol_map.io import vntext

HERE = Path(__file__).parent
TONES = "\u0301\u0300\u0309\u0303\u0323"
VILLAGES = [
    "Xóm Cồn",
    "Thôn Trung Thành",
    "Thôn Hưng Phú",
    "Thôn Hòa Bình",
    "Thôn Quyết Thắng",
    "Thôn Lý Hòa",
]
CATEGORIES = ["Trộm cắp tài sản", "trộm xe máy", "Đánh nhau", "Gây rối trật tự", "lô đề", "TNGT"]


def as_written(rng: random.Random, name: str) -> str:
    """A village name as a clerk writes it: whole, without "Thôn", lower case, or without accents."""
    bare = name.split(" ", 1)[1]
    plain = "".join(c for c in unicodedata.normalize("NFD", bare) if not unicodedata.combining(c)).replace(
        "Đ", "D"
    )
    return rng.choice([name, bare, name.lower(), plain, f"thôn {bare}" if name.startswith("Thôn") else name])


def incident_rows(rng: random.Random, n: int) -> list[list[str]]:
    first = date(2026, 10, 1)
    rows = []
    for _ in range(n):
        day = first + timedelta(days=rng.randrange(50))
        clock = f"{rng.randrange(24)}h{rng.randrange(60):02d}"
        rows.append(
            [day.strftime("%d/%m/%Y"), clock, rng.choice(CATEGORIES), as_written(rng, rng.choice(VILLAGES))]
        )
    return rows


def to_tcvn3(text: str) -> bytes:
    """Encode as a .VnTime user typed: small toned letters by their codes (capitals are ASCII or ĂÂĐÊÔƠƯ)."""
    table = {c: bytes([0x80 + i]) for i, c in enumerate(vntext._TCVN3_HIGH) if c.isalpha()}
    out = b""
    for char in text:
        if char.isascii():
            out += char.encode()
        else:
            out += table.get(char) or table[char.lower()]
    return out


def to_vni(text: str) -> bytes:
    spelled = {letter: spelling for spelling, letter in vntext._vni_table().items()}
    return "".join(spelled.get(c, c) for c in text).encode("cp1252")


def to_cp1258(text: str) -> bytes:
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        decomposed = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONES))
        out += base.encode("cp1258") + "".join(c for c in decomposed if c in TONES).encode("cp1258")
    return bytes(out)


def csv_text(header: list[str], rows: list[list[str]], sep: str = ",") -> str:
    return "\r\n".join(sep.join(cells) for cells in [header, *rows]) + "\r\n"


def main() -> None:
    rng = random.Random(2025)
    expected: dict[str, dict] = {}
    header = ["Ngày xảy ra", "Giờ", "Loại vụ việc", "Thôn"]

    (HERE / "so_vu_viec_tcvn3.csv").write_bytes(to_tcvn3(csv_text(header, incident_rows(rng, 12))))
    expected["so_vu_viec_tcvn3.csv"] = {"kind": "incidents", "rows_imported": 12, "encoding": "TCVN3"}

    (HERE / "so_vu_viec_vni.csv").write_bytes(to_vni(csv_text(header, incident_rows(rng, 10), sep=";")))
    expected["so_vu_viec_vni.csv"] = {"kind": "incidents", "rows_imported": 10, "encoding": "VNI-Windows"}

    rows = [[*row, rng.choice(["Nam Trạch", "xã Lý Nam", "Lý Trạch", ""])] for row in incident_rows(rng, 9)]
    rows.insert(4, ["07/11/2026", "20h00", "Trộm cắp tài sản", "Thôn Hưng Phú", "Ngọc Lũ"])  # another commune
    (HERE / "so_vu_viec_1258.csv").write_bytes(to_cp1258(csv_text([*header, "Xã"], rows)))
    expected["so_vu_viec_1258.csv"] = {
        "kind": "incidents",
        "rows_imported": 9,
        "encoding": "Windows-1258",
        "refused": [[6, "Xã"]],
    }

    book = openpyxl.Workbook()
    book.active.title = "Ghi chú"
    book.active["A1"] = "Sổ theo dõi vụ việc năm 2026"
    sheet = book.create_sheet("Tháng 11")
    sheet.append([])
    sheet.append(["", "Ngày", "Giờ", "Loại", "Thôn", "Kinh độ", "Vĩ độ"])
    sheet.append(["", datetime(2026, 11, 3), time(21, 30), "Trộm cắp", "Thôn Hưng Phú", None, None])
    sheet.append(["", "5/11/26", "9 giờ tối", "đánh nhau", "Th«n Lý Hßa", None, None])  # a .VnTime cell
    sheet.append(["", 46336, None, "lô đề", "Xóm Cồn", None, None])  # a date saved as Excel's serial
    sheet.append(["", "31/02/2026", "20:00", "Trộm cắp", "Xóm Cồn", None, None])  # no such day: refused
    sheet.append(["", date(2026, 11, 12), "", "Cướp giật", "", 17.4741, 106.4939])  # lat/lon swapped: refused
    sheet.append(["", date(2026, 11, 13), "22h", "Cướp giật", "", 106.4939, 17.4741])
    book.save(HERE / "so_vu_viec.xlsx")
    expected["so_vu_viec.xlsx"] = {
        "kind": "incidents",
        "sheet": "Tháng 11",
        "rows_imported": 4,
        "encoding": "spreadsheet, TCVN3",
        "refused": [[6, "Ngày"], [7, "Kinh độ"]],
    }

    villages = gpd.read_file(geodata_dir() / "nam_trach_villages.geojson").to_crs(tm3_crs(106.0))
    shp = HERE / "shp"
    shp.mkdir(exist_ok=True)
    villages[["name", "geometry"]].to_file(shp / "thon.shp", encoding="utf-8")
    with zipfile.ZipFile(HERE / "thon_khong_prj.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        for part in ("thon.shp", "thon.shx", "thon.dbf", "thon.cpg"):
            archive.write(shp / part, part)
    for part in shp.iterdir():
        part.unlink()
    shp.rmdir()
    expected["thon_khong_prj.zip"] = {"kind": "villages", "error": "--crs 'EPSG:9211'"}
    expected["thon_khong_prj.zip#crs"] = {"kind": "villages", "crs": "EPSG:9211", "rows_imported": 21}

    places = gpd.read_file(geodata_dir() / "nam_trach_places.geojson").head(6)
    waypoints = "".join(
        f'  <wpt lat="{p.y:.6f}" lon="{p.x:.6f}"><name>{name}</name></wpt>\n'
        for p, name in zip(
            places.geometry,
            ["Công an xã", "Ban CHQS xã", "Chợ Hôm", "Trường THCS", "Cầu Trạch", "Nhà ông Ba"],
            strict=True,
        )
    )
    (HERE / "diem_dien_thoai.gpx").write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="OsmAnd" '
        f'xmlns="http://www.topografix.com/GPX/1/1">\n{waypoints}</gpx>\n',
        encoding="utf-8",
    )
    expected["diem_dien_thoai.gpx"] = {"kind": "places", "rows_imported": 6}

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Mã", "Tên địa điểm", "Loại", "Mức ưu tiên", "Khung giờ", "Kinh độ", "Vĩ độ"])
    kinds = ["Công an xã", "Quân sự", "Chợ", "Trường", "Cầu", "Karaoke"]  # karaoke: no such kind, refused
    for (_, place), kind in zip(places.iterrows(), kinds, strict=True):
        sheet.append([place.place_id, place["name"], kind, float(place.priority), place.hours or None,
                      place.geometry.x, place.geometry.y])  # fmt: skip
    sheet.append(["P99", "Bến đò", "Bến đò", 2, None, 17.49, 106.51])  # lat/lon swapped: refused
    book.save(HERE / "diem_tuan_tra.xlsx")
    expected["diem_tuan_tra.xlsx"] = {
        "kind": "places",
        "rows_imported": 5,
        "encoding": "spreadsheet",
        "refused": [[7, "Loại"], [8, None]],
    }

    (HERE / "hong_ngoac.csv").write_text(
        'ngày,loại,thôn\n01/11/2026,trộm,Xóm Cồn\n02/11/2026,"trộm xe,Xóm Cồn\n03/11/2026,trộm,Xóm Cồn\n',
        encoding="utf-8",
    )
    expected["hong_ngoac.csv"] = {"kind": "incidents", "error": "never closed", "row": 3}

    (HERE / "expected.json").write_text(
        json.dumps(expected, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
