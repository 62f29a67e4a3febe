"""The words commune logs use for an incident's category, its source and its time of day.

Every text is compared folded (:func:`patrol_map.text.fold`: no diacritics, lower case, ``_``
between words), so ``"Cướp giật ĐT"`` and ``"cuop giat dt"`` read alike. A text is first looked up
whole; otherwise the known phrases inside it are found, the longest first, so that ``"trộm cắp xe
máy"`` is theft and ``"tai nạn lao động"`` is not a traffic accident.

No well-kept library knows Vietnamese police vocabulary, so the tables are written here, from how
commune logs (sổ theo dõi vụ việc, sổ tiếp nhận tin báo) word things.
"""

from __future__ import annotations

import re
from datetime import time
from functools import lru_cache

from patrol_map.model import INCIDENT_CATEGORIES, INCIDENT_SOURCES, PARTS_OF_DAY, RETIRED_CATEGORIES
from patrol_map.text import fold

#: How commune logs name each category (folded), beyond the keys and the names of the taxonomy.
CATEGORY_SYNONYMS: dict[str, str] = {
    # Theft of property (Article 173): stealing, pickpocketing, break-ins, dog thieves.
    "trom": "theft", "trom_cap": "theft", "trom_cap_tai_san": "theft", "trom_tai_san": "theft",
    "mat_trom": "theft", "mat_cap": "theft", "bi_mat_trom": "theft", "trom_xe": "theft",
    "trom_xe_may": "theft", "mat_xe": "theft", "mat_xe_may": "theft", "trom_cho": "theft",
    "bat_trom_cho": "theft", "cau_tac": "theft", "moc_tui": "theft", "trom_dot_nhap": "theft",
    "dot_nhap": "theft", "trom_nha": "theft", "be_khoa": "theft", "ke_gian": "theft",
    "steal": "theft", "stealing": "theft", "stolen": "theft", "burglary": "theft", "break_in": "theft",
    "pickpocket": "theft", "pickpocketing": "theft", "shoplifting": "theft", "larceny": "theft",
    # Robbery and snatching (Articles 168, 171).
    "cuop": "robbery", "cuop_giat": "robbery", "cuop_tai_san": "robbery", "cuop_giat_tai_san": "robbery",
    "giat": "robbery", "giat_do": "robbery", "giat_tui": "robbery", "giat_tui_xach": "robbery",
    "giat_dien_thoai": "robbery", "cuop_giat_dien_thoai": "robbery", "giat_day_chuyen": "robbery",
    "robbery": "robbery", "snatching": "robbery", "bag_snatching": "robbery", "mugging": "robbery",
    # Fights and assault (Article 134).
    "danh_nhau": "fight", "danh_nguoi": "fight", "co_y_gay_thuong_tich": "fight",
    "gay_thuong_tich": "fight", "xo_xat": "fight", "au_da": "fight", "hanh_hung": "fight",
    "dam_chem": "fight", "chem_nguoi": "fight", "dam_nguoi": "fight", "danh_ghen": "fight",
    "fight": "fight", "fighting": "fight", "assault": "fight", "brawl": "fight", "injury": "fight",
    # Gambling (Articles 321, 322).
    "danh_bac": "gambling", "co_bac": "gambling", "to_chuc_danh_bac": "gambling", "danh_bai": "gambling",
    "lo_de": "gambling", "ghi_lo_de": "gambling", "so_de": "gambling", "xoc_dia": "gambling",
    "da_ga": "gambling", "ca_do": "gambling", "ca_cuoc": "gambling",
    "gambling": "gambling", "betting": "gambling", "illegal_lottery": "gambling",
    # Drugs (Articles 248-256).
    "ma_tuy": "drugs", "ma_tuy_da": "drugs", "nghien": "drugs", "nghien_hut": "drugs",
    "con_nghien": "drugs", "heroin": "drugs", "can_sa": "drugs", "thuoc_lac": "drugs",
    "drug": "drugs", "drugs": "drugs", "narcotics": "drugs",
    # Public disorder (Article 318 and administrative offences).
    "gay_roi": "public_order", "gay_roi_trat_tu": "public_order", "gay_mat_trat_tu": "public_order",
    "mat_trat_tu": "public_order", "say_ruou": "public_order", "say_xin": "public_order",
    "say_ruou_gay_roi": "public_order", "chui_nhau": "public_order", "cai_nhau": "public_order",
    "tu_tap": "public_order", "karaoke": "public_order", "gay_on_ao": "public_order",
    "on_ao": "public_order", "disorder": "public_order", "disturbance": "public_order",
    "nuisance": "public_order", "drunk": "public_order",
    # Traffic accidents and traffic offences.
    "tai_nan": "traffic", "tai_nan_giao_thong": "traffic", "tngt": "traffic", "va_cham": "traffic",
    "va_cham_giao_thong": "traffic", "va_quet": "traffic", "dam_xe": "traffic", "tong_xe": "traffic",
    "vi_pham_giao_thong": "traffic", "trat_tu_an_toan_giao_thong": "traffic", "atgt": "traffic",
    "dua_xe": "traffic", "nong_do_con": "traffic", "traffic": "traffic", "crash": "traffic",
    "collision": "traffic", "road_accident": "traffic", "traffic_accident": "traffic",
    # Other offences the logs name: known, so not counted as unrecognised.
    "vi_pham": "other", "lua_dao": "other", "chiem_doat": "other", "cuong_doat": "other",
    "vu_khi": "other", "phao": "other", "phao_no": "other", "buon_lau": "other", "mai_dam": "other",
    "hang_gia": "other", "khai_thac_cat": "other", "tai_nan_lao_dong": "other", "giet_nguoi": "other",
    "dien_giat": "other", "duoi_nuoc": "other", "tai_nan_song_nuoc": "other",
    "fraud": "other", "weapons": "other", "smuggling": "other",
}  # fmt: skip
#: A text naming several categories ("đánh nhau, gây rối") takes the first of them here: the graver
#: offence, as a record is filed under the gravest charge it holds; a traffic accident before the
#: disorder that often goes with it ("say rượu gây tai nạn giao thông"); ``other`` last.
CATEGORY_PRIORITY = ("robbery", "fight", "drugs", "theft", "gambling", "traffic", "public_order", "other")

