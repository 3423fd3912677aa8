"""Parameters and cards: ranges, errors naming the parameter, SLHA round trip, dependency order."""

from __future__ import annotations

import math

import pytest
import sympy as sp

from alpseesaw.errors import CardError, ModelError, ParameterError
from alpseesaw.model.card import format_card, load_values, parse_card, parse_overrides, write_card
from alpseesaw.model.inputs import parameter_set
from alpseesaw.model.parameters import External, Internal, NumericBlock, ParameterSet


def test_defaults_are_the_benchmark_shape() -> None:
    v = load_values()
    assert v["fa"] == 1e4
    assert v["Ma"] == pytest.approx(1.1 * v["Mchi"])
    assert v["Mphi"] == pytest.approx(1.1 * v["Mchi"])
    assert v["sth"] == 0.0
    assert v["Cmm"] / v["fa"] == pytest.approx(-0.01)


def test_internal_relations() -> None:
    v = load_values()
    # on-shell EW relations, exact by construction: MW = g v / 2 and MZ = MW / cw
    assert v["g"] * v["v"] / 2 == pytest.approx(v["MW"], rel=1e-14)
    assert v["MW"] / v["cw"] == pytest.approx(v["MZ"], rel=1e-14)
    assert v["ee"] ** 2 / (4 * math.pi) == pytest.approx(1 / v["aEWM1"], rel=1e-14)
    # m_chi = g_chi fa / sqrt2 (Sec. 2.3)
    assert v["gchi"] * v["fa"] / math.sqrt(2) == pytest.approx(v["Mchi"], rel=1e-14)


@pytest.mark.parametrize(
    ("override", "name", "fragment"),
    [
        ("Mchi=-5", "Mchi", "0 < Mchi"),
        ("sth=1.5", "sth", "-1 <= sth <= 1"),
        ("texture=3", "texture", "texture in {1, 2}"),
        ("Mchi=abc", "Mchi", "not a number"),
        ("Mcchi=5", "Mcchi", "did you mean Mchi"),
    ],
)
def test_bad_overrides_name_parameter_value_and_range(
    override: str, name: str, fragment: str
) -> None:
    with pytest.raises(ParameterError) as info:
        load_values(overrides=[override])
    assert info.value.name == name
    assert fragment in str(info.value)


def test_fa_below_v_is_rejected_with_the_bound() -> None:
    with pytest.raises(ParameterError) as info:
        load_values(overrides=["fa=100"])
    assert info.value.name == "fa"
    assert "fa > v = 242.19" in str(info.value)


@pytest.mark.parametrize(
    ("values", "ok"),
    [
        ({"sth": 1.0}, True),  # -1 <= sth <= 1: closed at both ends
        ({"sth": -1.0}, True),
        ({"phiN": 0.0}, True),  # 0 <= phiN <= 2 pi
        ({"phiN": 2 * math.pi}, True),
        ({"aS": 1.0}, False),  # 0 < aS < 1: open at both ends
        ({"aS": 0.0}, False),
        ({"aEWM1": 1.0}, False),  # 1 < aEWM1
        ({"Mchi": 0.0}, False),  # 0 < Mchi
    ],
)
def test_range_ends_are_in_or_out_as_written(values: dict[str, float], ok: bool) -> None:
    params = parameter_set()
    if ok:
        ((name, value),) = values.items()
        assert params.validate_externals(values)[name] == value
    else:
        with pytest.raises(ParameterError, match=next(iter(values))):
            params.validate_externals(values)


def test_constraints_are_strict() -> None:
    # fa > v: equality is refused; MZ = MW (sw = 0 in the on-shell scheme) is refused too, as a
    # point where an internal parameter is infinite
    v = load_values()
    with pytest.raises(ParameterError, match="fa > v"):
        load_values(overrides={"fa": v["v"]})
    with pytest.raises(ParameterError) as info:
        load_values(overrides={"MZ": v["MW"]})
    assert info.value.name == "MZ"
    assert load_values(overrides={"fa": 1.0001 * v["v"]})["fa"] == 1.0001 * v["v"]


def test_texture_alias() -> None:
    assert parse_overrides(["texture=B"]) == {"texture": 2.0}


