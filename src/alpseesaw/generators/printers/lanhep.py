"""SymPy printer for LanHEP expressions (``parameter`` values, ``lterm`` coefficients).

LanHEP's expression language (LanHEP 3.x manual, sec. "Parameters"): ``+ - * / **`` (``^`` is
LanHEP's *index* operator, never a power), parentheses, the C functions ``sqrt sin cos tan asin
acos atan exp log fabs``, the predefined ``Sqrt2`` and the imaginary unit ``i``. LanHEP has no
predefined ``pi``, so pi is written ``acos(-1)``. Rational numbers are written as integer
fractions ``p/q`` after a symbol (``x*2/3``), never as a lone ``p/q`` that the C code CalcHEP
generates from ``func1.mdl`` would evaluate in integer arithmetic, and never as a decimal, which
LanHEP rounds to six digits (``%g``). Floats are therefore refused, as is everything else the
language lacks: strict printing raises :class:`~alpseesaw.errors.GenerationError` instead of
emitting partial code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy as sp
from sympy.printing.precedence import PRECEDENCE

from alpseesaw.errors import GenerationError
from alpseesaw.generators.printers import fast
from alpseesaw.generators.printers.strict import StrictPrinter

if TYPE_CHECKING:
    from collections.abc import Mapping


class LanHEPPrinter(StrictPrinter):
    """Print a real SymPy expression in LanHEP syntax; ``names`` renames symbols.

    ``allow_i``: the imaginary unit may appear (``lterm`` coefficients); parameter values are real.
    """

    printmethod = "_lanhep"

    syntax = "LanHEP"
    real_context = "parameter expression"

    # -- sums and products ----------------------------------------------------------------------
    def _print_Add(self, expr: sp.Add, order: str | None = None) -> str:  # noqa: ARG002 - SymPy signature
        return fast.signed_sum(self._print(term) for term in expr.args)

    def _print_Mul(self, expr: sp.Mul) -> str:
        """``-c*f1*f2/(q*d1*d2)``: a rational ``p/q`` is split so that its numerator leads the
        product and its denominator joins the other denominators (no lone integer fraction)."""
        coeff, rest = expr.as_coeff_Mul()
        if not coeff.is_Rational:
            msg = f"LanHEP printer: non-rational number {coeff} in {expr} (LanHEP rounds decimals to 6 digits)"
            raise GenerationError(msg)
        num: list[str] = []
        den: list[str] = []
        for f in sp.Mul.make_args(rest):
            if isinstance(f, sp.Pow) and f.exp.is_Rational and f.exp.is_negative:
                den.append(
                    self._factor(sp.Pow(f.base, -f.exp)) if f.exp != -1 else self._factor(f.base)
                )
            else:
                num.append(self._factor(f))
        return fast.rational_product(coeff, num, den)

    def _factor(self, f: sp.Expr) -> str:
        text = self._print(f)
        return f"({text})" if isinstance(f, sp.Add) or text.startswith("-") else text

    # -- atoms ----------------------------------------------------------------------------------
    def _print_Integer(self, expr: sp.Integer) -> str:
        return str(int(expr))

    def _print_Rational(self, expr: sp.Rational) -> str:
        if expr.q == 1:
            return str(expr.p)
        if self.allow_i:  # an lterm coefficient: LanHEP's own exact rational arithmetic
            return f"{expr.p}/{expr.q}"
        # LanHEP copies parameter expressions verbatim into func1.mdl, whose C code would divide
        # the integers (1/3 == 0), and a decimal would be rounded to 6 digits
        msg = f"LanHEP printer: lone fraction {expr} in a parameter expression"
        raise GenerationError(msg)

    def _print_Float(self, expr: sp.Float) -> str:
        msg = f"LanHEP printer: decimal number {expr} (LanHEP rounds decimals to 6 digits; use a rational)"
        raise GenerationError(msg)

    def _print_Pi(self, expr: sp.Expr) -> str:  # noqa: ARG002 - SymPy signature
        return "acos(-1)"

    def _print_Pow(self, expr: sp.Pow, rational: bool = False) -> str:  # noqa: ARG002 - SymPy signature
        base, exp = expr.args
        if exp == sp.Rational(1, 2):
            return "Sqrt2" if base == 2 else f"sqrt({self._print(base)})"
        if exp.is_Integer and exp < 0:
            inv = base if exp == -1 else sp.Pow(base, -exp, evaluate=False)
            return f"1/{self.parenthesize(inv, PRECEDENCE['Mul'] + 1)}"
        if exp.is_Rational and exp.q == 2:
            root = "Sqrt2" if base == 2 else f"sqrt({self._print(base)})"
            return self._print_Pow(sp.Pow(sp.Symbol(root), exp.p, evaluate=False))
        if exp.is_Integer:
            return f"{self.parenthesize(base, PRECEDENCE['Pow'])}**{int(exp)}"
        raise self.cannot_print("power", expr)


def lanhep_code(
    expr: sp.Expr, names: Mapping[str, str] | None = None, *, allow_i: bool = False
) -> str:
    """``expr`` in LanHEP syntax (``names`` renames symbols; ``allow_i`` admits ``i``): the
    direct walk of :mod:`.fast` where it applies, else :class:`LanHEPPrinter` (same text)."""
    return fast.printed(fast.lanhep, LanHEPPrinter.code, expr, names, allow_i)
