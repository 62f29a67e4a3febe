"""Village names a user confirmed once and the tool remembers: the workspace's ``village_aliases`` table.

A clerk's "Xóm Đồng" may be no spelling of any stored name (an old name, a nickname). Once a
commander says which village it is (``patrol-map alias``), later imports place it there. This
module is the table's only reader and writer.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from patrol_map.errors import InputFileError
from patrol_map.geo.geocode import VillageNames
from patrol_map.text import fold
from patrol_map.workspace import Workspace

LAYER = "village_aliases"
COLUMNS = ("written", "village", "added_at")


def read_aliases(ws: Workspace) -> dict[str, str]:
    """Return the confirmed names of the workspace: as written -> stored village name."""
    if not ws.has(LAYER):
        return {}
    table = pd.DataFrame(ws.read(LAYER))
    return dict(zip(table["written"], table["village"], strict=True))


def add_alias(ws: Workspace, written: str, village: str) -> str:
    """Remember that ``written`` means ``village``; return the stored village name.

    Parameters
    ----------
    ws
        The workspace, with its villages imported.
    written
        The name as files write it.
    village
        The village it means, as :class:`~patrol_map.geo.geocode.VillageNames` reads a name.

    Returns
    -------
    str
        The stored name of the village.

    Raises
    ------
    InputFileError
        When ``village`` names no village, or more than one.

    """
    if not written.strip():
        raise InputFileError("Tên cần ghi nhớ đang trống.", "The name to remember is empty.")
    with ws.locked():
        stored = VillageNames(ws.read("villages")["name"]).match(village)
        table = pd.DataFrame(ws.read(LAYER)) if ws.has(LAYER) else pd.DataFrame(columns=list(COLUMNS))
        kept = table[table["written"].map(fold) != fold(written)]
        added = pd.DataFrame(
            {
                "written": [written.strip()],
                "village": [stored],
                "added_at": [datetime.now().astimezone().isoformat(timespec="seconds")],
            }
        )
        ws.write({LAYER: pd.concat([kept[list(COLUMNS)], added], ignore_index=True)})
    return stored
