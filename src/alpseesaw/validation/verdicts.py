"""Per-point verdicts: is the simple picture expected to hold, and do the calculators agree?

Pure functions of one campaign record (the JSON object stored per point, see
:mod:`alpseesaw.validation.campaign`). Two steps:

1. **Classification** (:func:`classify`). A point is in the class ``"swave"`` when only s-wave
   chi chi~ -> a* -> SM channels that the built-in calculators compute (gamma gamma and mu mu; other
   SM pairs when their couplings are set) matter. It is *flagged* otherwise, with every reason:

   * ``resonance``: the a pole lies in the thermally sampled range of sqrt(s), i.e.
     ``-N_w Gamma_a < Ma - 2 Mchi < K_res T_f`` (T_f = Mchi / x_f);
   * ``broad ALP``: ``w = (Ma Gamma_a / (4 Mchi^2 - Ma^2))^2 > w_max``. micrOMEGAs (CalcHEP) keeps an
     s-channel width only within 2.7 widths of the pole, the built-in everywhere; sigma v differs by
     the factor 1 + w (docs/micromegas.md);
   * ``forbidden/open channel``: a final state the built-in does not compute (a a, a phi, phi phi,
     heavy-neutrino pairs) is open, or forbidden but thermally accessible:
     ``exp(-x_f (threshold - 2 Mchi) / Mchi) > bf_min``;
   * ``h-phi mixing``: sin(theta) != 0 opens h- and phi-mediated channels (h a, h h, ...; at
     sin(theta) = 0 h does not couple to the dark sector);
   * ``micrOMEGAs channels``: micrOMEGAs' own ``omega_channels`` give channels other than the built-in
     ones more than ``other_max`` of 1/Omega (this confirms the a-priori classification; it also
     catches channels the list above does not name, e.g. nu N through neutrino mixing).

2. **Judgement** (:func:`judge`) against :class:`Tolerances`, for ``"swave"`` points only:
   Omega h^2 and x_f of the Boltzmann solver against micrOMEGAs, sigma v(v -> 0) per channel against
   micrOMEGAs' (after the width-convention factor of :func:`width_factor`, 1 + w for a narrow ALP), and the paper's freeze-out estimate inside
   the Omega window where its constant 2.6e-26 cm^3/s applies. Flagged points are reported with
   their ratios and reasons, never counted as failures of the tool.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from alpseesaw.model.toolnames import SM_NAMES
from alpseesaw.physics.annihilation import FERMIONS

#: Built-in channel name -> micrOMEGAs final state (CalcHEP names, as in ``sigmav_cm3_s`` keys).
BUILTIN_CHANNELS: dict[str, tuple[str, str]] = {
    "gamma gamma": ("A", "A"),
    "Z gamma": ("A", "Z"),
    "Z Z": ("Z", "Z"),
    "W+ W-": ("W+", "W-"),
    "g g": ("G", "G"),
    **{
        ch: SM_NAMES[_pdg]
        for ch, _pdg in (
            ("e+ e-", 11), ("mu+ mu-", 13), ("tau+ tau-", 15), ("u u~", 2),
            ("d d~", 1), ("s s~", 3), ("c c~", 4), ("b b~", 5), ("t t~", 6),
        )
    },
}  # fmt: skip

#: The card coupling that switches a built-in channel on (photons: Cgg; always compared).
CHANNEL_COUPLING: dict[str, str] = {
    "gamma gamma": "Cgg", "Z gamma": "CgZ", "Z Z": "CZZ", "W+ W-": "CWW", "g g": "Cglu",
    **{ch: coupling for ch, _m, coupling, _nc, _q in FERMIONS},
}  # fmt: skip


@dataclass(frozen=True)
class Tolerances:
    """Tolerances and windows of the verdicts (all dimensionless).

    Attributes:
        omega: |Omega_Boltzmann / Omega_micrOMEGAs - 1| for ``swave`` points.
        xf: |x_f(Boltzmann) / x_f(micrOMEGAs) - 1| (both at Y = 2.5 Y_eq).
        sigmav: |sigma v / sigma v(micrOMEGAs) x F(w) - 1| per compared channel at v -> 0, with
            the width-convention factor F of :func:`width_factor` (1 + w for w < 0.12).
        freeze_out: |Omega_freeze-out / Omega_micrOMEGAs - 1|, judged only inside
            ``freeze_out_window`` (Omega h^2 of micrOMEGAs), where the constant 2.6e-26 cm^3/s of
            the approximation applies.
        other_max: largest share of 1/Omega (micrOMEGAs) in channels the built-in lacks.
        w_max: largest width term w of a ``swave`` point.
        bf_min: Boltzmann factor above which a forbidden channel counts as thermally accessible.
        k_res: the a pole above threshold counts as a resonance within ``k_res`` T_f.
        n_widths: ... and below threshold within ``n_widths`` Gamma_a (2.7: the range in which
            CalcHEP keeps an s-channel width).
    """

    omega: float = 0.05
    xf: float = 0.02
    sigmav: float = 0.005
    freeze_out: float = 0.5
    freeze_out_window: tuple[float, float] = (0.03, 0.5)
    other_max: float = 0.01
    w_max: float = 0.02
    bf_min: float = 1e-6
    k_res: float = 15.0
    n_widths: float = 2.7

    def to_json(self) -> dict[str, Any]:
        """The tolerances as a JSON object, with a sentence per entry."""
        out: dict[str, Any] = asdict(self)
        out["freeze_out_window"] = list(self.freeze_out_window)
        out["meaning"] = {
            "omega": "swave points: |Omega(Boltzmann)/Omega(micrOMEGAs) - 1| <= omega",
            "xf": "swave points: |x_f(Boltzmann)/x_f(micrOMEGAs) - 1| <= xf",
            "sigmav": "swave points: |sigma v/sigma v(micrOMEGAs) x F(w) - 1| <= sigmav per "
            "channel at v -> 0, w = (Ma Gamma_a/(4 Mchi^2 - Ma^2))^2, F = 1 + w for w < 0.12 "
            "(CalcHEP drops the width outside 2.7 widths of the pole, the built-in keeps it)",
            "freeze_out": "swave points with freeze_out_window[0] <= Omega(micrOMEGAs) <= "
            "freeze_out_window[1]: |Omega(freeze-out)/Omega(micrOMEGAs) - 1| <= freeze_out",
            "other_max": "flag when micrOMEGAs puts more than this share of 1/Omega into "
            "channels the built-in calculators lack",
            "w_max": "flag a broad ALP when w > w_max",
            "bf_min": "flag a forbidden channel when exp(-x_f (threshold - 2 Mchi)/Mchi) > bf_min",
            "k_res": "flag the a resonance when -n_widths Gamma_a < Ma - 2 Mchi < k_res Mchi/x_f",
            "n_widths": "see k_res",
        }
        return out


@dataclass(frozen=True)
class Classification:
    """Whether the simple picture applies at a point, and why not.

    Attributes:
        category: ``"swave"`` or ``"flagged"``.
        reasons: one sentence per reason (empty for ``swave``).
        tags: short names of the reasons (``resonance``, ``broad``, ``forbidden``, ``open``,
            ``heavy-neutrino``, ``mixing``, ``micromegas-channels``).
        width_term: w = (Ma Gamma_a / (4 Mchi^2 - Ma^2))^2.
        other_fraction: micrOMEGAs' share of 1/Omega in channels the built-in lacks.
    """

    category: str
    reasons: tuple[str, ...]
    tags: tuple[str, ...]
    width_term: float
    other_fraction: float


@dataclass(frozen=True)
class Check:
    """One judged comparison: a ratio, its tolerance, the outcome."""

    name: str
    ratio: float
    tolerance: float
    passed: bool


@dataclass(frozen=True)
class Verdict:
    """The verdict of one point.

    ``verdict`` is ``"pass"``, ``"fail"`` (a judged check outside its tolerance), ``"flagged"``
    (the simple picture is not expected to hold; not judged) or ``"error"`` (a tool failure).
    ``freeze_out`` is ``"pass"``, ``"fail"`` or ``"not judged"``.
    """

    verdict: str
    freeze_out: str
    classification: Classification | None
    checks: tuple[Check, ...]
    error: str = ""

    def to_json(self) -> dict[str, Any]:
        """JSON object of the verdict."""
        c = self.classification
        return {
            "verdict": self.verdict,
            "freeze_out": self.freeze_out,
            "category": c.category if c else None,
            "tags": list(c.tags) if c else [],
            "reasons": list(c.reasons) if c else [],
            "width_term": c.width_term if c else None,
            "other_fraction": c.other_fraction if c else None,
            "checks": [asdict(k) for k in self.checks],
            "error": self.error,
        }


#: CalcHEP's BWrange: an s-channel width is kept within this many widths of the pole.
BW_RANGE = 2.7


def width_term(mchi: float, ma: float, width_a: float) -> float:
    """w = (Ma Gamma_a / (4 Mchi^2 - Ma^2))^2: the relative effect of the a width at v -> 0."""
    d = 4.0 * mchi**2 - ma**2
    return math.inf if d == 0 else (ma * width_a / d) ** 2


def width_factor(w: float, bw_range: float = BW_RANGE) -> float:
    """sigma v (v -> 0) of micrOMEGAs over the built-in's, from the width conventions alone.

    The built-in keeps ``M Gamma`` in the propagator everywhere: ``1/(q^2 + (M Gamma)^2)`` with
    ``q = s - M^2``. CalcHEP (``prepDen`` in ``CalcHEP_src/c_source/num/sqme_aux.c``) keeps it for
    ``q^2 <= R^2 (M Gamma)^2``, drops it for ``q^2 > (R^2 + 1) (M Gamma)^2`` and in between uses
    ``(R^2 + 1)(M Gamma)^2 - q^2`` (R = BWrange = 2.7). With ``w = (M Gamma / q)^2``::

        factor = (1 + w) / (1 + w_eff),  w_eff = 0 | (R^2 + 1) w - 1 | w.
    """
    if not math.isfinite(w):
        return 1.0
    r2 = bw_range**2
    if w * (r2 + 1) < 1:
        w_eff = 0.0
    elif w * r2 < 1:
        w_eff = (r2 + 1) * w - 1
    else:
        w_eff = w
    return (1.0 + w) / (1.0 + w_eff)


def heavy_masses(inputs: Mapping[str, float]) -> list[float]:
    """Heavy-neutrino masses of a record's inputs (``Mnh1`` ...), GeV."""
    return sorted(float(v) for k, v in inputs.items() if k.startswith("Mnh") and float(v) > 0)


