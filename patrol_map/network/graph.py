"""Road lines -> an undirected networkx graph in metres, with travel times.

Every vertex of every line becomes a node and every pair of consecutive vertices an
edge, so lines that share a vertex are joined there (as OpenStreetMap ways are at
junctions) and an edge's straight segment is the road itself: a path in the graph
is drawn exactly along the roads. A road that ends on another one without a shared
vertex (a T-junction digitised by hand) is joined to it; lines that cross without a
shared vertex (a bridge over a road) stay unconnected, as they should.
"""

from __future__ import annotations

import itertools

import geopandas as gpd
import networkx as nx
import numpy as np
import shapely

from patrol_map.model import DEFAULT_MOTORBIKE_KMH, FOOT_KMH, MOTORBIKE_KMH

#: Vertices closer than this (metres) are taken as the same junction.
SNAP_GRID_M = 0.01
#: A road ending this close (metres) to another line is joined to it.
T_JUNCTION_M = 1.0


def join_t_junctions(roads: gpd.GeoDataFrame, tolerance_m: float = T_JUNCTION_M) -> gpd.GeoDataFrame:
    """Insert a vertex where a road's end touches another road's segment.

    Parameters
    ----------
    roads
        LineStrings in a projected CRS in metres.
    tolerance_m
        How close an end must be to a line to be joined to it.

    Returns
    -------
    geopandas.GeoDataFrame
        The same roads, with the junction vertices added (GEOS snapping).

    """
    lines = roads.geometry.to_numpy()
    ends = shapely.union_all([shapely.get_point(lines, 0), shapely.get_point(lines, -1)])
    ends_parts = shapely.get_parts(ends)
    tree = shapely.STRtree(ends_parts)
    line_index, end_index = tree.query(lines, predicate="dwithin", distance=tolerance_m)
    joined = lines.copy()
    for position in np.unique(line_index):
        nearby = shapely.multipoints(ends_parts[end_index[line_index == position]])
        joined[position] = shapely.snap(lines[position], nearby, tolerance_m)
    return roads.set_geometry(gpd.GeoSeries(joined, index=roads.index, crs=roads.crs))


def build_graph(roads: gpd.GeoDataFrame) -> nx.Graph:
    """Build the road graph.

    Parameters
    ----------
    roads
        LineStrings with a ``highway`` column, in a projected CRS in metres.

    Returns
    -------
    networkx.Graph
        Nodes are ints with ``x`` and ``y`` (metres). Edges carry ``length_m``,
        ``time_foot_s`` and ``time_moto_s`` (seconds) and ``highway``. Where two lines
        join the same pair of vertices, the faster one is kept. ``graph.graph["crs"]``
        holds the CRS.

    """
    if roads.crs is None or not roads.crs.is_projected:
        msg = "build_graph needs roads in a projected CRS in metres"
        raise ValueError(msg)
    roads = join_t_junctions(roads)
    coords, line_index = shapely.get_coordinates(roads.geometry.to_numpy(), return_index=True)
    keys = np.round(coords / SNAP_GRID_M).astype(np.int64)
    _, node_of_vertex = np.unique(keys, axis=0, return_inverse=True)
    node_of_vertex = node_of_vertex.ravel()
    same_line = line_index[1:] == line_index[:-1]
    start, end = node_of_vertex[:-1][same_line], node_of_vertex[1:][same_line]
    length = np.hypot(*(coords[1:] - coords[:-1])[same_line].T)
    highway = roads["highway"].to_numpy()[line_index[:-1][same_line]]
    kmh = np.array([MOTORBIKE_KMH.get(h.removesuffix("_link"), DEFAULT_MOTORBIKE_KMH) for h in highway])

    graph = nx.Graph(crs=roads.crs)
    first_vertex = np.zeros(node_of_vertex.max() + 1, dtype=np.int64)
    first_vertex[node_of_vertex[::-1]] = np.arange(len(node_of_vertex))[::-1]
    graph.add_nodes_from(
        (int(node), {"x": float(coords[v, 0]), "y": float(coords[v, 1])})
        for node, v in enumerate(first_vertex)
    )
    for u, v, metres, speed, cls in zip(start, end, length, kmh, highway, strict=True):
        if u == v:
            continue
        moto = metres / (speed / 3.6)
        existing = graph.get_edge_data(u, v)
        if existing is not None and existing["time_moto_s"] <= moto:
            continue
        graph.add_edge(
            int(u),
            int(v),
            length_m=float(metres),
            time_foot_s=float(metres / (FOOT_KMH / 3.6)),
            time_moto_s=float(moto),
            highway=str(cls),
        )
    return graph


def path_geometry(graph: nx.Graph, nodes: list[int] | tuple[int, ...]) -> shapely.LineString:
    """Return the line through the nodes of a walk on the graph.

    Parameters
    ----------
    graph
        A road graph from :func:`build_graph`.
    nodes
        Consecutive nodes of a walk (each pair joined by an edge, which is a straight road segment).

    Returns
    -------
    shapely.LineString
        The walk drawn along the roads, in the graph's CRS.

    """
    return shapely.LineString([(graph.nodes[n]["x"], graph.nodes[n]["y"]) for n in nodes])


def path_length(graph: nx.Graph, nodes: list[int] | tuple[int, ...]) -> float:
    """Return the length in metres of a walk on the graph."""
    return float(sum(graph.edges[u, v]["length_m"] for u, v in itertools.pairwise(nodes)))
