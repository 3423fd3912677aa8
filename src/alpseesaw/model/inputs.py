"""The model's parameters: externals (defaults = the built-in card), internals, the neutrino block.

Electroweak scheme: ``aEWM1`` (1/alpha at MZ), ``MZ`` and ``MW`` are inputs (so the spectrum
shows m_W and m_Z exactly as the card says); ``cw = MW/MZ`` (on-shell), ``ee = sqrt(4 pi alpha)``,
``v = 2 MW sw / ee``. Couplings of the unbroken phase: ``g = ee/sw``, ``gp = ee/cw``.
On-shell photons of the ALP operators (2.12) couple with ``ee0 = sqrt(4 pi alpha(0))`` instead,
``aEW0M1 = 1/alpha(0)`` (Thomson limit; broken mode only; ``docs/model.md``).

Default card: a relic point of the paper's Fig. 3 regime -- fa = 10 TeV, Ma = Mphi = 1.1 Mchi
with Mchi = 10 TeV, theta = 0, Cmm = -100 (Cmm/fa = -0.01 GeV^-1) and Cgg = 2662.7, for which the
complete calculation gives Omega h^2 = 0.120 (98 % chi chi~ -> gamma gamma, 1 % each N1 N1 and N2
N2; micrOMEGAs 6.0 agrees, docs/dark_matter.md); texture A at a point that fits the central
values of Table 2 (kappa = m_ee = 1.585 meV, normal ordering; heavy neutrinos at 5 and 10 TeV;
see ``docs/model.md``).
"""

from __future__ import annotations

import functools
import re
from functools import cache
from typing import Any

import sympy as sp

from alpseesaw.model import neutrinos
from alpseesaw.model.parameters import Constraint, External, Internal, NumericBlock, ParameterSet

#: How the broken-phase ALP-gauge couplings of eq (2.12) are set.
#: ``"broken"``: Cgg, CgZ, CZZ, CWW are independent inputs (the paper's choice: the ALP couples to
#: photons only); ``"unbroken"``: CWW and CBB are inputs and Cgg, CgZ, CZZ follow from eq (2.13).
ALP_GAUGE_MODES = ("broken", "unbroken")

_POS: dict[str, Any] = {"lower": 0.0, "lower_open": True}
_NONNEG: dict[str, Any] = {"lower": 0.0}


#: alpha(0) is not an SLHA SMINPUTS entry (SLHA 1 and 2 assign SMINPUTS 1-8, 11-14, 21-24, and 1
#: is 1/alpha(MZ)): an unassigned SMINPUTS index could be claimed by a later accord or refused by a
#: tool that owns that block, so it gets a block of the model's own, like PQINPUTS and NUINPUTS.
ALPHA0_BLOCK = ("QEDINPUTS", 1)


def _sm_externals() -> list[External]:
    E = External
    # fmt: off
    return [
        E("aEWM1", 127.9, "1", "SMINPUTS", 1, "inverse of the EW coupling alpha(MZ)", lower=1.0, lower_open=True, texname="\\alpha^{-1}"),
        E("aS", 0.1184, "1", "SMINPUTS", 3, "strong coupling alpha_s(MZ)", lower=0.0, upper=1.0, lower_open=True, upper_open=True, texname="\\alpha_s"),
        E("MZ", 91.1876, "GeV", "MASS", 23, "Z boson mass", **_POS, texname="M_Z"),
        E("MW", 80.379, "GeV", "MASS", 24, "W boson mass (on-shell: cw = MW/MZ)", **_POS, texname="M_W"),
        E("MH", 125.0, "GeV", "MASS", 25, "mass of the 125 GeV scalar h", **_POS, texname="m_h"),
        E("Me", 0.000511, "GeV", "MASS", 11, "electron mass", **_NONNEG, texname="m_e"),
        E("Mmu", 0.10566, "GeV", "MASS", 13, "muon mass", **_NONNEG, texname="m_\\mu"),
        E("Mta", 1.777, "GeV", "MASS", 15, "tau mass", **_NONNEG, texname="m_\\tau"),
        E("Md", 0.00467, "GeV", "MASS", 1, "down-quark mass", **_NONNEG, texname="m_d"),
        E("Mu", 0.00216, "GeV", "MASS", 2, "up-quark mass", **_NONNEG, texname="m_u"),
        E("Ms", 0.093, "GeV", "MASS", 3, "strange-quark mass", **_NONNEG, texname="m_s"),
        E("Mc", 1.27, "GeV", "MASS", 4, "charm-quark mass", **_NONNEG, texname="m_c"),
        E("Mb", 4.18, "GeV", "MASS", 5, "bottom-quark mass", **_NONNEG, texname="m_b"),
        E("Mt", 172.5, "GeV", "MASS", 6, "top-quark mass", **_NONNEG, texname="m_t"),
        E("WZ", 2.4952, "GeV", "DECAY", 23, "Z width", **_NONNEG, texname="\\Gamma_Z"),
        E("WW", 2.085, "GeV", "DECAY", 24, "W width", **_NONNEG, texname="\\Gamma_W"),
        E("WT", 1.42, "GeV", "DECAY", 6, "top width", **_NONNEG, texname="\\Gamma_t"),
        E("WH", 0.00407, "GeV", "DECAY", 25, "width of h", **_NONNEG, texname="\\Gamma_h"),
    ]
    # fmt: on


