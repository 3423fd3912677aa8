"""Every chi chi~ -> X Y channel of the built-in relic engine against ufoamp on the project's UFO.

ufoamp computes |M|^2 from the UFO files with its own spinors, propagators, Majorana rules and
diagram generation; the engine (alpseesaw.physics.amplitudes) reads the IR. They share the model,
not the machinery: agreement at several energies and angles checks the engine's diagrams (s, t, u,
contact), interference, spin sums and colour for each channel. Tolerance 1e-7 relative (seen:
1e-9; light fermions carry the derivative coupling's rounding). Channels far below the others
(light-neutrino pairs, |M|^2 ~ 1e-120 here) are couplings at the rounding level of their own sums
of mixing-matrix products, evaluated in a different order on each side: they are compared with an
absolute tolerance of 1e-13 of the largest |M|^2, irrelevant for any relic density.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from ufoamp.process import Process

from alpseesaw.model.batch import evaluate_batch
from alpseesaw.physics import helicity as hel
from alpseesaw.physics.pointset import RelicModel


@pytest.fixture(scope="module")
def engine(ir, card):
    model = RelicModel(ir)
    c = model.couplings(
        evaluate_batch(ir.parameter_set, {k: np.array([v]) for k, v in card.items()})
    )
    return model, c


def test_every_channel_equals_ufoamp(engine, amp_model, ir) -> None:
    model, c = engine
    pdg = {p.name: p.pdg for p in ir.particles}
    pdg.update({p.antiname: -p.pdg for p in ir.particles if p.antiname != p.name})
    mchi = c.mass["chi"][0]
    rows = []
    for ch in model.channels:
        mx, my = c.mass[ch.final[0].name][0], c.mass[ch.final[1].name][0]
        start = max(2 * mchi, mx + my) * 1.02
        process = Process(
            amp_model, [pdg["chi"], pdg["chi~"]], [pdg[p] for p in ch.state.particles]
        )
        for rs in (start, 1.5 * start, 3.0 * start):
            for cos in (-0.6, 0.2, 0.9):
                kin = hel.TwoToTwo.build(np.array([rs**2]), np.array([mchi]), np.array([mchi]),
                                         np.array([mx]), np.array([my]), np.array([cos]))  # fmt: skip
                ours = ch.msq(kin, c)[0]
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", ResourceWarning)
                    theirs = process.m2([kin.p1[0], kin.p2[0], kin.k1[0], kin.k2[0]])
                rows.append((ch.key, rs, cos, ours, theirs))
    scale = max(r[4] for r in rows)
    for key, rs, cos, ours, theirs in rows:
        assert ours == pytest.approx(theirs, rel=1e-7, abs=1e-13 * scale), (key, rs, cos)
    strong = {r[0] for r in rows if r[4] > 1e-10 * scale}
    assert len({r[0] for r in rows}) == len(model.channels) == 48
    # relative for every channel without a light neutrino (the 18 with one are ~1e-100 here)
    assert len(strong) >= len(model.channels) - 21
