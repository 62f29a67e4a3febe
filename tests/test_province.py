"""A synthetic province on a real PostGIS server, and jobs run for every commune on dask.distributed.

Three communes of Quảng Trị are built from their real 2025 polygons (the smallest, the island of
Cồn Cỏ, among them); each is planned by ``patrol-map batch plan`` on a LocalCluster; a worker killed
mid-run has its communes run again and nothing written twice; a commune that cannot be planned is
listed with its reason while the others are done.
"""

from __future__ import annotations

import json
import os
import signal
import threading
from pathlib import Path

import pytest
import shapely
import sqlalchemy as sa
from distributed import Client, LocalCluster

from patrol_map.cli import main
from patrol_map.geo.admin import province_communes
from patrol_map.plan.store import load_plan
from patrol_map.province.batch import run_batch
from patrol_map.results import refresh, stored_hot_cells
from patrol_map.workspace import Workspace
from patrol_map.workspace.postgis import ServerAddress

WEEK = "2026-W50"
#: Cồn Cỏ (the island special zone, 2.2 km²) and two wards of Đồng Hới.
CODES = ("18859", "18871", "19742")


@pytest.fixture(scope="module")
def province(postgis_server: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict]:
    """A database of its own holding the three communes, built by the command; and its JSON summary."""
    server = ServerAddress(postgis_server)
    with server.engine().connect().execution_options(isolation_level="AUTOCOMMIT") as con:
        con.execute(sa.text("DROP DATABASE IF EXISTS province_test"))
        con.execute(sa.text("CREATE DATABASE province_test"))
    address = server.url.set(database="province_test").set(drivername="postgresql").render_as_string(False)
    out = tmp_path_factory.mktemp("province") / "built.json"
    status = main(["province", "demo", address, "--province", "44", "--communes", *CODES, "--json", str(out)])
    assert status == 0
    return address, json.loads(out.read_text(encoding="utf-8"))


def commune(address: str, code: str) -> Workspace:
    return Workspace(f"{address}?commune={code}")


def test_every_commune_is_built_synthetic_inside_its_real_boundary(province: tuple[str, dict]) -> None:
    address, built = province
    assert built["communes"] == 3 and built["done"] == 3 and built["failed"] == []
    boundaries = province_communes("44").set_index("ma_xa")
    assert "Cồn Cỏ" in set(boundaries.loc[list(CODES), "ten_xa"])
    for code in CODES:
        ws = commune(address, code)
        assert ws.meta["ma_xa"] == code and ws.commune_name == boundaries.loc[code, "ten_xa"]
        real = boundaries.loc[[code]].set_crs("EPSG:4326").to_crs(ws.crs).geometry.iloc[0]
        for layer in ("villages", "roads", "places", "incidents"):
            frame = ws.read(layer)
            assert len(frame) > 0 and frame["is_synthetic"].all(), layer
            located = frame.geometry.dropna()
            assert shapely.covers(real.buffer(1.0), located.to_numpy()).all(), layer
        assert len(ws.read("people")) > 0


def test_batch_plan_plans_every_commune_once_and_writes_its_summary(
    province: tuple[str, dict], tmp_path: Path
) -> None:
    address, _ = province
    out = tmp_path / "plan.json"
    assert main(["batch", "plan", address, "--province", "44", "--week", WEEK, "--json", str(out)]) == 0
    summary = json.loads(out.read_text(encoding="utf-8"))
    assert {"communes", "done", "failed", "seconds"} <= set(summary)
    assert summary["communes"] == 3 and summary["done"] == 3 and summary["failed"] == []
    assert summary["seconds"] > 0 and summary["workers"] == 2
    for outcome in summary["results"]:
        plan = load_plan(commune(address, outcome["ma_xa"]), WEEK)
        assert outcome["written"] and outcome["patrols"] == len(plan.patrols) > 0
        assert plan.patrols["patrol_id"].is_unique


