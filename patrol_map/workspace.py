"""The workspace: one GeoPackage file per commune, schema-versioned, written atomically and under a lock.

Layers: ``commune``, ``villages``, ``roads``, ``places``, ``incidents``, ``people`` (a table),
``plans``, ``imports`` (the import log), ``village_aliases``, ``tracks``, ``checkins``, ``results``
(heavy results keyed by their inputs, :mod:`patrol_map.results`), ``settings``, ``accounts``,
``tips`` (citizens' tips, their confidential fields sealed: :mod:`patrol_map.security.crypto`) and
``patrol_map_meta`` (key/value: schema version, CRS, commune, the encryption key's salt). The file
opens in QGIS as any GeoPackage does.

An incidents layer stored by an earlier version is brought up to the current columns as it is
read (see :func:`upgrade_incidents`); the file itself changes only at the next write.

**One write path.** Every write (:meth:`Workspace.write`) goes to a copy of the file in a temporary
folder beside it (``.<name>.tmp-<random>``), is checked to hold every layer it should, and then replaces
the original in one ``os.replace``: a write that fails leaves the workspace byte-for-byte as it was,
and a reader never sees half a write. A workspace the user may not write (a read-only file or
folder) is refused before anything is touched. A link to a workspace is followed: the file it names
is replaced, the link stays. A temporary folder left by a killed write is removed by the next
writer.

**One writer at a time.** Writers hold an exclusive lock on ``.<name>.lock`` beside the file
(``fcntl.flock``: released by the system when a process dies). A change that reads, then writes
(an import adding incidents, a plan replacing one week among others) runs inside
:meth:`Workspace.locked`, so a second program waits for the first and then reads what it stored;
after :data:`LOCK_WAIT_S` seconds it is refused in words.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeAlias

import geopandas as gpd
import pandas as pd
import pyogrio
from pyproj import CRS
from pyproj.exceptions import CRSError

from patrol_map._version import __version__
from patrol_map.errors import WorkspaceError
from patrol_map.geo.crs import metric_crs_for
from patrol_map.model import RETIRED_CATEGORIES, part_of_day

#: 2 from 0.2.0: stored plans have every column of :mod:`patrol_map.plan.store`'s layout. A file of
#: schema 1 is read as it is (older layouts are upgraded as they are read) and marked 2 when written.
SCHEMA_VERSION = 2
META_LAYER = "patrol_map_meta"
#: Metadata every workspace holds.
REQUIRED_META = ("schema_version", "crs", "ma_xa", "ten_xa")
#: Longest a writer waits for another to finish, seconds.
LOCK_WAIT_S = 60.0
LAYERS = (
    "commune",
    "villages",
    "roads",
    "places",
    "incidents",
    "people",
    "plans",
    "imports",
    "village_aliases",
    "tracks",
    "checkins",
    "results",
    "settings",
    "accounts",
    "tips",
)
#: Columns of the layers a commune may not have yet (a quiet commune has no incident at all).
OPTIONAL_COLUMNS = {
    "villages": ("village_id", "name", "is_synthetic"),
    "incidents": (
        "incident_id",
        "date",
        "time",
        "part_of_day",
        "category",
        "category_text",
        "source",
        "village",
        "location",
        "is_synthetic",
    ),
}

Frame: TypeAlias = pd.DataFrame | gpd.GeoDataFrame


class Workspace:
    """An open workspace file.

    Parameters
    ----------
    path
        An existing workspace made by :meth:`Workspace.create`.

    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise WorkspaceError(
                f"Không tìm thấy tệp dữ liệu xã '{self.path}'. "
                "Tạo bằng: patrol-map init hoặc patrol-map demo.",
                f"The workspace file '{self.path}' does not exist. Create it with: patrol-map init or "
                "patrol-map demo.",
            )
        self._depth = 0
        self._lock_handle: int | None = None
        self._load()

    @property
    def file(self) -> Path:
        """The workspace's file itself, a link followed."""
        return self.path.resolve()

    def _load(self) -> None:
        """Read the layer names and the metadata, checking both."""
        try:
            names = {name for name, _ in pyogrio.list_layers(self.file)}
        except pyogrio.errors.DataSourceError as exc:
            raise WorkspaceError(
                f"'{self.path.name}' không phải là tệp GeoPackage.",
                f"'{self.path.name}' is not a GeoPackage file.",
            ) from exc
        if META_LAYER not in names:
            raise WorkspaceError(
                f"'{self.path.name}' không phải là tệp dữ liệu của patrol-map.",
                f"'{self.path.name}' is not a patrol-map workspace.",
            )
        self.meta = _checked_meta(pyogrio.read_dataframe(self.file, layer=META_LAYER), self.path)
        self._layers = names - {META_LAYER}

    @classmethod
    def create(cls, path: str | Path, commune: gpd.GeoDataFrame, overwrite: bool = False) -> Workspace:
        """Create a workspace for one commune.

        Parameters
        ----------
        path
            The new ``.gpkg`` file.
        commune
            One row with ``ma_xa``, ``ten_xa`` and the boundary, in any CRS; it is stored in
            the local UTM zone, which becomes the workspace's CRS.
        overwrite
            Replace an existing file instead of refusing.

        Returns
        -------
        Workspace

        """
        path = Path(path)
        if path.exists() and not overwrite:
            raise WorkspaceError(
                f"Tệp '{path}' đã tồn tại; không ghi đè.",
                f"The file '{path}' already exists; it was not overwritten.",
            )
        crs = metric_crs_for(commune)
        meta = {
            "schema_version": str(SCHEMA_VERSION),
            "crs": crs.to_string(),
            "ma_xa": str(commune["ma_xa"].iloc[0]),
            "ten_xa": str(commune["ten_xa"].iloc[0]),
            "loai": str(commune["loai"].iloc[0]) if "loai" in commune else "xã",
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "created_by": f"patrol-map {__version__}",
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        target = path.resolve()
        scratch = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.tmp-"))
        try:
            draft = scratch / target.name
            _write_layer(draft, META_LAYER, pd.DataFrame({"key": list(meta), "value": list(meta.values())}))
            _write_layer(draft, "commune", commune.to_crs(crs))
            os.chmod(draft, 0o644)
            os.replace(draft, target)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        return cls(path)

    @property
    def crs(self) -> str:
        """The workspace's metric CRS, e.g. ``"EPSG:32648"``."""
        return self.meta["crs"]

    @property
    def commune_name(self) -> str:
        """The commune's name, e.g. ``"Nam Trạch"``."""
        return self.meta["ten_xa"]

    @property
    def commune_kind(self) -> str:
        """The kind of unit: ``xã`` (commune), ``phường`` (ward) or ``đặc khu`` (special zone)."""
        return self.meta.get("loai", "xã")

    def has(self, layer: str) -> bool:
        """Tell whether the layer has been stored."""
        return layer in self._layers

    def changed(self, *layers: str) -> dict[str, str]:
        """Return when each layer's content last changed (empty for a layer not stored).

        This is the GeoPackage's own record (``gpkg_contents.last_change``, to the millisecond),
        kept by every write of a layer, by this program or by QGIS: a layer no write touched keeps
        its time. Results computed from layers are keyed by it (:mod:`patrol_map.results`).
        """
        stamps = pyogrio.read_dataframe(
            self.file, sql="SELECT table_name, last_change FROM gpkg_contents", read_geometry=False
        )
        known = dict(zip(stamps["table_name"], stamps["last_change"].astype(str), strict=True))
        return {layer: known.get(layer, "") for layer in layers}

    def read(self, layer: str, columns: list[str] | None = None, where: str | None = None) -> Frame:
        """Read a layer (a GeoDataFrame in the workspace CRS, or a DataFrame for ``people``).

        With ``columns``, only those columns are read, with no geometry, as a DataFrame. With
        ``where``, only the rows of an SQL condition (``"key = 'ab12'"``).

        Raises
        ------
        WorkspaceError
            When the layer has not been imported yet.

        """
        if layer not in self._layers:
            raise WorkspaceError(
                f"Chưa có lớp '{layer}' trong tệp dữ liệu; hãy nhập nó trước (patrol-map import).",
                f"The workspace has no '{layer}' layer yet; import it first (patrol-map import).",
            )
        if columns is not None:
            return pyogrio.read_dataframe(
                self.file, layer=layer, columns=columns, read_geometry=False, where=where
            )
        frame = pyogrio.read_dataframe(self.file, layer=layer, where=where)
        return upgrade_incidents(frame) if layer == "incidents" else frame

    def read_optional(self, layer: str) -> gpd.GeoDataFrame:
        """Read a layer of :data:`OPTIONAL_COLUMNS`; an empty one of those columns when it is missing."""
        if layer not in OPTIONAL_COLUMNS:
            msg = f"{layer!r} is not an optional layer; optional layers are {sorted(OPTIONAL_COLUMNS)}"
            raise ValueError(msg)
        if self.has(layer):
            return self.read(layer)
        columns = {
            name: pd.Series(dtype="bool" if name == "is_synthetic" else "str")
            for name in OPTIONAL_COLUMNS[layer]
        }
        return gpd.GeoDataFrame(columns, geometry=gpd.GeoSeries([], crs=self.crs))

    @contextmanager
    def locked(self) -> Iterator[Workspace]:
        """Hold the workspace's write lock: read, then write, with no other writer in between.

        Re-entrant within one workspace object. On entering, the layers and metadata are read
        again (another program may have written since this one opened the file).

        Raises
        ------
        WorkspaceError
            When the workspace may not be written (read-only file or folder), or another
            program still holds the lock after :data:`LOCK_WAIT_S` seconds.

        """
        if self._depth == 0:
            self._refuse_read_only()
            self._lock_handle = _take_lock(self._lock_path(), self.path)
            try:
                self._remove_stale_drafts()
                self._load()
            except BaseException:
                _release_lock(self._lock_handle)
                self._lock_handle = None
                raise
        self._depth += 1
        try:
            yield self
        finally:
            self._depth -= 1
            if self._depth == 0 and self._lock_handle is not None:
                _release_lock(self._lock_handle)
                self._lock_handle = None

    def write(self, layers: Mapping[str, Frame], meta: Mapping[str, str] | None = None) -> None:
        """Replace the given layers, all or nothing, under the write lock.

        Parameters
        ----------
        layers
            Layer name -> frame. Geometries are converted to the workspace CRS.
        meta
            Metadata entries to add or replace in the same write (a new encryption key's salt).

        Raises
        ------
        WorkspaceError
            When the workspace may not be written, another program holds it too long, or the
            written copy lacks a layer (the workspace is then left as it was).

        """
        unknown = set(layers) - set(LAYERS)
        if unknown:
            msg = f"unknown workspace layers: {sorted(unknown)}"
            raise ValueError(msg)
        with self.locked():
            target = self.file
            scratch = Path(tempfile.mkdtemp(dir=target.parent, prefix=self._draft_prefix()))
            try:
                draft = scratch / target.name
                shutil.copyfile(target, draft)
                for name, frame in layers.items():
                    if isinstance(frame, gpd.GeoDataFrame):
                        frame = frame.to_crs(self.crs)
                    _write_layer(draft, name, frame)
                stored = {**self.meta, **(meta or {}), "schema_version": str(SCHEMA_VERSION)}
                if stored != self.meta:
                    _write_layer(
                        draft, META_LAYER, pd.DataFrame({"key": list(stored), "value": list(stored.values())})
                    )
                expected = self._layers | set(layers) | {META_LAYER}
                found = {name for name, _ in pyogrio.list_layers(draft)}
                if not expected <= found:
                    raise WorkspaceError(
                        f"Không ghi được tệp dữ liệu xã (thiếu lớp {sorted(expected - found)}); tệp vẫn "
                        "như cũ.",
                        f"The workspace could not be written (layers {sorted(expected - found)} went "
                        "missing); it is left as it was.",
                    )
                os.chmod(draft, target.stat().st_mode & 0o7777)
                os.replace(draft, target)
            finally:
                shutil.rmtree(scratch, ignore_errors=True)
            self._layers |= set(layers)
            self.meta = stored

    def _lock_path(self) -> Path:
        return self.file.with_name(f".{self.file.name}.lock")

    def _draft_prefix(self) -> str:
        return f".{self.file.name}.tmp-"

    def writable(self) -> bool:
        """Tell whether this program may write the workspace (its file and its folder)."""
        target = self.file
        return os.access(target, os.W_OK) and os.access(target.parent, os.W_OK | os.X_OK)

    def _refuse_read_only(self) -> None:
        """Refuse, before touching anything, a workspace whose file or folder may not be written."""
        if not self.writable():
            raise WorkspaceError(
                f"Tệp dữ liệu xã '{self.path}' (hoặc thư mục chứa nó) chỉ được đọc; không có gì được ghi. "
                "Hãy cấp quyền ghi hoặc chép tệp sang thư mục khác.",
                f"The workspace '{self.path}' (or its folder) is read-only; nothing was written. Allow "
                "writing, or copy the file to another folder.",
            )

    def _remove_stale_drafts(self) -> None:
        """Remove the temporary folders of writes that were killed (only a lock holder may)."""
        for stale in self.file.parent.glob(f"{self._draft_prefix()}*"):
            if stale.is_dir():
                shutil.rmtree(stale, ignore_errors=True)


def _take_lock(path: Path, shown: Path) -> int:
    """Open and exclusively lock ``path``, waiting up to :data:`LOCK_WAIT_S` seconds."""
    handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + LOCK_WAIT_S
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return handle
        except BlockingIOError:
            if time.monotonic() >= deadline:
                os.close(handle)
                raise WorkspaceError(
                    f"Một chương trình khác đang ghi tệp dữ liệu xã '{shown}'; hãy thử lại sau khi nó xong.",
                    f"Another program is writing the workspace '{shown}'; try again when it has finished.",
                ) from None
            time.sleep(0.1)


def _release_lock(handle: int) -> None:
    fcntl.flock(handle, fcntl.LOCK_UN)
    os.close(handle)


def _checked_meta(meta: pd.DataFrame, path: Path) -> dict[str, str]:
    """Return the metadata as a dict, refusing in words a damaged or missing value."""
    try:
        values = {
            str(k): ("" if v is None else str(v)) for k, v in zip(meta["key"], meta["value"], strict=True)
        }
    except KeyError as exc:
        raise _damaged(path, "patrol_map_meta") from exc
    for key in REQUIRED_META:
        if not values.get(key, "").strip():
            raise _damaged(path, key)
    try:
        version = int(values["schema_version"])
    except ValueError as exc:
        raise _damaged(path, "schema_version") from exc
    if version > SCHEMA_VERSION:
        raise WorkspaceError(
            f"Tệp được tạo bởi phiên bản mới hơn (lược đồ {version}); hãy cập nhật patrol-map.",
            f"The file was made by a newer version (schema {version}); update patrol-map.",
        )
    try:
        CRS.from_user_input(values["crs"])
    except CRSError as exc:
        raise _damaged(path, "crs") from exc
    return values


def _damaged(path: Path, key: str) -> WorkspaceError:
    return WorkspaceError(
        f"Tệp dữ liệu xã '{path.name}' bị hỏng: giá trị '{key}' trong lớp patrol_map_meta thiếu hoặc sai. "
        "Hãy dùng bản sao lưu, hoặc tạo lại bằng patrol-map init.",
        f"The workspace '{path.name}' is damaged: the value '{key}' of its patrol_map_meta layer is "
        "missing or wrong. Use a backup, or create it again with patrol-map init.",
    )


def upgrade_incidents(incidents: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Bring an incidents layer stored by an earlier version up to the current columns.

    Parameters
    ----------
    incidents
        The stored layer, with or without ``part_of_day``, ``category_text`` and ``source``.

    Returns
    -------
    geopandas.GeoDataFrame
        The columns of :data:`OPTIONAL_COLUMNS` first, in their order, then any others. Missing
        columns are filled: ``part_of_day`` from ``time``, ``category_text`` empty, ``source``
        ``unknown``. A retired category (``burglary``) becomes the key it is now (``theft``), its
        old name kept as ``category_text`` where that is empty. A current layer comes back unchanged.

    """
    upgraded = incidents.copy()
    if "part_of_day" not in upgraded:
        upgraded["part_of_day"] = [part_of_day(t) for t in upgraded["time"].fillna("")]
    if "category_text" not in upgraded:
        upgraded["category_text"] = ""
    if "source" not in upgraded:
        upgraded["source"] = "unknown"
    for old, (key, name) in RETIRED_CATEGORIES.items():
        retired = (upgraded["category"] == old).to_numpy()
        blank = (upgraded["category_text"].fillna("") == "").to_numpy()
        upgraded.loc[retired & blank, "category_text"] = name
        upgraded.loc[retired, "category"] = key
    first = list(OPTIONAL_COLUMNS["incidents"])
    rest = [c for c in upgraded.columns if c not in first]
    return upgraded[first + rest]


def _write_layer(path: Path, layer: str, frame: Frame) -> None:
    """Write one layer into a GeoPackage, replacing a layer of that name."""
    # An empty GeoDataFrame has no geometry to infer the layer's geometry type from.
    geometry_type = "Unknown" if isinstance(frame, gpd.GeoDataFrame) and frame.empty else None
    pyogrio.write_dataframe(frame, path, layer=layer, driver="GPKG", geometry_type=geometry_type)
