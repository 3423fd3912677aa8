"""ALP contributions to the muon anomalous magnetic moment: the three diagrams of eq (3.15).

Couplings as in eq (2.10)/(2.12): ``(Cmm/fa) (d_mu a) mubar gamma^mu gamma5 mu`` and
``Cgg alpha/(4 pi) (a/fa) F Ftilde``. For on-shell muons the first equals a pseudoscalar Yukawa
``-i g_mu a mubar gamma5 mu`` with ``g_mu = 2 mmu Cmm / fa``; the ABJ anomaly moves
``2 Cmm`` into the photon coupling, ``C_gg^Y = Cgg + 2 Cmm`` (sign convention of Bauer, Neubert,
Thamm, arXiv:1708.00443). The formulas below are in this Yukawa basis (as those of Marciano et al.,
arXiv:1607.01022, which the paper copies):

* (a) one loop, ALP exchange (Leveille 1978; Marciano et al. eq for the Yukawa term):
  ``-(g_mu^2 / 8 pi^2) (mmu^2/ma^2) int_0^1 x^3 / (1 - x + x^2 mmu^2/ma^2) dx``;
* (b) one loop with the local a-gamma-gamma vertex (Barr-Zee type), cut off at Lambda:
  ``-(alpha/(2 pi^3)) mmu^2 (Cmm/fa)(C_gg^Y/fa) I_b``,
  ``I_b = int_0^1 dx [(1-x)(ln(Lambda^2/Delta^2) - 1/2) - 3 (mmu^2/ma^2) x^2 ln((x^2 + (1-x) ma^2/mmu^2)/x^2)]``,
  ``Delta^2 = mmu^2 x^2 + ma^2 (1-x)``; the coefficient of ln(Lambda^2/ma^2) is fixed by matching to
  (c) with a heavy fermion (docs/dark_matter.md) and agrees with Bauer et al.;
* (c) two loops, Barr-Zee with the muon loop (pseudoscalar Barr-Zee function f_PS of
  Cheung, Chou, Kong hep-ph/0103183; Stoeckinger hep-ph/0609168 eq 70):
  ``(alpha / 8 pi^3) g_mu^2 f_PS(mmu^2/ma^2)``,
  ``f_PS(z) = z int_0^1 dx ln(x(1-x)/z) / (x(1-x) - z)``.

Which alpha: ``alpha`` is alpha(0) = 1/137.036 in (b) and (c) (``DarkSectorInputs.alpha0``). The
anomalous moment is the coupling of the muon to an external photon at q^2 = 0, so the external
photon couples with e(0), and the amplitude is divided by that same e(0). What is left is the
couplings of the internal photon: in (b) its coupling to the a-gamma-gamma vertex (Cgg alpha(0)/4 pi
in the model, whose photon legs are on-shell photons) and to the muon line; in (c) its couplings
to the muon loop and to the muon line. At this order these are on-shell-scheme (Thomson) couplings.
The running to the loop momenta (vacuum polarisation) would enter one loop higher. (a) has no
photon. alpha(MZ) would make (b) and (c) 137.036/127.9 = 1.071 times too large.

Each integrand has an end-point logarithm (x -> 1 in (a) and (b), x -> 0, 1 in (c)); they are
integrated in logarithmic variables with adaptive quadrature. The printed (3.15) differs: see
:func:`paper_diagrams` and docs/dark_matter.md.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy.integrate import quad

from alpseesaw.errors import ParameterError


@dataclass(frozen=True)
class G2Result:
    """Delta a_mu and its three diagrams (dimensionless); ``cgg_yukawa`` is the C_gg^Y used in (b)."""

    delta_a_mu: float
    a: float
    b: float
    c: float
    cgg_yukawa: float
    cutoff_gev: float

    def to_json(self) -> dict[str, object]:
        """The CLI's JSON document."""
        return {
            "delta_a_mu": self.delta_a_mu,
            "diagrams": {"a": self.a, "b": self.b, "c": self.c},
            "cgg_yukawa": self.cgg_yukawa,
            "cutoff_gev": self.cutoff_gev,
        }


def _check(mmu: float, ma: float, fa: float) -> None:
    for name, v in (("Mmu", mmu), ("Ma", ma), ("fa", fa)):
        if not (v > 0 and math.isfinite(v)):
            raise ParameterError(name, v, "a finite positive mass in GeV")


def loop_a(r: float) -> float:
    """int_0^1 x^3 / (1 - x + r x^2) dx for r = mmu^2/ma^2 > 0 (end-point log at x -> 1).

    Integrated in v = ln(1 - x): ``int (1-y)^3 y / (y + r (1-y)^2) dv`` with y = e^v.
    """

    def f(v: float) -> float:
        y = math.exp(v)
        return (1 - y) ** 3 * y / (y + r * (1 - y) ** 2)

    lo = min(math.log(r), 0.0) - 40.0
    brk = [p for p in (math.log(r) if r < 1 else None,) if p is not None and lo < p < 0]
    return quad(f, lo, 0.0, points=brk or None, limit=200, epsabs=0, epsrel=1e-10)[0]


