"""The model's numbers at many points: masses, couplings of the vertices the relic needs, widths.

:class:`RelicModel` is built once per IR: it finds the annihilation channels and the s-channel
mediators, compiles their amplitudes and the mediators' two-body decays, and compiles the vertex
couplings and masses into one vectorised function. :meth:`RelicModel.couplings` then turns a
parameter batch (:func:`alpseesaw.model.batch.evaluate_batch`) into :class:`Couplings`: widths
of the mediators are the card's when positive, else the sum of the IR's two-body widths (as the
generated CalcHEP model does with automatic widths).
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
import sympy as sp

from alpseesaw.model.batch import Batch, compile_expressions
from alpseesaw.model.channels import mediators
from alpseesaw.physics.amplitudes import (
    ChannelAmplitude,
    Couplings,
    DecayWidth,
    all_channels,
    decay_channels,
)

if TYPE_CHECKING:
    from alpseesaw.model.ir import ModelIR


class RelicModel:
    """Compiled channels, decays and couplings of one IR (build once, evaluate many batches)."""

    def __init__(self, ir: ModelIR, dm: str = "chi") -> None:
        self.ir = ir
        self.dm = ir.particle(dm)
        self.channels: tuple[ChannelAmplitude, ...] = all_channels(ir, dm)
        self.mediators: tuple[str, ...] = mediators(ir, dm)
        self.decays: dict[str, tuple[DecayWidth, ...]] = {
            m: tuple(DecayWidth(ir, ch) for ch in decay_channels(ir, m)) for m in self.mediators
        }
        keys = {k for ch in self.channels for k in ch.vertex_keys}
        keys |= {d.channel.use.vertex.key for ds in self.decays.values() for d in ds}
        self._vertices = tuple(v for v in ir.vertices if v.key in keys)
        self._particles = tuple(ir.particles)

    @cached_property
    def _compiled(self):
        exprs: list[sp.Expr] = []
        for p in self._particles:
            exprs.append(
                sp.Integer(0) if p.mass == "ZERO" else self.ir.parameter_set.symbol(p.mass)
            )
        for p in self._particles:
            exprs.append(
                sp.Integer(0) if p.width == "ZERO" else self.ir.parameter_set.symbol(p.width)
            )
        for v in self._vertices:
            exprs.extend(c.value for c in v.couplings)
        return compile_expressions(exprs)

    def couplings(self, batch: Batch) -> Couplings:
        """Masses, widths and couplings at every point of ``batch`` (arrays ``(N,)``)."""
        n = len(next(iter(batch.values())))
        vals = self._compiled(batch)
        vals = [np.broadcast_to(x, (n,)) for x in vals]
        npart = len(self._particles)
        mass, width = {}, {}
        for i, p in enumerate(self._particles):
            m = np.abs(vals[i].real).astype(float)
            mass[p.name] = mass[p.antiname] = m
            w = vals[npart + i].real.astype(float)
            width[p.name] = width[p.antiname] = w
        vertex: dict[str, list[np.ndarray]] = {}
        k = 2 * npart
        for v in self._vertices:
            vertex[v.key] = [np.asarray(x, dtype=complex) for x in vals[k : k + len(v.couplings)]]
            k += len(v.couplings)
        c = Couplings(mass, width, vertex)
        computed = {m: self.width(m, c) for m in self.mediators}
        for m, w in computed.items():
            p = self.ir.particle(m)
            card = width[p.name]
            width[p.name] = width[p.antiname] = np.where(card > 0, card, w)
        return Couplings(mass, width, vertex)

    def width(self, parent: str, c: Couplings) -> np.ndarray:
        """Sum of the IR's open two-body partial widths of ``parent`` (GeV)."""
        total = np.zeros_like(c.mass[parent])
        for d in self.decays[parent]:
            total = total + d(c)
        return total

    def dark_fraction(self, parent: str, c: Couplings) -> np.ndarray:
        """Branching fraction of ``parent`` into final states with a dark particle (``(N,)``; 0 for
        particles without computed decays). Uses the computed partial widths over their sum."""
        n = len(c.mass[self.dm.name])
        decays = self.decays.get(self.ir.particle(parent).name)
        if not decays:
            return np.zeros(n)
        dark = {q.name for q in self.ir.particles if q.dark} | {
            q.antiname for q in self.ir.particles if q.dark
        }
        total, into = np.zeros(n), np.zeros(n)
        for d in decays:
            w = d(c)
            total = total + w
            if set(d.channel.products) & dark:
                into = into + w
        return np.where(total > 0, into / np.where(total > 0, total, 1.0), 0.0)

    def partial_widths(self, parent: str, c: Couplings) -> dict[str, np.ndarray]:
        return {" ".join(d.channel.products): d(c) for d in self.decays[parent]}
