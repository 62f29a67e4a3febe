"""Two years of synthetic incidents with realistic patterns in time and space.

Daily counts per category are Poisson, modulated by weekends, Tết, the two rice harvests
and the rainy season. Times of day follow each category's typical hours; about one record
in ten has no time, as in real logs where the hour is unknown, and half of those give the part
of the day instead. Locations are drawn from a mixture around a few "complicated" villages, the
markets, the main roads and all settlements, plus a uniform background; one further, quiet
village sees incidents rise over the last six months. Most records are citizens' reports; those
found by patrols lie mostly where patrols go, at the markets and along the main roads, so the
feedback loop of :mod:`patrol_map.risk.feedback` shows in the data.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from scipy.spatial.distance import cdist
from shapely.geometry.base import BaseGeometry

from patrol_map.model import part_of_day
from patrol_map.sample.geometry import DECIMALS, Projection
from patrol_map.sample.mainroads import MainRoads

#: First and last day of the incident log.
FIRST_DAY, LAST_DAY = np.datetime64("2024-11-23"), np.datetime64("2026-11-22")
#: Lunar New Year days inside the log.
TET = (np.datetime64("2025-01-29"), np.datetime64("2026-02-17"))
#: Days over which the rising village's extra incidents build up, ending on LAST_DAY.
RISE_DAYS = 183
#: Daily rate of the rising village's extra incidents on the last day (0 before the rise).
RISE_PEAK = 0.4
#: The rising village is a quiet one: its centre is this far (metres) from every market
#: (or, where no village is, among the farther half from the markets).
_QUIET_DISTANCE = 2_000.0
#: Share of records that carry only a village name.
VILLAGE_ONLY_SHARE = 0.3
#: Share of records whose time of day is unknown (``time`` empty).
UNKNOWN_TIME_SHARE = 0.1
#: Share of those that still give the part of the day (``part_of_day``).
KNOWN_PART_SHARE = 0.5
#: Mixture components of incident locations.
COMPONENTS = ("hotspot", "market", "road", "settlement", "uniform")
#: Standard deviation (metres) of the Gaussian around each kind of anchor.
_SPREAD = {"hotspot": 300.0, "market": 200.0, "road": 150.0, "settlement": 400.0}
#: Chance that a record was found by a patrol, by the mixture component of its location: patrols
#: ride the main roads and stop at the markets.
_PATROL_FOUND = {"hotspot": 0.10, "market": 0.40, "road": 0.40, "settlement": 0.04, "uniform": 0.03}
#: Chance that another agency passed the record on (traffic police, the health station): traffic
#: accidents more often than the rest.
_AGENCY = {"traffic": 0.15}
_AGENCY_OTHERS = 0.04


@dataclass(frozen=True)
class _Category:
    """How one category behaves.

    ``per_year`` is the mean yearly count; ``tet``, ``harvest`` and ``weekend`` the extra
    rate (as a share of the base) at the height of Tết, of a harvest and on weekends;
    ``hours`` spans of (first hour, hour after the last, weight), wrapping past midnight;
    ``mixture`` the weights of the :data:`COMPONENTS` of its locations.
    """

    per_year: float
    tet: float
    harvest: float
    weekend: float
    hours: tuple[tuple[int, int, float], ...]
    mixture: tuple[float, float, float, float, float]

    def hour_shares(self, background: float = 0.2) -> np.ndarray:
        """Probability of each hour: a background weight plus the weights of the spans covering it."""
        hours = np.arange(24)
        weights = np.full(24, background)
        for first, stop, weight in self.hours:
            inside = (hours >= first) & (hours < stop) if first < stop else (hours >= first) | (hours < stop)
            weights[inside] += weight
        return weights / weights.sum()


# fmt: off
_CATEGORIES: dict[str, _Category] = {
    # Theft, break-ins (trộm đột nhập) included: evening, and above all the small hours.
    "theft": _Category(110, 0.6, 0.4, 0.1, ((17, 23, 3.0), (23, 4, 4.0), (6, 17, 0.8)),
                       (0.32, 0.20, 0.03, 0.25, 0.20)),
    # Snatching on the roads and at the markets, at dusk and in the early market hours.
    "robbery": _Category(10, 0.8, 0.2, 0.2, ((18, 22, 4.0), (5, 7, 1.5), (11, 13, 1.0)),
                         (0.15, 0.40, 0.35, 0.05, 0.05)),
    "fight": _Category(38, 1.0, 0.3, 0.8, ((19, 23, 6.0), (16, 19, 1.5), (23, 1, 2.0)),
                       (0.40, 0.30, 0.0, 0.10, 0.20)),
    "gambling": _Category(33, 2.0, 0.2, 0.4, ((19, 24, 4.0), (0, 3, 3.0), (13, 18, 1.0)),
                          (0.60, 0.10, 0.0, 0.10, 0.20)),
    "drugs": _Category(24, 0.3, 0.0, 0.2, ((19, 24, 4.0), (0, 3, 3.0), (16, 19, 1.0)),
                       (0.50, 0.0, 0.20, 0.10, 0.20)),
    "public_order": _Category(45, 1.0, 0.2, 0.7, ((19, 23, 6.0), (23, 1, 2.0), (14, 19, 1.0)),
                              (0.35, 0.35, 0.0, 0.10, 0.20)),
    "traffic": _Category(65, 0.8, 0.3, 0.3,
                         ((6, 8, 3.0), (11, 13, 2.0), (16, 19, 4.0), (19, 22, 2.0), (8, 16, 1.0)),
                         (0.0, 0.10, 0.80, 0.0, 0.10)),
    # Everything else (fraud, illegal sand mining, fireworks...): daytime and evening, anywhere.
    "other": _Category(15, 0.3, 0.2, 0.1, ((7, 17, 1.0), (19, 23, 1.0)),
                       (0.20, 0.10, 0.10, 0.30, 0.30)),
}
# fmt: on
#: Categories of the extra incidents in the rising village, with their shares.
_RISING = {"theft": 0.35, "drugs": 0.25, "gambling": 0.2, "fight": 0.2}


def build_incidents(
    villages: gpd.GeoDataFrame,
    boundary_m: BaseGeometry,
    boundary_ll: BaseGeometry,
    settlements: np.ndarray,
    markets: np.ndarray,
    main: MainRoads,
    projection: Projection,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Draw the incident log.

    Parameters
    ----------
    villages
        Village layer (EPSG:4326) in settlement order.
    boundary_m
        Commune polygon in metres.
    boundary_ll
        Commune polygon in lon/lat; every located incident lies inside it.
    settlements
        Settlement centres in metres, in village order.
    markets
        Market locations in metres, array ``(m, 2)``.
    main
        The main roads, in metres.
    projection
        Metric CRS of the inputs in metres.
    rng
        Random generator.

    Returns
    -------
    pandas.DataFrame
        Columns ``incident_id, date, time, part_of_day, category, source, village, lon, lat,
        is_synthetic``, all strings as written; ``lon``/``lat`` empty for village-only records,
        ``time`` empty for records whose time is unknown, ``part_of_day`` given only for some of
        those (the others' part follows from their time), ``source`` ``citizen``, ``patrol`` or
        ``agency``.

    """
    hotspots = rng.choice(len(settlements), int(rng.integers(3, 5)), replace=False)
    others = np.setdiff1d(np.arange(len(settlements)), hotspots)
    from_market = cdist(settlements[others], markets).min(axis=1)
    quiet = others[from_market > _QUIET_DISTANCE]
    if quiet.size == 0:  # a small commune: the villages farthest from the markets
        quiet = others[from_market >= np.median(from_market)]
    rising = rng.choice(quiet)
    days, categories = _daily_draws(rng)
    extra_days, extra_categories = _rising_draws(rng)
    components = np.array(
        [rng.choice(len(COMPONENTS), p=_CATEGORIES[c].mixture) for c in categories]
        + [COMPONENTS.index("hotspot")] * len(extra_days)
    )
    anchors = {
        "hotspot": settlements[hotspots],
        "market": markets,
        "settlement": settlements,
    }
    centres = np.concatenate(
        [
            _anchor_points(components[: len(days)], anchors, main, rng),
            np.repeat(settlements[[rising]], len(extra_days), axis=0),
        ]
    )
    all_categories = np.concatenate([categories, extra_categories])
    lonlat, village = _locate(centres, components, villages, boundary_m, boundary_ll, projection, rng)
    located = rng.random(len(centres)) >= VILLAGE_ONLY_SHARE
    frame = pd.DataFrame(
        {
            "date": np.concatenate([days, extra_days]).astype(str),
            "time": [_time_of_day(c, rng) for c in all_categories],
            "category": all_categories,
            "village": villages["name"].to_numpy()[village],
            "lon": np.where(located, [f"{x:.{DECIMALS}f}" for x in lonlat[:, 0]], ""),
            "lat": np.where(located, [f"{y:.{DECIMALS}f}" for y in lonlat[:, 1]], ""),
            "is_synthetic": "true",
        }
    ).sort_values(["date", "time", "category", "village"], kind="stable")
    frame.insert(0, "incident_id", [f"VV{i:04d}" for i in range(1, len(frame) + 1)])
    kinds = np.array(COMPONENTS)[components[frame.index.to_numpy()]]
    frame.insert(4, "source", _sources(frame["category"], kinds, rng))
    frame = frame.reset_index(drop=True)
    # Drawn last and after numbering, so every other value and the order stay as without them.
    unknown = rng.random(len(frame)) < UNKNOWN_TIME_SHARE
    part_known = unknown & (rng.random(len(frame)) < KNOWN_PART_SHARE)
    frame.insert(3, "part_of_day", np.where(part_known, frame["time"].map(part_of_day), ""))
    frame.loc[unknown, "time"] = ""
    return frame


