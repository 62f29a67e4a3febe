"""The communes of July 2025 and the old communes they absorbed: names, codes and bundled boundaries.

Old data names old communes: Lý Nam, Ngọc Lũ or Công Lý no longer exist, and an old name must land
in the new commune. The bundled ``crosswalk_2025.csv`` maps every commune in force just before the
reform (its code and name, with district and province) to its 2025 commune; an old commune that
was divided maps to several, one marked as the default. ``crosswalk_earlier.csv`` adds the few
communes merged in the 2023-2025 rounds that the crosswalk's old side no longer lists (Lý Trạch,
into Lý Nam). ``communes_2025.csv`` lists the 3,321 communes of 2025; the boundaries of those of
Cao Bằng, Ninh Bình and Quảng Trị ship too. Sources and licences: ``geodata/LICENSE-boundaries.txt``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

import geopandas as gpd
import pandas as pd
import pyogrio

from patrol_map.errors import InputFileError
from patrol_map.geo.bundled import geodata_dir
from patrol_map.text import fold

#: Unit words that may stand before a commune's name, folded.
UNIT_WORDS = ("xa", "phuong", "thi_tran", "dac_khu")
#: Bundled boundaries of 2025 communes, by province code.
BOUNDARY_FILES = {
    "04": "communes_2025_cao_bang.geojson",
    "37": "communes_2025_ninh_binh.geojson",
    "44": "communes_2025_quang_tri.geojson",
}


@dataclass(frozen=True)
class CommuneMatch:
    """A 2025 commune found from a name or code, old or new.

    Parameters
    ----------
    ma_xa, ten_xa, loai, ma_tinh, ten_tinh
        The 2025 commune: code, name, kind (``xã``, ``phường``, ``đặc khu``) and province.
    old
        The pre-reform commune the name meant ("Xã Lý Nam, Huyện Bố Trạch, Quảng Bình"), or None
        when the name is the 2025 commune's own.
    partial
        True when that old commune was divided and this is its default part.

    """

    ma_xa: str
    ten_xa: str
    loai: str
    ma_tinh: str
    ten_tinh: str
    old: str | None = None
    partial: bool = False


def find_commune(name: str, province: str | None = None) -> CommuneMatch:
    """Find the 2025 commune a name or code means: a 2025 commune's, else an old commune's.

    Parameters
    ----------
    name
        A commune's name, with or without "xã"/"phường"/"thị trấn", with or without diacritics
        ("Nam Trạch", "xã Lý Nam", "ly trach"), or a code (``19198``, old or new).
    province
        A province's name (2025 or old), to choose between communes of one name.

    Returns
    -------
    CommuneMatch

    Raises
    ------
    InputFileError
        When no commune has that name, or several do (they are listed, with their provinces).

    """
    new, old = _communes(), _crosswalk()
    key = commune_key(name)
    chosen_new = new[(new["key"] == key) | (new["ma_xa"] == name.strip())]
    chosen_old = old[(old["key"] == key) | (old["old_ma_xa"] == name.strip())]
    if province is not None:
        wanted = commune_key(province)
        chosen_new = chosen_new[chosen_new["ten_tinh"].map(commune_key) == wanted]
        chosen_old = chosen_old[
            (chosen_old["old_ten_tinh"].map(commune_key) == wanted)
            | (chosen_old["new_ten_tinh"].map(commune_key) == wanted)
        ]
    if len(chosen_new) == 1:
        row = chosen_new.iloc[0]
        return CommuneMatch(row["ma_xa"], row["ten_xa"], row["loai"], row["ma_tinh"], row["ten_tinh"])
    if chosen_new.empty:
        defaults = chosen_old[chosen_old["is_default"]]
        if defaults["old_unit"].nunique() == 1:
            row = defaults.iloc[0]
            target = new[new["ma_xa"] == row["new_ma_xa"]].iloc[0]
            return CommuneMatch(
                target["ma_xa"], target["ten_xa"], target["loai"], target["ma_tinh"], target["ten_tinh"],
                old=row["old_unit"], partial=bool(row["partial"]),
            )  # fmt: skip
        if defaults.empty:
            raise InputFileError(
                f"Không tìm thấy xã/phường '{name}' (tên năm 2025 hay tên cũ).",
                f"No commune or ward '{name}' is known (by its 2025 name or an old one).",
            )
    places = sorted(
        {f"{r['ten_xa']} ({r['ten_tinh']})" for _, r in chosen_new.iterrows()}
        | set(chosen_old.loc[chosen_old["is_default"], "old_unit"])
    )
    raise InputFileError(
        f"Có nhiều xã tên '{name}': {'; '.join(places)}. Hãy cho biết tỉnh (--province).",
        f"Several communes are named '{name}': {'; '.join(places)}. Give the province (--province).",
    )


@cache
def names_of(ma_xa: str) -> Mapping[str, str | None]:
    """Return every name that means the 2025 commune ``ma_xa``, folded, with the old unit each names.

    The commune's own name maps to None; each old commune merged into it (wholly, or as its
    default part) maps to its description. Codes, old and new, are included as written. Read once
    per commune (a filter of the 10,000-row crosswalk), and read-only.
    """
    new, old = _communes(), _crosswalk()
    own = new[new["ma_xa"] == ma_xa]
    names: dict[str, str | None] = dict.fromkeys([*own["key"], ma_xa])
    into = old[(old["new_ma_xa"] == ma_xa) & old["is_default"]]
    for key, code, unit in zip(into["key"], into["old_ma_xa"], into["old_unit"], strict=True):
        names.setdefault(key, unit)
        if code:
            names.setdefault(code, unit)
    return MappingProxyType(names)


def commune_boundary(match: CommuneMatch) -> gpd.GeoDataFrame:
    """Return the bundled 2025 boundary of a commune: ``ma_xa``, ``ten_xa``, ``loai``, polygon (EPSG:4326).

    Raises
    ------
    InputFileError
        When its province's boundaries are not bundled: give the boundary file instead.

    """
    name = BOUNDARY_FILES.get(match.ma_tinh)
    if name is None:
        raise InputFileError(
            f"Chưa có sẵn ranh giới các xã của tỉnh {match.ten_tinh}; hãy dùng --boundary với tệp ranh giới.",
            f"The commune boundaries of {match.ten_tinh} are not bundled; give the boundary file "
            "(--boundary).",
        )
    frame = province_communes(match.ma_tinh)
    return frame[frame["ma_xa"] == match.ma_xa].reset_index(drop=True)


def province_communes(ma_tinh: str) -> gpd.GeoDataFrame:
    """Return the bundled 2025 boundaries of every commune of a province, sorted by code.

    Columns ``ma_xa``, ``ten_xa``, ``loai`` and the polygon (EPSG:4326).

    Raises
    ------
    InputFileError
        When the province's boundaries are not bundled.

    """
    name = BOUNDARY_FILES.get(ma_tinh)
    if name is None:
        raise InputFileError(
            f"Chưa có sẵn ranh giới các xã của tỉnh mã {ma_tinh}; có sẵn: "
            f"{', '.join(sorted(BOUNDARY_FILES))}.",
            f"The commune boundaries of province {ma_tinh} are not bundled; bundled: "
            f"{', '.join(sorted(BOUNDARY_FILES))}.",
        )
    frame = pyogrio.read_dataframe(geodata_dir() / name)
    return frame[["ma_xa", "ten_xa", "loai", "geometry"]].sort_values("ma_xa").reset_index(drop=True)


def province_of(ma_xa: str) -> str:
    """Return the code of a 2025 commune's province (``""`` for a code not in the 2025 list)."""
    found = _communes().loc[_communes()["ma_xa"] == ma_xa, "ma_tinh"]
    return str(found.iloc[0]) if len(found) else ""


