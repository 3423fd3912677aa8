"""Direct printing of the common expressions: the CalcHEP, LanHEP and UFO printers, without SymPy.

The SymPy printers (:mod:`.calchep`, :mod:`.lanhep`) dispatch every node through the printer
machinery and rebuild sub-expressions (``as_coeff_Mul``, ``Pow(base, -exp)``, ``fraction``) just
to print them: about 40 % of a CalCHEP generation. The functions here walk the same tree once and
only read it, for the nodes couplings and parameters are made of (sums, products, integer and
rational numbers, symbols, powers of symbols, ``sqrt(2)``, ``pi``, ``i``). Anything else, or a
case that would need SymPy to evaluate (a power of a number other than ``sqrt(2)``), raises
:class:`Fallback`, and the caller prints the whole expression with the SymPy printer, which also
owns every error message. ``tests/generators/test_fast_printers.py`` compares both on every
expression the generators print, for both gauges.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy as sp

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

_SYMBOL, _ADD, _MUL, _POW = sp.Symbol, sp.Add, sp.Mul, sp.Pow


def _is_two(b: sp.Expr) -> bool:
    return b.is_Integer and b.p == 2


def signed_sum(terms: Iterable[str]) -> str:
    """Printed terms joined as ``a + b - c``: a term's leading ``-`` becomes the operator
    (CalcHEP's and LanHEP's sums, printed left to right)."""
    out = ""
    for k, text in enumerate(terms):
        if k == 0:
            out = text
        elif text.startswith("-"):
            out += " - " + text[1:]
        else:
            out += " + " + text
    return out


def quotient(num: list[str], den: list[str]) -> str:
    """``n1*n2/d`` or ``n1*n2/(d1*d2)`` (``1`` for an empty numerator)."""
    text = "*".join(num or ["1"])
    if den:
        text += "/" + (den[0] if len(den) == 1 else "(" + "*".join(den) + ")")
    return text


def rational_product(coeff: sp.Rational, num: list[str], den: list[str]) -> str:
    """``-p*num/(q*den)``: a rational coefficient ``p/q`` split so that its numerator leads the
    product and its denominator joins the other denominators (CalcHEP and LanHEP)."""
    p, q = int(coeff.p), int(coeff.q)
    sign = "-" if p < 0 else ""
    if abs(p) != 1:
        num.insert(0, str(abs(p)))
    if q != 1:
        den.insert(0, str(q))
    return sign + quotient(num, den)


def _coeff_rest(e: sp.Expr) -> tuple[sp.Expr, tuple[sp.Expr, ...]]:
    """A canonical product's leading number (1 if none) and its other factors."""
    args = e.args
    return (args[0], args[1:]) if args[0].is_Number else (sp.S.One, args)


class Fallback(Exception):
    """The expression needs the SymPy printer."""


def _atom(
    e: sp.Expr, names: Mapping[str, str], allow_i: bool, rational: Callable, pi: str
) -> str | None:
    """Text of a symbol or number in both syntaxes, ``None`` for a compound node."""
    cls = type(e)
    if cls is _SYMBOL:
        return names.get(e.name, e.name)
    if e.is_Integer:
        return str(int(e))
    if e.is_Rational:
        return rational(e)
    if e is sp.I:
        if not allow_i:
            raise Fallback
        return "i"
    if e is sp.pi:
        return pi
    if cls in (_ADD, _MUL, _POW):
        return None
    raise Fallback


# -- CalcHEP and LanHEP -----------------------------------------------------------------------------


