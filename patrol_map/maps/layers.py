"""The map's layers: boundaries, roads, incident heat, hot and cold spots, forecasts, patrols, the base.

Every ``add_*`` function takes the folium map, a GeoDataFrame in any projected or geographic CRS,
and the layer's name as the layer control shows it; it draws the frame in WGS 84 on the map.
"""

from __future__ import annotations

import html

import folium
import geopandas as gpd
from branca.element import MacroElement
from folium.map import CustomPane
from jinja2 import Template

from patrol_map.geo.crs import WGS84
from patrol_map.io.places import BASE_KINDS
from patrol_map.maps.offline import offline_heatmap, offline_map
from patrol_map.model import team_number
from patrol_map.plan.shifts import span_label
from patrol_map.risk.hotspot_classes import HOTSPOT_CLASSES

#: One colour per team: blues and purples no other layer uses (the stop states are green, orange and
#: vermilion, the base yellow, roads grey), told apart by colour-blind readers and in print.
TEAM_COLOURS = ("#0072B2", "#CC79A7", "#6A3D9A", "#56B4E9", "#1F3A93", "#B15FA8", "#2B8CBE", "#4D004B")
#: Roads by class: (weight, colour), greys from dark (main) to light (lanes), as the legend names them.
ROAD_CLASSES = {
    "main": (("trunk", "primary", "secondary"), 4, "#555555"),
    "local": (("tertiary", "unclassified", "residential"), 2.5, "#8a8a8a"),
    "lane": ((), 1.2, "#b8b8b8"),
}
ROAD_STYLE = {
    highway: (weight, colour) for classes, weight, colour in ROAD_CLASSES.values() for highway in classes
}
DEFAULT_ROAD_STYLE = ROAD_CLASSES["lane"][1:]
#: Display simplification of roads and boundaries, metres (the data is accurate to about ±50 m).
DISPLAY_TOLERANCE_M = 5.0


def _wgs84(frame: gpd.GeoDataFrame, simplify: bool = True) -> gpd.GeoDataFrame:
    if simplify and frame.crs is not None and frame.crs.is_projected:
        frame = frame.set_geometry(frame.geometry.simplify(DISPLAY_TOLERANCE_M))
    return frame.to_crs(WGS84)


def _escaped(frame: gpd.GeoDataFrame, *columns: str) -> gpd.GeoDataFrame:
    """Return ``frame`` with the text of ``columns`` HTML-escaped.

    folium's GeoJsonTooltip puts property values in the page as HTML: a village named
    ``<img src=x onerror=...>`` would run its script on hover.
    """
    return frame.assign(**{column: frame[column].astype(str).map(html.escape) for column in columns})


def base_map(commune: gpd.GeoDataFrame) -> folium.Map:
    """Return an offline map fitted to the commune."""
    return offline_map(tuple(commune.to_crs(WGS84).total_bounds))


def add_basemap(fmap: folium.Map, url: str, min_zoom: int, max_zoom: int) -> None:
    """Lay a local basemap's tiles (served on this machine, :mod:`patrol_map.maps.basemap`) under every layer.

    Zoomed in past its deepest tiles, Leaflet enlarges them rather than asking for tiles that do not exist.
    """
    folium.TileLayer(
        tiles=url,
        attr="Bản đồ nền cục bộ / local basemap",
        name="Bản đồ nền / Basemap",
        min_native_zoom=min_zoom,
        max_native_zoom=max_zoom,
        max_zoom=max(max_zoom, 19),
        overlay=False,
        control=False,
    ).add_to(fmap)


def add_commune(fmap: folium.Map, commune: gpd.GeoDataFrame, label: str) -> None:
    """Draw the commune boundary."""
    folium.GeoJson(
        _wgs84(commune[["geometry"]]).to_json(),
        name=label,
        style_function=lambda _: {"color": "#222222", "weight": 3, "fill": False, "className": "commune"},
    ).add_to(fmap)


def add_villages(fmap: folium.Map, villages: gpd.GeoDataFrame, label: str) -> None:
    """Draw village boundaries, each named by a label that stays on the map (class ``village-label``)."""
    group = folium.FeatureGroup(name=label).add_to(fmap)
    drawn = _wgs84(villages[["name", "geometry"]])
    folium.GeoJson(
        drawn[["geometry"]].to_json(),
        style_function=lambda _: {
            "color": "#7a6f5a",
            "weight": 1,
            "fillColor": "#fffdf5",
            "fillOpacity": 0.35,
        },
        interactive=False,
    ).add_to(group)
    _add_village_labels(group, drawn)