def commune_key(name: str) -> str:
    """Fold a commune's name for matching, without "xã"/"phường"/"thị trấn"/"đặc khu" in front."""
    folded = fold(name)
    for word in UNIT_WORDS:
        if folded.startswith(word + "_"):
            return folded.removeprefix(word + "_")
    return folded


@cache
def _communes() -> pd.DataFrame:
    frame = pd.read_csv(geodata_dir() / "communes_2025.csv", dtype=str, keep_default_na=False)
    return frame.assign(key=frame["ten_xa"].map(commune_key))


@cache
def _crosswalk() -> pd.DataFrame:
    """Return the old communes with their 2025 commune, those of the earlier mergers followed through."""
    folder = geodata_dir()
    reform = pd.read_csv(folder / "crosswalk_2025.csv", dtype=str, keep_default_na=False)
    reform["partial"] = reform["partial"] == "true"
    reform["is_default"] = reform["is_default"] == "true"
    earlier = pd.read_csv(folder / "crosswalk_earlier.csv", dtype=str, keep_default_na=False)
    followed = earlier.merge(
        reform[reform["is_default"]].drop(
            columns=["old_ten_xa", "old_ten_huyen", "old_ten_tinh", "old_ma_tinh"]
        ),
        left_on="into_ma_xa",
        right_on="old_ma_xa",
        suffixes=("", "_into"),
    )
    followed = followed[list(reform.columns)]
    old = pd.concat([reform, followed], ignore_index=True)
    old = old[old["old_ten_xa"] != ""]
    unit = old["old_ten_xa"] + ", " + old["old_ten_huyen"] + ", " + old["old_ten_tinh"]
    return old.assign(key=old["old_ten_xa"].map(commune_key), old_unit=unit)
