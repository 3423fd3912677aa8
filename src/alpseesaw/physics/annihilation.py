"""Dirac dark-matter annihilation through the s-channel ALP: chi chi~ -> a* -> X.

Derived from the Lagrangian of the paper (derivation in ``docs/dark_matter.md``):

* ``L ⊃ -i (Mchi/fa) a chibar gamma5 chi``                       (eq 2.22, theta = 0)
* ``L ⊃ (C_ff/fa) (d_mu a) fbar gamma^mu gamma5 f``                (eq 2.10), which for on-shell
  fermions equals ``-i g_f a fbar gamma5 f`` with ``g_f = 2 m_f C_ff / fa``
* ``L ⊃ (a/fa) [K_gg F Ftilde + K_gZ F Ztilde + K_ZZ Z Ztilde + K_WW W+ W-tilde]`` (eq 2.12) with
  ``K_gg = Cgg alpha0/4pi``, ``K_gZ = 2 CgZ sqrt(alpha0 alpha)/(4pi sw cw)``,
  ``K_ZZ = CZZ alpha/(4pi sw^2 cw^2)``, ``K_WW = 2 CWW alpha/(4pi sw^2)``; ``Ftilde = 1/2 eps F``:
  each on-shell photon couples with e(0) (``alpha0 = alpha(0)``), each Z or W with e(MZ)
  (``alpha = alpha(MZ)``), as in the model (docs/model.md).

Every channel follows from one identity: for an s-channel pseudoscalar,

    sigma(chi chi~ -> X) v = g_chi^2 sqrt(s) Gamma_{a*->X}(sqrt s) / |s - Ma^2 + i Ma Gamma_a|^2,

with ``Gamma_{a*->X}(M)`` the partial width of an ALP of mass M and ``v = 2 beta_chi`` the relative
velocity in the centre-of-mass frame. All cross sections here are for one chi chi~ pair; micrOMEGAs'
``vSigmaA``/``calcSpectrum`` average over chi chi, chi chi~, chi~ chi~ and return half of it.

Units: GeV, GeV^-2 (multiply by ``constants.GEV2_TO_CM3_S`` for cm^3/s).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Literal

import numpy as np

from alpseesaw.errors import ParameterError
from alpseesaw.physics.constants import ALPHA_0, GEV2_TO_CM3_S

if TYPE_CHECKING:
    from collections.abc import Mapping

PhotonCoupling = Literal["tree", "effective"]

#: SM fermions with an ALP coupling of eq (2.10): (channel, card mass name, card coupling name, N_c, Q).
FERMIONS: tuple[tuple[str, str, str, int, float], ...] = (
    ("e+ e-", "Me", "Cee", 1, -1.0),
    ("mu+ mu-", "Mmu", "Cmm", 1, -1.0),
    ("tau+ tau-", "Mta", "Ctautau", 1, -1.0),
    ("u u~", "Mu", "Cuu", 3, 2.0 / 3.0),
    ("d d~", "Md", "Cdd", 3, -1.0 / 3.0),
    ("s s~", "Ms", "Css", 3, -1.0 / 3.0),
    ("c c~", "Mc", "Ccc", 3, 2.0 / 3.0),
    ("b b~", "Mb", "Cbot", 3, -1.0 / 3.0),
    ("t t~", "Mt", "Ctt", 3, 2.0 / 3.0),
)


@dataclass(frozen=True)
class Fermion:
    """An SM fermion coupled to the ALP: mass in GeV, coupling C_ff of eq (2.10), colours, charge."""

    channel: str
    mass: float
    coupling: float
    colours: int
    charge: float


@dataclass(frozen=True)
class DarkSectorInputs:
    """Everything the dark-matter and g-2 calculators need; masses and fa in GeV.

    ``cgg`` is C_gamma gamma of eq (2.12) (the Lagrangian coefficient). ``alpha`` is alpha(MZ) (Z, W
    couplings), ``alpha0`` alpha(0) (on-shell photons). ``width_a``/``width_phi`` of ``None`` mean
    "compute from the couplings" (the default).
    """

    mchi: float
    ma: float
    fa: float
    cgg: float = 0.0
    mphi: float = math.inf
    cgz: float = 0.0
    czz: float = 0.0
    cww: float = 0.0
    cglu: float = 0.0
    sth: float = 0.0
    fermions: tuple[Fermion, ...] = field(default_factory=tuple)
    alpha: float = 1.0 / 127.9
    alpha0: float = ALPHA_0
    alpha_s: float = 0.1184
    sw: float = 0.4722
    mz: float = 91.1876
    mw: float = 80.379
    width_a: float | None = None
    width_phi: float | None = None

    def __post_init__(self) -> None:
        for name in ("mchi", "ma", "fa"):
            value = getattr(self, name)
            if not (value > 0 and math.isfinite(value)):
                raise ParameterError(name, value, "a finite positive mass in GeV")
        if not self.mphi > 0:
            raise ParameterError("mphi", self.mphi, "a positive mass in GeV")

    @classmethod
    def from_values(cls, values: Mapping[str, float | complex]) -> DarkSectorInputs:
        """Build from ``alpseesaw.model.load_values`` output (card names: Mchi, Ma, fa, Cgg, ...)."""

        def real(name: str, default: float = 0.0) -> float:
            v = values.get(name, default)
            return float(v.real) if isinstance(v, complex) else float(v)

        fermions = tuple(
            Fermion(ch, real(mname), real(cname), nc, q)
            for ch, mname, cname, nc, q in FERMIONS
            if real(cname) != 0.0 and real(mname) > 0.0
        )
        aew = real("aEW", 0.0) or 1.0 / real("aEWM1", 127.9)
        # alpha(0) of on-shell photons; without it (alp_gauge="unbroken") photons couple with alpha(MZ)
        aew0 = real("aEW0", 0.0) or (1.0 / real("aEW0M1") if "aEW0M1" in values else aew)
        wa, wphi = real("Wa", 0.0), real("Wphi", 0.0)
        return cls(
            mchi=real("Mchi"),
            ma=real("Ma"),
            fa=real("fa"),
            cgg=real("Cgg"),
            mphi=real("Mphi", math.inf) or math.inf,
            cgz=real("CgZ"),
            czz=real("CZZ"),
            cww=real("CWW"),
            cglu=real("Cglu"),
            sth=real("sth"),
            fermions=fermions,
            alpha=aew,
            alpha0=aew0,
            alpha_s=real("aS", 0.1184),
            sw=real("sw", 0.4722),
            mz=real("MZ", 91.1876),
            mw=real("MW", 80.379),
            width_a=wa if wa > 0 else None,
            width_phi=wphi if wphi > 0 else None,
        )

    def with_(self, **changes: object) -> DarkSectorInputs:
        """A copy with some fields changed (frozen dataclass)."""
        return replace(self, **changes)  # type: ignore[arg-type]

    @property
    def g_chi(self) -> float:
        """Pseudoscalar Yukawa of chi: Mchi/fa (eq 2.22 with theta = 0)."""
        return self.mchi / self.fa

    def fermion(self, channel: str) -> Fermion | None:
        """The coupled fermion of a channel name such as ``"mu+ mu-"``, or None."""
        return next((f for f in self.fermions if f.channel == channel), None)

    @property
    def cmm(self) -> float:
        """C_mumu of eq (2.10) (0 if the muon is not coupled)."""
        mu = self.fermion("mu+ mu-")
        return mu.coupling if mu else 0.0

    @property
    def mmu(self) -> float:
        """Muon mass in GeV."""
        mu = self.fermion("mu+ mu-")
        return mu.mass if mu else 0.10566

    @property
    def cgg_anomaly_shift(self) -> float:
        """2 sum_f N_c Q_f^2 C_ff: the change of C_gamma gamma from the (2.10) basis to the Yukawa basis.

        Rewriting (C/fa) d_mu a J5^mu as -i (2 m C/fa) a fbar gamma5 f uses the ABJ anomaly and adds
        2 N_c Q^2 C (alpha/4pi) (a/fa) F Ftilde. The sign is that of Bauer, Neubert, Thamm
        (arXiv:1708.00443, C_gg^eff = C_gg + sum N_c Q^2 c_ff B1 / 16 pi^2 in their normalisation).
        """
        return 2.0 * sum(f.colours * f.charge**2 * f.coupling for f in self.fermions)

    @property
    def cgg_yukawa(self) -> float:
        """C_gamma gamma in the Yukawa (pseudoscalar) basis: Cgg + 2 sum N_c Q^2 C_ff.

        This is the coupling that the paper's (3.10) and (3.15b) effectively use (see docs).
        """
        return self.cgg + self.cgg_anomaly_shift


def beta(m2: float, s: np.ndarray | float) -> np.ndarray:
    """sqrt(1 - 4 m^2/s), 0 below threshold."""
    s = np.asarray(s, dtype=float)
    return np.sqrt(np.clip(1.0 - 4.0 * m2 / np.where(s > 0, s, np.inf), 0.0, None))


def _b1(tau: np.ndarray) -> np.ndarray:
    """B1(tau) = 1 - tau f(tau)^2 (Bauer et al. 1708.00443 eq 12), tau = 4 m_f^2 / s; complex."""
    tau = np.asarray(tau, dtype=float)
    f = np.empty(tau.shape, dtype=complex)
    big = tau >= 1.0
    f[big] = np.arcsin(1.0 / np.sqrt(tau[big]))
    small = ~big
    r = np.sqrt(1.0 - tau[small])
    f[small] = np.pi / 2 + 0.5j * np.log(
        (1.0 + r) / np.where(r < 1.0, 1.0 - r, np.finfo(float).tiny)
    )
    return 1.0 - tau * f**2


def k_gamma_gamma(
    inp: DarkSectorInputs, s: np.ndarray | float, photon_coupling: PhotonCoupling = "tree"
) -> np.ndarray:
    """Coefficient K(s) of (a/fa) F Ftilde in units of 1/fa: ``C alpha(0) / 4 pi`` (complex).

    ``"tree"``: C = Cgg (the Lagrangian, as micrOMEGAs and eq 3.10 use it).
    ``"effective"``: C = Cgg + sum_f 2 N_c Q_f^2 C_ff B1(4 m_f^2/s): the fermion loops of the
    derivative couplings (2.10) at the scale sqrt(s); for s >> m_f^2, B1 -> 1 and C -> ``cgg_yukawa``.
    """
    s = np.asarray(s, dtype=float)
    c = np.full(s.shape, inp.cgg, dtype=complex)
    if photon_coupling == "effective":
        for f in inp.fermions:
            c = c + 2.0 * f.colours * f.charge**2 * f.coupling * _b1(4.0 * f.mass**2 / s)
    elif photon_coupling != "tree":
        raise ParameterError("photon_coupling", photon_coupling, "'tree' or 'effective'")
    return c * inp.alpha0 / (4.0 * math.pi)


def _two_body_p(m: np.ndarray, m1: float, m2: float) -> np.ndarray:
    """Momentum of either daughter in the rest frame of mass m (0 below threshold)."""
    m = np.asarray(m, dtype=float)
    lam = (m**2 - (m1 + m2) ** 2) * (m**2 - (m1 - m2) ** 2)
    return np.sqrt(np.clip(lam, 0.0, None)) / (2.0 * np.where(m > 0, m, np.inf))


def alp_partial_widths(
    inp: DarkSectorInputs,
    mass: np.ndarray | float | None = None,
    photon_coupling: PhotonCoupling = "tree",
) -> dict[str, np.ndarray]:
    """Partial widths (GeV) of an ALP of mass ``mass`` (default Ma) into every open channel.

    Used off shell (mass = sqrt(s)) in the s-channel identity above. Formulas (docs/dark_matter.md):
    identical vectors ``2 K^2 p^3/pi`` (photons: K^2 M^3/4pi), distinct ``K^2 p^3/pi``, gluons
    ``2 K_g^2 M^3/pi``, fermions ``N_c g_f^2 M beta_f / 8pi``.
    """
    m = np.asarray(inp.ma if mass is None else mass, dtype=float)
    fa = inp.fa
    a4pi = inp.alpha / (4.0 * math.pi)
    sw, cw = inp.sw, math.sqrt(1.0 - inp.sw**2)
    out: dict[str, np.ndarray] = {}
    kgg = k_gamma_gamma(inp, m**2, photon_coupling) / fa
    out["gamma gamma"] = np.abs(kgg) ** 2 * m**3 / (4.0 * math.pi)
    if inp.cgz:  # one photon (alpha(0)), one Z (alpha(MZ))
        k = 2.0 * inp.cgz * math.sqrt(inp.alpha0 * inp.alpha) / (4.0 * math.pi * sw * cw * fa)
        out["Z gamma"] = k**2 * _two_body_p(m, inp.mz, 0.0) ** 3 / math.pi
    if inp.czz:
        k = inp.czz * a4pi / (sw**2 * cw**2 * fa)
        out["Z Z"] = 2.0 * k**2 * _two_body_p(m, inp.mz, inp.mz) ** 3 / math.pi
    if inp.cww:
        k = 2.0 * inp.cww * a4pi / (sw**2 * fa)
        out["W+ W-"] = k**2 * _two_body_p(m, inp.mw, inp.mw) ** 3 / math.pi
    if inp.cglu:
        k = inp.cglu * inp.alpha_s / (4.0 * math.pi * fa)
        out["g g"] = 2.0 * k**2 * m**3 / math.pi
    for f in inp.fermions:
        g = 2.0 * f.mass * f.coupling / fa
        out[f.channel] = f.colours * g**2 * m * beta(f.mass**2, m**2) / (8.0 * math.pi)
    out["chi chi~"] = inp.g_chi**2 * m * beta(inp.mchi**2, m**2) / (8.0 * math.pi)
    return out


def alp_width(inp: DarkSectorInputs, photon_coupling: PhotonCoupling = "tree") -> float:
    """Total on-shell width of the ALP in GeV (``inp.width_a`` if given)."""
    if inp.width_a is not None:
        return inp.width_a
    return float(sum(np.sum(w) for w in alp_partial_widths(inp, None, photon_coupling).values()))


def phi_partial_widths(inp: DarkSectorInputs) -> dict[str, float]:
    """Partial widths (GeV) of phi at theta = 0: phi -> a a (from |d Phi|^2 ⊃ (phi/fa)(d a)^2) and
    phi -> chi chi~ (scalar Yukawa Mchi/fa, beta^3). Decays through h-phi mixing (sin theta) are not
    included."""
    mphi = inp.mphi
    out: dict[str, float] = {}
    if not math.isfinite(mphi):
        return out
    if mphi > 2 * inp.ma:
        b = math.sqrt(1.0 - 4.0 * inp.ma**2 / mphi**2)
        out["a a"] = (mphi**2 - 2.0 * inp.ma**2) ** 2 * b / (32.0 * math.pi * mphi * inp.fa**2)
    if mphi > 2 * inp.mchi:
        b = math.sqrt(1.0 - 4.0 * inp.mchi**2 / mphi**2)
        cth = math.sqrt(1.0 - inp.sth**2)
        out["chi chi~"] = (inp.g_chi * cth) ** 2 * mphi * b**3 / (8.0 * math.pi)
    return out


def sigma_v_channels(
    inp: DarkSectorInputs, s: np.ndarray | float, photon_coupling: PhotonCoupling = "tree"
) -> dict[str, np.ndarray]:
    """sigma(chi chi~ -> X) * v_rel per channel at Mandelstam s (GeV^2), in GeV^-2.

    ``v_rel = 2 beta_chi`` (relative velocity in the CM frame). Channel "chi chi~" is excluded.
    """
    s = np.asarray(s, dtype=float)
    rs = np.sqrt(s)
    gam = alp_width(inp, photon_coupling)
    prop = (s - inp.ma**2) ** 2 + (inp.ma * gam) ** 2
    widths = alp_partial_widths(inp, rs, photon_coupling)
    return {ch: inp.g_chi**2 * rs * w / prop for ch, w in widths.items() if ch != "chi chi~"}


def sigma_v_total(
    inp: DarkSectorInputs, s: np.ndarray | float, photon_coupling: PhotonCoupling = "tree"
) -> np.ndarray:
    """Sum over channels of sigma(chi chi~) v_rel at s, GeV^-2 (vectorised in s)."""
    chans = sigma_v_channels(inp, s, photon_coupling)
    return np.sum(np.array([np.broadcast_to(v, np.shape(s)) for v in chans.values()]), axis=0)


def cross_section(
    inp: DarkSectorInputs, s: np.ndarray | float, photon_coupling: PhotonCoupling = "tree"
) -> np.ndarray:
    """sigma(chi chi~ -> anything SM)(s) in GeV^-2: sigma v_rel / (2 beta_chi); inf at threshold."""
    b = beta(inp.mchi**2, s)
    with np.errstate(divide="ignore"):
        return sigma_v_total(inp, s, photon_coupling) / (2.0 * b)


def sigma_v_zero(
    inp: DarkSectorInputs, photon_coupling: PhotonCoupling = "tree"
) -> dict[str, float]:
    """v -> 0 limit (s = 4 Mchi^2) of sigma(chi chi~ -> X) v per channel, in cm^3/s."""
    chans = sigma_v_channels(inp, 4.0 * inp.mchi**2, photon_coupling)
    return {ch: float(v) * GEV2_TO_CM3_S for ch, v in chans.items()}


# --- the paper's printed formulas, for comparison -------------------------------------------


def paper_sigma_v_gamma_gamma(mchi: float, ma: float, fa: float, cgg: float, alpha: float) -> float:
    """Eq (3.10) as printed, GeV^-2: alpha^2 Cgg^2 Mchi^6 / (4 pi^3 (Ma^2-4Mchi^2)^2 fa^4).

    With ``alpha = alpha(0)`` (``inp.alpha0``: the photons are on shell) it agrees with
    ``sigma_v_channels`` (tree) at s = 4 Mchi^2 when the ALP width is negligible.
    """
    return alpha**2 * cgg**2 * mchi**6 / (4.0 * math.pi**3 * (ma**2 - 4 * mchi**2) ** 2 * fa**4)


def paper_sigma_v_mumu(mchi: float, ma: float, fa: float, cmm: float, mmu: float) -> float:
    """Eq (3.11) as printed, GeV^-2: (8/pi) Cmm^2 mmu^2 Mchi^4 sqrt(1-4mmu^2/Mchi^2)/((Ma^2-4Mchi^2)^2 fa^4).

    Derived from (2.10)/(2.22) the prefactor is 2/pi and the root is sqrt(1 - mmu^2/Mchi^2): the
    printed formula is 4 times larger (see docs/dark_matter.md).
    """
    return (
        (8.0 / math.pi)
        * cmm**2
        * mmu**2
        * mchi**4
        * math.sqrt(max(0.0, 1 - 4 * mmu**2 / mchi**2))
        / ((ma**2 - 4 * mchi**2) ** 2 * fa**4)
    )


# --- channels the simple estimate leaves out ------------------------------------------------


@dataclass(frozen=True)
class ChannelNote:
    """A channel the model opens at the given masses, and whether the calculators include it.

    ``boltzmann_factor`` is exp(-x_f (threshold - 2 Mchi)/Mchi) for kinematically forbidden
    channels (the suppression of their thermal rate at freeze-out), 1 for open ones.
    """

    final_state: str
    included: bool
    kind: str
    threshold_gev: float
    boltzmann_factor: float
    note: str


def other_channels(inp: DarkSectorInputs, xf: float = 25.0) -> list[ChannelNote]:
    """Channels beyond the s-channel ALP to SM states, and resonances, with their status.

    Lists: forbidden or open a a, a phi, phi phi final states (t-channel chi, s-channel phi);
    electroweak/gluon final states with non-zero CgZ, CZZ, CWW, Cglu (computed); the a and phi
    resonances within thermal reach; the h portal when sin(theta) != 0.
    """
    m = inp.mchi
    notes: list[ChannelNote] = []

    def suppression(threshold: float) -> float:
        return 1.0 if threshold <= 2 * m else math.exp(-xf * (threshold - 2 * m) / m)

    dark = [
        ("a a", 2 * inp.ma, "t/u-channel chi and s-channel phi (p-wave at threshold)"),
        ("a phi", inp.ma + inp.mphi, "t-channel chi, s-channel a, a-phi-chi-chi contact of (2.22)"),
        ("phi phi", 2 * inp.mphi, "t/u-channel chi and s-channel phi"),
    ]
    for fs, thr, how in dark:
        if not math.isfinite(thr):
            continue
        bf = suppression(thr)
        if bf < 1e-12:
            continue
        kind = "open" if thr <= 2 * m else "forbidden (thermally accessible)"
        notes.append(
            ChannelNote(
                fs,
                False,
                kind,
                thr,
                bf,
                f"{how}; couplings g_chi = Mchi/fa = {inp.g_chi:.3g}; not computed here",
            )
        )
    for fs, coup, thr in (
        ("Z gamma", inp.cgz, inp.mz),
        ("Z Z", inp.czz, 2 * inp.mz),
        ("W+ W-", inp.cww, 2 * inp.mw),
        ("g g", inp.cglu, 0.0),
    ):
        if coup:
            bf = suppression(thr)
            notes.append(
                ChannelNote(
                    fs,
                    True,
                    "open" if bf == 1.0 else "forbidden",
                    thr,
                    bf,
                    "s-channel ALP; included in sigma v",
                )
            )
    # resonances: within ~10 T of threshold on either side
    for name, mass in (("a", inp.ma), ("phi", inp.mphi)):
        if not math.isfinite(mass):
            continue
        reach = 10.0 * m / xf
        if abs(mass - 2 * m) < reach:
            inc = name == "a"
            notes.append(
                ChannelNote(
                    f"{name} resonance",
                    inc,
                    "resonance",
                    mass,
                    1.0,
                    f"M_{name} - 2 Mchi = {mass - 2 * m:.4g} GeV within 10 T_f; "
                    + (
                        "Breit-Wigner with the computed width; use method='boltzmann' (v -> 0 misses it)"
                        if inc
                        else "scalar s-channel (p-wave, into a a) not computed"
                    ),
                )
            )
    if inp.sth:
        notes.append(
            ChannelNote(
                "h/phi portal",
                False,
                "open",
                0.0,
                1.0,
                "sin(theta) != 0 opens h- and phi-mediated channels; not computed",
            )
        )
    return notes
