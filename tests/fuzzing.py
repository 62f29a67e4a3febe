"""Fuzzed input files: a sample file, changed as a careless or hostile user would, then imported.

Used by ``tests/test_bad_input.py`` (60 cases, written) and by the two halves of the 10,000 cases
read and checked in ``make test`` (``tests/test_fuzz_*.py``: two files, so that two test workers
share them).
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyproj import Transformer

from patrol_map.errors import PatrolMapError
from patrol_map.geo.bundled import geodata_dir
from patrol_map.importing import create_workspace, import_file
from patrol_map.workspace import Workspace
from tests.stored import everything_stored

SAMPLE = {
    "villages": "nam_trach_villages.geojson",
    "roads": "nam_trach_roads.geojson",
    "places": "nam_trach_places.geojson",
    "incidents": "nam_trach_incidents.csv",
    "people": "nam_trach_people.csv",
}

#: Rows (or features) of each sample file the fuzz starts from.
SEED_ROWS = 30
MUTATIONS = (
    "truncate", "flip", "random", "empty", "nan", "duplicate", "quote", "binary", "bowtie", "mixed_crs"
)  # fmt: skip
#: Metres (UTM 48N) written where the file says degrees: a file of two CRSs.
TO_UTM = Transformer.from_crs("EPSG:4326", "EPSG:32648", always_xy=True)


def mutate(data: bytes, how: str, where: float, noise: bytes) -> bytes:
    """One careless or hostile change to a file's bytes (or, for GeoJSON, to its features)."""
    if how in ("bowtie", "mixed_crs"):
        return mutate_features(data, how, where) if data.lstrip().startswith(b"{") else data
    at = int(where * len(data))
    return {
        "truncate": lambda: data[:at],
        "flip": lambda: data[:at] + noise[:8] + data[at + 8 :],
        "random": lambda: noise,
        "empty": lambda: b"",
        "nan": lambda: data.replace(b"1", b"NaN", 3),
        "duplicate": lambda: data + b"\n" + data[at:],
        "quote": lambda: data[:at] + b'"' + data[at:],
        "binary": lambda: data[:at] + b"\x00\xff\xfe" * 20 + data[at:],
    }[how]()


def mutate_features(data: bytes, how: str, where: float) -> bytes:
    """Make one feature's outer ring cross itself (``bowtie``), or every other feature's
    coordinates metres while the file says degrees (``mixed_crs``), from the feature at ``where``."""
    doc = json.loads(data)
    features = doc["features"]
    first = int(where * len(features)) % len(features)
    if how == "bowtie":
        geometry = features[first]["geometry"]
        ring = {"Polygon": lambda c: c[0], "MultiPolygon": lambda c: c[0][0]}.get(geometry["type"])
        if ring is not None and len(ring(geometry["coordinates"])) >= 5:
            points = ring(geometry["coordinates"])
            points[1], points[2] = points[2], points[1]  # the ring now crosses itself
    else:
        for feature in features[first::2]:
            feature["geometry"]["coordinates"] = _in_metres(feature["geometry"]["coordinates"])
    return json.dumps(doc).encode()


def _in_metres(coordinates: list) -> list:
    if isinstance(coordinates[0], (int, float)):
        return list(TO_UTM.transform(*coordinates[:2]))
    return [_in_metres(part) for part in coordinates]


@functools.cache
def fuzz_seed(source: Path) -> bytes:
    """The bytes a fuzzed file is made from: the sample file, cut to its first 30 rows or features.

    30 rows reach every path of the readers that the mutations reach (a header, every column,
    dates and times in their forms, villages by name or by coordinates; polygons, lines, points);
    the sample's 677 incidents and 227 roads made each case up to twenty times slower, and the
    10,000 cases must fit in CI's time.
    """
    data = source.read_bytes()
    if source.suffix == ".csv":
        return b"\n".join(data.split(b"\n")[: SEED_ROWS + 1]) + b"\n"
    doc = json.loads(data)
    doc["features"] = doc["features"][:SEED_ROWS]
    return json.dumps(doc, ensure_ascii=False).encode()


def fuzz_one(
    ws: Workspace,
    folder: Path,
    kind: str,
    how: str,
    where: float,
    noise: bytes,
    suffix: str,
    *,
    dry_run: bool = False,
) -> None:
    source = geodata_dir() / SAMPLE.get(kind, "nam_trach_boundary.geojson")
    path = folder / f"input{suffix or source.suffix}"
    path.write_bytes(mutate(fuzz_seed(source), how, where, noise))
    before = everything_stored(ws)
    try:
        if kind == "boundary":
            create_workspace(folder / "new.gpkg", path, overwrite=True)
        else:
            import_file(ws, kind, path, replace=True, dry_run=dry_run)
    except PatrolMapError:
        assert everything_stored(ws) == before, "a refused import changed the workspace"
        return
    if kind in ("villages", "roads", "places") and not dry_run:
        stored = ws.read(kind)
        assert stored.geometry.is_valid.all(), "an invalid geometry was stored"
        commune = ws.read("commune").geometry.iloc[0].buffer(1000)
        assert stored.geometry.intersects(commune).all(), "a feature far from the commune was stored"


fuzz_cases = st.tuples(
    st.sampled_from(["boundary", *SAMPLE]),
    st.sampled_from(MUTATIONS),
    st.floats(0, 1),
    st.binary(min_size=0, max_size=2000),
    st.sampled_from(["", "", "", ".csv", ".geojson", ".xlsx", ".zip", ".gpx", ".kml"]),
)


def mapped_commune(folder: Path) -> Workspace:
    """Return the sample commune's boundary, villages, roads, places and people, in ``folder``.

    What a file is checked against, without incidents, plans or records: a dry run only reads
    and checks the file, and the sample's thousands of stored rows would only slow each case.
    """
    ws, _ = create_workspace(folder / "ws.gpkg", geodata_dir() / "nam_trach_boundary.geojson")
    for kind in ("villages", "roads", "places", "people"):
        import_file(ws, kind, geodata_dir() / SAMPLE[kind])
    return ws


#: The cases of each half: half of the 10,000 (``PATROL_MAP_FUZZ`` sets the whole).
HALF = int(os.environ.get("PATROL_MAP_FUZZ", "10000")) // 2


def half_of_the_fuzz(test: Callable[..., None]) -> Callable[..., None]:
    """Make ``test`` one half of the 10,000 cases: ``HALF`` cases drawn as ``case``, marked slow.

    Each half is a function of its own, in a file of its own: hypothesis seeds a test by its
    source and name, so the halves draw different cases, and two test workers run them side by side.
    """
    draws = given(case=fuzz_cases)(test)
    limited = settings(
        max_examples=HALF, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )(draws)
    return pytest.mark.slow(limited)