def _alpha0_externals(alp_gauge: str) -> list[External]:
    """alpha(0) for the on-shell photons of (2.12) (broken mode only; docs/model.md).

    Listed after every other input, so that the inputs before it (and seeded random cards drawn
    in this order, ``checks._random_externals``) are what they were before it existed.
    """
    if alp_gauge != "broken":
        return []
    return [
        External(
            "aEW0M1",
            137.035999084,
            "1",
            *ALPHA0_BLOCK,
            "1/alpha(0): coupling of on-shell photons (Thomson limit, PDG)",
            lower=1.0,
            lower_open=True,
            texname="\\alpha(0)^{-1}",
        )
    ]


#: ALP-fermion couplings C_psipsi of eq (2.10), by PDG code of the (charged) fermion.
ALP_FERMION_COUPLINGS: dict[str, int] = {
    "Cdd": 1, "Cuu": 2, "Css": 3, "Ccc": 4, "Cbot": 5, "Ctt": 6, "Cee": 11, "Cmm": 13, "Ctautau": 15,
}  # fmt: skip


def _dark_externals(alp_gauge: str) -> list[External]:
    E = External
    # fmt: off
    out = [
        E("fa", 10000.0, "GeV", "PQINPUTS", 1, "ALP decay constant = vev of Phi (eq 2.8)", **_POS, texname="f_a"),
        E("sth", 0.0, "1", "PQINPUTS", 2, "sin(theta), h-phi mixing (eq 2.3)", lower=-1.0, upper=1.0, texname="\\sin\\theta"),
        E("Mchi", 10000.0, "GeV", "MASS", 52, "dark-matter mass m_chi = g_chi fa/sqrt2", **_POS, texname="m_\\chi"),
        E("Ma", 11000.0, "GeV", "MASS", 9000005, "ALP mass (eq 2.9)", **_POS, texname="m_a"),
        E("Mphi", 11000.0, "GeV", "MASS", 9000006, "mass of the radial mode phi", **_POS, texname="m_\\phi"),
        E("Wa", 0.0, "GeV", "DECAY", 9000005, "ALP width", **_NONNEG, texname="\\Gamma_a"),
        E("Wphi", 0.0, "GeV", "DECAY", 9000006, "width of phi", **_NONNEG, texname="\\Gamma_\\phi"),
        E("CWW", 0.0, "1", "ALPVV", 4, "ALP-W coupling C_WW (eqs 2.10, 2.12)", texname="C_{WW}"),
        E("Cglu", 0.0, "1", "ALPVV", 6, "ALP-gluon coupling C_gg of eq (2.10)", texname="C_{GG}"),
    ]
    # fmt: on
    if alp_gauge == "broken":
        # fmt: off
        out += [
            E("Cgg", 2662.7, "1", "ALPVV", 1, "ALP-photon coupling C_gamma gamma (eq 2.12)", texname="C_{\\gamma\\gamma}"),
            E("CgZ", 0.0, "1", "ALPVV", 2, "ALP-photon-Z coupling C_gamma Z (eq 2.12)", texname="C_{\\gamma Z}"),
            E("CZZ", 0.0, "1", "ALPVV", 3, "ALP-Z coupling C_ZZ (eq 2.12)", texname="C_{ZZ}"),
        ]
        # fmt: on
    else:
        # fmt: off
        out.append(
            E("CBB", 0.0, "1", "ALPVV", 5, "ALP-hypercharge coupling C_BB (eq 2.10)", texname="C_{BB}")
        )
        # fmt: on
    defaults = {"Cmm": -100.0}
    for name, pdg in ALP_FERMION_COUPLINGS.items():
        # fmt: off
        out.append(
            E(name, defaults.get(name, 0.0), "1", "ALPFF", pdg, f"ALP coupling to the fermion with PDG code {pdg} (eq 2.10)")
        )
        # fmt: on
    return out


