"""The workspace: one commune's data, schema-versioned, written all at once and by one writer at a time.

A workspace is a GeoPackage file (the default: it opens in QGIS; :mod:`.gpkg`) or a commune's schema
on a province server, named ``postgresql://USER@HOST:PORT/DB?commune=MA_XA`` (:mod:`.postgis`).
Both hold the same layers and answer the same calls; everything above this package sees only
:class:`Workspace`.

Layers: ``commune``, ``villages``, ``roads``, ``places``, ``incidents``, ``people`` (a table),
``plans``, ``imports`` (the import log), ``village_aliases``, ``tracks``, ``checkins``, ``results``
(heavy results keyed by their inputs, :mod:`patrol_map.results`), ``settings``, ``accounts``,
``tips`` (citizens' tips, their confidential fields sealed: :mod:`patrol_map.security.crypto`) and
``patrol_map_meta`` (key/value: schema version, CRS, commune, the encryption key's salt).

An incidents layer stored by an earlier version is brought up to the current columns as it is
read (see :func:`upgrade_incidents`); what is stored changes only at the next write.

**One write path.** Every write (:meth:`Workspace.write`) is all or nothing: a file is written as
a copy that replaces it in one ``os.replace``, a server schema in one transaction. A workspace the
user may not write is refused before anything is touched.

**One writer at a time.** A change that reads, then writes (an import adding incidents, a plan
replacing one week among others) runs inside :meth:`Workspace.locked`, so a second program waits
for the first and then reads what it stored; after :data:`LOCK_WAIT_S` seconds it is refused in
words.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias, cast

import geopandas as gpd
import pandas as pd

from patrol_map._version import __version__
from patrol_map.errors import WorkspaceError
from patrol_map.geo.crs import metric_crs_for
from patrol_map.workspace.gpkg import GeoPackageStore
from patrol_map.workspace.schema import (
    LAYERS,
    LOCK_WAIT_S,
    META_LAYER,
    OPTIONAL_COLUMNS,
    REQUIRED_META,
    SCHEMA_VERSION,
    Frame,
    checked_meta,
    is_server_address,
    upgrade_incidents,
)

if TYPE_CHECKING:
    from patrol_map.workspace.postgis import PostgisStore

__all__ = [
    "LAYERS",
    "LOCK_WAIT_S",
    "META_LAYER",
    "OPTIONAL_COLUMNS",
    "REQUIRED_META",
    "SCHEMA_VERSION",
    "Frame",
    "Workspace",
    "is_server_address",
    "upgrade_incidents",
    "workspace_name",
]

Store: TypeAlias = "GeoPackageStore | PostgisStore"


def workspace_name(text: str) -> str | Path:
    """Return what a user's text names: a server address as it is, anything else as a file's path."""
    return text if is_server_address(text) else Path(text)


def _store(where: str | Path) -> Store:
    if is_server_address(where):
        # Imported here: SQLAlchemy, psycopg and GeoAlchemy2 cost every command and the app's start
        # most of a second, and a commune's laptop never opens a server.
        from patrol_map.workspace.postgis import PostgisStore, ServerAddress

        return PostgisStore(ServerAddress(str(where)))
    return GeoPackageStore(where)


class Workspace:
    """An open workspace.

    Parameters
    ----------
    where
        A workspace made by :meth:`Workspace.create`: a ``.gpkg`` file, or a server address
        ``postgresql://USER@HOST:PORT/DB?commune=MA_XA``.

    """

    def __init__(self, where: str | Path) -> None:
        #: What the workspace was opened with (a server address keeps its password: never shown).
        self.where = str(where)
        self.store: Store = _store(where)
        self._depth = 0
        self._lock: Iterator[None] | None = None
        self._load()

    @property
    def path(self) -> Path | None:
        """The workspace's file as given (a link not followed); ``None`` on a server."""
        return self.store.path if isinstance(self.store, GeoPackageStore) else None

    @property
    def file(self) -> Path:
        """The workspace's file itself, a link followed.

        Raises
        ------
        WorkspaceError
            On a server, which has no file: what lives in or beside the file (local accounts and
            their audit log, backups) is a commune laptop's, not the province server's.

        """
        self.refuse_on_server()
        return cast(GeoPackageStore, self.store).file

    def refuse_on_server(self) -> None:
        """Refuse, in words, what only a commune's file holds: accounts, their audit log, tips, backups.

        Raises
        ------
        WorkspaceError
            On a server workspace.

        """
        if isinstance(self.store, GeoPackageStore):
            return
        raise WorkspaceError(
            f"'{self.shown}' là dữ liệu trên máy chủ, không phải tệp: tài khoản, nhật ký và sao lưu "
            "chỉ có ở tệp dữ liệu của xã (.gpkg).",
            f"'{self.shown}' is a server workspace, not a file: accounts, their audit log and backups "
            "belong to a commune's workspace file (.gpkg).",
        )

    @property
    def shown(self) -> str:
        """The workspace as named to the user: its path, or its server address without password."""
        return str(self.store.path) if isinstance(self.store, GeoPackageStore) else self.store.name

    @property
    def on_server(self) -> bool:
        """Tell whether the workspace is a commune's schema on a server."""
        return not isinstance(self.store, GeoPackageStore)

    def _load(self) -> None:
        """Read the layer names and the metadata, checking both."""
        names = self.store.layer_names()
        if META_LAYER not in names:
            raise WorkspaceError(
                f"'{self.store.name}' không phải là tệp dữ liệu của patrol-map.",
                f"'{self.store.name}' is not a patrol-map workspace.",
            )
        self.meta = checked_meta(self.store.read_meta(), self.store.name)
        self._layers = names - {META_LAYER}

    @classmethod
    def create(cls, where: str | Path, commune: gpd.GeoDataFrame, overwrite: bool = False) -> Workspace:
        """Create a workspace for one commune.

        Parameters
        ----------
        where
            The new ``.gpkg`` file, or a server address with ``?commune=``.
        commune
            One row with ``ma_xa``, ``ten_xa`` and the boundary, in any CRS; it is stored in
            the local UTM zone, which becomes the workspace's CRS.
        overwrite
            Replace an existing workspace instead of refusing.

        Returns
        -------
        Workspace

        """
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
        if is_server_address(where):
            from patrol_map.workspace.postgis import PostgisStore, ServerAddress  # as in _store

            PostgisStore.create(ServerAddress(str(where)), meta, commune.to_crs(crs), overwrite)
            return cls(where)
        path = Path(where)
        if path.exists() and not overwrite:
            raise WorkspaceError(
                f"Tệp '{path}' đã tồn tại; không ghi đè.",
                f"The file '{path}' already exists; it was not overwritten.",
            )
        GeoPackageStore.create(path, meta, commune.to_crs(crs))
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

        A layer no write touched keeps its time; results computed from layers are keyed by it
        (:mod:`patrol_map.results`).
        """
        return self.store.changed(layers)

    def stamp(self) -> str:
        """Return what changes with every write (a cache key of the workspace's whole content)."""
        return self.store.stamp()

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
        frame = self.store.read(layer, columns, where)
        return upgrade_incidents(frame) if layer == "incidents" and columns is None else frame

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
        again (another program may have written since this one opened the workspace).

        Raises
        ------
        WorkspaceError
            When the workspace may not be written (read-only file, folder or account), or another
            program still holds the lock after :data:`LOCK_WAIT_S` seconds.

        """
        if self._depth == 0:
            self._refuse_read_only()
            with self.store.lock():
                self._load()
                self._depth += 1
                try:
                    yield self
                finally:
                    self._depth -= 1
            return
        self._depth += 1
        try:
            yield self
        finally:
            self._depth -= 1

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
            converted = {
                name: frame.to_crs(self.crs) if isinstance(frame, gpd.GeoDataFrame) else frame
                for name, frame in layers.items()
            }
            stored = {**self.meta, **(meta or {}), "schema_version": str(SCHEMA_VERSION)}
            expected = self._layers | set(layers) | {META_LAYER}
            self.store.write(converted, stored if stored != self.meta else None, expected)
            self._layers |= set(layers)
            self.meta = stored

    def writable(self) -> bool:
        """Tell whether this program may write the workspace."""
        return self.store.writable()

    def _refuse_read_only(self) -> None:
        """Refuse, before touching anything, a workspace that may not be written."""
        if not self.writable():
            raise WorkspaceError(
                f"Tệp dữ liệu xã '{self.shown}' (hoặc thư mục chứa nó) chỉ được đọc; không có gì được ghi. "
                "Hãy cấp quyền ghi hoặc chép tệp sang thư mục khác.",
                f"The workspace '{self.shown}' (or its folder) is read-only; nothing was written. Allow "
                "writing, or copy the file to another folder.",
            )
