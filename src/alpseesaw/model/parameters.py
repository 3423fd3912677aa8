"""Parameters: external ones (from the card) and internal ones (expressions), in dependency order.

Three kinds of parameter exist:

* :class:`External` -- set by the user through a card or ``--set``; it has a default, a unit, an
  allowed range and an SLHA block/index.
* :class:`Internal` -- a SymPy expression of other parameters (e.g. ``sw = sqrt(1 - MW**2/MZ**2)``).
* :class:`NumericBlock` -- several outputs computed by a numerical routine from inputs (the 7x7
  neutrino mass matrix diagonalised by Takagi factorisation: masses and mixing matrix).

:class:`ParameterSet` orders all of them topologically (the one order every generator uses), and
evaluates them for a set of external values.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass, field
from functools import cached_property
from graphlib import CycleError, TopologicalSorter
from typing import TYPE_CHECKING

import sympy as sp
from sympy.printing.numpy import NumPyPrinter

from alpseesaw.errors import ModelError, ParameterError

if TYPE_CHECKING:
    import random
    from collections.abc import Callable, Iterable, Mapping

Value = float | complex


@dataclass(frozen=True)
class External:
    """An external (card) parameter.

    ``lower``/``upper`` bound the allowed range (``None`` = unbounded); ``lower_open``/``upper_open``
    say whether the bound itself is excluded. ``choices`` restricts the value to a finite set.
    """

    name: str
    default: float
    unit: str
    block: str
    index: int
    description: str
    lower: float | None = None
    upper: float | None = None
    lower_open: bool = False
    upper_open: bool = False
    choices: tuple[float, ...] = ()
    texname: str = ""

    @property
    def symbol(self) -> sp.Symbol:
        return sp.Symbol(self.name, real=True)

    @property
    def allowed(self) -> str:
        """Human-readable allowed range, e.g. ``'0 < Mchi'`` or ``'-1 <= sth <= 1'``."""
        if self.choices:
            return f"{self.name} in {{{', '.join(_fmt(c) for c in self.choices)}}}"
        parts = []
        if self.lower is not None:
            parts.append(f"{_fmt(self.lower)} {'<' if self.lower_open else '<='} ")
        parts.append(self.name)
        if self.upper is not None:
            parts.append(f" {'<' if self.upper_open else '<='} {_fmt(self.upper)}")
        text = "".join(parts)
        return text if text != self.name else f"{self.name} any real number"

    def validate(self, value: float) -> float:
        """Return ``value`` as a float, or raise :class:`ParameterError` naming the allowed range."""
        if not math.isfinite(value):
            raise ParameterError(self.name, value, self.allowed, "not a finite number")
        if self.choices and value not in self.choices:
            raise ParameterError(self.name, value, self.allowed)
        if self.lower is not None and (
            value < self.lower or (self.lower_open and value == self.lower)
        ):
            raise ParameterError(self.name, value, self.allowed + _unit(self.unit))
        if self.upper is not None and (
            value > self.upper or (self.upper_open and value == self.upper)
        ):
            raise ParameterError(self.name, value, self.allowed + _unit(self.unit))
        return float(value)


@dataclass(frozen=True)
class Internal:
    """An internal parameter: ``name = expr`` in terms of other parameters."""

    name: str
    expr: sp.Expr
    unit: str
    description: str
    is_complex: bool = False
    texname: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "expr", sp.sympify(self.expr))

    @property
    def symbol(self) -> sp.Symbol:
        return sp.Symbol(self.name) if self.is_complex else sp.Symbol(self.name, real=True)

    @property
    def dependencies(self) -> frozenset[str]:
        return frozenset(s.name for s in self.expr.free_symbols)


@dataclass(frozen=True)
class NumericBlock:
    """Outputs computed by a numerical routine (no closed form), e.g. a Takagi diagonalisation.

    ``function(inputs) -> outputs`` maps input names to values and must return every name of
    ``outputs``. ``complex_outputs`` lists the outputs that are complex-valued.
    """

    name: str
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    function: Callable[[Mapping[str, Value]], Mapping[str, Value]]
    description: str
    units: Mapping[str, str] = field(default_factory=dict)
    complex_outputs: frozenset[str] = frozenset()

    def symbol(self, name: str) -> sp.Symbol:
        return sp.Symbol(name) if name in self.complex_outputs else sp.Symbol(name, real=True)


@dataclass(frozen=True)
class Constraint:
    """A condition between parameters, checked after evaluation (e.g. ``fa > v``).

    ``blame`` is the external parameter named in the error; ``lhs > rhs`` must hold.
    """

    blame: str
    lhs: sp.Expr
    rhs: sp.Expr
    description: str


def _fmt(x: float) -> str:
    return f"{x:g}"


def _unit(unit: str) -> str:
    return f" [{unit}]" if unit not in ("", "1") else ""


def _at(expr: sp.Expr, values: Mapping[str, Value]) -> complex:
    """The value of a constraint's side: a parameter's own value, else SymPy's substitution."""
    if isinstance(expr, sp.Symbol):
        return complex(values[expr.name])
    return complex(expr.subs({s: values[s.name] for s in expr.free_symbols}))


