"""Folium maps that carry Leaflet in their own HTML: nothing is fetched from a CDN, or at all.

Leaflet 1.9.4 and leaflet.heat 0.2.0 are vendored in ``static/vendor/`` (BSD-2-Clause) and written
into each map's page, scripts and style inline. Each map is its own HTML page in a frame
(``ui.common.show_map``); a page that fetched them by URL waited for them behind the dozens of
scripts Streamlit's own page loads on a fresh visit (six connections per server: on the sample's
hotspot page Leaflet came 1.1 s after the map's HTML; inline, the map draws as soon as its frame
is made). A map saved as a file is whole, too. Only the layer control's icon is an image, served
by Streamlit from ``static/`` at ``/app/static/`` (``server.enableStaticServing``); the paths must be
absolute, since the frame's own address is not the app's. No tile layer is added: boundaries and
roads come from local data.
"""

from __future__ import annotations

import functools
from importlib.resources import files

import folium
from branca.element import Element, Figure, MacroElement
from folium.plugins import HeatMap
from jinja2 import Template

#: URL path under which the vendored Leaflet files are served (the images its style names).
ASSET_ROOT = "/app/static/vendor"
VENDOR = files("patrol_map") / "static" / "vendor"
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
    fmap.default_js = []  # Leaflet is written into the page instead (the module's text says why)
    fmap.default_css = []
    root = fmap.get_root()
    assert isinstance(root, Figure)  # a folium.Map's root is always its Figure
    root.header.add_child(Element(_inline("leaflet/leaflet.js", "script")), name="leaflet")
    root.header.add_child(Element(_inline("leaflet/leaflet.css", "style")), name="leaflet_css")
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
    """Return a leaflet.heat layer (``[lat, lon, weight]`` points) whose script is written into the page."""
    return _InlineHeatMap(points, **options)


class _InlineHeatMap(HeatMap):
    """folium's HeatMap with leaflet.heat written into the page's head, after Leaflet."""

    def __init__(self, points: list[list[float]], **options: object) -> None:
        super().__init__(points, **options)
        self.default_js = []  # written inline by render, not linked

    def render(self, **kwargs: object) -> None:  # type: ignore[override]  # folium's returns None too
        root = self.get_root()
        assert isinstance(root, Figure)
        root.header.add_child(Element(_inline("leaflet.heat/leaflet-heat.js", "script")), name="leaflet_heat")
        super().render(**kwargs)


@functools.cache
def _inline(path: str, tag: str) -> str:
    """Return a vendored file as an inline ``<script>`` or ``<style>``, its images at their served address."""
    text = (VENDOR / path).read_text(encoding="utf-8")
    if tag == "style":
        folder = path.rsplit("/", 1)[0]
        text = text.replace("url(images/", f"url({ASSET_ROOT}/{folder}/images/")
    return f"<{tag}>{text}</{tag}>"  # the vendored files hold no "</script" or "</style" (tested)