def _add_village_labels(group: folium.Element, villages: gpd.GeoDataFrame) -> None:
    """Name each village (WGS 84) by a label at a point inside it that stays on the map.

    A marker each: a tooltip bound to the whole layer would show one name at a time, on hover.
    """
    for name, point in zip(villages["name"], villages.representative_point(), strict=True):
        folium.Marker(
            (point.y, point.x),
            icon=folium.DivIcon(
                html=f'<div class="village-label">{html.escape(str(name))}</div>',
                icon_size=(140, 16),
                icon_anchor=(70, 8),
                class_name="village-label-box",
            ),
            interactive=False,
        ).add_to(group)


def add_roads(fmap: folium.Map, roads: gpd.GeoDataFrame, label: str) -> None:
    """Draw roads, wider and browner for higher classes."""

    def style(feature: dict) -> dict:
        weight, colour = ROAD_STYLE.get(feature["properties"]["highway"], DEFAULT_ROAD_STYLE)
        return {"color": colour, "weight": weight, "opacity": 0.9}

    folium.GeoJson(
        _wgs84(roads[["highway", "geometry"]]).to_json(), name=label, style_function=style, interactive=False
    ).add_to(fmap)


def add_heat(fmap: folium.Map, grid: gpd.GeoDataFrame, label: str) -> None:
    """Draw a density grid (``density`` per cell) as a heat layer."""
    cells = grid[grid["density"] > grid["density"].max() * 0.02] if len(grid) else grid
    centres = cells.geometry.centroid.to_crs(WGS84) if len(cells) else []
    top = float(cells["density"].max()) if len(cells) else 1.0
    points = [[c.y, c.x, float(d) / top] for c, d in zip(centres, cells["density"], strict=True)]
    offline_heatmap(points, name=label, radius=18, blur=14, min_opacity=0.25, max_zoom=14).add_to(fmap)


#: Fill of each Gi* class (ColorBrewer RdBu, 7 classes: readable by colour-blind people): reds for
#: hot spots, blues for cold, paler for less confidence.
HOTSPOT_COLOURS = {
    "hot_99": "#b2182b",
    "hot_95": "#ef8a62",
    "hot_90": "#fddbc7",
    "none": "#fffdf5",
    "cold_90": "#d1e5f0",
    "cold_95": "#67a9cf",
    "cold_99": "#2166ac",
}
#: Edge of a Gi* cell.
SPOT_OUTLINE = "#222222"
#: Outline of the forecast's riskiest cells.
FORECAST_COLOUR = "#6a3d9a"
_TOOLTIP_WORDS = {
    "vi": {"count": "Số vụ", "expected": "Số vụ dự kiến", "cells": "Số ô"},
    "en": {"count": "Incidents", "expected": "Expected incidents", "cells": "Cells"},
}
#: Leaflet pane of the layers drawn above the heat (the heat's canvas lies in the overlay pane, z 400,
#: above every path of that pane; tooltips are at 650).
SPOTS_PANE = "spots"


def _above_heat(fmap: folium.Map) -> str:
    """Return the pane above the heat layer, adding it to the map the first time."""
    if not any(
        isinstance(child, CustomPane) and child.name == SPOTS_PANE for child in fmap._children.values()
    ):
        CustomPane(SPOTS_PANE, z_index=450, pointer_events=True).add_to(fmap)
    return SPOTS_PANE


def hotspot_name(key: str, lang: str = "vi") -> str:
    """Return a Gi* class's name in ``lang`` ("Điểm nóng (tin cậy 99%)", "Hot spot, 99% confidence")."""
    vi, en = HOTSPOT_CLASSES[key]
    return en if lang == "en" else vi


def hotspot_entries(lang: str = "vi") -> list[tuple[str, str]]:
    """Legend lines of the significant Gi* classes, hottest first."""
    return [(HOTSPOT_COLOURS[key], hotspot_name(key, lang)) for key in HOTSPOT_CLASSES if key != "none"]


