"""``parameters.py``: UFO parameters (externals with their SLHA slots, internals)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from alpseesaw.errors import GenerationError
from alpseesaw.generators.printers.ufo import ufo_code
from alpseesaw.generators.slha import numeric_slot
from alpseesaw.generators.ufo.records import UFOParameter

if TYPE_CHECKING:
    import sympy as sp

    from alpseesaw.model.ir import ModelIR


def _fmt(x: float) -> str:
    return repr(float(x))


def card_value(x: float) -> str:
    return f"{float(x):.16e}"


def symbol_names(exprs: list[sp.Expr]) -> set[str]:
    """The names of the symbols in ``exprs`` (their free symbols: sums, products, powers and
    functions bind none), each distinct node visited once (the widths share their subtrees)."""
    names: set[str] = set()
    seen: set[int] = set()
    stack = list(exprs)
    while stack:
        e = stack.pop()
        if id(e) in seen:
            continue
        seen.add(id(e))
        if e.is_Symbol:
            names.add(e.name)
        else:
            stack.extend(e.args)
    return names


def used_names(ir: ModelIR, exprs: list[sp.Expr]) -> set[str]:
    """Parameters the expressions need, closed under the internal parameters' dependencies."""
    by_name = {p.name: p for p in ir.parameters}
    todo = symbol_names(exprs)
    for p in ir.particles:
        todo |= {x for x in (p.mass, p.width) if x != "ZERO"}
    used: set[str] = set()
    while todo:
        name = todo.pop()
        if name in used:
            continue
        if name not in by_name:
            msg = f"expression uses {name!r}, which is not a parameter of the model"
            raise GenerationError(msg)
        used.add(name)
        q = by_name[name]
        if q.kind == "internal" and q.expr is not None:
            todo |= {s.name for s in q.expr.free_symbols}
    return used


def ufo_parameters(ir, values, used, width_values, width_notes):
    """UFO parameters (externals first), param-card entries and the omitted card inputs."""
    externals: list[UFOParameter] = []
    internals: list[UFOParameter] = [UFOParameter("ZERO", "internal", "real", "0", "0")]
    card: list[tuple[str, tuple[int, ...], float, str]] = []
    omitted: list[tuple[str, float, str]] = []
    for p in ir.parameters:
        if p.name not in used:
            if p.kind == "external":
                omitted.append((p.name, float(values[p.name]), f"{p.slha[0]} {p.slha[1]}"))
            continue
        tex = p.texname or p.name
        if p.kind == "external":
            block, index = p.slha
            val = float(width_values.get(p.name, values[p.name]))
            note = width_notes.get(p.name, p.description)
            externals.append(
                UFOParameter(p.name, "external", "real", _fmt(val), tex, block, (index,), note)
            )
            card.append(
                (block, (index,), val, f"{p.name} ({note})" if p.name in width_notes else p.name)
            )
        elif p.kind == "numeric":
            block, code = numeric_slot(ir.particles, p.name)
            z = complex(values[p.name])
            if p.is_complex:
                re_name, im_name = f"re{p.name}", f"im{p.name}"
                externals.append(
                    UFOParameter(
                        re_name,
                        "external",
                        "real",
                        _fmt(z.real),
                        f"\\mathrm{{Re}}\\,{p.name}",
                        block,
                        code,
                        f"Re {p.name}: {p.description}",
                    )
                )
                externals.append(
                    UFOParameter(
                        im_name,
                        "external",
                        "real",
                        _fmt(z.imag),
                        f"\\mathrm{{Im}}\\,{p.name}",
                        "IM" + block,
                        code,
                        f"Im {p.name}: {p.description}",
                    )
                )
                card.append((block, code, z.real, re_name))
                card.append(("IM" + block, code, z.imag, im_name))
                internals.append(
                    UFOParameter(
                        p.name, "internal", "complex", f"{re_name} + complex(0,1)*{im_name}", p.name
                    )
                )
            else:
                externals.append(
                    UFOParameter(
                        p.name, "external", "real", _fmt(z.real), tex, block, code, p.description
                    )
                )
                card.append((block, code, z.real, p.name))
        else:
            code = ufo_code(p.expr)
            internals.append(
                UFOParameter(p.name, "internal", "complex" if p.is_complex else "real", code, tex)
            )
    slots: dict[tuple[str, tuple[int, ...]], str] = {}
    for q in externals:
        key = (q.lhablock.upper(), q.lhacode)
        if key in slots:
            msg = f"parameters {slots[key]!r} and {q.name!r} share the SLHA entry {key}"
            raise GenerationError(msg)
        slots[key] = q.name
    names = [q.name for q in externals + internals]
    seen: dict[str, str] = {}
    for nm in names:
        low = nm.lower()
        if low in seen:
            msg = f"UFO parameters {seen[low]!r} and {nm!r} differ only by case"
            raise GenerationError(msg)
        seen[low] = nm
    return externals + internals, card, omitted
