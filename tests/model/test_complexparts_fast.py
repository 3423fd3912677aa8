"""The split's direct products and sums (complexparts.times/add) are SymPy's, tree for tree.

Every coupling the CalcHEP and LanHEP forms split (both ALP gauges) is split twice: with the
direct constructions and with SymPy's own arithmetic (``a * p``, ``Add(*terms)``, ``Mul(*f)``);
the real and imaginary parts must be the same trees (same nodes, same argument order: SymPy's
``==`` compares argument tuples), and so must every declared product part.
"""

from __future__ import annotations

import pytest
import sympy as sp

from alpseesaw.model import build_model, complexparts, forms
from alpseesaw.model.complexparts import ComplexProducts


def _split_values(monkeypatch, gauge: str) -> list[tuple[sp.Expr, dict]]:
    seen: list[tuple[sp.Expr, dict]] = []
    real = ComplexProducts.split

    def spy(self, value):
        seen.append((value, dict(self.complex_names)))
        return real(self, value)

    monkeypatch.setattr(ComplexProducts, "split", spy)
    ir = build_model(gauge)
    forms.calchep_forms(ir)  # computed here, not read from the snapshot
    forms.lanhep_forms(ir)
    monkeypatch.undo()
    return seen


def _run(values: list[tuple[sp.Expr, dict]]) -> list[tuple]:
    """(re, im, declared parts) of each value; SymPy's ``==`` compares the argument tuples, so
    equal results are the same trees with the same argument order."""
    out: list[tuple] = []
    for value, names in values:
        declared: list[sp.Expr] = []

        def declare(e, n, _log=declared):
            _log.append(e)
            return sp.Symbol(n, real=True)

        re, im = ComplexProducts(names, declare).split(value)
        out.append((re, im, tuple(declared)))
    return out


@pytest.mark.parametrize("gauge", ["broken", "unbroken"])
def test_direct_split_builds_sympys_trees(monkeypatch, gauge: str) -> None:
    values = _split_values(monkeypatch, gauge)
    assert len(values) > 500
    fast = _run(values)
    with monkeypatch.context() as m:
        m.setattr(complexparts, "times", lambda a, p, negate=False: -(a * p) if negate else a * p)
        m.setattr(complexparts, "add", lambda terms: sp.Add(*terms))
        m.setattr(complexparts, "_product", lambda f: sp.Mul(*f))
        reference = _run(values)
    for (value, _), got, want in zip(values, fast, reference, strict=True):
        assert got == want, f"split of {value}"


def test_direct_sum_collects_and_cancels_like_sympy() -> None:
    x, y, vr, vi = sp.symbols("x y VNr11 VNi11", real=True)
    vn = sp.Symbol("VN11")
    names = {"VN11": ("VNr11", "VNi11")}
    value = x * vn + x * sp.conjugate(vn) + 3 * sp.I * y * vn - sp.Rational(1, 2) + 2 * y
    re, im = ComplexProducts(names, lambda e, _n: e).split(value)
    assert re == 2 * x * vr - 3 * y * vi - sp.Rational(1, 2) + 2 * y
    assert im == 3 * y * vr
    assert sp.srepr(re) == sp.srepr(sp.Add(2 * x * vr, -3 * y * vi, -sp.Rational(1, 2), 2 * y))
