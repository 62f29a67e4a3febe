"""Folium map layers that render with no internet connection."""
