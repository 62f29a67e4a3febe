"""A tiny commune built in the tests: 2 km square, two villages, a ring road and a cross."""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import pytest
import shapely
from hypothesis import settings

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from patrol_map.workspace import Workspace

# Speed belongs in the benchmarks, not in unit tests: no per-example deadline, so a busy CI machine
# does not fail a property test for being slow.
settings.register_profile("patrol-map", deadline=None)
# `make test` (and so CI) draws the same examples every run, so a submission is judged on the same
# cases; `make check` draws new ones each run and keeps finding what those miss.
settings.register_profile("repeatable", deadline=None, derandomize=True)
settings.load_profile("patrol-map")

ROOT = Path(__file__).resolve().parents[1]
UTM = "EPSG:32648"
X0, Y0 = 660_000.0, 1_930_000.0  # inside Quảng Trị, UTM 48N


def square(x: float, y: float, w: float, h: float) -> shapely.Polygon:
    return shapely.box(X0 + x, Y0 + y, X0 + x + w, Y0 + y + h)


def line(*points: tuple[float, float]) -> shapely.LineString:
    return shapely.LineString([(X0 + x, Y0 + y) for x, y in points])


def point(x: float, y: float) -> shapely.Point:
    return shapely.Point(X0 + x, Y0 + y)


def lonlat(x: float, y: float) -> tuple[float, float]:
    p = gpd.GeoSeries([point(x, y)], crs=UTM).to_crs("EPSG:4326")[0]
    return round(p.x, 7), round(p.y, 7)


@pytest.fixture
def tiny(tmp_path: Path) -> dict[str, Path]:
    """Write the tiny commune's files (WGS 84 GeoJSON and UTF-8 CSV) and return their paths."""
    files = {}
    commune = gpd.GeoDataFrame(
        {"ma_xa": ["99999"], "ten_xa": ["Thử Nghiệm"]}, geometry=[square(0, 0, 2000, 2000)], crs=UTM
    )
    files["boundary"] = tmp_path / "commune.geojson"
    commune.to_crs("EPSG:4326").to_file(files["boundary"])
    villages = gpd.GeoDataFrame(
        {"name": ["Thôn Đông", "Thôn Tây"]},
        geometry=[square(1000, 0, 1000, 2000), square(0, 0, 1000, 2000)],
        crs=UTM,
    )
    files["villages"] = tmp_path / "villages.geojson"
    villages.to_crs("EPSG:4326").to_file(files["villages"])
    ring = line((200, 200), (1800, 200), (1800, 1800), (200, 1800), (200, 200))
    roads = gpd.GeoDataFrame(
        {"highway": ["tertiary", "residential", "residential"], "name": ["Đường vòng", "", ""]},
        geometry=[
            ring,
            line((200, 1000), (1000, 1000), (1800, 1000)),
            line((1000, 200), (1000, 1000), (1000, 1800)),
        ],
        crs=UTM,
    )
    files["roads"] = tmp_path / "roads.geojson"
    roads.to_crs("EPSG:4326").to_file(files["roads"])
    places = gpd.GeoDataFrame(
        {
            "place_id": ["B1", "M1", "S1"],
            "name": ["Công an xã", "Chợ Đông", "Trường Tây"],
            "kind": ["police_post", "market", "school"],
            "priority": [3, 3, 2],
        },
        geometry=[point(1000, 1000), point(1800, 1800), point(200, 200)],
        crs=UTM,
    )
    files["places"] = tmp_path / "places.geojson"
    places.to_crs("EPSG:4326").to_file(files["places"])
    market = lonlat(1790, 1790)
    files["incidents"] = tmp_path / "incidents.csv"
    files["incidents"].write_text(
        "incident_id,date,time,category,village,lon,lat\n"
        f"A1,2026-11-01,20:30,theft,Thôn Đông,{market[0]},{market[1]}\n"
        f"A2,2026-11-05,21:00,fight,,{market[0]},{market[1]}\n"
        "A3,2026-10-20,,gambling,Thôn Tây,,\n"
        f"A4,2026-09-12,07:15,traffic,Thôn Đông,{market[0]},{market[1]}\n",
        encoding="utf-8",
    )
    rows = ["person_id,name,force,rank,phone,availability"]
    rows += [f"CA{i},Công an {i},police,Thiếu úy,0900000{i:03d},all" for i in range(1, 9)]
    rows += [f"DQ{i},Dân quân {i},militia,Chiến sĩ,0900100{i:03d},all" for i in range(1, 17)]
    files["people"] = tmp_path / "people.csv"
    files["people"].write_text("\n".join(rows) + "\n", encoding="utf-8")
    return files


