"""The shifts of a week: named templates (06:00–10:00, 19:00–23:00, 23:00–03:00) laid on days.

Times are naive local datetimes; Asia/Ho_Chi_Minh (UTC+7, no daylight saving) is implied.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from patrol_map.errors import PlanningError
from patrol_map.model import VIETNAM_TZ, Shift
from patrol_map.text import fold


@dataclass(frozen=True)
class ShiftTemplate:
    """A shift repeated every day: its name, start time and length.

    Parameters
    ----------
    name
        English key, used in shift ids (``morning``, ``evening``, ``night``).
    start
        Local start time.
    hours
        Length in hours; a shift may run past midnight into the next day.
    vi
        Vietnamese name as said after "Ca" (``sáng``, ``tối``, ``đêm``).

    """

    name: str
    start: time
    hours: float
    vi: str = ""

    def span(self) -> str:
        """Return the shift's hours as commanders write them: ``19:00–23:00``."""
        end = datetime.combine(date.min, self.start) + timedelta(hours=self.hours)
        return f"{self.start:%H:%M}–{end:%H:%M}"


DEFAULT_SHIFTS: tuple[ShiftTemplate, ...] = (
    ShiftTemplate("morning", time(6, 0), 4.0, "sáng"),
    ShiftTemplate("evening", time(19, 0), 4.0, "tối"),
    ShiftTemplate("night", time(23, 0), 4.0, "đêm"),
)

#: Vietnamese shift names by English key, for messages.
SHIFT_NAMES_VI: dict[str, str] = {t.name: t.vi for t in DEFAULT_SHIFTS}
#: The shortest and longest shift a commune may set, hours.
SHIFT_HOURS = (1.0, 12.0)


def shift_times(times: Sequence[tuple[str, time, float]]) -> tuple[ShiftTemplate, ...]:
    """Return the commune's shifts from their start times and lengths, checked.

    Parameters
    ----------
    times
        ``(name, start, hours)`` for each of the shifts of :data:`DEFAULT_SHIFTS` (by English
        key), in any order: a commune moves its shifts, it does not rename them (people's
        availability names them).

    Raises
    ------
    PlanningError
        When a shift is unknown, missing or given twice, its length is not from 1 to 12 hours, or
        two shifts overlap (each shift repeats every day, so 19:00–00:00 overlaps 23:00–03:00).

    """
    known = {t.name: t for t in DEFAULT_SHIFTS}
    names = [name for name, _, _ in times]
    if sorted(names) != sorted(known):
        raise PlanningError(
            f"Cần đúng một giờ cho mỗi ca ({', '.join(t.vi for t in DEFAULT_SHIFTS)}), đã cho: "
            f"{', '.join(map(str, names)) or 'không ca nào'}.",
            f"Give one time for each shift ({', '.join(known)}); given: "
            f"{', '.join(map(str, names)) or 'none'}.",
        )
    templates = []
    for name, start, hours in times:
        if not SHIFT_HOURS[0] <= hours <= SHIFT_HOURS[1]:  # NaN fails it too
            raise PlanningError(
                f"Ca {known[name].vi} dài {hours} giờ; một ca phải dài từ 1 đến 12 giờ.",
                f"The {name} shift lasts {hours} hours; a shift must last from 1 to 12 hours.",
            )
        templates.append(
            ShiftTemplate(name, start.replace(second=0, microsecond=0), float(hours), known[name].vi)
        )
    templates.sort(key=lambda t: t.start)
    for first, second in zip(templates, [*templates[1:], templates[0]], strict=True):
        gap = (_minutes(second.start) - _minutes(first.start)) % (24 * 60)  # 0: both start at once
        if len(templates) > 1 and first.hours * 60 > gap:
            raise PlanningError(
                f"Ca {first.vi} ({first.span()}) chồng lên ca {second.vi} "
                f"({second.span()}); hãy cho ca sau bắt đầu khi ca trước hết.",
                f"The {first.name} shift ({first.span()}) overlaps the "
                f"{second.name} shift ({second.span()}); start each shift when "
                "the one before ends.",
            )
    return tuple(sorted(templates, key=lambda t: [s.name for s in DEFAULT_SHIFTS].index(t.name)))


_SPAN = re.compile(r"(\d{1,2})[:h](\d{2})\s*[-–]\s*(\d{1,2})[:h](\d{2})")


def parse_span(text: str) -> tuple[time, float]:
    """Read a shift's hours written ``19:00-23:00`` (or ``19h00–23h00``): its start and length in hours.

    A span whose end is not after its start runs past midnight (``23:00-03:00`` lasts 4 hours).

    Raises
    ------
    PlanningError
        For any other text, or a time that does not exist (``25:00``).

    """
    match = _SPAN.fullmatch(str(text).strip())
    try:
        if match is None:
            raise ValueError(text)
        start, end = time(int(match[1]), int(match[2])), time(int(match[3]), int(match[4]))
    except ValueError:
        raise PlanningError(
            f"Giờ ca '{text}' không hợp lệ; hãy viết dạng 19:00-23:00.",
            f"The shift hours '{text}' are not valid; write them like 19:00-23:00.",
        ) from None
    minutes = (_minutes(end) - _minutes(start)) % (24 * 60) or 24 * 60
    return start, minutes / 60


