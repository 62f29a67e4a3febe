"""Reading vector files (GeoJSON, Shapefile, zipped Shapefile, GeoPackage, OSM) with pyogrio."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyproj import CRS
from pyproj.exceptions import CRSError

from patrol_map.errors import InputFileError
from patrol_map.geo.crs import WGS84
from patrol_map.geo.vn2000 import tm3_crs
from patrol_map.io.sources import dataset_path, needs_own_decoding, read_shapefile_text


@dataclass(frozen=True)
class Notice:
    """Something an import changed or noticed, to tell the user (not an error)."""

    vi: str
    en: str
    #: True for what the user must agree to before it happens (stored data replaced).
    warning: bool = False

    def message(self, lang: str = "vi") -> str:
        """Return the notice in ``"vi"`` or ``"en"``."""
        return self.vi if lang == "vi" else self.en


#: ``VN-2000 / TM-3 105-00`` (or ``VN2000 TM3 105:00``): VN-2000 / TM-3 on that central meridian.
_TM3_NAME = re.compile(r"vn-?2000\W*tm-?3\W*(\d{3})\W(\d{2})", re.IGNORECASE)


class MissingCrsError(InputFileError):
    """A map file that states no CRS; ``xy`` holds a point of each of its first features (as written)."""

    def __init__(self, vi: str, en: str, *, file: str | Path, xy: np.ndarray) -> None:
        super().__init__(vi, en, file=file)
        self.xy = xy


def parse_crs(text: str, path: str | Path | None = None) -> CRS:
    """Return the CRS named by ``text``: ``"EPSG:3405"``, a WKT, a PROJ string, ``"VN-2000 / TM-3 105-00"``.

    Raises
    ------
    InputFileError
        When pyproj does not know the CRS.

    """
    named = _TM3_NAME.search(text)
    if named is not None:
        return tm3_crs(int(named[1]) + int(named[2]) / 60)
    try:
        return CRS.from_user_input(text)
    except CRSError as exc:
        raise InputFileError(
            f"Hệ tọa độ '{text}' không hợp lệ. Ví dụ hợp lệ: EPSG:4326 (WGS 84), EPSG:3405 (VN-2000).",
            f"Unknown coordinate reference system '{text}'. Valid examples: EPSG:4326 (WGS 84), "
            "EPSG:3405 (VN-2000).",
            file=path,
        ) from exc


def read_vector(
    path: str | Path, layer: str | None = None, assume_crs: str | None = None
) -> tuple[gpd.GeoDataFrame, list[Notice]]:
    """Read a vector file into a GeoDataFrame that has a CRS.

    Parameters
    ----------
    path
        A GeoJSON, Shapefile (``.shp`` or a ``.zip`` holding one), GeoPackage or OSM file.
    layer
        The layer to read, for files with several; the first layer by default.
    assume_crs
        The CRS of the coordinates, given by the user: it replaces what the file states (a missing
        or wrong ``.prj``, a GeoJSON holding VN-2000 metres).

    Returns
    -------
    (geopandas.GeoDataFrame, list of Notice)
        Features in the file's CRS (or ``assume_crs``), and what the reading changed.

    """
    path = Path(path)
    if not path.is_file():
        raise InputFileError("Không tìm thấy tệp.", "The file does not exist.", file=path)
    notices = []
    source, cpg = dataset_path(path)
    try:
        if needs_own_decoding(source, cpg):
            frame, encoding = read_shapefile_text(source, layer, cpg, path)
            if cpg is None:
                notices.append(
                    Notice(
                        f"{path.name}: Shapefile không có tệp .cpg; đã đọc chữ theo mã {encoding}.",
                        f"{path.name}: the Shapefile has no .cpg file; its text was read as {encoding}.",
                    )
                )
        else:
            frame = pyogrio.read_dataframe(source, layer=layer)
    except (
        pyogrio.errors.DataSourceError,
        pyogrio.errors.DataLayerError,
        UnicodeDecodeError,
        shapely.errors.GEOSException,  # a geometry GDAL read but GEOS cannot build (an unclosed ring)
    ) as exc:
        raise InputFileError(
            "Không đọc được tệp bản đồ. Định dạng được hỗ trợ: GeoJSON, Shapefile (.shp hoặc .zip), "
            f"GeoPackage, OSM. Chi tiết: {exc}",
            "The map file cannot be read. Supported formats: GeoJSON, Shapefile (.shp or .zip), "
            f"GeoPackage, OSM. Details: {exc}",
            file=path,
        ) from exc
    frame = _composed_text(frame)
    if not isinstance(frame, gpd.GeoDataFrame):
        raise InputFileError(
            "Tệp không có hình học (không có tọa độ).",
            "The file has no geometry (no coordinates).",
            file=path,
        )
    frame, dropped = _without_missing_geometry(frame, path)
    notices += dropped
    _refuse_non_finite(frame, path)
    if assume_crs is not None:
        crs = parse_crs(assume_crs, path)
        if frame.crs is not None and not frame.crs.equals(crs):
            notices.append(
                Notice(
                    f"{path.name}: dùng hệ tọa độ {assume_crs} thay cho {frame.crs.name} ghi trong tệp.",
                    f"{path.name}: used the CRS {assume_crs} instead of {frame.crs.name} stated in the file.",
                )
            )
        frame = frame.set_crs(crs, allow_override=True)
    if frame.crs is None:
        sample = frame.geometry.dropna().head(500)
        sample = sample[~sample.is_empty].representative_point()
        raise MissingCrsError(
            "Tệp không ghi hệ tọa độ. Hãy cho biết hệ tọa độ (ví dụ --crs EPSG:3405 cho VN-2000).",
            "The file states no coordinate reference system. Give it (e.g. --crs EPSG:3405 for VN-2000).",
            file=path,
            xy=np.column_stack([sample.x.to_numpy(), sample.y.to_numpy()]),
        )
    check_lonlat_range(frame, path)
    return frame, notices


def _without_missing_geometry(frame: gpd.GeoDataFrame, path: Path) -> tuple[gpd.GeoDataFrame, list[Notice]]:
    """Leave out the features with no geometry (null or empty), saying how many and which first."""
    missing = (frame.geometry.isna() | frame.geometry.is_empty).to_numpy()
    if not missing.any():
        return frame, []
    first = int(np.flatnonzero(missing)[0]) + 1
    if missing.all():
        raise InputFileError(
            "Không đối tượng nào trong tệp có hình học.", "No feature of the file has a geometry.", file=path
        )
    count = int(missing.sum())
    notice = Notice(
        f"{path.name}: bỏ qua {count} đối tượng không có hình học (đầu tiên: đối tượng {first}).",
        f"{path.name}: left out {count} features without geometry (the first: feature {first}).",
    )
    return frame[~missing], [notice]


def _refuse_non_finite(frame: gpd.GeoDataFrame, path: Path) -> None:
    """Refuse a file with a coordinate that is not a finite number, naming the feature (from 1)."""
    coordinates, owner = shapely.get_coordinates(frame.geometry.to_numpy(), return_index=True)
    bad = ~np.isfinite(coordinates).all(axis=1)
    if bad.any():
        feature = _feature_number(frame, int(owner[bad][0]))
        raise InputFileError(
            "Đối tượng này có tọa độ không phải số hữu hạn (NaN hoặc vô cực).",
            "This feature has a coordinate that is not a finite number (NaN or infinity).",
            file=path,
            row=feature,
        )


def _composed_text(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Compose (NFC) every text value and column name: "ô" is one character, as in the rest of the project.

    The text is composed in one pass over all columns, and only the columns it changed are
    replaced: a damaged file can hold thousands of columns. Columns go by position, as a file
    may repeat a column's name.
    """
    texts = [position for position, dtype in enumerate(frame.dtypes) if pd.api.types.is_string_dtype(dtype)]
    if texts:
        values = frame.iloc[:, texts].to_numpy(dtype=object)
        changed = ((_COMPOSE(values) != values) & ~pd.isna(values)).any(axis=0)
        for position in np.asarray(texts)[changed]:
            frame.isetitem(int(position), frame.iloc[:, position].map(_nfc))
    return frame.rename(columns=_nfc)


