"""The coverage page in real headless Debian chromium, offline: tracks, stop states and risky cells drawn."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from patrol_map.demo import SAMPLE_WEEK
from patrol_map.plan.store import load_plan
from patrol_map.recording import import_record
from patrol_map.sample.tracks import follow, write_gpx
from patrol_map.workspace import Workspace
from tests.browser.conftest import ROOT, free_port, open_page, served

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def recorded_app(sample_workspace: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a copy of the sample with one patrol's phone track imported."""
    folder = tmp_path_factory.mktemp("coverage")
    ws = Workspace(shutil.copy(sample_workspace, folder / "ws.gpkg"))
    patrols = load_plan(ws, SAMPLE_WEEK).patrols.set_index("patrol_id")
    first = patrols.index[0]
    import_record(
        ws, "tracks", write_gpx(folder / "t.gpx", [follow(patrols.loc[first])], ws.crs), patrol=first
    )
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port)]
    command += ["--server.address", "localhost", "--server.headless", "true"]
    with served(command, port, os.environ | {"PATROL_MAP_WORKSPACE": str(ws.path)}, ROOT) as url:
        yield url


def test_coverage_page_draws_tracks_stop_states_and_risky_cells_offline(
    recorded_app: str, sample_workspace: Path
) -> None:
    counts = open_page(f"{recorded_app}/coverage", "coverage.png")
    assert counts["blocked"] == []
    assert counts["maps"] == 1 and counts["legend"] == 1
    assert counts["tracks"] == 1  # the one patrol's recorded path
    assert counts["visited"] >= 5 and counts["missed"] >= 100  # its stops, and every other patrol's
    assert counts["risky"] >= 5
    # Every village named on the map, as on the others: a missed stop is found by its village.
    assert counts["village_labels"] == len(Workspace(sample_workspace).read("villages"))
