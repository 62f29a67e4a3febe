"""The app's maps, assembled from a workspace's layers (those it has)."""

from __future__ import annotations

import folium
import geopandas as gpd

from patrol_map.commune_settings import read_settings
from patrol_map.coverage.compare import STOP_STATES
from patrol_map.coverage.hotspots import COVERAGE_CLASSES
from patrol_map.i18n import tr
from patrol_map.maps import layers
from patrol_map.maps.basemap import local_basemap
from patrol_map.risk.getis import GI_CELL_M
from patrol_map.workspace import Workspace


def _start(ws: Workspace) -> tuple[folium.Map, gpd.GeoDataFrame]:
    """Return a map fitted to the commune, over the local basemap when one is chosen, and the commune."""
    commune = ws.read("commune")
    fmap = layers.base_map(commune)
    basemap = local_basemap(read_settings(ws).basemap_file())
    if basemap is not None:
        layers.add_basemap(fmap, basemap.url, basemap.tiles.min_zoom, basemap.tiles.max_zoom)
    return fmap, commune


def overview_map(
    ws: Workspace, density: gpd.GeoDataFrame, patrols: gpd.GeoDataFrame | None, lang: str
) -> folium.Map:
    """Return the overview map: villages, roads, incident heat, the commune, patrols and the bases.

    Parameters
    ----------
    ws
        The workspace; layers it lacks are left out.
    density
        A grid from :func:`patrol_map.risk.kde.kde_grid`.
    patrols
        The circuits to draw, or ``None``.
    lang
        ``"vi"`` or ``"en"`` for the layer names.

    Returns
    -------
    folium.Map

    """
    fmap, commune = _start(ws)
    if ws.has("villages"):
        layers.add_villages(fmap, ws.read("villages"), tr("layer_villages", lang))
    if ws.has("roads"):
        layers.add_roads(fmap, ws.read("roads"), tr("layer_roads", lang))
    layers.add_heat(fmap, density, tr("layer_heat", lang))
    layers.add_commune(fmap, commune, tr("layer_commune", lang))
    if patrols is not None:
        layers.add_patrols(fmap, patrols, tr("layer_patrols", lang), lang=lang)
    if ws.has("places"):
        layers.add_bases(fmap, ws.read("places"), tr("layer_base", lang))
    teams = layers.team_entries(patrols, tr("col_team", lang)) if patrols is not None else []
    layers.add_legend(fmap, [*_common_entries(lang), *teams])
    layers.add_layer_control(fmap)
    return fmap


def _common_entries(lang: str) -> list[tuple[str, str]]:
    return [(layers.BASE_COLOUR, tr("layer_base", lang)), (layers.HEAT_GRADIENT, tr("legend_heat", lang))]


def hotspot_map(
    ws: Workspace,
    density: gpd.GeoDataFrame,
    lang: str,
    *,
    cells: gpd.GeoDataFrame | None = None,
    villages: gpd.GeoDataFrame | None = None,
    forecast: gpd.GeoDataFrame | None = None,
    forecast_percent: int = 5,
) -> folium.Map:
    """Return the hotspot map: villages, incident heat, Gi* hot and cold spots, the forecast, the commune.

    Parameters
    ----------
    ws
        The workspace; layers it lacks are left out.
    density
        A grid with ``density`` per cell (:func:`patrol_map.risk.kde.kde_grid`).
    lang
        ``"vi"`` or ``"en"`` for the layer names, legend and tooltips.
    cells
        :func:`patrol_map.risk.getis.cell_hotspots`: its significant cells are drawn as a layer.
    villages
        :func:`patrol_map.risk.getis.village_hotspots`: villages filled by their class (else the
        workspace's villages, plain).
    forecast
        The forecast's riskiest cells (``expected``), outlined as areas.
    forecast_percent
        The share of the commune's cells those are, percent (named in the layer control).

    Returns
    -------
    folium.Map

    """
    fmap, commune = _start(ws)
    if villages is not None:
        layers.add_village_hotspots(fmap, villages, tr("layer_gi_villages", lang), lang)
    elif ws.has("villages"):
        layers.add_villages(fmap, ws.read("villages"), tr("layer_villages", lang))
    layers.add_heat(fmap, density, tr("layer_heat", lang))
    entries = [(layers.HEAT_GRADIENT, tr("legend_heat", lang))]
    if cells is not None:
        side = round(cells.geometry.area.iloc[0] ** 0.5) if len(cells) else round(GI_CELL_M)
        layers.add_hotspot_cells(fmap, cells, tr("layer_gi_cells", lang, size=side), lang)
    if cells is not None or villages is not None:
        entries += layers.hotspot_entries(lang)
    if forecast is not None:
        label = tr("layer_forecast", lang, percent=forecast_percent)
        layers.add_forecast_area(fmap, forecast, label, lang)
        entries.append((layers.FORECAST_COLOUR, label))
    layers.add_commune(fmap, commune, tr("layer_commune", lang))
    layers.add_legend(fmap, entries)
    layers.add_layer_control(fmap)
    return fmap


