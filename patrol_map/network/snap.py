"""Snapping points to the nearest node of the road graph."""

from __future__ import annotations

import networkx as nx
import numpy as np
from scipy.spatial import cKDTree


def nearest_nodes(graph: nx.Graph, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Find the graph node nearest to each point.

    Parameters
    ----------
    graph
        A road graph from :func:`patrol_map.network.graph.build_graph`.
    x, y
        Point coordinates in the graph's CRS (metres).

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        The node id nearest to each point and the distance to it in metres.

    """
    nodes = np.fromiter(graph.nodes, dtype=np.int64, count=graph.number_of_nodes())
    xy = np.array([(graph.nodes[n]["x"], graph.nodes[n]["y"]) for n in nodes])
    distance, index = cKDTree(xy).query(np.column_stack([x, y]))
    return nodes[index], distance
