"""patrol-map: plan joint militia–police patrols and review incident hotspots for a commune."""

__version__ = "0.1.0"
