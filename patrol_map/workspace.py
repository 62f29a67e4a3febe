"""The workspace: one GeoPackage file per commune, schema-versioned, written atomically.

Layers: ``commune``, ``villages``, ``roads``, ``places``, ``incidents``, ``people`` (a table),
``plans``, and ``patrol_map_meta`` (key/value: schema version, CRS, commune). The file
opens in QGIS as any GeoPackage does.

An incidents layer stored by an earlier version is brought up to the current columns as it is
read (see :func:`upgrade_incidents`); the file itself changes only at the next write.

Every write goes to a copy of the file beside it, which then replaces the original in
one ``os.replace``: a write that fails leaves the workspace byte-for-byte as it was, and a
reader never sees half a write.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

from patrol_map._version import __version__
from patrol_map.errors import WorkspaceError
from patrol_map.geo.crs import metric_crs_for
from patrol_map.model import RETIRED_CATEGORIES, part_of_day

SCHEMA_VERSION = 1
META_LAYER = "patrol_map_meta"
LAYERS = ("commune", "villages", "roads", "places", "incidents", "people", "plans")
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

Frame = pd.DataFrame | gpd.GeoDataFrame


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
        try:
            names = {name for name, _ in pyogrio.list_layers(self.path)}
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
        meta = pyogrio.read_dataframe(self.path, layer=META_LAYER)
        self.meta: dict[str, str] = dict(zip(meta["key"], meta["value"], strict=True))
        version = int(self.meta.get("schema_version", "0"))
        if version > SCHEMA_VERSION:
            raise WorkspaceError(
                f"Tệp được tạo bởi phiên bản mới hơn (lược đồ {version}); hãy cập nhật patrol-map.",
                f"The file was made by a newer version (schema {version}); update patrol-map.",
            )
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
        with tempfile.TemporaryDirectory(dir=path.parent) as scratch:
            draft = Path(scratch) / path.name
            _write_layer(draft, META_LAYER, pd.DataFrame({"key": list(meta), "value": list(meta.values())}))
            _write_layer(draft, "commune", commune.to_crs(crs))
            os.replace(draft, path)
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

    def read(self, layer: str) -> Frame:
        """Read a layer (a GeoDataFrame in the workspace CRS, or a DataFrame for ``people``).

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
        frame = pyogrio.read_dataframe(self.path, layer=layer)
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

    def write(self, layers: Mapping[str, Frame]) -> None:
        """Replace the given layers, all or nothing.

        Parameters
        ----------
        layers
            Layer name -> frame. Geometries are converted to the workspace CRS.

        """
        unknown = set(layers) - set(LAYERS)
        if unknown:
            msg = f"unknown workspace layers: {sorted(unknown)}"
            raise ValueError(msg)
        with tempfile.TemporaryDirectory(dir=self.path.parent) as scratch:
            draft = Path(scratch) / self.path.name
            shutil.copy2(self.path, draft)
            for name, frame in layers.items():
                if isinstance(frame, gpd.GeoDataFrame):
                    frame = frame.to_crs(self.crs)
                _write_layer(draft, name, frame)
            os.replace(draft, self.path)
        self._layers |= set(layers)


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