def loop_b(r: float, ln_cut: float) -> float:
    """I_b for r = mmu^2/ma^2 and ln_cut = ln(Lambda^2/ma^2) (end-point log at x -> 1 and x -> 0)."""

    def f(x: float) -> float:
        one = 1.0 - x
        delta = r * x * x + one  # Delta^2 / ma^2
        val = one * (ln_cut - math.log(delta) - 0.5)
        if x > 0:
            val -= 3.0 * r * x * x * math.log((x * x + one / r) / (x * x))
        return val

    # split where Delta^2 changes regime (1 - x ~ r)
    pts = [p for p in (1.0 - 10.0 * r, 1.0 - r) if 0.0 < p < 1.0]
    return quad(f, 0.0, 1.0, points=pts or None, limit=400, epsabs=0, epsrel=1e-10)[0]


def f_ps(z: float) -> float:
    """Pseudoscalar Barr-Zee function f_PS(z) = z int_0^1 ln(x(1-x)/z)/(x(1-x)-z) dx, z > 0.

    Symmetric in x <-> 1-x; integrated over x in (0, 1/2] in v = ln x, the removable point
    x(1-x) = z handled by its limit 1/z.
    """
    if not z > 0:
        raise ParameterError("z", z, "z = m_f^2/m_a^2 > 0")

    def g(v: float) -> float:
        x = math.exp(v)
        u = x * (1 - x)
        d = u - z
        if abs(d) < 1e-9 * z:
            return x / z
        return x * math.log(u / z) / d

    lo, hi = math.log(z) - 45.0, math.log(0.5)
    pts = [p for p in (math.log(z),) if lo < p < hi]
    return 2.0 * z * quad(g, lo, hi, points=pts or None, limit=400, epsabs=0, epsrel=1e-10)[0]


def diagrams(
    mmu: float,
    ma: float,
    fa: float,
    cmm: float,
    cgg_yukawa: float,
    alpha: float,
    cutoff: float | None = None,
) -> G2Result:
    """Delta a_mu from (a), (b), (c) for the couplings of (2.10)/(2.12) (see module docstring).

    ``alpha`` is alpha(0) (the photons of g-2, see the module docstring). ``cgg_yukawa`` is C_gg in the Yukawa basis (``DarkSectorInputs.cgg_yukawa`` = Cgg + 2 Cmm for a
    muon-only ALP); ``cutoff`` Lambda defaults to 4 pi fa. Masses in GeV.
    """
    _check(mmu, ma, fa)
    lam = 4.0 * math.pi * fa if cutoff is None else cutoff
    if not lam > 0:
        raise ParameterError("cutoff", lam, "a positive scale in GeV")
    r = mmu**2 / ma**2
    g_mu = 2.0 * mmu * cmm / fa
    a = -(g_mu**2) / (8.0 * math.pi**2) * r * loop_a(r)
    b = (
        -(alpha / (2.0 * math.pi**3))
        * mmu**2
        * (cmm / fa)
        * (cgg_yukawa / fa)
        * loop_b(r, math.log(lam**2 / ma**2))
    )
    c = alpha / (8.0 * math.pi**3) * g_mu**2 * f_ps(r)
    return G2Result(a + b + c, a, b, c, cgg_yukawa, lam)


def paper_diagrams(
    mmu: float,
    ma: float,
    fa: float,
    cmm: float,
    cgg: float,
    alpha: float,
    cutoff_sq: float | None = None,
) -> G2Result:
    """Eq (3.15) exactly as printed (for comparison only), with Lambda^2 = ``cutoff_sq``.

    The printed log argument is ``4 pi fa^2``; pass ``cutoff_sq=(4 pi fa)**2`` for the reading that
    makes the paper's Section 4 statements hold. Differences from :func:`diagrams`: (a) and (c) are
    4x smaller and (b) 2x smaller (they use g_mu = mmu Cmm/fa), and (c) has ``+z`` in the
    denominator and the inverse log, which makes it negative although the text says positive.
    """
    _check(mmu, ma, fa)
    lam2 = 4.0 * math.pi * fa**2 if cutoff_sq is None else cutoff_sq
    r = mmu**2 / ma**2
    a = -((cmm / fa * mmu) ** 2) / (8.0 * math.pi**2) * r * loop_a(r)
    b = (
        -(cmm / fa)
        * (cgg / fa)
        * alpha
        / (4.0 * math.pi**3)
        * mmu**2
        * loop_b(r, math.log(lam2 / ma**2))
    )

    def fc(v: float) -> float:
        x = math.exp(v)
        u = x * (1 - x)
        return x * r / (r + u) * math.log(r / u)

    integral = (
        2.0
        * quad(
            fc,
            math.log(r) - 45.0,
            math.log(0.5),
            points=[math.log(r)],
            limit=400,
            epsabs=0,
            epsrel=1e-10,
        )[0]
    )
    c = alpha / (8.0 * math.pi**3) * (cmm / fa) ** 2 * mmu**2 * integral
    return G2Result(a + b + c, a, b, c, cgg, math.sqrt(lam2))
