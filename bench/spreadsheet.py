"""Time an incident log of 100,000 rows imported from a spreadsheet, half placed by hamlet name.

Run: ``.venv/bin/python bench/spreadsheet.py [--rows N]``. Builds the sample workspace, writes an
``.xlsx`` log with openpyxl (date cells, time cells, categories as logs write them; half the rows
with ``kinh độ``/``vĩ độ`` inside the commune, half with only a hamlet name written as clerks do:
``Thôn 3``, ``thôn Ba``, ``T3``, without accents), then prints, each in a fresh process:

- reading the sheet as text with calamine (the project's reader) and with openpyxl in read-only
  mode (the alternative the issue names), seconds;
- the whole ``patrol-map import WORKSPACE incidents FILE``: seconds and peak memory (MiB).

Targets (issue #12): the import under 30 s and 1 GiB.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import openpyxl

from patrol_map.demo import build_demo
from patrol_map.geo.crs import WGS84

CATEGORIES = ("trộm xe máy", "Trộm cắp tài sản", "đánh nhau", "Gây rối trật tự", "lô đề", "TNGT", "cướp giật")
NUMBER_WORDS = {1: "Một", 2: "Hai", 3: "Ba", 4: "Bốn", 5: "Năm", 6: "Sáu", 7: "Bảy", 8: "Tám", 9: "Chín"}


def hamlet_spellings(name: str) -> list[str]:
    """The ways a clerk may write a hamlet's name."""
    plain = name.replace("Thôn ", "").replace("Xóm ", "")
    ways = [name, name.lower(), plain]
    if plain.isdigit():
        number = int(plain)
        ways += [f"T{number}", f"thôn {NUMBER_WORDS.get(number, plain).lower()}"]
    return ways


def write_log(path: Path, workspace: Path, rows: int, seed: int = 0) -> None:
    """Write an .xlsx incident log of ``rows`` rows in the sample commune."""
    import geopandas as gpd

    rng = np.random.default_rng(seed)
    villages = gpd.read_file(workspace, layer="villages")
    commune = gpd.read_file(workspace, layer="commune").to_crs(WGS84)
    spellings = [way for name in villages["name"] for way in hamlet_spellings(name)]
    west, south, east, north = commune.total_bounds
    area = commune.geometry.iloc[0]
    points = []
    while len(points) < rows // 2:
        lon, lat = rng.uniform(west, east, 4 * rows), rng.uniform(south, north, 4 * rows)
        inside = gpd.GeoSeries(gpd.points_from_xy(lon, lat), crs=WGS84).within(area).to_numpy()
        points += list(zip(lon[inside], lat[inside], strict=True))
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Sổ theo dõi")
    sheet.append(["Ngày", "Giờ", "Loại vụ việc", "Thôn", "Kinh độ", "Vĩ độ"])
    first = date(2022, 1, 1)
    for i in range(rows):
        day = datetime.combine(first + timedelta(days=int(rng.integers(0, 1400))), datetime.min.time())
        clock = (datetime.min + timedelta(minutes=int(rng.integers(0, 24 * 60)))).time()
        category = CATEGORIES[int(rng.integers(len(CATEGORIES)))]
        if i % 2:
            sheet.append([day, clock, category, spellings[int(rng.integers(len(spellings)))], None, None])
        else:
            lon, lat = points[i // 2]
            sheet.append([day, clock, category, None, round(float(lon), 6), round(float(lat), 6)])
    book.save(path)


def timed(code: str) -> tuple[float, float]:
    """Run Python ``code`` in a fresh process; return its seconds and peak memory (MiB)."""
    script = f"import resource, time\nstarted = time.perf_counter()\n{code}\n" + (
        "print(time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    seconds, mib = out.stdout.split()[-2:]
    return float(seconds), float(mib)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sample = folder / "sample.gpkg"
        build_demo(sample)
        log = folder / "so_vu_viec.xlsx"
        started = time.perf_counter()
        write_log(log, sample, args.rows)
        size = log.stat().st_size / 2**20
        print(f"{args.rows} rows written in {time.perf_counter() - started:.1f} s ({size:.1f} MiB)")
        calamine, _ = timed(
            f"from patrol_map.io.spreadsheet import read_sheet_text; read_sheet_text({str(log)!r})"
        )
        opx, _ = timed(
            "import openpyxl\n"
            f"book = openpyxl.load_workbook({str(log)!r}, read_only=True)\n"
            "sheet = book.worksheets[0]\n"
            "rows = [[str(c) if c is not None else '' for c in r] for r in sheet.iter_rows(values_only=True)]"
        )
        print(f"reading the sheet as text: calamine {calamine:.1f} s, openpyxl (read-only) {opx:.1f} s")
        target = folder / "import.gpkg"
        shutil.copy(sample, target)
        seconds, mib = timed(
            "from patrol_map.importing import import_file\nfrom patrol_map.workspace import Workspace\n"
            f"import_file(Workspace({str(target)!r}), 'incidents', {str(log)!r})"
        )
        print(f"import of {args.rows} rows: {seconds:.1f} s, peak {mib:.0f} MiB (targets: 30 s, 1024 MiB)")


if __name__ == "__main__":
    main()
