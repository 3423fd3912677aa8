"""Field content: multiplets of the unbroken phase (Table 1 + the SM) and the mass-basis particles.

Representations under SU(3)c x SU(2)L x U(1)Y x U(1)PQ. The PQ charges of Table 1 are kept
symbolic (``X_N``, ``X_chi``). Table 1 gives no PQ charge to e_R and the quarks: e_R carries X_N (so
that the charged-lepton Yukawa ``Lbar H e_R`` is PQ invariant, like ``Lbar Htilde N_R``), quarks and
H carry 0.

Component names. Scalars: ``Hp``, ``H0`` (the doublet H), ``Phi``; the complex conjugate of a
complex scalar is ``name + "*"``. Gauge fields: ``G`` (adjoint colour index), ``W1 W2 W3``, ``B``.
Chiral fermions: ``uL1 dL1 uR1 dR1 ...`` (generation 1-3), ``nuL1 eL1 eR1 ...``, ``NR1 NR2``,
``SL1 SL2``, ``chiL chiR``.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import sympy as sp

X_N = sp.Symbol("X_N", real=True)
X_chi = sp.Symbol("X_chi", real=True)


@dataclass(frozen=True)
class Multiplet:
    """A multiplet of the unbroken phase and the names of its components.

    ``kind``: ``"scalar"``, ``"left"``/``"right"`` (chiral fermion) or ``"vector"``.
    ``su2``: 1, 2 (doublet; components ordered T3 = +1/2, -1/2) or 3 (adjoint W1 W2 W3).
    """

    name: str
    kind: str
    su3: int
    su2: int
    Y: Fraction
    pq: sp.Expr
    components: tuple[str, ...]

    @property
    def complex_scalar(self) -> bool:
        return self.kind == "scalar"


GENERATIONS = (1, 2, 3)
UP = ("u", "c", "t")
DOWN = ("d", "s", "b")
LEPTON = ("e", "mu", "ta")


def multiplets() -> tuple[Multiplet, ...]:
    """All multiplets of the unbroken phase."""
    F = Fraction
    out = [
        Multiplet("H", "scalar", 1, 2, F(1, 2), sp.Integer(0), ("Hp", "H0")),
        Multiplet("Phi", "scalar", 1, 1, F(0), sp.Integer(1), ("Phi",)),
        Multiplet("G", "vector", 8, 1, F(0), sp.Integer(0), ("G",)),
        Multiplet("W", "vector", 1, 3, F(0), sp.Integer(0), ("W1", "W2", "W3")),
        Multiplet("B", "vector", 1, 1, F(0), sp.Integer(0), ("B",)),
    ]
    for i in GENERATIONS:
        out += [
            Multiplet(f"Q{i}", "left", 3, 2, F(1, 6), sp.Integer(0), (f"uL{i}", f"dL{i}")),
            Multiplet(f"uR{i}", "right", 3, 1, F(2, 3), sp.Integer(0), (f"uR{i}",)),
            Multiplet(f"dR{i}", "right", 3, 1, F(-1, 3), sp.Integer(0), (f"dR{i}",)),
            Multiplet(f"L{i}", "left", 1, 2, F(-1, 2), X_N, (f"nuL{i}", f"eL{i}")),
            Multiplet(f"eR{i}", "right", 1, 1, F(-1), X_N, (f"eR{i}",)),
        ]
    for i in (1, 2):
        out.append(Multiplet(f"NR{i}", "right", 1, 1, F(0), X_N, (f"NR{i}",)))
    for i in (1, 2):
        out.append(Multiplet(f"SL{i}", "left", 1, 1, F(0), X_N + 1, (f"SL{i}",)))
    out += [
        Multiplet("chiR", "right", 1, 1, F(0), X_chi, ("chiR",)),
        Multiplet("chiL", "left", 1, 1, F(0), X_chi + 1, ("chiL",)),
    ]
    return tuple(out)


def component_index() -> dict[str, tuple[Multiplet, int]]:
    """Component name -> (multiplet, position in the multiplet)."""
    return {c: (m, i) for m in multiplets() for i, c in enumerate(m.components)}


def conj_gauge(name: str) -> str:
    """Conjugate field name in the gauge basis (complex scalars get/lose a ``*``)."""
    if name.endswith("*"):
        return name[:-1]
    if name in ("Hp", "H0", "Phi", "Gp", "G0"):
        return name + "*"
    return name


# -- mass basis ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Particle:
    """A particle of the mass basis (unitary gauge).

    ``spin`` is 2s+1 as in UFO (1 scalar, 2 fermion, 3 vector); ``charge`` in units of e;
    ``mass``/``width`` name parameters (``"ZERO"`` if vanishing); ``dark``: odd under the
    dark-matter Z2 (chi only); ``description``: a few words for model files (CalcHEP's full
    name, LanHEP's comment). The tools' own names follow from these (:mod:`.toolnames`).
    """

    name: str
    antiname: str
    spin: int
    colour: int
    charge: Fraction
    mass: str
    width: str
    pdg: int
    texname: str
    line: str
    dark: bool = False
    majorana: bool = False
    description: str = ""

    @property
    def self_conjugate(self) -> bool:
        return self.name == self.antiname


def particles() -> tuple[Particle, ...]:
    """The mass-basis particles, in the canonical order used by vertices."""
    F = Fraction
    P = Particle
    out: list[Particle] = []
    for gen, lep in enumerate(LEPTON):
        lep_mass = ("Me", "Mmu", "Mta")[gen]
        out.append(
            P(
                f"{lep}-",
                f"{lep}+",
                2,
                1,
                F(-1),
                lep_mass,
                "ZERO",
                (11, 13, 15)[gen],
                {"e": "e", "mu": "\\mu", "ta": "\\tau"}[lep] + "^-",
                "straight",
                description=("electron", "muon", "tau-lepton")[gen],
            )
        )
    for k in (1, 2, 3):
        out.append(
            P(
                f"nu{k}",
                f"nu{k}",
                2,
                1,
                F(0),
                f"Mnu{k}",
                "ZERO",
                (12, 14, 16)[k - 1],
                f"\\nu_{k}",
                "swavy",
                majorana=True,
                description=f"light nu{k}",
            )
        )
    for k in (1, 2, 3, 4):
        out.append(
            P(
                f"N{k}",
                f"N{k}",
                2,
                1,
                F(0),
                f"Mnh{k}",
                f"Wnh{k}",
                9900010 + 2 * k,
                f"N_{k}",
                "swavy",
                majorana=True,
                description=f"heavy N{k}",
            )
        )
    for gen, (u, d) in enumerate(zip(UP, DOWN, strict=True)):
        out.append(
            P(
                d,
                f"{d}~",
                2,
                3,
                F(-1, 3),
                f"M{d}",
                "ZERO",
                (1, 3, 5)[gen],
                d,
                "straight",
                description=f"{d}-quark",
            )
        )
        out.append(
            P(
                u,
                f"{u}~",
                2,
                3,
                F(2, 3),
                f"M{u}",
                "WT" if u == "t" else "ZERO",
                (2, 4, 6)[gen],
                u,
                "straight",
                description=f"{u}-quark",
            )
        )
    out += [
        P(
            "chi",
            "chi~",
            2,
            1,
            F(0),
            "Mchi",
            "ZERO",
            52,
            "\\chi",
            "straight",
            dark=True,
            description="dark matter",
        ),
        P("A", "A", 3, 1, F(0), "ZERO", "ZERO", 22, "A", "wavy", description="photon"),
        P("Z", "Z", 3, 1, F(0), "MZ", "WZ", 23, "Z", "wavy", description="Z-boson"),
        P("W+", "W-", 3, 1, F(1), "MW", "WW", 24, "W^+", "wavy", description="W-boson"),
        P("g", "g", 3, 8, F(0), "ZERO", "ZERO", 21, "g", "curly", description="gluon"),
        P("h", "h", 1, 1, F(0), "MH", "WH", 25, "h", "dashed", description="Higgs"),
        P(
            "phi",
            "phi",
            1,
            1,
            F(0),
            "Mphi",
            "Wphi",
            9000006,
            "\\phi",
            "dashed",
            description="radial PQ",
        ),
        P("a", "a", 1, 1, F(0), "Ma", "Wa", 9000005, "a", "dashed", description="ALP"),
    ]
    return tuple(out)