def test_card_round_trip(tmp_path) -> None:
    changed = {"Mchi": 3000.0, "Ma": 3300.0, "Cgg": 100.0, "phiN": 1.234567890123456789}
    path = write_card(tmp_path / "card.dat", changed)
    text = path.read_text()
    values = parse_card(text)
    for k, x in changed.items():
        assert values[k] == x  # 17 significant digits: exact
    assert set(values) == {p.name for p in parameter_set().externals}
    assert format_card(values) == text
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary left


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("BLOCK NOPE\n 1 2\n", "unknown block 'NOPE'"),
        ("BLOCK MASS\n 52 abc\n", "line 2: 'abc' is not a number"),
        ("BLOCK MASS\n 999 1.0\n", "block MASS has no entry 999"),
        ("DECAY 12345 1.0\n", "no width parameter for PDG code 12345"),
    ],
)
def test_malformed_cards(text: str, fragment: str) -> None:
    with pytest.raises(CardError, match=fragment):
        parse_card(text)


def test_card_values_are_range_checked() -> None:
    with pytest.raises(CardError, match=r"<card>, line 2: parameter 'Mchi' = -1.0 is invalid"):
        parse_card("BLOCK MASS\n 52 -1.0\n")


def test_dependency_order_and_errors() -> None:
    x = External("x", 1.0, "1", "B", 1, "x")
    a = Internal("a", sp.Symbol("b", real=True) + 1, "1", "a")
    b = Internal("b", 2 * sp.Symbol("x", real=True), "1", "b")
    ps = ParameterSet([x], [a, b])
    assert [p.name for p in ps.internals] == ["b", "a"]
    assert ps.evaluate({"x": 3.0})["a"] == 7.0
    with pytest.raises(ModelError, match="depends on symbols not in the ParameterSet: y"):
        ParameterSet([x], [Internal("a", sp.Symbol("y"), "1", "a")])
    with pytest.raises(ModelError, match="dependency cycle"):
        ParameterSet(
            [x],
            [
                Internal("a", sp.Symbol("b", real=True), "1", "a"),
                Internal("b", sp.Symbol("a", real=True), "1", "b"),
            ],
        )
    with pytest.raises(ModelError, match="defined twice: x"):
        ParameterSet([x], [Internal("x", 1, "1", "x")])


def test_evaluate_remembers_the_last_eight_points() -> None:
    """ParameterSet.evaluate keeps the values of the last 8 points it computed (a default card and
    a card's point are one evaluation, a Takagi factorisation each) and no more: the ninth point
    back is computed again. Seen through a numeric block that counts its calls."""
    calls: list[float] = []

    def block(v):
        calls.append(v["x"])
        return {"y": 2 * v["x"]}

    x = External("x", 1.0, "1", "B", 1, "x")
    ps = ParameterSet([x], [], [NumericBlock("twice", ("x",), ("y",), block, "y = 2 x")])
    points = [float(k) for k in range(1, 10)]  # nine points
    for p in points:
        assert ps.evaluate({"x": p})["y"] == 2 * p
    assert calls == points
    for p in points[1:]:  # the last eight: served without computing
        assert ps.evaluate({"x": p})["y"] == 2 * p
    assert calls == points
    assert ps.evaluate({"x": points[0]})["y"] == 2 * points[0]  # the ninth back: computed again
    assert calls == [*points, points[0]]
    served = ps.evaluate({"x": points[0]})
    served["y"] = -1.0  # a caller's edit of the returned dict does not reach the memo
    assert ps.evaluate({"x": points[0]})["y"] == 2 * points[0]
    assert len(calls) == 10


def test_every_internal_is_finite_at_default() -> None:
    for name, value in load_values().items():
        assert math.isfinite(abs(value)), name


