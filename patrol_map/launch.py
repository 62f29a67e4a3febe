"""Starting the app from the installed package (``patrol-map app``), listening on this machine only.

Streamlit serves the ``static/`` folder beside the script it runs: :file:`patrol_map/streamlit_app.py`
runs with :file:`patrol_map/static/` (the vendored Leaflet's images) beside it, in a source checkout and in an
installed wheel alike. The settings of ``.streamlit/config.toml`` are passed on the command line, since
an installed package has no such file in the folder it is started from.
"""

from __future__ import annotations

import os
import sys
from importlib.resources import files
from pathlib import Path

#: Streamlit's settings: local files only, nothing sent out, reachable from this machine only.
SETTINGS = {
    "server.address": "localhost",
    "server.enableStaticServing": "true",
    "server.headless": "true",
    "server.fileWatcherType": "none",
    "server.maxUploadSize": "100",
    "browser.gatherUsageStats": "false",
    "client.toolbarMode": "minimal",
    "theme.base": "light",
}


def app_command(port: int) -> list[str]:
    """Return the command that starts the app on ``port`` with :data:`SETTINGS`."""
    script = Path(str(files("patrol_map") / "streamlit_app.py"))
    settings = [item for key, value in SETTINGS.items() for item in (f"--{key}", value)]
    return [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port), *settings]


def run_app(workspace: str | Path | None, port: int, tiles: Path | None = None) -> None:
    """Replace this process by the app; it runs until it is stopped (Ctrl+C or a signal).

    The process becomes Streamlit's (``os.execve``), so a signal that stops ``patrol-map app`` stops
    the app itself and leaves no server behind.

    Parameters
    ----------
    workspace
        The workspace to open (``$PATROL_MAP_WORKSPACE``); ``None`` opens the sample commune, built
        in the user's data folder on first start.
    port
        The local port, e.g. 8501.
    tiles
        A local basemap file (``$PATROL_MAP_TILES``, :mod:`patrol_map.maps.basemap`), or ``None``.

    """
    env = dict(os.environ)
    if workspace is not None:
        env["PATROL_MAP_WORKSPACE"] = str(workspace if isinstance(workspace, str) else workspace.resolve())
    if tiles is not None:
        env["PATROL_MAP_TILES"] = str(tiles.resolve())
    command = app_command(port)
    os.execve(command[0], command, env)
