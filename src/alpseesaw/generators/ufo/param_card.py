"""``param_card.dat`` and ``restrict_default.dat``."""

from __future__ import annotations

import math

from alpseesaw import __version__
from alpseesaw.generators.base import render
from alpseesaw.generators.ufo.parameters import card_value
from alpseesaw.generators.ufo.particles import ufo_name


def restriction_values(
    entries: list[tuple[str, tuple[int, ...], float, str]],
) -> list[tuple[str, tuple[int, ...], float, str]]:
    """The card's entries as MadGraph's default restriction needs them.

    MadGraph's ``RestrictModel`` removes parameters that are 0 (with the vertices they switch off;
    wanted), fixes parameters that are exactly 1, and merges two parameters of one block whose
    values are equal or opposite (``detect_identical_parameters``), after which they can no longer
    be set independently (e.g. ``Ma = Mphi = 1100`` at the default card). So: an exact +-1 is
    written +-9.999999e-1 (MadGraph's own marker, restored to 1 after restriction) and a value
    coinciding in magnitude with an earlier one of its block is moved by one unit in the last
    place (relative 2e-16) until it is unique. DECAY entries are never merged and stay as they are.
    """
    out = []
    seen: dict[str, set[float]] = {}
    for block, code, val, comment in entries:
        v = float(val)
        if block != "DECAY" and v != 0.0:
            if abs(v) == 1.0:
                v = 9.999999e-1 if v > 0 else -9.999999e-1
            taken = seen.setdefault(block, set())
            while abs(v) in taken:
                v = math.nextafter(v, math.inf)
            taken.add(abs(v))
        out.append((block, code, v, comment))
    return out


def param_card_text(ir, entries, omitted, branchings, totals, *, restriction: bool = False) -> str:
    """The SLHA param_card, or (``restriction``) MadGraph's default restriction card, as text."""
    if restriction:
        entries = restriction_values(entries)
    blocks: dict[str, list[tuple[tuple[int, ...], float, str]]] = {}
    decays: list[tuple[int, float, str]] = []
    for block, code, val, comment in entries:
        if block == "DECAY":
            decays.append((code[0], val, comment))
        else:
            blocks.setdefault(block, []).append((code, val, comment))
    context_blocks = []
    for block in sorted(blocks):
        rows = [
            (" ".join(f"{c:>3d}" for c in code), card_value(val), comment)
            for code, val, comment in sorted(blocks[block])
        ]
        context_blocks.append({"name": block, "rows": rows})
    context_decays = []
    for pdg, val, comment in sorted(decays):
        part = next((p for p in ir.particles if p.pdg == pdg), None)
        brs = []
        if part is not None and part.name in branchings and totals.get(part.name, 0) > 0:
            for products, w in branchings[part.name]:
                if w <= 0:
                    continue
                ids = []
                for x in products:
                    q = ir.particle(x)
                    ids.append(q.pdg if x == q.name else -q.pdg)
                brs.append(
                    (
                        card_value(w / totals[part.name]),
                        ids,
                        f"BR({ufo_name(ir, part.name)} -> {' '.join(ufo_name(ir, x) for x in products)})",
                    )
                )
        context_decays.append(
            {"pdg": pdg, "value": card_value(val), "comment": comment, "brs": brs}
        )
    return render(
        "ufo/param_card.dat.j2",
        model=ir.name, version=__version__, model_hash=ir.hash, blocks=context_blocks, decays=context_decays,
        omitted=[(name, card_value(val), where) for name, val, where in omitted], restriction=restriction,
    )  # fmt: skip
