"""Every map of the app with a hostile text in every name field: shown as text, never run (issue #15)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import geopandas as gpd
import pytest

from patrol_map.coverage.week import stop_points
from patrol_map.maps.views import coverage_map, hotspot_map, overview_map, plan_map
from patrol_map.plan.schedule import plan_with
from patrol_map.plan.settings import PlanSettings
from patrol_map.plan.store import save_plan
from patrol_map.recording import week_coverage
from patrol_map.risk.getis import cell_hotspots, village_hotspots
from patrol_map.risk.kde import kde_grid
from patrol_map.workspace import Workspace

PAYLOADS = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '"><svg onload=alert(1)>')
#: What only a payload written raw into the page would put there, in the page or in a JSON string a
#: script hands to the DOM (``\u003cimg``); an escaped one reads ``&lt;img`` (``\u0026lt;img``).
RAW = re.compile(r"(?:<|\\u003c)(?:script(?:>|\\u003e)alert|img src=x|svg onload)", re.IGNORECASE)
ESCAPED = re.compile(r"(?:&|\\u0026)lt;(?:script|img src=x|svg onload)", re.IGNORECASE)


@pytest.fixture(scope="module", params=PAYLOADS)
def hostile(request: pytest.FixtureRequest, sample_workspace: Path, tmp_path_factory: pytest.TempPathFactory):
    """The sample with the payload in every village, place and person name, and a week planned with them."""
    payload = request.param
    ws = Workspace(shutil.copy(sample_workspace, tmp_path_factory.mktemp("hostile") / "ws.gpkg"))
    layers = {}
    for layer in ("villages", "places", "people"):
        frame = ws.read(layer)
        frame["name"] = [f"{payload} {k}" for k in range(len(frame))]
        layers[layer] = frame
    ws.write(layers)
    plan = plan_with(ws, "2026-W50", PlanSettings(shifts=("evening",), teams_per_shift=1))
    save_plan(ws, plan)
    return ws, plan


def rendered(fmap) -> str:
    return fmap.get_root().render()


def test_no_map_writes_a_name_raw_into_its_page(hostile) -> None:
    ws, plan = hostile
    incidents, commune = ws.read("incidents"), ws.read("commune")
    grid = kde_grid(incidents, commune)
    done = week_coverage(ws, "2026-W50")
    pages = {
        "overview": overview_map(ws, grid, plan.patrols, "vi"),
        "hotspots": hotspot_map(
            ws,
            grid,
            "vi",
            cells=cell_hotspots(incidents, commune, seed=0, permutations=99),
            villages=village_hotspots(incidents, ws.read("villages"), seed=0, permutations=99),
            forecast=grid.assign(expected=1.0).head(3),
        ),
        "plan": plan_map(ws, plan.patrols.head(2), "vi"),
        "coverage": coverage_map(
            ws,
            plan.patrols,
            gpd.GeoDataFrame(geometry=[], crs=ws.crs),
            stop_points(done.patrols, ws.crs),
            gpd.GeoDataFrame({"class": []}, geometry=[], crs=ws.crs),
            "vi",
        ),
    }
    for name, fmap in pages.items():
        page = rendered(fmap)
        assert ESCAPED.search(page), name  # the names are there, escaped
        assert RAW.search(page) is None, (name, RAW.search(page))