def add_hotspot_cells(fmap: folium.Map, cells: gpd.GeoDataFrame, label: str, lang: str = "vi") -> None:
    """Draw the grid cells that Gi* found significant, coloured by class; the others are not drawn.

    ``cells`` is :func:`patrol_map.risk.getis.cell_hotspots`: cell squares with ``hotspot``,
    ``count``, ``z`` and ``q``. Each cell is a path of class ``gi-cell`` and ``gi-<class>``.
    """
    pane = _above_heat(fmap)  # before the layers that use it: the map's script creates it in order
    group = folium.FeatureGroup(name=label).add_to(fmap)
    spots = cells[cells["hotspot"] != "none"]
    if spots.empty:
        return
    frame = _wgs84(spots[["hotspot", "count", "z", "q", "geometry"]], simplify=False)
    words = _TOOLTIP_WORDS["en" if lang == "en" else "vi"]
    names = [hotspot_name(key, lang) for key in frame["hotspot"]]
    frame = frame.assign(name=names, z=frame["z"].round(2), q=frame["q"].round(4))
    folium.GeoJson(
        frame.to_json(),
        style_function=lambda feature: {
            "color": SPOT_OUTLINE,  # a dark edge: the reds would melt into the heat below
            "weight": 1.2,
            "fillColor": HOTSPOT_COLOURS[feature["properties"]["hotspot"]],
            "fillOpacity": 0.9,
            "className": f"gi-cell gi-{feature['properties']['hotspot']}",
        },
        tooltip=folium.GeoJsonTooltip(
            fields=["name", "count", "z", "q"], aliases=["", words["count"], "Gi* z", "q (FDR)"]
        ),
        pane=pane,
    ).add_to(group)


def add_village_hotspots(fmap: folium.Map, villages: gpd.GeoDataFrame, label: str, lang: str = "vi") -> None:
    """Draw village boundaries filled by their Gi* class, named by a label, with class and count on hover.

    ``villages`` is :func:`patrol_map.risk.getis.village_hotspots` (``name``, ``hotspot``, ``count``).
    A village that is a hot or cold spot has a thicker outline and the path class ``gi-village``.
    """
    group = folium.FeatureGroup(name=label).add_to(fmap)
    drawn = _wgs84(villages[["name", "hotspot", "count", "geometry"]])
    frame = _escaped(drawn, "name")
    frame = frame.assign(spot=[hotspot_name(key, lang) for key in frame["hotspot"]])
    words = _TOOLTIP_WORDS["en" if lang == "en" else "vi"]

    def style(feature: dict) -> dict:
        key = feature["properties"]["hotspot"]
        significant = key != "none"
        return {
            "color": "#444444" if significant else "#7a6f5a",
            "weight": 2.5 if significant else 1,
            "fillColor": HOTSPOT_COLOURS[key],
            "fillOpacity": 0.45 if significant else 0.35,
            "className": "gi-village" if significant else "village",
        }

    folium.GeoJson(
        frame.to_json(),
        style_function=style,
        tooltip=folium.GeoJsonTooltip(fields=["name", "spot", "count"], aliases=["", "", words["count"]]),
    ).add_to(group)
    _add_village_labels(group, drawn)


def add_forecast_area(fmap: folium.Map, cells: gpd.GeoDataFrame, label: str, lang: str = "vi") -> None:
    """Outline the forecast's riskiest cells (``expected`` each), joined into areas above the heat.

    Neighbouring cells merge into one area (a grid of outlines hides what lies below); each area
    tells on hover how many cells it holds and the incidents expected in them. Each area is a path
    of class ``forecast-area``.
    """
    pane = _above_heat(fmap)
    group = folium.FeatureGroup(name=label).add_to(fmap)
    if cells.empty:
        return
    words = _TOOLTIP_WORDS["en" if lang == "en" else "vi"]
    whole = gpd.GeoSeries([cells.geometry.union_all()], crs=cells.crs)
    areas = gpd.GeoDataFrame(geometry=whole).explode(index_parts=False).reset_index(drop=True)
    centres = cells[["expected"]].set_geometry(cells.centroid)
    inside = gpd.sjoin(centres, areas, predicate="within").groupby("index_right")["expected"]
    areas["cells"] = inside.size().reindex(areas.index, fill_value=0).to_numpy()
    areas["expected"] = inside.sum().reindex(areas.index, fill_value=0.0).round(2).to_numpy()
    folium.GeoJson(
        _wgs84(areas, simplify=False).to_json(),
        style_function=lambda _: {
            "color": FORECAST_COLOUR,
            "weight": 2.5,
            "fill": True,
            "fillOpacity": 0.08,
            "className": "forecast-area",
        },
        tooltip=folium.GeoJsonTooltip(
            fields=["cells", "expected"], aliases=[words["cells"], words["expected"]]
        ),
        pane=pane,
    ).add_to(group)


