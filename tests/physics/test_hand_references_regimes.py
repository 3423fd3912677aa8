"""The hand references of physics/annihilation.py where the IR comparisons did not reach them:
phi -> chi chi~ at sin(theta) != 0, and the kinematic thresholds of the channel notes."""

from __future__ import annotations

import math

import numpy as np
import pytest

from alpseesaw.model import build_model, load_values
from alpseesaw.model.batch import evaluate_batch
from alpseesaw.physics import annihilation as ann
from alpseesaw.physics.pointset import RelicModel

MZ, MW = 91.1876, 80.379


def test_phi_to_dark_matter_carries_cos_theta_squared() -> None:
    # (2.22): -(Mchi/fa) cos(theta) phi chibar chi, a scalar Yukawa: Gamma = (g cth)^2 M beta^3/8pi
    card = {"Mchi": 700.0, "Ma": 1900.0, "Mphi": 5000.0, "fa": 8000.0, "sth": 0.3}
    inp = ann.DarkSectorInputs.from_values(load_values(overrides=card))
    beta = math.sqrt(1 - 4 * 700.0**2 / 5000.0**2)
    want = (700.0 / 8000.0) ** 2 * (1 - 0.3**2) * 5000.0 * beta**3 / (8 * math.pi)
    assert ann.phi_partial_widths(inp)["chi chi~"] == pytest.approx(want, rel=1e-12)
    # and the IR's width of the same decay at the same card
    model = RelicModel(build_model())
    batch = evaluate_batch(model.ir.parameter_set, {k: np.array([v]) for k, v in card.items()})
    ours = model.partial_widths("phi", model.couplings(batch))["chi chi~"][0]
    assert ours == pytest.approx(want, rel=1e-10)


@pytest.mark.parametrize(
    ("final", "coupling", "threshold"),
    [("Z gamma", "cgz", MZ), ("Z Z", "czz", 2 * MZ), ("W+ W-", "cww", 2 * MW), ("g g", "cglu", 0)],
)
def test_gauge_channel_notes_open_at_the_sum_of_the_final_masses(final, coupling, threshold):
    # below threshold: forbidden with exp(-x_f (threshold - 2 m)/m); above: open, factor 1
    for mchi in (0.45 * threshold or 1.0, 0.55 * threshold or 2.0, 120.0):
        inp = ann.DarkSectorInputs(mchi=mchi, ma=3 * mchi, fa=1e4, mz=MZ, mw=MW, **{coupling: 1.0})
        (note,) = [n for n in ann.other_channels(inp, xf=20.0) if n.final_state == final]
        assert note.threshold_gev == pytest.approx(threshold, rel=1e-15)
        if 2 * mchi >= threshold:
            assert (note.kind, note.boltzmann_factor) == ("open", 1.0)
        else:
            want = math.exp(-20.0 * (threshold - 2 * mchi) / mchi)
            assert note.kind == "forbidden"
            assert note.boltzmann_factor == pytest.approx(want, rel=1e-12)
