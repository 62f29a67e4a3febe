"""Placing records that name only a village (thôn, xóm…), and naming the village of a point.

Village names are matched the way clerks write them: without diacritics, in any case, with or
without the word "thôn"/"xóm"/"bản"/"ấp"/"tổ dân phố" in front. A short name that could mean two
villages ("1" for "Thôn 1" and "Xóm 1") is refused rather than guessed.
"""

from __future__ import annotations

from collections.abc import Iterable

import geopandas as gpd

from patrol_map.errors import InputFileError
from patrol_map.text import fold

#: Words that may stand before a village name, folded.
VILLAGE_WORDS = ("thon", "xom", "ban", "ap", "to_dan_pho", "khu_pho", "lang")


def _key(text: str) -> str:
    """Fold a village name, drop a leading "thôn"/"xóm"… word and leading zeros of numbers."""
    folded = fold(text)
    for word in VILLAGE_WORDS:
        if folded.startswith(word + "_"):
            folded = folded.removeprefix(word + "_")
            break
    return "_".join(part.lstrip("0") or "0" if part.isdigit() else part for part in folded.split("_"))


class VillageNames:
    """Matches the names clerks write to the workspace's village names.

    Parameters
    ----------
    names
        The workspace's village names, as stored.

    """

    def __init__(self, names: Iterable[str]) -> None:
        self._full = {fold(name): name for name in names}
        self._short: dict[str, set[str]] = {}
        for name in self._full.values():
            self._short.setdefault(_key(name), set()).add(name)

    def match(self, text: str) -> str:
        """Return the stored name that ``text`` means (``""`` for an empty cell).

        ``"thon dong"``, ``"Đông"`` and ``"Thôn Đông"`` all mean a stored "Thôn Đông"; ``"thôn 01"``
        means "Thôn 1"; ``"Thôn Đông"`` also means a stored "Đông".

        Raises
        ------
        InputFileError
            When no village, or more than one, has that name.

        """
        if not text:
            return ""
        if fold(text) in self._full:
            return self._full[fold(text)]
        candidates = sorted(self._short.get(_key(text), ()))
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            raise InputFileError(
                f"Tên thôn '{text}' có thể là {' hoặc '.join(candidates)}; hãy ghi tên đầy đủ.",
                f"The village name '{text}' could mean {' or '.join(candidates)}; write the full name.",
            )
        raise InputFileError(
            f"Không có thôn '{text}' trong địa bàn. Hãy kiểm tra tên thôn hoặc nhập ranh giới thôn trước.",
            f"No village '{text}' in the commune. Check the name, or import the village boundaries first.",
        )


def village_of(points: gpd.GeoSeries, villages: gpd.GeoDataFrame) -> list[str]:
    """Return the name of the village containing each point (``""`` outside every village)."""
    if villages.empty:
        return [""] * len(points)
    hits = gpd.sjoin(
        gpd.GeoDataFrame(geometry=points.reset_index(drop=True)),
        villages[["name", "geometry"]],
        predicate="intersects",  # a point on the border between two villages counts for the first
    )
    found = hits[~hits.index.duplicated()]["name"]
    return [found.get(i, "") for i in range(len(points))]
