"""sigma v of channels made only of s-channel scalar exchanges, from symbolic two-body kernels.

For ``chi chi~ -> M* -> X Y`` with scalar mediators M the amplitude is ``sum_M A_M P_M B_M`` with
``A_M = vbar Gamma_M u`` (the chi vertex), ``P_M = 1 / (s - M^2 + i M Gamma_M)`` and ``B_M`` the
final vertex, so the spin sum factorises:

    sum |M|^2 = sum_{M,M'} P_M conj(P_M') I_{MM'}(s) F_{MM'}(s),
    I_{MM'} = sum_jl g_{Mj} conj(g_{M'l}) K^chi_jl(sqrt s),   F likewise with K^XY,

where ``K_jl`` are the spin-summed kernels of the vertices' Lorentz structures, the same ones
:mod:`alpseesaw.model.widths` derives for two-body decays (the parent mass read as ``sqrt(s)``;
crossing both fermions of a trace leaves it unchanged). The kernels are SymPy expressions derived
once per vertex shape and compiled to numpy. Channels whose final vertices share one shape (all
charged fermions; all neutral-lepton pairs; ...) are evaluated together, with a channel axis.
``sigma v_rel`` is isotropic: ``S k / (4 pi s^{3/2}) <|M|^2>``. :mod:`alpseesaw.physics.amplitudes`
computes the same numbers with explicit wavefunctions (the tests compare the two).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import sympy as sp

from alpseesaw.model.widths import two_body_kernel

if TYPE_CHECKING:
    from collections.abc import Sequence

    from alpseesaw.model.channels import VertexUse
    from alpseesaw.model.ir import ModelIR
    from alpseesaw.physics.amplitudes import ChannelAmplitude, Couplings


class _Shape:
    """The union of Lorentz structures of some 3-point vertices with one leg layout (the parent,
    role ``q``, at one position), and their compiled spin-summed kernel."""

    def __init__(self, ir: ModelIR, uses: Sequence[VertexUse]) -> None:
        v0 = uses[0].vertex
        self.parent = uses[0].roles.index("q")
        self.spins = tuple(ir.particle(x).spin for x in v0.legs)
        massless = tuple(ir.particle(x).mass == "ZERO" for x in v0.legs)
        self.massless = tuple(False if i == self.parent else m for i, m in enumerate(massless))
        structures: list[tuple] = []
        for u in uses:
            for c in u.vertex.couplings:
                if c.lorentz not in structures:
                    structures.append(c.lorentz)
        self.structures = tuple(structures)

    @property
    def key(self) -> tuple:
        return (self.parent, self.spins, self.massless, self.structures)

    def compile(self):
        kern, (m0, m1, m2) = two_body_kernel(
            self.spins, self.parent, self.massless, self.structures
        )
        n = len(self.structures)
        pairs = [(j, l) for j in range(n) for l in range(n) if sp.sympify(kern[j][l]) != 0]
        f = sp.lambdify((m0, m1, m2), [kern[j][l] for j, l in pairs], modules="numpy")
        return pairs, f

    def positions(self, use: VertexUse) -> list[int]:
        return [self.structures.index(c.lorentz) for c in use.vertex.couplings]


def _coupling_rows(c: Couplings, uses: Sequence[VertexUse], shape: _Shape) -> np.ndarray:
    """``(N, n_mediators, n_structures)``: each mediator's coupling per union structure."""
    n = len(next(iter(c.mass.values())))
    out = np.zeros((n, len(uses), len(shape.structures)), dtype=complex)
    for a, u in enumerate(uses):
        for g, j in zip(c.vertex[u.vertex.key], shape.positions(u), strict=True):
            out[:, a, j] += g
    return out


def _outer(g: np.ndarray, pairs) -> np.ndarray:
    """``g_{..aj} conj(g_{..bl})`` for the kernel pairs (j, l): ``(..., M*M, n_pairs)``."""
    cols = [
        (g[..., :, j, None] * g[..., None, :, l].conj()).reshape(*g.shape[:-2], -1)
        for j, l in pairs
    ]
    return np.stack(cols, axis=-1)