def test_default_sm_widths_are_the_standard_model_widths_of_the_card() -> None:
    # The default W, Z, top widths (PDG values) must be what the card's own electroweak inputs
    # give at lowest order (massless fermions, unitary CKM, first QCD correction; G_F at tree level
    # from alpha(MZ), MZ, MW): Gamma_W = G_F MW^3 / (6 sqrt2 pi) (3 + 6 (1 + a_s/pi)); Gamma_Z =
    # G_F MZ^3 / (6 sqrt2 pi) sum_f N_c (gV^2 + gA^2), gV = T3 - 2 Q sw^2, gA = T3 (no top);
    # Gamma_t = G_F mt^3 / (8 sqrt2 pi) (1 - x)^2 (1 + 2 x) (1 - 2 a_s/(3 pi) (2 pi^2/3 - 5/2)),
    # x = MW^2/mt^2. Measured ratios default / formula: W 0.962, Z 0.963, t 1.034 (the tree G_F
    # from alpha(MZ) is 3.3 % above the muon-decay value); 6 % covers them.
    v = load_values()
    alpha, a_s = 1 / v["aEWM1"], v["aS"]
    mw, mz, mt = v["MW"], v["MZ"], v["Mt"]
    sw2 = 1 - (mw / mz) ** 2
    gf = math.pi * alpha / (math.sqrt(2) * mw**2 * sw2)
    qcd = 1 + a_s / math.pi
    gamma_w = gf * mw**3 / (6 * math.sqrt(2) * math.pi) * (3 + 6 * qcd)
    fermions = [  # (T3, Q, N_c, QCD factor): nu, e-type, u-type (u, c), d-type (d, s, b)
        (0.5, 0.0, 1, 1.0, 3),
        (-0.5, -1.0, 1, 1.0, 3),
        (0.5, 2 / 3, 3, qcd, 2),
        (-0.5, -1 / 3, 3, qcd, 3),
    ]
    gamma_z = sum(
        n * nc * k * ((t3 - 2 * q * sw2) ** 2 + t3**2) for t3, q, nc, k, n in fermions
    ) * (gf * mz**3 / (6 * math.sqrt(2) * math.pi))
    x = mw**2 / mt**2
    gamma_t = (
        gf * mt**3 / (8 * math.sqrt(2) * math.pi) * (1 - x) ** 2 * (1 + 2 * x)
        * (1 - 2 * a_s / (3 * math.pi) * (2 * math.pi**2 / 3 - 5 / 2))
    )  # fmt: skip
    assert v["WW"] == pytest.approx(gamma_w, rel=0.06)
    assert v["WZ"] == pytest.approx(gamma_z, rel=0.06)
    assert v["WT"] == pytest.approx(gamma_t, rel=0.06)


def _random_externals(ps: ParameterSet, rng) -> dict[str, float]:
    values = {p.name: p.default for p in ps.externals}
    for p in ps.externals:
        if p.choices or rng.random() > 0.4:
            continue
        if p.lower is not None and p.upper is not None:
            values[p.name] = rng.uniform(p.lower, p.upper)
        elif p.lower is not None:
            values[p.name] = (p.default or 1.0) * 10 ** rng.uniform(-1, 1)
        else:
            values[p.name] = rng.uniform(-50, 50)
    return values


@pytest.mark.parametrize("gauge", ["broken", "unbroken"])
def test_the_plain_evaluator_is_numpys_bit_for_bit(gauge) -> None:
    """A card is evaluated without numpy (the same source on Python floats, ``sqrt`` a float
    that stands for numpy's float64): every internal parameter is the double numpy's
    evaluation gives, at random cards of both gauges. Planted: ``_sqrt`` as ``math.sqrt(x) *
    (1 + 2**-52)`` -> fails."""
    import random

    import numpy as np

    ps = parameter_set(gauge)
    assert ps._plain is not None
    rng = random.Random(16)
    compared = 0
    for _ in range(20):
        try:
            start = ps.validate_externals(_random_externals(ps, rng))
        except ParameterError:
            continue
        plain, reference = dict(start), dict(start)
        try:
            with np.errstate(all="raise"):
                ps._compiled(reference)
        except (ArithmeticError, ValueError):
            continue  # numpy refuses the card (MW > MZ, ...): the next test's business
        ps._plain(plain)
        assert {k: (type(v), repr(v)) for k, v in plain.items()} == {
            k: (type(v), repr(v)) for k, v in reference.items()
        }
        compared += 1
    assert compared >= 8


@pytest.mark.parametrize(
    ("setting", "reason"),
    [
        ({"Me": 1e-310}, "underflow encountered in scalar multiply"),  # sqrt(2) * Me, numpy's
        ({"Mchi": 1e-310}, "underflow encountered in scalar multiply"),
        ({"MW": 100.0}, "invalid value encountered in sqrt"),  # sw = sqrt(1 - cw^2), cw > 1
        ({"Ma": 1e200}, "Numerical result out of range"),  # Python's float power
    ],
)
def test_a_card_numpy_refuses_is_refused_with_numpys_words(setting, reason) -> None:
    """Where numpy's float64 under errstate(all="raise") refuses an operation the plain floats
    would let pass (an underflow) or words the error its own way, the evaluation is numpy's.
    Planted: ``_Float``'s check without its underflow conditions -> the Me card passes, fails."""
    from alpseesaw.model.card import make_point

    with pytest.raises(ParameterError) as info:
        make_point(parameter_set("broken"), setting)
    assert info.value.reason == reason
    assert info.value.name == next(iter(setting))
