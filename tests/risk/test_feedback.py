"""Weights that discount incidents found by patrols: known answers and properties."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from patrol_map.errors import SettingError
from patrol_map.model import INCIDENT_SOURCES
from patrol_map.risk.feedback import DEFAULT_PATROL_WEIGHT, incident_weights


def records(*sources: str) -> pd.DataFrame:
    return pd.DataFrame({"date": ["2026-11-01"] * len(sources), "source": list(sources)})


def test_patrol_records_weigh_the_setting_and_the_others_one() -> None:
    frame = records("citizen", "patrol", "agency", "unknown", "patrol")
    np.testing.assert_array_equal(incident_weights(frame, 0.25), [1.0, 0.25, 1.0, 1.0, 0.25])
    np.testing.assert_array_equal(incident_weights(frame, 0.0), [1.0, 0.0, 1.0, 1.0, 0.0])
    np.testing.assert_array_equal(incident_weights(frame, 1), [1.0] * 5)


def test_the_default_halves_patrol_records() -> None:
    assert DEFAULT_PATROL_WEIGHT == 0.5
    np.testing.assert_array_equal(incident_weights(records("patrol", "citizen")), [0.5, 1.0])


def test_the_weights_follow_the_rows_not_the_index() -> None:
    frame = records("patrol", "citizen").set_axis([10, 3])
    np.testing.assert_array_equal(incident_weights(frame, 0.1), [0.1, 1.0])
    assert incident_weights(records(), 0.5).shape == (0,)


@pytest.mark.parametrize("bad", [-0.1, 1.5, float("nan"), float("inf"), "0.5", None])
def test_a_weight_outside_0_to_1_is_refused_in_both_languages(bad: object) -> None:
    with pytest.raises(SettingError) as caught:
        incident_weights(records("patrol"), bad)  # type: ignore[arg-type]
    assert "từ 0 đến 1" in caught.value.vi and "from 0 to 1" in caught.value.en


def test_incidents_without_a_source_are_refused() -> None:
    with pytest.raises(KeyError, match="source"):
        incident_weights(pd.DataFrame({"date": ["2026-11-01"]}), 0.5)


@given(
    st.lists(st.sampled_from(sorted(INCIDENT_SOURCES)), max_size=50),
    st.floats(min_value=0.0, max_value=1.0),
)
def test_the_total_loses_exactly_the_discount_of_each_patrol_record(
    sources: list[str], weight: float
) -> None:
    weights = incident_weights(records(*sources), weight)
    patrol = np.array(sources) == "patrol"
    assert weights.sum() == pytest.approx(len(sources) - (1 - weight) * patrol.sum())
    assert (weights[~patrol] == 1.0).all() and (weights[patrol] == weight).all()
