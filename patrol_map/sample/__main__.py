"""Command line: ``python -m patrol_map.sample OUT_DIR [--seed N] [--boundary FILE --code MA_XA]``.

The boundary is taken from ``OUT_DIR/nam_trach_boundary.geojson`` when it exists; otherwise
from ``--boundary`` (selecting ``--code``), and then written to that file first.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from patrol_map.errors import PatrolMapError
from patrol_map.io.vector import Notice
from patrol_map.sample.boundary import BOUNDARY_FILE, read_sample_boundary, write_boundary
from patrol_map.sample.generate import DEFAULT_SEED, generate_sample


def main(argv: list[str] | None = None) -> int:
    """Generate the sample files; return the process exit code.

    Parameters
    ----------
    argv
        Arguments without the program name; ``sys.argv[1:]`` when None.

    Returns
    -------
    int
        0 on success, 1 when an input file is wrong (the bilingual message goes to
        stderr); argument errors exit through :mod:`argparse`.

    """
    parser = argparse.ArgumentParser(
        prog="python -m patrol_map.sample",
        description="Write the synthetic sample data set of Nam Trạch into OUT_DIR.",
    )
    parser.add_argument("out_dir", type=Path, metavar="OUT_DIR")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (%(default)s)")
    parser.add_argument(
        "--boundary",
        type=Path,
        metavar="FILE",
        help=f"commune polygons to take the boundary from when OUT_DIR has no {BOUNDARY_FILE}",
    )
    parser.add_argument("--code", metavar="MA_XA", help="ma_xa of the commune in --boundary")
    args = parser.parse_args(argv)

    boundary_file = args.out_dir / BOUNDARY_FILE
    if boundary_file.exists():
        if args.boundary is not None:
            print(f"using existing {boundary_file}; --boundary ignored", file=sys.stderr)
    elif args.boundary is None:
        parser.error(f"{boundary_file} does not exist: give --boundary FILE [--code MA_XA]")
    try:
        if not boundary_file.exists():
            boundary, notices = read_sample_boundary(args.boundary, args.code)
            _print_notices(notices)
            args.out_dir.mkdir(parents=True, exist_ok=True)
            print(f"boundary: {write_boundary(boundary, args.out_dir)}")
        # Always generate from the file as written (6 decimals), so that regenerating later
        # from OUT_DIR alone gives the same files.
        boundary, notices = read_sample_boundary(boundary_file)
    except PatrolMapError as exc:
        print(exc.bilingual(), file=sys.stderr)
        return 1
    _print_notices(notices)
    written = generate_sample(boundary, args.out_dir, args.seed)
    for layer, path in written.items():
        print(f"{layer}: {path}")
    return 0


def _print_notices(notices: list[Notice]) -> None:
    """Tell the user, on stderr, what reading the boundary repaired."""
    for notice in notices:
        print(f"{notice.vi}\n{notice.en}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