def _minutes(moment: time) -> int:
    return moment.hour * 60 + moment.minute


#: Weekday names, Monday first, as written inside a Vietnamese sentence and in English.
WEEKDAYS_VI = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")
WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

_WEEK = re.compile(r"(\d{4})-?W(\d{2})")  # extended (2026-W48) or basic (2026W48) ISO form


def parse_week(week: str) -> date:
    """Return the Monday of an ISO week written ``YYYY-Www``.

    Parameters
    ----------
    week
        The ISO week, e.g. ``"2026-W48"``.

    Returns
    -------
    datetime.date
        Monday of that week.

    Raises
    ------
    PlanningError
        If the text is not of that form or the year has no such week.

    """
    text = str(week).strip()
    match = _WEEK.fullmatch(text.upper())
    try:
        if match is None:
            raise ValueError(text)
        return date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError:
        raise PlanningError(
            f"Tuần '{text}' không hợp lệ; hãy viết dạng 2026-W48 (năm, chữ W, số tuần 01–53 "
            "có trong năm đó).",
            f"Week '{text}' is not valid; write it as 2026-W48 (year, the letter W, a week "
            "number 01–53 that exists in that year).",
        ) from None


@dataclass(frozen=True)
class ReportPeriod:
    """A week, a month or a quarter reported on: its kind, its canonical name and its first and last day."""

    kind: str
    name: str
    start: date
    end: date

    def label(self, lang: str = "vi") -> str:
        """Return the period as a report names it: ``tuần 48/2026 (23/11–29/11/2026)``, ``tháng 11/2026``."""
        span = f"{self.start:%d/%m}–{self.end:%d/%m/%Y}"
        if self.kind == "week":
            number, year = int(self.name[-2:]), self.name[:4]
            return f"tuần {number}/{year} ({span})" if lang == "vi" else f"week {number} of {year} ({span})"
        if self.kind == "month":
            return f"tháng {self.start.month}/{self.start.year}" if lang == "vi" else f"{self.start:%B %Y}"
        quarter = (self.start.month - 1) // 3 + 1
        roman = ("I", "II", "III", "IV")[quarter - 1]
        return f"quý {roman}/{self.start.year}" if lang == "vi" else f"quarter {quarter} of {self.start.year}"


#: The kinds of period a report or a total covers.
PERIOD_KINDS = ("week", "month", "quarter")


def period_of(day: date, kind: str) -> str:
    """Name the week, month or quarter holding ``day`` as :func:`parse_period` reads it.

    ``2026-W48``, ``2026-11`` or ``2026-Q4``.
    """
    if kind == "week":
        return week_of(day)
    if kind == "month":
        return f"{day.year}-{day.month:02d}"
    if kind == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    msg = f"kind must be one of {PERIOD_KINDS}"
    raise ValueError(msg)


_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_QUARTER = re.compile(r"(\d{4})-?Q([1-4])")


