"""The version of patrol-map."""

__version__ = "0.2.0"
