"""The road network as a networkx graph: building it, snapping to it."""