#: Powers of the electroweak coupling e that parameters count as in coupling orders (UFO's QED
#: order of the vertices with a new particle): e (at MZ and at 0) and the gauge couplings 1,
#: alpha 2, the vev -1, the scalar quartics 2; the Yukawa couplings (below) 1; all else 0.
QED_POWERS: dict[str, int] = {
    "ee": 1, "ee0": 1, "g": 1, "gp": 1, "aEW": 2, "aEW0": 2, "v": -1,
    "lamH": 2, "lamPhi": 2, "lamHPhi": 2,
}  # fmt: skip
_YUKAWA = re.compile(r"^(y(e|mu|ta|d|u|s|c|b|t)|Yp?n\d\d)$")


def qed_power(name: str) -> int:
    """The power of e that the parameter ``name`` counts as (see :data:`QED_POWERS`)."""
    return QED_POWERS.get(name, 1 if _YUKAWA.match(name) else 0)


#: Default neutrino point: texture A fitted to the central values of Table 2 (normal ordering);
#: kappa = mD11**2 muS11 / MN11**2 = 1.5846 meV. Heavy neutrinos at 5 and 10 TeV (M_N ~ Y' fa):
#: below M_chi the a-mediated chi chi~ -> N N channel dominates the annihilation (docs/model.md).
DEFAULT_NEUTRINO_POINT = {
    "texture": 1.0, "mD11": 4.0, "MN11": 5000.0, "muS11": 2.4758766774e-06,
    "y1": 2.49530859, "y2": 10.77040391, "y3": 7.66352632,
    "alphaN": 0.24693026, "betaN": 0.26054111, "phiN": 2.872770606, "gammaN": 2.0,
}  # fmt: skip


def _neutrino_externals() -> list[External]:
    E = External
    d = DEFAULT_NEUTRINO_POINT
    # fmt: off
    return [
        E("texture", d["texture"], "1", "NUINPUTS", 1, "m_D texture: 1 = A (eq 3.3), 2 = B (eq 3.4)", choices=(1.0, 2.0)),
        E("mD11", d["mD11"], "GeV", "NUINPUTS", 2, "1-1 entry of the Dirac mass m_D = Y v/sqrt2", **_POS, texname="m_D^{11}"),
        E("MN11", d["MN11"], "GeV", "NUINPUTS", 3, "1-1 entry of M_N = Y' fa/sqrt2 (eq 3.1)", **_POS, texname="M_N^{11}"),
        E("muS11", d["muS11"], "GeV", "NUINPUTS", 4, "1-1 entry of mu_S (eq 3.2)", **_POS, texname="\\mu_S^{11}"),
        E("y1", d["y1"], "1", "NUINPUTS", 5, "texture entry y1 (eqs 3.3/3.4)", **_NONNEG),
        E("y2", d["y2"], "1", "NUINPUTS", 6, "texture entry y2", **_NONNEG),
        E("y3", d["y3"], "1", "NUINPUTS", 7, "texture entry y3", **_NONNEG),
        E("alphaN", d["alphaN"], "1", "NUINPUTS", 8, "alpha of mu_S (eq 3.2)", **_NONNEG, texname="\\alpha"),
        E("betaN", d["betaN"], "1", "NUINPUTS", 9, "beta of mu_S (eq 3.2)", **_NONNEG, texname="\\beta"),
        E("phiN", d["phiN"], "rad", "NUINPUTS", 10, "phase phi of mu_S (eq 3.2)", lower=0.0, upper=6.283185307179586, texname="\\phi"),
        E("gammaN", d["gammaN"], "1", "NUINPUTS", 11, "gamma = M_N^{22}/M_N^{11} (eq 3.1)", **_POS, texname="\\gamma"),
        E("muR11", 0.0, "GeV", "NUINPUTS", 12, "mu_R 1-1 entry (eq 2.15)"),
        E("muR12", 0.0, "GeV", "NUINPUTS", 13, "mu_R 1-2 entry"),
        E("muR22", 0.0, "GeV", "NUINPUTS", 14, "mu_R 2-2 entry"),
        *(
            E(f"Wnh{k}", 0.0, "GeV", "DECAY", 9900010 + 2 * k, f"width of the heavy neutrino N{k}", **_NONNEG)
            for k in (1, 2, 3, 4)
        ),
    ]
    # fmt: on