class _Infix:
    """The walk CalcHEP and LanHEP share: signed sums, products as a rational coefficient times
    numerator factors over denominator factors, powers; the subclasses say how a number, a
    power and a factor are written. Each distinct node is printed once per expression."""

    pi = "pi"

    def __init__(self, names: Mapping[str, str], allow_i: bool) -> None:
        self.names = names
        self.allow_i = allow_i
        self._memo: dict[int, str] = {}

    def rational(self, e: sp.Rational) -> str:
        raise NotImplementedError

    def power_pq(self, b: sp.Expr, p: int, q: int) -> str:
        """``b**(p/q)``."""
        raise NotImplementedError

    def factor(self, f: sp.Expr) -> str:
        """A factor of a product's numerator."""
        raise NotImplementedError

    def inverse(self, f: sp.Expr, b: sp.Symbol, p: int, q: int) -> str:
        """A factor of a product's denominator: ``f = b**(p/q)``, ``p < 0``."""
        raise NotImplementedError

    def pr(self, e: sp.Expr) -> str:
        key = id(e)
        text = self._memo.get(key)
        if text is None:
            text = self._memo[key] = self._pr(e)
        return text

    def _pr(self, e: sp.Expr) -> str:
        text = _atom(e, self.names, self.allow_i, self.rational, self.pi)
        if text is not None:
            return text
        cls = type(e)
        if cls is _ADD:
            return signed_sum(self.pr(term) for term in e.args)
        if cls is _MUL:
            return self.mul(e)
        x = e.exp
        if not x.is_Rational:
            raise Fallback
        return self.power_pq(e.base, int(x.p), int(x.q))

    def mul(self, e: sp.Expr) -> str:
        coeff, rest = _coeff_rest(e)
        if not coeff.is_Rational:
            raise Fallback  # a float coefficient: the SymPy printer
        num: list[str] = []
        den: list[str] = []
        for f in rest:
            cls = type(f)
            if cls is _MUL:
                raise Fallback
            if cls is _POW and f.exp.is_Rational and f.exp.p < 0:
                b, x = f.args
                if type(b) is not _SYMBOL:  # Pow(number, -x) would evaluate
                    raise Fallback
                den.append(self.inverse(f, b, int(x.p), int(x.q)))
            else:
                num.append(self.factor(f))
        return rational_product(coeff, num, den)


class _CalcHEP(_Infix):
    def rational(self, e: sp.Rational) -> str:
        return repr(float(e))

    def factor(self, f: sp.Expr) -> str:
        text = self.pr(f)
        return f"({text})" if type(f) is _ADD else text

    def base_text(self, b: sp.Expr) -> str:
        if type(b) is not _SYMBOL:  # a compound base would need precedence rules
            raise Fallback
        return self.names.get(b.name, b.name)

    def power_pq(self, b: sp.Expr, p: int, q: int) -> str:
        if q == 2 and p in (1, -1):
            r = "Sqrt2" if _is_two(b) else f"sqrt({self.pr(b)})"
            return r if p == 1 else f"(1/{r})"
        if q != 1:
            raise Fallback
        if p < 0:
            return f"(1/{self.base_text(b)}^{-p})" if p != -1 else f"(1/{self.base_text(b)})"
        return f"{self.base_text(b)}^{p}"

    def inverse(self, f: sp.Expr, b: sp.Symbol, p: int, q: int) -> str:  # noqa: ARG002
        return self.base_text(b) if p == -1 and q == 1 else self.power_pq(b, -p, q)


