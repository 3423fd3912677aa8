"""``decays.py`` and the widths of the new states: two-body channels open at the card."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from alpseesaw.generators.printers.ufo import ufo_code
from alpseesaw.generators.ufo.particles import python_name, ufo_name
from alpseesaw.generators.ufo.records import UFODecay
from alpseesaw.model import snapshot
from alpseesaw.model import widths as widthlib

if TYPE_CHECKING:
    from collections.abc import Mapping

    import sympy as sp

    from alpseesaw.model.ir import ModelIR
    from alpseesaw.model.parameters import Value


@dataclass(frozen=True)
class DecayTables:
    """Open two-body channels of the new states at a card, and their width parameters.

    ``branchings``: parent -> ((products, partial width in GeV), ...); ``totals``: parent -> total
    width; ``width_values``: width parameters set from the computed total (the card's was 0);
    ``width_notes``: where each width parameter's value comes from.
    """

    decays: tuple[UFODecay, ...]
    exprs: tuple[sp.Expr, ...]
    branchings: dict[str, list[tuple[tuple[str, ...], float]]]
    totals: dict[str, float]
    width_values: dict[str, float]
    width_notes: dict[str, str]


def decay_tables(ir: ModelIR, values: Mapping[str, Value]) -> DecayTables:
    """The decays of the new states at the parameter ``values``."""
    table = snapshot.decay_table(ir)  # widthlib.decay_table(ir), read from the snapshot if fresh
    totals: dict[str, float] = {}
    decays: list[UFODecay] = []
    branchings: dict[str, list[tuple[tuple[str, ...], float]]] = {}
    decay_exprs: list[sp.Expr] = []
    for parent, channels in table.items():
        open_channels = [c for c in channels if widthlib.is_open(ir, c, values)]
        if not open_channels:
            continue
        chans = []
        partials: list[tuple[tuple[str, ...], float]] = []
        for c in open_channels:
            w = widthlib.evaluate_width(ir, c, values)
            partials.append((c.products, w))
            chans.append(
                (tuple(python_name(ufo_name(ir, x)) for x in c.products), ufo_code(c.width))
            )
            decay_exprs.append(c.width)
        decays.append(UFODecay(python_name(ufo_name(ir, parent)), tuple(chans)))
        totals[parent] = sum(w for _, w in partials)
        branchings[parent] = partials

    # widths of the new states: the card's value, or the computed total width if that is zero
    width_values: dict[str, float] = {}
    width_notes: dict[str, str] = {}
    for parent in table:
        wname = ir.particle(parent).width
        if wname == "ZERO":
            continue
        card = float(values[wname].real)
        if card != 0.0:
            width_notes[wname] = "from the card"
        elif totals.get(parent, 0.0) > 0.0:
            width_values[wname] = totals[parent]
            width_notes[wname] = "tree-level two-body width computed by alpseesaw"
        else:
            width_notes[wname] = (
                "WARNING: no open two-body channel at this card, width left 0; set it (e.g. MadGraph's "
                "compute_widths) before event generation, and name the dark matter to MadDM"
            )
    return DecayTables(
        tuple(decays), tuple(decay_exprs), branchings, totals, width_values, width_notes
    )