def add_patrols(fmap: folium.Map, patrols: gpd.GeoDataFrame, label: str, lang: str = "vi") -> None:
    """Draw each patrol circuit along the roads, one colour per team number within its shift."""
    group = folium.FeatureGroup(name=label).add_to(fmap)
    drawn = _wgs84(patrols[patrols.geometry.notna()], simplify=False)
    for _, patrol in drawn.iterrows():
        names = html.escape(", ".join(patrol["names"]))
        stops = html.escape(", ".join(patrol["stop_names"]))
        when = span_label(patrol["shift_start"], patrol["shift_end"], lang)
        words = ("Tổ", "Điểm dừng") if lang == "vi" else ("Team", "Stops")
        folium.PolyLine(
            [(y, x) for x, y in patrol.geometry.coords],
            color=team_colour(patrol["team_id"]),
            weight=4,
            opacity=0.85,
            class_name="patrol-route",
            tooltip=f"{words[0]} {team_number(patrol['team_id'])} · {when}<br>{names}<br>{words[1]}: {stops}",
        ).add_to(group)


#: Stop states as a coverage map colours them (Okabe–Ito: bluish green, orange, vermilion).
STOP_STATE_COLOURS = {"visited": "#009E73", "late": "#E69F00", "missed": "#D55E00"}
#: Risky cells by the patrols they had: none, too few, enough.
COVERAGE_COLOURS = {"unpatrolled": "#b2182b", "under": "#f4a582", "covered": "#92c5de"}


def add_tracks(fmap: folium.Map, tracks: gpd.GeoDataFrame, label: str) -> None:
    """Draw the paths patrols recorded (dashed, black), one per patrol; each a path of class ``track``."""
    group = folium.FeatureGroup(name=label).add_to(fmap)
    for _, track in _wgs84(tracks, simplify=False).iterrows():
        folium.PolyLine(
            [(y, x) for x, y in track.geometry.coords],
            color="#000000",
            weight=2.5,
            dash_array="6 5",
            class_name="track",
            tooltip=html.escape(str(track["patrol_id"])),
        ).add_to(group)


def add_stop_states(fmap: folium.Map, stops: gpd.GeoDataFrame, label: str, words: dict[str, str]) -> None:
    """Mark each planned stop coloured by what became of it; each a path of class ``stop-<state>``.

    ``stops`` has ``name``, ``state`` (visited, late, missed), ``planned`` and ``team`` text;
    ``words`` names the states in the page's language. One GeoJSON layer per state, not a marker per
    stop: a week's 600 stops render in a tenth of the time.
    """
    group = folium.FeatureGroup(name=label).add_to(fmap)
    drawn = _wgs84(stops, simplify=False)
    # Missed first, visited last: where patrols stopped at one place, a visit shows on top.
    for state in ("missed", "late", "visited"):
        chosen = drawn[drawn["state"] == state]
        if chosen.empty:
            continue
        tips = [
            " · ".join(html.escape(str(text)) for text in (name, team, when, words[state]))
            for name, team, when in zip(chosen["name"], chosen["team"], chosen["planned"], strict=True)
        ]
        folium.GeoJson(
            gpd.GeoDataFrame({"tip": tips}, geometry=chosen.geometry.to_numpy(), crs=WGS84).to_json(),
            marker=folium.CircleMarker(
                radius=7,
                color="#222222",
                weight=1,
                fill=True,
                fill_color=STOP_STATE_COLOURS[state],
                fill_opacity=0.95,
                class_name=f"stop-{state}",
            ),
            tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False),
        ).add_to(group)


