"""Heavy results stored in the workspace, keyed by what they came from (patrol_map.results)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

from patrol_map import results
from patrol_map.importing import create_workspace, import_file
from patrol_map.results import HotspotView, default_view, refresh
from patrol_map.workspace import Workspace

READERS = {
    "cell_spots": (results.cell_spots, results._cell_spots),
    "village_spots": (results.village_spots, results._village_spots),
    "trends": (results.trends, results._trends),
    "forecast": (results.forecast, results._forecast),
}


@pytest.fixture
def copy(sample_copy: Workspace) -> Workspace:
    return sample_copy


def same(stored: object, computed: object) -> bool:
    """Tell whether a stored result equals a fresh computation: tables, geometry, CRS and values."""
    if isinstance(stored, tuple):
        return len(stored) == len(computed) and all(same(a, b) for a, b in zip(stored, computed, strict=True))
    if isinstance(stored, pd.DataFrame):
        return stored.equals(computed) and getattr(stored, "crs", None) == getattr(computed, "crs", None)
    return stored == computed


def stored_keys(ws: Workspace) -> set[str]:
    return set(ws.read("results", columns=["key"])["key"])


def test_the_sample_ships_its_results_and_they_equal_a_fresh_computation(copy: Workspace) -> None:
    view = default_view(copy)
    assert len(stored_keys(copy)) == 5  # built with the sample, as make demo builds it
    for name, (read, compute) in READERS.items():
        assert same(read(copy, view), compute(copy, replace(view, start=view.start))), name
    # The back-test (the slowest, three seconds) of the forecast's view.
    assert results.backtest(copy, view) == results._backtest(copy, replace(view, start=view.end))


def test_a_stored_result_is_what_is_read(copy: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    view = default_view(copy)

    def refuse(*args: object) -> None:
        raise AssertionError("computed, though stored")

    for kind, spec in results._KINDS.items():
        monkeypatch.setitem(results._KINDS, kind, replace(spec, compute=refuse))
    results.cell_spots(copy, view)
    results.village_spots(copy, view)
    results.trends(copy, view)
    results.forecast(copy, view)
    results.backtest(copy, view)


def test_another_view_is_computed_and_not_stored(copy: Workspace) -> None:
    view = default_view(copy)
    other = replace(view, categories=("theft",))
    before = stored_keys(copy)
    shown = results.cell_spots(copy, other)
    assert same(shown, results._cell_spots(copy, other))
    assert not same(shown, results.cell_spots(copy, view))  # theft alone is not every category
    assert stored_keys(copy) == before
    # Categories in another order are the same view, and read from the store.
    reordered = replace(view, categories=view.categories[::-1])
    assert results._key(copy, "cell_spots", reordered, ("incidents",)) == (
        results._key(copy, "cell_spots", view, ("incidents",))
    )


def test_new_incidents_make_the_stored_results_stale_and_refresh_stores_theirs(
    copy: Workspace, tmp_path: Path
) -> None:
    view = default_view(copy)
    old = results.cell_spots(copy, view)
    incidents = copy.read("incidents")
    busiest = incidents["village"].mode().iloc[0]
    more = incidents[incidents["village"] == busiest].copy()
    more["incident_id"] = [f"NEW{i}" for i in range(len(more))]
    with copy.locked():
        copy.write({"incidents": pd.concat([incidents, more], ignore_index=True)})
    assert copy.changed("incidents") != {"incidents": ""}
    # Not the stored result of the old incidents: the new ones, computed.
    now = results.cell_spots(copy, view)
    assert same(now, results._cell_spots(copy, view)) and not same(now, old)
    assert refresh(copy) == 5
    keys = stored_keys(copy)
    assert len(keys) == 5  # the old ones replaced, not added to
    assert same(results.cell_spots(copy, view), now)


def test_refresh_twice_or_after_an_unrelated_import_stores_nothing(copy: Workspace, tmp_path: Path) -> None:
    assert refresh(copy) == 0  # the sample's are current
    before = copy.changed("incidents", "villages", "commune", "results")
    roads = copy.read("roads")
    copy.write({"roads": roads})
    assert copy.changed("roads") != {"roads": ""}
    assert refresh(copy) == 0
    assert copy.changed("incidents", "villages", "commune", "results") == before


def test_a_refresh_whose_data_changed_meanwhile_stores_nothing(
    copy: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    incidents = copy.read("incidents")
    copy.write({"incidents": incidents.iloc[:-1]})  # stale results
    computing = results._cell_spots

    def another_program_imports(ws: Workspace, view: HotspotView):
        Workspace(ws.where).write({"incidents": incidents})  # while the refresh computes
        return computing(ws, view)

    cells = results._KINDS["cell_spots"]
    monkeypatch.setitem(results._KINDS, "cell_spots", replace(cells, compute=another_program_imports))
    assert refresh(copy) == 0
    monkeypatch.setitem(results._KINDS, "cell_spots", cells)
    assert refresh(copy) == 5  # the program that imported refreshes its own data


def test_a_commune_with_few_incidents_or_none(tiny: dict[str, Path], tmp_path: Path) -> None:
    ws, _ = create_workspace(tmp_path / "tiny.gpkg", tiny["boundary"])
    import_file(ws, "villages", tiny["villages"])
    assert refresh(ws) == 0  # no incident: nothing worth storing
    import_file(ws, "incidents", tiny["incidents"])
    assert refresh(ws) == 5
    view = default_view(ws)
    assert same(results.village_spots(ws, view), results._village_spots(ws, view))
    assert results.trends(ws, view) is None  # four incidents: too short a log for a trend


def test_changed_names_when_each_layer_was_last_written(copy: Workspace) -> None:
    before = copy.changed("incidents", "roads", "nothing")
    assert before["nothing"] == "" and before["incidents"] and before["roads"]
    copy.write({"roads": copy.read("roads")})
    after = copy.changed("incidents", "roads")
    assert after["incidents"] == before["incidents"] and after["roads"] > before["roads"]


def test_trends_know_the_log_was_kept_after_the_end_chosen(copy: Workspace) -> None:
    # A day with no record, the log going on after it: the log was kept that day too, so the recent
    # period ends on it, as the whole log's coverage says (not on the last record before it).
    days = sorted(set(copy.read("incidents", columns=["date"])["date"]))
    quiet = next(
        day
        for day in (date.fromisoformat(days[-1]) - timedelta(days=k) for k in range(1, 60))
        if day.isoformat() not in days
    )
    view = replace(default_view(copy), end=quiet)
    found = results.trends(copy, view)
    assert found is not None
    recent, _ = found[1]
    assert recent.end == quiet
