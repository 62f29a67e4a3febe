"""The team orienteering problem (TOP) benchmark of Chao, Golden and Wasil (1996).

Each instance file gives ``n`` points (the first the start, the last the end, both of score 0),
``m`` paths and their length budget ``tmax``; travel is the unrounded Euclidean distance. A result
row gives the score and, per path, the visited point indices (0-based, in file order, start and
end left out). The planner's own search (:mod:`patrol_map.plan.orienteering`) is the ``default``
solver; OR-Tools routing and PyVRP (:mod:`patrol_map.benchmarks.engines`) run beside it.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.spatial.distance import cdist

from patrol_map.errors import InputFileError
from patrol_map.plan.orienteering import Problem, solve

#: Distances are multiplied by this and rounded up to integers for the integer solvers.
SCALE = 1000
#: Columns of the results file, in order.
RESULT_COLUMNS = ("instance", "n", "m", "tmax", "score", "seconds", "routes")


@dataclass(frozen=True)
class TopInstance:
    """One TOP instance: points (start first, end last) with scores, paths and their budget."""

    name: str
    m: int
    tmax: float
    xy: np.ndarray
    score: np.ndarray

    @property
    def n(self) -> int:
        """Number of points, start and end included."""
        return len(self.score)


def read_instance(path: Path) -> TopInstance:
    """Read a Chao TOP instance file (``n N``, ``m M``, ``tmax T``, then ``x y score`` lines).

    Raises
    ------
    InputFileError
        When the file does not follow the format, naming the line.

    """
    lines = [line.split() for line in path.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line]
    try:
        n, m, tmax = int(lines[0][1]), int(lines[1][1]), float(lines[2][1])
        points = np.array([[float(v) for v in line[:3]] for line in lines[3 : 3 + n]])
    except (IndexError, ValueError) as exc:
        raise InputFileError(
            "Tệp không theo định dạng TOP (n, m, tmax rồi các dòng x y điểm).",
            "The file does not follow the TOP format (n, m, tmax, then x y score lines).",
            file=path,
        ) from exc
    if points.shape != (n, 3):
        raise InputFileError(
            f"Tệp khai báo {n} điểm nhưng có {len(points)} dòng điểm.",
            f"The file declares {n} points but holds {len(points)} point lines.",
            file=path,
        )
    return TopInstance(path.stem, m, tmax, points[:, :2], points[:, 2])


def solve_default(instance: TopInstance, seconds: float, seed: int = 0) -> list[list[int]]:
    """Solve with the planner's own search for ``seconds``; return each path's point indices."""
    problem = Problem(
        times=cdist(instance.xy, instance.xy),
        prize=instance.score,
        service=0.0,
        budget=instance.tmax,
        n_routes=instance.m,
        end=instance.n - 1,
        scale=SCALE,
        xy=instance.xy,
    )
    return [route for route in solve(problem, seed, seconds=seconds) if route]


def _engines() -> dict[str, Callable[[TopInstance, float], list[list[int]]]]:
    from patrol_map.benchmarks.engines import solve_ortools, solve_pyvrp

    return {"ortools": solve_ortools, "pyvrp": solve_pyvrp}


#: The solvers ``patrol-map bench top --solver`` offers.
SOLVER_NAMES = ("default", "ortools", "pyvrp")


def solver(name: str) -> Callable[[TopInstance, float], list[list[int]]]:
    """Return the solver of that name (the routing libraries are imported only when asked for)."""
    return solve_default if name == "default" else _engines()[name]


def run(folder: Path, seconds: float, solver_name: str, out: Path) -> list[dict[str, object]]:
    """Solve every ``*.txt`` instance of ``folder`` and write the results CSV.

    Parameters
    ----------
    folder
        Instance files.
    seconds
        Time for each instance.
    solver_name
        One of :data:`SOLVER_NAMES`.
    out
        The CSV file, with the columns of :data:`RESULT_COLUMNS`.

    Returns
    -------
    list of dict
        One row per instance, as written.

    """
    rows, solve = [], solver(solver_name)
    for path in sorted(folder.glob("*.txt")):
        instance = read_instance(path)
        start = time.perf_counter()
        routes = solve(instance, seconds)
        elapsed = time.perf_counter() - start
        rows.append(
            {
                "instance": instance.name,
                "n": instance.n,
                "m": instance.m,
                "tmax": instance.tmax,
                "score": float(sum(instance.score[p] for route in routes for p in route)),
                "seconds": round(elapsed, 3),
                "routes": "|".join(" ".join(str(p) for p in route) for route in routes),
            }
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=RESULT_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return rows
