"""A local basemap: tiles read from MBTiles and PMTiles files and served from this machine."""

from __future__ import annotations

import io
import sqlite3
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image
from pmtiles.tile import Compression, TileType, zxy_to_tileid
from pmtiles.writer import Writer

from patrol_map.errors import InputFileError
from patrol_map.io.tiles import open_tiles
from patrol_map.maps.basemap import serve_tiles

#: Two tiles of zoom 14 (x, y counted from the north) and their colours.
TILES = {(14, 13050, 7600): (200, 30, 30), (14, 13051, 7600): (30, 30, 200)}


def png(colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (256, 256), colour).save(out, format="PNG")
    return out.getvalue()


def write_mbtiles(path: Path, kind: str = "png") -> Path:
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
        db.execute("CREATE TABLE tiles (zoom_level INT, tile_column INT, tile_row INT, tile_data BLOB)")
        db.executemany("INSERT INTO metadata VALUES (?, ?)", [("name", "test"), ("format", kind)])
        for (z, x, y), colour in TILES.items():  # MBTiles rows count from the south
            db.execute("INSERT INTO tiles VALUES (?, ?, ?, ?)", (z, x, (1 << z) - 1 - y, png(colour)))
    return path


def write_pmtiles(path: Path, tile_type: TileType = TileType.PNG) -> Path:
    with path.open("wb") as handle:
        writer = Writer(handle)
        for (z, x, y), colour in sorted(TILES.items(), key=lambda item: zxy_to_tileid(*item[0])):
            writer.write_tile(zxy_to_tileid(z, x, y), png(colour))
        writer.finalize(
            {
                "tile_type": tile_type,
                "tile_compression": Compression.NONE,
                "min_zoom": 14,
                "max_zoom": 14,
                "min_lon_e7": 1060000000,
                "min_lat_e7": 170000000,
                "max_lon_e7": 1070000000,
                "max_lat_e7": 180000000,
                "center_zoom": 14,
                "center_lon_e7": 1065000000,
                "center_lat_e7": 175000000,
            },
            {"name": "test"},
        )
    return path


@pytest.mark.parametrize("write", [write_mbtiles, write_pmtiles])
def test_each_tile_is_read_where_the_map_asks_for_it(tmp_path: Path, write) -> None:  # type: ignore[no-untyped-def]
    tiles = open_tiles(write(tmp_path / f"nen.{'mbtiles' if write is write_mbtiles else 'pmtiles'}"))
    assert (tiles.format, tiles.min_zoom, tiles.max_zoom, tiles.mime) == ("png", 14, 14, "image/png")
    for (z, x, y), colour in TILES.items():
        data = tiles.read(z, x, y)
        assert data is not None and Image.open(io.BytesIO(data)).getpixel((5, 5)) == colour
    assert tiles.read(14, 13050, 7601) is None  # a tile the file does not hold


def test_the_server_gives_each_tile_and_a_404_for_the_rest(tmp_path: Path) -> None:
    basemap = serve_tiles(str(write_mbtiles(tmp_path / "nen.mbtiles")))
    assert basemap.url.startswith("http://127.0.0.1:")
    (z, x, y), colour = next(iter(TILES.items()))
    with urllib.request.urlopen(basemap.url.format(z=z, x=x, y=y), timeout=5) as answer:
        assert answer.headers["Content-Type"] == "image/png"
        assert Image.open(io.BytesIO(answer.read())).getpixel((0, 0)) == colour
    for missing in (basemap.url.format(z=3, x=1, y=1), basemap.url.split("{z}")[0] + "../../etc/passwd"):
        with pytest.raises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(missing, timeout=5)
        assert caught.value.code == 404


def test_a_file_that_is_not_raster_tiles_is_refused_by_name(tmp_path: Path) -> None:
    garbage = tmp_path / "rac.mbtiles"
    garbage.write_bytes(b"not a database at all" * 100)
    with pytest.raises(
        InputFileError, match=r"File rac\.mbtiles: cannot be read as an MBTiles or PMTiles"
    ) as caught:
        open_tiles(garbage)
    assert "Tệp rac.mbtiles: không đọc được như bản đồ nền" in str(caught.value)
    with pytest.raises(InputFileError, match="vector tiles"):
        open_tiles(write_mbtiles(tmp_path / "vector.mbtiles", kind="pbf"))
    with pytest.raises(InputFileError, match="vector tiles"):
        open_tiles(write_pmtiles(tmp_path / "vector.pmtiles", TileType.MVT))
    with pytest.raises(InputFileError, match="cannot be read"):
        open_tiles(tmp_path.joinpath("trong.pmtiles").write_bytes(b"PMTiles") and tmp_path / "trong.pmtiles")
    with pytest.raises(InputFileError, match="no such basemap file"):
        open_tiles(tmp_path / "khong_co.mbtiles")
    assert garbage.read_bytes() == b"not a database at all" * 100  # opening never writes


@given(st.binary(max_size=400), st.sampled_from([".mbtiles", ".pmtiles"]))
def test_any_bytes_are_read_or_refused_by_name(
    tmp_path_factory: pytest.TempPathFactory, data: bytes, suffix: str
) -> None:
    path = tmp_path_factory.mktemp("fuzz") / f"x{suffix}"
    path.write_bytes((b"PMTiles\x03" if suffix == ".pmtiles" else b"") + data)
    try:
        tiles = open_tiles(path)
    except InputFileError as exc:
        assert exc.file == path.name
    else:  # only a well-formed header gets this far; reading a tile must not raise either
        tiles.read(0, 0, 0)
