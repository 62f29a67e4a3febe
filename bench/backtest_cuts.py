"""Is ``mixture`` above the bar of issue #10 on other data than the one set it was built on?

Run: ``.venv/bin/python bench/backtest_cuts.py [--data ../shared/data/bench/crime]``.

Seven sets cut from the Philadelphia burglary file stand in for other cities: the last 26 weeks of
2023 H1, 2024 H2 and 2025 H2, residential and non-residential burglaries alone (2025 H2), and the
western and the eastern half of the city (split at the median x, 2025 H2). Each is back-tested under
the contract of ``patrol-map backtest`` (150 m cells, 90 training days, 26 weekly tests, the convex
hull of the incidents before the first test as study area) with ``naive``, ``kde_cv`` and
``mixture``, and the table gives PAI at 5 % and ``mixture`` over 1.05 times the better of the other
two (1.00 or more meets the bar).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pandas as pd

from patrol_map.io.points import read_points
from patrol_map.risk.backtest import rolling_windows, run_backtest, study_area

CRIME = Path(__file__).resolve().parents[2] / "shared" / "data" / "bench" / "crime"
METHODS = ("naive", "kde_cv", "mixture")
BAR = 1.05


def cuts(path: Path) -> dict[str, pd.DataFrame]:
    """The seven sets, each a table of ``date``, ``x``, ``y``."""
    points = read_points(path)
    kind = pd.read_csv(path, usecols=["category"])["category"].to_numpy()
    residential = pd.Series(kind == "Burglary Residential", index=points.index)
    middle = points["x"].median()
    return {
        "2025 H2": points,
        "2024 H2": points[points["date"] <= "2024-12-31"],
        "2023 H1": points[points["date"] <= "2023-06-30"],
        "residential, 2025 H2": points[residential],
        "non-residential, 2025 H2": points[~residential],
        "western half, 2025 H2": points[points["x"] < middle],
        "eastern half, 2025 H2": points[points["x"] >= middle],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=CRIME, help="folder holding philadelphia_burglary.csv")
    args = parser.parse_args()
    print(
        f"{'Philadelphia burglary, cut':<28}{'cells':>7}"
        + "".join(f"{m:>10}" for m in METHODS)
        + "  mixture/bar"
    )
    started = time.perf_counter()
    for name, points in cuts(args.data / "philadelphia_burglary.csv").items():
        first_test = rolling_windows(points["date"].max().date(), 90, 7, 26)[0].test_start
        cells = study_area(points, 150.0, first_test)
        _, results = run_backtest(points, cells, 150.0, 90, 7, 26, METHODS)
        pai = {method: result.mean["pai"]["5"] for method, result in results.items()}
        ratio = pai["mixture"] / (BAR * max(pai["naive"], pai["kde_cv"]))
        print(f"{name:<28}{len(cells):>7}" + "".join(f"{pai[m]:10.3f}" for m in METHODS) + f"  {ratio:11.3f}")
    print(f"{time.perf_counter() - started:.0f} s in all")


if __name__ == "__main__":
    main()
