"""A commune's file and its schema on the province server, brought level layer by layer.

What each side last saw of the other is kept in the file's metadata, one entry per layer
(``sync:<layer>``): the layer's last change in the file and on the server at the end of the last
sync. A sync then compares stamps, not contents, so a second sync with nothing new reads no
layer at all:

- changed in the file only (or never on the server): the file's layer is pushed;
- changed on the server only (a province run planned the week): the server's layer is pulled;
- changed on both: the contents are compared; equal, the stamps are recorded; different, the layer
  is a *conflict*, listed and left as it is on both sides (never overwritten in silence).

Each layer is written in its own transaction (server) or write (file), its stamps recorded just
after: a sync cut off (the connection lost) leaves every layer whole on both sides, and the next
sync goes on from where it stopped (a layer pushed whose stamp was not recorded is found equal).

What never leaves the file: its accounts and the citizens' tips (informants stay in the commune),
and the stored results (the server computes its own).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field

import pandas as pd

from patrol_map.workspace import LAYERS, Workspace
from patrol_map.workspace.postgis import ServerAddress, incident_stamps, incidents_near, server_communes

#: Layers a sync brings level, in this order (the commune and its places before what refers to them).
SYNC_LAYERS = tuple(
    layer for layer in LAYERS if layer not in ("accounts", "tips", "results", "neighbour_incidents")
)
STATE_PREFIX = "sync:"
#: How far beyond the commune's boundary the neighbours' incidents are pulled, metres.
NEIGHBOURS_M = 3_000.0
#: The neighbours' incidents' columns pulled (no suspects, no free text beyond the category's).
NEIGHBOUR_COLUMNS = ("incident_id", "date", "time", "part_of_day", "category", "village")


@dataclass
class SyncReport:
    """What a sync did, layer by layer.

    Attributes
    ----------
    pushed, pulled
        Layers written to the server, and to the file.
    same
        Layers already level (nothing written).
    conflicts
        Layers changed on both sides since the last sync, with different contents: ``{layer, file_rows,
        server_rows}``; left as they are on both sides.
    created
        True when the commune was not on the server before.
    neighbour_incidents
        The neighbouring communes' incidents near the border pulled into the file's
        ``neighbour_incidents`` layer; ``None`` when none of them changed since the last sync.
    seconds
        Wall time.

    """

    pushed: list[str] = field(default_factory=list)
    pulled: list[str] = field(default_factory=list)
    same: list[str] = field(default_factory=list)
    conflicts: list[dict[str, object]] = field(default_factory=list)
    created: bool = False
    neighbour_incidents: int | None = None
    seconds: float = 0.0


def commune_address(ws: Workspace, server: str) -> ServerAddress:
    """Return where ``ws`` lives on ``server``: the address's ``?commune=``, else the file's own code."""
    address = ServerAddress(server)
    return address if address.commune else address.of(ws.meta["ma_xa"])


def sync(ws: Workspace, server: str) -> SyncReport:
    """Bring the file ``ws`` and its commune's schema on ``server`` level (see the module).

    Parameters
    ----------
    ws
        The commune's workspace file.
    server
        ``postgresql://USER@HOST:PORT/DB`` (the commune is the file's), or with ``?commune=MA_XA``.

    Returns
    -------
    SyncReport

    """
    started = time.perf_counter()
    ws.refuse_on_server()
    report = SyncReport()
    address = commune_address(ws, server)
    if address.commune in server_communes(address):  # refused in words when the server is not reached
        remote = Workspace(address.where)
    else:
        remote = Workspace.create(address.where, ws.read("commune"))
        report.created = True
    for layer in SYNC_LAYERS:
        _level(ws, remote, layer, report)
    report.neighbour_incidents = _pull_neighbours(ws, address)
    report.seconds = round(time.perf_counter() - started, 3)
    return report


def _level(ws: Workspace, remote: Workspace, layer: str, report: SyncReport) -> None:
    """Push, pull, record or list one layer as the module says."""
    if not ws.has(layer) and not remote.has(layer):
        return
    here, there = ws.changed(layer)[layer], remote.changed(layer)[layer]
    seen = json.loads(ws.meta.get(STATE_PREFIX + layer, "{}"))
    changed_here = ws.has(layer) and here != seen.get("file")
    changed_there = remote.has(layer) and there != seen.get("server")
    if not changed_here and not changed_there:
        report.same.append(layer)
        return
    if changed_here and not changed_there:
        remote.write({layer: ws.read(layer)})
        report.pushed.append(layer)
    elif changed_there and not changed_here:
        ws.write({layer: remote.read(layer)})
        report.pulled.append(layer)
    else:
        mine, theirs = ws.read(layer), remote.read(layer)
        if not _equal(mine, theirs):
            report.conflicts.append({"layer": layer, "file_rows": len(mine), "server_rows": len(theirs)})
            return
        report.same.append(layer)
    stamps = {"file": ws.changed(layer)[layer], "server": remote.changed(layer)[layer]}
    ws.write({}, meta={STATE_PREFIX + layer: json.dumps(stamps)})


def _pull_neighbours(ws: Workspace, address: ServerAddress) -> int | None:
    """Store the other communes' incidents near the border (:data:`NEIGHBOURS_M`); ``None`` if unchanged."""
    stamps = incident_stamps(address)
    stamp = json.dumps(stamps, sort_keys=True)
    key = STATE_PREFIX + "neighbour_incidents"
    if ws.meta.get(key) == stamp and ws.has("neighbour_incidents"):
        return None  # no neighbour's incidents changed: no spatial query at all
    boundary = ws.read("commune").geometry.union_all()
    near = incidents_near(address, sorted(stamps), boundary, ws.crs, NEIGHBOURS_M, NEIGHBOUR_COLUMNS)
    ws.write({"neighbour_incidents": near}, meta={key: stamp})
    return len(near)


def _equal(left: pd.DataFrame, right: pd.DataFrame) -> bool:
    try:
        pd.testing.assert_frame_equal(left, right)
    except AssertionError:
        return False
    return True
