"""Folium maps whose scripts and styles come from this machine, never from a CDN.

Streamlit serves the repository's ``static/`` folder at ``/app/static/`` (``server.
enableStaticServing`` in ``.streamlit/config.toml``). The map is drawn inside a component
iframe, so the asset URLs must be absolute paths: a relative path would resolve against the
component's own URL. No tile layer is added: boundaries and roads come from local data.
"""

from __future__ import annotations

import folium
from branca.element import Figure, MacroElement
from folium.plugins import HeatMap
from jinja2 import Template

#: URL path under which the vendored Leaflet files are served.
ASSET_ROOT = "/app/static/vendor"
LEAFLET_JS = [("leaflet", f"{ASSET_ROOT}/leaflet/leaflet.js")]
LEAFLET_CSS = [("leaflet_css", f"{ASSET_ROOT}/leaflet/leaflet.css")]
HEAT_JS = [("leaflet-heat.js", f"{ASSET_ROOT}/leaflet.heat/leaflet-heat.js")]
#: Map background where there are no tiles: a pale paper colour.
BACKGROUND = "#f4f1ea"


#: Labels on the map: village names (no box, a white halo) and numbered stops with their time.
LABEL_CSS = (
    ".village-label-box { background: none; border: none; }"
    ".village-label { text-align: center; white-space: nowrap; color: #3b3428; font: 600 12px sans-serif;"
    " text-shadow: 0 0 3px #fff, 0 0 3px #fff; pointer-events: none; }"
    ".stop-badge { background: none; border: none; }"
    ".stop-number { display: inline-block; min-width: 18px; height: 18px; border-radius: 9px; color: #fff;"
    " font: bold 11px/18px sans-serif; text-align: center; border: 1px solid #fff; }"
    ".stop-time { display: inline-block; margin-left: 2px; font: 11px sans-serif; color: #222;"
    " text-shadow: 0 0 2px #fff, 0 0 2px #fff; }"
)


#: A map shown to a room (a projector, people at the back): labels, stop numbers and the legend larger.
LARGE_PRINT_CSS = (
    ".village-label { font-size: 15px !important; }"
    ".stop-number { min-width: 24px !important; height: 24px !important; line-height: 24px !important;"
    " font-size: 14px !important; border-radius: 12px !important; }"
    ".stop-time { font-size: 14px !important; }"
    ".map-legend { font-size: 17px !important; line-height: 1.5; }"
)


def large_print(fmap: folium.Map) -> folium.Map:
    """Return ``fmap`` with its labels, stop numbers and legend made larger, for a room to read.

    Its zoom moves by quarter steps, so the commune fills a half-width frame rather than the
    whole step below.
    """
    fmap.options["zoomSnap"] = 0.25
    root = fmap.get_root()
    assert isinstance(root, Figure)  # a folium.Map's root is always its Figure
    root.header.add_child(folium.Element(f"<style>{LARGE_PRINT_CSS}</style>"))
    return fmap


def offline_map(bounds: tuple[float, float, float, float]) -> folium.Map:
    """Return an empty folium map, fitted to ``bounds`` (min lon, min lat, max lon, max lat).

    The map loads only Leaflet, from local files; it has no tile layer.
    """
    minx, miny, maxx, maxy = bounds
    fmap = folium.Map(
        location=[(miny + maxy) / 2, (minx + maxx) / 2],
        tiles=None,
        zoom_start=12,
        control_scale=False,
        prefer_canvas=False,
    )
    fmap.default_js = LEAFLET_JS
    fmap.default_css = LEAFLET_CSS
    root = fmap.get_root()
    assert isinstance(root, Figure)  # a folium.Map's root is always its Figure
    root.header.add_child(
        folium.Element(f"<style>.leaflet-container {{ background: {BACKGROUND}; }}{LABEL_CSS}</style>")
    )
    fmap.fit_bounds([[miny, minx], [maxy, maxx]])
    _Controls().add_to(fmap)
    return fmap


class _Controls(MacroElement):
    """A metric scale bar, and Leaflet credited in plain words (without the flag Leaflet 1.9 shows)."""

    _template = Template(
        """{% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.attributionControl.setPrefix("Leaflet");
        L.control.scale({imperial: false}).addTo({{ this._parent.get_name() }});
        {% endmacro %}"""
    )


def offline_heatmap(points: list[list[float]], **options: object) -> HeatMap:
    """Return a leaflet.heat layer (``[lat, lon, weight]`` points) that loads its script locally."""
    heat = HeatMap(points, **options)
    heat.default_js = HEAT_JS
    return heat
