"""The app's three maps, assembled from a workspace's layers (those it has)."""

from __future__ import annotations

import folium
import geopandas as gpd

from patrol_map.i18n import tr
from patrol_map.maps import layers
from patrol_map.workspace import Workspace


def _start(ws: Workspace) -> tuple[folium.Map, gpd.GeoDataFrame]:
    commune = ws.read("commune")
    return layers.base_map(commune), commune


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


def hotspot_map(ws: Workspace, density: gpd.GeoDataFrame, lang: str) -> folium.Map:
    """Return the hotspot map: villages, incident heat and the commune."""
    fmap, commune = _start(ws)
    if ws.has("villages"):
        layers.add_villages(fmap, ws.read("villages"), tr("layer_villages", lang))
    layers.add_heat(fmap, density, tr("layer_heat", lang))
    layers.add_commune(fmap, commune, tr("layer_commune", lang))
    layers.add_legend(fmap, [(layers.HEAT_GRADIENT, tr("legend_heat", lang))])
    layers.add_layer_control(fmap)
    return fmap


def plan_map(ws: Workspace, patrols: gpd.GeoDataFrame, lang: str) -> folium.Map:
    """Return the plan map: roads, the commune, the circuits and the bases."""
    fmap, commune = _start(ws)
    layers.add_roads(fmap, ws.read("roads"), tr("layer_roads", lang))
    layers.add_commune(fmap, commune, tr("layer_commune", lang))
    layers.add_patrols(fmap, patrols, tr("layer_patrols", lang), lang=lang)
    layers.add_bases(fmap, ws.read("places"), tr("layer_base", lang))
    teams = layers.team_entries(patrols, tr("col_team", lang))
    layers.add_legend(fmap, [(layers.BASE_COLOUR, tr("layer_base", lang)), *teams])
    layers.add_layer_control(fmap)
    return fmap
