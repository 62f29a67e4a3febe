"""Placing records that name only a village (thôn, xóm…), and naming the village of a point.

Village names are matched the way clerks write them: without diacritics, in any case, with or
without the word "thôn"/"xóm"/"bản"/"ấp"/"tổ dân phố"/"khu phố" or the letter "T" in front, and
with numbers as digits, Roman numerals or Vietnamese words ("Thôn 3" = "thôn Ba" = "T3" =
"Thon III" = "thôn 03"). A name still unmatched is compared with rapidfuzz to the names that are not
numbers, so "Dong Hung" finds "Đông Hưng" and "Đông Hưg" too; a number is never matched loosely
("Thôn 8" is not "Thôn 3"). A name that could mean two villages is refused with both named,
rather than guessed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

import geopandas as gpd
from rapidfuzz import fuzz, process

from patrol_map.errors import InputFileError
from patrol_map.text import fold

#: Words that may stand before a village name, folded.
VILLAGE_WORDS = ("thon", "xom", "ban", "ap", "to_dan_pho", "khu_pho", "lang")
#: Least rapidfuzz ratio (0-100) of a written name to a village's for a loose match ...
FUZZY_MATCH = 85.0
#: ... and how far ahead of the next village's it must be; nearer, the name is ambiguous.
FUZZY_LEAD = 8.0

#: Vietnamese numerals, folded ("tư", "lăm", "mốt" as said in compounds).
_DIGIT_WORDS = {
    "mot": 1,
    "hai": 2,
    "ba": 3,
    "bon": 4,
    "tu": 4,
    "nam": 5,
    "lam": 5,
    "sau": 6,
    "bay": 7,
    "tam": 8,
    "chin": 9,
}
#: The same, with their accents: how a stored name spells a number.
_ACCENTED_WORDS = frozenset(
    {"một", "mốt", "hai", "ba", "bốn", "tư", "năm", "lăm", "sáu", "bảy", "bẩy", "tám", "chín", "mười", "mươi"}
)
_ROMAN = re.compile(r"(x{0,3})(ix|iv|v?i{0,3})")
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10}


def _number(words: list[str]) -> int | None:
    """Read folded words as a number: ``["3"]``, ``["iii"]``, ``["ba"]``, ``["muoi", "hai"]``; else None.

    Written here: hamlets are numbered below 40, and no maintained package reads Vietnamese
    numerals; Roman numerals up to 39 are a few lines.
    """
    if len(words) == 1 and words[0].isdigit():
        return int(words[0])
    if len(words) == 1 and words[0] and _ROMAN.fullmatch(words[0]):
        values = [_ROMAN_VALUES[c] for c in words[0]]
        return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
    tens, units = 0, words
    if "muoi" in words:  # "mười hai" = 12, "hai mươi" = 20, "hai mươi mốt" = 21
        at = words.index("muoi")
        before, units = words[:at], words[at + 1 :]
        if len(before) > 1 or (before and before[0] not in _DIGIT_WORDS):
            return None
        tens = 10 * (_DIGIT_WORDS[before[0]] if before else 1)
        if not units:
            return tens
    if len(units) == 1 and units[0] in _DIGIT_WORDS:
        return tens + _DIGIT_WORDS[units[0]]
    return None


def _key(text: str, *, stored: bool = False) -> str:
    """Fold a village name, drop a leading "thôn"/"xóm"/"T" word, and write a number as ``#n``.

    A stored name is a number only when spelt as one, with its accents ("Thôn Năm", not "Thôn
    Nam", which is South); clerks' writing may have lost them.
    """
    folded = _literal_key(text)
    if folded == fold(text):
        folded = re.sub(r"^t_?(?=\d)", "", folded)  # "T3", "T 3", "T.3"
    words = folded.split("_")
    number = _number(words)
    if number is not None and stored:
        spelt = re.findall(r"\w+", unicodedata.normalize("NFC", text.lower()))[-len(words) :]
        if not all(w.isdigit() or _ROMAN.fullmatch(w) or w in _ACCENTED_WORDS for w in spelt):
            number = None
    return folded if number is None else f"#{number}"


class VillageNames:
    """Matches the names clerks write to the workspace's village names.

    Parameters
    ----------
    names
        The workspace's village names, as stored.
    aliases
        Names a user confirmed (as written -> a stored village name), matched before anything
        else: "Xóm Đồng" for "Thôn Đồng Xuân".

    """

    def __init__(self, names: Iterable[str], aliases: Mapping[str, str] | None = None) -> None:
        self._full = {fold(name): name for name in names}
        self._aliases = {
            fold(written): name for written, name in (aliases or {}).items() if fold(name) in self._full
        }
        self._literal: dict[str, set[str]] = {}
        self._short: dict[str, set[str]] = {}
        for name in self._full.values():
            self._literal.setdefault(_literal_key(name), set()).add(name)
            self._short.setdefault(_key(name, stored=True), set()).add(name)

    def match(self, text: str) -> str:
        """Return the stored name that ``text`` means (``""`` for an empty cell).

        ``"thon dong"``, ``"Đông"`` and ``"Thôn Đông"`` all mean a stored "Thôn Đông"; ``"thôn 01"``,
        ``"T1"``, ``"thôn Một"`` and ``"Thon I"`` mean "Thôn 1"; ``"Thôn Đông"`` also means a stored
        "Đông". A name that is a word (``"Nam"``) means the village of that name before the number
        it may also be.

        Raises
        ------
        InputFileError
            When no village, or more than one, has that name; the message names the candidates.

        """
        if not text:
            return ""
        if fold(text) in self._aliases:
            return self._aliases[fold(text)]
        if fold(text) in self._full:
            return self._full[fold(text)]
        for table, key in ((self._literal, _literal_key(text)), (self._short, _key(text))):
            candidates = sorted(table.get(key, ()))
            if len(candidates) == 1:
                return candidates[0]
            if candidates:
                raise _ambiguous(text, candidates)
        return self._loose(text)

    def _loose(self, text: str) -> str:
        """Match a name that is not a number to the nearest village name by rapidfuzz, if clearly nearest."""
        key = _key(text)
        words = {k: names for k, names in self._short.items() if not k.startswith("#")}
        if key.startswith("#") or not words:
            raise _unknown(text, [])
        ranked = process.extract(key, list(words), scorer=fuzz.ratio, limit=3)
        best_key, best, _ = ranked[0]
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        if best >= FUZZY_MATCH and best - runner_up >= FUZZY_LEAD and len(words[best_key]) == 1:
            return next(iter(words[best_key]))
        near = sorted({n for k, score, _ in ranked if score >= FUZZY_MATCH - 20 for n in words[k]})
        if len(near) > 1 and best >= FUZZY_MATCH:
            raise _ambiguous(text, near)
        raise _unknown(text, near)


def _literal_key(text: str) -> str:
    """Fold a name and drop a leading "thôn"/"xóm"… word, numbers left as written."""
    folded = fold(text)
    return next((folded.removeprefix(w + "_") for w in VILLAGE_WORDS if folded.startswith(w + "_")), folded)


def _ambiguous(text: str, candidates: list[str]) -> InputFileError:
    return InputFileError(
        f"Tên thôn '{text}' có thể là {' hoặc '.join(candidates)}; hãy ghi tên đầy đủ, hoặc ghi nhớ tên này "
        f"bằng patrol-map alias WORKSPACE '{text}' 'TÊN THÔN'.",
        f"The village name '{text}' could mean {' or '.join(candidates)}; write the full name, or remember "
        f"this one with patrol-map alias WORKSPACE '{text}' 'VILLAGE'.",
    )


def _unknown(text: str, near: list[str]) -> InputFileError:
    if near:
        return InputFileError(
            f"Không có thôn '{text}' trong địa bàn; gần nhất: {', '.join(near)}. Hãy sửa tên thôn, hoặc ghi "
            f"nhớ tên này bằng patrol-map alias WORKSPACE '{text}' 'TÊN THÔN'.",
            f"No village '{text}' in the commune; nearest: {', '.join(near)}. Correct the name, or remember "
            f"this one with patrol-map alias WORKSPACE '{text}' 'VILLAGE'.",
        )
    return InputFileError(
        f"Không có thôn '{text}' trong địa bàn. Hãy kiểm tra tên thôn, ghi nhớ tên này bằng patrol-map alias "
        f"WORKSPACE '{text}' 'TÊN THÔN', hoặc nhập ranh giới thôn trước.",
        f"No village '{text}' in the commune. Check the name, remember it with patrol-map alias WORKSPACE "
        f"'{text}' 'VILLAGE', or import the village boundaries first.",
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