def dark_channels(inputs: Mapping[str, float]) -> list[tuple[str, float]]:
    """Final states the built-in does not compute, with their thresholds in GeV."""
    ma, mphi = inputs["Ma"], inputs["Mphi"]
    out = [("a a", 2 * ma), ("a phi", ma + mphi), ("phi phi", 2 * mphi)]
    heavy = heavy_masses(inputs)
    if heavy:
        out.append((f"N N (heavy neutrinos, lightest {heavy[0]:.5g} GeV)", 2 * heavy[0]))
    return out


def builtin_final_states(inputs: Mapping[str, float]) -> set[tuple[str, str]]:
    """micrOMEGAs final states the built-in calculators compute at these couplings."""
    return {
        tuple(sorted(fs))
        for ch, fs in BUILTIN_CHANNELS.items()
        if ch == "gamma gamma" or float(inputs.get(CHANNEL_COUPLING[ch], 0.0)) != 0.0
    }


def classify(record: Mapping[str, Any], tol: Tolerances = Tolerances()) -> Classification:
    """Classify a finished point (see the module docstring for the criteria)."""
    inp = record["inputs"]
    m, ma = float(inp["Mchi"]), float(inp["Ma"])
    width = float(record["builtin"]["alp_width_GeV"])
    xf = record["boltzmann"].get("xf")
    xf = float(xf) if xf is not None and math.isfinite(float(xf)) and xf > 0 else 25.0
    reasons: list[str] = []
    tags: list[str] = []

    delta = ma - 2.0 * m
    if -tol.n_widths * width < delta < tol.k_res * m / xf:
        tags.append("resonance")
        reasons.append(
            f"a resonance: Ma - 2 Mchi = {delta:.4g} GeV with Gamma_a = {width:.3g} GeV and "
            f"T_f = {m / xf:.3g} GeV (window -{tol.n_widths:g} Gamma_a ... {tol.k_res:g} T_f); "
            "the v -> 0 estimate misses the pole, thermal averages are sensitive to the "
            "Breit-Wigner treatment"
        )
    w = width_term(m, ma, width)
    if w > tol.w_max:
        tags.append("broad")
        reasons.append(
            f"broad ALP: Gamma_a/Ma = {width / ma:.3g}, w = (Ma Gamma_a/(4 Mchi^2 - Ma^2))^2 = "
            f"{w:.3g} > {tol.w_max:g}; micrOMEGAs drops the width off the pole, the built-in keeps it"
        )
    for name, threshold in dark_channels(inp):
        if threshold <= 2.0 * m:
            tag = "heavy-neutrino" if name.startswith("N N") else "open"
            tags.append(tag)
            reasons.append(f"open channel chi chi~ -> {name}: threshold {threshold:.5g} GeV "
                           f"<= 2 Mchi; not computed by the built-in")
            continue
        bf = math.exp(-xf * (threshold - 2.0 * m) / m)
        if bf > tol.bf_min:
            tag = "heavy-neutrino" if name.startswith("N N") else "forbidden"
            tags.append(tag)
            reasons.append(
                f"forbidden channel chi chi~ -> {name} thermally accessible: threshold "
                f"{threshold:.5g} GeV = {threshold / (2 * m):.4g} x 2 Mchi, Boltzmann factor "
                f"{bf:.2g} at x_f = {xf:.3g} (> {tol.bf_min:g}); not computed by the built-in"
            )
    if float(inp.get("sth", 0.0)) != 0.0:
        tags.append("mixing")
        reasons.append("sin(theta) != 0: h- and phi-mediated channels, not computed by the built-in")

    allowed = builtin_final_states(inp)
    other: dict[str, float] = {}
    for final, fraction in record["micromegas"].get("omega_channels", []):
        fs = tuple(sorted(final.split()))
        if fs not in allowed:
            other[final] = other.get(final, 0.0) + float(fraction)
    other_total = sum(other.values())
    if other_total > tol.other_max:
        tags.append("micromegas-channels")
        listed = ", ".join(f"{k} {100 * v:.3g}%" for k, v in sorted(other.items(), key=lambda kv: -kv[1]))
        reasons.append(
            f"micrOMEGAs puts {100 * other_total:.3g}% of 1/Omega into channels the built-in lacks "
            f"({listed})"
        )
    unique_tags = tuple(dict.fromkeys(tags))
    return Classification(
        "flagged" if reasons else "swave", tuple(reasons), unique_tags, w, other_total
    )


