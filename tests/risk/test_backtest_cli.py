"""``patrol-map backtest``: the command-line contract of issue #6."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from patrol_map.cli import main


@pytest.fixture
def points(tmp_path: Path) -> Path:
    """20 cells of 10 m in a row, each with one incident on 1 January; known training and test weeks."""
    rows = [("2026-01-01", 10 * c + 5) for c in range(20)]
    rows += [("2026-01-03", 35), ("2026-01-06", 35), ("2026-01-07", 75)]
    rows += [("2026-01-09", 35), ("2026-01-10", 75), ("2026-01-14", 75), ("2026-01-12", 125)]
    path = tmp_path / "points.csv"
    lines = ["id,date,x,y,category"] + [f"{i},{d},{x},5,theft" for i, (d, x) in enumerate(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(points: Path, out: Path, *extra: str) -> int:
    argv = [
        "backtest",
        str(points),
        "--cell",
        "10",
        "--train-days",
        "7",
        "--test-days",
        "7",
        "--windows",
        "1",
    ]
    return main([*argv, "--json", str(out), *extra])


def test_json_holds_the_averaged_scores_of_each_method(
    points: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    out = tmp_path / "out" / "scores.json"
    assert run(points, out, "--methods", "naive,kde,best", "--boundary", str(row_of(20, tmp_path))) == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    assert list(result) == ["naive", "kde", "best"]
    for figures in result.values():
        assert set(figures) == {"hit_rate", "pai", "pei"}
        assert all(set(by_coverage) == {"1", "5", "10"} for by_coverage in figures.values())
    # By hand (tests/risk/test_backtest.py): naive's top cell holds 1 of 4, its top two 3 of 4.
    assert result["naive"]["hit_rate"] == pytest.approx({"1": 0.25, "5": 0.25, "10": 0.75})
    assert result["naive"]["pai"] == pytest.approx({"1": 5.0, "5": 5.0, "10": 7.5})
    assert result["naive"]["pei"] == pytest.approx({"1": 0.5, "5": 0.5, "10": 1.0})
    shown = capsys.readouterr().out
    assert "20 cells" in shown and "PAI@5%" in shown and "best = " in shown


def row_of(columns: int, folder: Path) -> Path:
    """A boundary holding the first ``columns`` cells of the row (the points lie on a line: no hull)."""
    path = folder / f"row-{columns}.gpkg"
    gpd.GeoDataFrame(geometry=[shapely.box(0, 0, 10 * columns, 10)], crs="EPSG:32648").to_file(path)
    return path


def test_a_boundary_sets_the_study_area_and_test_incidents_outside_are_misses(
    points: Path, tmp_path: Path
) -> None:
    out = tmp_path / "scores.json"
    assert run(points, out, "--methods", "naive", "--boundary", str(row_of(10, tmp_path))) == 0
    # Ten cells; the test incident of column 12 is outside, a miss: cell 3 holds 1 of the 4.
    assert json.loads(out.read_text())["naive"]["hit_rate"]["10"] == pytest.approx(1 / 4)


def test_without_a_boundary_the_area_is_the_hull_of_what_came_before_the_tests(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    rows = [("2026-01-01", x, y) for x, y in ((0, 0), (100, 0), (0, 100), (100, 100))]
    rows += [("2026-01-03", 35, 35), ("2026-01-04", 35, 35)]  # training: cell (3, 3) holds the most
    rows += [("2026-01-09", 35, 35), ("2026-01-10", 75, 75), ("2026-01-12", 150, 50)]  # tests
    path = tmp_path / "square.csv"
    path.write_text("date,x,y\n" + "".join(f"{d},{x},{y}\n" for d, x, y in rows), encoding="utf-8")
    out = tmp_path / "scores.json"
    assert run(path, out, "--methods", "naive") == 0
    # Test week 6-12 January. The hull of what came before is the square 0-100: 100 cells (centres
    # 5-95); (150, 50) came later, outside: a miss. Cell (3, 3) holds 1 of the 3 test incidents.
    assert "100 cells" in capsys.readouterr().out
    result = json.loads(out.read_text())["naive"]
    assert result["hit_rate"]["1"] == pytest.approx(1 / 3) and result["pai"]["1"] == pytest.approx(100 / 3)


def test_incidents_before_the_tests_that_enclose_nothing_are_a_bilingual_error(
    points: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    assert run(points, tmp_path / "scores.json") == 1  # every point on one line
    err = capsys.readouterr().err
    assert "không bao quanh tâm của ô lưới nào" in err and "--boundary" in err
    assert "enclose the centre of no grid cell" in err


def test_a_bad_number_is_a_bilingual_error_naming_row_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("date,x,y\n2026-01-01,1,2\n2026-01-02,mười,2\n", encoding="utf-8")
    out = tmp_path / "scores.json"
    assert run(bad, out) == 1
    err = capsys.readouterr().err
    assert "Tệp bad.csv, dòng 3, cột 'x'" in err and "File bad.csv, row 3, column 'x'" in err
    assert not out.exists()


def test_a_missing_file_and_an_unreadable_boundary_are_bilingual_errors(
    points: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    assert run(tmp_path / "none.csv", tmp_path / "a.json") == 1
    assert "The file does not exist" in capsys.readouterr().err
    broken = tmp_path / "broken.geojson"
    broken.write_text("{", encoding="utf-8")
    assert run(points, tmp_path / "a.json", "--boundary", str(broken)) == 1
    assert "The boundary file cannot be read" in capsys.readouterr().err


@pytest.mark.parametrize(
    "extra", [("--methods", "naive,oracle"), ("--methods", ","), ("--windows", "0"), ("--cell", "-5")]
)
def test_usage_errors_exit_2_in_both_languages(
    points: Path, tmp_path: Path, capsys: pytest.CaptureFixture, extra: tuple[str, ...]
) -> None:
    with pytest.raises(SystemExit) as caught:
        run(points, tmp_path / "a.json", *extra)
    assert caught.value.code == 2
    assert "invalid command" in capsys.readouterr().err
