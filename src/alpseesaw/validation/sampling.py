"""The points of a cross-validation campaign: named benchmarks plus points sampled in regions.

Pure: no I/O, no tools. A *region* maps sampling keys to intervals; a *family* is a region with a
name and a share of the sampled points. :func:`plan` turns a card (its external values), a design
and a number of points into :class:`PlannedPoint` s, each a complete set of card values keyed by a
hash of those values.

Sampling keys (``alpseesaw crossval --region KEY=LO:HI``):

* a card parameter (``Mchi``, ``fa``, ``Cgg``, ...): its value (GeV for masses);
* a ratio ``X/Y`` of two card parameters (``Ma/Mchi``, ``Cmm/fa``): sets X = value x Y, after Y;
* ``sigmav_gg`` (cm^3/s): sets ``Cgg`` so that eq (3.10) (v -> 0, narrow ALP) gives
  sigma(chi chi~ -> gamma gamma) v = value: ``Cgg = sqrt(4 pi^3 sv) |Ma^2 - 4 Mchi^2| fa^2 /
  (alpha Mchi^3)``;
* ``mumu_frac``: sets ``Cmm`` (negative, the paper's sign) so that sigma v(mu mu) / sigma v(gamma
  gamma) = value at v -> 0, from the derived ``(2/pi) Cmm^2 mmu^2 Mchi^4`` (docs/dark_matter.md):
  ``|Cmm| = Cgg alpha Mchi sqrt(value) / (2 sqrt(2) pi mmu)``.

A key is sampled log-uniformly when LO and HI are non-zero with the same sign, uniformly otherwise;
LO = HI fixes it. Keys are applied in that order: card parameters, ratios (in dependency order),
``sigmav_gg``, ``mumu_frac``.

Points are drawn from one random stream per family (seeded by the campaign seed and the family
name), point by point, so a campaign with more points keeps the points of a smaller one.
"""

from __future__ import annotations

import hashlib
import json
import math
import zlib
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING

import numpy as np

from alpseesaw.errors import ParameterError
from alpseesaw.physics.constants import GEV2_TO_CM3_S

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

#: Design keys that are not card parameters (see the module docstring).
DESIGN_KEYS: tuple[str, ...] = ("sigmav_gg", "mumu_frac")


@dataclass(frozen=True)
class Interval:
    """A closed interval [lo, hi] of one sampling key.

    ``signed``: [lo, hi] (0 < lo <= hi) are magnitudes, sampled log-uniformly, with a random sign
    (``--region KEY=+-LO:HI``): a coupling of either sign over decades.
    """

    lo: float
    hi: float
    signed: bool = False

    def __post_init__(self) -> None:
        if not (math.isfinite(self.lo) and math.isfinite(self.hi)) or self.lo > self.hi:
            raise ParameterError("region", f"{self.lo}:{self.hi}", "finite LO:HI with LO <= HI")
        if self.signed and not self.lo > 0:
            raise ParameterError("region", f"+-{self.lo}:{self.hi}", "+-LO:HI with 0 < LO <= HI")

    @property
    def log(self) -> bool:
        """Sampled log-uniformly: both ends non-zero with the same sign."""
        return self.lo * self.hi > 0 and self.lo != self.hi

    def at(self, u: float) -> float:
        """The value at the quantile ``u`` in [0, 1) (signed: the lower half is negative)."""
        if self.signed:
            sign = -1.0 if u < 0.5 else 1.0
            return sign * Interval(self.lo, self.hi).at(2 * u - (0.0 if u < 0.5 else 1.0))
        if self.lo == self.hi:
            return self.lo
        if self.log:
            sign = math.copysign(1.0, self.lo)
            a, b = math.log(abs(self.lo)), math.log(abs(self.hi))
            return sign * math.exp(a + u * (b - a))
        return self.lo + u * (self.hi - self.lo)


@dataclass(frozen=True)
class Family:
    """A named region and its share of the sampled points.

    ``region`` maps sampling keys to intervals; ``note`` says what the family is for.
    """

    name: str
    weight: float
    region: Mapping[str, Interval]
    note: str = ""

    def __post_init__(self) -> None:
        if not self.weight > 0:
            raise ParameterError("weight", self.weight, "a positive share")
        object.__setattr__(self, "region", MappingProxyType(dict(self.region)))


