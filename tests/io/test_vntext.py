"""Legacy Vietnamese encodings: TCVN3, VNI-Windows and Windows-1258 found and converted to Unicode."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from patrol_map.io.vntext import (
    CP1258,
    TCVN3,
    UTF8,
    UTF16,
    VNI,
    decode_bytes,
    repair_text,
    syllable_share,
    tcvn3_to_unicode,
    vni_to_unicode,
)

TONES = "\u0301\u0300\u0309\u0303\u0323"
#: Every Vietnamese letter beyond ASCII, small and capital.
LETTERS = sorted(
    {
        unicodedata.normalize("NFC", vowel + tone)
        for vowel in "aăâeêioôơuưy"
        for tone in ("", *TONES)
        if not unicodedata.normalize("NFC", vowel + tone).isascii()
    }
    | {"đ"}
)
REPORT = (
    "Ngày,Loại vụ việc,Thôn,Ghi chú\n"
    "03/11/2026,Trộm cắp tài sản,Thôn Đông Hưng,Mất xe máy lúc 21 giờ 30 trước cửa nhà văn hóa\n"
    "05/11/2026,Gây rối trật tự,Xóm Bắc,Thanh niên tụ tập đánh nhau ở quán nước ven đường\n"
    "09/11/2026,Đánh bạc,Thôn Quyết Thắng,Phát hiện nhóm người đánh bài ăn tiền trong vườn chuối\n"
)


def to_cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: a base letter it holds, then the combining tone mark."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        decomposed = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONES))
        tone = "".join(c for c in decomposed if c in TONES)
        out += base.encode("cp1258") + tone.encode("cp1258")
    return bytes(out)


# Written by hand from the fonts' code charts, independently of the module's tables.
TCVN3_SMALL = {"à": 0xB5, "á": 0xB8, "ả": 0xB6, "ã": 0xB7, "ạ": 0xB9, "ă": 0xA8, "â": 0xA9, "đ": 0xAE}
TCVN3_SMALL |= {"ê": 0xAA, "ô": 0xAB, "ơ": 0xAC, "ư": 0xAD, "ắ": 0xBE, "ằ": 0xBB, "ặ": 0xC6, "ấ": 0xCA}
TCVN3_SMALL |= {"ầ": 0xC7, "ậ": 0xCB, "ế": 0xD5, "ề": 0xD2, "ệ": 0xD6, "í": 0xDD, "ì": 0xD7, "ị": 0xDE}
TCVN3_SMALL |= {"ó": 0xE3, "ò": 0xDF, "ọ": 0xE4, "ố": 0xE8, "ồ": 0xE5, "ộ": 0xE9, "ớ": 0xED, "ờ": 0xEA}
TCVN3_SMALL |= {"ợ": 0xEE, "ú": 0xF3, "ù": 0xEF, "ụ": 0xF4, "ứ": 0xF8, "ừ": 0xF5, "ự": 0xF9, "ý": 0xFD}
TCVN3_SMALL |= {"ễ": 0xD4, "ở": 0xEB, "ữ": 0xF7}
TCVN3_CAPITALS = {"Ă": 0xA1, "Â": 0xA2, "Đ": 0xA7, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6}


def to_tcvn3(text: str) -> bytes:
    table = TCVN3_SMALL | TCVN3_CAPITALS
    return b"".join(bytes([table[c]]) if c in table else c.encode("ascii") for c in text)


VNI_TONE = {"\u0301": "ù", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0323": "ï"}


@pytest.mark.parametrize(
    ("legacy", "unicode"),
    [
        (b"B\xb6o Th\xbeng", "Bảo Thắng"),  # a converter's published example (".VnTime")
        (b"M\xad\xeang Kh\xad\xacng", "Mường Khương"),  # ư is 0xAD, the soft hyphen of Latin-1
        (b"Th\xabn \xa7\xabng H\xadng", "Thôn Đông Hưng"),
        (b"H\xb5 N\xe9I", "HÀ NỘI"),  # typed in the capitals font ".VnTimeH": small codes shown as capitals
        (b"TR\xa6\xeaNG H\xe4C", "TRƯỜNG HỌC"),
        (b"H\xb5 N\xe9i", "Hà Nội"),  # one capital: ".VnTime"
    ],
)
def test_tcvn3_known_strings(legacy: bytes, unicode: str) -> None:
    assert tcvn3_to_unicode(legacy) == unicode


@pytest.mark.parametrize(
    ("legacy", "unicode"),
    [
        ("Xin chaøo caùc baïn", "Xin chào các bạn"),  # vietnamese-conversion's README
        ("Vieät Nam", "Việt Nam"),
        ("Ñaø Naüng", "Đà Nẵng"),
        ("Tröôøng hoïc", "Trường học"),
        ("TRÖÔØNG HOÏC", "TRƯỜNG HỌC"),
        ("Quaûng Trò", "Quảng Trị"),
        ("Thoân Ñoâng Höng", "Thôn Đông Hưng"),
        ("nguyeãn vaên ñeä", "nguyễn văn đệ"),
    ],
)
def test_vni_known_strings(legacy: str, unicode: str) -> None:
    assert vni_to_unicode(legacy) == unicode


def test_tcvn3_code_chart() -> None:
    for letter, code in (TCVN3_SMALL | TCVN3_CAPITALS).items():
        assert tcvn3_to_unicode(bytes([code])) == letter, hex(code)
    small = {tcvn3_to_unicode(bytes([code])) for code in range(0xA8, 0x100)}
    assert {letter for letter in LETTERS if letter.islower()} <= small  # every small letter has a code


@given(st.text(alphabet=st.sampled_from([*LETTERS, *"abcdeghiklmnopqrstuvxy ,.0123456789"]), max_size=40))
def test_vni_round_trip(text: str) -> None:
    """Spell each letter by VNI's rules (written here, apart from the module) and read it back."""
    hats = {"â": "â", "ê": "â", "ô": "â", "ă": "ê"}
    with_hat = {
        ("â", "\u0301"): "á",
        ("â", "\u0300"): "à",
        ("â", "\u0309"): "å",
        ("â", "\u0303"): "ã",
        ("â", "\u0323"): "ä",
        ("ê", "\u0301"): "é",
        ("ê", "\u0300"): "è",
        ("ê", "\u0309"): "ú",
        ("ê", "\u0303"): "ü",
        ("ê", "\u0323"): "ë",
    }
    single = {"í": "í", "ì": "ì", "ỉ": "æ", "ĩ": "ó", "ị": "ò", "ỵ": "î", "đ": "ñ", "ơ": "ô", "ư": "ö"}

    def spell(char: str) -> str:
        small = char.lower()
        if small in single:
            out = single[small]
        else:
            decomposed = unicodedata.normalize("NFD", small)
            tone = next((c for c in decomposed if c in TONES), None)
            bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONES))
            if bare in hats:
                code = hats[bare]
                out = unicodedata.normalize("NFD", bare)[0] + (with_hat[(code, tone)] if tone else code)
            elif bare in "ơư":
                out = single[bare] + (VNI_TONE[tone] if tone else "")
            else:
                out = bare + (VNI_TONE[tone] if tone else "")
        return out.upper() if char.isupper() else out

    assert vni_to_unicode("".join(map(spell, text))) == text


