"""The SLHA2 spectrum of a point: what a spectrum generator (SPheno for SARAH models) writes.

``alpseesaw spectrum --slha OUT`` writes it; the generated micrOMEGAs project reads it at run
time (``docs/micromegas.md``), and its blocks are those of the UFO's param_card (one naming rule,
:func:`numeric_slot`), so the file can also serve a UFO consumer. Blocks:

* the card's input blocks (``SMINPUTS``, ``PQINPUTS``, ``ALPVV``, ``ALPFF``, ``NUINPUTS``, ...),
  every external parameter at full double precision (17 significant digits: reads back exactly);
* ``MASS``: the mass of every particle of the mass basis by PDG code (the card's input masses
  are the same entries), absolute values, as ``alpseesaw model spectrum --json`` gives them;
* ``NUMIX``/``IMNUMIX``: real and imaginary parts of the 7x7 Takagi matrix ``V`` of eq (2.18)
  (``V^T M V = diag(m_nu1..3, m_N1..4)``; row = flavour ``(nu_L^c 1-3, N_R 1-2, S_L^c 1-2)``,
  column = mass eigenstate); the neutrino mass matrices ``NUMDN`` (m_D, 3x2), ``NUMNN`` (M_N),
  ``NUMUSN``/``IMNUMUSN`` (mu_S), ``NUMURN`` (mu_R), in GeV;
* ``SCALARMIX``: the h-phi rotation (2.3), ``(h, phi)^T = Z (h', phi')^T``;
* ``DECAY``: the card's widths; with ``decays``, the new states' tree-level two-body widths and
  branching ratios from the IR (:mod:`alpseesaw.model.widths`) instead;
* ``SPINFO``: the program and its version.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from alpseesaw import __version__
from alpseesaw.errors import GenerationError
from alpseesaw.model import neutrinos
from alpseesaw.model.fields import particles
from alpseesaw.model.inputs import parameter_set

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from alpseesaw.model.card import Point
    from alpseesaw.model.fields import Particle
    from alpseesaw.model.ir import ModelIR

#: SLHA blocks of the numeric (neutrino-block) outputs ``<stem><i><j>`` by stem (others:
#: ``NU<STEM>``); complex ones put the imaginary part in ``IM<block>`` (SLHA2's rule).
NUMERIC_BLOCKS: dict[str, str] = {"VN": "NUMIX"}
_NUMERIC_RE = re.compile(r"^(?P<stem>[A-Za-z]+?)(?P<i>\d)(?P<j>\d)$")

#: The scalar mixing block: rows the mass eigenstates (h, phi), columns (h', phi') of (2.3).
SCALAR_MIX_BLOCK = "SCALARMIX"


def numeric_slot(parts: Iterable[Particle], name: str) -> tuple[str, tuple[int, ...]]:
    """``(block, indices)`` of a numeric output: ``MASS pdg`` for a mass, else by its stem."""
    for p in parts:
        if p.mass == name:
            return "MASS", (p.pdg,)
    m = _NUMERIC_RE.match(name)
    if m is None:
        msg = f"no SLHA block for the numeric parameter {name!r} (expected <stem><i><j>)"
        raise GenerationError(msg)
    stem = m.group("stem")
    return NUMERIC_BLOCKS.get(stem, "NU" + stem.upper()), (int(m.group("i")), int(m.group("j")))


def num(x: float) -> str:
    """17 significant digits: every double reads back exactly."""
    return f"{float(x): .16e}"


Entry = tuple[tuple[int, ...], float, str]


def _block(name: str, rows: list[Entry], comment: str = "") -> list[str]:
    out = [f"BLOCK {name}" + (f"  # {comment}" if comment else "")]
    for code, value, note in sorted(rows, key=lambda r: r[0]):
        idx = " ".join(f"{c:>3d}" for c in code)
        out.append(f"  {idx} {num(value)}  # {note}")
    return out


def _decay_lines(
    ir: ModelIR | None, values: Mapping[str, complex], card_widths: dict[int, tuple[float, str]]
) -> list[str]:
    """DECAY lines: the card's widths, or (with the IR) the new states' computed widths."""
    computed: dict[int, tuple[float, list[tuple[float, list[int], str]], str]] = {}
    if ir is not None:
        from alpseesaw.model import widths as widthlib

        for parent, channels in widthlib.decay_table(ir).items():
            part = ir.particle(parent)
            partials = []
            for c in channels:
                w = widthlib.evaluate_width(ir, c, values)
                if w > 0:
                    ids = []
                    for x in c.products:
                        q = ir.particle(x)
                        ids.append(q.pdg if x == q.name else -q.pdg)
                    partials.append((w, ids, f"BR({parent} -> {' '.join(c.products)})"))
            total = math.fsum(w for w, _, _ in partials)
            computed[part.pdg] = (
                total,
                [(w / total, ids, note) for w, ids, note in partials] if total > 0 else [],
                f"{parent}: tree-level two-body width from the IR"
                + ("" if partials else " (stable: no open channel)"),
            )
    out: list[str] = []
    for pdg in sorted(set(card_widths) | set(computed)):
        if pdg in computed:
            total, brs, note = computed[pdg]
            out.append(f"DECAY {pdg:>9d} {num(total)}  # {note}")
            if brs:
                out.append("#          BR         NDA      ID1      ID2")
                out.extend(
                    f"   {num(br)}  2 {ids[0]:>9d} {ids[1]:>9d}  # {note}" for br, ids, note in brs
                )
        else:
            width, note = card_widths[pdg]
            out.append(f"DECAY {pdg:>9d} {num(width)}  # {note} (card input)")
    return out


def spectrum_slha(point: Point, ir: ModelIR | None = None) -> str:
    """The SLHA2 spectrum text at ``point``; with ``ir``, DECAY blocks from the IR's widths."""
    params = parameter_set(point.alp_gauge)
    values = point.values
    externals = point.externals
    parts = particles()
    lines = [
        f"# SLHA2 spectrum written by alpseesaw {__version__} (alp_gauge={point.alp_gauge})",
        "# masses and widths in GeV; every number at full double precision",
        "BLOCK SPINFO  # program information",
        "     1   alpseesaw  # spectrum calculator",
        f"     2   {__version__}  # version",
    ]
    blocks: dict[str, list[Entry]] = {}
    card_widths: dict[int, tuple[float, str]] = {}
    for p in params.externals:
        if p.block == "DECAY":
            card_widths[p.index] = (externals[p.name], p.name)
        elif p.block != "MASS":
            blocks.setdefault(p.block, []).append(((p.index,), externals[p.name], p.name))
    for name in sorted(blocks):
        lines += _block(name, blocks[name], "input")
    mass_rows: list[Entry] = []
    for q in parts:
        m = 0.0 if q.mass == "ZERO" else abs(complex(values[q.mass]))
        mass_rows.append(((q.pdg,), m, f"{q.name} ({q.mass})"))
    lines += _block("MASS", mass_rows, "every particle of the mass basis")
    numeric: dict[str, list[Entry]] = {}
    for name in neutrinos.block_outputs():
        block, code = numeric_slot(parts, name)
        if block == "MASS":
            continue
        z = complex(values[name])
        numeric.setdefault(block, []).append((code, z.real, name))
        if name in neutrinos.complex_outputs():
            numeric.setdefault("IM" + block, []).append((code, z.imag, f"Im {name}"))
    for name in sorted(numeric):
        lines += _block(name, numeric[name], "neutrino sector (eq 2.18)")
    c, s = float(values["cth"].real), float(values["sth"].real)
    lines += _block(
        SCALAR_MIX_BLOCK,
        [
            ((1, 1), c, "h h'"),
            ((1, 2), s, "h phi'"),
            ((2, 1), -s, "phi h'"),
            ((2, 2), c, "phi phi'"),
        ],
        "(h, phi) = Z (h', phi'), eq (2.3)",
    )
    lines += _decay_lines(ir, values, card_widths)
    return "\n".join(lines) + "\n"


__all__ = ["NUMERIC_BLOCKS", "SCALAR_MIX_BLOCK", "num", "numeric_slot", "spectrum_slha"]
