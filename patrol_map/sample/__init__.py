"""Seeded synthetic sample data for the bundled sample commune, Nam Trạch (Quảng Trị).

No village, road or incident data of the commune is public, so plausible villages, roads,
landmarks, two years of incidents and a patrol roster are generated inside its real
boundary, reproducibly from a seed; every generated record carries ``is_synthetic = true``.
Run ``python -m patrol_map.sample OUT_DIR`` to write the files.
"""

from patrol_map.sample.generate import generate_sample

__all__ = ["generate_sample"]
