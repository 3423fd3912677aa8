"""Every parameter of the model for many points at once, as numpy arrays.

:meth:`ParameterSet.evaluate` turns one card into values (about 30 ms, most of it the 40-digit
Takagi factorisation of the neutrino block). A scan must not pay that per point:
:func:`evaluate_batch` validates the externals of N points in one pass, evaluates the internal
parameters as vectorised numpy code generated once per parameter set, and calls each numeric block
once per *distinct* set of its inputs (a dark-sector scan with fixed neutrino inputs factorises
the neutrino mass matrix once). Values equal those of :meth:`ParameterSet.evaluate` point by point.

:func:`compile_expressions` compiles any list of parameter expressions (vertex couplings, masses)
into one vectorised function of such a batch.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
import sympy as sp
from sympy.printing.numpy import NumPyPrinter

from alpseesaw.errors import ParameterError

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from alpseesaw.model.parameters import External, ParameterSet

Batch = dict[str, np.ndarray]

_PRELUDE = "from numpy import sqrt, conjugate, pi, exp, cos, sin, arctan, real, imag, log, abs, arcsin, arccos, tan\n"


class _Printer(NumPyPrinter):
    def __init__(self) -> None:
        super().__init__(
            {"fully_qualified_modules": False, "inline": True, "allow_unknown_functions": False}
        )

    def _print_conjugate(self, expr: sp.Expr) -> str:
        return f"conjugate({self._print(expr.args[0])})"


def _code(expr: sp.Expr) -> str:
    """NumPy source of ``expr`` with parameter symbols read from the dict ``v``."""
    subs = {s: sp.Symbol(f"v[{s.name!r}]") for s in expr.free_symbols}
    return _Printer().doprint(expr.xreplace(subs))


def _validate(ext: External, values: np.ndarray) -> np.ndarray:
    """Vectorised :meth:`External.validate`; the error names the first offending point."""
    values = np.asarray(values, dtype=float)
    ok = np.isfinite(values)
    if ext.choices:
        ok &= np.isin(values, ext.choices)
    if ext.lower is not None:
        ok &= values > ext.lower if ext.lower_open else values >= ext.lower
    if ext.upper is not None:
        ok &= values < ext.upper if ext.upper_open else values <= ext.upper
    if not ok.all():
        bad = int(np.argmin(ok))
        try:
            ext.validate(float(values[bad]))
        except ParameterError as exc:
            raise ParameterError(
                ext.name, float(values[bad]), exc.allowed, f"point {bad}"
            ) from None
    return values


@lru_cache(maxsize=8)
def _internals_function(
    params: ParameterSet,
) -> Callable[[dict[str, np.ndarray], list[Callable[..., None]]], None]:
    lines = ["def _evaluate(v, _blocks):"]
    index = {f"<block {b.name}>": i for i, b in enumerate(params.numeric_blocks)}
    internals = {p.name: p for p in params.internals}
    for name in params.evaluation_order:
        if name in index:
            lines.append(f"    _blocks[{index[name]}](v)")
        elif name in internals:
            p = internals[name]
            cast = "complex" if p.is_complex else "float"
            lines.append(f"    v[{name!r}] = _as(({_code(p.expr)}), {cast})")
    source = _PRELUDE + "\n".join(lines) + "\n"
    namespace: dict[str, object] = {"_as": _as}
    exec(compile(source, "<alpseesaw batch parameters>", "exec"), namespace)  # noqa: S102 - generated from the model's own expressions
    return namespace["_evaluate"]  # type: ignore[return-value]


def _as(x: object, kind: type) -> np.ndarray:
    arr = np.asarray(x)
    return arr.astype(complex) if kind is complex else np.real_if_close(arr).astype(float)


def evaluate_batch(
    params: ParameterSet,
    externals: Mapping[str, Sequence[float] | np.ndarray | float],
    n: int | None = None,
) -> Batch:
    """All parameters at N points: ``{name: array (N,)}``.

    ``externals`` maps card names to arrays (or scalars, broadcast); missing externals take their
    defaults. Raises :class:`ParameterError` (naming the point) for an unknown name or a value out
    of range, like :meth:`ParameterSet.evaluate`.
    """
    sizes = {np.size(v) for v in externals.values() if np.ndim(v) > 0}
    if n is None:
        n = max(sizes) if sizes else 1
    if sizes - {n, 1}:
        msg = f"inconsistent batch sizes {sorted(sizes)}"
        raise ValueError(msg)
    v: Batch = {}
    for ext in params.externals:
        raw = externals.get(ext.name, ext.default)
        v[ext.name] = np.broadcast_to(_validate(ext, np.asarray(raw, dtype=float)), (n,)).copy()
    unknown = set(externals) - set(v)
    if unknown:
        params.external(min(unknown))  # raises ParameterError with a hint
    blocks = [_block_caller(b) for b in params.numeric_blocks]
    with np.errstate(all="raise", under="ignore"):  # an underflow to 0 is a fine value
        try:
            _internals_function(params)(v, blocks)
        except FloatingPointError as exc:
            _blame_a_point(params, v, n)
            raise ParameterError(
                "card", "batch", "points where every internal parameter is finite", str(exc)
            ) from exc
    for name, arr in v.items():
        if np.ndim(arr) == 0:
            v[name] = np.full(n, arr[()])
    for c in params.constraints:
        lhs = compile_expressions((c.lhs,))(v)[0]
        rhs = compile_expressions((c.rhs,))(v)[0]
        ok = np.real(lhs) > np.real(rhs)
        if not np.all(ok):
            bad = int(np.argmin(ok))
            raise ParameterError(
                c.blame,
                float(v[c.blame][bad]),
                f"{c.lhs} > {c.rhs} = {np.real(rhs[bad]):.6g}",
                f"{c.description} (point {bad})",
            )
    return v


def _blame_a_point(params: ParameterSet, v: Batch, n: int) -> None:
    """Raise the one-card error (naming the external parameter, its value and what is allowed) of
    the first point whose internal parameters are not finite; return if no single point fails."""
    from alpseesaw.model.card import make_point

    for i in range(n):
        try:
            make_point(params, {e.name: float(v[e.name][i]) for e in params.externals})
        except ParameterError as exc:
            raise ParameterError(
                exc.name, exc.value, exc.allowed, f"point {i}: {exc.reason}"
            ) from None


def _block_caller(block) -> Callable[[Batch], None]:
    """Calls ``block.function`` once per distinct input tuple and scatters the outputs."""

    def call(v: Batch) -> None:
        inputs = np.stack([np.asarray(v[k], dtype=float) for k in block.inputs], axis=1)
        uniq, inverse = np.unique(inputs, axis=0, return_inverse=True)
        inverse = np.asarray(inverse).reshape(-1)
        results = [_cached_block(block, tuple(row)) for row in uniq]
        for name in block.outputs:
            cplx = name in block.complex_outputs
            col = np.array([r[name] for r in results], dtype=complex if cplx else float)
            v[name] = col[inverse]

    return call


_BLOCK_CACHE: dict[tuple, Mapping[str, complex | float]] = {}


def _cached_block(block, row: tuple[float, ...]) -> Mapping[str, complex | float]:
    key = (block.name, id(block.function), row)
    hit = _BLOCK_CACHE.get(key)
    if hit is None:
        if len(_BLOCK_CACHE) > 4096:
            _BLOCK_CACHE.clear()
        hit = _BLOCK_CACHE[key] = block.function(dict(zip(block.inputs, row, strict=True)))
    return hit


def compile_expressions(
    exprs: Sequence[sp.Expr],
) -> Callable[[Mapping[str, np.ndarray]], list[np.ndarray]]:
    """One vectorised function returning the values of ``exprs`` on a batch (complex arrays)."""
    return _compile(tuple(sp.sympify(e) for e in exprs))


@lru_cache(maxsize=64)
def _compile(exprs: tuple[sp.Expr, ...]) -> Callable[[Mapping[str, np.ndarray]], list[np.ndarray]]:
    body = ",\n        ".join(f"({_code(e)}) + 0j" for e in exprs)
    source = _PRELUDE + f"def _f(v):\n    return [\n        {body}\n    ]\n"
    namespace: dict[str, object] = {}
    exec(compile(source, "<alpseesaw batch expressions>", "exec"), namespace)  # noqa: S102 - generated from the model's own expressions
    return namespace["_f"]  # type: ignore[return-value]
