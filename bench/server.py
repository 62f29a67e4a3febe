"""The PostGIS server of the province benchmarks: ``$PATROL_MAP_BENCH_DB``, or a throwaway one."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@contextmanager
def server() -> Iterator[str]:
    """The benchmark's server: the one named, or a throwaway one."""
    given = os.environ.get("PATROL_MAP_BENCH_DB")
    if given:
        yield given
        return
    top = Path(tempfile.mkdtemp(prefix="patrol-map-bench-pg-"))
    top.chmod(0o755)
    script = str(ROOT / "scripts" / "postgis-server")
    with socket.socket() as sock:  # a free port: another run's server may still be up
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    address = subprocess.run(
        [script, "start", str(top / "cluster"), str(port)], capture_output=True, text=True, check=True
    ).stdout.strip()
    try:
        yield address
    finally:
        subprocess.run([script, "stop", str(top / "cluster")], check=False)
        shutil.rmtree(top, ignore_errors=True)
