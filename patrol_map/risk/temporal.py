"""When incidents happen: day of week × part of day, hour of day, month of year, and day by day.

Every profile counts every record it is given: a record whose time of day is unknown is counted
in an ``unknown`` column, never dropped. Profiles are per category or per village on request
(``by="category"`` or ``by="village"``; records of no known village form the group ``""``).
Holidays and the commune's festival days (:mod:`patrol_map.risk.holidays`) are marked on the
daily and monthly profiles.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Literal

import numpy as np
import pandas as pd

from patrol_map.errors import WorkspaceError
from patrol_map.model import INCIDENT_CATEGORIES, PARTS_OF_DAY, WEEKDAY_CODES, part_of_day
from patrol_map.risk.holidays import HOLIDAY_KINDS, holiday_calendar, mark_holidays

#: Column of a profile holding the records whose time of day (or part of day) is unknown.
UNKNOWN = "unknown"
#: Hour columns of :func:`hour_profile`: ``"00"`` (00:00–00:59) to ``"23"``.
HOURS = tuple(f"{hour:02d}" for hour in range(24))

Grouping = Literal["category", "village"] | None

_TIME = re.compile(r"(?:[01]\d|2[0-3]):[0-5]\d")


def _bad_value(
    incidents: pd.DataFrame, bad: pd.Series, column: str, expected_vi: str, expected_en: str
) -> WorkspaceError:
    """Build the error naming the first record whose ``column`` is not what is expected."""
    first = bad.idxmax()
    value = incidents.at[first, column]
    record = incidents.at[first, "incident_id"] if "incident_id" in incidents else first
    return WorkspaceError(
        f"Vụ việc {record}: giá trị '{value}' không phải {expected_vi}. Sửa giá trị này rồi nhập lại.",
        f"Incident {record}: '{value}' is not {expected_en}. Correct it and import it again.",
        column=column,
    )


def incident_days(incidents: pd.DataFrame) -> pd.Series:
    """Return each record's day.

    Parameters
    ----------
    incidents
        Records with a ``date`` column (ISO text ``YYYY-MM-DD``).

    Returns
    -------
    pandas.Series
        datetime64 days (midnight), indexed like ``incidents``.

    Raises
    ------
    patrol_map.errors.WorkspaceError
        Naming the first record whose date is missing or not a date.

    """
    days = pd.to_datetime(incidents["date"], format="%Y-%m-%d", errors="coerce")
    if days.isna().any():
        raise _bad_value(incidents, days.isna(), "date", "một ngày (YYYY-MM-DD)", "a date (YYYY-MM-DD)")
    return days.astype("datetime64[ns]")


def _times(incidents: pd.DataFrame) -> pd.Series:
    """Return the ``time`` column as text (``""`` when unknown), checked to be ``HH:MM``."""
    if "time" not in incidents:
        return pd.Series("", index=incidents.index)
    times = incidents["time"].fillna("").astype(str).str.strip()
    bad = (times != "") & ~times.str.fullmatch(_TIME)
    if bad.any():
        raise _bad_value(incidents, bad, "time", "một giờ HH:MM", "a time HH:MM")
    return times


def incident_hours(incidents: pd.DataFrame) -> pd.Series:
    """Return each record's hour of the day (0–23), ``<NA>`` where its time is unknown.

    Raises
    ------
    patrol_map.errors.WorkspaceError
        Naming the first record whose time is neither empty nor ``HH:MM``.

    """
    times = _times(incidents)
    return pd.to_numeric(times.str.slice(0, 2), errors="coerce").astype("Int64")


def incident_parts_of_day(incidents: pd.DataFrame) -> pd.Series:
    """Return each record's part of the day: a key of :data:`patrol_map.model.PARTS_OF_DAY` or ``unknown``.

    The ``part_of_day`` column is used where it is filled; elsewhere the part is derived from the
    ``time`` column; a record with neither is ``unknown``.

    Raises
    ------
    patrol_map.errors.WorkspaceError
        Naming the first record with a time that is not ``HH:MM`` or a part of day not known.

    """
    derived = _times(incidents).map(part_of_day)
    if "part_of_day" in incidents:
        given = incidents["part_of_day"].fillna("").astype(str)
        bad = (given != "") & ~given.isin(list(PARTS_OF_DAY))
        if bad.any():
            raise _bad_value(
                incidents,
                bad,
                "part_of_day",
                "một buổi (" + ", ".join(PARTS_OF_DAY) + ")",
                "a part of day (" + ", ".join(PARTS_OF_DAY) + ")",
            )
        derived = given.where(given != "", derived)
    return derived.replace("", UNKNOWN)


def _groups(incidents: pd.DataFrame, by: Grouping) -> tuple[pd.Series, list[str]]:
    """Return each record's group and the groups in display order (categories in model order)."""
    if by is None:
        return pd.Series("all", index=incidents.index), ["all"]
    if by not in ("category", "village"):
        msg = f"by must be 'category', 'village' or None, not {by!r}"
        raise ValueError(msg)
    values = incidents[by].fillna("").astype(str)
    present = set(values)
    known = [key for key in INCIDENT_CATEGORIES if key in present] if by == "category" else []
    return values, known + sorted(present - set(known))


