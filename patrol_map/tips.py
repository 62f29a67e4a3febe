"""The workspace's ``tips`` layer: citizens' tips, their confidential fields sealed.

The only reader and writer of the layer. A stored tip: ``tip_id``, ``date``, ``village``,
``valuable`` (``yes``/``no``/empty) and ``is_synthetic`` in clear, for the counts a meeting sees
(:func:`tip_counts`); ``content``, ``informant_name`` and ``informant_phone`` sealed with the
workspace's key (:class:`patrol_map.security.crypto.FieldCipher`), each for its own row and column.

A tip the file gives no id gets one from its content keyed by the workspace's key
(:meth:`FieldCipher.tag`): importing the same file twice updates rather than duplicates, and the
id tells nothing of the informant to whoever holds the file without the passphrase.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from patrol_map.errors import AccessError
from patrol_map.io.cells import numbered_repeats
from patrol_map.io.tips import CONFIDENTIAL
from patrol_map.security.crypto import SALT_META, FieldCipher, place
from patrol_map.workspace import Workspace

LAYER = "tips"
#: The stored columns, in order.
COLUMNS = ("tip_id", "date", "village", "valuable", *CONFIDENTIAL, "is_synthetic")


def has_key(ws: Workspace) -> bool:
    """Tell whether the workspace has an encryption key (it has once tips are stored)."""
    return SALT_META in ws.meta


def cipher_of(ws: Workspace, passphrase: str | None) -> tuple[FieldCipher, dict[str, str]]:
    """Return the workspace's cipher, and the metadata to store when it is new (else ``{}``).

    The first tips stored make the key from the passphrase given then; later ones must give the same.

    Raises
    ------
    AccessError
        Without a passphrase, for a wrong one, or for a new one shorter than
        :data:`~patrol_map.security.crypto.MIN_PASSPHRASE`.
    WorkspaceError
        On a server: informants and suspects never leave the commune's own file.

    """
    ws.refuse_on_server()
    if passphrase is None:
        raise AccessError(
            "Cần mật khẩu mã hóa của xã (PATROL_MAP_PASSPHRASE) để đọc hoặc ghi tin báo.",
            "The workspace's encryption passphrase (PATROL_MAP_PASSPHRASE) is needed to read or store tips.",
        )
    if has_key(ws):
        return FieldCipher.of(ws.meta, passphrase), {}
    return FieldCipher.new(passphrase)


def sealed_tips(ws: Workspace, read: pd.DataFrame, cipher: FieldCipher) -> tuple[pd.DataFrame, int]:
    """Return the tips layer with ``read`` (tips in clear, :func:`patrol_map.io.tips.read_tips`) added.

    Tips already stored under the same id are replaced. Returns the layer and how many of ``read``
    were already stored.
    """
    ids = [
        given or "T" + cipher.tag("|".join(str(row[c]) for c in ("date", "village", *CONFIDENTIAL)))
        for given, (_, row) in zip(read["tip_id"], read.iterrows(), strict=True)
    ]
    new = read.assign(tip_id=numbered_repeats(ids))
    for column in CONFIDENTIAL:
        new[column] = [
            cipher.seal(str(text), place(LAYER, column, tip))
            for tip, text in zip(new["tip_id"], new[column], strict=True)
        ]
    old = stored_tips(ws)
    kept = ~old["tip_id"].isin(new["tip_id"])
    layer = pd.concat([old[kept], new[list(COLUMNS)]], ignore_index=True)
    return layer.sort_values(["date", "tip_id"], ignore_index=True), int((~kept).sum())


def stored_tips(ws: Workspace) -> pd.DataFrame:
    """Return the stored tips as stored (confidential fields sealed); empty when there are none."""
    if not ws.has(LAYER):
        return pd.DataFrame({column: pd.Series(dtype="str") for column in COLUMNS})
    return pd.DataFrame(ws.read(LAYER, columns=list(COLUMNS)))


def opened_tips(ws: Workspace, cipher: FieldCipher) -> pd.DataFrame:
    """Return the stored tips with their confidential fields opened.

    Raises
    ------
    AccessError
        For a field that was edited, or moved from another row or column.

    """
    tips = stored_tips(ws)
    for column in CONFIDENTIAL:
        tips[column] = [
            cipher.open(str(token), place(LAYER, column, tip))
            for tip, token in zip(tips["tip_id"], tips[column], strict=True)
        ]
    return tips


def tip_counts(ws: Workspace, start: date, end: date) -> pd.DataFrame:
    """Count the tips received from ``start`` to ``end`` (both included), per village: no key needed.

    Returns
    -------
    pandas.DataFrame
        Columns ``village`` (empty: about no one village), ``received`` and ``valuable``, the
        villages with most tips first.

    """
    tips = stored_tips(ws)
    chosen = tips[(tips["date"] >= start.isoformat()) & (tips["date"] <= end.isoformat())]
    counts = (
        chosen.assign(valuable=chosen["valuable"] == "yes")
        .groupby("village", as_index=False)
        .agg(received=("tip_id", "size"), valuable=("valuable", "sum"))
    )
    return counts.sort_values(["received", "village"], ascending=[False, True], ignore_index=True)
