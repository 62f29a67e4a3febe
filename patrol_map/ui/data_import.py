"""The import page: choose a file, see what importing it would do, confirm, import.

The preview is the library's dry run (:func:`patrol_map.importing.import_file`, or
:func:`patrol_map.recording.import_record` for what patrols did, with ``dry_run=True``); nothing is
written until the user has seen the columns read, the rows refused, what would be replaced and,
for a map file, where its features fall, and pressed the button.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from patrol_map.errors import PatrolMapError
from patrol_map.i18n.strings import STRINGS
from patrol_map.import_report import ImportReport
from patrol_map.importing import KINDS, CrsProposalError, import_file, table_fields
from patrol_map.io.spreadsheet import SPREADSHEET_SUFFIXES, sheet_names
from patrol_map.io.tables import table_header
from patrol_map.maps.views import import_preview_map
from patrol_map.plan.store import stored_patrols
from patrol_map.recording import RECORD_KINDS, import_record, record_fields
from patrol_map.results import refresh
from patrol_map.ui.common import lang, show_map, t, workspace, workspace_key
from patrol_map.village_aliases import add_alias
from patrol_map.workspace import Workspace

#: Kinds a user imports from this page (the boundary is the workspace's own, set when it is made).
#: Tips are imported on their own page, with the passphrase that seals them (:mod:`patrol_map.ui.tips`).
PAGE_KINDS = (*(kind for kind in KINDS if kind not in ("boundary", "tips")), *RECORD_KINDS)
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
#: Kinds whose columns the user may choose.
_TABLE_KINDS = ("incidents", "people", "places", "checkins")
#: The choices of the column editor besides the file's columns.
_AUTO, _SKIP = "\x00auto", "\x00skip"


def render() -> None:
    """Show the import page."""
    st.header(t("page_import"))
    labels = {k: t(f"import_kind_{k}") for k in PAGE_KINDS}
    # Keyed: a change of language (the labels) keeps the kind and the file chosen.
    kind = st.selectbox(t("import_kind"), PAGE_KINDS, format_func=labels.__getitem__, key="import_kind")
    nonce = st.session_state.setdefault("import_nonce", 0)  # a new, empty uploader after each import
    uploaded = st.file_uploader(t("import_file"), type=FILE_TYPES, key=f"import_file_{nonce}")
    done = st.session_state.pop("import_done", None)
    if done is not None:
        _said(done, success=True)
    if uploaded is None:
        if done is None:
            st.info(t("import_choose"))
        return
    ws = workspace()
    with tempfile.TemporaryDirectory() as folder:
        # The library reads files by path: the upload keeps its name (its suffix says its format).
        path = Path(folder) / Path(uploaded.name).name
        path.write_bytes(uploaded.getvalue())
        options = _options(ws, kind, path)
        fields = _fields(kind)
        # The columns chosen for fields, per file: a new file starts from the names' guesses.
        mapping_key = f"import_columns:{kind}:{uploaded.name}:{uploaded.size}"
        options["columns"] = _chosen_columns(mapping_key, fields)
        try:
            preview = _import(ws, kind, path, options, dry_run=True)
        except CrsProposalError as exc:
            st.error(exc.message(lang()))
            _choose_crs(exc.proposals)
            return
        except PatrolMapError as exc:
            st.error(exc.message(lang()))
            # A column misread (or not found) is put right here: the editor needs only the header.
            if fields:
                try:
                    header = table_header(path, options.get("sheet"))
                except PatrolMapError:
                    return
                _mapping_editor(mapping_key, fields, header)
            return
        _show(preview)
        _village_names(ws, preview)
        if preview.header and fields:
            _mapping_editor(mapping_key, fields, preview.header)
        _preview(ws, preview, labels[kind])
        confirm = "import_confirm_replace" if preview.replaces else "import_confirm"
        confirmed = st.checkbox(t(confirm), key=f"import_confirmed_{nonce}")
        if st.button(t("import_go"), type="primary", disabled=not confirmed):
            try:
                result = _import(ws, kind, path, {**options, "replace": preview.replaces}, dry_run=False)
                # Hotspots, trends and the forecast of the new data, computed now, not when a page
                # is shown (nothing when the import changed none of their data).
                with st.status(t("results_running"), expanded=False):
                    refresh(ws)
            except PatrolMapError as exc:
                st.error(exc.message(lang()))
                return
            st.cache_data.clear()
            st.session_state["import_done"] = result
            st.session_state["import_nonce"] = nonce + 1
            st.rerun()


def _options(ws: Workspace, kind: str, path: Path) -> dict[str, Any]:
    """Draw the options that apply to the kind and the file; return them as the library takes them."""
    options: dict[str, Any] = {}
    columns = st.columns(3)
    if path.suffix.lower() in SPREADSHEET_SUFFIXES:
        names = sheet_names(path)
        if len(names) > 1:
            options["sheet"] = columns[0].selectbox(t("import_sheet"), names, key=f"import_sheet:{path.name}")
    if kind == "tracks":
        options["patrol"] = _patrol_choice(ws, columns[1]) or None
    elif kind != "checkins":
        options["crs"] = columns[1].text_input(t("import_crs"), key="import_crs").strip() or None
    if kind in _TABLE_KINDS:
        options["strict"] = columns[2].checkbox(t("import_strict"))
    return options


def _patrol_choice(ws: Workspace, where: st.delta_generator.DeltaGenerator) -> str:
    """Offer the stored patrols, the latest first; empty to let the track's times choose."""
    patrols = stored_patrols(ws)
    if patrols is None:
        return ""
    ordered = patrols.sort_values("shift_start", ascending=False)
    names = dict(zip(ordered["patrol_id"], ordered["names"], strict=True))
    return str(
        where.selectbox(
            t("import_patrol"),
            ["", *names],
            format_func=lambda pid: f"{pid} ({', '.join(names[pid])})" if pid else "",
            key="import_patrol",
        )
    )


