"""Heavy results stored in the workspace, keyed by what they came from; pages only read them.

Gi* hot and cold spots (of cells and of villages), village trends, next week's forecast and its
back-test take from a fraction of a second to several seconds each. :func:`refresh` computes them
for the view the hotspot page opens on (:func:`default_view`) when the data changes (after an
import, and when the sample is built) and stores them in the workspace's ``results`` layer. The
readers (:func:`cell_spots`, :func:`village_spots`, :func:`trends`, :func:`forecast`,
:func:`backtest`) return the stored result when its key matches, else compute it (a view the page
was not opened on: another period or category) without storing it.

**The key** is the SHA-256 of the result's kind, its parameters (the view), patrol-map's version
(a new release may compute differently) and the last change of every layer it is computed from
(:meth:`patrol_map.workspace.Workspace.changed`). A new import of incidents changes that stamp, so
a stored result of the old incidents is never read again; :func:`refresh` keeps only the current
ones.

**The layer** (this module is its only reader and writer): one row per result, ``key``, ``kind``,
``made_at`` (ISO time), ``table`` (the result's table as Parquet, base64 text; GeoParquet for one
with geometry) and ``values`` (JSON: the scalars that go with it).
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
from collections.abc import Callable, Collection
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

import geopandas as gpd
import pandas as pd

from patrol_map._version import __version__
from patrol_map.commune_settings import read_settings
from patrol_map.model import INCIDENT_CATEGORIES
from patrol_map.risk.backtest import Window
from patrol_map.risk.commune_forecast import BacktestSummary, backtest_summary, forecast_grid
from patrol_map.risk.feedback import DEFAULT_PATROL_WEIGHT, incident_weights
from patrol_map.risk.forecast import DEFAULT_METHOD
from patrol_map.risk.getis import cell_hotspots, village_hotspots
from patrol_map.risk.select import select_incidents
from patrol_map.risk.temporal import incident_days
from patrol_map.risk.trends import Period, log_coverage, trend_table, trend_window
from patrol_map.workspace import Workspace

#: Seed of Gi*'s permutations and of the learned forecast: the same spots and forecast every time.
SEED = 0
#: Days of the period the hotspot page opens on, ending on the last record: a year.
DEFAULT_DAYS = 365
LAYER = "results"
COLUMNS = ("key", "kind", "made_at", "table", "values")
#: Gi* classes of a hot spot at 95 % confidence or more.
HOT_AT_95 = ("hot_99", "hot_95")


@dataclass(frozen=True)
class HotspotView:
    """What the hotspot page shows: a period, incident categories, a weight and a forecast method.

    ``weight`` is the weight of incidents found by patrols (:mod:`patrol_map.risk.feedback`);
    ``categories`` are keys of :data:`patrol_map.model.INCIDENT_CATEGORIES`.
    """

    start: date
    end: date
    categories: tuple[str, ...]
    weight: float = DEFAULT_PATROL_WEIGHT
    method: str = DEFAULT_METHOD

    def params(self) -> dict[str, Any]:
        """Return the view as its key names it (categories in any order name the same view)."""
        return {**asdict(self), "categories": sorted(self.categories)}


def default_view(ws: Workspace, today: date | None = None) -> HotspotView:
    """Return the view the hotspot page opens on.

    That is the year to the last record (never after ``today``: a typing error in a year), every
    category, the commune's weight of patrol finds (:mod:`patrol_map.commune_settings`) and the
    default forecast method.
    """
    today = today or date.today()
    dates = (
        ws.read("incidents", columns=["date"])["date"] if ws.has("incidents") else pd.Series([], dtype=str)
    )
    last = min(date.fromisoformat(dates.max()), today) if len(dates) else today
    weight = read_settings(ws).patrol_weight
    return HotspotView(last - timedelta(days=DEFAULT_DAYS - 1), last, tuple(INCIDENT_CATEGORIES), weight)


def cell_spots(ws: Workspace, view: HotspotView) -> gpd.GeoDataFrame:
    """Return Gi* hot and cold spots on grid cells (:func:`patrol_map.risk.getis.cell_hotspots`)."""
    return _stored_or_computed(ws, "cell_spots", view)


def village_spots(ws: Workspace, view: HotspotView) -> gpd.GeoDataFrame:
    """Return Gi* hot and cold spots of villages (:func:`patrol_map.risk.getis.village_hotspots`)."""
    return _stored_or_computed(ws, "village_spots", view)


def trends(ws: Workspace, view: HotspotView) -> tuple[pd.DataFrame, tuple[Period, Period]] | None:
    """Return the villages' trend table up to ``view.end`` and its two periods, or ``None`` (log too short).

    The periods are those of :func:`patrol_map.risk.trends.trend_window`; only ``end`` and the
    categories of the view count.
    """
    return _stored_or_computed(ws, "trends", view)


def forecast(ws: Workspace, view: HotspotView) -> tuple[gpd.GeoDataFrame, str]:
    """Return the forecast of the week after ``view.end`` and the method used (:func:`forecast_grid`)."""
    return _stored_or_computed(ws, "forecast", view)


def backtest(ws: Workspace, view: HotspotView) -> BacktestSummary:
    """Return how ``view.method`` did over the weeks ending on ``view.end`` (:func:`backtest_summary`)."""
    return _stored_or_computed(ws, "backtest", view)


def stored_hot_cells(ws: Workspace) -> gpd.GeoDataFrame | None:
    """Return the cells the latest stored Gi* of cells finds hot at 95 % or more (``None``: none stored).

    Only what is stored (a province page shows many communes at once and computes none of them):
    cell squares in the workspace's CRS with ``hotspot``, ``count``, ``z`` and ``q``, as
    :func:`cell_spots` returns them.
    """
    if not ws.has(LAYER):
        return None
    stored = ws.read(LAYER, columns=["kind", "made_at", "table", "values"], where="kind = 'cell_spots'")
    if stored.empty:
        return None
    latest = stored.sort_values("made_at").iloc[-1]
    cells = _FRAME.decode(latest["table"], latest["values"])
    return cells[cells["hotspot"].isin(HOT_AT_95)].reset_index(drop=True)


def refresh(ws: Workspace, today: date | None = None, kinds: Collection[str] | None = None) -> int:
    """Compute every kind of result for :func:`default_view` and store them, replacing the stored ones.

    Called when the data changes. A kind whose layers are not all stored (the villages' results in
    a commune with no villages) is left out; a workspace with no incidents stores nothing. The
    results are computed outside the write lock; when another program changed their data
    meanwhile, nothing is stored (that program's own refresh stores the results of its data).
    With ``kinds``, only those are computed, and the stored results of other kinds are kept.

    Returns
    -------
    int
        The number of results stored: 0 when they were stored already (an import of roads or
        people changes none of them) or their data changed meanwhile.

    """
    if not ws.has("incidents"):
        return 0  # nothing to compute: a page shows no incident at once
    opened = default_view(ws, today)
    wanted = {
        kind: spec.depends(opened)
        for kind, spec in _KINDS.items()
        if all(ws.has(n) for n in spec.layers) and (kinds is None or kind in kinds)
    }
    keys = {kind: _key(ws, kind, view, _KINDS[kind].layers) for kind, view in wanted.items()}
    if ws.has(LAYER) and set(keys.values()) <= set(ws.read(LAYER, columns=["key"])["key"]):
        return 0  # stored already: nothing they come from has changed
    made = datetime.now().astimezone().isoformat(timespec="seconds")
    rows = []
    for kind, view in wanted.items():
        spec = _KINDS[kind]
        rows.append((keys[kind], kind, made, *spec.codec.encode(spec.compute(ws, view))))
    with ws.locked():  # reads the stamps again: another program may have imported meanwhile
        if keys != {kind: _key(ws, kind, view, _KINDS[kind].layers) for kind, view in wanted.items()}:
            return 0  # of data no longer stored; the import that changed it refreshes them
        table = pd.DataFrame(rows, columns=list(COLUMNS))
        if kinds is not None and ws.has(LAYER):
            stored = ws.read(LAYER)
            table = pd.concat([stored[~stored["kind"].isin(list(wanted))], table], ignore_index=True)
        ws.write({LAYER: table})
    return len(rows)


def _stored_or_computed(ws: Workspace, kind: str, view: HotspotView) -> Any:
    spec = _KINDS[kind]
    view = spec.depends(view)
    key = _key(ws, kind, view, spec.layers)
    if ws.has(LAYER):
        found = ws.read(LAYER, columns=["key", "table", "values"], where=f"key = '{key}'")
        if len(found):
            return spec.codec.decode(found["table"].iloc[0], found["values"].iloc[0])
    return spec.compute(ws, view)


def _key(ws: Workspace, kind: str, view: HotspotView, layers: tuple[str, ...]) -> str:
    named = {"kind": kind, "view": view.params(), "version": __version__, "layers": ws.changed(*layers)}
    return hashlib.sha256(json.dumps(named, sort_keys=True, default=str).encode()).hexdigest()


# The computations, each from the workspace and a view.


def _chosen(ws: Workspace, start: date | None, view: HotspotView) -> gpd.GeoDataFrame:
    return select_incidents(ws.read_optional("incidents"), start, view.end, view.categories)


def _cell_spots(ws: Workspace, view: HotspotView) -> gpd.GeoDataFrame:
    chosen = _chosen(ws, view.start, view)
    weights = incident_weights(chosen, view.weight)
    return cell_hotspots(chosen, ws.read("commune"), seed=SEED, weights=weights)


def _village_spots(ws: Workspace, view: HotspotView) -> gpd.GeoDataFrame:
    chosen = _chosen(ws, view.start, view)
    weights = incident_weights(chosen, view.weight)
    return village_hotspots(chosen, ws.read("villages"), seed=SEED, weights=weights)


def _trends(ws: Workspace, view: HotspotView) -> tuple[pd.DataFrame, tuple[Period, Period]] | None:
    # The days the log covers come from every record of the whole log, whatever its category or
    # date: the log was kept or not (trend_window ends the recent period on view.end at the latest).
    every = ws.read_optional("incidents")
    periods = trend_window(log_coverage(incident_days(every)), view.end)
    if periods is None:
        return None
    return trend_table(_chosen(ws, None, view), ws.read("villages"), *periods), periods


def _forecast(ws: Workspace, view: HotspotView) -> tuple[gpd.GeoDataFrame, str]:
    chosen = _chosen(ws, None, view)
    weights = incident_weights(chosen, view.weight)
    return forecast_grid(chosen, ws.read("commune"), view.method, view.end, weights, seed=SEED)


def _backtest(ws: Workspace, view: HotspotView) -> BacktestSummary:
    chosen = _chosen(ws, None, view)
    weights = incident_weights(chosen, view.weight)
    return backtest_summary(chosen, ws.read("commune"), view.method, view.end, weights, seed=SEED)


# How each kind of result is written in the layer: a table and JSON values, and back.


@dataclass(frozen=True)
class _Codec:
    encode: Callable[[Any], tuple[str, str]]
    decode: Callable[[str, str], Any]


def _table_text(frame: pd.DataFrame) -> str:
    buffer = io.BytesIO()
    frame.to_parquet(buffer)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _table_of(text: str) -> pd.DataFrame:
    data = io.BytesIO(base64.b64decode(text))
    try:
        return gpd.read_parquet(data)
    except ValueError:  # no geometry: a plain table
        data.seek(0)
        return pd.read_parquet(data)


def _period_values(period: Period) -> dict[str, Any]:
    return {"start": period.start, "end": period.end, "gaps": [list(gap) for gap in period.gaps]}


def _period_of(values: dict[str, Any]) -> Period:
    day = date.fromisoformat
    gaps = tuple((day(first), day(last)) for first, last in values["gaps"])
    return Period(day(values["start"]), day(values["end"]), gaps)


def _json(values: Any) -> str:
    return json.dumps(values, default=str)  # a score of no incident may be NaN: Python reads it back


def _encode_trends(result: tuple[pd.DataFrame, tuple[Period, Period]] | None) -> tuple[str, str]:
    if result is None:
        return "", "null"
    table, periods = result
    return _table_text(table), _json([_period_values(p) for p in periods])


def _decode_trends(table: str, values: str) -> tuple[pd.DataFrame, tuple[Period, Period]] | None:
    periods = json.loads(values)
    if periods is None:
        return None
    first, second = (_period_of(p) for p in periods)
    return _table_of(table), (first, second)


def _encode_backtest(summary: BacktestSummary) -> tuple[str, str]:
    return "", _json(asdict(summary))  # its windows too, as dicts of dates


def _decode_backtest(table: str, values: str) -> BacktestSummary:
    found = json.loads(values)
    windows = tuple(Window(**{k: date.fromisoformat(v) for k, v in w.items()}) for w in found["windows"])
    return BacktestSummary(
        method=found["method"],
        used=tuple(found["used"]),
        windows=windows,
        incidents=found["incidents"],
        scored=found["scored"],
        mean=found["mean"],
    )


_FRAME = _Codec(lambda frame: (_table_text(frame), "{}"), lambda table, values: _table_of(table))
_TRENDS = _Codec(_encode_trends, _decode_trends)
_FORECAST = _Codec(
    lambda result: (_table_text(result[0]), _json({"used": result[1]})),
    lambda table, values: (_table_of(table), json.loads(values)["used"]),
)
_BACKTEST = _Codec(_encode_backtest, _decode_backtest)


# Each kind of result: the layers it is computed from, how, how it is stored, and what of the view
# it depends on (the key names only that: a forecast of another period shown is the same forecast).


def _same(view: HotspotView) -> HotspotView:
    return view


def _to_end(view: HotspotView) -> HotspotView:
    # The forecast and its back-test: trained on the year to the end, whatever period is shown.
    return replace(view, start=view.end)


def _trend_part(view: HotspotView) -> HotspotView:
    # Trends: the end and the categories; every incident counts whoever found it, no forecast in it.
    return replace(view, start=view.end, weight=0.0, method="")


@dataclass(frozen=True)
class _Kind:
    layers: tuple[str, ...]
    compute: Callable[[Workspace, HotspotView], Any]
    codec: _Codec
    depends: Callable[[HotspotView], HotspotView] = _same


_KINDS = {
    "cell_spots": _Kind(("incidents", "commune"), _cell_spots, _FRAME),
    "forecast": _Kind(("incidents", "commune"), _forecast, _FORECAST, _to_end),
    "backtest": _Kind(("incidents", "commune"), _backtest, _BACKTEST, _to_end),
    "village_spots": _Kind(("incidents", "villages"), _village_spots, _FRAME),
    "trends": _Kind(("incidents", "villages"), _trends, _TRENDS, _trend_part),
}