@dataclass(frozen=True)
class Benchmark:
    """A named point: fixed sampling-key values (applied like a region with LO = HI)."""

    name: str
    values: Mapping[str, float]
    note: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", MappingProxyType(dict(self.values)))


@dataclass(frozen=True)
class PlannedPoint:
    """One point of a campaign: complete external (card) values and where it came from.

    ``key`` is a hash of ``externals`` (so the same physics point has the same key however it was
    specified); ``label`` is ``bench-<name>`` or ``<family>-<index>``.
    """

    key: str
    label: str
    family: str
    externals: Mapping[str, float] = field(repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "externals", MappingProxyType(dict(self.externals)))


def _I(lo: float, hi: float | None = None) -> Interval:
    return Interval(lo, lo if hi is None else hi)


#: sigma(chi chi~) v at which the paper's freeze-out estimate gives Omega h^2 = 0.12
#: (<sigma v>_eff = sigma v / 2 = 2.6e-26 cm^3/s).
SIGMAV_RELIC_CM3_S = 5.2e-26

#: The whole box of issue 11, sampled at random (not curated): the default design.
BOX: dict[str, Interval] = {
    "Mchi": Interval(50.0, 1e5),
    "Ma/Mchi": Interval(0.3, 4.0),
    "Mphi/Mchi": Interval(0.3, 4.0),
    "fa": Interval(1e3, 1e5),
    "Cgg": Interval(1e-3, 1e3, signed=True),
    "Cmm": Interval(1e-2, 1e5, signed=True),
    "MN11": Interval(50.0, 2e5),
}

#: The default design (``crossval`` without ``--region``): one family over the whole box.
DEFAULT_DESIGN: tuple[Family, ...] = (
    Family(
        "box",
        1.0,
        BOX,
        "log-uniform Mchi 50 GeV - 100 TeV, Ma/Mchi and Mphi/Mchi 0.3 - 4 (resonances, forbidden "
        "channels and thresholds included), fa 1 - 100 TeV, Cgg and Cmm of either sign over six and "
        "seven decades, the heavy-neutrino scale MN11 50 GeV - 200 TeV",
    ),
)

#: Named points always computed (besides the sampled ones).
DEFAULT_BENCHMARKS: tuple[Benchmark, ...] = (
    Benchmark("default-card", {}, "the built-in card (a relic point of the paper's Fig. 3 regime)"),
    Benchmark("paper-1TeV", {"Mchi": 1000.0, "Ma/Mchi": 1.1, "Mphi/Mchi": 1.1, "fa": 1e4,
                             "sigmav_gg": SIGMAV_RELIC_CM3_S, "Cmm/fa": -0.01},
              "paper shape, fa = 10 TeV, relic-like Cgg: forbidden a a, a phi, phi phi"),
    Benchmark("paper-9TeV", {"Mchi": 9000.0, "Ma/Mchi": 1.1, "Mphi/Mchi": 1.1, "fa": 1e4,
                             "sigmav_gg": SIGMAV_RELIC_CM3_S, "Cmm/fa": -1.0},
              "paper shape above the heavy-neutrino masses: a* -> N N open"),
    Benchmark("paper-30TeV-fa100", {"Mchi": 30000.0, "Ma/Mchi": 1.1, "Mphi/Mchi": 1.1, "fa": 1e5,
                                    "sigmav_gg": SIGMAV_RELIC_CM3_S, "Cmm/fa": -0.01},
              "paper shape, fa = 100 TeV"),
    Benchmark("a-pole-exact", {"Mchi": 1000.0, "Ma/Mchi": 2.0, "Mphi/Mchi": 3.0, "fa": 1e4,
                               "Cgg": 300.0, "Cmm": -10.0}, "Ma = 2 Mchi exactly: the pole at threshold"),
    Benchmark("a-pole-above", {"Mchi": 1000.0, "Ma/Mchi": 2.05, "Mphi/Mchi": 3.0, "fa": 1e4,
                               "Cgg": 300.0, "Cmm": -10.0}, "a pole 50 GeV above threshold"),
    Benchmark("a-pole-below", {"Mchi": 1000.0, "Ma/Mchi": 1.98, "Mphi/Mchi": 3.0, "fa": 1e4,
                               "Cgg": 300.0, "Cmm": -10.0}, "a pole 20 GeV below threshold"),
    Benchmark("aa-open", {"Mchi": 1000.0, "Ma/Mchi": 0.5, "Mphi/Mchi": 3.0, "fa": 1e4,
                          "Cgg": 1000.0, "Cmm": -100.0}, "chi chi~ -> a a open (t-channel chi)"),
    Benchmark("phi-decays-to-dm", {"Mchi": 500.0, "Ma/Mchi": 0.6, "Mphi/Mchi": 2.4, "fa": 3000.0},
              "phi -> chi chi~ open: chi chi~ -> phi a counts with 1 - BR"),
)  # fmt: skip


