"""The import page: choose a file, see what importing it would do, confirm, import.

The preview is the library's dry run (:func:`patrol_map.importing.import_file` with
``dry_run=True``); nothing is written until the user has seen the columns read, the rows refused
and what would be replaced, and pressed the button.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from patrol_map.errors import PatrolMapError
from patrol_map.import_report import ImportReport
from patrol_map.importing import KINDS, CrsProposalError, import_file, table_fields
from patrol_map.io.tables import table_header
from patrol_map.maps.views import import_preview_map
from patrol_map.ui.common import lang, t, workspace

#: Kinds a user imports from this page (the boundary is the workspace's own, set when it is made).
PAGE_KINDS = tuple(kind for kind in KINDS if kind != "boundary")
#: File types offered by the uploader.
FILE_TYPES = [
    "csv",
    "xlsx",
    "xlsm",
    "xls",
    "ods",
    "geojson",
    "json",
    "zip",
    "gpkg",
    "kml",
    "kmz",
    "gpx",
    "osm",
    "pbf",
]


def render() -> None:
    """Show the import page."""
    st.header(t("page_import"))
    labels = {k: t(f"import_kind_{k}") for k in PAGE_KINDS}
    kind = st.selectbox(t("import_kind"), PAGE_KINDS, format_func=labels.__getitem__)
    uploaded = st.file_uploader(t("import_file"), type=FILE_TYPES)
    columns = st.columns(3)
    sheet = columns[0].text_input(t("import_sheet")).strip() or None
    crs = columns[1].text_input(t("import_crs"), key="import_crs").strip() or None
    strict = columns[2].checkbox(t("import_strict"))
    if uploaded is None:
        st.info(t("import_choose"))
        return
    # The columns chosen for fields, per file: a new file starts from the names' guesses.
    mapping_key = f"import_columns:{kind}:{uploaded.name}:{uploaded.size}"
    chosen = _chosen_columns(mapping_key, table_fields(kind))
    with tempfile.TemporaryDirectory() as folder:
        # The library reads files by path: the upload keeps its name (its suffix says its format).
        path = Path(folder) / Path(uploaded.name).name
        path.write_bytes(uploaded.getvalue())
        ws = workspace()
        try:
            preview = import_file(
                ws, kind, path, crs=crs, sheet=sheet, strict=strict, dry_run=True, columns=chosen
            )
        except CrsProposalError as exc:
            st.error(exc.message(lang()))
            _choose_crs(exc.proposals)
            return
        except PatrolMapError as exc:
            st.error(exc.message(lang()))
            # A column misread (or not found) is put right here: the editor needs only the header.
            if table_fields(kind):
                try:
                    header = table_header(path, sheet)
                except PatrolMapError:
                    return
                _mapping_editor(mapping_key, table_fields(kind), header)
            return
        _show(preview)
        if preview.header:
            _mapping_editor(mapping_key, table_fields(kind), preview.header)
        if preview.preview is not None and "geometry" in preview.preview.columns:
            st.caption(t("import_map"))
            fmap = import_preview_map(ws, preview.preview, labels.get(kind, kind), lang())
            st_folium(fmap, key="import_map", returned_objects=[], height=480, width=None)
        confirmed = st.checkbox(t("import_confirm_replace" if preview.replaces else "import_confirm"))
        if st.button(t("import_go"), type="primary", disabled=not confirmed):
            try:
                done = import_file(
                    ws,
                    kind,
                    path,
                    crs=crs,
                    sheet=sheet,
                    strict=strict,
                    replace=preview.replaces,
                    columns=chosen,
                )
            except PatrolMapError as exc:
                st.error(exc.message(lang()))
                return
            st.cache_data.clear()
            st.success(t("import_done", imported=done.rows_imported, file=done.file))


#: The choices of the column editor besides the file's columns.
_AUTO, _SKIP = "\x00auto", "\x00skip"


def _chosen_columns(key: str, fields: tuple[str, ...]) -> dict[str, str]:
    """Return the columns the user chose for fields of this file ("" for a field not to read)."""
    chosen = {}
    for field in fields:
        value = st.session_state.get(f"{key}:{field}", _AUTO)
        if value != _AUTO:
            chosen[field] = "" if value == _SKIP else value
    return chosen


def _mapping_editor(key: str, fields: tuple[str, ...], header: list[str]) -> None:
    """Let the user choose the file's column for each field; a choice reruns the preview."""
    names = {_AUTO: t("import_auto"), _SKIP: t("import_skip")}
    with st.expander(t("import_mapping")):
        st.caption(t("import_mapping_help"))
        for field in fields:
            st.selectbox(
                field,
                [_AUTO, _SKIP, *header],
                format_func=lambda option: names.get(option, option),
                key=f"{key}:{field}",
            )


def _choose_crs(proposals: dict[str, str]) -> None:
    """Offer the projections that put a file without a CRS in the commune; a click previews it in one.

    The choice only fills the CRS field: the file is then previewed on the map, and imported
    only when the user presses Import.
    """
    choice = st.radio(t("import_crs_choose"), list(proposals), key="import_crs_choice")
    st.button(
        t("import_crs_try"),
        on_click=lambda: st.session_state.update(import_crs=proposals[choice]),
    )


def _show(report: ImportReport) -> None:
    """Show a dry run's report: counts, encoding and CRS, the columns read, notices, refused rows."""
    metrics = st.columns(3)
    metrics[0].metric(t("import_rows_read"), report.rows_read)
    metrics[1].metric(t("import_rows_imported"), report.rows_imported)
    metrics[2].metric(t("import_rows_refused"), len(report.rows_refused))
    st.caption(t("import_read_as", encoding=report.encoding or "-", crs=report.crs or "-"))
    if report.columns:
        st.subheader(t("import_columns"))
        st.dataframe(
            pd.DataFrame(
                {
                    t("import_field"): list(report.columns),
                    t("import_file_column"): list(report.columns.values()),
                }
            ),
            hide_index=True,
        )
    for notice in report.notices:
        st.info(notice.message(lang()))
    if report.rows_refused:
        st.subheader(t("import_refused"))
        st.dataframe(
            pd.DataFrame(
                {
                    t("import_row"): [r.row for r in report.rows_refused],
                    t("import_column"): [r.column or "" for r in report.rows_refused],
                    t("import_reason"): [
                        r.reason_vi if lang() == "vi" else r.reason_en for r in report.rows_refused
                    ],
                }
            ),
            hide_index=True,
        )
