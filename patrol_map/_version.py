"""The version of patrol-map."""

__version__ = "0.1.0"
