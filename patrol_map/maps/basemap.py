"""A local basemap under the map's layers, served from this machine: nothing is fetched from outside.

The file is named by ``$PATROL_MAP_TILES`` (an MBTiles or PMTiles file of raster tiles,
:mod:`patrol_map.io.tiles`; ``patrol-map app --tiles`` sets it), else by the commune's settings
(:mod:`patrol_map.commune_settings`). Its tiles are served by a small HTTP server on 127.0.0.1, started once
per file in the app's process, to which Leaflet's tile layer points. Written by hand on the standard
library's ``http.server``: the app serves on this machine only, and Streamlit serves no dynamic files.
"""

from __future__ import annotations

import functools
import os
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import NamedTuple

from patrol_map.io.tiles import TileSet, open_tiles

#: A tile's address on the server: /z/x/y, with or without an extension.
_TILE_PATH = re.compile(r"/(\d{1,2})/(\d{1,7})/(\d{1,7})(?:\.\w+)?")


class Basemap(NamedTuple):
    """A basemap being served: Leaflet's URL template and the tile set behind it."""

    url: str
    tiles: TileSet


def chosen_basemap(setting: Path | None = None) -> Path | None:
    """Return the basemap file ``$PATROL_MAP_TILES`` names, else ``setting``; ``None`` without either."""
    value = os.environ.get("PATROL_MAP_TILES", "").strip()
    return Path(value) if value else setting


def local_basemap(setting: Path | None = None) -> Basemap | None:
    """Return the chosen basemap (:func:`chosen_basemap`), served (started on first use), or ``None``.

    Raises
    ------
    InputFileError
        When the chosen file is not a raster tile file.

    """
    path = chosen_basemap(setting)
    return serve_tiles(str(path.resolve())) if path is not None else None


@functools.cache
def serve_tiles(path: str) -> Basemap:
    """Serve the tiles of ``path`` on 127.0.0.1 (a free port) from a background thread; once per file."""
    tiles = open_tiles(path)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            match = _TILE_PATH.fullmatch(self.path.split("?")[0])
            data = tiles.read(*(int(n) for n in match.groups())) if match else None
            if data is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", tiles.mime)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "max-age=86400")
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            """Keep the app's console quiet: a request per tile would flood it."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, name=f"basemap {Path(path).name}", daemon=True).start()
    return Basemap(f"http://127.0.0.1:{server.server_address[1]}/{{z}}/{{x}}/{{y}}", tiles)