def parse_period(text: str) -> ReportPeriod:
    """Read a period written as a week (``2026-W48``), a month (``2026-11``) or a quarter (``2026-Q4``).

    Raises
    ------
    PlanningError
        For any other text, or a week or month that does not exist.

    """
    value = str(text).strip().upper()
    if _WEEK.fullmatch(value):
        monday = parse_week(value)
        return ReportPeriod("week", week_of(monday), monday, monday + timedelta(days=6))
    if (quarter := _QUARTER.fullmatch(value)) is not None:
        year, number = int(quarter[1]), int(quarter[2])
        start = date(year, 3 * number - 2, 1)
        end = date(year + number // 4, 3 * number % 12 + 1, 1) - timedelta(days=1)
        return ReportPeriod("quarter", f"{year}-Q{number}", start, end)
    if (month := _MONTH.fullmatch(value)) is not None and 1 <= int(month[2]) <= 12:
        year, number = int(month[1]), int(month[2])
        end = date(year + number // 12, number % 12 + 1, 1) - timedelta(days=1)
        return ReportPeriod("month", f"{year}-{number:02d}", date(year, number, 1), end)
    raise PlanningError(
        f"Kỳ báo cáo '{text}' không hợp lệ; hãy viết một tuần (2026-W48), một tháng (2026-11) "
        "hoặc một quý (2026-Q4).",
        f"The period '{text}' is not valid; write a week (2026-W48), a month (2026-11) or a "
        "quarter (2026-Q4).",
    )


def iso_week(week: str) -> str:
    """Return the canonical spelling of an ISO week (``" 2026-w48"`` -> ``"2026-W48"``).

    Raises
    ------
    PlanningError
        As :func:`parse_week`.

    """
    return week_of(parse_week(week))


def week_of(day: date) -> str:
    """Return the ISO week holding ``day``, e.g. ``"2026-W48"``."""
    year, number, _ = day.isocalendar()
    return f"{year}-W{number:02d}"


def week_shifts(
    week: str,
    names: Sequence[str] | None = None,
    templates: Sequence[ShiftTemplate] = DEFAULT_SHIFTS,
) -> list[Shift]:
    """Return the shifts of an ISO week, Monday to Sunday, in time order.

    Parameters
    ----------
    week
        The ISO week, e.g. ``"2026-W48"``.
    names
        The template names to use (e.g. ``["evening", "night"]``); all templates when None.
    templates
        The shift templates to choose from.

    Returns
    -------
    list of Shift
        Seven days times the chosen templates, sorted by start; a shift that starts on Sunday
        evening may end on the next Monday.

    Raises
    ------
    PlanningError
        If the week is not valid or a name is not among the templates.

    """
    monday = parse_week(week)
    chosen = chosen_templates(names, templates)
    shifts = []
    for offset in range(7):
        day = monday + timedelta(days=offset)
        for template in chosen:
            start = datetime.combine(day, template.start)
            shifts.append(Shift(template.name, start, start + timedelta(hours=template.hours)))
    return sorted(shifts, key=lambda s: (s.start, s.end, s.name))


def chosen_templates(
    names: Sequence[str] | None, templates: Sequence[ShiftTemplate] = DEFAULT_SHIFTS
) -> list[ShiftTemplate]:
    """Return the templates ``names`` name, each once, in the order given (all when ``None``).

    A name is the English key (``evening``) or the Vietnamese one, as written (``tối``, ``Ca tối``).

    Raises
    ------
    PlanningError
        For a name that is no shift, listing the shifts.

    """
    by_name = {t.name: t for t in templates} | {fold(t.vi): t for t in templates if t.vi}
    chosen = list(templates) if names is None else []
    for name in names or ():
        name = name if name in by_name else fold(name).removeprefix("ca_")  # "Ca tối" is "tối"
        if name not in by_name:
            known = ", ".join(f"{t.name} ({t.vi})" for t in templates)
            raise PlanningError(
                f"Không có ca '{name}'; các ca có sẵn: {known}.",
                f"There is no shift '{name}'; the shifts are: {known}.",
            )
        if by_name[name] not in chosen:
            chosen.append(by_name[name])
    return chosen


def local_iso(moment: datetime) -> str:
    """Return a shift time as ISO 8601 with Vietnam's offset, e.g. ``2026-11-23T19:00+07:00``."""
    return moment.replace(tzinfo=VIETNAM_TZ).isoformat(timespec="minutes")


def day_label(day: date, lang: str = "vi") -> str:
    """Return a day as commanders write it: ``Thứ Hai 23/11`` or ``Monday 23/11``."""
    weekday = WEEKDAYS_VI[day.weekday()] if lang == "vi" else WEEKDAYS_EN[day.weekday()]
    return f"{weekday[0].upper()}{weekday[1:]} {day:%d/%m}"


def span_label(start_iso: str, end_iso: str, lang: str = "vi") -> str:
    """Return a shift's span as commanders write it: ``Thứ Hai 23/11 19:00–23:00``."""
    start, end = datetime.fromisoformat(start_iso), datetime.fromisoformat(end_iso)
    return f"{day_label(start.date(), lang)} {start:%H:%M}–{end:%H:%M}"


def describe_shift(shift: Shift, lang: str = "vi") -> str:
    """Name a shift as a commander says it: "Ca tối thứ Ba 24/11" or "Tuesday 24/11 evening shift".

    Parameters
    ----------
    shift
        The shift; its day is the day it starts.
    lang
        ``"vi"`` or ``"en"``.

    Returns
    -------
    str
        The shift's name, weekday and day/month.

    """
    day = shift.start
    if lang == "vi":
        name = SHIFT_NAMES_VI.get(shift.name) or shift.name
        return f"Ca {name} {WEEKDAYS_VI[day.weekday()]} {day:%d/%m}"
    return f"{WEEKDAYS_EN[day.weekday()]} {day:%d/%m} {shift.name} shift"


def week_over(week: str, today: date | None = None) -> bool:
    """Tell whether the ISO week is over on ``today`` (today by default): from the Tuesday after it.

    Its Sunday night shift runs into the Monday after (23:00-03:00, or later as a commune sets it),
    so the Monday still belongs to it.
    """
    return parse_week(week) + timedelta(days=7) < (today or date.today())
