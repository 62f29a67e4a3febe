"""Vietnamese text in the encodings commune files still come in, turned into Unicode (NFC).

Offices typed for years in the TCVN3 (ABC, ``.VnTime``) and VNI-Windows fonts, whose letters are
bytes of a Western code page drawn as Vietnamese by the font, and Excel still saves "CSV" in
Windows-1258 on a Vietnamese Windows. This module finds which of these a file's bytes (or an Excel
cell's text) are in and converts them:

- **UTF-8** (with or without a byte-order mark) and **UTF-16** (with one, Excel's "Unicode Text"):
  taken as they are;
- otherwise each candidate is decoded and the one whose words are most often well-formed
  Vietnamese syllables wins (:func:`syllable_share`): **Windows-1258** (Python's codec, its
  combining tone marks composed), **TCVN3** and **VNI-Windows** (the tables below), and the code
  page charset-normalizer proposes, for a file in none of them.

No maintained Python package converts TCVN3 or VNI (Unikey and vietnamese-conversion are not
Python), so the tables are here. TCVN3's is TCVN 5712:1993 (the VN1 table, of which ABC's VN3 is
the lower-case part), as GNU libc's ``TCVN5712-1`` converter decodes it; text typed in the
upper-case font ``.VnTimeH`` used lower-case codes for accented capitals, so a word whose
unaccented letters are all capitals is put in capitals. VNI writes a letter as its base letter
followed by a byte for its hat, horn or breve and tone; its table is built from those rules.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterable
from functools import cache

UTF8 = "UTF-8"
UTF16 = "UTF-16"
CP1258 = "Windows-1258"
TCVN3 = "TCVN3"
VNI = "VNI-Windows"

#: Bytes 0x80-0xFF of TCVN 5712:1993 (VN1), as GNU libc's TCVN5712-1 converter decodes them.
_TCVN3_HIGH = (
    "ÀẢÃÁẠẶẬÈẺẼÉẸỆÌỈĨÍỊÒỎÕÓỌỘỜỞỠỚỢÙỦŨ"
    "\xa0ĂÂÊÔƠƯĐăâêôơưđẰ\u0300\u0309\u0303\u0301\u0323àảãáạẲằẳẵắẴ"
    "ẮẦẨẪẤỀặầẩẫấậèỂẻẽéẹềểễếệìỉỄẾỒĩíịò"
    "ỔỏõóọồổỗốộờởỡớợùỖủũúụừửữứựỳỷỹýỵỐ"
)
_TCVN3_TABLE = "".join(map(chr, range(128))) + _TCVN3_HIGH

# VNI-Windows: the byte after a base letter, by (hat, tone). Lower-case forms; capitals use the
# upper-case Latin-1 letter of the same byte (``ù`` / ``Ù``).
_VNI_TONE = {"acute": "ù", "grave": "ø", "hook": "û", "tilde": "õ", "dot": "ï"}
_VNI_CIRCUMFLEX = {None: "â", "acute": "á", "grave": "à", "hook": "å", "tilde": "ã", "dot": "ä"}
_VNI_BREVE = {None: "ê", "acute": "é", "grave": "è", "hook": "ú", "tilde": "ü", "dot": "ë"}
#: Letters VNI writes as one byte: i with a tone, ơ, ư, đ, ỵ.
_VNI_SINGLE = {"í": "í", "ì": "ì", "ỉ": "æ", "ĩ": "ó", "ị": "ò", "ơ": "ô", "ư": "ö", "đ": "ñ", "ỵ": "î"}
_TONES = {"\u0301": "acute", "\u0300": "grave", "\u0309": "hook", "\u0303": "tilde", "\u0323": "dot"}

#: The vowels of Vietnamese, without tone.
_VOWELS = "aăâeêioôơuưy"
#: The vowel groups a Vietnamese syllable may hold, without tone, longest first.
_NUCLEI = (
    "iêu",
    "yêu",
    "oai",
    "oao",
    "oay",
    "oeo",
    "uây",
    "uôi",
    "ươi",
    "ươu",
    "uya",
    "uyê",
    "uyu",
    "uêu",
    "ai",
    "ao",
    "au",
    "ay",
    "âu",
    "ây",
    "eo",
    "êu",
    "ia",
    "iê",
    "iu",
    "oa",
    "oă",
    "oe",
    "oi",
    "ôi",
    "ơi",
    "oo",
    "ua",
    "uâ",
    "uê",
    "ui",
    "uô",
    "uơ",
    "uy",
    "ưa",
    "ưi",
    "ươ",
    "ưu",
    "yê",
    "a",
    "ă",
    "â",
    "e",
    "ê",
    "i",
    "o",
    "ô",
    "ơ",
    "u",
    "ư",
    "y",
)
_TONE_MARKS = "".join(_TONES)
_ONSET = "(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
_CODA = "(?:ch|ng|nh|[cmnpt])?"


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode a text file's bytes to Unicode NFC and say which encoding they were in.

    Parameters
    ----------
    data
        The file's bytes.

    Returns
    -------
    tuple of (str, str)
        The text, composed (NFC), without a byte-order mark, and the encoding's name:
        ``"UTF-8"``, ``"UTF-16"``, ``"Windows-1258"``, ``"TCVN3"``, ``"VNI-Windows"`` or the code
        page charset-normalizer named.

    Raises
    ------
    UnicodeDecodeError
        When the bytes are text in none of these (binary data, a damaged file): the UTF-8 error.

    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return unicodedata.normalize("NFC", data.decode("utf-16")), UTF16
    try:
        return unicodedata.normalize("NFC", data.decode("utf-8-sig")), UTF8
    except UnicodeDecodeError as not_utf8:
        if _damaged_utf8(data):
            raise
        candidates = {name: text for name, text in _legacy_candidates(data) if _is_plain_text(text)}
        best = max(candidates, key=lambda name: syllable_share(candidates[name]), default=None)
        if best is not None and syllable_share(candidates[best]) > 0:
            return candidates[best], best
        guess = _charset_normalizer_guess(data)
        if guess is not None and _is_plain_text(guess[1]):
            return guess[1], guess[0]
        raise not_utf8 from None


def repair_text(text: str) -> tuple[str, str | None]:
    """Convert a spreadsheet cell typed in a TCVN3 or VNI font to Unicode, when it is one.

    An Excel file stores such a cell as the Western letters of its bytes (``"B¶o Th¾ng"`` for
    "Bảo Thắng"). A cell whose letters are all Western (Windows-1252) is converted when its
    conversion holds a larger share of well-formed Vietnamese syllables than it ("Cà phê" stays).

    Parameters
    ----------
    text
        The cell's text.

    Returns
    -------
    tuple of (str, str or None)
        The text (NFC) and ``"TCVN3"`` or ``"VNI-Windows"`` when it was converted, else None.

    """
    text = unicodedata.normalize("NFC", text)
    if text.isascii():
        return text, None
    try:
        data = text.encode("cp1252")
    except UnicodeEncodeError:
        try:
            data = text.encode("latin-1")
        except UnicodeEncodeError:
            return text, None
    options = {TCVN3: tcvn3_to_unicode(data), VNI: vni_to_unicode(data.decode("latin-1"))}
    best = max(options, key=lambda name: syllable_share(options[name]))
    if syllable_share(options[best]) > syllable_share(text):
        return options[best], best
    return text, None


def tcvn3_to_unicode(data: bytes) -> str:
    """Decode TCVN3 (ABC) bytes to Unicode NFC; words typed in ``.VnTimeH`` come out in capitals."""
    text, _ = codecs.charmap_decode(data, "strict", _TCVN3_TABLE)
    text = unicodedata.normalize("NFC", text)
    if _typed_in_capitals(text):
        return text.upper()
    return _WORD.sub(
        lambda word: word.group(0).upper() if _typed_in_capitals(word.group(0)) else word.group(0), text
    )


def vni_to_unicode(text: str) -> str:
    """Convert VNI-Windows text (its bytes read as Latin-1 or Windows-1252) to Unicode NFC."""
    table = _vni_table()
    return unicodedata.normalize("NFC", _vni_pattern().sub(lambda m: table[m.group(0)], text))


def syllable_share(text: str) -> float:
    """Share of the words with a letter beyond ASCII that are well-formed Vietnamese syllables.

    A syllable is an onset consonant, a group of vowels Vietnamese has (:data:`_NUCLEI`) and a
    final consonant, with at most one tone; names, abbreviations and ASCII words do not count.
    0 when no word has such a letter.
    """
    words = [w for w in _WORD.findall(unicodedata.normalize("NFC", text)) if not w.isascii()]
    if not words:
        return 0.0
    return sum(_is_syllable(word) for word in words) / len(words)


_WORD = re.compile(r"[^\W\d_]+")


def _is_syllable(word: str) -> bool:
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(decomposed.count(mark) for mark in _TONE_MARKS) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    return _syllable_pattern().fullmatch(bare) is not None


@cache
def _syllable_pattern() -> re.Pattern[str]:
    return re.compile(f"{_ONSET}(?:{'|'.join(_NUCLEI)}){_CODA}")


@cache
def _vietnamese_letters() -> frozenset[str]:
    letters = set("đĐ")
    for vowel in _VOWELS:
        for mark in ("", *_TONES):
            composed = unicodedata.normalize("NFC", vowel + mark)
            letters |= {composed, composed.upper()}
    return frozenset(c for c in letters if not c.isascii())


def _legacy_candidates(data: bytes) -> Iterable[tuple[str, str]]:
    """Decode ``data`` as each Vietnamese code page it may be in (those its bytes fit)."""
    for name, decode in ((CP1258, _cp1258), (TCVN3, tcvn3_to_unicode), (VNI, _vni_bytes)):
        try:
            yield name, decode(data)
        except UnicodeDecodeError:
            continue


def _damaged_utf8(data: bytes) -> bool:
    """Tell whether bytes that are not UTF-8 are mostly UTF-8 all the same (a damaged UTF-8 file).

    A legacy code page's letters seldom happen to form UTF-8 sequences, so a file with as many
    good multi-byte sequences as bad bytes was UTF-8 and is refused rather than misread.
    """
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for c in text if not c.isascii() and c != "\ufffd")
    return good >= bad


def _cp1258(data: bytes) -> str:
    return unicodedata.normalize("NFC", data.decode("cp1258"))


def _vni_bytes(data: bytes) -> str:
    return vni_to_unicode(data.decode("cp1252"))


def _is_plain_text(text: str) -> bool:
    """Tell whether decoded text holds no control character (tabs and line ends aside)."""
    return not any(unicodedata.category(c) == "Cc" and c not in "\t\n\r\f" for c in text)


def _charset_normalizer_guess(data: bytes) -> tuple[str, str] | None:
    """Return the code page charset-normalizer finds for a file in no Vietnamese one, and the text."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return None
    return best.encoding, unicodedata.normalize("NFC", str(best))