#: Stops are numbered on the plan map when it shows at most this many patrols (a day of two teams in
#: three shifts); a whole week's 600 numbers would hide the map.
NUMBERED_PATROLS = 6


def plan_map(ws: Workspace, patrols: gpd.GeoDataFrame | None, lang: str) -> folium.Map:
    """Return the plan map: villages named, roads by class, the commune, the circuits, their stops, the bases.

    The stops are numbered in visiting order with their planned time when few patrols are shown
    (:data:`NUMBERED_PATROLS`). Without patrols (a week not planned yet) the commune is drawn alone.
    """
    fmap, commune = _start(ws)
    if ws.has("villages"):
        layers.add_villages(fmap, ws.read("villages"), tr("layer_villages", lang))
    layers.add_roads(fmap, ws.read("roads"), tr("layer_roads", lang))
    layers.add_commune(fmap, commune, tr("layer_commune", lang))
    teams = []
    if patrols is not None:
        layers.add_patrols(fmap, patrols, tr("layer_patrols", lang), lang=lang)
        if len(patrols) <= NUMBERED_PATROLS:
            layers.add_stop_numbers(fmap, patrols, tr("layer_stop_numbers", lang), ws.crs, lang)
        teams = layers.team_entries(patrols, tr("col_team", lang))
    layers.add_bases(fmap, ws.read("places"), tr("layer_base", lang))
    layers.add_legend(
        fmap, [(layers.BASE_COLOUR, tr("layer_base", lang)), *teams, *layers.road_entries(lang)]
    )
    layers.add_layer_control(fmap)
    return fmap


def import_preview_map(ws: Workspace, features: gpd.GeoDataFrame, label: str, lang: str) -> folium.Map:
    """Return a map of what an import would store, over the commune's boundary and villages.

    Parameters
    ----------
    ws
        The workspace (its boundary, and its villages when it has them).
    features
        The layer the import would store (:attr:`patrol_map.import_report.ImportReport.preview`).
    label
        The layer's name in the layer control and the legend.
    lang
        ``"vi"`` or ``"en"`` for the other layers' names.

    Returns
    -------
    folium.Map

    """
    fmap, commune = _start(ws)
    if ws.has("villages"):
        layers.add_villages(fmap, ws.read("villages"), tr("layer_villages", lang))
    layers.add_commune(fmap, commune, tr("layer_commune", lang))
    layers.add_features(fmap, features, label)
    layers.add_legend(fmap, [(layers.IMPORT_COLOUR, label)])
    layers.add_layer_control(fmap)
    return fmap