def _ratio(a: float | None, b: float | None) -> float:
    if a is None or b is None or not b:
        return math.nan
    return float(a) / float(b)


def judge(record: Mapping[str, Any], tol: Tolerances = Tolerances()) -> Verdict:
    """The verdict of one record (``status`` ``"ok"`` or ``"error"``)."""
    if record.get("status") != "ok":
        return Verdict("error", "not judged", None, (), str(record.get("error", "unknown error")))
    cls = classify(record, tol)
    mo, bz, fo = record["micromegas"], record["boltzmann"], record["freeze_out"]
    omega_mo = float(mo["omega_h2"])
    checks: list[Check] = []

    def add(name: str, ratio: float, tolerance: float) -> None:
        checks.append(Check(name, ratio, tolerance, math.isfinite(ratio) and abs(ratio - 1) <= tolerance))

    add("omega_boltzmann", _ratio(bz["omega_h2"], omega_mo), tol.omega)
    add("xf_boltzmann", _ratio(bz.get("xf"), mo.get("xf")), tol.xf)
    factor = width_factor(cls.width_term)
    for channel, fs in BUILTIN_CHANNELS.items():
        ours, theirs = bz["sigmav_cm3_s"].get(channel), mo["sigmav_cm3_s"].get(" ".join(fs))
        if ours and theirs:
            add(f"sigmav {channel}", _ratio(ours, theirs) * factor, tol.sigmav)
    fo_ratio = _ratio(fo["omega_h2"], omega_mo)
    lo, hi = tol.freeze_out_window
    if cls.category != "swave":
        return Verdict("flagged", "not judged", cls, tuple(checks))
    if lo <= omega_mo <= hi:
        ok = math.isfinite(fo_ratio) and abs(fo_ratio - 1) <= tol.freeze_out
        freeze = "pass" if ok else "fail"
    else:
        freeze = "not judged"
    verdict = "pass" if all(c.passed for c in checks) else "fail"
    return Verdict(verdict, freeze, cls, tuple(checks))


def judge_all(records: Sequence[Mapping[str, Any]], tol: Tolerances = Tolerances()) -> list[Verdict]:
    """Verdicts of many records, in order."""
    return [judge(r, tol) for r in records]