def _sym(name: str) -> sp.Symbol:
    return sp.Symbol(name, real=True)


def _internals(alp_gauge: str) -> list[Internal]:
    s = _sym
    I_ = Internal
    sqrt2 = sp.sqrt(2)
    # fmt: off
    out = [
        I_("aEW", 1 / s("aEWM1"), "1", "EW coupling alpha", texname="\\alpha"),
        I_("ee", 2 * sp.sqrt(sp.pi * s("aEW")), "1", "electric charge e", texname="e"),
        I_("cw", s("MW") / s("MZ"), "1", "cos(theta_W), on-shell", texname="c_W"),
        I_("sw", sp.sqrt(1 - s("cw") ** 2), "1", "sin(theta_W)", texname="s_W"),
        I_("v", 2 * s("MW") * s("sw") / s("ee"), "GeV", "Higgs vev v_h", texname="v"),
        I_("g", s("ee") / s("sw"), "1", "SU(2) coupling", texname="g"),
        I_("gp", s("ee") / s("cw"), "1", "U(1)_Y coupling", texname="g'"),
        I_("gs", 2 * sp.sqrt(sp.pi * s("aS")), "1", "strong coupling", texname="g_s"),
        I_("cth", sp.sqrt(1 - s("sth") ** 2), "1", "cos(theta)", texname="\\cos\\theta"),
        # eq (2.6), with the factor 1/2 that (2.1) and (2.5) require: at theta = 0, (2.5) gives
        # m_h^2 = 2 lamH v^2, while (2.6) as printed would give m_h^2 = lamH v^2 (docs/model.md)
        I_("lamH", (s("MH") ** 2 * s("cth") ** 2 + s("Mphi") ** 2 * s("sth") ** 2) / (2 * s("v") ** 2), "1", "lambda_H (eq 2.6, corrected)", texname="\\lambda_H"),
        I_("lamPhi", (s("MH") ** 2 * s("sth") ** 2 + s("Mphi") ** 2 * s("cth") ** 2) / (2 * s("fa") ** 2), "1", "lambda_Phi (eq 2.6, corrected)", texname="\\lambda_\\Phi"),
        # sign: with the rotation (2.3), h = c h' + s phi', the mass matrix needs
        # lamHPhi v fa = (m_h^2 - m_phi^2) s c; (2.4)/(2.6) as printed use the opposite sign of theta
        I_("lamHPhi", (s("MH") ** 2 - s("Mphi") ** 2) * s("sth") * s("cth") / (s("v") * s("fa")), "1", "lambda_HPhi (eq 2.6, sign for the rotation 2.3)", texname="\\lambda_{H\\Phi}"),
        # minimum conditions of V(H, Phi) at (v, fa)
        I_("muH2", s("lamH") * s("v") ** 2 + s("lamHPhi") * s("fa") ** 2 / 2, "GeV^2", "mu_H^2 from dV/dh = 0", texname="\\mu_H^2"),
        I_("muPhi2", s("lamPhi") * s("fa") ** 2 + s("lamHPhi") * s("v") ** 2 / 2, "GeV^2", "mu_Phi^2 from dV/dphi = 0", texname="\\mu_\\Phi^2"),
        I_("gchi", sqrt2 * s("Mchi") / s("fa"), "1", "dark-matter Yukawa g_chi (m_chi = g_chi fa/sqrt2)", texname="g_\\chi"),
        # eqs (2.7)-(2.9): V(a) = Lam4 (1 - cos(2 pi a/fa)), m_a^2 = 4 pi^2 Lam4 / fa^2
        I_("Lam4", s("Ma") ** 2 * s("fa") ** 2 / (4 * sp.pi ** 2), "GeV^4", "height of the ALP potential (eq 2.7)", texname="\\tilde\\Lambda_a^4"),
    ]
    # fmt: on
    for f, m in (
        ("e", "Me"),
        ("mu", "Mmu"),
        ("ta", "Mta"),
        ("d", "Md"),
        ("u", "Mu"),
        ("s", "Ms"),
        ("c", "Mc"),
        ("b", "Mb"),
        ("t", "Mt"),
    ):
        # fmt: off
        out.append(
            I_(f"y{f}", sqrt2 * s(m) / s("v"), "1", f"Yukawa coupling of {f} (m = y v/sqrt2)", texname=f"y_{{{f}}}")
        )
        # fmt: on
    for a in (1, 2, 3):  # m_D = Y v/sqrt2 (eq 2.16)
        for i in (1, 2):
            # fmt: off
            out.append(
                I_(f"Yn{a}{i}", sqrt2 * s(f"mDn{a}{i}") / s("v"), "1", f"neutrino Yukawa Y^{{{a}{i}}} (eq 2.14)")
            )
            # fmt: on
    for i in (1, 2):  # M_N = Y' fa/sqrt2 (eq 2.16)
        for j in (1, 2):
            # fmt: off
            out.append(
                I_(f"Ypn{i}{j}", sqrt2 * s(f"MNn{i}{j}") / s("fa"), "1", f"Yukawa Y'^{{{i}{j}}} of Phi S_L N_R (eq 2.14)")
            )
            # fmt: on
    if alp_gauge == "broken":  # on-shell photons of (2.12) couple with e(0) (docs/model.md)
        # fmt: off
        out += [
            I_("aEW0", 1 / s("aEW0M1"), "1", "alpha(0), QED coupling of on-shell photons", texname="\\alpha(0)"),
            I_("ee0", 2 * sp.sqrt(sp.pi * s("aEW0")), "1", "electric charge e(0) of on-shell photons", texname="e(0)"),
        ]
        # fmt: on
    if alp_gauge == "unbroken":  # eq (2.13)
        c, w = s("cw"), s("sw")
        out += [
            I_("Cgg", s("CWW") + s("CBB"), "1", "C_gamma gamma = CWW + CBB (eq 2.13)"),
            I_("CgZ", c**2 * s("CWW") - w**2 * s("CBB"), "1", "C_gamma Z (eq 2.13)"),
            I_("CZZ", c**4 * s("CWW") + w**4 * s("CBB"), "1", "C_ZZ (eq 2.13)"),
        ]
    return out