def add_hotspot_coverage(
    fmap: folium.Map, cells: gpd.GeoDataFrame, label: str, words: dict[str, str]
) -> None:
    """Shade the riskiest cells by the patrols they had (:mod:`patrol_map.coverage.hotspots`).

    Each cell is a path of class ``coverage-<class>``; ``words`` names the classes and the figures.
    """
    if cells.empty:
        folium.FeatureGroup(name=label).add_to(fmap)
        return
    frame = _wgs84(cells, simplify=False).assign(
        what=[words[c] for c in cells["coverage"]], risk=cells["risk"].round(2), fair=cells["fair"].round(1)
    )
    folium.GeoJson(
        frame[["coverage", "what", "risk", "patrols", "fair", "geometry"]].to_json(),
        name=label,
        style_function=lambda feature: {
            "color": COVERAGE_COLOURS[feature["properties"]["coverage"]],
            "weight": 0.5,
            "fillColor": COVERAGE_COLOURS[feature["properties"]["coverage"]],
            "fillOpacity": 0.55,
            "className": f"coverage-{feature['properties']['coverage']}",
        },
        tooltip=folium.GeoJsonTooltip(
            fields=["what", "risk", "patrols", "fair"],
            aliases=["", words["risk"], words["patrols"], words["fair"]],
        ),
    ).add_to(fmap)


def add_features(fmap: folium.Map, frame: gpd.GeoDataFrame, label: str) -> None:
    """Draw any features (points, lines or polygons) in one colour, named on hover when named.

    For a file about to be imported: the user sees where its features fall before confirming.
    Points are circles of class ``import-point``.
    """
    columns = ["name"] if "name" in frame.columns else []
    folium.GeoJson(
        _escaped(_wgs84(frame[[*columns, "geometry"]], simplify=False), *columns).to_json(),
        name=label,
        style_function=lambda _: {"color": IMPORT_COLOUR, "weight": 2, "fillOpacity": 0.25},
        marker=folium.CircleMarker(radius=5, fill=True, fill_opacity=0.9, class_name="import-point"),
        tooltip=folium.GeoJsonTooltip(fields=columns, labels=False) if columns else None,
    ).add_to(fmap)


def add_bases(fmap: folium.Map, places: gpd.GeoDataFrame, label: str) -> None:
    """Mark the commune police post and military command."""
    bases = _wgs84(places[places["kind"].isin(BASE_KINDS)], simplify=False)
    for _, base in bases.iterrows():
        folium.CircleMarker(
            (base.geometry.y, base.geometry.x),
            radius=9,
            color="#000000",
            weight=2,
            fill=True,
            fill_color=BASE_COLOUR,
            fill_opacity=1.0,
            tooltip=f"{label}: {html.escape(base['name'])}",
            class_name="base",
        ).add_to(fmap)


class _Legend(MacroElement):
    """A small box in the map's lower left corner: a coloured mark and a label per line."""

    _template = Template(
        """{% macro script(this, kwargs) %}
        (function () {
            var legend = L.control({position: "bottomleft"});
            legend.onAdd = function () {
                var box = L.DomUtil.create("div", "map-legend");
                box.style.cssText = {{ this.box_style|tojson }};
                box.innerHTML = {{ this.html|tojson }};
                return box;
            };
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}"""
    )

    box_style = "background:#fff;padding:6px 9px;border:1px solid #999;font:13px sans-serif"

    def __init__(self, html: str) -> None:
        super().__init__()
        self.html = html


LEGEND_MARK = "display:inline-block;width:22px;height:10px;margin-right:6px;"


def add_legend(fmap: folium.Map, entries: list[tuple[str, str]]) -> None:
    """Add a legend: one line per ``(css colour or gradient, label)``."""
    lines = [
        f'<div><span style="{LEGEND_MARK}background:{colour}"></span>{html.escape(label)}</div>'
        for colour, label in entries
    ]
    _Legend("".join(lines)).add_to(fmap)


def team_entries(patrols: gpd.GeoDataFrame, word: str) -> list[tuple[str, str]]:
    """Legend lines for the team colours of the patrols drawn ("Tổ 1", "Tổ 2"...)."""
    numbers = sorted({team_number(team) for team in patrols["team_id"]})
    return [(_number_colour(n), f"{word} {n}") for n in numbers]


def team_colour(team_id: str) -> str:
    """Return the colour of a team, by its number within the shift (Tổ 1 the first colour)."""
    return _number_colour(team_number(team_id))


def _number_colour(number: int) -> str:
    return TEAM_COLOURS[(number - 1) % len(TEAM_COLOURS)]


