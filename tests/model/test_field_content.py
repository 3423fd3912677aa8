"""The field content against Table 1 of the paper and the SM, written out by hand.

Multiplets of the unbroken phase: (kind, SU(3), SU(2), Y, PQ) with Q = T3 + Y; the PQ charges of
Table 1 (L, N_R: X_N; S_L: X_N + 1; chi_R: X_chi; chi_L: X_chi + 1; Phi: 1; H: 0), e_R with X_N
and the quarks with 0 (docs: model/fields.py). Particles of the mass basis: (spin 2s+1, colour,
charge, Majorana, dark) from the same table.
"""

from __future__ import annotations

from fractions import Fraction as F

from alpseesaw.model import fields
from alpseesaw.model.fields import X_N, X_chi

SM = {
    "H": ("scalar", 1, 2, F(1, 2), 0), "G": ("vector", 8, 1, F(0), 0),
    "W": ("vector", 1, 3, F(0), 0), "B": ("vector", 1, 1, F(0), 0),
    "Phi": ("scalar", 1, 1, F(0), 1),
    "chiR": ("right", 1, 1, F(0), X_chi), "chiL": ("left", 1, 1, F(0), X_chi + 1),
}  # fmt: skip
for _i in (1, 2, 3):
    SM |= {
        f"Q{_i}": ("left", 3, 2, F(1, 6), 0), f"uR{_i}": ("right", 3, 1, F(2, 3), 0),
        f"dR{_i}": ("right", 3, 1, F(-1, 3), 0), f"L{_i}": ("left", 1, 2, F(-1, 2), X_N),
        f"eR{_i}": ("right", 1, 1, F(-1), X_N),
    }  # fmt: skip
for _i in (1, 2):
    SM |= {f"NR{_i}": ("right", 1, 1, F(0), X_N), f"SL{_i}": ("left", 1, 1, F(0), X_N + 1)}

#: name -> (spin 2s+1, colour, charge, majorana, dark)
PARTICLES = {
    **{f: (2, 1, F(-1), False, False) for f in ("e-", "mu-", "ta-")},
    **{n: (2, 1, F(0), True, False) for n in ("nu1", "nu2", "nu3", "N1", "N2", "N3", "N4")},
    **{q: (2, 3, F(-1, 3), False, False) for q in ("d", "s", "b")},
    **{q: (2, 3, F(2, 3), False, False) for q in ("u", "c", "t")},
    "chi": (2, 1, F(0), False, True), "A": (3, 1, F(0), False, False),
    "Z": (3, 1, F(0), False, False), "W+": (3, 1, F(1), False, False),
    "g": (3, 8, F(0), False, False), "h": (1, 1, F(0), False, False),
    "phi": (1, 1, F(0), False, False), "a": (1, 1, F(0), False, False),
}  # fmt: skip


def test_multiplets_are_table_1_and_the_sm() -> None:
    got = {m.name: (m.kind, m.su3, m.su2, m.Y, m.pq) for m in fields.multiplets()}
    assert got == SM


def test_charges_of_the_components_are_t3_plus_y() -> None:
    # doublet components are ordered T3 = +1/2, -1/2: (uL, dL) = (2/3, -1/3), (nuL, eL) = (0, -1)
    charge = {}
    for m in fields.multiplets():
        t3 = [F(1, 2), F(-1, 2)] if m.su2 == 2 else [F(0)] * len(m.components)
        if m.su2 == 3:
            continue
        charge |= {c: t + m.Y for c, t in zip(m.components, t3, strict=True)}
    assert charge["uL1"] == charge["uR1"] == F(2, 3)
    assert charge["dL2"] == charge["dR2"] == F(-1, 3)
    assert charge["eL3"] == charge["eR3"] == F(-1)
    assert charge["nuL1"] == charge["NR1"] == charge["SL2"] == charge["H0"] == 0
    assert charge["Hp"] == 1


def test_particles_of_the_mass_basis(ir) -> None:
    got = {p.name: (p.spin, p.colour, p.charge, p.majorana, p.dark) for p in ir.particles}
    assert got == PARTICLES
    for p in ir.particles:  # self-conjugate exactly when neutral and not a Dirac fermion
        assert (p.name == p.antiname) == (p.charge == 0 and (p.spin != 2 or p.majorana))


def test_widths_belong_to_the_unstable_particles(ir) -> None:
    """A width parameter for each particle that decays at tree level in this model (by hand: the
    heavy SM states Z, W, h and the top, the new scalars a and phi and the heavy neutral leptons),
    ZERO for the stable ones (light fermions but the top, the photon, the gluon, the light
    neutrinos, the dark matter chi, odd under Z2)."""
    widths = {p.name: p.width for p in ir.particles}
    unstable = {"Z": "WZ", "W+": "WW", "h": "WH", "t": "WT", "a": "Wa", "phi": "Wphi"}
    unstable |= {f"N{k}": f"Wnh{k}" for k in (1, 2, 3, 4)}
    assert {n: w for n, w in widths.items() if w != "ZERO"} == unstable