class IsotropicGroup:
    """Channels of one final-vertex shape and one mediator set, evaluated together."""

    def __init__(self, ir: ModelIR, channels: Sequence[ChannelAmplitude]) -> None:
        self.channels = tuple(channels)
        first = self.channels[0]
        self.mediators = tuple(
            str(d.internal) for d in first.state.diagrams
        )  # s-channel: always named
        self.dm = first.dm.name
        self._chi_uses = [d.vertices[0] for d in first.state.diagrams]
        self._fin_uses = [[d.vertices[1] for d in ch.state.diagrams] for ch in self.channels]
        self.chi_shape = _Shape(ir, self._chi_uses)
        self.fin_shape = _Shape(ir, [u for uses in self._fin_uses for u in uses])
        self._chi = self.chi_shape.compile()
        self._fin = self.fin_shape.compile()
        self.colour = np.array([ch.colour for ch in self.channels])
        self.symmetry = np.array([ch.symmetry for ch in self.channels])
        self.keys = tuple(ch.key for ch in self.channels)

    @staticmethod
    def key_of(ir: ModelIR, ch: ChannelAmplitude) -> tuple:
        meds = tuple(d.internal for d in ch.state.diagrams)
        return (ch.dm.name, meds, _Shape(ir, [d.vertices[1] for d in ch.state.diagrams]).key[:3])

    def sigma_v(self, s: np.ndarray, c: Couplings) -> np.ndarray:
        """sigma v_rel (GeV^-2) at ``s (N, S)``: ``(N, S, K)`` for the group's K channels."""
        mchi = c.mass[self.dm]
        rs = np.sqrt(s)
        n, n_s = s.shape
        # chi side, shared by the group: I_ab = sum_jl g_aj conj(g_bl) K_jl -> (N, S, M*M)
        pairs, f = self._chi
        g_chi = _outer(_coupling_rows(c, self._chi_uses, self.chi_shape), pairs)  # (N, M*M, P)
        k_chi = np.stack(
            [
                np.broadcast_to(np.asarray(v, dtype=complex), s.shape)
                for v in f(rs, mchi[:, None], mchi[:, None])
            ],
            axis=-1,
        )  # (N, S, P) fmt: skip
        init = np.matmul(k_chi, np.swapaxes(g_chi, 1, 2))  # (N, S, M*M)
        props = np.stack(
            [1.0 / c.denominator(s, m, axes=1) for m in self.mediators], axis=-1
        )  # (N, S, M)
        ppi = (props[..., :, None] * props[..., None, :].conj()).reshape(
            n, n_s, -1
        ) * init  # (N, S, M*M)
        # final side: Q_{k,q} = sum_ab ppi_ab g_aj conj(g_bl) for kernel pair q, then sum_q Q K_q
        mx = np.stack([c.mass[ch.final[0].name] for ch in self.channels], axis=1)  # (N, K)
        my = np.stack([c.mass[ch.final[1].name] for ch in self.channels], axis=1)
        pairs, f = self._fin
        g_fin = np.stack(
            [_coupling_rows(c, uses, self.fin_shape) for uses in self._fin_uses], axis=1
        )
        gq = _outer(g_fin, pairs)  # (N, K, M*M, P)
        nk, npair = gq.shape[1], gq.shape[-1]
        q = np.matmul(
            ppi, np.moveaxis(gq, 2, 1).reshape(n, ppi.shape[-1], nk * npair)
        )  # (N, S, K*P)
        q = q.reshape(n, n_s, nk, npair)
        kern = f(rs[..., None], mx[:, None, :], my[:, None, :])
        total = np.zeros((n, n_s, nk))
        for i, kv in enumerate(kern):
            total += (q[..., i] * kv).real
        s3 = s[..., None]
        kf2 = _kallen(s3, mx[:, None, :] ** 2, my[:, None, :] ** 2)
        open_ = (rs[..., None] > (mx + my)[:, None, :]) & (kf2 > 0)
        k = np.sqrt(np.where(open_, kf2, 0.0)) / (2 * rs[..., None])
        sv = self.symmetry * k / (4.0 * np.pi * s3**1.5) * 0.25 * self.colour * total
        return np.where(open_, sv, 0.0)


def isotropic_groups(
    ir: ModelIR, channels: Sequence[ChannelAmplitude]
) -> tuple[list[IsotropicGroup], list[int], list[list[int]]]:
    """Group the isotropic channels; returns (groups, indices of the others, indices per group)."""
    buckets: dict[tuple, list[int]] = {}
    rest = []
    for i, ch in enumerate(channels):
        if ch.isotropic:
            buckets.setdefault(IsotropicGroup.key_of(ir, ch), []).append(i)
        else:
            rest.append(i)
    groups = [IsotropicGroup(ir, [channels[i] for i in idx]) for idx in buckets.values()]
    return groups, rest, list(buckets.values())


def _kallen(a, b, c):
    return a * a + b * b + c * c - 2 * a * b - 2 * a * c - 2 * b * c
