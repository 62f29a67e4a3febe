"""Vietnamese holidays and the commune's festival days, to mark on time profiles.

The public holidays come from the ``holidays`` package (python-holidays, ``holidays.Vietnam``): Tết
Dương lịch (1/1), Tết Nguyên Đán (the eve and the first days of the lunar year, with the days off
given in exchange when one falls on a weekend), Giỗ Tổ Hùng Vương (10/3 lunar, a public holiday
since 2007), 30/4, 1/5, Quốc khánh (2/9 and the day next to it), Ngày Văn hóa Việt Nam (24/11,
since 2026) and the substitute days off the government announces. Its lunar dates follow the
Vietnamese calendar, computed for UTC+7, not the Chinese one (UTC+8): Tết 1985 is 21 January in
Vietnam and 20 February in China, Tết 2007 is 17 February in Vietnam and 18 February in China.

``import holidays`` below is the package, not this module: imports are absolute.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

import holidays
import pandas as pd

#: Kinds of holiday marked on profiles: key -> (Vietnamese, English), in the order a day that is
#: several at once is named by.
HOLIDAY_KINDS: dict[str, tuple[str, str]] = {
    "tet": ("Tết Nguyên Đán", "Lunar New Year (Tết)"),
    "hung_kings": ("Giỗ Tổ Hùng Vương", "Hùng Kings' Commemoration Day"),
    "reunification": ("Ngày Chiến thắng 30/4", "Reunification Day (30 April)"),
    "labour_day": ("Quốc tế Lao động 1/5", "International Labour Day (1 May)"),
    "national_day": ("Quốc khánh 2/9", "National Day (2 September)"),
    "new_year": ("Tết Dương lịch", "New Year's Day"),
    "culture_day": ("Ngày Văn hóa Việt Nam", "Vietnam Culture Day"),
    "day_off": ("Ngày nghỉ bù", "Substitute day off"),
    "public_holiday": ("Ngày lễ khác", "Other public holiday"),
    "festival": ("Lễ hội của xã", "Commune festival"),
}

# Words of the library's English names -> kind, tried in this order ("Lunar New Year" before
# "New Year's Day"). A holiday the library adds later and no word names is a "public_holiday".
_KIND_WORDS = (
    ("Lunar New Year", "tet"),
    ("Hung Kings", "hung_kings"),
    ("Reunification", "reunification"),
    ("Labor Day", "labour_day"),
    ("National Day", "national_day"),
    ("New Year's Day", "new_year"),
    ("Cultural Day", "culture_day"),
    ("Day off", "day_off"),
)

#: Columns of :func:`holiday_calendar`.
CALENDAR_COLUMNS = ("date", "kind", "name_vi", "name_en")


def holiday_kind(name_en: str) -> str:
    """Return the key of :data:`HOLIDAY_KINDS` that a holiday's English name (as ``holidays`` writes it) is.

    Parameters
    ----------
    name_en
        A name such as ``"Second Day of Lunar New Year"`` or ``"National Day (observed)"``.

    Returns
    -------
    str
        ``tet``, ``hung_kings``, …; ``public_holiday`` for a name none of the known words is in.

    """
    return next((kind for word, kind in _KIND_WORDS if word in name_en), "public_holiday")


def holiday_calendar(
    start: date, end: date, festivals: Mapping[date, tuple[str, str]] | None = None
) -> pd.DataFrame:
    """List the holidays and festival days from ``start`` to ``end`` (both included).

    Parameters
    ----------
    start, end
        First and last day.
    festivals
        The commune's own festival days (lễ hội đình làng, lễ hội đua thuyền…): day -> (Vietnamese
        name, English name). The caller gives the solar dates of each year it wants marked.

    Returns
    -------
    pandas.DataFrame
        One row per holiday and day, sorted by date then :data:`HOLIDAY_KINDS` order, with
        ``date`` (datetime64, midnight), ``kind``, ``name_vi`` and ``name_en`` (the day's own
        name, e.g. "Mùng hai Tết Nguyên Đán" / "Second Day of Lunar New Year").

    """
    years = range(start.year, end.year + 1)
    vietnamese = holidays.Vietnam(years=years, language="vi")
    english = holidays.Vietnam(years=years, language="en_US")
    rows = [
        (day, holiday_kind(name_en), name_vi, name_en)
        for day in sorted(english)
        if start <= day <= end
        for name_vi, name_en in zip(vietnamese.get_list(day), english.get_list(day), strict=True)
    ]
    rows += [(day, "festival", *names) for day, names in (festivals or {}).items() if start <= day <= end]
    table = pd.DataFrame(rows, columns=list(CALENDAR_COLUMNS))
    table["date"] = pd.to_datetime(table["date"]).astype("datetime64[ns]")
    rank = {kind: i for i, kind in enumerate(HOLIDAY_KINDS)}
    return table.sort_values(
        ["date", "kind"],
        key=lambda column: column.map(rank) if column.name == "kind" else column,
        ignore_index=True,
    )


def mark_holidays(
    days: Iterable[date | pd.Timestamp | str], festivals: Mapping[date, tuple[str, str]] | None = None
) -> pd.DataFrame:
    """Tell which of ``days`` are holidays or festival days, and which.

    Parameters
    ----------
    days
        Days (dates, timestamps or ISO text), in any order, repeats allowed: the rows of a daily
        profile, or the dates of incident records.
    festivals
        The commune's festival days, as for :func:`holiday_calendar`.

    Returns
    -------
    pandas.DataFrame
        One row per given day, in the given order, with ``date``, ``holiday`` (the first of the
        day's kinds in :data:`HOLIDAY_KINDS` order, ``""`` on an ordinary day), ``holiday_vi`` and
        ``holiday_en`` (all the day's names, joined by "; ").

    """
    dates = pd.Series(pd.to_datetime(list(days)), dtype="datetime64[ns]").dt.normalize()
    if dates.empty:
        return pd.DataFrame({"date": dates, "holiday": "", "holiday_vi": "", "holiday_en": ""})
    calendar = holiday_calendar(dates.min().date(), dates.max().date(), festivals)
    per_day = calendar.groupby("date", sort=False).agg(
        holiday=("kind", "first"), holiday_vi=("name_vi", "; ".join), holiday_en=("name_en", "; ".join)
    )
    marks = per_day.reindex(dates).fillna("").reset_index(drop=True)
    return pd.concat([dates.rename("date"), marks], axis=1)
