"""Importing files into a workspace: read, check against the commune, store all or nothing."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from patrol_map.errors import InputFileError
from patrol_map.geo.admin import commune_boundary, find_commune
from patrol_map.geo.crs import WGS84
from patrol_map.geo.geocode import VillageNames, village_of
from patrol_map.geo.vn2000 import fitting_vn2000
from patrol_map.import_report import (
    ImportReport,
    file_checksum,
    imported_verbs,
    record_import,
    refusal_notice,
    stored_verbs,
)
from patrol_map.io.boundaries import read_commune, read_villages
from patrol_map.io.cells import Refusals, rows_left, unquoted_error
from patrol_map.io.columns import COORDINATE_ALIASES, refuse_unknown_fields
from patrol_map.io.incident_words import match_category
from patrol_map.io.incidents import INCIDENT_ALIASES, read_incidents
from patrol_map.io.people import PEOPLE_ALIASES, read_people
from patrol_map.io.places import BASE_KINDS, PLACE_ALIASES, read_places, require_base
from patrol_map.io.roads import read_roads
from patrol_map.io.tables import encoding_notice
from patrol_map.io.tips import CONFIDENTIAL, TIP_ALIASES, read_tips
from patrol_map.io.vector import MissingCrsError, Notice
from patrol_map.model import BOUNDARY_TOLERANCE_M, INCIDENT_CATEGORIES
from patrol_map.security.crypto import place
from patrol_map.tips import cipher_of, sealed_tips
from patrol_map.village_aliases import read_aliases
from patrol_map.workspace import Workspace

#: Roads are kept this far (metres) beyond the commune boundary, so circuits may use a road
#: that leaves the commune for a moment.
ROAD_MARGIN_M = 500.0
KINDS = ("boundary", "villages", "roads", "places", "incidents", "people", "tips")
#: The workspace layer each kind is stored in.
LAYER_OF = {kind: "commune" if kind == "boundary" else kind for kind in KINDS}


def create_workspace(
    path: str | Path,
    boundary: str | Path,
    code: str | None = None,
    overwrite: bool = False,
    crs: str | None = None,
) -> tuple[Workspace, list[Notice]]:
    """Create a workspace from a commune boundary file.

    Parameters
    ----------
    path
        The new workspace (``.gpkg``).
    boundary
        A polygon file read by :func:`patrol_map.io.boundaries.read_commune`.
    code
        The commune code (``ma_xa``) when the file holds several communes.
    overwrite
        Replace an existing workspace file.
    crs
        The CRS of the boundary's coordinates, replacing what the file states.

    Returns
    -------
    (Workspace, list of Notice)
        The workspace, and what reading the boundary repaired.

    """
    commune, notices = read_commune(boundary, code=code, assume_crs=crs)
    return Workspace.create(path, commune, overwrite=overwrite), notices


def create_workspace_of(
    path: str | Path, name: str, province: str | None = None, overwrite: bool = False
) -> tuple[Workspace, list[Notice]]:
    """Create a workspace for a commune named by its 2025 name, an old name or a code (bundled boundaries).

    Parameters
    ----------
    path
        The new workspace (``.gpkg``).
    name
        The commune, as :func:`patrol_map.geo.admin.find_commune` reads it ("Nam Trạch", "Lý Trạch").
    province
        The province, to choose between communes of one name.
    overwrite
        Replace an existing workspace file.

    Returns
    -------
    (Workspace, list of Notice)
        The workspace, and a notice when the name was an old commune's.

    Raises
    ------
    InputFileError
        When the name is unknown or ambiguous, or the province's boundaries are not bundled.

    """
    match = find_commune(name, province)
    notices = []
    if match.old is not None:
        part = " (phần lớn)" if match.partial else ""
        part_en = " (its main part)" if match.partial else ""
        notices.append(
            Notice(
                f"'{name}' là {match.old}{part}, từ 1/7/2025 thuộc {match.loai} {match.ten_xa} "
                f"(mã {match.ma_xa}, {match.ten_tinh}).",
                f"'{name}' is the former {match.old}{part_en}, part of {match.ten_xa} "
                f"(code {match.ma_xa}, {match.ten_tinh}) since 1 July 2025.",
            )
        )
    return Workspace.create(path, commune_boundary(match), overwrite=overwrite), notices


#: The kinds of table edited in the app, and what each is called in messages (a refused cell names it).
EDITED_TABLES = {"people": "danh_sach_nguoi.csv", "places": "danh_sach_dia_diem.csv"}


def import_file(
    ws: Workspace,
    kind: str,
    path: str | Path,
    crs: str | None = None,
    sheet: str | None = None,
    *,
    strict: bool = False,
    replace: bool = False,
    dry_run: bool = False,
    columns: Mapping[str, str] | None = None,
    passphrase: str | None = None,
) -> ImportReport:
    """Import one file into the workspace: read and check it all, then store it all or nothing.

    Parameters
    ----------
    ws
        The workspace.
    kind
        One of ``boundary``, ``villages``, ``roads``, ``places``, ``incidents``, ``people``, ``tips``.
    path
        The file.
    crs
        The CRS of the coordinates, replacing what a map file states, or of the ``x``/``y`` columns
        (incident CSV files).
    sheet
        The sheet of a spreadsheet (incidents, people, places); its first when None.
    strict
        Refuse the whole file for one bad row. Otherwise the incident, people and place rows that
        cannot be read are refused and listed, and the others imported; map layers (boundary,
        villages, roads) are all or nothing.
    replace
        Let villages, people, places or roads already stored be replaced; without it such an import
        is refused, saying what it would replace (a dry run only says it).
    dry_run
        Read and check everything and report what would be stored, writing nothing.
    columns
        For a table (incidents, people, places): the file's column to read a field from
        (``{"date": "Ngày báo"}``), when the column names would give another or none; the
        fields are those of :func:`table_fields`.
    passphrase
        The workspace's encryption passphrase, for ``tips`` (their confidential fields are stored
        sealed, :mod:`patrol_map.tips`); the first tips stored make the key from it.

    Returns
    -------
    ImportReport
        Rows read, imported and refused, the encoding and CRS found, what the import repaired or
        changed; also recorded in the workspace's import log (unless ``dry_run``).

    Raises
    ------
    InputFileError
        When the whole file is refused (a bad file, a missing column, every row bad, or any bad
        row with ``strict``), naming the file, row and column; or a column is chosen for a field
        the kind does not have, or that the file does not have.

    """
    importers = {
        "boundary": _import_boundary,
        "villages": _import_villages,
        "roads": _import_roads,
        "places": _import_places,
        "incidents": _import_incidents,
        "people": _import_people,
        "tips": _import_tips,
    }
    if kind not in importers:
        msg = f"unknown kind {kind!r}; expected one of {KINDS}"
        raise ValueError(msg)
    if sheet is not None and kind not in ("places", "incidents", "people", "tips"):
        raise InputFileError(
            "Chỉ bảng (vụ việc, người, địa điểm) mới nhập từ bảng tính; bỏ tùy chọn --sheet.",
            "Only tables (incidents, people, places) come from spreadsheets; leave out --sheet.",
            file=path,
        )
    refuse_unknown_fields(columns, table_fields(kind), path)
    path = Path(path)
    refused = None if strict else Refusals()
    given = _Given(crs, sheet, refused, replace, dry_run, dict(columns or {}), passphrase)
    # Under the write lock from reading what is stored to writing: two imports at once never lose
    # each other's rows (the second waits, then adds to what the first stored).
    with ws.locked():
        try:
            prepared = importers[kind](ws, path, given)
        except InputFileError as exc:
            if kind == "tips":
                raise unquoted_error(exc) from None
            raise
        if kind == "tips" and refused is not None:
            refused.unquote()  # no informant's phone, shifted into another column, is quoted anywhere
        report = ImportReport(
            kind=kind,
            file=path.name,
            sha256=file_checksum(path),
            rows_read=prepared.rows_read,
            rows_imported=prepared.rows_imported,
            encoding=prepared.encoding,
            crs=prepared.crs,
            rows_refused=refused.listed() if refused is not None else [],
            notices=[*refusal_notice(refused), *given.warnings, *prepared.notices],
            dry_run=dry_run,
            columns=prepared.columns,
            header=prepared.header,
            replaces=given.replaces,
            preview=prepared.preview if prepared.preview is not None else prepared.layers.get(LAYER_OF[kind]),
        )
        if not dry_run:
            ws.write({**prepared.layers, "imports": record_import(ws, report)}, meta=prepared.meta)
    return report


def import_edited_table(ws: Workspace, kind: str, table: pd.DataFrame) -> ImportReport:
    """Store a table edited in the app (the people, or the places) in place of the stored one.

    The table goes through the same reading and checks as an imported file (:func:`import_file`,
    strict, replacing what is stored): a wrong cell refuses the whole table, naming it
    (:data:`EDITED_TABLES`), the row (the table's first row is row 2, as in a spreadsheet under
    its header) and the column, and nothing stored changes.

    Parameters
    ----------
    ws
        The workspace.
    kind
        ``people`` or ``places``.
    table
        The rows, with the columns the kind's reader reads; places with their position as ``lon``
        and ``lat`` (WGS 84), as :func:`editable_places` gives them.

    """
    if kind not in EDITED_TABLES:
        msg = f"kind must be one of {sorted(EDITED_TABLES)}, not {kind!r}"
        raise ValueError(msg)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / EDITED_TABLES[kind]
        table.to_csv(path, index=False, encoding="utf-8")
        return import_file(ws, kind, path, strict=True, replace=True)


def editable_places(ws: Workspace) -> pd.DataFrame:
    """Return the stored places as a table to edit: their columns, and their position as ``lon``, ``lat``."""
    places = ws.read("places")
    where = places.geometry.to_crs(WGS84)
    return pd.DataFrame(places.drop(columns="geometry")).assign(lon=where.x, lat=where.y)


def table_fields(kind: str) -> tuple[str, ...]:
    """Return the fields a table of ``kind`` may give, for which a user may choose a column.

    Empty for map layers, whose columns are not chosen.
    """
    aliases: dict[str, Mapping[str, object]] = {
        "incidents": INCIDENT_ALIASES,
        "people": PEOPLE_ALIASES,
        "places": {**PLACE_ALIASES, **COORDINATE_ALIASES},
        "tips": TIP_ALIASES,
    }
    return tuple(aliases.get(kind, {}))


class CrsProposalError(InputFileError):
    """A map file states no CRS, and the VN-2000 projections in ``proposals`` put it in the commune.

    ``proposals`` maps each projection's name to the text to give as ``crs`` (``--crs``) to
    import the file in it; the user chooses, after looking at the map.
    """

    def __init__(self, vi: str, en: str, *, file: str | Path | None, proposals: dict[str, str]) -> None:
        super().__init__(vi, en, file=file)
        self.proposals = proposals


@dataclass
class _Given:
    """What the user gave an import besides the file, and the warnings it leads to."""

    crs: str | None
    sheet: str | None
    refused: Refusals | None
    replace: bool
    dry_run: bool
    columns: dict[str, str]
    passphrase: str | None = None
    warnings: list[Notice] = field(default_factory=list)
    replaces: bool = False

    def check_replace(self, path: Path, old_vi: str, old_en: str, new_vi: str, new_en: str) -> None:
        """Refuse to replace what is stored unless asked to; in a dry run, say what would be replaced."""
        vi = f"Tệp này sẽ thay {old_vi} đã lưu bằng {new_vi}."
        en = f"This file would replace the {old_en} stored with {new_en}."
        self.replaces = True
        if self.replace or self.dry_run:
            self.warnings.append(Notice(vi, en, warning=True))
            return
        raise InputFileError(
            f"{vi} Nếu đúng, hãy nhập lại với --replace (hoặc xác nhận trong ứng dụng).",
            f"{en} If that is right, import it again with --replace (or confirm in the app).",
            file=path,
        )


@dataclass
class _Prepared:
    """What an import would store, and what it read."""

    layers: dict[str, pd.DataFrame]
    notices: list[Notice]
    rows_read: int
    rows_imported: int
    encoding: str | None = None
    crs: str | None = None
    columns: dict[str, str] = field(default_factory=dict)
    header: list[str] = field(default_factory=list)
    #: What the file itself brings, to show before it is stored (the whole layer when None).
    preview: pd.DataFrame | None = None
    #: Workspace metadata to store with the layers (a new encryption key's salt and check).
    meta: dict[str, str] = field(default_factory=dict)


def _refuse_outside(
    frame: gpd.GeoDataFrame,
    area: shapely.Geometry,
    path: Path,
    what_vi: str,
    what_en: str,
    refused: Refusals | None = None,
) -> gpd.GeoDataFrame:
    """Refuse the features wholly outside ``area``, each row named by the frame's index.

    Without ``refused`` the file is refused at the first such feature; with it each is refused
    and left out, and the rest returned (the file is refused when none is left).
    """
    outside = ~frame.geometry.intersects(area).to_numpy()
    for row, name in zip(frame.index[outside], frame["name"][outside], strict=True):
        error = InputFileError(
            f"{what_vi} '{name}' nằm ngoài địa bàn xã (kiểm tra hệ tọa độ; kinh độ và vĩ độ có bị đảo "
            "không?).",
            f"{what_en} '{name}' lies outside the commune (check the coordinate reference system; are "
            "longitude and latitude swapped?).",
            file=path,
            row=int(row),
        )
        if refused is None:
            raise error
        refused.add(int(row), None, error)
    return frame if refused is None else rows_left(frame, refused, path)


def _stored(count: int, what_vi: str, what_en: str, given: _Given) -> Notice:
    vi, en = stored_verbs(given.dry_run)
    return Notice(f"{vi} {count} {what_vi}.", f"{en} {count} {what_en}.")


def _import_boundary(ws: Workspace, path: Path, given: _Given) -> _Prepared:
    commune, notices = read_commune(path, code=ws.meta["ma_xa"] or None, assume_crs=given.crs)
    notices.append(_stored(1, "ranh giới xã", "commune boundary", given))
    return _Prepared({"commune": commune}, notices, 1, 1, crs=_crs_name(commune))


def _import_villages(ws: Workspace, path: Path, given: _Given) -> _Prepared:
    with _proposing_a_crs(ws):
        villages, notices = read_villages(path, assume_crs=given.crs)
    found_crs = _crs_name(villages)
    villages = villages.to_crs(ws.crs).set_axis(range(1, len(villages) + 1))  # features from 1
    _refuse_outside(villages, ws.read("commune").geometry.iloc[0], path, "Thôn", "Village")
    villages = villages.reset_index(drop=True)
    if ws.has("villages"):
        old = ws.read("villages")
        given.check_replace(
            path, f"{len(old)} thôn", f"{len(old)} villages", f"{len(villages)}", f"{len(villages)}"
        )
    layers: dict[str, gpd.GeoDataFrame] = {"villages": villages}
    if ws.has("incidents"):
        layers["incidents"], lost = _revillage(ws.read("incidents"), ws.read_optional("villages"), villages)
        if lost:
            notices.append(
                Notice(
                    f"{lost} vụ việc chỉ ghi tên thôn không còn trong danh sách thôn mới; "
                    "chúng không được tính cho thôn nào cho đến khi nhập lại.",
                    f"{lost} incidents that give only a village name no longer match a village; they count "
                    "for no village until imported again.",
                )
            )
    notices.append(_stored(len(villages), "thôn", "villages", given))
    return _Prepared(layers, notices, len(villages), len(villages), crs=found_crs)


def _revillage(
    incidents: gpd.GeoDataFrame, old: gpd.GeoDataFrame, villages: gpd.GeoDataFrame
) -> tuple[gpd.GeoDataFrame, int]:
    """Fit stored incidents to new villages.

    A located incident takes the name of the village it now lies in. One placed only by its village
    name follows its village: the new village of the same ``village_id`` (a renamed village), else
    of the same name; it is moved inside that village. Those whose village no longer exists are
    counted and left as they were.
    """
    name_of_id = dict(zip(villages["village_id"], villages["name"], strict=True))
    renamed = {name: name_of_id.get(vid) for name, vid in zip(old["name"], old["village_id"], strict=True)}
    located = (incidents["location"] == "point").to_numpy()
    incidents.loc[located, "village"] = village_of(incidents.geometry[located], villages)
    names = VillageNames(villages["name"])
    inside = dict(zip(villages["name"], villages.geometry.representative_point(), strict=True))
    lost = 0
    for row in np.flatnonzero(~located):
        written = incidents["village"].iloc[row]
        try:
            name = renamed.get(written) or names.match(written)
        except InputFileError:
            lost += 1
            continue
        incidents.iloc[row, incidents.columns.get_loc("village")] = name
        incidents.iloc[row, incidents.columns.get_loc("geometry")] = inside[name]
    return incidents, lost


def _import_roads(ws: Workspace, path: Path, given: _Given) -> _Prepared:
    with _proposing_a_crs(ws):
        roads, notices = read_roads(path, assume_crs=given.crs)
    read, found_crs = len(roads), _crs_name(roads)
    area = ws.read("commune").geometry.iloc[0].buffer(ROAD_MARGIN_M)
    roads = roads.to_crs(ws.crs)
    roads = roads[roads.geometry.intersects(area)]
    if roads.empty:
        raise InputFileError(
            "Không có đường nào trong địa bàn xã (kiểm tra hệ tọa độ hoặc vùng của tệp).",
            "No road lies in the commune (check the coordinate reference system or the file's area).",
            file=path,
        )
    kilometres = roads.length.sum() / 1000
    if ws.has("roads"):
        old = ws.read("roads")
        old_km = old.length.sum() / 1000
        given.check_replace(
            path,
            f"{len(old)} đoạn đường ({old_km:.1f} km)",
            f"{len(old)} road lines ({old_km:.1f} km)",
            f"{len(roads)} đoạn ({kilometres:.1f} km)",
            f"{len(roads)} ({kilometres:.1f} km)",
        )
    notices.append(
        _stored(len(roads), f"đoạn đường ({kilometres:.1f} km)", f"road lines ({kilometres:.1f} km)", given)
    )
    return _Prepared({"roads": roads}, notices, read, len(roads), crs=found_crs)


def _import_places(ws: Workspace, path: Path, given: _Given) -> _Prepared:
    with _proposing_a_crs(ws):
        places, notices = read_places(
            path, assume_crs=given.crs, sheet=given.sheet, refused=given.refused, columns=given.columns
        )
    found_crs, encoding = _crs_name(places), places.attrs.get("encoding")
    places = places.to_crs(ws.crs)
    area = ws.read("commune").geometry.iloc[0].buffer(BOUNDARY_TOLERANCE_M)
    places = _refuse_outside(places, area, path, "Địa điểm", "Place", given.refused)
    require_base(places["kind"], path)
    if ws.has("places"):
        given.check_replace(path, *_place_words(ws.read("places")), *_place_words(places))
    notices.append(_stored(len(places), "địa điểm", "places", given))
    return _Prepared(
        {"places": places.reset_index(drop=True)},
        notices,
        places.attrs["rows_read"],
        len(places),
        encoding,
        found_crs,
        places.attrs["columns"],
        places.attrs["header"],
    )


def _place_words(places: pd.DataFrame) -> tuple[str, str]:
    """Say how many places and bases there are, in Vietnamese and English."""
    bases = int(places["kind"].isin(BASE_KINDS).sum())
    return (
        f"{len(places)} địa điểm ({bases} trụ sở)",
        f"{len(places)} places ({bases} {'base' if bases == 1 else 'bases'})",
    )


def _import_incidents(ws: Workspace, path: Path, given: _Given) -> _Prepared:
    commune, villages = ws.read("commune"), ws.read_optional("villages")
    read = read_incidents(
        path,
        commune,
        villages,
        xy_crs=given.crs,
        sheet=given.sheet,
        refused=given.refused,
        columns=given.columns,
        aliases=read_aliases(ws),
    )
    sealed, meta, left_out = _sealed_suspects(ws, read, given.passphrase)
    old = ws.read_optional("incidents")
    kept = ~old["incident_id"].isin(read["incident_id"])
    updated = int((~kept).sum())
    if "suspect" in old:  # an update that names no suspect keeps the name stored (sealed, same id)
        before = dict(zip(old["incident_id"], old["suspect"].fillna(""), strict=True))
        given_now = sealed["suspect"] if "suspect" in sealed else pd.Series("", index=sealed.index)
        sealed = sealed.assign(
            suspect=[
                now or before.get(incident, "")
                for incident, now in zip(sealed["incident_id"], given_now.fillna(""), strict=True)
            ]
        )
    stored = gpd.GeoDataFrame(pd.concat([old[kept], sealed], ignore_index=True), crs=ws.crs)
    if "suspect" in stored:
        stored["suspect"] = stored["suspect"].fillna("")
    added = len(read) - updated
    notices = [
        *encoding_notice(read.attrs["encoding"]),
        *left_out,
        *_old_communes(read.attrs["old_communes"], ws.commune_name),
        *_unrecognised_categories(read),
        *_incident_warnings(read, old[kept]),
        Notice(
            f"{imported_verbs(given.dry_run)[0]} {added} vụ việc mới, cập nhật {updated} vụ đã có; tổng cộng "
            f"{len(stored)} vụ.",
            f"{imported_verbs(given.dry_run)[1]} {added} new incidents and "
            f"{'update' if given.dry_run else 'updated'} {updated}; {len(stored)} in all.",
        ),
    ]
    return _Prepared(
        {"incidents": stored},
        notices,
        read.attrs["rows_read"],
        len(read),
        read.attrs["encoding"],
        read.attrs["crs"],
        read.attrs["columns"],
        read.attrs["header"],
        preview=read.drop(columns="suspect", errors="ignore"),
        meta=meta,
    )


def _sealed_suspects(
    ws: Workspace, read: gpd.GeoDataFrame, passphrase: str | None
) -> tuple[gpd.GeoDataFrame, dict[str, str], list[Notice]]:
    """Seal the suspects' names a file gives (:mod:`patrol_map.security.crypto`), never storing one in clear.

    Without a passphrase the names are left out, and a notice says so: the incidents are stored all
    the same. Returns the incidents to store, the metadata of a new key, and that notice.
    """
    if "suspect" not in read or not (read["suspect"] != "").any():
        return read.drop(columns="suspect", errors="ignore"), {}, []
    column = read.attrs["columns"]["suspect"]
    if passphrase is None:
        count = int((read["suspect"] != "").sum())
        notice = Notice(
            f"Cột '{column}' ghi tên đối tượng ({count} vụ): không lưu, vì tên đối tượng chỉ được lưu đã mã "
            "hóa. Muốn lưu, hãy nhập lại với mật khẩu mã hóa của xã (PATROL_MAP_PASSPHRASE).",
            f"The column '{column}' names suspects ({count} incidents): not stored, as suspects' names are "
            "stored only encrypted. To keep them, import again with the workspace's encryption passphrase "
            "(PATROL_MAP_PASSPHRASE).",
            warning=True,
        )
        return read.drop(columns="suspect"), {}, [notice]
    cipher, meta = cipher_of(ws, passphrase)
    sealed = read.copy()
    sealed["suspect"] = [
        cipher.seal(name, place("incidents", "suspect", incident)) if name else ""
        for incident, name in zip(read["incident_id"], read["suspect"], strict=True)
    ]
    return sealed, meta, []


def _old_communes(counts: dict[str, int], name: str) -> list[Notice]:
    """Say which rows named communes merged into this one in July 2025 (they are imported)."""
    if not counts:
        return []
    listed = "; ".join(f"{unit}: {n}" for unit, n in sorted(counts.items()))
    return [
        Notice(
            f"{sum(counts.values())} dòng ghi tên xã cũ, nay thuộc {name} ({listed}); đã nhập vào {name}.",
            f"{sum(counts.values())} rows name former communes now part of {name} ({listed}); they were "
            f"imported into {name}.",
        )
    ]


def _unrecognised_categories(read: gpd.GeoDataFrame) -> list[Notice]:
    """Say how many records were filed as ``other`` because their category text named no category."""
    texts = read.loc[read["category_text"].map(match_category).isna(), "category_text"]
    if texts.empty:
        return []
    examples = ", ".join(f"'{text}'" for text in texts.value_counts().index[:3])
    vi, en = INCIDENT_CATEGORIES["other"]
    return [
        Notice(
            f"{len(texts)} vụ việc có loại không nhận ra ({examples}) được xếp vào '{vi}'; chữ gốc được "
            "giữ ở cột category_text.",
            f"{len(texts)} incidents whose category was not recognised ({examples}) were filed as "
            f"'{en}'; the text as written is kept in the category_text column.",
        )
    ]


def _incident_warnings(read: gpd.GeoDataFrame, others: gpd.GeoDataFrame) -> list[Notice]:
    """Point out what is stored but looks wrong: future dates, and records that look like corrections."""
    notices = []
    # A date after today is most often a typing error in the year; the machine's clock may be wrong
    # too (a commune office PC with a flat battery), so it is reported rather than refused.
    future = read[read["date"] > date.today().isoformat()]
    if not future.empty:
        notices.append(
            Notice(
                f"{len(future)} vụ việc có ngày ở tương lai (ví dụ {future['date'].iloc[0]}, mã "
                f"{future['incident_id'].iloc[0]}); kiểm tra lại năm.",
                f"{len(future)} incidents are dated in the future (e.g. {future['date'].iloc[0]}, id "
                f"{future['incident_id'].iloc[0]}); check the year.",
            )
        )
    # Without an id column a corrected record is a new record: say so when one looks like a stored one.
    same = ["date", "time", "village"]
    twins = read.merge(others[same], on=same, how="inner").drop_duplicates("incident_id")
    if not twins.empty:
        example = f"{twins['date'].iloc[0]}, {twins['village'].iloc[0]}"
        notices.append(
            Notice(
                f"{len(twins)} vụ việc mới trùng ngày, giờ và thôn với vụ đã lưu (ví dụ {example}). "
                "Nếu đó là bản sửa, hãy thêm cột mã vụ để bản sửa thay bản cũ.",
                f"{len(twins)} new incidents share the date, time and village of stored ones "
                f"(e.g. {example}). If they are corrections, give the file an id column (incident_id, "
                "mã vụ) so a correction replaces the old record.",
            )
        )
    return notices


def _import_people(ws: Workspace, path: Path, given: _Given) -> _Prepared:
    people = read_people(path, given.sheet, refused=given.refused, columns=given.columns)
    missing = [force for force in ("police", "militia") if force not in set(people["force"])]
    if missing:
        vi, en = {"police": ("công an", "police officer"), "militia": ("dân quân", "militia member")}[
            missing[0]
        ]
        raise InputFileError(
            f"Tệp không có {vi} nào: mỗi tổ tuần tra phải có cả công an và dân quân. Đây có phải danh sách "
            "đầy đủ không?",
            f"The file holds no {en}: every patrol team needs both police and militia. Is this the whole "
            "list?",
            file=path,
        )
    if ws.has("people"):
        old = ws.read("people")["force"].value_counts()
        new = people["force"].value_counts()
        given.check_replace(
            path,
            f"{old.sum()} người ({old.get('police', 0)} công an, {old.get('militia', 0)} dân quân)",
            f"{old.sum()} people ({old.get('police', 0)} police, {old.get('militia', 0)} militia)",
            f"{new.sum()} người ({new.get('police', 0)} công an, {new.get('militia', 0)} dân quân)",
            f"{new.sum()} people ({new.get('police', 0)} police, {new.get('militia', 0)} militia)",
        )
    counts = people["force"].value_counts()
    police, militia = counts.get("police", 0), counts.get("militia", 0)
    notices = [
        *encoding_notice(people.attrs["encoding"]),
        _stored(
            police, f"công an và {militia} dân quân", f"police officers and {militia} militia members", given
        ),
    ]
    return _Prepared(
        {"people": people},
        notices,
        people.attrs["rows_read"],
        len(people),
        people.attrs["encoding"],
        None,
        people.attrs["columns"],
        people.attrs["header"],
    )


def _import_tips(ws: Workspace, path: Path, given: _Given) -> _Prepared:
    cipher, meta = cipher_of(ws, given.passphrase)  # a wrong passphrase is refused before the file is read
    read = read_tips(
        path,
        ws.read_optional("villages"),
        given.sheet,
        refused=given.refused,
        aliases=read_aliases(ws),
        columns=given.columns,
    )
    layer, updated = sealed_tips(ws, read, cipher)
    added = len(read) - updated
    valuable = int((read["valuable"] == "yes").sum())
    notices = [
        *encoding_notice(read.attrs["encoding"]),
        Notice(
            f"{imported_verbs(given.dry_run)[0]} {added} tin báo mới ({valuable} tin có giá trị trong tệp), "
            f"cập nhật {updated} tin đã có; tổng cộng {len(layer)} tin, nội dung và người báo đã mã hóa.",
            f"{imported_verbs(given.dry_run)[1]} {added} new tips ({valuable} valuable in the file) and "
            f"{'update' if given.dry_run else 'updated'} {updated}; {len(layer)} in all, their content and "
            "informants encrypted.",
        ),
    ]
    return _Prepared(
        {"tips": layer},
        notices,
        read.attrs["rows_read"],
        len(read),
        read.attrs["encoding"],
        None,
        read.attrs["columns"],
        read.attrs["header"],
        # What is shown before storing, and kept in the import log: never the confidential fields.
        preview=read.drop(columns=list(CONFIDENTIAL)),
        meta=meta,
    )


@contextmanager
def _proposing_a_crs(ws: Workspace) -> Iterator[None]:
    """Refuse a map file without a CRS naming the VN-2000 projections that put it in the commune, if any.

    The projection is proposed for the user to give with ``--crs`` (or confirm in the app), never
    applied unasked; when several fit (UTM 48N and TM-3 on 105° differ only by scale), none is
    preferred.
    """
    try:
        yield
    except MissingCrsError as missing:
        fits = fitting_vn2000(missing.xy, ws.read("commune"))
        if not fits:
            raise
        named = [crs.to_string() if crs.to_epsg() else crs.name for crs in fits]
        options = ", ".join(f"{crs.name} (--crs '{name}')" for crs, name in zip(fits, named, strict=True))
        if len(fits) == 1:
            then_vi = f"nếu đúng, hãy chọn hệ đó (dòng lệnh: --crs '{named[0]}') rồi xem lại bản đồ"
            then_en = f"if that is right, choose it (command line: --crs '{named[0]}') and check the map"
        else:
            then_vi = "hãy hỏi nơi lập tệp là hệ nào, chọn hệ đó (dòng lệnh: --crs) rồi xem lại bản đồ"
            then_en = (
                "ask whoever made the file which it is, choose it (command line: --crs) and check the map"
            )
        raise CrsProposalError(
            f"Tệp không ghi hệ tọa độ. Tọa độ của nó khớp với xã theo {options}; {then_vi}.",
            f"The file states no coordinate reference system. Its coordinates fall in the commune with "
            f"{options}; {then_en}.",
            file=missing.file,
            proposals={crs.name: name for crs, name in zip(fits, named, strict=True)},
        ) from None


def _crs_name(frame: gpd.GeoDataFrame) -> str | None:
    """Return the CRS a map file's coordinates were in, as its authority code when it has one."""
    if frame.crs is None:
        return None
    code = frame.crs.to_authority()
    return ":".join(code) if code else frame.crs.to_string()
