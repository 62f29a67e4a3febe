"""Coordinate reference systems and administrative units."""