def test_a_killed_worker_s_communes_are_run_again_and_nothing_is_written_twice(
    province: tuple[str, dict],
) -> None:
    address, _ = province
    week = "2026-W51"
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        first_done = threading.Event()
        killed: list[int] = []

        def kill_one_worker() -> None:
            first_done.wait(300)
            pids = client.run(os.getpid)
            victim = sorted(pids.values())[0]
            os.kill(victim, signal.SIGKILL)  # its nanny starts a new one; the scheduler re-runs its task
            killed.append(victim)

        killer = threading.Thread(target=kill_one_worker)
        killer.start()
        summary = run_batch(
            "plan",
            ServerAddress(address),
            "44",
            week,
            scheduler=cluster.scheduler_address,
            progress=lambda finished, total, outcome: first_done.set(),
        )
        killer.join()
    assert killed, "no worker was killed"
    assert summary.done == 3 and summary.failed == []
    for code in CODES:
        ws = commune(address, code)
        plans = ws.read("plans")
        week_rows = plans[plans["week"] == week]
        # One plan of the week, once: a task run again found its run's mark and wrote nothing.
        assert len(week_rows) > 0 and week_rows["patrol_id"].is_unique
        assert ws.meta[f"batch_plan_{week}"]
    assert sum(outcome["written"] for outcome in summary.results) == 3


def test_a_commune_that_cannot_be_planned_is_listed_with_its_reason(
    province: tuple[str, dict], tmp_path: Path
) -> None:
    address, _ = province
    broken = CODES[0]
    server = ServerAddress(address)
    with server.engine().begin() as con:
        con.execute(sa.text(f'ALTER TABLE "xa_{broken}".roads RENAME TO roads_gone'))
    try:
        out = tmp_path / "plan.json"
        status = main(
            ["batch", "plan", address, "--province", "44", "--week", "2026-W52", "--json", str(out)]
        )
        summary = json.loads(out.read_text(encoding="utf-8"))
    finally:
        with server.engine().begin() as con:
            con.execute(sa.text(f'ALTER TABLE "xa_{broken}".roads_gone RENAME TO roads'))
    assert status == 1
    assert summary["done"] == 2 and [f["ma_xa"] for f in summary["failed"]] == [broken]
    reason = summary["failed"][0]["reason"]
    assert "roads" in reason and "/" in reason  # in words, both languages


def test_a_province_with_no_commune_on_the_server_is_refused_in_words(
    province: tuple[str, dict], capsys: pytest.CaptureFixture[str]
) -> None:
    address, _ = province
    assert main(["batch", "forecast", address, "--province", "37", "--week", WEEK]) == 1
    said = capsys.readouterr().err
    assert "holds no commune of province 37" in said and "chưa có xã nào" in said


