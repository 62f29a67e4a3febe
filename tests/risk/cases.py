"""Small builders shared by the hotspot tests: a 1.5 km square commune, two villages, point records."""

from __future__ import annotations

import geopandas as gpd

from tests.conftest import UTM, X0, Y0, square

COMMUNE = gpd.GeoDataFrame({"ten_xa": ["x"]}, geometry=[square(0, 0, 1500, 1500)], crs=UTM)
VILLAGES = gpd.GeoDataFrame(
    {"village_id": ["V1", "V2"], "name": ["Thôn Tây", "Thôn Đông"]},
    geometry=[square(0, 0, 750, 1500), square(750, 0, 750, 1500)],
    crs=UTM,
)


def incidents(
    xy: list[tuple[float, float]], days: list[str], sources: list[str] | None = None
) -> gpd.GeoDataFrame:
    """Records with a point of their own at (X0 + x, Y0 + y), on ``days``, from ``sources``."""
    return gpd.GeoDataFrame(
        {
            "date": days,
            "source": sources or ["citizen"] * len(xy),
            "location": ["point"] * len(xy),
            "village": [""] * len(xy),
        },
        geometry=gpd.points_from_xy([X0 + x for x, _ in xy], [Y0 + y for _, y in xy]),
        crs=UTM,
    )