# --------------------------------------------------------------------------- parsing


def parse_region(items: Sequence[str], known: Sequence[str]) -> dict[str, Interval]:
    """Parse ``KEY=LO:HI`` strings (``KEY=VALUE`` fixes a key).

    Raises:
        ParameterError: malformed item, unknown key or bad interval.
    """
    out: dict[str, Interval] = {}
    for item in items:
        key, sep, text = item.partition("=")
        key, text = key.strip(), text.strip()
        if not sep or not key or not text:
            raise ParameterError(
                item, None, "KEY=LO:HI or KEY=VALUE, e.g. Mchi=100:3000", "malformed --region"
            )
        check_key(key, known)
        signed = text.startswith(("+-", "±"))
        body = text[1:] if text.startswith("±") else text[2:] if signed else text
        lo_text, colon, hi_text = body.partition(":")
        try:
            lo = float(lo_text)
            hi = float(hi_text) if colon else lo
        except ValueError:
            raise ParameterError(
                key, text, "LO:HI with two numbers (or +-LO:HI)", "not a number"
            ) from None
        if not (math.isfinite(lo) and math.isfinite(hi)) or lo > hi or (signed and not lo > 0):
            raise ParameterError(key, text, "finite LO:HI with LO <= HI (+-LO:HI: 0 < LO)")
        out[key] = Interval(lo, hi, signed)
    return out


def check_key(key: str, known: Sequence[str]) -> None:
    """Raise ParameterError unless ``key`` is a card parameter, a ratio of two, or a design key."""
    allowed = "a card parameter, a ratio X/Y of two (e.g. Ma/Mchi), sigmav_gg or mumu_frac"
    if key in DESIGN_KEYS or key in known:
        return
    num, slash, den = key.partition("/")
    if slash and num in known and den in known and num != den:
        return
    raise ParameterError(key, None, allowed, "unknown sampling key")


# --------------------------------------------------------------------------- resolving values


def resolve(base: Mapping[str, float], choice: Mapping[str, float]) -> dict[str, float]:
    """Card values ``base`` with the sampling keys of ``choice`` applied (see module docstring).

    Raises:
        ParameterError: a ratio cycle, both ``mumu_frac`` and a key that sets Cmm, or a design key
            that cannot be applied (Ma = 2 Mchi for ``sigmav_gg``).
    """
    known = list(base)
    for key in choice:
        check_key(key, known)
    out = dict(base)
    direct = {k: v for k, v in choice.items() if k in base}
    ratios = {k: v for k, v in choice.items() if "/" in k}
    out.update(direct)
    targets = [k.partition("/")[0] for k in ratios]
    if len(set(targets)) != len(targets) or set(targets) & set(direct):
        raise ParameterError("region", sorted(choice), "at most one key setting each parameter")
    pending = dict(ratios)
    while pending:
        ready = [k for k in pending if k.partition("/")[2] not in targets_of(pending)]
        if not ready:
            raise ParameterError("region", sorted(pending), "ratios without a cycle")
        for key in ready:
            num, _, den = key.partition("/")
            out[num] = pending.pop(key) * out[den]
    if "sigmav_gg" in choice:
        if "Cgg" in direct or "Cgg" in targets:
            raise ParameterError("sigmav_gg", choice["sigmav_gg"], "not together with Cgg")
        out["Cgg"] = cgg_for_sigmav(choice["sigmav_gg"], out)
    if "mumu_frac" in choice:
        if "Cmm" in direct or "Cmm" in targets:
            raise ParameterError("mumu_frac", choice["mumu_frac"], "not together with Cmm")
        out["Cmm"] = cmm_for_fraction(choice["mumu_frac"], out)
    return out


