"""The second half of the 10,000 fuzzed files read and checked in ``make test`` (see tests/fuzzing.py).

Each of the 5,000 cases is a sample file, changed, imported as a dry run: the only errors allowed
are ``PatrolMapError``s. The two halves draw different cases (hypothesis seeds each test by its
name) and sit in two files, so two test workers run them side by side.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from patrol_map.workspace import Workspace
from tests.fuzzing import fuzz_cases, fuzz_one, mapped_commune

#: Half of the 10,000 (``PATROL_MAP_FUZZ`` sets the whole).
CASES = int(os.environ.get("PATROL_MAP_FUZZ", "10000")) // 2


@pytest.fixture(scope="module")
def commune(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    return mapped_commune(tmp_path_factory.mktemp("mapped"))


@pytest.mark.slow
@settings(max_examples=CASES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=fuzz_cases)
def test_second_half_of_ten_thousand_fuzzed_files(commune: Workspace, tmp_path: Path, case: tuple) -> None:
    fuzz_one(commune, tmp_path, *case, dry_run=True)
