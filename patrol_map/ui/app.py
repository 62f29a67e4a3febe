"""The app's frame: the language switch, the log-in, and the pages the user's role may open."""

from __future__ import annotations

import importlib
from collections.abc import Callable

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from patrol_map.errors import PatrolMapError
from patrol_map.security.accounts import User
from patrol_map.security.roles import Right
from patrol_map.ui.common import lang, language_switch, opened_commune, province_server, t, workspace
from patrol_map.ui.login import signed_in


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
    """Run the app: set up the page, the sidebar, the log-in and the pages the user's role may open."""
    st.set_page_config(page_title="patrol-map", page_icon="🗺️", layout="wide")
    language_switch()
    try:
        if province_server() is not None:  # a whole server: the province's page, and a commune opened there
            # Served at the root URL and, hidden from the menu, at /province (a bookmark, a link sent round).
            title = t("page_province")
            pages = [
                st.Page(_page("province"), title=title, url_path="home", default=True),
                st.Page(_page("province"), title=title, url_path="province", visibility="hidden"),
            ]
            if opened_commune():
                pages.append(st.Page(_page("overview"), title=t("page_overview"), url_path="overview"))
                pages += _week_pages()
            st.navigation(pages).run()
            return
        ws = workspace()
        user = signed_in(ws)  # with accounts, nothing below is drawn before a log-in
        st.navigation(_pages(user)).run()
    except PatrolMapError as exc:
        st.error(exc.message(lang()))


def _week_pages() -> list[StreamlitPage]:
    """Return the pages of a commune's week after its overview: hotspots, plan, coverage, meeting, papers."""
    return [
        st.Page(_page("hotspots"), title=t("page_hotspots"), url_path="hotspots"),
        st.Page(_page("plan"), title=t("page_plan"), url_path="plan"),
        st.Page(_page("coverage"), title=t("page_coverage"), url_path="coverage"),
        st.Page(_page("meeting"), title=t("page_meeting"), url_path="meeting"),
        st.Page(_page("papers"), title=t("page_papers"), url_path="papers"),
    ]


def _pages(user: User | None) -> list[StreamlitPage]:
    """Return the pages ``user`` may open (all without accounts); each page's library calls check again."""

    def may(right: Right) -> bool:
        return user is None or user.can(right)

    pages = [
        # The default page is served at the root URL; /overview must work too (a bookmark, a link sent
        # round), so the same page is also served there, hidden from the menu.
        st.Page(_page("overview"), title=t("page_overview"), url_path="home", default=True),
        st.Page(_page("overview"), title=t("page_overview"), url_path="overview", visibility="hidden"),
        *_week_pages(),
    ]
    if may(Right.READ_CONFIDENTIAL):
        pages.append(st.Page(_page("tips"), title=t("page_tips"), url_path="tips"))
    if may(Right.EDIT_DATA):
        pages += [
            st.Page(_page("people"), title=t("page_people"), url_path="people"),
            st.Page(_page("places"), title=t("page_places"), url_path="places"),
            st.Page(_page("settings"), title=t("page_settings"), url_path="settings"),
            st.Page(_page("data_import"), title=t("page_import"), url_path="import"),
        ]
    pages.append(st.Page(_page("accounts"), title=t("page_accounts"), url_path="accounts"))
    return pages
