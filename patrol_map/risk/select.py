"""Choosing the incidents a hotspot view is about: a date range and a set of categories."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import geopandas as gpd


def select_incidents(
    incidents: gpd.GeoDataFrame,
    start: date | None = None,
    end: date | None = None,
    categories: Iterable[str] | None = None,
) -> gpd.GeoDataFrame:
    """Keep the incidents from ``start`` to ``end`` (both included) in the given categories.

    Parameters
    ----------
    incidents
        The workspace's incidents (``date`` as ISO text, ``category`` keys).
    start, end
        First and last day; ``None`` leaves that side open.
    categories
        Category keys to keep; ``None`` keeps all.

    Returns
    -------
    geopandas.GeoDataFrame
        The selected rows.

    """
    keep = incidents["date"].notna()
    if start is not None:
        keep &= incidents["date"] >= start.isoformat()
    if end is not None:
        keep &= incidents["date"] <= end.isoformat()
    if categories is not None:
        keep &= incidents["category"].isin(list(categories))
    return incidents[keep]
