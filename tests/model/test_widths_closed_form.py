"""Two-body widths of a, phi and h against closed forms written from the paper's Lagrangian.

Nothing here reads an IR vertex: the formulas use only card inputs and the input scheme of
model/inputs.py (e = sqrt(4 pi alpha(MZ)), e0 = sqrt(4 pi alpha(0)), cw = MW/MZ, v = 2 MW sw/e,
gs = sqrt(4 pi alpha_s), cth = sqrt(1 - sth^2)), so a wrong factor in the Lagrangian, the Feynman
rules or the width code shows up (a Lagrangian error cannot hide behind a shared IR).

ALP-gauge terms (2.10), (2.12): L = c_X a X Xtilde (Xtilde = eps X / 2) with c_AA = Cgg e0^2 k,
c_AZ = 2 CgZ e0 e/(sw cw) k, c_ZZ = CZZ e^2/(sw cw)^2 k, c_WW = 2 CWW e^2/sw^2 k (W+ W-tilde),
c_GG = Cglu gs^2 k per gluon colour, k = 1/(16 pi^2 fa). From M = 4 c eps(k1, e1, k2, e2) for two
identical fields, 2 c for two different ones, and sum |eps(...)|^2 = 2[(k1.k2)^2 - k1^2 k2^2]:

    a -> A A   c^2 m^3 / (4 pi)                      (symmetry factor 1/2 included)
    a -> g g   8 c_GG^2 m^3 / (4 pi)                 (the colour factor 8: one term per gluon)
    a -> Z Z   c^2 m^3 beta_Z^3 / (4 pi)
    a -> W+W-  c^2 m^3 beta_W^3 / (8 pi)             (different fields: no 1/2, amplitude 2c)
    a -> Z A   c^2 (m^2 - MZ^2)^3 / (8 pi m^3)

ALP-fermion (2.10), C/fa (d a) fbar g^mu g5 f: on shell a pseudoscalar of coupling 2 m_f C/fa,
Gamma = Nc (C/fa)^2 m_f^2 m beta_f / (2 pi). The scalars: h' = cth h - sth phi is the doublet's
radial mode, phi' = sth h + cth phi the PQ field's; an SM Higgs of mass M has
Gamma(f fbar) = Nc m_f^2 M beta^3/(8 pi v^2), Gamma(W W) = M^3 beta (1 - 4x + 12 x^2)/(16 pi v^2)
(x = MW^2/M^2), Gamma(Z Z) the same with MZ and 1/(32 pi); the kinetic term |d Phi|^2 gives
phi' (d a)^2 / fa, Gamma(phi -> a a) = cth^2 (M^2 - 2 Ma^2)^2 beta_a / (32 pi M fa^2).
Tolerance 1e-9 relative (rounding only).
"""

from __future__ import annotations

import math

import pytest

from alpseesaw.model import widths as W

RTOL = 1e-9
#: (IR name, card mass, ALP coupling, colours)
FERMIONS = [
    ("e-", "Me", "Cee", 1), ("mu-", "Mmu", "Cmm", 1), ("ta-", "Mta", "Ctautau", 1),
    ("d", "Md", "Cdd", 3), ("u", "Mu", "Cuu", 3), ("s", "Ms", "Css", 3), ("c", "Mc", "Ccc", 3),
    ("b", "Mb", "Cbot", 3), ("t", "Mt", "Ctt", 3),
]  # fmt: skip


def _anti(ir, name: str) -> str:
    p = ir.particle(name)
    return p.antiname if name == p.name else p.name


def width(ir, values, parent: str, *products: str) -> float:
    """The code's width of ``parent -> products`` (0 if the channel is closed or absent)."""
    for pw in W.two_body_widths(ir, parent):
        if sorted(pw.products) == sorted(products):
            return W.evaluate_width(ir, pw, values) if W.is_open(ir, pw, values) else 0.0
    return 0.0


def beta(m: float, m1: float) -> float:
    return math.sqrt(max(0.0, 1 - 4 * m1**2 / m**2))


def scheme(v: dict) -> dict:
    e = math.sqrt(4 * math.pi / v["aEWM1"])
    e0 = math.sqrt(4 * math.pi / v["aEW0M1"])
    cw = v["MW"] / v["MZ"]
    sw = math.sqrt(1 - cw**2)
    return {
        "e": e, "e0": e0, "cw": cw, "sw": sw, "vev": 2 * v["MW"] * sw / e,
        "gs": math.sqrt(4 * math.pi * v["aS"]), "cth": math.sqrt(1 - v["sth"] ** 2),
    }  # fmt: skip


@pytest.fixture
def heavy(ir):
    """A card where a and phi are heavy enough for every gauge-boson and top channel."""
    from alpseesaw.model.checks import _random_externals

    card = _random_externals(ir.parameter_set, seed=7) | {"Ma": 900.0, "Mphi": 1300.0}
    return {k: complex(x).real for k, x in ir.evaluate(card).items()}


