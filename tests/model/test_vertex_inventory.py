"""Every vertex the Lagrangian must have, and no other, written by hand from the paper.

The list below is built from the terms of the Lagrangian (unitary gauge, mass basis, the broken
ALP-gauge couplings of (2.12), vertices of up to four fields), not from the IR: a term lost in
the expansion, a coupling that cancels by mistake, a field given the wrong quantum numbers or a
vertex that the Lagrangian does not contain all change the set. Field names are the model's
particles (n_i: the seven Majorana neutral leptons nu1-3, N1-4).
"""

from __future__ import annotations

import itertools
from collections import Counter

from alpseesaw.model.numeric import coupling_value

LEPTONS = ["e-", "mu-", "ta-"]
QUARKS = ["d", "u", "s", "c", "b", "t"]
NEUTRAL = ["nu1", "nu2", "nu3", "N1", "N2", "N3", "N4"]
CHARGED = LEPTONS + QUARKS
ANTI = {**{f: f.replace("-", "+") for f in LEPTONS}, **{q: q + "~" for q in QUARKS}}
#: SU(2) partners of the W currents (no CKM mixing in the model: V_CKM = 1)
DOUBLETS = [("u", "d"), ("c", "s"), ("t", "b")]


def _pairs(names: list[str]) -> list[tuple[str, str]]:
    """Unordered pairs with repetition (n_i n_j, i <= j)."""
    return list(itertools.combinations_with_replacement(names, 2))


def expected() -> Counter:
    v: list[tuple[str, ...]] = []
    # -- SM gauge interactions of fermions ------------------------------------------------------
    v += [("A", f, ANTI[f]) for f in CHARGED]  # QED: charged fermions
    v += [("Z", f, ANTI[f]) for f in CHARGED]  # neutral current
    v += [("Z", a, b) for a, b in _pairs(NEUTRAL)]  # Z n_i n_j: V_L^dagger V_L, every pair
    v += [("g", q, ANTI[q]) for q in QUARKS]
    for lep in LEPTONS:  # W l n_i: V_{l i}, all seven neutral leptons
        v += [("W+", lep, n) for n in NEUTRAL] + [("W-", ANTI[lep], n) for n in NEUTRAL]
    for up, down in DOUBLETS:
        v += [("W+", down, ANTI[up]), ("W-", up, ANTI[down])]
    # -- gauge self-interactions ----------------------------------------------------------------
    v += [("g", "g", "g"), ("g", "g", "g", "g")]
    v += [("A", "W+", "W-"), ("Z", "W+", "W-"), ("A", "A", "W+", "W-"), ("Z", "Z", "W+", "W-"),
          ("A", "Z", "W+", "W-"), ("W+", "W+", "W-", "W-")]  # fmt: skip
    # -- |D H|^2: h' = c h - s phi, so both scalars couple to W W and Z Z ------------------------
    for vec in (("W+", "W-"), ("Z", "Z")):
        v += [(*vec, s) for s in ("h", "phi")]
        v += [(*vec, *ss) for ss in _pairs(["h", "phi"])]
    # -- Yukawas of the charged fermions (through h' in h and phi) -------------------------------
    v += [(s, f, ANTI[f]) for s in ("h", "phi") for f in CHARGED]
    # -- V(H, Phi) (2.1): cubic and quartic in h', phi' (no a: non-linear Phi), V(a) (2.7) -------
    v += list(itertools.combinations_with_replacement(["h", "phi"], 3))
    v += list(itertools.combinations_with_replacement(["h", "phi"], 4))
    v += [("a", "a", "a", "a")]  # 1 - cos(2 pi a/fa): a^4, no a^3
    # -- |d Phi|^2: (fa + phi')^2 (d a)^2 / (2 fa^2) -> phi' (d a)^2, phi'^2 (d a)^2 ---------------
    v += [("a", "a", s) for s in ("h", "phi")] + [("a", "a", *ss) for ss in _pairs(["h", "phi"])]
    # -- ALP couplings (2.10), (2.12) -----------------------------------------------------------
    v += [("a", f, ANTI[f]) for f in CHARGED]  # C_ff (d a) fbar gamma gamma5 f
    v += [("a", "A", "A"), ("a", "Z", "Z"), ("a", "W+", "W-"), ("a", "A", "Z")]  # abelian (2.12)
    v += [("a", "g", "g"), ("a", "g", "g", "g")]  # G Gtilde: the f^{abc} term, a g g g g cancels
    # -- dark matter (2.21)-(2.22): -g_chi Phi chibar_L chi_R, Phi = (fa + phi') e^{ia/fa}/sqrt2 -----
    v += [("chi", "chi~", s) for s in ("h", "phi", "a")]
    v += [("chi", "chi~", "a", s) for s in ("h", "phi")] + [("chi", "chi~", "a", "a")]
    # -- neutrino Yukawas (2.14): Y Lbar Htilde N_R (h'), Y' Phi Sbar_L N_R (phi', a, a a, a phi') -
    for fields in (("h",), ("phi",), ("a",), ("a", "a"), ("a", "h"), ("a", "phi")):
        v += [(*fields, x, y) for x, y in _pairs(NEUTRAL)]
    return Counter(tuple(sorted(legs)) for legs in v)


def test_the_hand_inventory_has_no_vertex_twice() -> None:
    assert max(expected().values()) == 1
    # counted by hand: fermion-gauge 100, gauge self 8, Higgs-gauge 10, Yukawas 18, V(H, Phi)
    # and V(a) 10, |d Phi|^2 5, ALP-fermion 9, ALP-gauge 6, dark matter 6, neutrinos 6 x 28
    assert sum(expected().values()) == 340


def test_the_model_has_every_vertex_of_the_lagrangian_and_no_other(ir) -> None:
    got = Counter(tuple(sorted(v.legs)) for v in ir.vertices)
    want = expected()
    assert max(got.values()) == 1, [k for k, n in got.items() if n > 1]  # one vertex per content
    missing, extra = sorted(set(want) - set(got)), sorted(set(got) - set(want))
    assert not missing, missing
    assert not extra, extra  # vertices the Lagrangian does not have


def test_every_vertex_has_a_non_zero_coupling_at_a_generic_card(ir, values) -> None:
    # the all-couplings random card (sin theta, every C and every texture input non-zero): a
    # vertex whose couplings all vanish there is a cancellation the Lagrangian does not have
    zero = [v.legs for v in ir.vertices if all(abs(coupling_value(c.value, values)) == 0
                                              for c in v.couplings)]  # fmt: skip
    assert not zero