def test_a_sync_pulls_the_neighbours_incidents_near_the_border_and_only_those(
    province: tuple[str, dict], tmp_path: Path
) -> None:
    from patrol_map.province.sync import NEIGHBOURS_M, sync
    from patrol_map.workspace import LAYERS

    address, _ = province
    # The file of Đồng Thuận (18859), as its commune keeps it: a copy of what the server holds.
    served = commune(address, "18859")
    file = tmp_path / "18859.gpkg"
    ws = Workspace.create(file, served.read("commune").assign(ma_xa="18859", ten_xa=served.commune_name))
    ws.write({layer: served.read(layer) for layer in LAYERS if served.has(layer) and layer != "commune"})
    report = sync(Workspace(file), f"{address}?commune=18859")
    near = Workspace(file).read("neighbour_incidents")
    # Known answer: Đồng Sơn's incidents within 3 km of Đồng Thuận, measured here; none of Cồn Cỏ's
    # (an island 30 km out at sea), none of the commune's own.
    boundary = served.read("commune").geometry.union_all()
    neighbour = commune(address, "18871").read("incidents").to_crs(served.crs)
    expected = neighbour[neighbour.geometry.distance(boundary) <= NEIGHBOURS_M]
    assert len(expected) > 0 and report.neighbour_incidents == len(near)
    assert set(near["ma_xa"]) == {"18871"}
    assert sorted(near["incident_id"]) == sorted(expected["incident_id"])
    assert (near.geometry.distance(boundary) <= NEIGHBOURS_M + 1).all()
    assert "suspects" not in near.columns
    # Nothing changed next door: no query, nothing written.
    assert sync(Workspace(file), f"{address}?commune=18859").neighbour_incidents is None
    incidents = commune(address, "18871").read("incidents")
    commune(address, "18871").write({"incidents": incidents.iloc[: len(incidents) // 2]})
    again = sync(Workspace(file), f"{address}?commune=18859")
    assert again.neighbour_incidents is not None and again.neighbour_incidents <= len(near)


@pytest.fixture(scope="module")
def forecast_run(province: tuple[str, dict]) -> tuple[str, int]:
    """The province with one commune planned for the week and its Gi* cells stored; their hot cells."""
    address, _ = province
    assert main(["plan", f"{address}?commune={CODES[1]}", "--week", WEEK]) == 0
    ws = commune(address, CODES[1])
    refresh(ws, kinds=("cell_spots",))
    hot = stored_hot_cells(ws)
    assert hot is not None and len(hot) > 0  # a forecast run's hot cells, to be drawn
    return address, len(hot)


def test_the_province_page_shows_every_commune_on_its_boundary(
    forecast_run: tuple[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    from streamlit.testing.v1 import AppTest

    address, hot_cells = forecast_run
    monkeypatch.setenv("PATROL_MAP_WORKSPACE", address)  # a whole server: the province's page
    app = Path(__file__).resolve().parents[1] / "app.py"
    at = AppTest.from_file(str(app), default_timeout=180)
    at.session_state["province_week"] = WEEK
    at.run()
    assert not at.exception and not at.error, [e.value for e in at.exception]
    assert at.title[0].value == "Toàn tỉnh"
    table = at.dataframe[0].value
    assert len(table) == len(province_communes("44")) == 78
    held = table[table["Mã xã"].isin(CODES)]
    assert len(held) == 3 and (held["Số thôn"].astype(float) > 0).all()
    assert "3/78 xã có dữ liệu" in " ".join(c.value for c in at.caption)
    # The commune's own figures, as the library reads them from its workspace.
    planned = load_plan(commune(address, CODES[1]), WEEK).patrols
    row = table[table["Mã xã"] == CODES[1]].iloc[0]
    assert int(row["Lượt tổ trong tuần"]) == len(planned)
    assert int(row["Ô điểm nóng (95%)"]) == hot_cells
    # The incidents by type: one row per commune held, each adding up to its year's count.
    by_type = at.dataframe[1].value.set_index("Mã xã")
    assert sorted(by_type.index) == sorted(CODES)
    assert list(by_type.columns[-2:]) == ["Vi phạm khác", "Tổng"]
    kinds = by_type.drop(columns=["Xã", "Tổng"]).astype(int)
    assert (kinds.sum(axis=1) == by_type["Tổng"].astype(int)).all()
    counts = table.set_index("Mã xã").loc[list(CODES), "Vụ việc 12 tháng"].astype(int)
    assert (by_type.loc[list(CODES), "Tổng"].astype(int) == counts).all()


def test_a_commune_opened_on_the_province_page_shows_its_own_pages(
    forecast_run: tuple[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    from streamlit.testing.v1 import AppTest

    address, _ = forecast_run
    monkeypatch.setenv("PATROL_MAP_WORKSPACE", address)
    app = Path(__file__).resolve().parents[1] / "app.py"
    at = AppTest.from_file(str(app), default_timeout=180)
    at.session_state["province_week"] = WEEK
    at.run()
    at.selectbox(key="province_open").set_value(CODES[1]).run()
    assert not at.exception, [e.value for e in at.exception]
    name = commune(address, CODES[1]).commune_name
    assert f"Đang xem xã {name} ({CODES[1]})" in " ".join(i.value for i in at.info)
    # The commune's pages read its schema on the server: its overview, its plan, its hotspots.
    for module in ("overview", "plan", "hotspots"):
        page = AppTest.from_string(
            f"from patrol_map.ui import {module}\n{module}.render()", default_timeout=180
        )
        page.session_state["province_commune"] = CODES[1]
        page.session_state["plan_week"] = WEEK
        page.run()
        assert not page.exception and not page.error, [e.value for e in page.exception]
        if module == "overview":
            assert name in page.title[0].value


@pytest.mark.browser
def test_the_province_map_draws_every_commune_and_its_hot_cells_in_chromium_with_no_internet(
    forecast_run: tuple[str, int], tmp_path: Path
) -> None:
    import sys

    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import (
        ARTIFACTS,
        CHROMIUM,
        CHROMIUM_ARGS,
        ROOT,
        block_outside,
        count_in_frames,
        free_port,
        served,
    )

    address, hot_cells = forecast_run
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port)]
    command += ["--server.address", "localhost", "--server.headless", "true"]
    environment = os.environ | {"PATROL_MAP_WORKSPACE": address}
    with served(command, port, environment, ROOT) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1200})
        blocked = block_outside(context)
        page = context.new_page()
        page.goto(url, wait_until="domcontentloaded", timeout=120_000)
        drawn = 0
        for _ in range(240):
            drawn = count_in_frames(page, "path.province-commune")
            if drawn:
                break
            page.wait_for_timeout(500)
        cells = count_in_frames(page, "path.gi-cell")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "province.png"))
        browser.close()
    assert drawn == 78  # every commune of Quảng Trị, on its 2025 boundary
    assert cells == hot_cells  # the hot cells a forecast run stored, over their commune
    assert blocked == []
