"""The app's frame: page navigation and the language switch."""

from __future__ import annotations

import streamlit as st

from patrol_map.errors import PatrolMapError
from patrol_map.ui import coverage, data_import, hotspots, overview, papers, plan
from patrol_map.ui.common import lang, language_switch, t


def main() -> None:
    """Run the app: set up the page, the sidebar and the chosen page."""
    st.set_page_config(page_title="patrol-map", page_icon="🗺️", layout="wide")
    language_switch()
    pages = [
        # The default page is served at the root URL; /overview must work too (a bookmark, a link sent
        # round), so the same page is also served there, hidden from the menu.
        st.Page(overview.render, title=t("page_overview"), url_path="home", default=True),
        st.Page(overview.render, title=t("page_overview"), url_path="overview", visibility="hidden"),
        st.Page(hotspots.render, title=t("page_hotspots"), url_path="hotspots"),
        st.Page(plan.render, title=t("page_plan"), url_path="plan"),
        st.Page(coverage.render, title=t("page_coverage"), url_path="coverage"),
        st.Page(papers.render, title=t("page_papers"), url_path="papers"),
        st.Page(data_import.render, title=t("page_import"), url_path="import"),
    ]
    try:
        st.navigation(pages).run()
    except PatrolMapError as exc:
        st.error(exc.message(lang()))