@pytest.fixture(scope="session")
def sample_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample commune's workspace, built once per test session as `make demo` builds it.

    Built by the first of pytest-xdist's workers to ask, in the folder they share, and read by
    every one (tests copy it before they write).
    """
    from patrol_map.demo import build_demo

    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # this session's folder, above each worker's own
    path = shared / "sample" / "nam_trach.gpkg"
    with (shared / "sample.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.is_file():  # built aside, then moved: a build that failed leaves no half file
            draft = Path(tempfile.mkdtemp(dir=shared)) / path.name
            build_demo(draft)
            path.parent.mkdir(exist_ok=True)
            draft.replace(path)
    return path


@pytest.fixture(scope="module")
def fuzz_commune(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """The sample commune's map layers and people, that each half of the fuzz checks files against."""
    from tests.fuzzing import mapped_commune

    return mapped_commune(tmp_path_factory.mktemp("mapped"))


@pytest.fixture(scope="session")
def postgis_server() -> Iterator[str]:
    """A real PostgreSQL + PostGIS server's address (no ``?commune=``), for this test session.

    ``$PATROL_MAP_TEST_DB`` names a running one. Without it, a throwaway server is started from
    Debian's packages (``scripts/postgis-server``, installed by ``make test``) in a temporary folder
    and stopped after the session; where PostgreSQL is not installed, the tests that need it are
    skipped with the reason, unless ``$PATROL_MAP_REQUIRE_POSTGIS`` is set (CI sets it: there
    they must run).
    """
    given = os.environ.get("PATROL_MAP_TEST_DB")
    if given:
        yield given
        return
    installed = any(Path("/usr/lib/postgresql").glob("*/bin/initdb")) and any(
        Path("/usr/share/postgresql").glob("*/extension/postgis.control")
    )
    if not installed:
        reason = (
            "no PostgreSQL + PostGIS on this machine (Debian: apt-get install postgresql "
            "postgresql-15-postgis-3, or set PATROL_MAP_TEST_DB to a server's address)"
        )
        if os.environ.get("PATROL_MAP_REQUIRE_POSTGIS"):
            pytest.fail(reason)
        pytest.skip(reason)
    # Not under pytest's own folder: as root, the server runs as `postgres`, which may not enter it.
    top = Path(tempfile.mkdtemp(prefix="patrol-map-postgis-"))
    top.chmod(0o755)
    folder = top / "cluster"
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    script = str(ROOT / "scripts" / "postgis-server")
    started = subprocess.run([script, "start", str(folder), str(port)], capture_output=True, text=True)
    if started.returncode != 0:
        pytest.fail(f"the PostgreSQL test server did not start: {started.stderr}")
    try:
        yield started.stdout.strip()
    finally:
        subprocess.run([script, "stop", str(folder)], capture_output=True, check=False)
        shutil.rmtree(top, ignore_errors=True)


@pytest.fixture
def server_workspace(postgis_server: str, request: pytest.FixtureRequest) -> str:
    """The address of a commune's schema of its own on the test server (code ``t<test's hash>``)."""
    code = "t" + hashlib.sha1(request.node.nodeid.encode()).hexdigest()[:12]
    with _server(postgis_server) as con:  # a server kept between sessions holds an earlier run's copy
        con.exec_driver_sql(f'DROP SCHEMA IF EXISTS "xa_{code}" CASCADE')
    return f"{postgis_server}?commune={code}"


# --- The same tests on both backends ---------------------------------------------------------------
# A test asking for `backend`, `new_workspace_at` or `sample_copy` runs twice: on a GeoPackage file
# and on a commune's schema of the test server. A test of what only a file has (its bytes, its
# folder, its permissions) is marked `file_only` and runs once.


@pytest.fixture(params=["file", "server"])
def backend(request: pytest.FixtureRequest) -> str:
    """Where the test's workspace is stored: ``file`` (a GeoPackage) or ``server`` (PostGIS)."""
    return str(request.param)


