"""UFO output against the CalcHEP output (proven on micrOMEGAs), vertex by vertex.

Both sides are read back from their own files only, each with its format's documented conventions:

* CalcHEP (``alpseesaw.validation.calchep_eval``): vertex = Factor x Lorentz part x implicit colour,
  the Lagrangian coefficient with incoming momenta ``p<k>``, legs as in ``lgrng1.mdl``;
* UFO (``ufo_numeric``): sum coupling x colour x Lorentz = the Feynman rule for the listed particles
  outgoing, ``P`` outgoing, ``eps^{0123} = -1``.

So for every vertex: UFO(particles = antiparticles of the CalcHEP legs, fermion pair swapped,
momenta -p) = i x CalcHEP(p), at random momenta, complex polarisations and colour indices, with
both sets of files written for the same card. Tolerance: 1e-9 relative, plus 1e-12 of the size the
coupling's terms add up to times the kinematics (the neutrino couplings cancel between O(1e-2)
terms to ~1e-18; the same bound as the CalcHEP-vs-IR test).
Skipped as in the CalcHEP tests: the four-gluon vertex (CalcHEP's auxiliary-field form) and the
a-g-g-g contact term CalcHEP cannot represent.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
import ufo_numeric as U

from alpseesaw.generators import calchep
from alpseesaw.generators import ufo as G
from alpseesaw.model import toolnames
from alpseesaw.model.numeric import coupling_value
from alpseesaw.validation import calchep_eval as ce

TOL = 1e-9


@pytest.fixture(scope="module")
def calchep_files(ir, card):
    return calchep.generate(ir, card)


def test_every_vertex_agrees_with_calchep(ir, values, ufo_module, calchep_files) -> None:
    params = ce.evaluate_parameters(
        calchep_files["vars1.mdl"], calchep_files["func1.mdl"], GG=values["gs"]
    )
    lines = {v.legs: v for v in ce.read_vertices(calchep_files["lgrng1.mdl"])}
    parts = ce.read_particles(calchep_files["prtcls1.mdl"])
    names = toolnames.tool_names(ir).calchep
    couplings = U.couplings(ufo_module, U.parameters(ufo_module))
    rng = np.random.default_rng(17)
    checked, failures = 0, []
    for v, uv in zip(ir.vertices, ufo_module.all_vertices, strict=True):
        legs = tuple(names[x] for x in v.legs)
        if legs not in lines:
            n8 = sum(ir.particle(x).colour == 8 for x in v.legs)
            assert n8 >= 3, f"{v.key} is in the UFO but not in lgrng1.mdl"
            continue
        line = lines[legs]
        _, perm = G.leg_order(ir, v)
        n = len(v.legs)
        p = {k: rng.normal(size=4) * 50 for k in range(1, n + 1)}
        e = {k: rng.normal(size=4) + 1j * rng.normal(size=4) for k in p}
        colours = [ir.particle(x).colour for x in v.legs]
        idx = {k + 1: int(rng.integers(0, c)) for k, c in enumerate(colours) if c > 1}
        c3 = [k + 1 for k, c in enumerate(colours) if c == 3]
        if len(c3) == 2 and 8 not in colours:
            idx[c3[1]] = idx[c3[0]]  # a non-zero colour delta
        dims = {k + 1: c for k, c in enumerate(colours) if c > 1}
        want = 1j * ce.vertex_value(line, params, colours, p, e, idx)
        if ce.fermionic(line, parts) and not isinstance(want, np.ndarray):
            want = want * np.eye(4)
        got = U.vertex_value(
            uv, couplings, {perm[k]: -p[k] for k in p}, {perm[k]: e[k] for k in e},
            {perm[k]: c for k, c in idx.items()}, {perm[k]: d for k, d in dims.items()},
        )  # fmt: skip
        terms = sum(
            abs(coupling_value(t, values)) for c in v.couplings for t in sp.Add.make_args(c.value)
        )
        kin = max(1.0, *(float(np.abs(x).max()) for x in p.values())) ** 2
        err = float(np.max(np.abs(np.asarray(got) - np.asarray(want))))
        if err > TOL * float(np.max(np.abs(want))) + 1e-12 * terms * kin:
            failures.append(v.key)
        checked += 1
    assert not failures, failures[:10]
    assert checked >= 330
