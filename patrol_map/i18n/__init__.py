"""Vietnamese (default) and English words of the app, and the glossary they follow.

Glossary: commune (xã), village (thôn), shift (ca), patrol (lượt tuần tra), team (tổ),
commune police (công an xã), militia (dân quân), commune military command (ban chỉ huy
quân sự xã), incident (vụ việc), hotspot (điểm nóng), base (trụ sở).
"""

from __future__ import annotations

from patrol_map.i18n.strings import STRINGS
from patrol_map.text import fold

LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}
DEFAULT_LANGUAGE = "vi"


def tr(key: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """Return the text of ``key`` in ``lang``, formatted with ``values``.

    Raises
    ------
    KeyError
        For a key that has no text: every key must exist in both languages.

    """
    vi, en = STRINGS[key]
    return (en if lang == "en" else vi).format(**values)


def unit_title(kind: str, name: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """Name a grassroots unit with its kind: "Xã Nam Trạch", "Phường Phủ Lý", "Phủ Lý ward"."""
    key = f"commune_{fold(kind)}"
    return tr(key if key in STRINGS else "commune_xa", lang, name=name)


def number(value: object, lang: str = DEFAULT_LANGUAGE, decimals: int = 0) -> str:
    """Write a number as a reader of ``lang`` expects: ``1.234,5`` in Vietnamese, ``1,234.5`` in English.

    An empty or NaN value gives an empty text.
    """
    figure = _figure(value)
    if isinstance(figure, str):
        return figure
    text = f"{figure:,.{decimals}f}"
    return text.translate(str.maketrans(",.", ".,")) if lang == "vi" else text


def _figure(value: object) -> float | str:
    """Return ``value`` as a number, or the text to show instead (empty for ``None`` and NaN)."""
    try:
        figure = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return "" if value is None else str(value)
    return "" if figure != figure else figure  # NaN is the only value unequal to itself


#: Below this a p- or q-value is written "< 0,001": more figures tell a commander nothing more.
SMALLEST_P = 0.001


def p_value(value: object, lang: str = DEFAULT_LANGUAGE) -> str:
    """Write a p- or q-value with two significant figures (``0,034``), ``< 0,001`` when smaller.

    Never ``1.3e-07``: a commander reads "less than a thousandth" at once.

    An empty or NaN value gives an empty text.
    """
    figure = _figure(value)
    if isinstance(figure, str):
        return figure
    text = f"< {SMALLEST_P}" if figure < SMALLEST_P else f"{figure:.2g}"  # no exponent from 0.001 up
    return text.replace(".", ",") if lang == "vi" else text
