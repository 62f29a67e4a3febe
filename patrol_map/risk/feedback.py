"""The patrol feedback loop, and the setting that weakens it: records found by patrols weigh less.

Patrols record incidents too: gambling, drugs, a fight or a drunk causing trouble are often known
only because a patrol came by. Patrols go where the hotspots are, so the loop runs:

1. patrols find incidents where they go (the main roads, the markets, the "complicated" villages);
2. those places gain records, so their density, Gi* score and forecast rise;
3. the next plan sends more patrols there, which find more, while a place no patrol visits gains
   records only from citizens' reports and looks quieter than it is.

Left alone, the forecast learns where the patrols were rather than where the incidents are. Lum and
Isaac (2016, "To predict and serve?", *Significance* 13(5)) showed it on drug records in Oakland.
Ensign, Friedler, Neville, Scheidegger and Venkatasubramanian (2018, "Runaway feedback loops in
predictive policing", Conference on Fairness, Accountability and Transparency, PMLR 81) proved that
when what patrols find is fed back as it is, attention runs away to the places looked at first,
whatever the true rates; reports that do not depend on where the patrols went (citizens') do not
feed the loop, and their remedy weighs each incident found by the inverse of the chance that a patrol
was there. A fixed weight below 1 is the simple form of that remedy which needs no record of
where and how often each place was patrolled.

The setting: every record of ``source == "patrol"`` counts ``patrol_weight`` of an incident in the
hotspot, trend and forecast computations that take weights, every other record (citizen reports,
other agencies, unknown sources) counts 1. ``1`` counts everything alike (the loop left as it is),
``0`` leaves the patrols' own findings out (only what others report; the loop cut, at the cost of
the patrols' real information), and the default :data:`DEFAULT_PATROL_WEIGHT` of ``0.5`` halves them:
a place patrolled twice as often as another finds about twice as much, so half a record is a rough
correction for where patrols already go. The records themselves are never changed; the setting
changes only how much they count.
"""

from __future__ import annotations

from numbers import Real

import numpy as np
import pandas as pd

from patrol_map.errors import SettingError

#: Weight of a record found by a patrol, by default (every other record weighs 1).
DEFAULT_PATROL_WEIGHT = 0.5


def incident_weights(incidents: pd.DataFrame, patrol_weight: float = DEFAULT_PATROL_WEIGHT) -> np.ndarray:
    """Return how much each incident counts: ``patrol_weight`` if a patrol found it, else 1.

    Parameters
    ----------
    incidents
        Incident records with a ``source`` column (keys of
        :data:`patrol_map.model.INCIDENT_SOURCES`), as the workspace stores them.
    patrol_weight
        Weight, from 0 to 1 (a share of one incident), of each record of ``source == "patrol"``.

    Returns
    -------
    numpy.ndarray
        One weight per row (float, in incidents), in the rows' order.

    Raises
    ------
    SettingError
        When ``patrol_weight`` is not a number from 0 to 1.
    KeyError
        When ``incidents`` has no ``source`` column.

    """
    real = isinstance(patrol_weight, Real) and not isinstance(patrol_weight, bool)
    if not (real and 0 <= patrol_weight <= 1):  # NaN fails the comparison too
        raise SettingError(
            f"Trọng số vụ việc do tuần tra phát hiện phải từ 0 đến 1 (đã cho {patrol_weight!r}).",
            f"The weight of incidents found by patrols must be from 0 to 1 (given {patrol_weight!r}).",
        )
    if "source" not in incidents.columns:
        msg = "incidents need a 'source' column (citizen, patrol, agency or unknown)"
        raise KeyError(msg)
    return np.where(incidents["source"].to_numpy() == "patrol", float(patrol_weight), 1.0)
