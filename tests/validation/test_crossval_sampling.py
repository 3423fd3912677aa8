"""Campaign points: regions, design keys, determinism, keys."""

from __future__ import annotations

import math

import pytest

from alpseesaw.errors import ParameterError
from alpseesaw.model.card import load_externals
from alpseesaw.physics.annihilation import DarkSectorInputs, paper_sigma_v_gamma_gamma, sigma_v_zero
from alpseesaw.physics.constants import GEV2_TO_CM3_S
from alpseesaw.validation.sampling import (
    DEFAULT_DESIGN,
    Family,
    Interval,
    allocate,
    cgg_for_sigmav,
    cmm_for_fraction,
    parse_region,
    plan,
    point_key,
    resolve,
)

KNOWN = ["Mchi", "Ma", "Mphi", "fa", "Cgg", "Cmm", "aEWM1", "Mmu"]


@pytest.fixture(scope="module")
def base() -> dict[str, float]:
    return load_externals(None, ())


def test_interval_log_and_uniform() -> None:
    log = Interval(10.0, 1000.0)
    assert log.log
    assert log.at(0.5) == pytest.approx(100.0, rel=1e-12)  # geometric middle
    neg = Interval(-1.0, -0.01)
    assert neg.log
    assert neg.at(0.5) == pytest.approx(-0.1, rel=1e-12)
    lin = Interval(0.0, 0.6)
    assert not lin.log
    assert lin.at(0.5) == pytest.approx(0.3)
    assert Interval(3.0, 3.0).at(0.9) == 3.0
    with pytest.raises(ParameterError, match="LO <= HI"):
        Interval(2.0, 1.0)


def test_parse_region_and_its_errors() -> None:
    region = parse_region(
        ["Mchi=100:3000", "Ma/Mchi=3:4", "sigmav_gg=1e-27:1e-26", "fa=2000"], KNOWN
    )
    assert region["Mchi"] == Interval(100.0, 3000.0)
    assert region["fa"] == Interval(2000.0, 2000.0)
    with pytest.raises(ParameterError, match=r"'Mgluino'.*unknown sampling key"):
        parse_region(["Mgluino=1:2"], KNOWN)
    with pytest.raises(ParameterError, match="Ma/Mchi"):
        parse_region(["Ma/Mchi=x:4"], KNOWN)
    with pytest.raises(ParameterError, match="malformed --region"):
        parse_region(["Mchi"], KNOWN)
    with pytest.raises(ParameterError, match="LO <= HI"):
        parse_region(["Mchi=5:1"], KNOWN)


def test_resolve_ratios_in_dependency_order(base: dict[str, float]) -> None:
    out = resolve(base, {"Mphi/Ma": 2.0, "Ma/Mchi": 3.0, "Mchi": 500.0})
    assert out["Mchi"] == 500.0
    assert out["Ma"] == 1500.0
    assert out["Mphi"] == 3000.0
    with pytest.raises(ParameterError, match="without a cycle"):
        resolve(base, {"Ma/Mphi": 2.0, "Mphi/Ma": 2.0})
    with pytest.raises(ParameterError, match="not together with Cgg"):
        resolve(base, {"sigmav_gg": 1e-26, "Cgg": 3.0})


def test_sigmav_gg_inverts_eq_3_10(base: dict[str, float]) -> None:
    # source: the printed eq (3.10) with alpha(0) (physics.annihilation.paper_sigma_v_gamma_gamma); exact inverse
    values = resolve(base, {"Mchi": 700.0, "Ma": 2300.0, "fa": 3000.0, "sigmav_gg": 3e-26})
    sv = paper_sigma_v_gamma_gamma(700.0, 2300.0, 3000.0, values["Cgg"], 1.0 / values["aEW0M1"])
    assert sv * GEV2_TO_CM3_S == pytest.approx(3e-26, rel=1e-12, abs=0)
    with pytest.raises(ParameterError, match="Ma != 2 Mchi"):
        cgg_for_sigmav(1e-26, {**values, "Ma": 1400.0})


