"""What the C-like syntaxes of CalcHEP and LanHEP share: renamed symbols, the imaginary unit only
where allowed, a fixed set of C functions (``Abs`` as ``fabs``), and nothing else (strict
printing: anything the syntax lacks raises instead of emitting partial code)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import sympy as sp
from sympy.printing.str import StrPrinter

from alpseesaw.errors import GenerationError

if TYPE_CHECKING:
    from collections.abc import Mapping


class StrictPrinter(StrPrinter):
    """The shared part of :class:`.calchep.CalcHEPPrinter` and :class:`.lanhep.LanHEPPrinter`.

    ``names`` renames symbols; ``allow_i``: the imaginary unit may appear (vertex factors,
    ``lterm`` coefficients), else it is an error (real parameter expressions).
    """

    #: The tool's name, for messages.
    syntax: ClassVar[str] = ""
    #: What a real expression of the tool is called, for messages.
    real_context: ClassVar[str] = "expression"
    #: SymPy functions the tool has under the same name.
    functions: ClassVar[frozenset[str]] = frozenset(
        {"sin", "cos", "tan", "asin", "acos", "atan", "exp", "log"}
    )

    def __init__(self, names: Mapping[str, str] | None = None, *, allow_i: bool = False) -> None:
        super().__init__({"order": "none"})
        self.names = dict(names or {})
        self.allow_i = allow_i

    def cannot_print(self, what: str, expr: sp.Expr) -> GenerationError:
        """The error for a construct this syntax has no way to write."""
        return GenerationError(f"{self.syntax} cannot print the {what} {expr}")

    @classmethod
    def code(
        cls, expr: sp.Expr, names: Mapping[str, str] | None = None, *, allow_i: bool = False
    ) -> str:
        """``expr`` in this printer's syntax (``names`` renames symbols; ``allow_i`` admits ``i``)."""
        return cls(names, allow_i=allow_i).doprint(sp.sympify(expr))

    def _print_Symbol(self, expr: sp.Symbol) -> str:
        return self.names.get(expr.name, expr.name)

    def _print_ImaginaryUnit(self, _expr: sp.Expr) -> str:
        if not self.allow_i:
            msg = f"an imaginary unit reached a real {self.syntax} {self.real_context}"
            raise GenerationError(msg)
        return "i"

    def _print_Function(self, expr: sp.Function) -> str:
        name = expr.func.__name__
        if name not in self.functions:
            msg = f"{self.syntax} has no function {name!r} (in {expr})"
            raise GenerationError(msg)
        return f"{name}({', '.join(self._print(a) for a in expr.args)})"

    def _print_Abs(self, expr: sp.Expr) -> str:
        return f"fabs({self._print(expr.args[0])})"

    def _print_conjugate(self, expr: sp.Expr) -> str:
        msg = f"complex conjugate reached a {self.syntax} expression: {expr}"
        raise GenerationError(msg)

    def emptyPrinter(self, expr: object) -> str:
        msg = f"{self.syntax} printer: unsupported expression {expr!r}"
        raise GenerationError(msg)
