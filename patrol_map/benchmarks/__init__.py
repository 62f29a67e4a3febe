"""Benchmarks the ``patrol-map bench`` command runs on published instances."""
