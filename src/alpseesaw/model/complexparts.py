"""Couplings with complex parameters, written with real parameters (CalcHEP and LanHEP need it).

A coupling of the IR is a sum of ``a_t x z_t``: ``a_t`` a product of real parameters, numbers and
``I``; ``z_t`` a product of complex parameters (the 7x7 mixing ``VN``) or their conjugates. Each
distinct product ``z`` gets its real and imaginary parts as real parameters ``CPr<n>``,
``CPi<n>``, built factor by factor (``Re(z w) = Re z Re w - Im z Im w``, ...); the coupling's real
and imaginary parts are then *linear* in them. Inlining the products instead makes CalcHEP's
symbolic squared amplitudes explode (measured: cc1 at 5.5 GB).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy as sp
from sympy.core.basic import _args_sortkey

from alpseesaw.errors import GenerationError

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

Factors = tuple[tuple[str, bool], ...]  # (complex parameter, conjugated) in a canonical order


def terms(value: sp.Expr) -> list[sp.Expr]:
    """The additive terms of a coupling, distributing only products that hold a sum."""
    out: list[sp.Expr] = []
    for t in sp.Add.make_args(value):
        if isinstance(t, sp.Mul) and any(isinstance(f, sp.Add) for f in t.args):
            out.extend(sp.Add.make_args(sp.expand_mul(t)))
        else:
            out.append(t)
    return out


def _is_real_factor(f: sp.Expr, _known: dict[sp.Expr, bool] = {}) -> bool:  # noqa: B006
    """``f`` holds no ``I`` and only real symbols (remembered: couplings share their factors)."""
    if f not in _known:
        _known[f] = not f.has(sp.I) and all(x.is_real for x in f.free_symbols)
    return _known[f]


def real_imag(factors: list[sp.Expr]) -> tuple[sp.Expr, sp.Expr]:
    """Real and imaginary parts of a product of real parameters, real numbers and ``I``."""
    n_i = sum(1 for f in factors if f is sp.I)
    rest = [f for f in factors if f is not sp.I]
    for f in rest:
        if not _is_real_factor(f):
            msg = f"cannot split the factor {f} of a coupling into real and imaginary parts"
            raise GenerationError(msg)
    # ``rest`` is what is left of a canonical product: still canonical, nothing to evaluate
    # (a power of I is I, -1 or -I: SymPy's product holds at most one I)
    product = _product(rest)
    if n_i // 2 % 2:
        product = -product
    return (product, sp.Integer(0)) if n_i % 2 == 0 else (sp.Integer(0), product)


# -- SymPy's canonical forms, built directly --------------------------------------------------------
# The split multiplies real products by one parameter symbol and sums the results. Calling SymPy
# for that (Mul.flatten, Add.flatten) re-examines every factor of every term; here the result is
# put together from what is known: the factors are already canonical and the symbol is new to
# the product, so ``a * p`` is ``a`` with ``p`` inserted in SymPy's argument order, and a sum
# collects equal terms and sorts them as Add.flatten does. Anything outside these cases goes to
# SymPy. tests/generators/test_complexparts_fast.py compares both on every coupling.


def _product(factors: list[sp.Expr]) -> sp.Expr:
    """``Mul(*factors)`` for factors taken, in order, from one canonical product."""
    if not factors:
        return sp.S.One
    if len(factors) == 1:
        return factors[0]
    return sp.Mul._from_args(factors)


def _clash(f: sp.Expr, name: str) -> bool:
    """Whether ``f`` is a sum, or a power of (or is) a symbol named ``name``: SymPy must do it."""
    base = f.base if type(f) is sp.Pow else f
    return f.is_Add or getattr(base, "name", None) == name


def times(a: sp.Expr, p: sp.Expr, negate: bool = False) -> sp.Expr:
    """``a * p`` (``-(a * p)`` with ``negate``) as SymPy forms it, for a product ``a`` of real
    parameters and numbers and ``p`` a parameter symbol not in ``a``, ``-symbol`` or 0."""
    if p is sp.S.Zero:
        return sp.S.Zero
    if type(p) is sp.Mul and len(p.args) == 2 and p.args[0] is sp.S.NegativeOne:
        p, negate = p.args[1], not negate
    args = list(a.args) if type(a) is sp.Mul else [a]
    if type(p) is not sp.Symbol or any(_clash(f, p.name) for f in args):
        return -(a * p) if negate else a * p
    coeff = args.pop(0) if args[0].is_Number else sp.S.One
    if negate:
        coeff = -coeff
    if coeff == 0:
        return sp.S.Zero
    key = _args_sortkey(p)
    at = next((k for k, f in enumerate(args) if key < _args_sortkey(f)), len(args))
    args.insert(at, p)
    if coeff is not sp.S.One:
        args.insert(0, coeff)
    return _product(args)


def add(terms: list[sp.Expr]) -> sp.Expr:
    """``Add(*terms)`` as SymPy forms it, for terms that are numbers, symbols, powers of symbols
    or products of them (like terms collected, zeros dropped, canonical order)."""
    number = sp.S.Zero
    collected: dict[sp.Expr, sp.Expr] = {}
    for t in terms:
        if t.is_Number:
            number += t
            continue
        cls = type(t)
        if cls is sp.Mul:
            args = t.args
            if args[0].is_Number:
                c, rest = args[0], (args[1] if len(args) == 2 else sp.Mul._from_args(args[1:]))
            else:
                c, rest = sp.S.One, t
        elif cls is sp.Symbol or (cls is sp.Pow and type(t.base) is sp.Symbol):
            c, rest = sp.S.One, t
        else:
            return sp.Add(*terms)
        collected[rest] = collected[rest] + c if rest in collected else c
    out: list[sp.Expr] = []
    for rest, c in collected.items():
        if c == 0:
            continue
        if c is sp.S.One:
            out.append(rest)
        elif type(rest) is sp.Mul:
            out.append(sp.Mul._from_args((c, *rest.args)))
        else:
            out.append(sp.Mul._from_args((c, rest)))
    out.sort(key=_args_sortkey)
    if number != 0:
        out.insert(0, number)
    if not out:
        return sp.S.Zero
    return out[0] if len(out) == 1 else sp.Add._from_args(out)


def complex_factor(
    f: sp.Expr, complex_names: Mapping[str, tuple[str, str]]
) -> list[tuple[str, bool]] | None:
    """``[(name, conjugated), ...]`` if ``f`` is a complex parameter, its conjugate or a power."""
    cls = type(f)
    if cls is sp.Symbol:  # the common cases first, without building anything
        return [(f.name, False)] if f.name in complex_names else None
    if cls is sp.conjugate:
        sym = f.args[0]
        ok = isinstance(sym, sp.Symbol) and sym.name in complex_names
        return [(sym.name, True)] if ok else None
    base, exp = (f.base, f.exp) if isinstance(f, sp.Pow) else (f, sp.Integer(1))
    conj = isinstance(base, sp.conjugate)
    sym = base.args[0] if conj else base
    if not isinstance(sym, sp.Symbol) or sym.name not in complex_names:
        return None
    if not (exp.is_Integer and exp > 0):
        msg = f"complex parameter {sym} appears with exponent {exp}"
        raise GenerationError(msg)
    return [(sym.name, conj)] * int(exp)


class ComplexProducts:
    """Real and imaginary parts of products of complex parameters, declared once each.

    ``complex_names`` maps a complex parameter to the target names of its real and imaginary
    parts; ``declare(expr, name)`` declares a real parameter ``name = expr`` in the target and
    returns the expression to use for it (normally a real symbol).
    """

    def __init__(
        self,
        complex_names: Mapping[str, tuple[str, str]],
        declare: Callable[[sp.Expr, str], sp.Expr],
    ) -> None:
        self.complex_names = complex_names
        self.declare = declare
        self._parts: dict[Factors, tuple[sp.Expr, sp.Expr]] = {}
        self._count = 0

    def parts(self, factors: Factors) -> tuple[sp.Expr, sp.Expr]:
        if factors in self._parts:
            return self._parts[factors]
        name, conj = factors[-1]
        r, i = (sp.Symbol(x, real=True) for x in self.complex_names[name])
        last = (r, -i if conj else i)
        if len(factors) == 1:
            result = last
        else:
            head_re, head_im = self.parts(factors[:-1])
            self._count += 1
            # the head's parts are 0 or +-symbols (declared), so these are already expanded
            result = (
                self.declare(
                    add([times(head_re, last[0]), times(head_im, last[1], negate=True)]),
                    f"CPr{self._count}",
                ),
                self.declare(
                    add([times(head_re, last[1]), times(head_im, last[0])]), f"CPi{self._count}"
                ),
            )
        self._parts[factors] = result
        return result

    def split(self, value: sp.Expr) -> tuple[sp.Expr, sp.Expr]:
        """Real and imaginary parts of a coupling, linear in the products' parts."""
        re_terms: list[sp.Expr] = []
        im_terms: list[sp.Expr] = []
        for t in terms(value):
            factors: list[tuple[str, bool]] = []
            rest: list[sp.Expr] = []
            for f in sp.Mul.make_args(t):
                got = complex_factor(f, self.complex_names)
                if got is None:
                    rest.append(f)
                else:
                    factors.extend(got)
            a_re, a_im = real_imag(rest)  # one of them is 0
            if factors:
                p_re, p_im = self.parts(tuple(sorted(factors)))
                if a_im == 0:  # (a) (p_re + i p_im)
                    re_terms.append(times(a_re, p_re))
                    im_terms.append(times(a_re, p_im))
                else:  # (i a) (p_re + i p_im)
                    re_terms.append(times(a_im, p_im, negate=True))
                    im_terms.append(times(a_im, p_re))
            else:
                re_terms.append(a_re)
                im_terms.append(a_im)
        return add(re_terms), add(im_terms)
