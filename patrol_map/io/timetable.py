"""Opening hours and weekdays as commanders write them: ``06:30-07:15; 16:30-17:15``, ``T2-T7``."""

from __future__ import annotations

import re
from datetime import time

from patrol_map.model import WEEKDAY_CODES
from patrol_map.text import fold

#: Day words (folded) -> weekday code; English codes, ``T2``…``T7``/``CN`` and ``Thứ 2``…``Chủ nhật``.
DAY_WORDS: dict[str, str] = (
    {day: day for day in WEEKDAY_CODES}
    | {f"t{n}": WEEKDAY_CODES[n - 2] for n in range(2, 8)}
    | {f"thu_{n}": WEEKDAY_CODES[n - 2] for n in range(2, 8)}
    | {"cn": "sun", "chu_nhat": "sun"}
)
_EVERY_DAY = {"", "all", "tat_ca", "ca_tuan", "hang_ngay"}
#: Each weekday code as a Vietnamese reader writes it (words :data:`DAY_WORDS` reads back).
VI_DAY_NAMES = dict(zip(WEEKDAY_CODES, ("T2", "T3", "T4", "T5", "T6", "T7", "CN"), strict=True))
#: "Every day" as a Vietnamese reader writes it.
VI_EVERY_DAY = "tất cả"
_CLOCK = r"(\d{1,2})\s*[:hg]\s*(\d{2})?"
_SPAN = re.compile(rf"\s*{_CLOCK}\s*(?:-|–|—|đến|den|to)\s*{_CLOCK}\s*", re.IGNORECASE)


def parse_hours(text: str) -> str:
    """Normalise time windows to ``HH:MM-HH:MM`` separated by ``;`` (empty: no window).

    Accepts ``06:30-07:15``, ``6h30-7h15``, ``6g30 đến 7g15`` and several windows separated by
    ``;`` or ``,``. A window may run past midnight (``22:00-02:00``).

    Raises
    ------
    ValueError
        For text that is not a list of windows, or a window of zero length.

    """
    spans = [part for part in re.split(r"[;,]", str(text)) if part.strip()]
    windows = []
    for span in spans:
        match = _SPAN.fullmatch(span)
        if match is None:
            raise ValueError(span.strip())
        h1, m1, h2, m2 = match.groups()
        start, end = _clock(h1, m1, span), _clock(h2, m2, span)
        if start == end:
            raise ValueError(span.strip())
        windows.append(f"{start:%H:%M}-{end:%H:%M}")
    return ";".join(windows)


def hours_windows(text: str) -> list[tuple[time, time]]:
    """Return the windows of a normalised hours cell (see :func:`parse_hours`)."""
    return [
        (time.fromisoformat(a), time.fromisoformat(b))
        for a, b in (span.split("-") for span in str(text).split(";") if span)
    ]


def parse_days(text: str) -> str:
    """Normalise weekdays to codes like ``mon,tue,wed`` (``all`` for every day).

    Accepts codes (``mon``…``sun``), Vietnamese (``T2``…``T7``, ``CN``, ``Thứ 2``, ``Chủ nhật``)
    separated by commas or semicolons, and ranges such as ``T2-T6`` or ``mon-fri``.

    Raises
    ------
    ValueError
        For a word that is not a weekday.

    """
    if fold(str(text)) in _EVERY_DAY:
        return "all"
    days: list[str] = []
    for word in re.split(r"[;,]", str(text)):
        if not word.strip():
            continue
        ends = [DAY_WORDS.get(fold(part)) for part in re.split(r"\s*(?:-|–|đến)\s*", word.strip())]
        if None in ends or len(ends) > 2:
            raise ValueError(word.strip())
        first, last = WEEKDAY_CODES.index(ends[0]), WEEKDAY_CODES.index(ends[-1])
        days.extend(WEEKDAY_CODES[first : last + 1] if first <= last else ())
        if first > last:
            raise ValueError(word.strip())
    return ",".join(day for day in WEEKDAY_CODES if day in days)


def days_text(stored: str, lang: str = "vi") -> str:
    """Write a stored days cell (:func:`parse_days`) for a reader: ``"T2, T3, T4"``, ``"tất cả"``.

    In English the stored codes themselves. Either reads back as the same stored value.
    """
    if lang != "vi":
        return str(stored)
    codes = [code for code in str(stored).split(",") if code]
    return ", ".join(VI_EVERY_DAY if code == "all" else VI_DAY_NAMES[code] for code in codes)


def day_numbers(text: str) -> frozenset[int]:
    """Return the weekday numbers (Monday 0) of a normalised days cell."""
    if str(text) in ("", "all"):
        return frozenset(range(7))
    return frozenset(WEEKDAY_CODES.index(day) for day in str(text).split(","))


def _clock(hours: str, minutes: str | None, span: str) -> time:
    h, m = int(hours), int(minutes or 0)
    if h == 24 and m == 0:
        return time(0, 0)
    if not (0 <= h < 24 and 0 <= m < 60):
        raise ValueError(span.strip())
    return time(h, m)
