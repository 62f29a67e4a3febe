"""Command line: ``python -m patrol_map.sample OUT_DIR [--seed N] [--boundary FILE --code MA_XA]``.

The boundary is taken from ``OUT_DIR/nam_trach_boundary.geojson`` when it exists; otherwise
from ``--boundary`` (selecting ``--code``), and then written to that file first.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from patrol_map.sample.boundary import BOUNDARY_FILE, read_commune, write_boundary
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
        0 on success (argument errors exit through :mod:`argparse`).

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
    else:
        args.out_dir.mkdir(parents=True, exist_ok=True)
        print(f"boundary: {write_boundary(read_commune(args.boundary, args.code), args.out_dir)}")
    written = generate_sample(read_commune(boundary_file), args.out_dir, args.seed)
    for layer, path in written.items():
        print(f"{layer}: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
