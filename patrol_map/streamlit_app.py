"""The script Streamlit runs for ``patrol-map app``; ``static/`` beside it holds the vendored Leaflet."""

from patrol_map.ui.app import main

main()
