"""Reading a back-test's points and study area: both date forms, and errors naming file, row and column."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from patrol_map.errors import InputFileError
from patrol_map.io.points import read_boundary, read_points


def write(tmp_path: Path, text: str, name: str = "points.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_read_points_accepts_both_date_forms_and_ignores_other_columns(tmp_path: Path) -> None:
    path = write(tmp_path, "category;date;x;y\nBURGLARY;2016-08-01;7669898;689921\nx;02/08/2016;1.5;-2\n")
    points = read_points(path)
    assert points["date"].dt.date.tolist() == [date(2016, 8, 1), date(2016, 8, 2)]
    assert points["x"].tolist() == [7669898.0, 1.5] and points["y"].tolist() == [689921.0, -2.0]


@pytest.mark.parametrize(
    ("text", "row", "column"),
    [
        ("date,x\n2020-01-01,1\n", 1, "y"),
        ("date,x,y\n2020-01-01,1,2\n2020-02-30,1,2\n", 3, "date"),
        ("date,x,y\n2020-01-01,1,2\n\n2020-01-02,abc,2\n", 4, "x"),
        ("date,x,y\n2020-01-01,1,\n", 2, "y"),
        ("date,x,y\n,1,2\n", 2, "date"),
    ],
)
def test_bad_files_name_file_row_and_column_in_both_languages(
    tmp_path: Path, text: str, row: int, column: str
) -> None:
    with pytest.raises(InputFileError) as caught:
        read_points(write(tmp_path, text))
    error = caught.value
    assert (error.file, error.row, error.column) == ("points.csv", row, column)
    assert f"dòng {row}" in error.bilingual() and f"row {row}" in error.bilingual()


def test_read_boundary_refuses_a_file_without_polygons(tmp_path: Path) -> None:
    path = tmp_path / "points.geojson"
    gpd.GeoDataFrame(geometry=[shapely.Point(0, 0)], crs="EPSG:32648").to_file(path)
    with pytest.raises(InputFileError, match="no polygon"):
        read_boundary(path)
    with pytest.raises(InputFileError):
        read_boundary(write(tmp_path, "not a map", "broken.geojson"))
