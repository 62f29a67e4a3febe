"""Numbers, p-values and q-values written as each language writes them (patrol_map.i18n)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from patrol_map.i18n import number, p_value


@pytest.mark.parametrize(
    ("value", "decimals", "vi", "en"),
    [(36.24, 1, "36,2", "36.2"), (1234.5, 1, "1.234,5", "1,234.5"), (7, 0, "7", "7"), (math.nan, 1, "", "")],
)
def test_numbers_in_both_languages(value: float, decimals: int, vi: str, en: str) -> None:
    assert number(value, "vi", decimals) == vi
    assert number(value, "en", decimals) == en


@pytest.mark.parametrize(
    ("value", "vi", "en"),
    [
        (1.3e-7, "< 0,001", "< 0.001"),
        (0.00099, "< 0,001", "< 0.001"),
        (0.001, "0,001", "0.001"),
        (0.0344, "0,034", "0.034"),
        (0.5, "0,5", "0.5"),
        (1.0, "1", "1"),
        (None, "", ""),
        (math.nan, "", ""),
    ],
)
def test_p_values_are_never_written_with_an_exponent(value: float | None, vi: str, en: str) -> None:
    assert p_value(value, "vi") == vi
    assert p_value(value, "en") == en


@given(st.floats(min_value=0, max_value=1))
def test_a_written_p_value_reads_back_within_its_two_figures(value: float) -> None:
    text = p_value(value, "vi")
    assert "e" not in text
    if value < 0.001:
        assert text == "< 0,001"
    else:
        assert math.isclose(float(text.replace(",", ".")), value, rel_tol=0.05)
