"""What every workspace holds, whatever stores it: its layers, its metadata and their checks.

Both backends (:mod:`patrol_map.workspace.gpkg`, :mod:`patrol_map.workspace.postgis`) store these
layers and this metadata; what is read from either is checked and upgraded here, once.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeAlias

import geopandas as gpd
import pandas as pd
from pyproj import CRS
from pyproj.exceptions import CRSError

from patrol_map.errors import WorkspaceError
from patrol_map.model import RETIRED_CATEGORIES, part_of_day

#: 2 from 0.2.0: stored plans have every column of :mod:`patrol_map.plan.store`'s layout. A file of
#: schema 1 is read as it is (older layouts are upgraded as they are read) and marked 2 when written.
SCHEMA_VERSION = 2
META_LAYER = "patrol_map_meta"
#: Metadata every workspace holds.
REQUIRED_META = ("schema_version", "crs", "ma_xa", "ten_xa")
#: Longest a writer waits for another to finish, seconds.
LOCK_WAIT_S = 60.0
LAYERS = (
    "commune",
    "villages",
    "roads",
    "places",
    "incidents",
    "people",
    "plans",
    "imports",
    "village_aliases",
    "tracks",
    "checkins",
    "results",
    "settings",
    "accounts",
    "tips",
    "neighbour_incidents",
)
#: Columns of the layers a commune may not have yet (a quiet commune has no incident at all).
OPTIONAL_COLUMNS = {
    "villages": ("village_id", "name", "is_synthetic"),
    "incidents": (
        "incident_id",
        "date",
        "time",
        "part_of_day",
        "category",
        "category_text",
        "source",
        "village",
        "location",
        "is_synthetic",
    ),
}

Frame: TypeAlias = pd.DataFrame | gpd.GeoDataFrame
#: What the address of a workspace on a server starts with.
SERVER_SCHEMES = ("postgresql://", "postgresql+psycopg://", "postgres://")


def is_server_address(where: str | Path) -> bool:
    """Tell whether ``where`` names a workspace on a server rather than a file."""
    return str(where).startswith(SERVER_SCHEMES)


def meta_frame(meta: dict[str, str]) -> pd.DataFrame:
    """Return the metadata as it is stored: a table of ``key`` and ``value``."""
    return pd.DataFrame({"key": list(meta), "value": list(meta.values())})


def checked_meta(meta: pd.DataFrame, name: str) -> dict[str, str]:
    """Return the stored metadata as a dict, refusing in words a damaged or missing value.

    Parameters
    ----------
    meta
        The ``patrol_map_meta`` table as read.
    name
        The workspace as shown to the user (a file name, or a server address without password).

    """
    try:
        values = {
            str(k): ("" if v is None else str(v)) for k, v in zip(meta["key"], meta["value"], strict=True)
        }
    except KeyError as exc:
        raise damaged(name, "patrol_map_meta") from exc
    for key in REQUIRED_META:
        if not values.get(key, "").strip():
            raise damaged(name, key)
    try:
        version = int(values["schema_version"])
    except ValueError as exc:
        raise damaged(name, "schema_version") from exc
    if version > SCHEMA_VERSION:
        raise WorkspaceError(
            f"Tệp được tạo bởi phiên bản mới hơn (lược đồ {version}); hãy cập nhật patrol-map.",
            f"The file was made by a newer version (schema {version}); update patrol-map.",
        )
    try:
        CRS.from_user_input(values["crs"])
    except CRSError as exc:
        raise damaged(name, "crs") from exc
    return values


def damaged(name: str, key: str) -> WorkspaceError:
    """Return the refusal of a workspace whose metadata value ``key`` is missing or wrong."""
    return WorkspaceError(
        f"Tệp dữ liệu xã '{name}' bị hỏng: giá trị '{key}' trong lớp patrol_map_meta thiếu hoặc sai. "
        "Hãy dùng bản sao lưu, hoặc tạo lại bằng patrol-map init.",
        f"The workspace '{name}' is damaged: the value '{key}' of its patrol_map_meta layer is "
        "missing or wrong. Use a backup, or create it again with patrol-map init.",
    )


def upgrade_incidents(incidents: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Bring an incidents layer stored by an earlier version up to the current columns.

    Parameters
    ----------
    incidents
        The stored layer, with or without ``part_of_day``, ``category_text`` and ``source``.

    Returns
    -------
    geopandas.GeoDataFrame
        The columns of :data:`OPTIONAL_COLUMNS` first, in their order, then any others. Missing
        columns are filled: ``part_of_day`` from ``time``, ``category_text`` empty, ``source``
        ``unknown``. A retired category (``burglary``) becomes the key it is now (``theft``), its
        old name kept as ``category_text`` where that is empty. A current layer comes back unchanged.

    """
    upgraded = incidents.copy()
    if "part_of_day" not in upgraded:
        upgraded["part_of_day"] = [part_of_day(t) for t in upgraded["time"].fillna("")]
    if "category_text" not in upgraded:
        upgraded["category_text"] = ""
    if "source" not in upgraded:
        upgraded["source"] = "unknown"
    for old, (key, name) in RETIRED_CATEGORIES.items():
        retired = (upgraded["category"] == old).to_numpy()
        blank = (upgraded["category_text"].fillna("") == "").to_numpy()
        upgraded.loc[retired & blank, "category_text"] = name
        upgraded.loc[retired, "category"] = key
    first = list(OPTIONAL_COLUMNS["incidents"])
    rest = [c for c in upgraded.columns if c not in first]
    return upgraded[first + rest]
