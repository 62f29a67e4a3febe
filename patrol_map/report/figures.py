"""Printed maps and charts as SVG (vector graphics), drawn with matplotlib for the briefing's pages.

The app's maps are folium (:mod:`patrol_map.maps`); paper needs a still picture whose lines stay sharp
at any zoom, and a PDF engine reads SVG. Everything is drawn in the workspace's projected CRS (metres),
so distances on the page are true; text is turned into outlines, so no font is needed to show it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import geopandas as gpd
import matplotlib as mpl

mpl.use("Agg")  # no screen: draw to files only (before pyplot is imported)

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import patheffects
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from shapely import LineString

from patrol_map.i18n import tr

#: Roads by class: (line width in points, colour); the main roads dark, the lanes light.
ROAD_CLASSES = {
    "main": (("trunk", "primary", "secondary"), 1.6, "#5a5a5a"),
    "local": (("tertiary", "unclassified", "residential"), 0.8, "#8f8f8f"),
    "lane": ((), 0.4, "#c2c2c2"),
}
PLANNED, TRACKED, BOUNDARY = "#0072B2", "#009E73", "#222222"
#: Least margin around a circuit on its small map, metres.
CIRCUIT_MARGIN_M = 400.0
#: Cells from orange to dark red by their expected incidents: the least risky cell shown must still
#: stand out from the paper, so the palette's palest third is left out.
RISK_CMAP = LinearSegmentedColormap.from_list("risk", plt.get_cmap("OrRd")(np.linspace(0.4, 1.0, 64)))


@dataclass(frozen=True)
class MapLayers:
    """What a printed map shows, every layer in the workspace CRS; empty frames are left out."""

    commune: gpd.GeoDataFrame
    villages: gpd.GeoDataFrame
    roads: gpd.GeoDataFrame
    #: Grid cells with a ``risk`` column (the riskiest shaded darker).
    cells: gpd.GeoDataFrame
    #: Planned circuits (lines).
    circuits: gpd.GeoSeries
    #: Recorded tracks (lines).
    tracks: gpd.GeoSeries


def period_map(layers: MapLayers, lang: str = "vi", size_cm: tuple[float, float] = (18.0, 13.0)) -> bytes:
    """Draw the period's map: risk cells, villages with their names, roads by class, circuits and tracks.

    Parameters
    ----------
    layers
        The layers to draw.
    lang
        ``"vi"`` or ``"en"``: the legend's words.
    size_cm
        Width and height on the page.

    Returns
    -------
    bytes
        An SVG picture.

    """
    fig, ax = _figure(size_cm)
    _villages(ax, layers.villages)
    _roads(ax, layers.roads)
    if len(layers.circuits):
        layers.circuits.plot(ax=ax, color=PLANNED, linewidth=0.5, alpha=0.3)
    if len(layers.tracks):
        layers.tracks.plot(ax=ax, color=TRACKED, linewidth=0.6, alpha=0.5)
    if len(layers.cells):  # above the lines: the risk is what the map is read for
        layers.cells.plot(ax=ax, column="risk", cmap=RISK_CMAP, linewidth=0, alpha=0.85)
    layers.commune.boundary.plot(ax=ax, color=BOUNDARY, linewidth=1.2)
    _village_names(ax, layers.villages, 6.5)
    handles = [
        Patch(color=RISK_CMAP(0.7), label=tr("print_risk_cells", lang)),
        *[
            Line2D([], [], color=c, linewidth=w, label=tr(f"print_road_{k}", lang))
            for k, (_, w, c) in ROAD_CLASSES.items()
        ],
        Line2D([], [], color=PLANNED, linewidth=1.2, label=tr("print_planned", lang)),
        Line2D([], [], color=TRACKED, linewidth=1.2, label=tr("print_tracked", lang)),
    ]
    fig.subplots_adjust(bottom=0.12)  # the legend goes under the map, covering none of it
    fig.legend(handles=handles, loc="lower center", ncol=3, fontsize=6.5, frameon=False)
    return _svg(fig)


def circuit_map(
    layers: MapLayers,
    route: LineString,
    stops: list[tuple[float, float]],
    size_cm: tuple[float, float] = (9.0, 8.0),
) -> bytes:
    """Draw one patrol's circuit on a small map: the route, its stops numbered in visiting order.

    Parameters
    ----------
    layers
        The commune, villages and roads under it (``cells``, ``circuits`` and ``tracks`` are not drawn).
    route
        The circuit (a shapely line in the workspace CRS).
    stops
        The stops' road points, in visiting order.
    size_cm
        Width and height on the page.

    Returns
    -------
    bytes
        An SVG picture.

    """
    fig, ax = _figure(size_cm)
    # Zoomed on the circuit: only what lies around it is drawn (the page is small, and drawing the
    # whole network for every order would take most of the time).
    x0, y0, x1, y1 = route.bounds
    margin = max(CIRCUIT_MARGIN_M, 0.12 * max(x1 - x0, y1 - y0))
    x0, y0, x1, y1 = x0 - margin, y0 - margin, x1 + margin, y1 + margin
    nearby = layers.villages.cx[x0:x1, y0:y1]
    _villages(ax, nearby)
    _roads(ax, layers.roads.cx[x0:x1, y0:y1])
    layers.commune.boundary.plot(ax=ax, color=BOUNDARY, linewidth=1.0)
    gpd.GeoSeries([route], crs=layers.commune.crs).plot(ax=ax, color=PLANNED, linewidth=1.6)
    _village_names(ax, nearby, 6)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    for number, (x, y) in enumerate(stops, start=1):
        ax.annotate(
            str(number),
            (x, y),
            fontsize=6,
            ha="center",
            va="center",
            color="white",
            fontweight="bold",
            bbox={
                "boxstyle": "circle,pad=0.25",
                "facecolor": PLANNED,
                "edgecolor": "white",
                "linewidth": 0.5,
            },
        )
    return _svg(fig)


def bar_chart(table: pd.DataFrame, size_cm: tuple[float, float] = (17.0, 5.5)) -> bytes:
    """Draw a grouped bar chart: one group per row of ``table`` (its index), one bar per column."""
    fig, ax = plt.subplots(figsize=(size_cm[0] / 2.54, size_cm[1] / 2.54))
    table.plot.bar(ax=ax, rot=0, width=0.75, color=[PLANNED, TRACKED, "#D55E00", "#CC79A7"][: table.shape[1]])
    ax.set_xlabel("")
    ax.tick_params(labelsize=7)
    ax.legend(fontsize=7, frameon=False)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.tight_layout()
    return _svg(fig)


def _figure(size_cm: tuple[float, float]) -> tuple[plt.Figure, plt.Axes]:
    fig, ax = plt.subplots(figsize=(size_cm[0] / 2.54, size_cm[1] / 2.54))
    ax.set_axis_off()
    ax.set_aspect("equal")
    fig.subplots_adjust(0.01, 0.01, 0.99, 0.99)
    return fig, ax


def _villages(ax: plt.Axes, villages: gpd.GeoDataFrame) -> None:
    if len(villages):
        villages.boundary.plot(ax=ax, color="#b0b0b0", linewidth=0.4, linestyle="--")


def _village_names(ax: plt.Axes, villages: gpd.GeoDataFrame, label_size: float) -> None:
    """Write each village's name at a point inside it, on a light halo so lines under it do not hide it."""
    halo = [patheffects.withStroke(linewidth=2, foreground="white")]
    for name, point in zip(villages["name"], villages.representative_point(), strict=True):
        ax.annotate(
            str(name),
            (point.x, point.y),
            fontsize=label_size,
            ha="center",
            color="#222222",
            path_effects=halo,
        )


def _roads(ax: plt.Axes, roads: gpd.GeoDataFrame) -> None:
    named = {h for classes, _, _ in ROAD_CLASSES.values() for h in classes}
    for classes, width, colour in reversed(ROAD_CLASSES.values()):
        chosen = roads[roads["highway"].isin(classes) if classes else ~roads["highway"].isin(named)]
        if len(chosen):
            chosen.plot(ax=ax, color=colour, linewidth=width)


def _svg(fig: plt.Figure) -> bytes:
    out = io.BytesIO()
    with mpl.rc_context({"svg.fonttype": "path", "svg.hashsalt": "patrol-map"}):
        fig.savefig(out, format="svg", metadata={"Date": None})
    plt.close(fig)
    return out.getvalue()