class _LanHEP(_Infix):
    pi = "acos(-1)"

    def rational(self, e: sp.Rational) -> str:
        if e.q == 1:
            return str(e.p)
        if self.allow_i:
            return f"{e.p}/{e.q}"
        raise Fallback  # the SymPy printer raises the error

    @staticmethod
    def parenthesised(f: sp.Expr, text: str) -> str:
        return f"({text})" if type(f) is _ADD or text.startswith("-") else text

    def factor(self, f: sp.Expr) -> str:
        return self.parenthesised(f, self.pr(f))

    def root(self, b: sp.Expr) -> str:
        return "Sqrt2" if _is_two(b) else f"sqrt({self.pr(b)})"

    def power_pq(self, b: sp.Expr, p: int, q: int) -> str:
        if type(b) is not _SYMBOL and not (_is_two(b) and q == 2):
            raise Fallback  # compound bases need precedence rules; other numbers evaluate
        if q == 2 and p == 1:
            return self.root(b)
        if q == 1 and p < 0:
            return "1/" + (self.pr(b) if p == -1 else f"{self.pr(b)}**{-p}")
        if q == 2:
            r = self.root(b)
            r = self.names.get(r, r)  # the SymPy printer prints the root as a symbol
            if p < 0:
                return "1/" + (r if p == -1 else f"{r}**{-p}")
            return f"{r}**{p}"
        if q == 1:
            return f"{self.pr(b)}**{p}"
        raise Fallback

    def inverse(self, f: sp.Expr, b: sp.Symbol, p: int, q: int) -> str:
        if p == -1 and q == 1:
            return self.parenthesised(b, self.pr(b))
        return self.parenthesised(f, self.power_pq(b, -p, q))


def calchep(expr: object, names: Mapping[str, str], allow_i: bool) -> str:
    """What :class:`.calchep.CalcHEPPrinter` prints for ``expr`` (or :class:`Fallback`)."""
    if not isinstance(expr, sp.Basic):
        raise Fallback
    return _CalcHEP(names, allow_i).pr(expr)


def lanhep(expr: object, names: Mapping[str, str], allow_i: bool) -> str:
    """What :class:`.lanhep.LanHEPPrinter` prints for ``expr`` (or :class:`Fallback`)."""
    if not isinstance(expr, sp.Basic):
        raise Fallback
    return _LanHEP(names, allow_i).pr(expr)


def printed(
    walk: Callable[[object, Mapping[str, str], bool], str],
    fallback: Callable[..., str],
    expr: object,
    names: Mapping[str, str] | None,
    allow_i: bool,
) -> str:
    """``walk`` (:func:`calchep`, :func:`lanhep`) where it applies, else ``fallback`` (the SymPy
    printer's ``code``, which prints the same text)."""
    try:
        return walk(expr, names or {}, allow_i)
    except Fallback:
        return fallback(expr, names, allow_i=allow_i)


# -- UFO ------------------------------------------------------------------------------------------

#: what :class:`.ufo.UFOPrinter` writes for the functions it knows (``re`` is left to it: SymPy's
#: code printer rewrites ``re`` nodes before printing)
_UFO_FUNCTIONS = {
    "sin": "cmath.sin", "cos": "cmath.cos", "tan": "cmath.tan", "asin": "cmath.asin",
    "acos": "cmath.acos", "atan": "cmath.atan", "exp": "cmath.exp", "log": "cmath.log",
    "conjugate": "complexconjugate", "im": "im", "Abs": "abs",
}  # fmt: skip
_ADD_PREC, _MUL_PREC, _POW_PREC, _FUNC_PREC, _ATOM_PREC = 40, 50, 60, 70, 1000


