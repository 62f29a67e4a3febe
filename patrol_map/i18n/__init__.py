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
