"""The SymPy -> UFO printer: UFO vocabulary only, exact numbers, strict on anything else."""

from __future__ import annotations

import cmath

import pytest
import sympy as sp

from alpseesaw.errors import GenerationError
from alpseesaw.generators.printers.ufo import ufo_code

x, y = sp.symbols("x y", real=True)
z = sp.Symbol("VN14")


@pytest.mark.parametrize(
    ("expr", "text"),
    [
        (-sp.I * x / 3, "-complex(0,1)*x/3"),
        (sp.sqrt(2) * sp.I * x, "complex(0,1)*x*cmath.sqrt(2)"),
        (sp.conjugate(z) * x, "x*complexconjugate(VN14)"),
        (sp.pi * x, "cmath.pi*x"),
        (x ** sp.Rational(3, 2), "cmath.sqrt(x)**3"),
        (1 / sp.sqrt(x + y), "1/cmath.sqrt(x + y)"),
        (x**2 / y**3, "x**2/y**3"),
        (sp.Rational(-1, 2), "-1/2"),
    ],
)
def test_ufo_spelling(expr, text) -> None:
    assert ufo_code(expr) == text


def test_printed_code_evaluates_to_the_same_number() -> None:
    # the printed string, evaluated as Python with cmath, equals SymPy's value (1e-14 relative)
    expr = sp.I * sp.sqrt(2) * x * sp.conjugate(z) / (3 * sp.pi * y**2) + x ** sp.Rational(-3, 2)
    vals = {"x": 1.7, "y": 0.3, "VN14": 0.2 - 0.4j}
    ns = {
        "cmath": cmath,
        "complex": complex,
        "complexconjugate": lambda w: complex(w).conjugate(),
    } | vals
    got = eval(ufo_code(expr), ns)
    want = complex(expr.xreplace({x: 1.7, y: 0.3, z: 0.2 - 0.4j}))
    assert got == pytest.approx(want, rel=1e-14)


@pytest.mark.parametrize(
    "expr",
    [sp.Float(1.5) * x, sp.Piecewise((x, x > 0), (y, True)), sp.gamma(x), x ** sp.Rational(1, 3)],
)
def test_unsupported_expressions_raise(expr) -> None:
    with pytest.raises(GenerationError, match="UFO printer"):
        ufo_code(expr)