def coverage_map(
    ws: Workspace,
    patrols: gpd.GeoDataFrame,
    tracks: gpd.GeoDataFrame,
    stops: gpd.GeoDataFrame,
    cells: gpd.GeoDataFrame,
    lang: str,
) -> folium.Map:
    """Return the coverage map: villages, risky cells by their patrols, circuits, tracks, stop states.

    Parameters
    ----------
    ws
        The workspace (roads, commune, places).
    patrols
        The planned patrols shown (their circuits).
    tracks
        Recorded paths (:func:`patrol_map.coverage.tracks.track_lines`).
    stops
        Planned stops with their state (:func:`patrol_map.coverage.week.stop_points`).
    cells
        The riskiest cells classed by the patrols they had
        (:func:`patrol_map.coverage.hotspots.hotspot_coverage`).
    lang
        ``"vi"`` or ``"en"``.

    Returns
    -------
    folium.Map

    """
    fmap, commune = _start(ws)
    keys = (*STOP_STATES, *COVERAGE_CLASSES, "risk", "patrols", "fair")
    words = {key: tr(f"coverage_{key}", lang) for key in keys}
    if ws.has("villages"):  # named, as on every map: the room finds a missed stop by its village
        layers.add_villages(fmap, ws.read("villages"), tr("layer_villages", lang))
    layers.add_roads(fmap, ws.read("roads"), tr("layer_roads", lang))
    layers.add_hotspot_coverage(fmap, cells, tr("layer_hotspot_coverage", lang), words)
    layers.add_commune(fmap, commune, tr("layer_commune", lang))
    layers.add_patrols(fmap, patrols, tr("layer_patrols", lang), lang=lang)
    layers.add_tracks(fmap, tracks, tr("layer_tracks", lang))
    layers.add_stop_states(fmap, stops, tr("layer_stop_states", lang), words)
    layers.add_bases(fmap, ws.read("places"), tr("layer_base", lang))
    dashes = "repeating-linear-gradient(90deg,#000 0 6px,transparent 6px 11px)"
    layers.add_legend(
        fmap,
        [
            *((layers.STOP_STATE_COLOURS[s], words[s]) for s in STOP_STATES),
            *((layers.COVERAGE_COLOURS[c], words[c]) for c in COVERAGE_CLASSES),
            (dashes, tr("layer_tracks", lang)),
        ],
    )
    layers.add_layer_control(fmap)
    return fmap


def province_map(
    communes: gpd.GeoDataFrame, shown: gpd.GeoDataFrame, hot_cells: gpd.GeoDataFrame, lang: str
) -> folium.Map:
    """Return the map of a province's communes on their 2025 boundaries, filled by incidents per km².

    ``communes`` and ``hot_cells`` are those of :class:`patrol_map.province.summary.ProvinceView`
    (the hot cells are drawn over the communes); ``shown`` is the communes' table as the page shows
    it (the same rows, columns named and values written in ``lang``).
    """
    fmap = layers.base_map(communes)
    fields = list(shown.columns.drop("geometry", errors="ignore"))
    drawn = gpd.GeoDataFrame(shown[fields].astype(str), geometry=communes.geometry, crs=communes.crs)
    drawn["incidents_per_km2"] = communes["incidents_per_km2"].to_numpy()
    layers.add_communes(fmap, drawn, tr("map_communes", lang), fields, [f"{name}:" for name in fields])
    layers.add_hotspot_cells(fmap, hot_cells, tr("map_province_hot_cells", lang), lang)
    bounds = [bound for bound, _ in layers.DENSITY_CLASSES[:-1]]
    entries = [
        (colour, tr("map_density_class", lang, low=low, high=high))
        for (high, colour), low in zip(layers.DENSITY_CLASSES[:-1], [0.0, *bounds[:-1]], strict=True)
    ]
    entries.append((layers.DENSITY_CLASSES[-1][1], tr("map_density_top", lang, low=bounds[-1])))
    entries.append((layers.NO_DATA_COLOUR, tr("map_density_none", lang)))
    entries += [(layers.HOTSPOT_COLOURS[key], layers.hotspot_name(key, lang)) for key in ("hot_99", "hot_95")]
    layers.add_legend(fmap, entries)
    layers.add_layer_control(fmap)
    return fmap
