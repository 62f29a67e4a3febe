"""Time the printed papers on the sample commune: briefings of a week, a month, a quarter; a week of orders.

Run: ``.venv/bin/python bench/briefing.py``. Builds the sample workspace (``patrol-map demo``), then
prints for each paper the seconds it took in all, how much of that Typst's typesetting took, the
pages and the size of the PDF. The rest of each figure is gathering (the forecast's back-test and Gi*
for a briefing) and drawing the maps (matplotlib, one per order).
"""

from __future__ import annotations

import subprocess
import tempfile
import time
from pathlib import Path

import patrol_map.report.typeset as typeset_module
from patrol_map.demo import SAMPLE_WEEK, build_demo
from patrol_map.meeting import write_briefing, write_orders


def main() -> None:
    """Build the sample, make each paper and print its figures."""
    spent = {"typst": 0.0}
    original = typeset_module.typst.compile

    def timed(*args: object, **kwargs: object) -> bytes:
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)  # type: ignore[arg-type]
        finally:
            spent["typst"] += time.perf_counter() - started

    typeset_module.typst.compile = timed  # type: ignore[assignment]
    with tempfile.TemporaryDirectory() as folder:
        ws, _ = build_demo(Path(folder) / "ws.gpkg")
        jobs = [
            (f"briefing {p}", lambda p=p, out=out: write_briefing(ws, p, out))
            for p, out in (
                ("2026-W47", Path(folder) / "w.pdf"),
                ("2026-11", Path(folder) / "m.pdf"),
                ("2026-Q4", Path(folder) / "q.pdf"),
            )
        ]
        jobs.append((f"orders {SAMPLE_WEEK}", lambda: write_orders(ws, SAMPLE_WEEK, Path(folder) / "o.pdf")))
        outs = [Path(folder) / n for n in ("w.pdf", "m.pdf", "q.pdf", "o.pdf")]
        for (name, job), out in zip(jobs, outs, strict=True):
            spent["typst"] = 0.0
            started = time.perf_counter()
            job()
            total = time.perf_counter() - started
            info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
            pages = info.split("Pages:")[1].split()[0]
            print(
                f"{name:20s} {total:6.2f} s (Typst {spent['typst']:.2f} s), {pages} pages, "
                f"{out.stat().st_size / 1024:.0f} KiB"
            )


if __name__ == "__main__":
    main()