def targets_of(ratios: Mapping[str, float]) -> set[str]:
    """The parameters set by the ratio keys."""
    return {k.partition("/")[0] for k in ratios}


def cgg_for_sigmav(sigmav_cm3_s: float, values: Mapping[str, float]) -> float:
    """Cgg giving sigma(chi chi~ -> gamma gamma) v = ``sigmav_cm3_s`` by eq (3.10) (v -> 0), alpha(0)."""
    m, ma, fa = values["Mchi"], values["Ma"], values["fa"]
    alpha = 1.0 / values["aEW0M1"]  # on-shell photons couple with alpha(0) (docs/model.md)
    d = abs(ma**2 - 4.0 * m**2)
    if not sigmav_cm3_s > 0 or d == 0:
        raise ParameterError("sigmav_gg", sigmav_cm3_s, "a positive cross section, Ma != 2 Mchi")
    sv = sigmav_cm3_s / GEV2_TO_CM3_S
    return math.sqrt(4.0 * math.pi**3 * sv) * d * fa**2 / (alpha * m**3)


def cmm_for_fraction(fraction: float, values: Mapping[str, float]) -> float:
    """Cmm (<= 0) giving sigma v(mu mu) / sigma v(gamma gamma) = ``fraction`` at v -> 0."""
    if fraction < 0:
        raise ParameterError("mumu_frac", fraction, "a non-negative ratio")
    alpha = 1.0 / values["aEW0M1"]  # sigma v(gamma gamma) has alpha(0)
    m, mmu, cgg = values["Mchi"], values["Mmu"], values["Cgg"]
    beta = math.sqrt(max(0.0, 1.0 - mmu**2 / m**2))
    return (
        -abs(cgg) * alpha * m * math.sqrt(fraction / beta) / (2.0 * math.sqrt(2.0) * math.pi * mmu)
    )


# --------------------------------------------------------------------------- planning


def point_key(externals: Mapping[str, float]) -> str:
    """A 16-hex-digit hash of complete card values (order-independent, exact floats)."""
    text = json.dumps({k: float(v).hex() for k, v in sorted(externals.items())}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def allocate(n: int, families: Sequence[Family]) -> list[int]:
    """Split ``n`` points over families by weight (largest remainders; deterministic)."""
    if n < 0:
        raise ParameterError("points", n, "a non-negative number")
    total = sum(f.weight for f in families)
    exact = [n * f.weight / total for f in families]
    counts = [math.floor(x) for x in exact]
    order = sorted(range(len(families)), key=lambda i: (counts[i] - exact[i], i))
    for i in order[: n - sum(counts)]:
        counts[i] += 1
    return counts


def family_stream(seed: int, name: str) -> np.random.Generator:
    """The random stream of one family (independent of the other families and of n)."""
    return np.random.default_rng(np.random.SeedSequence([seed, zlib.crc32(name.encode())]))


def plan(
    base: Mapping[str, float],
    n_sampled: int,
    *,
    families: Sequence[Family] = DEFAULT_DESIGN,
    benchmarks: Sequence[Benchmark] = DEFAULT_BENCHMARKS,
    seed: int = 0,
) -> list[PlannedPoint]:
    """Benchmarks, then ``n_sampled`` points split over ``families``; duplicates dropped.

    ``base`` holds the card's external values. The returned externals are not yet checked against
    the parameters' allowed ranges (``alpseesaw.model.load_values`` does that).
    """
    points: list[PlannedPoint] = []
    seen: set[str] = set()

    def add(label: str, family: str, externals: dict[str, float]) -> None:
        key = point_key(externals)
        if key not in seen:
            seen.add(key)
            points.append(PlannedPoint(key, label, family, externals))

    for b in benchmarks:
        add(f"bench-{b.name}", "benchmark", resolve(base, b.values))
    for fam, count in zip(families, allocate(n_sampled, families), strict=True):
        rng = family_stream(seed, fam.name)
        keys = sorted(fam.region)
        for i in range(count):
            u = rng.random(len(keys))
            choice = {k: fam.region[k].at(float(x)) for k, x in zip(keys, u, strict=True)}
            add(f"{fam.name}-{i:03d}", fam.name, resolve(base, choice))
    return points
