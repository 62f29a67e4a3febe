"""What a province run does to one commune: each a function of plain values, run as a Dask task.

Every job opens the commune's workspace on the server itself (a task may run on any worker of any
machine) and returns a small dict of what it did. A job may run twice (its worker was killed after
it wrote, before it said so): each checks first whether this run already wrote, so nothing is
written twice. A refusal in words (:class:`~patrol_map.errors.PatrolMapError`) is returned as the
commune's failure, not raised: retrying cannot change it.
"""

from __future__ import annotations

import tempfile
import time
import zlib
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from patrol_map.commune_settings import read_settings
from patrol_map.errors import InputFileError, PatrolMapError
from patrol_map.geo.admin import province_communes
from patrol_map.importing import import_file
from patrol_map.plan.schedule import plan_with
from patrol_map.plan.settings import PlanSettings
from patrol_map.plan.shifts import iso_week, parse_week
from patrol_map.plan.store import save_plan
from patrol_map.province import JOB_NAMES
from patrol_map.results import refresh
from patrol_map.sample.generate import generate_sample
from patrol_map.workspace import Workspace
from patrol_map.workspace.postgis import ServerAddress

#: Seeds a commune's generator tries before its build is said to fail (a seed may draw roads that
#: do not join up in an odd-shaped commune; the next one is tried).
BUILD_ATTEMPTS = 12
#: The results the forecast job stores: what the hotspot page opens on; the back-test on its own.
FORECAST_KINDS = ("cell_spots", "village_spots", "trends", "forecast")
BACKTEST_KINDS = ("backtest",)
#: The import order of a generated commune's files.
SAMPLE_KINDS = ("villages", "roads", "places", "people", "incidents")

Outcome = dict[str, Any]


def commune_seed(ma_xa: str, seed: int) -> int:
    """Return a commune's own seed: the same commune gets the same data from the same ``seed``."""
    return zlib.crc32(f"{ma_xa}:{seed}".encode())


def build_commune(server: str, ma_tinh: str, ma_xa: str, seed: int) -> Outcome:
    """Fill a commune's workspace on the server with synthetic data inside its real 2025 boundary.

    The sample commune's seeded generator (:func:`~patrol_map.sample.generate.generate_sample`)
    draws villages, roads, places, people and incidents, all flagged ``is_synthetic``; they are
    imported as a user imports files. The workspace is made anew (a re-run replaces it whole).
    """
    return _guarded(ma_xa, lambda: _build(server, ma_tinh, ma_xa, seed))


def plan_commune(server: str, ma_xa: str, week: str, run: str) -> Outcome:
    """Plan a commune's week with its own settings and store it, once per run."""
    return _guarded(ma_xa, lambda: _plan(server, ma_xa, week, run))


def forecast_commune(server: str, ma_xa: str, week: str, run: str) -> Outcome:
    """Store the hotspots and the forecast for ``week`` from the incidents before it."""
    return _guarded(ma_xa, lambda: _results(server, ma_xa, week, FORECAST_KINDS))


def backtest_commune(server: str, ma_xa: str, week: str, run: str) -> Outcome:
    """Store how the forecast method did over the weeks before ``week``."""
    return _guarded(ma_xa, lambda: _results(server, ma_xa, week, BACKTEST_KINDS))


JOBS: dict[str, Callable[[str, str, str, str], Outcome]] = {
    "backtest": backtest_commune,
    "forecast": forecast_commune,
    "plan": plan_commune,
}
assert tuple(sorted(JOBS)) == JOB_NAMES


def _guarded(ma_xa: str, job: Callable[[], Outcome]) -> Outcome:
    """Run ``job``; a refusal in words becomes the commune's failure (anything else is raised: retried)."""
    started = time.perf_counter()
    try:
        outcome = job()
    except PatrolMapError as exc:
        return {"ma_xa": ma_xa, "ok": False, "reason": f"{exc.message('vi')} / {exc.message('en')}"}
    return {"ma_xa": ma_xa, "ok": True, **outcome, "seconds": round(time.perf_counter() - started, 3)}


def _workspace(server: str, ma_xa: str) -> Workspace:
    return Workspace(ServerAddress(server).of(ma_xa).where)


def _build(server: str, ma_tinh: str, ma_xa: str, seed: int) -> Outcome:
    communes = province_communes(ma_tinh)
    boundary = communes[communes["ma_xa"] == ma_xa].reset_index(drop=True)
    if boundary.empty:
        msg = f"commune {ma_xa} is not one of province {ma_tinh}'s"
        raise ValueError(msg)
    with tempfile.TemporaryDirectory(prefix="patrol-map-province-") as folder:
        files, tried = _generated(boundary, Path(folder), commune_seed(ma_xa, seed))
        ws = Workspace.create(ServerAddress(server).of(ma_xa).where, boundary, overwrite=True)
        rows = {kind: import_file(ws, kind, files[kind], strict=True).rows_imported for kind in SAMPLE_KINDS}
    return {"written": True, "seeds_tried": tried, **rows}


def _generated(boundary: Any, folder: Path, seed: int) -> tuple[dict[str, Path], int]:
    """Generate a commune's files, trying the next seeds where one fails; return them and the tries.

    Raises
    ------
    InputFileError
        When no seed of :data:`BUILD_ATTEMPTS` gives a commune (a refusal: retrying the task
        would draw the same seeds again).

    """
    for attempt in range(BUILD_ATTEMPTS):
        try:
            return generate_sample(boundary, folder, seed + attempt), attempt + 1
        except RuntimeError as exc:
            failure = exc
    name = boundary["ten_xa"].iloc[0]
    raise InputFileError(
        f"Không tạo được dữ liệu mẫu cho {name} sau {BUILD_ATTEMPTS} lần thử: {failure}.",
        f"No synthetic data could be drawn for {name} in {BUILD_ATTEMPTS} tries: {failure}.",
    )


def _plan(server: str, ma_xa: str, week: str, run: str) -> Outcome:
    ws = _workspace(server, ma_xa)
    week = iso_week(week)
    mark = f"batch_plan_{week}"
    if ws.meta.get(mark) == run:  # this run planned it already (a re-run task): not written again
        return {"written": False}
    plan = plan_with(ws, week, PlanSettings.for_week(read_settings(ws).plan))
    save_plan(ws, plan, meta={mark: run})
    return {"written": True, "patrols": len(plan.patrols), "risk_covered": round(plan.risk_covered, 4)}


def _results(server: str, ma_xa: str, week: str, kinds: tuple[str, ...]) -> Outcome:
    ws = _workspace(server, ma_xa)
    # The day before the week: what is computed for a week sees nothing of it.
    stored = refresh(ws, parse_week(iso_week(week)) - timedelta(days=1), kinds=kinds)
    return {"written": stored > 0, "results": stored}