def _nfc(value: object) -> object:
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


_COMPOSE = np.frompyfunc(_nfc, 1, 1)


def check_lonlat_range(frame: gpd.GeoDataFrame, path: str | Path) -> None:
    """Refuse features whose coordinates do not fit their stated CRS, naming the first (from 1).

    Metres labelled WGS 84, or a file mixing two CRSs (some features in metres, the others in
    degrees), give features that fall off the globe once converted to longitude and latitude.

    Raises
    ------
    InputFileError
        Naming the first such feature.

    """
    with np.errstate(invalid="ignore"):
        bounds = frame.geometry.to_crs(WGS84).bounds.to_numpy()
    fits = (
        np.isfinite(bounds).all(axis=1)
        & (bounds[:, 0] >= -180)
        & (bounds[:, 2] <= 180)
        & (bounds[:, 1] >= -90)
        & (bounds[:, 3] <= 90)
    )
    if not fits.all():
        raise InputFileError(
            f"Tọa độ của đối tượng này không khớp với hệ tọa độ {frame.crs.name} của tệp (tệp lẫn hai hệ "
            "tọa độ, hoặc ghi sai hệ). Hãy kiểm tra hệ tọa độ (ví dụ --crs EPSG:3405 cho VN-2000).",
            f"The coordinates of this feature do not fit the file's coordinate reference system "
            f"{frame.crs.name} (the file mixes two CRSs, or states the wrong one). Check the CRS (e.g. "
            "--crs EPSG:3405 for VN-2000).",
            file=path,
            row=_feature_number(frame, int(np.flatnonzero(~fits)[0])),
        )