#: How logs name the source of a record (folded), beyond the keys and the names of the vocabulary.
SOURCE_SYNONYMS: dict[str, str] = {
    "nguoi_dan": "citizen", "nguoi_dan_bao": "citizen", "dan_bao": "citizen", "nhan_dan": "citizen",
    "quan_chung": "citizen", "tin_bao": "citizen", "bao_tin": "citizen", "to_giac": "citizen",
    "trinh_bao": "citizen", "don_thu": "citizen", "duong_day_nong": "citizen", "bi_hai": "citizen",
    "nan_nhan": "citizen", "public": "citizen", "resident": "citizen", "tip": "citizen",
    "tuan_tra": "patrol", "tuan_tra_phat_hien": "patrol", "phat_hien": "patrol", "tu_phat_hien": "patrol",
    "bat_qua_tang": "patrol", "tuan_tra_kiem_soat": "patrol", "to_tuan_tra": "patrol",
    "co_quan_khac": "agency", "co_quan": "agency", "chuyen_den": "agency", "cong_an_huyen": "agency",
    "cong_an_tinh": "agency", "canh_sat_giao_thong": "agency", "csgt": "agency", "bien_phong": "agency",
    "tram_y_te": "agency", "benh_vien": "agency", "other_agency": "agency",
    "khong_ro": "unknown", "chua_ro": "unknown",
}  # fmt: skip

#: How logs name a part of the day (folded), beyond the keys and the names of :data:`PARTS_OF_DAY`.
#: Noon (trưa) is afternoon, dusk (chiều tối) evening and the small hours (khuya, rạng sáng) night.
PART_SYNONYMS: dict[str, str] = {
    "buoi_sang": "morning", "sang_som": "morning",
    "trua": "afternoon", "buoi_trua": "afternoon", "buoi_chieu": "afternoon",
    "buoi_toi": "evening", "chieu_toi": "evening", "toi_muon": "evening",
    "dem": "night", "ban_dem": "night", "khuya": "night", "dem_khuya": "night", "nua_dem": "night",
    "rang_sang": "night", "gan_sang": "night",
}  # fmt: skip

_CATEGORY_WORDS = (
    CATEGORY_SYNONYMS
    | {fold(key): key for key in INCIDENT_CATEGORIES}
    | {fold(vi): key for key, (vi, _) in INCIDENT_CATEGORIES.items()}
    | {fold(en): key for key, (_, en) in INCIDENT_CATEGORIES.items()}
    | {fold(old): new for old, (new, _) in RETIRED_CATEGORIES.items()}
)
_SOURCE_WORDS = SOURCE_SYNONYMS | {
    fold(name): key for key, names in INCIDENT_SOURCES.items() for name in (key, *names)
}
_PART_WORDS = PART_SYNONYMS | {
    fold(name): key for key, part in PARTS_OF_DAY.items() for name in (key, part.vi, part.en)
}
#: A clock time as logs write it: ``21:30``, ``21h30``, ``21h``, ``9 giờ 30``, ``21:30:00``, then
#: maybe a part of the day (``9h tối``): the hour is then read on a 12-hour clock.
_CLOCK = re.compile(r"(\d{1,2})\s*(?:giờ|gio|:|h|g)\s*(\d{2})?(?::\d{2})?\s*(?:phút|phut|p)?\s*(.*)")


