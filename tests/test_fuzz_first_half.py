"""The first half of the 10,000 fuzzed files read and checked in ``make test`` (see tests/fuzzing.py).

Each of the 5,000 cases is a sample file, changed, imported as a dry run: the only errors allowed
are ``PatrolMapError``s. The two halves draw different cases (hypothesis seeds each test by its
name) and sit in two files, so two test workers run them side by side.
"""

from __future__ import annotations

from pathlib import Path

from patrol_map.workspace import Workspace
from tests.fuzzing import fuzz_one, half_of_the_fuzz


@half_of_the_fuzz
def test_first_half_of_ten_thousand_fuzzed_files(
    fuzz_commune: Workspace, tmp_path: Path, case: tuple
) -> None:
    fuzz_one(fuzz_commune, tmp_path, *case, dry_run=True)