def _finish(table: pd.DataFrame, by: Grouping, normalize: bool, value_columns: list[str]) -> pd.DataFrame:
    """Add ``total``, divide by each group's total when asked, and name (or drop) the group column."""
    table["total"] = table[value_columns].sum(axis=1)
    if normalize:
        group_total = table.groupby(level=0)["total"].transform("sum")
        table = table.div(group_total.replace(0, np.nan), axis=0)
    table = table.reset_index().rename_axis(columns=None)
    return table.drop(columns="group") if by is None else table.rename(columns={"group": by})


def weekday_part_profile(
    incidents: pd.DataFrame, by: Grouping = None, normalize: bool = False
) -> pd.DataFrame:
    """Count records by day of the week and part of the day.

    Parameters
    ----------
    incidents
        Records with ``date`` and ``time`` (and ``part_of_day`` when known), and the column
        named by ``by``.
    by
        ``"category"`` or ``"village"`` for one profile per group; ``None`` for one profile.
    normalize
        Give each cell as a share of its group's records (a group's cells, ``unknown``
        included, sum to 1) instead of a count.

    Returns
    -------
    pandas.DataFrame
        Seven rows per group, Monday first: the group column (when ``by``), ``weekday``
        (``mon`` … ``sun``), one column per part of the day (``morning`` … ``night``, as in
        :data:`patrol_map.model.PARTS_OF_DAY`), ``unknown`` and ``total``.

    """
    groups, order = _groups(incidents, by)
    frame = pd.DataFrame(
        {
            "group": groups,
            "weekday": incident_days(incidents).dt.day_of_week,
            "part": incident_parts_of_day(incidents),
        }
    )
    columns = [*PARTS_OF_DAY, UNKNOWN]
    index = pd.MultiIndex.from_product([order, range(7)], names=["group", "weekday"])
    table = frame.groupby(["group", "weekday", "part"]).size().unstack("part")
    table = table.reindex(index=index, columns=columns).fillna(0).astype(int)
    table = _finish(table, by, normalize, columns)
    table["weekday"] = [WEEKDAY_CODES[day] for day in table["weekday"]]
    return table


def hour_profile(incidents: pd.DataFrame, by: Grouping = None, normalize: bool = False) -> pd.DataFrame:
    """Count records by hour of the day, records of unknown time apart.

    Parameters
    ----------
    incidents
        Records with ``time`` (``HH:MM`` or ``""``) and the column named by ``by``.
    by
        ``"category"`` or ``"village"`` for one row per group; ``None`` for one row.
    normalize
        Give shares of the group's records instead of counts.

    Returns
    -------
    pandas.DataFrame
        One row per group: the group column (when ``by``), ``"00"`` … ``"23"`` (records whose
        time falls in that hour), ``unknown`` and ``total``.

    """
    groups, order = _groups(incidents, by)
    hours = incident_hours(incidents).map(lambda hour: UNKNOWN if pd.isna(hour) else f"{hour:02d}")
    columns = [*HOURS, UNKNOWN]
    table = pd.DataFrame({"group": groups, "hour": hours}).groupby(["group", "hour"]).size().unstack("hour")
    table = table.reindex(index=pd.Index(order, name="group"), columns=columns).fillna(0).astype(int)
    return _finish(table, by, normalize, columns)