def _feature_number(frame: gpd.GeoDataFrame, position: int) -> int:
    """Return the number (from 1, as in the file) of the feature at ``position``, counting those left out."""
    return int(frame.index[position]) + 1


def repair_polygons(frame: gpd.GeoDataFrame, path: str | Path) -> tuple[gpd.GeoDataFrame, list[Notice]]:
    """Make every geometry a valid Polygon or MultiPolygon, and say which features were repaired.

    Parameters
    ----------
    frame
        Features that should be polygons.
    path
        The file they came from, for messages.

    Returns
    -------
    (geopandas.GeoDataFrame, list of Notice)
        The repaired features and one notice per repaired feature (numbered from 1).

    Raises
    ------
    InputFileError
        When a feature is empty or not polygonal even after repair.

    """
    notices = []
    geoms = list(frame.geometry)
    for position, geom in enumerate(geoms):
        feature = position + 1
        if geom is None or geom.is_empty:
            raise InputFileError(
                f"Đối tượng số {feature} không có hình học.",
                f"Feature {feature} has no geometry.",
                file=path,
                row=feature,
            )
        if not geom.is_valid:
            reason = shapely.is_valid_reason(geom)
            geom = _polygonal_part(shapely.make_valid(geom))
            notices.append(
                Notice(
                    f"{Path(path).name}: đã sửa hình học lỗi của đối tượng số {feature} ({reason}).",
                    f"{Path(path).name}: repaired the invalid geometry of feature {feature} ({reason}).",
                )
            )
        if geom.is_empty or geom.geom_type not in ("Polygon", "MultiPolygon"):
            raise InputFileError(
                f"Đối tượng số {feature} không phải vùng (polygon) mà là {geom.geom_type}.",
                f"Feature {feature} is not a polygon but a {geom.geom_type}.",
                file=path,
                row=feature,
            )
        geoms[position] = geom
    return frame.set_geometry(gpd.GeoSeries(geoms, index=frame.index, crs=frame.crs)), notices


def _polygonal_part(geom: shapely.Geometry) -> shapely.Geometry:
    """Keep only the polygons of what ``make_valid`` returned (it may add lines or points)."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()
