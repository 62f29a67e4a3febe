"""Incident counts per village, the table commanders rank villages by.

- :func:`village_counts`: incidents by village and category;
- :func:`village_table`: each village's count and rate in a period, its Gi* class and its trend.

Rates are incidents per km² per year.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from patrol_map.model import INCIDENT_CATEGORIES
from patrol_map.risk.trends import TOTAL, eb_rates

#: ``village_id`` of the row counting incidents that lie in no known village.
UNKNOWN_VILLAGE = "-"
_DAYS_PER_YEAR = 365.25


def village_counts(incidents: gpd.GeoDataFrame, villages: gpd.GeoDataFrame) -> pd.DataFrame:
    """Count incidents by village and category.

    Parameters
    ----------
    incidents
        Selected incidents with a ``village`` column (may be empty text when unknown).
    villages
        The workspace's villages (``village_id``, ``name``).

    Returns
    -------
    pandas.DataFrame
        One row per village (all of them, zeros included), columns ``village_id``, ``name``,
        ``total`` and one column per category key, sorted by ``total`` (highest first), then name;
        then, when some incidents lie in no known village, a last row of them with ``village_id``
        :data:`UNKNOWN_VILLAGE` and the name ``"?"``.

    """
    known = incidents["village"].isin(villages["name"])
    counts = pd.crosstab(incidents["village"], incidents["category"])
    table = counts.reindex(index=villages["name"], columns=list(INCIDENT_CATEGORIES), fill_value=0)
    table.insert(0, "total", table.sum(axis=1))
    table = table.reset_index(names="name")
    table.insert(0, "village_id", villages["village_id"].to_numpy())
    table = table.sort_values(["total", "name"], ascending=[False, True], ignore_index=True)
    if (~known).any():
        rest = incidents[~known]["category"].value_counts().reindex(list(INCIDENT_CATEGORIES), fill_value=0)
        unknown = {"village_id": UNKNOWN_VILLAGE, "name": "?", "total": int(rest.sum()), **rest.to_dict()}
        table = pd.concat([table, pd.DataFrame([unknown])], ignore_index=True)
    return table


def village_table(
    village_gi: gpd.GeoDataFrame, trends: pd.DataFrame | None, period_days: int
) -> pd.DataFrame:
    """Return one row per village: count and rates in the period, Gi* class and trend.

    Parameters
    ----------
    village_gi
        :func:`patrol_map.risk.getis.village_hotspots` of the period's incidents (``count``,
        ``area_km2``, ``hotspot``, ``z``, ``q``).
    trends
        :func:`patrol_map.risk.trends.trend_table`, or ``None`` when no trend can be told.
    period_days
        Length of the period the counts cover, days.

    Returns
    -------
    pandas.DataFrame
        ``village_id``, ``name``, ``count``, ``rate`` (incidents per km² per year),
        ``rate_eb`` (the same shrunk by empirical Bayes toward the commune's rate:
        :func:`patrol_map.risk.trends.eb_rates`), ``hotspot``, ``z``, ``gi_q``, then the trend of
        all categories together: ``recent``, ``earlier`` (counts), ``p``, ``q`` and ``verdict``
        (NaN and ``""`` without trends). Sorted by count, highest first, then name.

    """
    exposure = village_gi["area_km2"].to_numpy() * period_days / _DAYS_PER_YEAR
    counts = village_gi["count"].to_numpy()
    table = pd.DataFrame(
        {
            "village_id": village_gi["village_id"].to_numpy(),
            "name": village_gi["name"].to_numpy(),
            "count": counts.astype(int),
            "rate": counts / exposure,
            "rate_eb": eb_rates(counts, exposure),
            "hotspot": village_gi["hotspot"].to_numpy(),
            "z": village_gi["z"].to_numpy(),
            "gi_q": village_gi["q"].to_numpy(),
        }
    )
    columns = ["recent", "earlier", "p", "q", "verdict"]
    if trends is None:
        table = table.assign(recent=np.nan, earlier=np.nan, p=np.nan, q=np.nan, verdict="")
    else:
        totals = trends.loc[trends["category"] == TOTAL, ["village_id", *columns]]
        table = table.merge(totals, on="village_id", how="left", validate="one_to_one")
    return table.sort_values(["count", "name"], ascending=[False, True], ignore_index=True)