@pytest.fixture
def new_workspace_at(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """Where the test may create a workspace: a new file's path, or a new commune's server address."""
    if backend == "file":
        return str(tmp_path / "ws.gpkg")
    return str(request.getfixturevalue("server_workspace"))


@pytest.fixture(scope="session")
def sample_on_server(sample_workspace: Path, postgis_server: str) -> str:
    """The sample commune copied once to the test server by the product's own writes (``xa_sample_gw0``)."""
    import sqlalchemy as sa

    from patrol_map.workspace import LAYERS, Workspace
    from patrol_map.workspace.postgis import ServerAddress

    source = Workspace(sample_workspace)
    address = f"{postgis_server}?commune=sample_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    target = Workspace.create(address, source.read("commune"), overwrite=True)
    target.write({layer: source.read(layer) for layer in LAYERS if source.has(layer) and layer != "commune"})
    # A copy, as shutil.copy makes one: each layer keeps when it last changed, so the stored
    # results (keyed by those times) still hold.
    stamps = [{"layer": layer, "when": when} for layer, when in source.changed(*LAYERS).items() if when]
    with _server(postgis_server) as con:
        schema = ServerAddress(address).schema
        update = f'UPDATE "{schema}".layer_changes SET last_change = :when WHERE layer = :layer'
        con.execute(sa.text(update), stamps)
    return address


@pytest.fixture
def sample_copy(
    backend: str, sample_workspace: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> Workspace:
    """A writable copy of the sample commune's workspace, on the test's backend.

    The server's copy is cloned table by table inside the server from :func:`sample_on_server`
    (``CREATE TABLE ... (LIKE ... INCLUDING ALL)``), as the file's is copied by ``shutil.copy``.
    """
    from patrol_map.workspace import Workspace

    if backend == "file":
        return Workspace(shutil.copy(sample_workspace, tmp_path / "ws.gpkg"))
    template = request.getfixturevalue("sample_on_server")
    address = request.getfixturevalue("server_workspace")
    source, target = (f'"xa_{a.rsplit("commune=", 1)[1]}"' for a in (template, address))
    with _server(address.split("?", 1)[0]) as con:
        con.exec_driver_sql(f"CREATE SCHEMA {target}")
        tables = con.exec_driver_sql(
            f"SELECT table_name FROM information_schema.tables WHERE table_schema = '{source[1:-1]}'"
        )
        for (table,) in tables.fetchall():
            con.exec_driver_sql(f'CREATE TABLE {target}."{table}" (LIKE {source}."{table}" INCLUDING ALL)')
            con.exec_driver_sql(f'INSERT INTO {target}."{table}" SELECT * FROM {source}."{table}"')
    return Workspace(address)


@pytest.fixture(autouse=True)
def _main_module_kept() -> Iterator[None]:
    """Put back the test process's ``__main__`` after each test.

    Streamlit's ``AppTest`` installs the page script it runs as ``__main__`` and leaves it there; a
    process spawned later by the same test worker (a LocalCluster's workers) ran that page again on
    starting: a tenth of the suite's time went to it.
    """
    main = sys.modules["__main__"]
    yield
    sys.modules["__main__"] = main


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Leave out the server run of tests marked ``file_only`` (deselected, not skipped); order the files.

    Files holding a ``slow`` test (the fuzz's two halves, minutes each) come first, then the others,
    those of more tests first: pytest-xdist (``--no-loadscope-reorder``) hands files out in this
    order, so the longest start first on workers of their own instead of being the last to finish.
    """
    kept, left = [], []
    for item in items:
        params = getattr(item, "callspec", None)
        on_server = params is not None and params.params.get("backend") == "server"
        (left if on_server and item.get_closest_marker("file_only") else kept).append(item)
    if left:
        config.hook.pytest_deselected(items=left)
    files: dict[str, list[pytest.Item]] = {}
    for item in kept:
        files.setdefault(item.nodeid.split("::")[0], []).append(item)
    ordered = sorted(
        files.values(), key=lambda tests: (not any(t.get_closest_marker("slow") for t in tests), -len(tests))
    )
    items[:] = [item for tests in ordered for item in tests]


@contextmanager
def _server(address: str) -> Iterator[Connection]:
    """A connection in a transaction to the test server (``postgresql://...`` without ``?commune=``)."""
    import sqlalchemy as sa

    engine = sa.create_engine(address.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.begin() as con:
            yield con
    finally:
        engine.dispose()