#: The first line of every evaluator source: the functions its expressions use.
_NUMPY_IMPORT = "from numpy import sqrt, conjugate, pi, exp, cos, sin, arctan, real, imag, log"
#: The smallest positive normal double: a smaller nonzero result is an underflow.
_TINY = sys.float_info.min


class _Unusual(Exception):
    """An operation of the plain evaluator whose numpy twin could raise (overflow, underflow,
    invalid, division by zero) or differ: numpy evaluates the point instead."""


class _Float(float):
    """A float standing for numpy's float64 scalar, the result of ``numpy.sqrt``: arithmetic on
    it gives the same IEEE double as numpy's (``+ - * /`` are correctly rounded in both), and
    every result that numpy's ``errstate(all="raise")`` could refuse -- not finite, a nonzero
    result below the normal range, zero from nonzero operands -- raises :class:`_Unusual`
    instead (a power too: numpy's scalar ``**`` is not Python's)."""

    __slots__ = ()

    @staticmethod
    def _checked(result: float, *operands: float, product: bool = False) -> _Float:
        if (
            not math.isfinite(result)
            or (result != 0.0 and abs(result) < _TINY)
            or (result == 0.0 and product and all(x != 0.0 for x in operands))
        ):
            raise _Unusual
        return _Float(result)

    def __add__(self, other: object) -> _Float:
        if not isinstance(other, int | float):
            return NotImplemented
        return self._checked(float(self) + other)

    __radd__ = __add__

    def __sub__(self, other: object) -> _Float:
        if not isinstance(other, int | float):
            return NotImplemented
        return self._checked(float(self) - other)

    def __rsub__(self, other: object) -> _Float:
        if not isinstance(other, int | float):
            return NotImplemented
        return self._checked(other - float(self))

    def __mul__(self, other: object) -> _Float:
        if not isinstance(other, int | float):
            return NotImplemented
        return self._checked(float(self) * other, float(self), other, product=True)

    __rmul__ = __mul__

    def __truediv__(self, other: object) -> _Float:
        if not isinstance(other, int | float):
            return NotImplemented
        return self._checked(float(self) / other, float(self), product=True)

    def __rtruediv__(self, other: object) -> _Float:
        if not isinstance(other, int | float):
            return NotImplemented
        return self._checked(other / float(self), other, product=True)

    def __neg__(self) -> _Float:
        return _Float(-float(self))

    def __pow__(self, other: object, mod: object = None) -> _Float:
        raise _Unusual

    def __rpow__(self, other: object, mod: object = None) -> _Float:
        raise _Unusual


def _sqrt(x: object) -> _Float:
    """``numpy.sqrt`` of a real number on Python floats: the same correctly rounded root (a
    negative or non-finite argument: :class:`_Unusual`)."""
    if isinstance(x, _Float | int | float) and x >= 0 and math.isfinite(x):
        return _Float(math.sqrt(x))
    raise _Unusual


class _EvalPrinter(NumPyPrinter):
    """NumPy printer for the evaluation of internal parameters (complex-safe via numpy)."""

    def __init__(self) -> None:
        super().__init__(
            {"fully_qualified_modules": False, "inline": True, "allow_unknown_functions": False}
        )


