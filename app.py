"""Streamlit entry point: ``streamlit run app.py`` (see README.md)."""

from patrol_map.ui.app import main

main()