def _period(days: pd.Series, start: date | None, end: date | None) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Return the period as timestamps; open ends are the first and last of ``days``."""
    if (start is None or end is None) and days.empty:
        msg = "give start and end when there is no record"
        raise ValueError(msg)
    first = pd.Timestamp(start) if start is not None else days.min()
    last = pd.Timestamp(end) if end is not None else days.max()
    return first, last


def month_profile(
    incidents: pd.DataFrame,
    start: date | None = None,
    end: date | None = None,
    by: Grouping = None,
    festivals: Mapping[date, tuple[str, str]] | None = None,
) -> pd.DataFrame:
    """Count records by month of the year, averaged over the years the period covers.

    Parameters
    ----------
    incidents
        Records with ``date`` and the column named by ``by``.
    start, end
        The period the records cover (both days included): the log's first and last day.
        ``None`` takes the first and last record's days. Records outside are left out.
    by
        ``"category"`` or ``"village"`` for one profile per group; ``None`` for one profile.
    festivals
        The commune's festival days (day -> (Vietnamese, English) name), marked with the holidays.

    Returns
    -------
    pandas.DataFrame
        Twelve rows per group, January first: the group column (when ``by``), ``month`` (1–12),
        ``count`` (records in that month over the whole period), ``covered_months`` (how many of
        that month the period covers, fractions for partly covered months), ``per_month``
        (``count / covered_months``: the mean count of that month; NaN where the period does not
        cover it), ``covered`` (False for a month with no coverage), ``holiday_days`` (holiday
        and festival days in that month within the period) and ``holidays`` (their kinds, as
        in :data:`patrol_map.risk.holidays.HOLIDAY_KINDS`, joined by ", ").

    """
    days = incident_days(incidents)
    first, last = _period(days, start, end)
    inside = (days >= first) & (days <= last)
    groups, order = _groups(incidents[inside], by)
    counts = (
        pd.DataFrame({"group": groups, "month": days[inside].dt.month}).groupby(["group", "month"]).size()
    )
    index = pd.MultiIndex.from_product([order, range(1, 13)], names=["group", "month"])
    table = counts.reindex(index, fill_value=0).rename("count").to_frame()

    period = pd.Series(pd.date_range(first, last, freq="D"))
    covered = (
        (1 / period.dt.days_in_month).groupby(period.dt.month).sum().reindex(range(1, 13), fill_value=0.0)
    )
    calendar = holiday_calendar(first.date(), last.date(), festivals)
    rank = {kind: i for i, kind in enumerate(HOLIDAY_KINDS)}
    by_month = calendar.groupby(calendar["date"].dt.month)
    holiday_days = by_month["date"].nunique().reindex(range(1, 13), fill_value=0)
    kinds = by_month["kind"].agg(lambda k: ", ".join(sorted(set(k), key=rank.__getitem__)))

    month = table.index.get_level_values("month")
    table["covered_months"] = covered.reindex(month).to_numpy()
    table["per_month"] = table["count"] / table["covered_months"].replace(0.0, np.nan)
    table["covered"] = table["covered_months"] > 0
    table["holiday_days"] = holiday_days.reindex(month).to_numpy()
    table["holidays"] = kinds.reindex(month).fillna("").to_numpy()
    table = table.reset_index()
    return table.drop(columns="group") if by is None else table.rename(columns={"group": by})


def daily_counts(
    incidents: pd.DataFrame,
    start: date | None = None,
    end: date | None = None,
    festivals: Mapping[date, tuple[str, str]] | None = None,
) -> pd.DataFrame:
    """Count records day by day, holidays and festival days marked.

    Parameters
    ----------
    incidents
        Records with ``date``.
    start, end
        First and last day (both included); ``None`` takes the first and last record's days.
        Records outside are left out.
    festivals
        The commune's festival days (day -> (Vietnamese, English) name).

    Returns
    -------
    pandas.DataFrame
        One row per day, days without records included: ``date``, ``weekday`` (``mon`` …
        ``sun``), ``count``, and the marks of :func:`patrol_map.risk.holidays.mark_holidays`
        (``holiday``, ``holiday_vi``, ``holiday_en``; ``""`` on an ordinary day).

    """
    days = incident_days(incidents)
    first, last = _period(days, start, end)
    dates = pd.date_range(first, last, freq="D").astype("datetime64[ns]")
    counts = days.value_counts().reindex(dates, fill_value=0)
    marks = mark_holidays(dates, festivals)
    marks.insert(1, "weekday", [WEEKDAY_CODES[day] for day in dates.day_of_week])
    marks.insert(2, "count", counts.to_numpy())
    return marks


def holiday_table(daily: pd.DataFrame) -> pd.DataFrame:
    """Compare incidents per day on holidays, by kind, with ordinary days.

    Parameters
    ----------
    daily
        :func:`patrol_map.risk.temporal.daily_counts` (``count`` and ``holiday`` per day).

    Returns
    -------
    pandas.DataFrame
        One row per holiday kind present (in :data:`patrol_map.risk.holidays.HOLIDAY_KINDS`
        order), then ``""`` for ordinary days: ``holiday``, ``days``, ``incidents`` and
        ``per_day`` (incidents per day).

    """
    kinds = [*(kind for kind in HOLIDAY_KINDS if (daily["holiday"] == kind).any()), ""]
    grouped = daily.groupby("holiday")["count"].agg(days="size", incidents="sum")
    table = grouped.reindex(kinds, fill_value=0).rename_axis("holiday").reset_index()
    table["per_day"] = table["incidents"] / table["days"].where(table["days"] > 0)
    return table