class ParameterSet:
    """All parameters of a model, in one dependency order.

    Parameters
    ----------
    externals, internals, numeric_blocks
        The three kinds of parameters; names must be unique across all of them.
    constraints
        Conditions checked after every evaluation.
    shipped
        Returns the evaluator source shipped for these parameters (the IR snapshot's, whose key
        covers the expressions and this printer), or ``None``: then it is printed
        (:meth:`evaluator_source`).
    """

    def __init__(
        self,
        externals: Iterable[External],
        internals: Iterable[Internal],
        numeric_blocks: Iterable[NumericBlock] = (),
        constraints: Iterable[Constraint] = (),
        shipped: Callable[[], str | None] | None = None,
    ) -> None:
        self.externals: tuple[External, ...] = tuple(externals)
        self._internals = {p.name: p for p in internals}
        self.numeric_blocks: tuple[NumericBlock, ...] = tuple(numeric_blocks)
        self.constraints: tuple[Constraint, ...] = tuple(constraints)
        names = [p.name for p in self.externals] + list(self._internals)
        names += [o for b in self.numeric_blocks for o in b.outputs]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            msg = f"parameter names defined twice: {', '.join(dupes)}"
            raise ModelError(msg)
        self._external_by_name = {p.name: p for p in self.externals}
        self._order = self._dependency_order()
        #: the last few points evaluated (external values -> every value): the IR's defaults
        #: and a card's point are the same evaluation on a default card (a Takagi
        #: factorisation each)
        self._evaluated: dict[tuple[tuple[str, str], ...], dict[str, Value]] = {}
        self._shipped = shipped

    # -- structure -------------------------------------------------------------------------------
    @property
    def internals(self) -> tuple[Internal, ...]:
        """Internal parameters in dependency order."""
        return tuple(self._internals[n] for n in self._order if n in self._internals)

    def external(self, name: str) -> External:
        try:
            return self._external_by_name[name]
        except KeyError:
            raise ParameterError(
                name, None, self._unknown_hint(name), "unknown parameter"
            ) from None

    def names(self) -> tuple[str, ...]:
        """All parameter names: externals first, then internals and numeric outputs in order."""
        return tuple(p.name for p in self.externals) + self._order

    def symbol(self, name: str) -> sp.Symbol:
        """The SymPy symbol of a parameter (real unless the parameter is complex)."""
        if name in self._external_by_name:
            return self._external_by_name[name].symbol
        if name in self._internals:
            return self._internals[name].symbol
        for block in self.numeric_blocks:
            if name in block.outputs:
                return block.symbol(name)
        msg = f"no parameter named {name!r}"
        raise ModelError(msg)

    def is_complex(self, name: str) -> bool:
        if name in self._internals:
            return self._internals[name].is_complex
        return any(name in b.complex_outputs for b in self.numeric_blocks)

    def _unknown_hint(self, name: str) -> str:
        import difflib

        close = difflib.get_close_matches(name, [p.name for p in self.externals], n=3)
        hint = f"did you mean {', '.join(close)}? " if close else ""
        return hint + "external parameters are listed by `alpseesaw model show`"

    def _dependency_order(self) -> tuple[str, ...]:
        """Topological order of internal parameters and numeric-block outputs."""
        graph: dict[str, set[str]] = {}
        known = set(self._external_by_name)
        producers: dict[str, str] = {}
        for block in self.numeric_blocks:
            node = f"<block {block.name}>"
            graph[node] = set(block.inputs)
            for out in block.outputs:
                producers[out] = node
                graph[out] = {node}
        for p in self._internals.values():
            graph[p.name] = set(p.dependencies)
        defined = known | set(graph)
        for node, deps in graph.items():
            missing = deps - defined
            if missing:
                msg = (
                    f"internal parameter {node} depends on symbols not in the ParameterSet: "
                    f"{', '.join(sorted(missing))}"
                )
                raise ModelError(msg)
        try:
            order = tuple(TopologicalSorter(graph).static_order())
        except CycleError as exc:
            msg = f"dependency cycle among internal parameters: {exc.args[1]}"
            raise ModelError(msg) from exc
        return tuple(n for n in order if n not in known)

    @property
    def evaluation_order(self) -> tuple[str, ...]:
        """Internal parameters and numeric blocks (as ``'<block NAME>'``) in evaluation order."""
        return self._order

    # -- evaluation ------------------------------------------------------------------------------
    def validate_externals(self, values: Mapping[str, float]) -> dict[str, float]:
        """Check names and ranges; return a complete external dict (defaults filled in)."""
        out = {p.name: p.default for p in self.externals}
        for name, value in values.items():
            out[name] = self.external(name).validate(value)
        return out

    def evaluator_source(self) -> str:
        """The Python source of the evaluation of every internal parameter and numeric block in
        dependency order (``def _evaluate(v): ...``, numpy functions on the values ``v``),
        printed from the internal parameters' SymPy expressions."""
        printer = _EvalPrinter()
        lines = ["def _evaluate(v):"]
        lines.append(f"    {_NUMPY_IMPORT}")
        block_index = {f"<block {b.name}>": i for i, b in enumerate(self.numeric_blocks)}
        for name in self._order:
            if name in block_index:
                lines.append(f"    v.update(_blocks[{block_index[name]}](v))")
            elif name in self._internals:
                p = self._internals[name]
                code = printer.doprint(
                    p.expr.subs({s: sp.Symbol(f"v['{s.name}']") for s in p.expr.free_symbols})
                )
                cast = "complex" if p.is_complex else "float"
                lines.append(f"    v[{name!r}] = {cast}({code})")
        lines.append("    return None")
        return "\n".join(lines) + "\n"

    @cached_property
    def _source(self) -> str:
        """:meth:`evaluator_source`, or the source shipped for this parameter set (``shipped``:
        the IR snapshot's copy when its key matches the model's source, no SymPy printing)."""
        text = self._shipped() if self._shipped is not None else None
        return text if text is not None else self.evaluator_source()

    @cached_property
    def _compiled(self) -> Callable[[dict[str, Value]], None]:
        namespace: dict[str, object] = {
            "_blocks": [self._block_caller(b) for b in self.numeric_blocks]
        }
        exec(compile(self._source, "<alpseesaw parameters>", "exec"), namespace)  # noqa: S102 - generated from the model's own expressions
        return namespace["_evaluate"]  # type: ignore[return-value]

    @cached_property
    def _plain(self) -> Callable[[dict[str, Value]], None] | None:
        """The same source run on Python floats, without numpy (``None`` if it needs more
        than ``sqrt`` and ``pi``, or a parameter is complex): :func:`_sqrt` returns a float
        that raises :class:`_Unusual` where numpy's float64 under ``errstate(all="raise")``
        could raise or differ (see :class:`_Float`); every other operation is Python's, as in
        the numpy source, whose values are Python floats but for the results of ``sqrt``."""
        body = self._source.replace(f"    {_NUMPY_IMPORT}\n", "", 1)
        if body == self._source or any(p.is_complex for p in self._internals.values()):
            return None
        code = compile(body, "<alpseesaw parameters, plain>", "exec")
        function_code = next(c for c in code.co_consts if hasattr(c, "co_names"))
        if set(function_code.co_names) - {"_blocks", "update", "sqrt", "pi", "float"}:
            return None
        namespace: dict[str, object] = {
            "_blocks": [self._block_caller(b) for b in self.numeric_blocks],
            "sqrt": _sqrt,
            "pi": math.pi,
        }
        exec(code, namespace)  # noqa: S102 - generated from the model's own expressions
        return namespace["_evaluate"]  # type: ignore[return-value]

    @staticmethod
    def _block_caller(block: NumericBlock) -> Callable[[Mapping[str, Value]], Mapping[str, Value]]:
        def call(values: Mapping[str, Value]) -> Mapping[str, Value]:
            result = block.function({k: values[k] for k in block.inputs})
            missing = set(block.outputs) - set(result)
            if missing:
                msg = f"numeric block {block.name} did not return {sorted(missing)}"
                raise ModelError(msg)
            return {k: result[k] for k in block.outputs}

        return call

    def evaluate(self, externals: Mapping[str, float] | None = None) -> dict[str, Value]:
        """All parameter values for the given external values (defaults for the rest).

        Raises :class:`ParameterError` for an unknown name, a value outside its range or a
        violated constraint.
        """
        values: dict[str, Value] = dict(self.validate_externals(externals or {}))
        key = tuple((k, repr(v)) for k, v in values.items())  # repr: -0.0 is not 0.0
        if key in self._evaluated:
            return dict(self._evaluated[key])
        plain = self._plain
        done = False
        if plain is not None:
            trial = dict(values)
            try:
                plain(trial)
                done = True
            except (_Unusual, ArithmeticError, ValueError):
                pass  # numpy's evaluation below decides (and words the error)
            if done:
                values = trial
        if not done:
            import numpy as np

            with np.errstate(all="raise"):
                try:
                    self._compiled(values)
                except FloatingPointError as exc:  # pragma: no cover - ranges should prevent this
                    raise ParameterError(
                        "card",
                        dict(externals or {}),
                        "a point where every internal parameter is finite",
                        str(exc),
                    ) from exc
        for c in self.constraints:
            lhs, rhs = _at(c.lhs, values), _at(c.rhs, values)
            if not lhs.real > rhs.real:
                raise ParameterError(
                    c.blame, values[c.blame], f"{c.lhs} > {c.rhs} = {rhs.real:.6g}", c.description
                )
        if len(self._evaluated) >= 8:
            del self._evaluated[next(iter(self._evaluated))]
        self._evaluated[key] = dict(values)
        return values


def shared_random_draw(p: External, rng: random.Random, sth: float) -> float | None:
    """The draws every random card of the checks and campaigns shares: one of ``p.choices``, the
    scalar mixing ``sth`` uniform in ``(-sth, sth)``, the lepton-number-breaking ``muR*`` at the
    ``1e-6`` level, the Majorana phase ``phiN`` in ``(0.1, 6)``; ``None`` for every other
    parameter (the caller's own rule). One ``rng`` call per drawn value, so a seed gives the
    same card as before this function existed."""
    if p.choices:
        return rng.choice(p.choices)
    if p.name == "sth":
        return rng.uniform(-sth, sth)
    if p.name.startswith("muR"):
        return rng.uniform(-1, 1) * 1e-6
    if p.name == "phiN":
        return rng.uniform(0.1, 6.0)
    return None