@cache
def parameter_set(alp_gauge: str = "broken") -> ParameterSet:
    """The model's :class:`ParameterSet` (cached; it is immutable)."""
    if alp_gauge not in ALP_GAUGE_MODES:
        msg = f"alp_gauge must be one of {ALP_GAUGE_MODES}, got {alp_gauge!r}"
        raise ValueError(msg)
    block = NumericBlock(
        name="neutrino",
        inputs=neutrinos.BLOCK_INPUTS,
        outputs=neutrinos.block_outputs(),
        function=neutrinos.block_function,
        description="Textures (3.1)-(3.4) -> Y, Y', mu_S, mu_R; Takagi factorisation of eq (2.18)",
        units=dict.fromkeys((*neutrinos.LIGHT, *neutrinos.HEAVY), "GeV"),
        complex_outputs=neutrinos.complex_outputs(),
    )
    s = _sym
    constraints = [
        Constraint("fa", s("fa"), s("v"), "U(1)_PQ must break above the EW scale (fa > v)"),
        Constraint("MZ", s("MZ"), s("MW"), "the on-shell scheme needs MZ > MW"),
    ]
    return ParameterSet(
        externals=_sm_externals()
        + _dark_externals(alp_gauge)
        + _neutrino_externals()
        + _alpha0_externals(alp_gauge),
        internals=_internals(alp_gauge),
        numeric_blocks=[block],
        constraints=constraints,
        shipped=functools.partial(_shipped_evaluator, alp_gauge),
    )


def _shipped_evaluator(alp_gauge: str) -> str | None:
    """The evaluator source the IR snapshot ships for the gauge (``None``: stale, print it)."""
    from alpseesaw.model import snapshot

    return snapshot.evaluator(alp_gauge)
