"""The app's frame: page navigation and the language switch."""

from __future__ import annotations

import importlib
from collections.abc import Callable

import streamlit as st

from patrol_map.errors import PatrolMapError
from patrol_map.security.accounts import has_accounts
from patrol_map.ui.common import lang, language_switch, t, workspace


def _page(module: str) -> Callable[[], None]:
    """Return a page's render function that imports its module when the page is first shown.

    The pages together load most of the scientific stack (esda, scikit-learn, PyVRP, Typst,
    matplotlib): the first page a user opens should wait only for what it draws.
    """

    def render() -> None:
        importlib.import_module(f"patrol_map.ui.{module}").render()

    render.__name__ = module
    return render


def main() -> None:
    """Run the app: set up the page, the sidebar and the chosen page."""
    st.set_page_config(page_title="patrol-map", page_icon="🗺️", layout="wide")
    language_switch()
    pages = [
        # The default page is served at the root URL; /overview must work too (a bookmark, a link sent
        # round), so the same page is also served there, hidden from the menu.
        st.Page(_page("overview"), title=t("page_overview"), url_path="home", default=True),
        st.Page(_page("overview"), title=t("page_overview"), url_path="overview", visibility="hidden"),
        st.Page(_page("hotspots"), title=t("page_hotspots"), url_path="hotspots"),
        st.Page(_page("plan"), title=t("page_plan"), url_path="plan"),
        st.Page(_page("coverage"), title=t("page_coverage"), url_path="coverage"),
        st.Page(_page("meeting"), title=t("page_meeting"), url_path="meeting"),
        st.Page(_page("papers"), title=t("page_papers"), url_path="papers"),
        st.Page(_page("people"), title=t("page_people"), url_path="people"),
        st.Page(_page("places"), title=t("page_places"), url_path="places"),
        st.Page(_page("settings"), title=t("page_settings"), url_path="settings"),
        st.Page(_page("data_import"), title=t("page_import"), url_path="import"),
    ]
    try:
        if has_accounts(workspace()):
            # The app has no log-in yet: a workspace with accounts is opened with the command line
            # only, never shown to whoever sits at the screen.
            st.error(t("accounts_need_cli"))
            return
        st.navigation(pages).run()
    except PatrolMapError as exc:
        st.error(exc.message(lang()))