def _phrases(folded: str, table: dict[str, str]) -> set[str]:
    """Return the keys of the phrases of ``table`` found in a folded text, longer phrases first.

    A phrase counts only where it does not overlap a longer one already found, so the words of
    ``tai_nan_lao_dong`` do not also count as ``tai_nan``.
    """
    words = folded.split("_")
    found = []
    for phrase, key in table.items():
        parts = phrase.split("_")
        found += [
            (len(parts), start, key)
            for start in range(len(words) - len(parts) + 1)
            if words[start : start + len(parts)] == parts
        ]
    taken = [False] * len(words)
    keys = set()
    for length, start, key in sorted(found, key=lambda hit: (-hit[0], hit[1])):
        if not any(taken[start : start + length]):
            taken[start : start + length] = [True] * length
            keys.add(key)
    return keys


@lru_cache(maxsize=4096)
def match_category(text: str) -> str | None:
    """Return the category key a category text names, or ``None`` when it names none.

    Parameters
    ----------
    text
        The category as the log writes it: a key (``theft``), a name (``Trộm cắp tài sản``), an
        everyday phrase (``mất trộm xe máy``, ``TNGT``) or a longer description.

    Returns
    -------
    str or None
        A key of :data:`patrol_map.model.INCIDENT_CATEGORIES`; for a text naming several, the first
        of them in :data:`CATEGORY_PRIORITY`; ``None`` for a text naming none (an empty one too).

    """
    folded = fold(text)
    if folded in _CATEGORY_WORDS:
        return _CATEGORY_WORDS[folded]
    keys = _phrases(folded, _CATEGORY_WORDS)
    return next((key for key in CATEGORY_PRIORITY if key in keys), None)


def _one_key(folded: str, table: dict[str, str]) -> str | None:
    """Return the one key a folded text names, whole or by its phrases; ``None`` for none or several."""
    if folded in table:
        return table[folded]
    keys = _phrases(folded, table)
    return keys.pop() if len(keys) == 1 else None


def match_source(text: str) -> str | None:
    """Return the source key a text names (``unknown`` for an empty text), or ``None`` when unclear.

    Parameters
    ----------
    text
        ``citizen``, ``patrol``, ``agency``, ``unknown`` or Vietnamese words (``người dân báo``,
        ``tin báo``, ``tuần tra phát hiện``, ``công an huyện chuyển đến``...).

    Returns
    -------
    str or None
        A key of :data:`patrol_map.model.INCIDENT_SOURCES`; ``None`` for a text that names no source
        or several.

    """
    folded = fold(text)
    return "unknown" if not folded else _one_key(folded, _SOURCE_WORDS)


def match_part_of_day(text: str) -> str | None:
    """Return the part of the day a word names (``tối``, ``đêm khuya``, ``evening``), else ``None``.

    Parameters
    ----------
    text
        A part of the day in Vietnamese or English; ``None`` for anything else, an empty text too.

    Returns
    -------
    str or None
        A key of :data:`patrol_map.model.PARTS_OF_DAY`.

    """
    folded = fold(text)
    return _one_key(folded, _PART_WORDS) if folded else None


def match_clock(text: str) -> time | None:
    """Read a clock time as logs write it, or return ``None`` when the text is none.

    Parameters
    ----------
    text
        ``21:30``, ``21h30``, ``21h``, ``21:30:00``, ``9 giờ 30 phút``, or a 12-hour time with its
        part of the day: ``9h tối`` (21:00), ``2h sáng`` (02:00), ``10 giờ đêm`` (22:00); a 24-hour
        time followed by a part of the day (``21:30 tối``) is read as a 24-hour time.

    Returns
    -------
    datetime.time or None
        The time; ``None`` when the text is no time, or its hour or minute is out of range.

    """
    found = _CLOCK.fullmatch(text.strip().lower())
    if found is None:
        return None
    hour, minute = int(found[1]), int(found[2] or 0)
    if found[3]:
        part = match_part_of_day(found[3])
        if part is None:
            return None
        # On a 12-hour clock "9h tối" is 21:00 and "10 giờ đêm" 22:00, but "2h đêm" is 02:00 and
        # "12h trưa" noon; an hour past 12 ("21:30 tối") is already on the 24-hour clock.
        evening = part in ("afternoon", "evening") or (part == "night" and hour >= 6)
        if hour < 12 and evening:
            hour += 12
        elif hour == 12 and part == "night":
            hour = 0
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)
