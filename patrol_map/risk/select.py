"""Choosing the incidents a hotspot view is about: a date range, a set of categories, a point of their own."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import geopandas as gpd
import numpy as np
import pandas as pd


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


def located(incidents: pd.DataFrame) -> pd.Series:
    """Return which records have their own point (not placed only by their village's name).

    A record with ``location == "village"`` stands at its village's centre, which is not where it
    happened: it counts for its village, never for a cell, a density or a forecast.
    """
    if "location" not in incidents:
        return pd.Series(True, index=incidents.index)
    return incidents["location"] != "village"


def point_records(
    incidents: pd.DataFrame, weights: np.ndarray | None = None
) -> tuple[pd.DataFrame, np.ndarray]:
    """Return the records placed by a point of their own, with their weights.

    Parameters
    ----------
    incidents
        Selected incidents.
    weights
        Weight of each record, aligned with ``incidents`` (e.g.
        :func:`patrol_map.risk.feedback.incident_weights`); 1 each by default.

    Returns
    -------
    tuple
        The records of :func:`located`, and their weights.

    Raises
    ------
    ValueError
        When ``weights`` does not hold one value per record.

    """
    weights = np.ones(len(incidents)) if weights is None else np.asarray(weights, dtype=float)
    if len(weights) != len(incidents):
        msg = "weights must have one value per incident"
        raise ValueError(msg)
    keep = located(incidents).to_numpy()
    return incidents[keep], weights[keep]
