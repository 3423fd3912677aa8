"""SymPy printer for UFO expressions (parameter values, couplings, partial widths).

UFO files are Python, but their expressions are also read by non-Python consumers (MadGraph turns
them into Fortran/C++, ufo-model-loader parses them with Symbolica), so only the usual UFO
vocabulary is emitted: ``+ - * / **``, integers, ``complex(0,1)``, ``cmath.pi``, ``cmath.sqrt``
(and the other ``cmath`` functions), ``complexconjugate``, ``re``, ``im``, ``abs``. Rational numbers
are written as integer fractions (``2/3``: Python 3 true division; no float literals, which
ufo-model-loader flags). Half-integer powers become ``cmath.sqrt``. Anything else raises
:class:`~alpseesaw.errors.GenerationError` (strict printing: no partial code).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy as sp
from sympy.printing.precedence import PRECEDENCE
from sympy.printing.pycode import PythonCodePrinter
from sympy.printing.str import StrPrinter

from alpseesaw.errors import GenerationError
from alpseesaw.generators.printers import fast

if TYPE_CHECKING:
    from collections.abc import Mapping

#: SymPy function name -> UFO spelling.
_FUNCTIONS = {
    "sin": "cmath.sin", "cos": "cmath.cos", "tan": "cmath.tan", "asin": "cmath.asin",
    "acos": "cmath.acos", "atan": "cmath.atan", "exp": "cmath.exp", "log": "cmath.log",
    "conjugate": "complexconjugate", "re": "re", "im": "im", "Abs": "abs",
}  # fmt: skip


_ALLOWED_NODES = (
    sp.Add,
    sp.Mul,
    sp.Pow,
    sp.Symbol,
    sp.Rational,
    sp.Float,
    sp.core.numbers.ImaginaryUnit,
    sp.core.numbers.Pi,
    sp.core.numbers.Exp1,
)


class UFOPrinter(PythonCodePrinter):
    """Print a SymPy expression in UFO syntax; ``names`` renames symbols (default: their name)."""

    printmethod = "_ufocode"

    def __init__(self, names: Mapping[str, str] | None = None) -> None:
        super().__init__({"fully_qualified_modules": True, "strict": True, "order": "none"})
        self.names = dict(names or {})

    # -- atoms --------------------------------------------------------------------------------
    def _print_Symbol(self, expr: sp.Symbol) -> str:
        return self.names.get(expr.name, expr.name)

    def _print_Integer(self, expr: sp.Integer) -> str:
        return str(int(expr))

    def _print_Rational(self, expr: sp.Rational) -> str:
        return f"{int(expr.p)}/{int(expr.q)}"

    def _print_Half(self, _expr: sp.Rational) -> str:
        return "1/2"

    def _print_Float(self, expr: sp.Float) -> str:
        msg = f"UFO printer: float {expr} in an expression (write exact numbers)"
        raise GenerationError(msg)

    def _print_ImaginaryUnit(self, _expr: sp.Expr) -> str:
        return "complex(0,1)"

    def _print_Pi(self, _expr: sp.Expr) -> str:
        return "cmath.pi"

    def _print_Exp1(self, _expr: sp.Expr) -> str:
        return "cmath.e"

    # -- operations ---------------------------------------------------------------------------
    #: ``a*b/3`` rather than the code printer's ``(1/3)*a*b``
    _print_Mul = StrPrinter._print_Mul

    def _print_Pow(self, expr: sp.Pow, rational: bool = False) -> str:  # noqa: ARG002 - SymPy's signature
        base, exp = expr.args
        if exp.is_Rational and exp.q == 2:
            root = f"cmath.sqrt({self._print(base)})"
            if exp.p == 1:
                return root
            if exp.p == -1:
                return f"1/{root}"
            return f"{root}**{int(exp.p)}" if exp.p > 0 else f"1/{root}**{int(-exp.p)}"
        if exp.is_Integer:
            b = self.parenthesize(base, PRECEDENCE["Pow"], strict=False)
            if exp == -1:
                return f"1/{b}"
            if exp < 0:
                return f"1/{b}**{int(-exp)}"
            return f"{b}**{int(exp)}"
        msg = (
            f"UFO printer: cannot print the power {expr} (only integer and half-integer exponents)"
        )
        raise GenerationError(msg)

    def _print_Function(self, expr: sp.Function) -> str:
        name = type(expr).__name__
        if name not in _FUNCTIONS:
            msg = f"UFO printer: no UFO spelling for the function {name!r} (in {expr})"
            raise GenerationError(msg)
        return f"{_FUNCTIONS[name]}({', '.join(self._print(a) for a in expr.args)})"

    _print_conjugate = _print_Function
    _print_re = _print_Function
    _print_im = _print_Function
    _print_Abs = _print_Function
    _print_exp = _print_Function
    _print_log = _print_Function
    _print_sin = _print_Function
    _print_cos = _print_Function
    _print_tan = _print_Function
    _print_asin = _print_Function
    _print_acos = _print_Function
    _print_atan = _print_Function

    def doprint(self, expr: object, assign_to: object = None) -> str:
        """Print ``expr`` after checking that every node has a UFO spelling."""
        expr = sp.sympify(expr)
        for node in sp.preorder_traversal(expr):
            if isinstance(node, _ALLOWED_NODES):
                continue
            if isinstance(node, sp.Function) and type(node).__name__ in _FUNCTIONS:
                continue
            msg = f"UFO printer: unsupported expression {node!r} (in {expr})"
            raise GenerationError(msg)
        return super().doprint(expr, assign_to)

    def _print_not_supported(self, expr: object) -> str:
        msg = f"UFO printer: unsupported expression {expr!r}"
        raise GenerationError(msg)

    def emptyPrinter(self, expr: object) -> str:
        msg = f"UFO printer: unsupported expression {expr!r}"
        raise GenerationError(msg)


def ufo_code(expr: sp.Expr | float, names: Mapping[str, str] | None = None) -> str:
    """``expr`` in UFO syntax (see :class:`UFOPrinter`): the direct walk of :mod:`.fast` where it
    applies, else the printer (same text)."""
    try:
        return fast.ufo(expr, names or {})
    except fast.Fallback:
        return UFOPrinter(names).doprint(sp.sympify(expr))


__all__ = ["UFOPrinter", "ufo_code"]
