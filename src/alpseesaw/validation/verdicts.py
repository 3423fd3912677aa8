"""Per-point verdicts of a cross-validation campaign: do micrOMEGAs and the built-in agree, and if
not, why.

Pure functions of one campaign record (:mod:`alpseesaw.validation.campaign`). Every point is
judged; none is set aside. Two numbers are compared: Omega h^2 of the built-in Boltzmann solution
against micrOMEGAs' darkOmega (fast = 0), and each channel's share of 1/Omega (micrOMEGAs'
``omegaCh``) against the built-in's, as the largest absolute difference over channels.

A point *agrees* when both are within :class:`Tolerances`. Otherwise the record carries the
built-in recomputed with micrOMEGAs' own conventions, one at a time, and the verdict names the
convention that accounts for the difference (the built-in keeps the physical choice; the record
shows the size of each effect):

* ``width-window``: CalcHEP keeps the width of an s-channel propagator only within 2.7 widths of its
  pole (``|s - M^2| <= 2.7 M Gamma``) and drops it beyond ~2.9 widths; the built-in uses the
  Breit-Wigner everywhere. It matters for broad mediators.
* ``sqrt-s-cut``: darkOmega integrates the thermal average only up to
  ``sqrt(s) = 2M + T ln(1000/Beps)``; a narrow pole or a steeply rising channel beyond it is lost.
* ``omega-factor``: micrOMEGAs' ``Omega = 2.742e8 m Y_0`` against the built-in's 2.7439e8 (PDG
  s_0 and rho_c): 0.07 %, below every tolerance, listed for completeness.

When no convention accounts for a disagreement, the campaign asks micrOMEGAs for its own thermal
average ``vSigmaA(T)`` on the built-in's x grid and solves the built-in's freeze-out equation with
it (:data:`SOLVER_CHECK`, :func:`alpseesaw.validation.campaign.solver_check`):

* ``darkomega-solver``: that Omega equals the built-in's own (micrOMEGAs conventions) within
  ``Tolerances.solver``, so the thermal averages agree where they matter, and micrOMEGAs' Omega
  differs: the difference lies in darkOmega's solution of the same equation (its g_* table,
  starting point and steps), met where <sigma v> falls steeply through freeze-out (a pole's
  thermal tail cut off by the sqrt(s) limit); the built-in solver is checked against an
  independent Radau solution (tests/physics/test_boltzmann_batch.py).

A disagreement that none of them explains is *unexplained* (a failure of the comparison); a point
where micrOMEGAs failed is an *error*.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

#: The built-in variants a record may carry (see :data:`CAUSES`), in the order they are tried.
VARIANTS: tuple[str, ...] = ("physical", "width-window", "micromegas")

#: The record entry of the built-in solver run on micrOMEGAs' own <sigma v>_eff(x).
SOLVER_CHECK = "micromegas-sv"

#: What each variant changes, as a verdict names it.
CAUSES: dict[str, str] = {
    "darkomega-solver": "with micrOMEGAs' own <sigma v>(T) the built-in solver gives the built-in's Omega: "
    "the difference lies in darkOmega's solution of the freeze-out equation",
    "width-window": "CalcHEP uses an s-channel width only within 2.7 widths of the pole (prepDen); "
    "the built-in keeps the Breit-Wigner everywhere",
    "micromegas": "darkOmega's conventions together: the 2.7-width window, sqrt(s) < 2M + T "
    "ln(1000/Beps) in <sigma v>(T), Omega = 2.742e8 m Y_0",
}


@dataclass(frozen=True)
class Tolerances:
    """How close is close (dimensionless).

    Attributes:
        omega: |Omega(built-in) / Omega(micrOMEGAs) - 1|.
        share: largest |share(built-in) - share(micrOMEGAs)| of 1/Omega over channels.
        report_share: channels with a share above this are listed in a verdict.
        explained: how close a re-run with micrOMEGAs' conventions must come (Omega ratio) to
            explain a disagreement; looser than ``omega`` because darkOmega's sqrt(s) cut is
            emulated on the built-in's quadrature nodes (measured: within 2.4 %).
        solver: how close the built-in solver with micrOMEGAs' <sigma v>(T) must come to the
            built-in's own Omega (micrOMEGAs conventions) to put a difference on darkOmega's
            solver (the x-grid interpolation of a steep <sigma v> alone gives ~0.1 %).
    """

    omega: float = 0.02
    share: float = 0.02
    report_share: float = 0.01
    explained: float = 0.03
    solver: float = 0.005

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = asdict(self)
        out["meaning"] = {
            "omega": "|Omega h^2(built-in Boltzmann) / Omega h^2(micrOMEGAs darkOmega) - 1| <= omega",
            "share": "max over channels |share(built-in) - share(micrOMEGAs)| <= share, shares of "
            "1/Omega after freeze-out (micrOMEGAs' omegaCh)",
        }
        return out


@dataclass(frozen=True)
class Comparison:
    """One built-in variant against micrOMEGAs."""

    variant: str
    omega_ratio: float
    share_delta: float
    share_channel: str
    agrees: bool


@dataclass(frozen=True)
class Verdict:
    """``status``: ``agree``, ``explained``, ``unexplained`` or ``error``; ``cause`` the variant that
    explains a disagreement; ``comparisons`` every variant the record carries."""

    status: str
    cause: str
    comparisons: tuple[Comparison, ...]
    dominant: tuple[tuple[str, float], ...]
    message: str = ""

    @property
    def physical(self) -> Comparison | None:
        return next((c for c in self.comparisons if c.variant == "physical"), None)

    def to_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "cause": self.cause,
            "cause_text": CAUSES.get(self.cause, ""),
            "comparisons": [asdict(c) for c in self.comparisons],
            "dominant": [list(d) for d in self.dominant],
            "message": self.message,
        }


def _ratio(a: Any, b: Any) -> float:
    try:
        a, b = float(a), float(b)
    except (TypeError, ValueError):
        return math.nan
    return a / b if b != 0 and math.isfinite(a) and math.isfinite(b) else math.nan


def share_delta(ours: Mapping[str, float], theirs: Mapping[str, float]) -> tuple[float, str]:
    """Largest |difference| of shares over the union of channels, and that channel."""
    best, where = 0.0, ""
    for k in set(ours) | set(theirs):
        d = abs(float(ours.get(k, 0.0)) - float(theirs.get(k, 0.0)))
        if d > best:
            best, where = d, k
    return best, where


def compare(
    variant: str, builtin: Mapping[str, Any], mo: Mapping[str, Any], tol: Tolerances
) -> Comparison:
    r = _ratio(builtin.get("omega_h2"), mo.get("omega_h2"))
    d, ch = share_delta(builtin.get("shares", {}), mo.get("shares", {}))
    omega_tol = tol.omega if variant == "physical" else tol.explained
    ok = math.isfinite(r) and abs(r - 1) <= omega_tol and d <= tol.share
    return Comparison(variant, r, d, ch, ok)


def judge(record: Mapping[str, Any], tol: Tolerances = Tolerances()) -> Verdict:
    """The verdict of one record (see the module docstring)."""
    mo = record.get("micromegas")
    if record.get("status") != "ok" or not mo:
        return Verdict(
            "error", "", (), (), str(record.get("error", "micrOMEGAs gave no result"))[:500]
        )
    builtin = record.get("builtin", {})
    comps = tuple(compare(v, builtin[v], mo, tol) for v in VARIANTS if v in builtin)
    dominant = tuple(sorted(((k, float(v)) for k, v in mo.get("shares", {}).items() if v >= tol.report_share),
                            key=lambda kv: -kv[1]))  # fmt: skip
    phys = next((c for c in comps if c.variant == "physical"), None)
    if phys is None:
        return Verdict("error", "", comps, dominant, "the record has no built-in result")
    if phys.agrees:
        return Verdict("agree", "", comps, dominant)
    for c in comps[1:]:
        if c.agrees:
            msg = (f"Omega ratio {phys.omega_ratio:.4f}, share difference {phys.share_delta:.3f} "
                   f"({phys.share_channel}); with {c.variant}: {c.omega_ratio:.4f}, {c.share_delta:.3f}")  # fmt: skip
            return Verdict("explained", c.variant, comps, dominant, msg)
    head = f"Omega ratio {phys.omega_ratio:.4f}, share difference {phys.share_delta:.3f} ({phys.share_channel})"
    check = builtin.get(SOLVER_CHECK) or {}
    like = builtin.get("micromegas", {})
    r_same = _ratio(check.get("omega_h2"), like.get("omega_h2"))
    if math.isfinite(r_same) and abs(r_same - 1) <= tol.solver:
        best = next((c for c in comps if c.variant == "micromegas"), None)
        if best is not None and best.share_delta <= tol.share:
            msg = (f"{head}; the built-in solver with micrOMEGAs' own <sigma v>(T) gives {r_same:.4f} of the "
                   f"built-in's Omega (micrOMEGAs conventions, ratio {best.omega_ratio:.4f} to darkOmega)")  # fmt: skip
            return Verdict("explained", "darkomega-solver", comps, dominant, msg)
    return Verdict(
        "unexplained", "", comps, dominant, f"{head}; no convention of micrOMEGAs accounts for it"
    )


def needs_solver_check(record: Mapping[str, Any], tol: Tolerances = Tolerances()) -> bool:
    """Whether a record is a disagreement no convention explains (then the campaign runs the
    solver check before judging it)."""
    v = judge(record, tol)
    return v.status == "unexplained" and SOLVER_CHECK not in record.get("builtin", {})


def summarise_verdicts(
    verdicts: Sequence[Verdict], tol: Tolerances = Tolerances()
) -> dict[str, Any]:
    """Counts by status and cause, and the judged fraction: points whose physical built-in agrees."""
    n = len(verdicts)
    counts: dict[str, int] = {}
    causes: dict[str, int] = {}
    for v in verdicts:
        counts[v.status] = counts.get(v.status, 0) + 1
        if v.cause:
            causes[v.cause] = causes.get(v.cause, 0) + 1
    agree = counts.get("agree", 0)
    ratios = [
        v.physical.omega_ratio
        for v in verdicts
        if v.physical and math.isfinite(v.physical.omega_ratio)
    ]
    shares = [v.physical.share_delta for v in verdicts if v.physical]
    return {
        "points": n,
        "by_status": counts,
        "by_cause": causes,
        "agree_fraction": agree / n if n else math.nan,
        "agree_or_explained_fraction": (agree + counts.get("explained", 0)) / n if n else math.nan,
        "omega_ratio": _stats(ratios),
        "max_share_delta": max(shares) if shares else math.nan,
        "tolerances": tol.to_json(),
    }


def _stats(values: Sequence[float]) -> dict[str, float]:
    if not values:
        return {}
    arr = sorted(values)
    dev = [abs(v - 1) for v in arr]
    return {"min": arr[0], "median": arr[len(arr) // 2], "max": arr[-1], "max_abs_dev": max(dev),
            "p95_abs_dev": sorted(dev)[min(len(dev) - 1, int(0.95 * len(dev)))]}  # fmt: skip
