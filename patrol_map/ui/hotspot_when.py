"""The hotspot page's "when" section: day of week × part of day, months of the year, holidays.

Charts are Vega-Lite through Altair, which Streamlit draws with the Vega it bundles: nothing is
fetched from the internet.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import altair as alt
import geopandas as gpd
import pandas as pd
import streamlit as st

from patrol_map.model import PARTS_OF_DAY
from patrol_map.plan.shifts import WEEKDAYS_EN, WEEKDAYS_VI
from patrol_map.risk.holidays import HOLIDAY_KINDS
from patrol_map.risk.temporal import UNKNOWN, daily_counts, holiday_table, month_profile, weekday_part_profile
from patrol_map.ui.common import figures, lang, t

#: Value of the village box meaning every village.
ALL = ""


def _weekday_names() -> list[str]:
    names = WEEKDAYS_VI if lang() == "vi" else WEEKDAYS_EN
    return [name[0].upper() + name[1:] for name in names]


def _part_names() -> dict[str, str]:
    names = {key: (part.vi if lang() == "vi" else part.en) for key, part in PARTS_OF_DAY.items()}
    return names | {UNKNOWN: t("unknown_time")}


def _kind_name(kind: str) -> str:
    if kind == "":
        return t("ordinary_days")
    vi, en = HOLIDAY_KINDS[kind]
    return vi if lang() == "vi" else en


def _weekday_part_chart(chosen: pd.DataFrame) -> alt.LayerChart:
    """Return a heat table of counts: weekdays down, parts of the day across, unknown time last."""
    profile = weekday_part_profile(chosen)
    parts = _part_names()
    days = _weekday_names()
    long = profile.assign(weekday=days).melt(
        id_vars="weekday", value_vars=list(parts), var_name="part", value_name="count"
    )
    long["part"] = long["part"].map(parts)
    x = alt.X("part:N", sort=list(parts.values()), title=None, axis=alt.Axis(orient="top", labelAngle=0))
    y = alt.Y("weekday:N", sort=days, title=None)
    base = alt.Chart(long).encode(x=x, y=y)
    cells = base.mark_rect().encode(
        color=alt.Color("count:Q", scale=alt.Scale(scheme="orangered"), legend=None),
        tooltip=[
            alt.Tooltip("weekday:N"),
            alt.Tooltip("part:N"),
            alt.Tooltip("count:Q", title=t("col_count")),
        ],
    )
    text = base.mark_text(fontSize=13).encode(
        text="count:Q",
        color=alt.condition(
            alt.datum.count > long["count"].max() / 2, alt.value("white"), alt.value("black")
        ),
    )
    return (cells + text).properties(height=260)


def _month_chart(months: pd.DataFrame) -> alt.Chart:
    """Return bars of the mean count per month of the year, the holidays of each month on hover."""
    frame = months.assign(
        label=[str(m) for m in months["month"]],
        holidays=[", ".join(_kind_name(k) for k in text.split(", ") if k) for text in months["holidays"]],
    )
    return (
        alt.Chart(frame)
        .mark_bar(color="#d95f0e")
        .encode(
            x=alt.X("label:N", sort=list(frame["label"]), title=t("col_month"), axis=alt.Axis(labelAngle=0)),
            y=alt.Y("per_month:Q", title=t("col_per_month")),
            tooltip=[
                alt.Tooltip("label:N", title=t("col_month")),
                alt.Tooltip("per_month:Q", title=t("col_per_month"), format=".1f"),
                alt.Tooltip("holidays:N", title=t("col_holidays")),
            ],
        )
        .properties(height=260)
    )


def render_when(
    chosen: gpd.GeoDataFrame,
    villages: list[str],
    start: date,
    end: date,
    festivals: Mapping[date, tuple[str, str]],
) -> None:
    """Draw the "when" section for the chosen incidents of the period ``start`` to ``end``.

    ``festivals`` are the commune's festival days (day -> (Vietnamese, English) name), marked with
    the public holidays.
    """
    st.subheader(t("when_title"))
    everywhere = t("all_villages")  # bound now: the language may change before the box is read again
    options = [ALL, *villages]
    kept = st.session_state.get("hot_when_village", ALL)
    village = st.selectbox(
        t("col_village"),
        options=options,
        index=options.index(kept) if kept in options else 0,
        format_func=lambda name: name or everywhere,
        key=f"hot_when_village_{lang()}",  # per language: the label of the whole commune changes
    )
    st.session_state["hot_when_village"] = village
    subset = chosen if village == ALL else chosen[chosen["village"] == village]
    st.caption(t("when_caption", unknown=t("unknown_time")))
    left, right = st.columns(2)
    left.markdown(f"**{t('weekday_part_title')}**")
    left.altair_chart(_weekday_part_chart(subset), width="stretch")
    months = month_profile(subset, start, end, festivals=festivals)
    right.markdown(f"**{t('month_title')}**")
    right.altair_chart(_month_chart(months), width="stretch")

    st.markdown(f"**{t('holiday_title')}**")
    holidays = holiday_table(daily_counts(subset, start, end, festivals))
    holidays["holiday"] = holidays["holiday"].map(_kind_name)
    holidays = holidays.rename(
        columns={
            "holiday": t("col_holiday"),
            "days": t("col_days"),
            "incidents": t("col_count"),
            "per_day": t("col_per_day"),
        }
    )
    st.dataframe(figures(holidays, {t("col_per_day"): 2}), hide_index=True)
