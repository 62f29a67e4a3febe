"""VN-2000 / TM-3, the projections of Vietnamese cadastral and district maps, and which one a file is in.

Each province draws its maps in VN-2000 on a transverse Mercator of scale 0.9999 (TM-3, 3° wide)
around its own central meridian, fixed by Decision 05/2007/QĐ-BTNMT in steps of 15′ (105°00′ Ninh
Bình, 105°45′ Cao Bằng, 106°00′ Quảng Trị…). A Shapefile often arrives without its ``.prj``: its
coordinates, metres east and north, fit only the meridian they were drawn on, since moving the
meridian by 15′ moves a point about 27 km. :func:`fitting_vn2000` tries every meridian and returns
those that put the file's features in the commune, to be proposed to the user (never applied
silently). The EPSG code is used where EPSG has one (9205–9218, 5896–5899); the others are built
from VN-2000 (EPSG:4756) and the same conversion.
"""

from __future__ import annotations

from functools import cache

import geopandas as gpd
import numpy as np
from pyproj import CRS
from pyproj.crs import ProjectedCRS
from pyproj.crs.coordinate_operation import TransverseMercatorConversion
from pyproj.database import query_crs_info
from pyproj.enums import PJType

#: Central meridians of Decision 05/2007 lie between these, in steps of 15′ (degrees).
MERIDIANS = tuple(np.round(np.arange(102.0, 109.0 + 1e-9, 0.25), 2))
#: A proposal needs this share of the features to lie in the commune (with :data:`MARGIN_M`).
FIT_SHARE = 0.8
#: How far beyond the commune a feature may lie and still fit (a district file reaches past it).
MARGIN_M = 5_000.0


def tm3_crs(meridian: float) -> CRS:
    """Return VN-2000 / TM-3 on ``meridian`` (degrees): its EPSG CRS when there is one."""
    return _epsg_tm3().get(round(meridian, 2)) or _built_tm3(meridian)


def meridian_label(meridian: float) -> str:
    """Write a meridian as Decision 05/2007 does: ``106°00′``."""
    degrees, minutes = divmod(round(meridian * 60), 60)
    return f"{degrees}°{minutes:02d}′"


def fitting_vn2000(xy: np.ndarray, commune: gpd.GeoDataFrame) -> list[CRS]:
    """Return the VN-2000 projections on which the points ``xy`` (metres) lie in the commune, best first.

    The candidates are TM-3 on every meridian of :data:`MERIDIANS` and UTM zones 48N and 49N
    (EPSG:3405, 3406), which differ from TM-3 on 105° and 111° only by scale (about 600 m
    here): a file may fit both, and then both are returned.

    Parameters
    ----------
    xy
        ``(n, 2)`` coordinates of a file without a CRS: easting, northing.
    commune
        The commune's boundary, in any CRS.

    Returns
    -------
    list of pyproj.CRS
        Those on which at least :data:`FIT_SHARE` of the points lie within :data:`MARGIN_M` of
        the commune, the one with most points inside the commune itself first; empty when the
        coordinates are no such metres.

    """
    if len(xy) == 0 or not _look_like_vn_metres(xy):
        return []
    metric = commune.estimate_utm_crs()
    inside = commune.to_crs(metric).geometry.union_all()
    near = inside.buffer(MARGIN_M)
    scored = []
    for crs in [*(tm3_crs(m) for m in MERIDIANS), CRS.from_epsg(3405), CRS.from_epsg(3406)]:
        points = gpd.GeoSeries(gpd.points_from_xy(xy[:, 0], xy[:, 1]), crs=crs).to_crs(metric)
        if float(points.within(near).mean()) >= FIT_SHARE:
            scored.append((float(points.within(inside).mean()), crs))
    return [crs for _, crs in sorted(scored, key=lambda pair: -pair[0])]


def _look_like_vn_metres(xy: np.ndarray) -> bool:
    """Tell whether points look like TM-3 or UTM metres in Vietnam.

    Eastings within 500 km of the false easting, northings of Vietnam's latitudes (8°–24° N).
    """
    finite = np.isfinite(xy).all(axis=1)
    if not finite.any():
        return False
    east, north = xy[finite, 0], xy[finite, 1]
    return bool(((east > 0) & (east < 1_000_000)).all() and ((north > 800_000) & (north < 2_700_000)).all())


@cache
def _epsg_tm3() -> dict[float, CRS]:
    found = {}
    for info in query_crs_info(auth_name="EPSG", pj_types=PJType.PROJECTED_CRS):
        if info.name.startswith("VN-2000 / TM-3"):
            crs = CRS.from_epsg(int(info.code))
            operation = crs.coordinate_operation
            if operation is None:
                continue
            meridian = next(p.value for p in operation.params if p.name == "Longitude of natural origin")
            found[round(float(meridian), 2)] = crs
    return found


def _built_tm3(meridian: float) -> CRS:
    conversion = TransverseMercatorConversion(
        latitude_natural_origin=0.0,
        longitude_natural_origin=float(meridian),
        false_easting=500_000.0,
        false_northing=0.0,
        scale_factor_natural_origin=0.9999,
    )
    return ProjectedCRS(
        conversion=conversion,
        geodetic_crs=CRS.from_epsg(4756),
        name=f"VN-2000 / TM-3 {meridian_label(meridian)}",
    )
