"""Installed as users install: a wheel built from this checkout, in a fresh environment, away from it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.conftest import ROOT, free_port, open_page, served

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, str], Path]]:
    """The ``patrol-map`` command of a fresh environment holding only the wheel, a home and a folder."""
    scratch = tmp_path_factory.mktemp("wheel")
    run = {"check": True, "capture_output": True, "text": True, "timeout": 900}
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(scratch), str(ROOT)], **run)
    wheel = next(scratch.glob("patrol_map-*.whl"))
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(scratch / "env")], **run)
    # The wheel and what its metadata asks for, installed by uv (as the project's setup is): what is
    # installed is what pip would install, in seconds instead of the 40 s pip took on CI.
    python = scratch / "env" / "bin" / "python"
    subprocess.run(
        [str(Path(sys.executable).parent / "uv"), "pip", "install", "--python", str(python), str(wheel)],
        **run,
    )
    home, elsewhere = scratch / "home", scratch / "elsewhere"
    home.mkdir()
    elsewhere.mkdir()
    env = {"PATH": os.environ["PATH"], "HOME": str(home), "LANG": "C.UTF-8"}
    yield scratch / "env" / "bin" / "patrol-map", env, elsewhere


def test_the_wheel_holds_the_sample_and_the_vendored_leaflet(
    installed: tuple[Path, dict[str, str], Path],
) -> None:
    command, env, elsewhere = installed
    python = command.parent / "python"
    found = subprocess.run(
        [
            str(python),
            "-c",
            "from importlib.resources import files; p = files('patrol_map'); "
            "print((p / 'geodata' / 'nam_trach_boundary.geojson').is_file(), "
            "(p / 'static' / 'vendor' / 'leaflet' / 'leaflet.js').is_file(), (p / 'py.typed').is_file(), p)",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=elsewhere,
        check=True,
    ).stdout.split()
    assert found[:3] == ["True", "True", "True"]
    assert not found[3].startswith(str(ROOT))  # the installed copy, not this checkout


def test_demo_and_plan_run_from_another_folder(installed: tuple[Path, dict[str, str], Path]) -> None:
    command, env, elsewhere = installed
    demo = subprocess.run(
        [str(command), "demo"], capture_output=True, text=True, env=env, cwd=elsewhere, timeout=600
    )
    assert demo.returncode == 0, demo.stdout + demo.stderr
    workspace = Path(env["HOME"]) / ".local" / "share" / "patrol-map" / "workspaces" / "nam_trach.gpkg"
    assert workspace.is_file() and str(workspace) in demo.stdout
    plan = subprocess.run(
        [str(command), "plan", str(workspace), "--week", "2026-W49", "--shifts", "evening"],
        capture_output=True,
        text=True,
        env=env,
        cwd=elsewhere,
        timeout=600,
    )
    assert plan.returncode == 0, plan.stdout + plan.stderr
    assert "Week 2026-W49" in plan.stdout
    out = Path(env["HOME"]) / "lenh.pdf"  # the document template ships in the wheel
    orders = subprocess.run(
        [
            str(command),
            "orders",
            str(workspace),
            "--week",
            "2026-W49",
            "--day",
            "2026-11-30",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=elsewhere,
        timeout=600,
    )
    assert orders.returncode == 0 and out.read_bytes().startswith(b"%PDF"), orders.stdout + orders.stderr
    assert list(elsewhere.iterdir()) == []  # nothing written where it was started


def test_the_installed_app_draws_its_map_offline(installed: tuple[Path, dict[str, str], Path]) -> None:
    command, env, elsewhere = installed
    port = free_port()
    with served([str(command), "app", "--port", str(port)], port, env, elsewhere) as url:
        counts = open_page(f"{url}/overview", "installed-overview.png")
    assert counts["blocked"] == []
    assert counts["maps"] == 1 and counts["commune"] >= 1 and counts["village_labels"] >= 20
