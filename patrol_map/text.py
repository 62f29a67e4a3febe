"""Folding Vietnamese text for matching names the way people type them."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Fold a name for matching: no diacritics, lower case, ``_`` between words.

    ``"Ngày xảy ra"`` and ``"ngay_xay_ra"`` both fold to ``"ngay_xay_ra"``; ``đ`` folds to ``d``.
    """
    decomposed = unicodedata.normalize("NFD", str(text).strip().lower().replace("đ", "d"))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    words = "".join(ch if ch.isalnum() else " " for ch in plain).split()
    return "_".join(words)
