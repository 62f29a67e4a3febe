"""A local basemap: raster tiles read from an MBTiles or a PMTiles file on this machine.

MBTiles is an SQLite database (a ``tiles`` table, rows counted from the south: TMS); PMTiles one file
of tiles behind a directory, read with the ``pmtiles`` package. Only raster tiles (PNG, JPEG, WebP)
can lie under the map's layers: a vector tile set needs a style and a renderer the offline map does
not have, and is refused.
"""

from __future__ import annotations

import sqlite3
import struct
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pmtiles.reader import MmapSource, Reader
from pmtiles.tile import MagicNumberNotFound, SpecVersionUnsupported, TileType

from patrol_map.errors import InputFileError

#: Raster tile formats a browser draws, by their MBTiles ``format`` name: MIME type.
RASTER_FORMATS = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "webp": "image/webp"}
_PMTILES_FORMATS = {TileType.PNG: "png", TileType.JPEG: "jpg", TileType.WEBP: "webp"}


@dataclass(frozen=True)
class TileSet:
    """An open tile file: its raster format, zoom range, and a reader of one tile (``None`` if absent)."""

    path: Path
    format: str
    min_zoom: int
    max_zoom: int
    read: Callable[[int, int, int], bytes | None]

    @property
    def mime(self) -> str:
        """Return the MIME type of its tiles."""
        return RASTER_FORMATS[self.format]


def open_tiles(path: str | Path) -> TileSet:
    """Open an MBTiles (``.mbtiles``) or PMTiles (``.pmtiles``) file of raster tiles.

    Raises
    ------
    InputFileError
        For a file that is missing, not a tile file, or of vector tiles, naming it.

    """
    path = Path(path)
    if not path.is_file():
        raise InputFileError("không có tệp bản đồ nền này.", "no such basemap file.", file=path)
    if path.suffix.lower() == ".pmtiles":
        return _open_pmtiles(path)
    return _open_mbtiles(path)


def _open_mbtiles(path: Path) -> TileSet:
    try:
        # Read-only, through a URI, so that opening never creates or changes the file.
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            meta = dict(db.execute("SELECT name, value FROM metadata").fetchall())
            zooms = db.execute("SELECT MIN(zoom_level), MAX(zoom_level) FROM tiles").fetchone()
    except sqlite3.Error as exc:
        raise _not_tiles(path, str(exc)) from exc
    kind = str(meta.get("format", "png")).lower()
    if kind not in RASTER_FORMATS:
        raise _vector(path, kind)
    if zooms[0] is None:
        raise _not_tiles(path, "no tile")

    def read(z: int, x: int, y: int) -> bytes | None:
        # MBTiles counts rows from the south (TMS); the map counts them from the north.
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            row = db.execute(
                "SELECT tile_data FROM tiles WHERE zoom_level=? AND tile_column=? AND tile_row=?",
                (z, x, (1 << z) - 1 - y),
            ).fetchone()
        return bytes(row[0]) if row else None

    return TileSet(path, kind, int(zooms[0]), int(zooms[1]), read)


def _open_pmtiles(path: Path) -> TileSet:
    handle = path.open("rb")
    try:
        reader = Reader(MmapSource(handle))
        header = reader.header()
    # A damaged or truncated file fails inside pmtiles in any of these ways.
    except (
        MagicNumberNotFound,
        SpecVersionUnsupported,
        ValueError,
        IndexError,
        struct.error,
        OSError,
    ) as exc:
        handle.close()
        raise _not_tiles(path, str(exc)) from exc
    kind = _PMTILES_FORMATS.get(header["tile_type"])
    if kind is None:
        handle.close()
        raise _vector(path, str(header["tile_type"].name).lower())
    # The file stays open (mapped) while the app serves it: one per basemap, for the process's life.
    return TileSet(path, kind, int(header["min_zoom"]), int(header["max_zoom"]), reader.get)


def _not_tiles(path: Path, why: str) -> InputFileError:
    return InputFileError(
        f"không đọc được như bản đồ nền MBTiles hay PMTiles ({why}).",
        f"cannot be read as an MBTiles or PMTiles basemap ({why}).",
        file=path,
    )


def _vector(path: Path, kind: str) -> InputFileError:
    return InputFileError(
        f"chứa ô bản đồ dạng vector ({kind}); bản đồ nền cần ô ảnh (PNG, JPEG, WebP).",
        f"holds vector tiles ({kind}); a basemap needs image tiles (PNG, JPEG, WebP).",
        file=path,
    )
