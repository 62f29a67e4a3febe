"""Where and when incidents cluster: density grids and per-village counts."""
