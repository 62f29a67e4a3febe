"""Where the data shipped with the package lie: the sample commune and the 2025 administrative units."""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path


def geodata_dir() -> Path:
    """Return the folder of bundled data: ``$PATROL_MAP_GEODATA``, else the package's ``geodata/``."""
    chosen = os.environ.get("PATROL_MAP_GEODATA", "").strip()
    # A package installed from a wheel lies on disk, so its resources are plain files.
    return Path(chosen) if chosen else Path(str(files("patrol_map") / "geodata"))