def _fields(kind: str) -> tuple[str, ...]:
    """Return the fields of a table kind whose column the user may choose (none for map files)."""
    return table_fields(kind) or record_fields(kind)


def _import(ws: Workspace, kind: str, path: Path, options: dict[str, Any], *, dry_run: bool) -> ImportReport:
    """Import (or preview) with the library: the record kinds through :func:`import_record`."""
    given = {key: value for key, value in options.items() if value is not None}
    if kind in RECORD_KINDS:
        given.pop("replace", None)
        return import_record(ws, kind, path, dry_run=dry_run, **given)
    return import_file(ws, kind, path, dry_run=dry_run, **given)


def _field(field: str) -> str:
    """Name a field in the page's language (its key when no text is known)."""
    return t(f"field_{field}") if f"field_{field}" in STRINGS else field


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
    with st.expander(t("import_mapping"), expanded=bool(_chosen_columns(key, fields))):
        st.caption(t("import_mapping_help"))
        for field in fields:
            st.selectbox(
                _field(field),
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


def _said(report: ImportReport, *, success: bool = False) -> None:
    """Show a report's notices: what it would replace as a warning, the rest as information."""
    for notice in report.notices:
        show = st.warning if notice.warning else st.success if success else st.info
        show(notice.message(lang()))


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
                    t("import_field"): [_field(field) for field in report.columns],
                    t("import_file_column"): list(report.columns.values()),
                }
            ),
            hide_index=True,
        )
    _said(report)
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
            column_config={t("import_reason"): st.column_config.TextColumn(width="large")},
        )


def _village_names(ws: Workspace, report: ImportReport) -> None:
    """Let the user say which village each refused village name means; it is remembered as an alias."""
    column = report.columns.get("village")
    written = [r.value for r in report.rows_refused if column and r.column == column and r.value]
    if not written or not ws.has("villages"):
        return
    villages = sorted(ws.read("villages")["name"])
    st.subheader(t("import_names"))
    st.caption(t("import_names_help"))
    for name in dict.fromkeys(written):
        left, right = st.columns([3, 1])
        chosen = left.selectbox(
            t("import_name_means", name=name, rows=written.count(name)),
            ["", *villages],
            key=f"import_alias:{name}",
        )
        if right.button(t("import_remember"), key=f"import_alias_go:{name}", disabled=not chosen):
            try:
                add_alias(ws, name, chosen)
            except PatrolMapError as exc:
                st.error(exc.message(lang()))
                return
            st.rerun()


def _preview(ws: Workspace, report: ImportReport, label: str) -> None:
    """Show what the file brings: its first rows, and for features a map over the commune."""
    frame = report.preview
    if frame is None or frame.empty:
        return
    with st.expander(t("import_rows_title")):
        st.dataframe(pd.DataFrame(frame.drop(columns="geometry", errors="ignore")).head(20), hide_index=True)
    if "geometry" in frame.columns:
        st.caption(t("import_map"))
        show_map(
            ("import", *workspace_key(ws), report.sha256, label, lang()),
            lambda: import_preview_map(ws, frame, label, lang()),
            height=480,
        )