def _typed_in_capitals(text: str) -> bool:
    """Tell whether TCVN3 text was typed in ``.VnTimeH``: two capitals or more, no ASCII small letter.

    A single capital ("Hµ") is read as ``.VnTime`` ("Hà"), the far more common font.
    """
    capitals = sum(c.isupper() for c in text)
    return capitals >= 2 and not any(c.isascii() and c.islower() for c in text)


@cache
def _vni_table() -> dict[str, str]:
    """Map each VNI spelling (base letter and modifier bytes, or one byte) to its Unicode letter."""
    table: dict[str, str] = {}
    for letter in _vietnamese_letters():
        spelled = _vni_spelling(letter.lower())
        if spelled is not None and spelled != letter.lower():
            table[spelled] = letter.lower()
            table[spelled.upper()] = letter.upper()
    return table


def _vni_spelling(letter: str) -> str | None:
    if letter in _VNI_SINGLE:
        return _VNI_SINGLE[letter]
    decomposed = unicodedata.normalize("NFD", letter)
    tone = next((_TONES[c] for c in decomposed if c in _TONES), None)
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    if bare in "âêô":
        return unicodedata.normalize("NFD", bare)[0] + _VNI_CIRCUMFLEX[tone]
    if bare == "ă":
        return "a" + _VNI_BREVE[tone]
    if bare in "ơư":
        return _VNI_SINGLE[bare] + (_VNI_TONE[tone] if tone else "")
    if bare in "aeiouy" and tone is not None:
        return bare + _VNI_TONE[tone]
    return None


@cache
def _vni_pattern() -> re.Pattern[str]:
    spellings = sorted(_vni_table(), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, spellings)))