def test_alp_to_gauge_bosons(ir, heavy) -> None:
    v, s = heavy, scheme(heavy)
    m, k = v["Ma"], 1 / (16 * math.pi**2 * v["fa"])
    c_aa = v["Cgg"] * s["e0"] ** 2 * k
    c_az = 2 * v["CgZ"] * s["e0"] * s["e"] / (s["sw"] * s["cw"]) * k
    c_zz = v["CZZ"] * s["e"] ** 2 / (s["sw"] * s["cw"]) ** 2 * k
    c_ww = 2 * v["CWW"] * s["e"] ** 2 / s["sw"] ** 2 * k
    c_gg = v["Cglu"] * s["gs"] ** 2 * k
    mz, mw = v["MZ"], v["MW"]
    expected = {
        ("A", "A"): c_aa**2 * m**3 / (4 * math.pi),
        ("g", "g"): 8 * c_gg**2 * m**3 / (4 * math.pi),
        ("Z", "Z"): c_zz**2 * m**3 * beta(m, mz) ** 3 / (4 * math.pi),
        ("W+", "W-"): c_ww**2 * m**3 * beta(m, mw) ** 3 / (8 * math.pi),
        ("A", "Z"): c_az**2 * (m**2 - mz**2) ** 3 / (8 * math.pi * m**3),
    }
    for products, want in expected.items():
        assert want > 0
        assert width(ir, heavy, "a", *products) == pytest.approx(want, rel=RTOL), products


@pytest.mark.parametrize(("f", "mass", "coupling", "nc"), FERMIONS)
def test_alp_to_fermions(ir, heavy, f, mass, coupling, nc) -> None:
    m, mf = heavy["Ma"], heavy[mass]
    want = nc * (heavy[coupling] / heavy["fa"]) ** 2 * mf**2 * m * beta(m, mf) / (2 * math.pi)
    assert width(ir, heavy, "a", f, _anti(ir, f)) == pytest.approx(want, rel=RTOL)


def _sm_higgs(v: dict, s: dict, m: float) -> dict:
    """Widths of an SM Higgs of mass ``m`` (vev v) into the channels pinned here."""

    def vv(mv: float, norm: float) -> float:
        x = mv**2 / m**2
        return m**3 * beta(m, mv) * (1 - 4 * x + 12 * x**2) / (norm * math.pi * s["vev"] ** 2)

    out = {
        (f, "anti"): nc * v[mass] ** 2 * m * beta(m, v[mass]) ** 3 / (8 * math.pi * s["vev"] ** 2)
        for f, mass, _c, nc in FERMIONS
    }
    out[("W+", "W-")] = vv(v["MW"], 16) if m > 2 * v["MW"] else 0.0
    out[("Z", "Z")] = vv(v["MZ"], 32) if m > 2 * v["MZ"] else 0.0
    return out


@pytest.mark.parametrize(("parent", "mass", "mixing"), [("phi", "Mphi", "sth"), ("h", "MH", "cth")])
def test_scalars_to_sm_states(ir, heavy, parent, mass, mixing) -> None:
    s = scheme(heavy)
    share = (heavy["sth"] if mixing == "sth" else s["cth"]) ** 2
    for (x, y), sm in _sm_higgs(heavy, s, heavy[mass]).items():
        products = (x, _anti(ir, x)) if y == "anti" else (x, y)
        assert width(ir, heavy, parent, *products) == pytest.approx(share * sm, rel=RTOL), products


def test_phi_to_alps(ir, heavy) -> None:
    m, ma = heavy["Mphi"], heavy["Ma"]
    cth = scheme(heavy)["cth"]
    want = cth**2 * (m**2 - 2 * ma**2) ** 2 * beta(m, ma) / (32 * math.pi * m * heavy["fa"] ** 2)
    assert width(ir, heavy, "phi", "a", "a") == pytest.approx(want, rel=RTOL)


def test_top_to_w_b_is_the_standard_model_width(ir) -> None:
    # A coloured parent: its colours are averaged (summed over the final b's, divided by 3).
    # Gamma(t -> W b) = G_F mt^3 / (8 sqrt2 pi) lambda^{1/2}(1, b, w) [(1 - b)^2 + w (1 + b) - 2 w^2],
    # b = mb^2/mt^2, w = MW^2/mt^2, G_F/sqrt2 = g^2/(8 MW^2), no quark mixing (the model's).
    v = {k: complex(x).real for k, x in ir.evaluate({}).items()}
    s = scheme(v)
    mt, mb, mw = v["Mt"], v["Mb"], v["MW"]
    b, w = mb**2 / mt**2, mw**2 / mt**2
    gf = (s["e"] / s["sw"]) ** 2 / (8 * mw**2) * math.sqrt(2)
    lam = math.sqrt((1 - b - w) ** 2 - 4 * b * w)
    want = gf * mt**3 / (8 * math.sqrt(2) * math.pi) * lam * ((1 - b) ** 2 + w * (1 + b) - 2 * w**2)
    assert width(ir, v, "t", "W+", "b") == pytest.approx(want, rel=RTOL)
