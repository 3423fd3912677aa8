"""The Lagrangian of the model, term by term, in the unbroken phase.

Conventions: metric (+,-,-,-); ``D_mu = partial_mu - i g_s T^A G^A_mu - i g T^a W^a_mu - i g' Y B_mu``;
field strengths ``F^a_{mu nu} = partial_mu F^a_nu - partial_nu F^a_mu + g f^{abc} F^b_mu F^c_nu``;
duals ``Ftilde^{mu nu} = 1/2 eps^{mu nu rho sigma} F_{rho sigma}``; ``Htilde = i sigma_2 H^*``.

Every term carries the equation of the paper it implements and how it behaves under U(1)_PQ.
Two operators of the paper are written below the electroweak scale and are therefore *not*
SU(2)_L x U(1)_Y invariant term by term; the checks report them as such:

* the ALP-fermion operators of eq (2.10), written for Dirac fermions psi (their invariant
  completion would also couple the ALP to neutrinos);
* in the default ``alp_gauge="broken"`` mode, the ALP-electroweak couplings of eq (2.12) with
  independent C_gamma gamma, C_gamma Z, C_ZZ, C_WW (abelian field strengths: the three-point
  vertices only), each photon leg coupling with e(0) and each Z, W leg with e(MZ). In
  ``alp_gauge="unbroken"`` mode the invariant operators of (2.10) are used, and (2.12) with (2.13)
  follows from symmetry breaking, with e(MZ) for every leg (one gauge coupling per operator).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sympy as sp

from alpseesaw.model.algebra import Bilinear, FExpr, d, dagger
from alpseesaw.model.fields import DOWN, GENERATIONS, LEPTON, UP, Multiplet, conj_gauge, multiplets
from alpseesaw.model.inputs import ALP_FERMION_COUPLINGS

if TYPE_CHECKING:
    from fractions import Fraction

    from alpseesaw.model.parameters import ParameterSet

I = sp.I
HALF = sp.Rational(1, 2)

#: Pauli matrices / 2 (SU(2) generators on doublets), rows/columns ordered (T3 = +1/2, -1/2).
TAU_HALF = (
    ((0, HALF), (HALF, 0)),
    ((0, -I * HALF), (I * HALF, 0)),
    ((HALF, 0), (0, -HALF)),
)


def levi_civita3(a: int, b: int, c: int) -> int:
    """epsilon^{abc} for a, b, c in 1..3."""
    return int(sp.LeviCivita(a, b, c))


@dataclass(frozen=True)
class LagrangianTerm:
    """One term of the Lagrangian.

    ``phase``: ``"unbroken"`` (written with the multiplets of Table 1) or ``"broken"`` (written
    below the EW scale, in mass-basis gauge fields or Dirac fermions).
    ``pq``: ``"invariant"``, ``"soft"`` (soft breaking the paper states: mu_R, mu_S),
    ``"explicit"`` (the ALP potential), ``"shift"`` (contains the ALP only through
    ``partial_mu a``), ``"anomalous"`` (``a F Ftilde``: shift symmetric up to a total derivative).
    """

    name: str
    equation: str
    expr: FExpr
    phase: str = "unbroken"
    pq: str = "invariant"
    note: str = ""


def hc(expr: FExpr) -> FExpr:
    """Hermitian conjugate of a gauge-basis expression."""
    return dagger(expr, conj_gauge)


def S(name: str) -> FExpr:
    return FExpr.field(name)


def bil(bar: str, field: str, proj: str, **kw: Any) -> FExpr:
    return FExpr.bilinear(Bilinear(bar, field, proj, **kw))


class _Builder:
    """Builds the terms; holds the parameter symbols."""

    def __init__(self, params: ParameterSet) -> None:
        self.p = params

    def s(self, name: str) -> sp.Symbol:
        return self.p.symbol(name)

    # -- covariant derivatives -------------------------------------------------------------------
    def connection(self, m: Multiplet, i: int, j: int, mu: str) -> FExpr:
        """``(A_mu)_{ij}`` with ``D_mu = partial_mu + A_mu`` for the SU(2) x U(1) part."""
        out = FExpr()
        if m.su2 == 2:
            for a in (1, 2, 3):
                t = TAU_HALF[a - 1][i][j]
                if t != 0:
                    out = out + FExpr.field(f"W{a}", mu).scale(-I * self.s("g") * t)
        if i == j and m.Y != 0:
            out = out + FExpr.field("B", mu).scale(-I * self.s("gp") * _rat(m.Y))
        return out

    def scalar_cov(self, m: Multiplet, i: int, mu: str) -> FExpr:
        """``(D_mu phi)_i`` of a colourless scalar multiplet."""
        out = d(S(m.components[i]), mu)
        for j, comp in enumerate(m.components):
            out = out + self.connection(m, i, j, mu) * S(comp)
        return out

    def fermion_kinetic(self, m: Multiplet) -> FExpr:
        """``sum_i bar(psi_i) i gamma^mu (D_mu psi)_i`` of a chiral multiplet."""
        proj = "L" if m.kind == "left" else "R"
        col: dict[str, Any] = {"bar_colour": "c1", "field_colour": "c2"} if m.su3 == 3 else {}
        delta = FExpr.tensor(colour=[("d3", "c1", "c2")]) if m.su3 == 3 else FExpr.const(1)
        out = FExpr()
        for i, ci in enumerate(m.components):
            kin = FExpr.bilinear(
                Bilinear(ci, ci, proj, gamma="mu", field_derivs=("mu",), **col)
            ).contracted()
            out = out + (kin * delta).scale(I)
            for j, cj in enumerate(m.components):
                conn = self.connection(m, i, j, "mu")
                if conn.terms:
                    out = out + (bil(ci, cj, proj, gamma="mu", **col) * delta * conn).scale(I)
            if m.su3 == 3:  # -i g_s T^A G^A_mu, times i from the kinetic term
                gluon = FExpr.field("G", "mu", "A") * FExpr.tensor(colour=[("T", "A", "c1", "c2")])
                out = out + (bil(ci, ci, proj, gamma="mu", **col) * gluon).scale(self.s("gs"))
        return out

    # -- field strengths -------------------------------------------------------------------------
    def w_strength(self, a: int, mu: str, nu: str) -> FExpr:
        out = d(FExpr.field(f"W{a}", nu), mu) - d(FExpr.field(f"W{a}", mu), nu)
        for b in (1, 2, 3):
            for c in (1, 2, 3):
                e = levi_civita3(a, b, c)
                if e:
                    out = out + (FExpr.field(f"W{b}", mu) * FExpr.field(f"W{c}", nu)).scale(
                        self.s("g") * e
                    )
        return out

    def g_strength(self, A: str, mu: str, nu: str) -> FExpr:
        """Gluon field strength with adjoint index ``A`` (a free colour label)."""
        out = d(FExpr.field("G", nu, A), mu) - d(FExpr.field("G", mu, A), nu)
        B, C = A + "b", A + "c"
        f = FExpr.tensor(colour=[("f", A, B, C)])
        return out + (f * FExpr.field("G", mu, B) * FExpr.field("G", nu, C)).scale(self.s("gs"))

    @staticmethod
    def abelian_strength(field: str, mu: str, nu: str) -> FExpr:
        return d(FExpr.field(field, nu), mu) - d(FExpr.field(field, mu), nu)

    @staticmethod
    def dual(strength_rs: FExpr, mu: str, nu: str, rho: str, sig: str) -> FExpr:
        """``1/2 eps^{mu nu rho sig} F_{rho sig}`` given ``F_{rho sig}``."""
        return FExpr.tensor([("eps", mu, nu, rho, sig)]).scale(HALF) * strength_rs

    # -- the terms -------------------------------------------------------------------------------
    def terms(self, alp_gauge: str) -> list[LagrangianTerm]:
        s = self.s
        ms = {m.name: m for m in multiplets()}
        T: list[LagrangianTerm] = []

        # gauge kinetic terms: -1/4 F F
        gk = FExpr()
        for a in (1, 2, 3):
            gk = gk + self.w_strength(a, "mu", "nu") * self.w_strength(a, "mu", "nu")
        gk = gk + self.abelian_strength("B", "mu", "nu") * self.abelian_strength("B", "mu", "nu")
        gk = gk + self.g_strength("A", "mu", "nu") * self.g_strength("A", "mu", "nu")
        T.append(LagrangianTerm("gauge_kinetic", "SM", gk.scale(-sp.Rational(1, 4))))

        # fermion kinetic terms with covariant derivatives
        fk = FExpr()
        for m in ms.values():
            if m.kind in ("left", "right"):
                fk = fk + self.fermion_kinetic(m)
        T.append(LagrangianTerm("fermion_kinetic", "SM + Table 1", fk, pq="invariant"))

        # scalar kinetic terms
        H = ms["H"]
        sk = FExpr()
        for i in range(2):
            Di = self.scalar_cov(H, i, "mu")
            sk = sk + hc(Di) * Di
        sk = sk + d(S("Phi*"), "mu") * d(S("Phi"), "mu")
        T.append(LagrangianTerm("scalar_kinetic", "(2.1)-(2.2)", sk))

        # potential (2.1)
        HH = S("Hp*") * S("Hp") + S("H0*") * S("H0")
        PP = S("Phi*") * S("Phi")
        V = (
            HH.scale(-s("muH2"))
            + (HH * HH).scale(s("lamH"))
            + PP.scale(-s("muPhi2"))
            + (PP * PP).scale(s("lamPhi"))
            + (HH * PP).scale(s("lamHPhi"))
        )
        T.append(LagrangianTerm("scalar_potential", "(2.1)", -V))

        # ALP potential (2.7), expanded to a^4: V = Lam4 [x^2/2 - x^4/24], x = 2 pi a / fa
        x = S("a").scale(2 * sp.pi / s("fa"))
        Va = (x * x).scale(HALF) - (x * x * x * x).scale(sp.Rational(1, 24))
        T.append(
            LagrangianTerm(
                "alp_potential",
                "(2.7)-(2.9)",
                -Va.scale(s("Lam4")),
                phase="broken",
                pq="explicit",
                note="instanton potential: breaks the shift symmetry to a -> a + fa",
            )
        )

        # SM Yukawa couplings (diagonal, no quark mixing)
        yuk = FExpr()
        qcol = {"bar_colour": "c1", "field_colour": "c2"}
        delta = FExpr.tensor(colour=[("d3", "c1", "c2")])
        for i in GENERATIONS:
            ye, yd, yu = s(f"y{LEPTON[i - 1]}"), s(f"y{DOWN[i - 1]}"), s(f"y{UP[i - 1]}")
            # -y_e Lbar H e_R
            yuk = yuk - (
                bil(f"nuL{i}", f"eR{i}", "R") * S("Hp") + bil(f"eL{i}", f"eR{i}", "R") * S("H0")
            ).scale(ye)
            # -y_d Qbar H d_R
            yuk = yuk - (
                (
                    bil(f"uL{i}", f"dR{i}", "R", **qcol) * S("Hp")
                    + bil(f"dL{i}", f"dR{i}", "R", **qcol) * S("H0")
                )
                * delta
            ).scale(yd)
            # -y_u Qbar Htilde u_R,  Htilde = (H0*, -Hp*)
            yuk = yuk - (
                (
                    bil(f"uL{i}", f"uR{i}", "R", **qcol) * S("H0*")
                    - bil(f"dL{i}", f"uR{i}", "R", **qcol) * S("Hp*")
                )
                * delta
            ).scale(yu)
        T.append(LagrangianTerm("yukawa_sm", "SM", yuk + hc(yuk)))

        # neutrino Yukawas (2.14)
        ny = FExpr()
        for al in GENERATIONS:
            for i in (1, 2):
                Y = s(f"Yn{al}{i}")
                ny = ny - (
                    bil(f"nuL{al}", f"NR{i}", "R") * S("H0*")
                    - bil(f"eL{al}", f"NR{i}", "R") * S("Hp*")
                ).scale(Y)
        T.append(LagrangianTerm("yukawa_neutrino_Y", "(2.14)", ny + hc(ny)))
        npy = FExpr()
        for I_ in (1, 2):
            for i in (1, 2):
                npy = npy - (S("Phi") * bil(f"SL{I_}", f"NR{i}", "R")).scale(s(f"Ypn{I_}{i}"))
        T.append(LagrangianTerm("yukawa_neutrino_Yp", "(2.14)", npy + hc(npy)))

        # Majorana masses (2.15): -mu_R/2 bar(N_R^c) N_R - mu_S/2 bar(S_L) S_L^c + h.c.
        def sym2(prefix: str, i: int, j: int) -> sp.Symbol:
            return s(f"{prefix}{min(i, j)}{max(i, j)}")

        mr = FExpr()
        ms_ = FExpr()
        for i in (1, 2):
            for j in (1, 2):
                mr = mr - FExpr.bilinear(Bilinear(f"NR{i}", f"NR{j}", "R", bar_cc=True)).scale(
                    sym2("muRn", i, j) / 2
                )
                ms_ = ms_ - FExpr.bilinear(Bilinear(f"SL{i}", f"SL{j}", "R", field_cc=True)).scale(
                    sym2("muSn", i, j) / 2
                )
        T.append(
            LagrangianTerm(
                "majorana_muR",
                "(2.15)",
                mr + hc(mr),
                pq="soft",
                note="mu_R breaks U(1)_PQ softly (technically natural)",
            )
        )
        T.append(
            LagrangianTerm(
                "majorana_muS",
                "(2.15)",
                ms_ + hc(ms_),
                pq="soft",
                note="mu_S breaks U(1)_PQ softly (technically natural)",
            )
        )

        # dark-matter Yukawa (2.21)
        dm = -(S("Phi") * bil("chiL", "chiR", "R")).scale(s("gchi"))
        T.append(LagrangianTerm("yukawa_dark_matter", "(2.21)", dm + hc(dm)))

        # ALP-fermion operators (2.10): C/fa (d_mu a) psibar gamma^mu gamma5 psi, psi Dirac
        af = FExpr()
        for name, pdg in ALP_FERMION_COUPLINGS.items():
            gen = {1: 1, 2: 1, 3: 2, 4: 2, 5: 3, 6: 3, 11: 1, 13: 2, 15: 3}[pdg]
            kind = {1: "d", 3: "d", 5: "d", 2: "u", 4: "u", 6: "u"}.get(pdg, "e")
            cf = {} if kind == "e" else {"bar_colour": "c1", "field_colour": "c2"}
            dl = FExpr.const(1) if kind == "e" else FExpr.tensor(colour=[("d3", "c1", "c2")])
            axial = bil(f"{kind}R{gen}", f"{kind}R{gen}", "R", gamma="mu", **cf) - bil(
                f"{kind}L{gen}", f"{kind}L{gen}", "L", gamma="mu", **cf
            )
            af = af + (d(S("a"), "mu") * axial * dl).scale(s(name) / s("fa"))
        T.append(
            LagrangianTerm(
                "alp_fermion",
                "(2.10)",
                af,
                phase="broken",
                pq="shift",
                note="written for Dirac fermions as in (2.10); SU(2)_L invariance would need the doublet partner",
            )
        )

        # ALP-gluon (2.10)
        ag = self.g_strength("A", "mu", "nu") * self.dual(
            self.g_strength("A", "rho", "sig"), "mu", "nu", "rho", "sig"
        )
        ag = (S("a") * ag).scale(s("gs") ** 2 / (16 * sp.pi**2) * s("Cglu") / s("fa"))
        T.append(LagrangianTerm("alp_gluon", "(2.10)", ag, pq="anomalous"))

        if alp_gauge == "unbroken":
            aw = FExpr()
            for a in (1, 2, 3):
                aw = aw + self.w_strength(a, "mu", "nu") * self.dual(
                    self.w_strength(a, "rho", "sig"), "mu", "nu", "rho", "sig"
                )
            aw = (S("a") * aw).scale(s("g") ** 2 / (16 * sp.pi**2) * s("CWW") / s("fa"))
            bb = self.abelian_strength("B", "mu", "nu") * self.dual(
                self.abelian_strength("B", "rho", "sig"), "mu", "nu", "rho", "sig"
            )
            bb = (S("a") * bb).scale(s("gp") ** 2 / (16 * sp.pi**2) * s("CBB") / s("fa"))
            T.append(LagrangianTerm("alp_electroweak", "(2.10)", aw + bb, pq="anomalous"))
        else:
            T.append(self.alp_electroweak_broken())
        return T

    def alp_electroweak_broken(self) -> LagrangianTerm:
        """Eq (2.12) with independent couplings, abelian field strengths of A, Z, W+-.

        Every photon leg couples with ``ee0 = e(0)`` (on-shell photons: Thomson limit), every Z or W
        leg with ``ee = e(MZ)``: ``alpha/(4 pi)`` of (2.12) is ``alpha(0)/(4 pi)`` in a F Ftilde,
        ``sqrt(alpha(0) alpha(MZ))/(4 pi)`` in a F Ztilde and ``alpha(MZ)/(4 pi)`` in a Z Ztilde and
        a W Wtilde (docs/model.md).
        """
        s = self.s
        F = self.abelian_strength
        e0, e = s("ee0"), s("ee")
        pref = 1 / (16 * sp.pi**2) / s("fa")  # e_1 e_2/(16 pi^2) = alpha/(4 pi) for e_1 = e_2
        sw, cw = s("sw"), s("cw")

        def dual_product(f1: str, f2: str) -> FExpr:
            return F(f1, "mu", "nu") * self.dual(F(f2, "rho", "sig"), "mu", "nu", "rho", "sig")

        ops = (
            dual_product("A", "A").scale(s("Cgg") * e0**2)
            + dual_product("Z", "Z").scale(s("CZZ") * e**2 / (sw**2 * cw**2))
            # (C_WW alpha/(4 pi sw^2) W Wtilde + h.c.) = 2 C_WW alpha/(4 pi sw^2) W+ W-tilde
            + dual_product("W+", "W-").scale(2 * s("CWW") * e**2 / sw**2)
            # (C_gammaZ alpha/(4 pi sw cw) A Ztilde + h.c.) = 2 C_gammaZ ... A Ztilde
            + dual_product("A", "Z").scale(2 * s("CgZ") * e0 * e / (sw * cw))
        )
        return LagrangianTerm(
            "alp_electroweak",
            "(2.12)",
            (S("a") * ops).scale(pref),
            phase="broken",
            pq="anomalous",
            note="independent broken-phase couplings; SU(2)xU(1) invariant only if (2.13) holds; "
            "photons couple with e(0), Z and W with e(MZ)",
        )


def _rat(x: Fraction) -> sp.Rational:
    return sp.Rational(x.numerator, x.denominator)


def lagrangian(params: ParameterSet, alp_gauge: str = "broken") -> tuple[LagrangianTerm, ...]:
    """All terms of the Lagrangian (see the module docstring for conventions)."""
    return tuple(_Builder(params).terms(alp_gauge))