@pytest.mark.parametrize("capitals", [False, True])
def test_each_encoding_is_found(capitals: bool) -> None:
    report = REPORT.upper() if capitals else REPORT
    assert decode_bytes(report.encode("utf-8")) == (report, UTF8)
    assert decode_bytes(b"\xef\xbb\xbf" + report.encode()) == (report, UTF8)
    assert decode_bytes(report.encode("utf-16")) == (report, UTF16)
    assert decode_bytes(to_cp1258(report)) == (report, CP1258)


def test_tcvn3_and_vni_files_are_found() -> None:
    text = "Thôn Đông Hưng,trộm cắp tài sản,Ông Nguyễn Văn Được báo mất xe đạp ở nhà văn hóa\n" * 3
    tcvn3 = to_tcvn3(text.lower())
    assert decode_bytes(tcvn3) == (text.lower(), TCVN3)
    vni = (
        "Thoân Ñoâng Höng,troäm caép taøi saûn,OÂng Nguyeãn Vaên Ñöôïc baùo maát xe ñaïp ôû nhaø vaên hoùa\n"
        * 3
    ).encode("cp1252")
    assert decode_bytes(vni) == (text, VNI)


def test_damaged_utf8_and_binary_are_refused() -> None:
    damaged = REPORT.encode() + b"\xff\xfe garbage\n"
    with pytest.raises(UnicodeDecodeError) as caught:
        decode_bytes(damaged)
    assert caught.value.start == len(REPORT.encode())
    with pytest.raises(UnicodeDecodeError):
        decode_bytes(bytes(range(256)) * 4)  # control bytes: no text in any encoding


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("B¶o Th¾ng", ("Bảo Thắng", TCVN3)),
        ("Xin chaøo caùc baïn", ("Xin chào các bạn", VNI)),
        ("Cà phê", ("Cà phê", None)),  # Unicode already, and every letter Western: kept
        ("Thôn 3", ("Thôn 3", None)),
        ("Café Genève", ("Café Genève", None)),
        ("Trộm cắp", ("Trộm cắp", None)),
    ],
)
def test_spreadsheet_cells_typed_in_legacy_fonts(cell: str, expected: tuple[str, str | None]) -> None:
    assert repair_text(cell) == expected


def test_syllable_share() -> None:
    assert syllable_share("nghiêng người khuya quyết giữ") == 1.0
    assert syllable_share("Xin chaứo caực baùn") == pytest.approx(1 / 3)
    assert syllable_share("plain ASCII only") == 0.0