def test_mumu_frac_gives_the_channel_ratio_of_the_built_in(base: dict[str, float]) -> None:
    # independent check: the built-in sigma v at v -> 0 (s-channel identity with the ALP partial
    # widths, docs/dark_matter.md); the ratio is independent of the propagator; tolerance 1e-9
    values = resolve(
        base, {"Mchi": 900.0, "Ma": 3000.0, "fa": 2000.0, "Cgg": 50.0, "mumu_frac": 0.37}
    )
    assert values["Cmm"] < 0
    inp = DarkSectorInputs.from_values(values)
    sv = sigma_v_zero(inp)
    assert sv["mu+ mu-"] / sv["gamma gamma"] == pytest.approx(0.37, rel=1e-9)
    assert cmm_for_fraction(0.0, values) == 0.0
    with pytest.raises(ParameterError, match="mumu_frac"):
        cmm_for_fraction(-0.1, values)


def test_allocate_splits_by_weight() -> None:
    fams = [
        Family(n, w, {}) for n, w in (("a", 0.45), ("b", 0.15), ("c", 0.2), ("d", 0.1), ("e", 0.1))
    ]
    for n in (0, 1, 7, 60, 80, 101):
        counts = allocate(n, fams)
        assert sum(counts) == n
        assert all(abs(c - n * f.weight) < 1 for c, f in zip(counts, fams, strict=True))


def test_plan_is_deterministic_prefix_stable_and_keyed_by_values(base: dict[str, float]) -> None:
    first = plan(base, 40, seed=3)
    again = plan(base, 40, seed=3)
    assert [p.key for p in first] == [p.key for p in again]
    assert len({p.key for p in first}) == len(first)
    # more points keep the earlier ones of every family (per-family streams)
    more = {p.key for p in plan(base, 80, seed=3)}
    assert {p.key for p in first} <= more
    other_seed = {p.key for p in plan(base, 40, seed=4, benchmarks=())}
    assert not other_seed & {p.key for p in first}
    labels = [p.label for p in first]
    assert "bench-paper-1TeV" in labels
    assert sum(label.startswith("box-") for label in labels) == 40
    assert "bench-a-pole-exact" in labels
    paper = next(p for p in first if p.label == "bench-paper-1TeV")
    assert paper.externals["Ma"] == pytest.approx(1.1 * paper.externals["Mchi"])
    assert paper.externals["Mphi"] == paper.externals["Ma"]
    assert paper.key == point_key(dict(reversed(list(paper.externals.items()))))
    # every sampled value lies in its family's interval
    fam = {f.name: f for f in DEFAULT_DESIGN}["box"]
    signs = set()
    for p in first:
        if p.family == "box":
            ratio = p.externals["Ma"] / p.externals["Mchi"]
            assert fam.region["Ma/Mchi"].lo <= ratio <= fam.region["Ma/Mchi"].hi * (1 + 1e-12)
            assert 1e-3 <= abs(p.externals["Cgg"]) <= 1e3
            assert 50 <= p.externals["MN11"] <= 2e5
            signs.add(math.copysign(1, p.externals["Cmm"]))
    assert signs == {-1.0, 1.0}  # couplings of either sign


def test_plan_drops_duplicates(base: dict[str, float]) -> None:
    fixed = (Family("fixed", 1.0, {"Mchi": Interval(500.0, 500.0)}),)
    points = plan(base, 5, families=fixed, benchmarks=())
    assert len(points) == 1


def test_signed_intervals() -> None:
    iv = parse_region(["Cgg=+-1e-3:1e3"], ["Cgg"])["Cgg"]
    assert iv.signed
    vals = [iv.at(u) for u in (0.0, 0.25, 0.4999, 0.5, 0.75, 0.9999)]
    assert vals[0] == pytest.approx(-1e-3)
    assert vals[3] == pytest.approx(1e-3)
    assert vals[1] == pytest.approx(-1.0)
    assert vals[4] == pytest.approx(1.0)
    with pytest.raises(ParameterError, match="0 < LO"):
        parse_region(["Cgg=+-0:1"], ["Cgg"])
