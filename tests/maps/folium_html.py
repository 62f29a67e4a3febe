"""Reading back what a folium map's HTML draws: its GeoJSON layers, lines, markers and heat points."""

from __future__ import annotations

import json
import re
from typing import Any

_DECODER = json.JSONDecoder()


def _literals(html: str, pattern: str) -> list[Any]:
    """Decode the JSON literal that follows each match of ``pattern`` (which ends at its first character)."""
    return [_DECODER.raw_decode(html, match.end())[0] for match in re.finditer(pattern, html)]


def geojson_layers(html: str) -> list[dict[str, Any]]:
    """Return the FeatureCollection of every ``folium.GeoJson`` layer, in drawing order."""
    return _literals(html, r"geo_json_\w+?_add\(")


def polylines(html: str) -> list[tuple[list[list[float]], dict[str, Any]]]:
    """Return each ``L.polyline``'s points (lat, lon) and options."""
    found = []
    for match in re.finditer(r"L\.polyline\(\s*", html):
        points, end = _DECODER.raw_decode(html, match.end())
        options, _ = _DECODER.raw_decode(html, html.index("{", end))
        found.append((points, options))
    return found


def circle_markers(html: str) -> list[list[float]]:
    """Return the position (lat, lon) of each ``L.circleMarker``."""
    return _literals(html, r"L\.circleMarker\(\s*")


def heat_points(html: str) -> list[list[float]]:
    """Return the ``[lat, lon, weight]`` points of every ``L.heatLayer``."""
    return [point for layer in _literals(html, r"L\.heatLayer\(\s*") for point in layer]
