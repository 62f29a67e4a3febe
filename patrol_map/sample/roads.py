"""The synthetic road layer: main roads, inter-village roads, village lanes and tracks.

Every road is built in metres from explicit junction coordinates, then all crossings are
noded (a shared vertex is inserted where two roads cross), and every vertex is converted to
lon/lat exactly once, so a junction has identical coordinates in every road that meets it.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import networkx as nx
import numpy as np
import shapely
from scipy.spatial import Delaunay
from scipy.spatial.distance import cdist
from shapely.geometry import LineString, MultiLineString
from shapely.geometry.base import BaseGeometry

from patrol_map.network.graph import build_graph
from patrol_map.sample.geometry import LONLAT_CRS, Projection, ray_end, wiggly_line
from patrol_map.sample.lanes import LaneGrid, lane_grid
from patrol_map.sample.mainroads import MainRoads

NATIONAL_NAME = "Quốc lộ 1A"
PROVINCIAL_NAME = "Tỉnh lộ 2"
LINK_NAME = "Đường liên thôn"
#: A settlement this close to a main road (metres) gets its own road to it.
_CONNECT_WITHIN = 1_500.0


@dataclass(frozen=True)
class Road:
    """One road before it is written: name, OSM ``highway`` class, metric line."""

    name: str
    highway: str
    line: LineString


@dataclass(frozen=True)
class RoadNetwork:
    """The road layer and the metric skeleton the other layers are placed on.

    Attributes
    ----------
    frame
        Written layer: ``road_id``, ``name``, ``highway``, ``is_synthetic``, EPSG:4326.
    main
        The main roads, in metres.
    grids
        The lane grid of each settlement, in settlement order.
    links
        Inter-village roads, in metres.
    projection
        Metric CRS of the skeleton.

    """

    frame: gpd.GeoDataFrame
    main: MainRoads
    grids: list[LaneGrid]
    links: list[LineString]
    projection: Projection


def build_road_network(
    main: MainRoads,
    settlements: np.ndarray,
    region: BaseGeometry,
    projection: Projection,
    rng: np.random.Generator,
) -> RoadNetwork:
    """Build the whole road layer around the main roads and the settlements.

    Parameters
    ----------
    main
        National and provincial roads, in metres.
    settlements
        Array ``(n, 2)`` of settlement centres, in metres.
    region
        Commune polygon in metres shrunk by a margin; every road stays within it.
    projection
        Metric CRS of ``main``, ``settlements`` and ``region``.
    rng
        Random generator.

    Returns
    -------
    RoadNetwork
        The written layer and its metric skeleton.

    Raises
    ------
    RuntimeError
        If the roads do not form one connected network, as the product's road graph
        (:func:`patrol_map.network.graph.build_graph`) sees the written layer.

    """
    linked, links = _village_links(settlements, region, rng)
    grids = [lane_grid(centre, rng, region) for centre in settlements]
    roads = [
        Road(NATIONAL_NAME, "trunk", main.national),
        Road(PROVINCIAL_NAME, "secondary", main.provincial),
        *(Road(LINK_NAME, "tertiary", line) for line in links),
        *(Road(LINK_NAME, "tertiary", line) for line in _connectors(settlements, linked, main, region, rng)),
        *(Road("", highway, line) for grid in grids for highway, line in grid.lanes),
        *(Road("", "track", line) for line in _tracks(grids, rng, region)),
    ]
    frame = _to_frame(_node(roads), projection)
    if not nx.is_connected(build_graph(frame.to_crs(projection.crs))):
        raise RuntimeError("the synthetic roads do not form one connected network")
    return RoadNetwork(frame=frame, main=main, grids=grids, links=links, projection=projection)


def _village_links(
    settlements: np.ndarray, region: BaseGeometry, rng: np.random.Generator
) -> tuple[nx.Graph, list[LineString]]:
    """Join settlements by a minimum spanning tree of Delaunay edges plus the shortest others.

    The graphs here (and in :func:`_connectors`) are of settlements, planned before any road
    line exists, not of road lines; the road layer's connectivity is checked on the product's
    own road graph (:func:`patrol_map.network.graph.build_graph`) in :func:`build_road_network`.
    """
    candidates = nx.Graph()
    candidates.add_nodes_from(range(len(settlements)))
    for simplex in Delaunay(settlements).simplices:
        for a, b in ((0, 1), (1, 2), (0, 2)):
            i, j = sorted((int(simplex[a]), int(simplex[b])))
            segment = LineString(settlements[[i, j]])
            if segment.within(region):
                candidates.add_edge(i, j, weight=segment.length)
    tree = nx.minimum_spanning_tree(candidates)
    spare = sorted(
        (weight, i, j) for i, j, weight in candidates.edges(data="weight") if not tree.has_edge(i, j)
    )
    linked = nx.Graph()
    linked.add_nodes_from(candidates)
    linked.add_edges_from(tree.edges)
    linked.add_edges_from((i, j) for _, i, j in spare[: max(3, len(settlements) // 4)])
    lines = []
    for i, j in sorted(tuple(sorted(edge)) for edge in linked.edges):
        line = wiggly_line(settlements[i], settlements[j], rng, region, amplitude=20.0)
        if line is not None:
            lines.append(line)
    return linked, lines


def _connectors(
    settlements: np.ndarray,
    linked: nx.Graph,
    main: MainRoads,
    region: BaseGeometry,
    rng: np.random.Generator,
) -> list[LineString]:
    """Join settlements near a main road, and at least one of each group, to a main road."""
    vertices = np.concatenate([np.asarray(main.national.coords), np.asarray(main.provincial.coords)])
    distance = cdist(settlements, vertices)
    wanted = set(np.flatnonzero(distance.min(axis=1) < _CONNECT_WITHIN).tolist())
    for component in nx.connected_components(linked):
        if not wanted & component:
            wanted.add(min(component, key=lambda i: distance[i].min()))
    lines = []
    for i in sorted(wanted):
        end = vertices[distance[i].argmin()]
        line = wiggly_line(settlements[i], end, rng, region, amplitude=15.0)
        if line is not None:
            lines.append(line)
    return lines


def _tracks(grids: list[LaneGrid], rng: np.random.Generator, region: BaseGeometry) -> list[LineString]:
    """Run a few field tracks outwards from the corners of random villages."""
    lines = []
    for _ in range(int(rng.integers(6, 10))):
        grid = grids[int(rng.integers(len(grids)))]
        start = grid.corners[int(rng.integers(len(grid.corners)))]
        outward = start - grid.centre
        angle = rng.uniform(-0.5, 0.5)
        rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
        direction = rotation @ outward / np.hypot(*outward)
        end = ray_end(start, direction, region, rng.uniform(800.0, 2_000.0))
        line = None if end is None else wiggly_line(start, end, rng, region, 150.0, 15.0)
        if line is not None:
            lines.append(line)
    return lines


def _node(roads: list[Road]) -> list[Road]:
    """Insert a shared vertex wherever two roads cross, keeping each road in one piece."""
    lines = [road.line for road in roads]
    pieces = shapely.get_parts(shapely.node(MultiLineString(lines)))
    middles = shapely.line_interpolate_point(pieces, 0.5, normalized=True)
    owners = shapely.STRtree(lines).query_nearest(middles, all_matches=False)[1]
    noded = []
    for index, road in enumerate(roads):
        merged = shapely.line_merge(MultiLineString(list(pieces[owners == index])))
        if not isinstance(merged, LineString):
            raise RuntimeError(f"road {road.name or road.highway} crosses itself")
        noded.append(Road(road.name, road.highway, merged))
    return noded


def _to_frame(roads: list[Road], projection: Projection) -> gpd.GeoDataFrame:
    """Convert each distinct vertex once to rounded lon/lat and build the written layer."""
    coords = [np.asarray(road.line.coords) for road in roads]
    unique, inverse = np.unique(np.concatenate(coords), axis=0, return_inverse=True)
    lonlat = projection.to_lonlat(unique)[inverse.ravel()]
    lines = []
    for part in np.split(lonlat, np.cumsum([len(c) for c in coords])[:-1]):
        moved = np.concatenate([[True], np.any(np.diff(part, axis=0) != 0, axis=1)])
        lines.append(LineString(part[moved]))
    return gpd.GeoDataFrame(
        {
            "road_id": [f"R{i:03d}" for i in range(1, len(roads) + 1)],
            "name": [road.name for road in roads],
            "highway": [road.highway for road in roads],
            "is_synthetic": True,
        },
        geometry=lines,
        crs=LONLAT_CRS,
    )
