"""The TOP benchmark: reading instances, and routes that are feasible and as good as a hand count."""

from __future__ import annotations

import csv
import itertools
import math
from pathlib import Path

import pytest

from patrol_map.benchmarks.top import SOLVER_NAMES, TopInstance, read_instance, run, solver
from patrol_map.cli import main
from patrol_map.errors import InputFileError

SHARED = Path(__file__).parents[3] / "shared" / "data" / "bench" / "top" / "instances"

# Start (0,0), end (10,0); a point of score 10 on the way, one of score 5 just off it, one of score
# 20 far away. With tmax 12 the one path takes the two near points (length 5 + 1 + √26 ≈ 11.1), never
# the far one (80 long).
TINY = """n 5
m 1
tmax 12
0\t0\t0
5\t0\t10
5\t1\t5
5\t40\t20
10\t0\t0
"""


def tiny(tmp_path: Path, text: str = TINY) -> Path:
    path = tmp_path / "t1.txt"
    path.write_text(text, encoding="utf-8")
    return path


def length(instance: TopInstance, route: list[int]) -> float:
    seq = [0, *route, instance.n - 1]
    return sum(math.dist(instance.xy[a], instance.xy[b]) for a, b in itertools.pairwise(seq))


def test_reads_the_format(tmp_path: Path) -> None:
    instance = read_instance(tiny(tmp_path))
    assert (instance.name, instance.n, instance.m, instance.tmax) == ("t1", 5, 1, 12.0)
    assert list(instance.score) == [0, 10, 5, 20, 0]


@pytest.mark.parametrize("name", SOLVER_NAMES)
def test_known_answer_takes_the_two_near_points(tmp_path: Path, name: str) -> None:
    instance = read_instance(tiny(tmp_path))
    routes = solver(name)(instance, 0.2)
    assert [sorted(r) for r in routes] == [[1, 2]]
    assert length(instance, routes[0]) <= instance.tmax


def test_bad_file(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="declares 5 points"):
        read_instance(tiny(tmp_path, TINY.replace("5\t40\t20\n", "")))


@pytest.mark.parametrize("engine", SOLVER_NAMES)
@pytest.mark.parametrize("name", ["p1.2.b", "p2.3.f", "p4.4.d"])
def test_real_instances_give_feasible_routes(tmp_path: Path, name: str, engine: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / f"{name}.txt").write_bytes((SHARED / f"{name}.txt").read_bytes())
    [row] = run(folder, 0.3, engine, tmp_path / "out.csv")
    instance = read_instance(folder / f"{name}.txt")
    routes = [[int(p) for p in r.split()] for r in str(row["routes"]).split("|") if r]
    visited = [p for r in routes for p in r]
    assert len(routes) <= instance.m and len(visited) == len(set(visited))
    assert all(0 < p < instance.n - 1 for p in visited)
    assert all(length(instance, r) <= instance.tmax + 1e-9 for r in routes)
    assert row["score"] == sum(instance.score[p] for p in visited)


def test_cli_writes_the_csv_columns(tmp_path: Path) -> None:
    folder = tiny(tmp_path).parent
    out = tmp_path / "res" / "top.csv"
    assert main(["bench", "top", str(folder), "--seconds", "0.1", "--out", str(out)]) == 0
    [row] = list(csv.DictReader(out.open(encoding="utf-8")))
    assert list(row) == ["instance", "n", "m", "tmax", "score", "seconds", "routes"]
    assert (row["instance"], row["score"]) == ("t1", "15.0")
