"""Commune and village boundaries from GeoJSON, Shapefile (zipped too) or GeoPackage."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from patrol_map.errors import InputFileError
from patrol_map.io.columns import match_columns, synthetic_flags
from patrol_map.io.vector import Notice, read_vector, repair_polygons
from patrol_map.text import fold

COMMUNE_ALIASES = {
    "ma_xa": ("code", "commune_code", "ma", "ma_don_vi"),
    "ten_xa": ("name", "commune", "ten", "ten_don_vi", "xa"),
    "loai": ("type", "loai_don_vi", "cap"),
}
VILLAGE_ALIASES = {
    "village_id": ("id", "ma_thon", "ma"),
    "name": ("ten_thon", "thon", "ten", "village", "ten_thon_xom", "khu_dan_cu"),
}


def read_commune(
    path: str | Path, code: str | None = None, assume_crs: str | None = None
) -> tuple[gpd.GeoDataFrame, list[Notice]]:
    """Read the boundary of one commune.

    Parameters
    ----------
    path
        A polygon file. When it holds several features, ``code`` picks the commune
        (``ma_xa``, e.g. ``"19198"``).
    code
        The commune code to pick from a file of several communes.
    assume_crs
        The CRS of the coordinates, replacing what the file states.

    Returns
    -------
    (geopandas.GeoDataFrame, list of Notice)
        One row with columns ``ma_xa``, ``ten_xa``, ``loai`` (``xã``, ``phường``, ``đặc khu``;
        ``xã`` when the file does not say) and the polygon, in the file's CRS.

    """
    frame, read_notices = read_vector(path, assume_crs=assume_crs)
    found = match_columns(frame.columns, COMMUNE_ALIASES)
    if code is not None:
        if "ma_xa" not in found:
            raise InputFileError(
                "Tệp không có cột mã xã (ma_xa) để chọn xã.",
                "The file has no commune code column (ma_xa) to choose the commune by.",
                file=path,
                column="ma_xa",
            )
        # Spreadsheets drop leading zeros: "1290" is the commune 01290.
        codes = frame[found["ma_xa"]].astype(str).str.strip().str.zfill(5)
        frame = frame[codes == str(code).strip().zfill(5)]
        if frame.empty:
            raise InputFileError(
                f"Không có xã mã {code} trong tệp.",
                f"No commune with code {code} in the file.",
                file=path,
                column=found["ma_xa"],
            )
    elif len(frame) != 1:
        raise InputFileError(
            f"Tệp có {len(frame)} đối tượng; hãy chọn một xã bằng mã xã (--code).",
            f"The file holds {len(frame)} features; choose one commune by its code (--code).",
            file=path,
        )
    frame, notices = repair_polygons(frame, path)
    commune = gpd.GeoDataFrame(
        {
            "ma_xa": [str(frame[found["ma_xa"]].iloc[0]) if "ma_xa" in found else ""],
            "ten_xa": [str(frame[found["ten_xa"]].iloc[0]) if "ten_xa" in found else Path(path).stem],
            "loai": [str(frame[found["loai"]].iloc[0]) if "loai" in found else "xã"],
        },
        # A commune stored as several features (an island, an enclave) is their union.
        geometry=[shapely.union_all(frame.geometry.to_numpy())],
        crs=frame.crs,
    )
    return commune, read_notices + notices


def read_villages(path: str | Path, assume_crs: str | None = None) -> tuple[gpd.GeoDataFrame, list[Notice]]:
    """Read village (thôn, xóm, bản, ấp, tổ dân phố) polygons.

    Parameters
    ----------
    path
        A polygon file with a name column (``name``, ``ten_thon``, ``thon``, ``Tên thôn``...).
    assume_crs
        The CRS of the coordinates, replacing what the file states.

    Returns
    -------
    (geopandas.GeoDataFrame, list of Notice)
        Columns ``village_id``, ``name``, ``is_synthetic`` and the polygon, in the file's CRS.

    """
    frame, read_notices = read_vector(path, assume_crs=assume_crs)
    found = match_columns(frame.columns, VILLAGE_ALIASES)
    if "name" not in found:
        accepted = ", ".join(("name", *VILLAGE_ALIASES["name"]))
        raise InputFileError(
            f"Thiếu cột tên thôn. Tên cột được chấp nhận: {accepted}.",
            f"The village name column is missing. Accepted column names: {accepted}.",
            file=path,
            row=1,
            column="name",
        )
    frame, notices = repair_polygons(frame, path)
    names = frame[found["name"]].astype(str).str.strip()
    for position, name in enumerate(names):
        if not name:
            raise InputFileError(
                "Thôn không có tên.",
                "A village has no name.",
                file=path,
                row=position + 1,
                column=found["name"],
            )
    duplicated = names[names.map(fold).duplicated()]
    if not duplicated.empty:
        raise InputFileError(
            f"Tên thôn '{duplicated.iloc[0]}' xuất hiện hai lần.",
            f"The village name '{duplicated.iloc[0]}' appears twice.",
            file=path,
            row=int(names.index.get_loc(duplicated.index[0])) + 1,
            column=found["name"],
        )
    ids = (
        frame[found["village_id"]].astype(str)
        if "village_id" in found
        else pd.Series([f"T{i + 1:02d}" for i in range(len(frame))], index=frame.index)
    )
    synthetic = synthetic_flags(frame)
    villages = gpd.GeoDataFrame(
        {"village_id": ids.values, "name": names.values, "is_synthetic": synthetic},
        geometry=frame.geometry.values,
        crs=frame.crs,
    )
    return villages, read_notices + notices
