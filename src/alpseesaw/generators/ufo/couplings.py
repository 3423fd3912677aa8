"""``couplings.py`` and ``coupling_orders.py``: coupling orders of the UFO couplings."""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy as sp

from alpseesaw.errors import GenerationError
from alpseesaw.model.ir import once_per_node
from alpseesaw.model.toolnames import is_new

if TYPE_CHECKING:
    from collections.abc import Mapping

    from alpseesaw.model.ir import ModelIR, Vertex


def _degree(expr: sp.Expr, table: Mapping[str, int]) -> int:
    """Smallest total weight over the terms of ``expr`` (unexpanded walk; each distinct node
    once)."""

    def node(e: sp.Expr) -> int:
        if e.is_Symbol:
            return table.get(e.name, 0)
        if e.is_Number or e.is_NumberSymbol or e == sp.I:
            return 0
        if e.is_Add:
            return min(degree(a) for a in e.args)
        if e.is_Mul:
            return sum(degree(a) for a in e.args)
        if e.is_Pow:
            base, exp = e.args
            d = degree(base)
            if d == 0:
                return 0
            if not exp.is_Integer:
                msg = f"non-integer power of a coupling in {e}"
                raise GenerationError(msg)
            return d * int(exp)
        if isinstance(e, sp.Function):
            return sum(degree(a) for a in e.args)
        msg = f"cannot count coupling orders in {e!r}"
        raise GenerationError(msg)

    degree = once_per_node(node)
    return degree(expr)


def coupling_orders(ir: ModelIR, vertex: Vertex, value: sp.Expr) -> tuple[tuple[str, int], ...]:
    """``(("NP", n), ("QCD", n), ("QED", n))`` with zero orders left out (see the module doc)."""
    qcd = _degree(value, {"gs": 1})
    new = any(is_new(ir.particle(leg)) for leg in vertex.legs)
    if new:
        qed = max(0, _degree(value, {q.name: q.qed for q in ir.parameters if q.qed}))
    else:
        qed = len(vertex.legs) - 2 - qcd
    orders = {"NP": int(new), "QCD": qcd, "QED": qed}
    return tuple((k, v) for k, v in sorted(orders.items()) if v)
