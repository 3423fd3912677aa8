"""SymPy printer for CalcHEP model-file expressions (``func1.mdl``, vertex factors).

CalcHEP's expression language: ``+ - * / ^``, parentheses, the functions ``sqrt sin cos tan asin
acos atan exp log fabs`` ..., the predefined names ``pi``, ``Sqrt2``, ``i`` and ``GG`` (the running
strong coupling). Numbers are doubles; non-integer rationals are printed as 17-digit decimals so
that no integer division can occur in the C code CalcHEP generates. Anything else raises
:class:`~alpseesaw.errors.GenerationError` (strict printing: no partial code).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy as sp
from sympy.printing.precedence import PRECEDENCE

from alpseesaw.generators.printers import fast
from alpseesaw.generators.printers.strict import StrictPrinter

if TYPE_CHECKING:
    from collections.abc import Mapping


class CalcHEPPrinter(StrictPrinter):
    """Print a real SymPy expression in CalcHEP syntax; ``names`` renames symbols."""

    printmethod = "_calchep"

    syntax = "CalcHEP"
    real_context = "expression"

    def _print_Add(self, expr: sp.Add, order: str | None = None) -> str:  # noqa: ARG002 (sympy signature)
        return fast.signed_sum(self._print(term) for term in expr.args)

    def _print_Mul(self, expr: sp.Mul) -> str:
        """``coeff*num/den`` with every factor parenthesised as needed (fast path)."""
        coeff, rest = expr.as_coeff_Mul()
        num: list[str] = []
        den: list[str] = []
        for f in sp.Mul.make_args(rest):
            if isinstance(f, sp.Pow) and f.exp.is_Rational and f.exp.is_negative:
                inv = sp.Pow(f.base, -f.exp) if f.exp != -1 else f.base
                den.append(self._factor(inv))
            else:
                num.append(self._factor(f))
        sign = ""
        if coeff.is_negative:
            sign, coeff = "-", -coeff
        if coeff != 1:
            if coeff.is_Integer or coeff.is_Float:
                num.insert(0, self._print(coeff))
            else:  # a rational p/q: p in the numerator, q in the denominator
                p_, q_ = sp.fraction(coeff)
                if p_ != 1:
                    num.insert(0, str(int(p_)))
                den.insert(0, str(int(q_)))
        text = "*".join(num) if num else "1"
        if den:
            text += "/" + (den[0] if len(den) == 1 else "(" + "*".join(den) + ")")
        return sign + text

    def _factor(self, f: sp.Expr) -> str:
        text = self._print(f)
        return f"({text})" if isinstance(f, sp.Add) else text

    def _print_Integer(self, expr: sp.Integer) -> str:
        return str(int(expr))

    def _print_Rational(self, expr: sp.Rational) -> str:
        return repr(float(expr))

    def _print_Float(self, expr: sp.Float) -> str:
        return repr(float(expr))

    def _print_Pi(self, _expr: sp.Expr) -> str:
        return "pi"

    def _print_Pow(self, expr: sp.Pow, rational: bool = False) -> str:  # noqa: ARG002 (sympy signature)
        base, exp = expr.args
        if exp == sp.Rational(1, 2):
            return "Sqrt2" if base == 2 else f"sqrt({self._print(base)})"
        if exp == -sp.Rational(1, 2):
            return "(1/Sqrt2)" if base == 2 else f"(1/sqrt({self._print(base)}))"
        if exp.is_Integer and exp < 0:
            return (
                f"(1/{self._print(sp.Pow(base, -exp, evaluate=False))})"
                if exp != -1
                else f"(1/{self.parenthesize(base, PRECEDENCE['Pow'])})"
            )
        if exp.is_Integer:
            return f"{self.parenthesize(base, PRECEDENCE['Pow'])}^{int(exp)}"
        if exp.is_Rational:
            return f"{self.parenthesize(base, PRECEDENCE['Pow'])}^({self._print(exp)})"
        raise self.cannot_print("power", expr)


def calchep_code(
    expr: sp.Expr, names: Mapping[str, str] | None = None, *, allow_i: bool = False
) -> str:
    """``expr`` in CalcHEP syntax (``names`` renames symbols; ``allow_i`` admits ``i``): the
    direct walk of :mod:`.fast` where it applies, else :class:`CalcHEPPrinter` (same text)."""
    return fast.printed(fast.calchep, CalcHEPPrinter.code, expr, names, allow_i)
