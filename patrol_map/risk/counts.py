"""Incident counts per village, the table commanders rank villages by."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from patrol_map.model import INCIDENT_CATEGORIES

#: ``village_id`` of the row counting incidents that lie in no known village.
UNKNOWN_VILLAGE = "-"


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
