"""The direct printers (printers/fast.py) print exactly what the SymPy printers print.

Every expression the CalcHEP, LanHEP and UFO generators print, for both ALP gauges and at a card that
switches every coupling on, is printed both ways; the fast walk must give the same text or hand
the expression to the SymPy printer (:class:`~alpseesaw.generators.printers.fast.Fallback`).
"""

from __future__ import annotations

import pytest
import sympy as sp

from alpseesaw.errors import GenerationError
from alpseesaw.generators import calchep, lanhep, ufo
from alpseesaw.generators.printers import fast
from alpseesaw.generators.printers.calchep import CalcHEPPrinter, calchep_code
from alpseesaw.generators.printers.lanhep import LanHEPPrinter, lanhep_code
from alpseesaw.generators.printers.ufo import UFOPrinter, ufo_code
from alpseesaw.model import build_model
from alpseesaw.model.card import make_point
from alpseesaw.model.checks import _random_externals

PRINTERS = {"calchep": CalcHEPPrinter, "lanhep": LanHEPPrinter}


def _printed(monkeypatch, gauge: str) -> dict[str, list[tuple]]:
    """Every (expr, names, allow_i) the two generators print, at a random all-couplings card."""
    calls: dict[str, list[tuple]] = {"calchep": [], "lanhep": [], "ufo": []}
    for name, log in calls.items():
        real = getattr(fast, name)

        def spy(expr, names, *allow_i, _real=real, _log=log):
            _log.append((expr, dict(names), *allow_i))
            return _real(expr, names, *allow_i)

        monkeypatch.setattr(fast, name, spy)
    ir = build_model(gauge)
    point = make_point(ir.parameter_set, _random_externals(ir.parameter_set, seed=7), gauge)
    calchep.model(ir, point)
    lanhep.generate(ir, point)
    ufo.generate(ir, point)
    monkeypatch.undo()
    return calls


@pytest.mark.parametrize("gauge", ["broken", "unbroken"])
def test_fast_printers_agree_with_the_sympy_printers(monkeypatch, gauge: str) -> None:
    calls = _printed(monkeypatch, gauge)
    for name, log in calls.items():
        assert len(log) > 500, f"{name}: too few expressions printed ({len(log)})"
        walked = 0
        for expr, names, *allow_i in log:
            try:
                got = getattr(fast, name)(expr, names, *allow_i)
            except fast.Fallback:
                continue
            walked += 1
            if name == "ufo":
                want = UFOPrinter(names).doprint(expr)
            else:
                want = PRINTERS[name](names, allow_i=allow_i[0]).doprint(expr)
            assert got == want, f"{name}: {expr!r}"
        assert walked > 0.95 * len(log), f"{name}: only {walked} of {len(log)} walked directly"


x, y = sp.symbols("x y", real=True)
CASES = [
    -x / 2 + 3 * y**2,
    x * y / (3 * sp.sqrt(2)),
    sp.sqrt(2) * x**-2 - sp.Rational(5, 7) * sp.I * y,
    sp.pi * x / y**3,
    sp.Rational(-1, 6),
    -sp.sqrt(x + y) / x,
    (x + y) * sp.I / 4,
    sp.Integer(0),
    2 ** sp.Rational(3, 2) * x ** sp.Rational(-3, 2),
    x**-3,
    1 / y,
    sp.sqrt(x),
    1 / sp.sqrt(x),
    y ** sp.Rational(-3, 2),
    # unevaluated products (a snapshot rebuilds trees without evaluation): SymPy prints them its
    # own way, which the fast walks must give too (or leave to the SymPy printer)
    sp.Mul(sp.S.One, x, y, evaluate=False),
    sp.Mul(sp.Integer(2), x, sp.Integer(3), evaluate=False),
    sp.Mul(x, sp.Pow(sp.Integer(2), sp.Integer(3), evaluate=False), evaluate=False),
    # a product inside a product (found by mutA: the UFO walk gave -3*2*X, SymPy -6*X)
    sp.Mul(sp.Integer(-3), sp.Mul(sp.Integer(2), x, evaluate=False), evaluate=False),
    sp.Mul(sp.Integer(2), sp.Mul(sp.Integer(3), x, y, evaluate=False), evaluate=False),
    sp.Mul(x, sp.Mul(sp.Integer(2), y, evaluate=False), evaluate=False),
    sp.Mul(
        sp.Integer(-2),
        sp.Mul(sp.Integer(2), x, evaluate=False),
        sp.Pow(sp.Integer(5), sp.Integer(-1), evaluate=False),
        evaluate=False,
    ),
    # a number after the first factor: SymPy writes -1*2, -1*1/3, -1*X*2 as they stand
    sp.Mul(sp.Integer(-1), sp.Integer(2), evaluate=False),
    sp.Mul(sp.Integer(-1), sp.Rational(1, 3), evaluate=False),
    sp.Mul(sp.Integer(-1), x, sp.Integer(2), evaluate=False),
]


@pytest.mark.parametrize("expr", CASES, ids=str)
def test_fast_ufo_printer_on_hand_cases(expr: sp.Expr) -> None:
    for e in (expr, sp.conjugate(x) * expr, (x + y) ** 2 * expr, expr / (x - y)):
        try:
            want = UFOPrinter({"x": "X"}).doprint(e)
        except GenerationError:
            with pytest.raises(GenerationError):
                ufo_code(e, {"x": "X"})
            continue
        assert ufo_code(e, {"x": "X"}) == want


@pytest.mark.parametrize("expr", CASES, ids=str)
@pytest.mark.parametrize("name", sorted(PRINTERS))
def test_fast_printers_on_hand_cases(name: str, expr: sp.Expr) -> None:
    code = {"calchep": calchep_code, "lanhep": lanhep_code}[name]
    for allow_i in (True, False):
        try:
            want = PRINTERS[name]({"x": "X"}, allow_i=allow_i).doprint(expr)
        except GenerationError:
            with pytest.raises(GenerationError):
                code(expr, {"x": "X"}, allow_i=allow_i)
            continue
        assert code(expr, {"x": "X"}, allow_i=allow_i) == want