def ufo(expr: object, names: Mapping[str, str]) -> str:
    """What :class:`.ufo.UFOPrinter` prints for ``expr`` (SymPy's ``StrPrinter._print_Mul`` and
    ``_print_Add`` on canonical trees, the UFO atoms and powers), or :class:`Fallback`."""
    if not isinstance(expr, sp.Basic):
        raise Fallback

    def prec(e: sp.Expr) -> int:
        cls = type(e)
        if cls is _SYMBOL or e is sp.I or e is sp.pi or e is sp.E:
            return _ATOM_PREC
        if cls is _ADD:
            return _ADD_PREC
        if cls is _MUL:
            c = e.args[0]
            return _ADD_PREC if c.is_Rational and c.p < 0 else _MUL_PREC
        if cls is _POW:
            return _POW_PREC
        if e.is_Integer:
            return _ADD_PREC if e.p < 0 else _ATOM_PREC
        if e.is_Rational:
            return _ADD_PREC if e.p < 0 else _MUL_PREC
        if cls.__name__ in _UFO_FUNCTIONS:
            return _FUNC_PREC
        raise Fallback

    def paren(e: sp.Expr, level: int) -> str:
        return f"({pr(e)})" if prec(e) <= level else pr(e)

    memo: dict[int, str] = {}

    def pr(e: sp.Expr) -> str:  # each distinct node once: the widths share their subtrees
        key = id(e)
        text = memo.get(key)
        if text is None:
            text = memo[key] = node(e)
        return text

    def node(e: sp.Expr) -> str:
        cls = type(e)
        if cls is _SYMBOL:
            return names.get(e.name, e.name)
        if cls is _ADD:
            return add(e)
        if cls is _MUL:
            return mul(e)
        if cls is _POW:
            return power(e.base, e.exp)
        if e.is_Integer:
            return str(int(e))
        if e.is_Rational:
            return f"{int(e.p)}/{int(e.q)}"
        if e is sp.I:
            return "complex(0,1)"
        if e is sp.pi:
            return "cmath.pi"
        if e is sp.E:
            return "cmath.e"
        name = cls.__name__
        if name in _UFO_FUNCTIONS and isinstance(e, sp.Function):
            return f"{_UFO_FUNCTIONS[name]}({', '.join(pr(a) for a in e.args)})"
        raise Fallback

    def add(e: sp.Expr) -> str:
        parts: list[str] = []
        for term in e.args:
            if type(term) is _ADD:
                raise Fallback
            t = pr(term)
            if t.startswith("-"):
                parts += ["-", t[1:]]
            else:
                parts += ["+", t]
        sign = parts.pop(0)
        return ("" if sign == "+" else sign) + " ".join(parts)

    def power(b: sp.Expr, x: sp.Expr) -> str:
        if not x.is_Rational:
            raise Fallback
        p, q = int(x.p), int(x.q)
        if q == 2:
            root = f"cmath.sqrt({pr(b)})"
            if p == 1:
                return root
            if p == -1:
                return f"1/{root}"
            return f"{root}**{p}" if p > 0 else f"1/{root}**{-p}"
        if q != 1:
            raise Fallback
        base = paren(b, _POW_PREC)
        if p == -1:
            return f"1/{base}"
        return f"1/{base}**{-p}" if p < 0 else f"{base}**{p}"

    def mul(e: sp.Expr) -> str:
        args = e.args
        if args[0] is sp.S.One or any(
            a.is_Number
            or type(a) is _MUL
            or (type(a) is _POW and a.base.is_Integer and a.exp.is_Integer)
            for a in args[1:]
        ):
            raise Fallback  # an unevaluated product (one inside it too): SymPy prints it its way
        level = prec(e)
        coeff = args[0] if args[0].is_Rational else None
        if args[0].is_Number and coeff is None:
            raise Fallback  # a float coefficient
        rest = args[1:] if coeff is not None else args
        sign = ""
        num: list[str] = []
        den: list[str] = []
        if coeff is not None:
            p, q = int(coeff.p), int(coeff.q)
            if p < 0:
                sign, p = "-", -p
            if p != 1:
                num.append(str(p))
            if q != 1:
                den.append(str(q))
        for f in rest:
            if type(f) is _POW and f.exp.is_Rational and f.exp.p < 0:
                b, x = f.args
                if type(b) in (_MUL, _POW) or b.is_Number:
                    raise Fallback  # SymPy's special parentheses and number bases
                p, q = int(x.p), int(x.q)
                if p == -1 and q == 1:
                    den.append(paren(b, level))
                else:  # Pow(b, -x): precedence 60, never parenthesised in a product
                    den.append(power(b, sp.Rational(-p, q)))
            else:
                num.append(paren(f, level))
        # the numerator's leading factors follow SymPy: the integer |p| before the others
        return sign + quotient(num, den)

    return pr(expr)