#: The heat layer's colours, low to high, as leaflet.heat draws them by default.
HEAT_GRADIENT = "linear-gradient(to right, blue, cyan, lime, yellow, red)"
BASE_COLOUR = "#ffdd00"
#: Features of a file about to be imported (a bright magenta, unlike every other layer).
IMPORT_COLOUR = "#c2185b"


def add_layer_control(fmap: folium.Map) -> None:
    """Let the user switch layers on and off, from a box folded until hovered (covering none of the map)."""
    folium.LayerControl(collapsed=True).add_to(fmap)


def road_entries(lang: str) -> list[tuple[str, str]]:
    """Legend lines of the road classes."""
    words = {"main": ("Đường chính", "Main roads"), "local": ("Đường liên thôn", "Local roads"),
             "lane": ("Đường ngõ, đường mòn", "Lanes and tracks")}  # fmt: skip
    return [(colour, words[key][lang == "en"]) for key, (_, _, colour) in ROAD_CLASSES.items()]


def add_stop_numbers(
    fmap: folium.Map, patrols: gpd.GeoDataFrame, label: str, crs: str, lang: str = "vi"
) -> None:
    """Mark each patrol's stops with their number in visiting order (team colour) and planned time.

    Each is a marker of class ``stop-number``; its tooltip names the place, the team and the time.
    """
    group = folium.FeatureGroup(name=label).add_to(fmap)
    to_lonlat = gpd.GeoSeries(
        gpd.points_from_xy(
            [xy[0] for stops in patrols["stop_xy"] for xy in stops],
            [xy[1] for stops in patrols["stop_xy"] for xy in stops],
        ),
        crs=crs,
    ).to_crs(WGS84)
    points = iter(to_lonlat)
    word = "Tổ" if lang == "vi" else "Team"
    for _, patrol in patrols.iterrows():
        colour = team_colour(patrol["team_id"])
        for k, (name, when) in enumerate(
            zip(patrol["stop_names"], patrol["stop_times"], strict=True), start=1
        ):
            point = next(points)
            badge = (
                f'<div class="stop-number" style="background:{colour}">{k}</div>'
                f'<div class="stop-time">{html.escape(when[11:16])}</div>'
            )
            folium.Marker(
                (point.y, point.x),
                icon=folium.DivIcon(
                    html=badge, icon_size=(60, 18), icon_anchor=(9, 9), class_name="stop-badge"
                ),
                tooltip=f"{k}. {html.escape(str(name))} · {word} {team_number(patrol['team_id'])} · "
                f"{html.escape(when[11:16])}",
            ).add_to(group)


#: Fill of a commune by its incidents per km² (upper bound of each class, colour), then "no data".
DENSITY_CLASSES = ((1.0, "#fff3d6"), (5.0, "#fdc97a"), (20.0, "#f08a4b"), (float("inf"), "#b2302a"))
NO_DATA_COLOUR = "#d9d9d9"


def density_colour(value: float | None) -> str:
    """Return the fill of a commune with ``value`` incidents per km² (grey when unknown)."""
    if value is None or value != value:  # NaN: the commune is not on the server
        return NO_DATA_COLOUR
    return next(colour for bound, colour in DENSITY_CLASSES if value < bound)


def add_communes(
    fmap: folium.Map, communes: gpd.GeoDataFrame, label: str, fields: list[str], aliases: list[str]
) -> None:
    """Draw a province's communes filled by their incidents per km², their figures on hover.

    ``communes`` is :func:`patrol_map.province.summary.province_summary` with the shown ``fields``
    as text; each path has the class ``province-commune``.
    """
    drawn = _escaped(_wgs84(communes[[*fields, "incidents_per_km2", "geometry"]]), *fields)
    drawn["fill"] = [density_colour(value) for value in communes["incidents_per_km2"]]
    drawn = drawn.drop(columns=["incidents_per_km2"])

    def style(feature: dict) -> dict:
        return {
            "color": "#555555",
            "weight": 1,
            "fillColor": feature["properties"]["fill"],
            "fillOpacity": 0.7,
            "className": "province-commune",
        }

    group = folium.FeatureGroup(name=label).add_to(fmap)
    folium.GeoJson(
        drawn.to_json(),
        style_function=style,
        tooltip=folium.GeoJsonTooltip(fields=fields, aliases=aliases),
    ).add_to(group)
