"""The default store of a workspace: one GeoPackage file per commune (it opens in QGIS).

**One write path.** Every write goes to a copy of the file in a temporary folder beside it
(``.<name>.tmp-<random>``), is checked to hold every layer it should, and then replaces the original
in one ``os.replace``: a write that fails leaves the workspace byte-for-byte as it was, and a reader
never sees half a write. A workspace the user may not write (a read-only file or folder) is refused
before anything is touched. A link to a workspace is followed: the file it names is replaced, the
link stays. A temporary folder left by a killed write is removed by the next writer.

**One writer at a time.** Writers hold an exclusive lock on ``.<name>.lock`` beside the file
(``fcntl.flock``: released by the system when a process dies), waiting up to
:data:`~patrol_map.workspace.schema.LOCK_WAIT_S` seconds for another writer.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import closing, contextmanager
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

from patrol_map.errors import WorkspaceError
from patrol_map.workspace.schema import LOCK_WAIT_S, META_LAYER, Frame, meta_frame

#: The query of a GeoPackage's layers.
CONTENTS = "SELECT table_name FROM gpkg_contents"


class GeoPackageStore:
    """The layers of one workspace in a GeoPackage file.

    Parameters
    ----------
    path
        The file, which must exist (:meth:`create` makes one).

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

    @property
    def name(self) -> str:
        """The workspace as shown to the user: its file's name."""
        return self.path.name

    @property
    def file(self) -> Path:
        """The file itself, a link followed."""
        return self.path.resolve()

    @classmethod
    def create(cls, path: str | Path, meta: dict[str, str], commune: gpd.GeoDataFrame) -> GeoPackageStore:
        """Write a new file holding only the metadata and the commune, all at once."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        target = path.resolve()
        scratch = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.tmp-"))
        try:
            draft = scratch / target.name
            _write_layer(draft, META_LAYER, meta_frame(meta))
            _write_layer(draft, "commune", commune)
            os.chmod(draft, 0o644)
            os.replace(draft, target)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        return cls(path)

    def layer_names(self) -> set[str]:
        """Every layer the file holds, the metadata's included: the GeoPackage's table of contents."""
        return {name for (name,) in _catalogue(self.path, CONTENTS)}

    def read_meta(self) -> pd.DataFrame:
        """Read the metadata table (``key``, ``value``)."""
        rows = _catalogue(self.path, f'SELECT "key", "value" FROM "{META_LAYER}"')
        return pd.DataFrame(rows, columns=["key", "value"])

    def read(self, layer: str, columns: list[str] | None = None, where: str | None = None) -> Frame:
        """Read a layer, or only ``columns`` of it (no geometry), or only the rows of ``where``."""
        if columns is not None:
            return pyogrio.read_dataframe(
                self.file, layer=layer, columns=columns, read_geometry=False, where=where
            )
        return pyogrio.read_dataframe(self.file, layer=layer, where=where)

    def changed(self, layers: tuple[str, ...]) -> dict[str, str]:
        """When each layer last changed: the GeoPackage's own ``gpkg_contents.last_change``.

        Kept by every write of a layer, by this program or by QGIS, to the millisecond.
        """
        rows = _catalogue(self.path, "SELECT table_name, last_change FROM gpkg_contents")
        # Written as GDAL reads them (UTC, to the millisecond), as earlier versions stored them with
        # results and with the stamps of the last sync.
        stamps = pd.to_datetime(
            pd.Series([when for _, when in rows]), utc=True, format="ISO8601", errors="coerce"
        )
        shown = stamps.astype("datetime64[ms, UTC]").astype(str)
        known = dict(zip([name for name, _ in rows], shown, strict=True))
        return {layer: known.get(layer, "") for layer in layers}

    def stamp(self) -> str:
        """Return what changes with every write: the file's modification time."""
        return str(self.file.stat().st_mtime_ns)

    def writable(self) -> bool:
        """Tell whether this program may write the file and its folder."""
        target = self.file
        return os.access(target, os.W_OK) and os.access(target.parent, os.W_OK | os.X_OK)

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the file's write lock; a killed write's temporary folder is removed on taking it."""
        handle = _take_lock(self.file.with_name(f".{self.file.name}.lock"), self.path)
        try:
            for stale in self.file.parent.glob(f"{self._draft_prefix()}*"):
                if stale.is_dir():
                    shutil.rmtree(stale, ignore_errors=True)
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
            os.close(handle)

    def write(self, layers: Mapping[str, Frame], meta: dict[str, str] | None, expected: set[str]) -> None:
        """Replace ``layers`` (and the metadata, when given) in a copy, check it, then swap it in.

        ``expected`` names every layer the written file must hold.
        """
        target = self.file
        scratch = Path(tempfile.mkdtemp(dir=target.parent, prefix=self._draft_prefix()))
        try:
            draft = scratch / target.name
            shutil.copyfile(target, draft)
            for name, frame in layers.items():
                _write_layer(draft, name, frame)
            if meta is not None:
                _write_layer(draft, META_LAYER, meta_frame(meta))
            found = {name for (name,) in _catalogue(draft, CONTENTS)}
            if not expected <= found:
                raise WorkspaceError(
                    f"Không ghi được tệp dữ liệu xã (thiếu lớp {sorted(expected - found)}); tệp vẫn như cũ.",
                    f"The workspace could not be written (layers {sorted(expected - found)} went "
                    "missing); it is left as it was.",
                )
            os.chmod(draft, target.stat().st_mode & 0o7777)
            os.replace(draft, target)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)

    def _draft_prefix(self) -> str:
        return f".{self.file.name}.tmp-"


def _catalogue(path: Path, query: str) -> list[tuple]:
    """Run a query on a GeoPackage's own tables (its contents, the metadata), read-only.

    Read with :mod:`sqlite3`, not GDAL: opening a file through GDAL costs some 6 ms, and the layer
    list and metadata are read again on every write lock and every open (the app's pages, each
    import). The layers themselves are read and written through GDAL (pyogrio) only.
    """
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as con:
            return con.execute(query).fetchall()
    except sqlite3.Error as exc:
        raise WorkspaceError(
            f"'{path.name}' không phải là tệp GeoPackage của patrol-map.",
            f"'{path.name}' is not a patrol-map GeoPackage file.",
        ) from exc


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


def _write_layer(path: Path, layer: str, frame: Frame) -> None:
    """Write one layer into a GeoPackage, replacing a layer of that name."""
    # An empty GeoDataFrame has no geometry to infer the layer's geometry type from.
    geometry_type = "Unknown" if isinstance(frame, gpd.GeoDataFrame) and frame.empty else None
    pyogrio.write_dataframe(frame, path, layer=layer, driver="GPKG", geometry_type=geometry_type)