def _sources(categories: pd.Series, components: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Draw who recorded each incident: a patrol, another agency or a citizen.

    ``components`` names the mixture component of each record's location: patrols find most at the
    markets and on the main roads.
    """
    patrol = np.array([_PATROL_FOUND[c] for c in components])
    agency = categories.map(_AGENCY).fillna(_AGENCY_OTHERS).to_numpy()
    draw = rng.random(len(categories))
    return np.where(draw < patrol, "patrol", np.where(draw < patrol + agency, "agency", "citizen"))


def _daily_draws(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Poisson counts per day and category; returns one (day, category) per incident."""
    days = np.arange(FIRST_DAY, LAST_DAY + 1)
    offsets = (days - np.datetime64("1970-01-01")).astype(int)
    weekend = ((offsets + 3) % 7 >= 5).astype(float)
    month = days.astype("datetime64[M]").astype(int) % 12 + 1
    rainy = np.where(np.isin(month, (10, 11)), 0.65, 1.0)
    tet = sum(_bump(days, day - 3, 8.0) for day in TET)
    harvest = sum(
        _bump(days, np.datetime64(f"{year}-{peak}"), width)
        for year in (2025, 2026)
        for peak, width in (("05-25", 12.0), ("08-28", 10.0))
    )
    names = list(_CATEGORIES)
    rates = np.empty((len(days), len(names)))
    for column, name in enumerate(names):
        spec = _CATEGORIES[name]
        factor = (1 + spec.tet * tet + spec.harvest * harvest) * rainy * (1 + spec.weekend * weekend)
        rates[:, column] = spec.per_year / 365.25 * factor / factor.mean()
    counts = rng.poisson(rates)
    day_index, category_index = np.nonzero(counts)
    repeats = counts[day_index, category_index]
    return np.repeat(days[day_index], repeats), np.repeat(np.array(names)[category_index], repeats)


def _rising_draws(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Extra incidents in the rising village, their daily rate growing linearly to RISE_PEAK."""
    days = np.arange(LAST_DAY - RISE_DAYS + 1, LAST_DAY + 1)
    counts = rng.poisson(RISE_PEAK * np.arange(1, RISE_DAYS + 1) / RISE_DAYS)
    categories = rng.choice(list(_RISING), counts.sum(), p=list(_RISING.values()))
    return np.repeat(days, counts), categories


def _bump(days: np.ndarray, centre: np.datetime64, width: float) -> np.ndarray:
    """Gaussian bump of height 1 over ``days`` around ``centre``, ``width`` days wide."""
    return np.exp(-0.5 * ((days - centre).astype(float) / width) ** 2)


def _anchor_points(
    components: np.ndarray, anchors: dict[str, np.ndarray], main: MainRoads, rng: np.random.Generator
) -> np.ndarray:
    """Centre of each incident's Gaussian: an anchor of its mixture component (NaN if uniform)."""
    centres = np.full((len(components), 2), np.nan)
    for index, component in enumerate(COMPONENTS):
        rows = np.flatnonzero(components == index)
        if component == "road":
            along = rng.uniform(0.0, main.national.length + main.provincial.length, len(rows))
            on_national = along < main.national.length
            points = shapely.line_interpolate_point(
                np.where(on_national, main.national, main.provincial),
                np.where(on_national, along, along - main.national.length),
            )
            centres[rows] = shapely.get_coordinates(points)
        elif component in anchors:
            choices = anchors[component]
            centres[rows] = choices[rng.integers(len(choices), size=len(rows))]
    return centres


def _locate(
    centres: np.ndarray,
    components: np.ndarray,
    villages: gpd.GeoDataFrame,
    boundary_m: BaseGeometry,
    boundary_ll: BaseGeometry,
    projection: Projection,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Draw each incident's point, redrawing until it falls inside exactly one village.

    Returns the rounded lon/lat of each point and the index of the village holding it.
    """
    spread = np.array([_SPREAD.get(component, 0.0) for component in COMPONENTS])[components]
    minx, miny, maxx, maxy = boundary_m.bounds
    lonlat = np.empty((len(centres), 2))
    village = np.empty(len(centres), dtype=int)
    pending = np.arange(len(centres))
    while pending.size:
        xy = centres[pending] + rng.normal(size=(pending.size, 2)) * spread[pending, None]
        uniform = np.isnan(xy[:, 0])
        xy[uniform] = rng.uniform((minx, miny), (maxx, maxy), size=(int(uniform.sum()), 2))
        candidate = projection.to_lonlat(xy)
        lon, lat = candidate[:, 0], candidate[:, 1]
        hits = np.array([shapely.contains_xy(polygon, lon, lat) for polygon in villages.geometry])
        ok = shapely.contains_xy(boundary_ll, lon, lat) & (hits.sum(axis=0) == 1)
        lonlat[pending[ok]] = candidate[ok]
        village[pending[ok]] = hits[:, ok].argmax(axis=0)
        pending = pending[~ok]
    return lonlat, village


def _time_of_day(category: str, rng: np.random.Generator) -> str:
    """Draw an ``HH:MM`` time from the category's typical hours."""
    hour = rng.choice(24, p=_CATEGORIES[category].hour_shares())
    return f"{hour:02d}:{int(rng.integers(60)):02d}"
