"""Tree-level amplitudes of ``chi chi~ -> X Y`` and two-body widths, computed from the IR.

Every channel of :func:`alpseesaw.model.channels.annihilation_channels` is evaluated numerically:
external wavefunctions (:mod:`~alpseesaw.physics.helicity`), the IR's vertices contracted with
them (:mod:`~alpseesaw.physics.contract`), propagators, summed over diagrams (interference
included) and spins, averaged over the four initial spin states. Feynman rules: ``i x vertex``;
scalar propagator ``i / (q^2 - M^2 + i M Gamma)``; fermion ``i (qslash + m) / (q^2 - m^2)`` with
``q`` along the fermion flow; vector (unitary gauge) ``-i (g - q q / M^2) / (q^2 - M^2 + i M Gamma)``.
The width enters s-channel propagators only (a fixed Breit-Wigner width, everywhere).

Units: GeV. ``sigma_v`` returns ``sigma(chi chi~ -> X Y) v_rel`` in GeV^-2 with
``v_rel = 2 beta_chi = 4 p / sqrt(s)`` (the CM relative velocity):

    sigma v_rel = S k / (8 pi s^{3/2}) int_{-1}^{1} |M|^2 d cos(theta),

``k`` the final CM momentum and ``S = 1/2`` for identical final particles. Widths:
``Gamma = S k sum |M|^2 / (8 pi M^2 n_pol)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from alpseesaw.model.channels import Diagram, FinalState, VertexUse, annihilation_channels
from alpseesaw.model.numeric import evaluate_colour
from alpseesaw.physics import helicity as hel
from alpseesaw.physics.lorentz import compile_vertex, mdot, slash

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from alpseesaw.model.fields import Particle
    from alpseesaw.model.ir import ModelIR, Vertex


@dataclass(frozen=True)
class Couplings:
    """Per-point numbers an amplitude needs, as arrays of one shape: masses and widths by particle
    name, vertex couplings by vertex key (one array per IR coupling of the vertex)."""

    mass: Mapping[str, np.ndarray]
    width: Mapping[str, np.ndarray]
    vertex: Mapping[str, Sequence[np.ndarray]]
    #: CalcHEP's s-channel width window instead of a Breit-Wigner everywhere (see
    #: :func:`s_channel_denominator`); for like-for-like comparisons with micrOMEGAs only.
    calchep_window: bool = False

    def denominator(self, s: np.ndarray, particle: str, axes: int = 0) -> np.ndarray:
        """``s - M^2 + i M Gamma`` of an s-channel line (per-point arrays given ``axes`` trailing
        axes of length 1 to broadcast against ``s``)."""
        shape = (-1,) + (1,) * axes
        m = self.mass[particle].reshape(shape)
        w = self.width[particle].reshape(shape)
        return s_channel_denominator(s, m, w, self.calchep_window)

    def take(
        self,
        index: np.ndarray,
        particles: Sequence[str] | None = None,
        vertices: Sequence[str] | None = None,
    ) -> Couplings:
        """The same numbers at ``index`` (expanding per-point arrays to a phase-space batch),
        restricted to some particles (masses and widths) and vertices if given."""
        masses = self.mass if particles is None else {k: self.mass[k] for k in particles}
        widths = self.width if particles is None else {k: self.width[k] for k in particles}
        verts = self.vertex if vertices is None else {k: self.vertex[k] for k in vertices}
        return Couplings(
            {k: v[index] for k, v in masses.items()},
            {k: v[index] for k, v in widths.items()},
            {k: [c[index] for c in v] for k, v in verts.items()},
            self.calchep_window,
        )


#: CalcHEP's BWrange: the width of an s-channel propagator is used within this many widths.
BW_RANGE = 2.7


def s_channel_denominator(
    s: np.ndarray, mass: np.ndarray, width: np.ndarray, calchep: bool = False
) -> np.ndarray:
    """``s - M^2 + i M Gamma``; with ``calchep``, CalcHEP's window (prepDen in
    CalcHEP_src/c_source/num/sqme_aux.c): ``(M Gamma)^2`` is kept while ``(s - M^2)^2`` is below
    ``BWrange^2 (M Gamma)^2``, falls linearly in ``(s - M^2)^2`` to zero at ``(BWrange^2 + 1)
    (M Gamma)^2`` and is zero beyond (``BWrange = 2.7`` in micrOMEGAs' annihilation libraries)."""
    q = s - mass**2
    w2 = (mass * width) ** 2
    if calchep:
        b2 = BW_RANGE**2
        q2 = q * q
        w2 = np.where(q2 > (b2 + 1) * w2, 0.0, np.where(q2 > b2 * w2, (b2 + 1) * w2 - q2, w2))
    return q + 1j * np.sqrt(w2)


def colour_factor(ir: ModelIR, vertex: Vertex, coloured: Sequence[int]) -> float:
    """``sum |C|^2`` over the colour indices of the legs ``coloured`` (1-based) of a vertex whose
    couplings all share one colour structure (others summed); 1 for a colourless vertex."""
    structures = {c.colour for c in vertex.couplings}
    if len(structures) != 1:
        msg = f"vertex {vertex.key}: couplings with different colour structures are not supported"
        raise NotImplementedError(msg)
    (structure,) = structures
    if not structure:
        return 1.0
    dims = {i + 1: ir.particle(name).colour for i, name in enumerate(vertex.legs)}
    legs = [leg for leg in dims if dims[leg] > 1]
    if set(legs) - set(coloured):
        msg = f"vertex {vertex.key}: colour flows through an internal line; not supported"
        raise NotImplementedError(msg)
    total = 0.0
    for combo in np.ndindex(*(dims[leg] for leg in legs)):
        total += abs(evaluate_colour(structure, dict(zip(legs, combo, strict=True)), dims)) ** 2
    return total


# layout axes of the external spins
AXIS = {"chi": 1, "chibar": 2, "X": 3, "Y": 4}


def _lay(arr: np.ndarray, axis: int | None) -> np.ndarray:
    """(B, n, c...) or (B, c) -> broadcast layout (B, s1..s4, c...) with the spin on ``axis``."""
    b = arr.shape[0]
    if axis is None:
        return arr.reshape((b, 1, 1, 1, 1, *arr.shape[1:]))
    shape = [b, 1, 1, 1, 1]
    shape[axis] = arr.shape[1]
    return arr.reshape(tuple(shape) + arr.shape[2:])


def _sandwich(row: np.ndarray, mat: np.ndarray, col: np.ndarray) -> np.ndarray:
    """``row . mat . col`` over the last axes (matrix axes last two of ``mat``; a vector index of
    ``mat`` before them is kept as the last axis of the result)."""
    if mat.ndim == row.ndim + 2:  # (..., 4, 4, 4): vector index first
        m_col = np.matmul(mat, col[..., None, :, None])[..., 0]  # (..., 4, 4)
        return np.sum(row[..., None, :] * m_col, axis=-1)
    m_col = np.matmul(mat, col[..., None])[..., 0]
    return np.sum(row * m_col, axis=-1)


def _final_waves(
    final: tuple[Particle, Particle], k1: np.ndarray, k2: np.ndarray, c: Couplings
) -> dict[str, np.ndarray]:
    """Outgoing wavefunctions of the final pair (roles X, Y; scalars need none): ``ubar(k1)``,
    ``v(k2)`` for fermions, polarisation vectors for vectors, laid out on their spin axes."""
    waves = {}
    for role, part, k in (("X", final[0], k1), ("Y", final[1], k2)):
        m = c.mass[part.name]
        if part.spin == 2:
            arr = hel.bar(hel.u_spinors(k, m)) if role == "X" else hel.v_spinors(k, m)
            waves[role] = _lay(arr, AXIS[role])
        elif part.spin == 3:
            waves[role] = _lay(hel.polarisations(k, m, part.mass == "ZERO"), AXIS[role])
    return waves


class _VertexEval:
    """An IR vertex of a diagram, compiled for the layout: legs -> momenta, polarisations."""

    def __init__(
        self, ir: ModelIR, use: VertexUse, vector_roles: frozenset[str], open_internal: bool = True
    ) -> None:
        self.use = use
        self.key = use.vertex.key
        legs = {i + 1: r for i, r in enumerate(use.roles)}
        self.legs = legs
        vec = frozenset(i for i, r in legs.items() if r in vector_roles)
        open_leg = next((i for i, r in legs.items()
                         if open_internal and r == "q" and ir.particle(use.vertex.legs[i - 1]).spin == 3), None)  # fmt: skip
        self.f = compile_vertex(
            [c.lorentz for c in use.vertex.couplings],
            vec | ({open_leg} if open_leg else set()),
            open_leg,
        )

    def __call__(
        self, c: Couplings, momenta: dict[str, np.ndarray], pols: dict[str, np.ndarray]
    ) -> np.ndarray:
        mom = {i: momenta[r] for i, r in self.legs.items() if r in momenta}
        pol = {i: pols[r] for i, r in self.legs.items() if r in pols}
        return self.f(list(c.vertex[self.key]), mom, pol)


class _DiagramAmplitude:
    """One diagram, compiled; ``__call__`` returns ``M / i`` in the layout ``(B, s1, s2, s3, s4)``.

    Phases (with the common factor i removed): s-channel scalar ``-V1 V2 / D``, vector
    ``+V1 . (g - q q / M^2) . V2 / D``; t/u-channel ``-vbar V2 (qslash + m) V1 u / (q^2 - m^2)``;
    contact ``+V``.
    """

    def __init__(self, ir: ModelIR, diagram: Diagram, final: tuple[Particle, Particle]) -> None:
        self.diagram = diagram
        self.internal = ir.particle(diagram.internal) if diagram.internal else None
        vectors = frozenset(r for r, p in zip(("X", "Y"), final, strict=True) if p.spin == 3)
        self.vertices = tuple(_VertexEval(ir, u, vectors) for u in diagram.vertices)
        top = diagram.topology
        if top in ("t", "u") and self.exchanged.spin != 2:
            msg = f"{top}-channel exchange of {self.exchanged.name} (spin {self.exchanged.spin}) is not supported"
            raise NotImplementedError(msg)
        if top == "s" and self.exchanged.spin == 2:
            msg = f"s-channel fermion {self.exchanged.name} in a pair annihilation"
            raise NotImplementedError(msg)
        self.first = diagram.vertices[0].roles[2] if top in ("t", "u") else None
        self.fermion_final = final[0].spin == 2

    @property
    def exchanged(self) -> Particle:
        """The internal particle (s-, t- and u-channel diagrams have one)."""
        if self.internal is None:
            msg = f"a {self.diagram.topology} diagram has no internal particle"
            raise TypeError(msg)
        return self.internal

    def matrix(self, kin: dict[str, np.ndarray], c: Couplings) -> np.ndarray:
        """The diagram as a Dirac matrix between ``vbar(p2)`` and ``u(p1)`` (scalar final states
        only): ``(B, 1, 1, 1, 1, 4, 4)``, same phases as :meth:`__call__`."""
        top = self.diagram.topology
        mom = {"chi": kin["p1"], "chibar": kin["p2"], "X": -kin["k1"], "Y": -kin["k2"]}
        if top == "s":
            q = kin["p1"] + kin["p2"]
            v1, v2 = self.vertices
            g1 = v1(c, {**mom, "q": -q}, {})
            a2 = v2(c, {**mom, "q": q}, {})
            den = _lay(c.denominator(kin["s"], self.exchanged.name), None)
            return -(a2 / den)[..., None, None] * g1
        if top in ("t", "u"):
            q = kin["p1"] - (kin["k1"] if self.first == "X" else kin["k2"])
            v1, v2 = self.vertices
            g1 = v1(c, {**mom, "q": -q}, {})
            g2 = v2(c, {**mom, "q": q}, {})
            mf = c.mass[self.exchanged.name]
            prop = slash(q) + _lay(mf, None)[..., None, None] * np.eye(4)
            den = _lay(mdot(q, q)[:, 0, 0, 0, 0] - mf**2, None)[..., None, None]
            return -np.matmul(g2, np.matmul(prop, g1)) / den
        (v,) = self.vertices
        return v(c, mom, {})

    def __call__(
        self, kin: dict[str, np.ndarray], waves: dict[str, np.ndarray], c: Couplings
    ) -> np.ndarray:
        top = self.diagram.topology
        mom = {"chi": kin["p1"], "chibar": kin["p2"], "X": -kin["k1"], "Y": -kin["k2"]}
        if top == "s":
            q = kin["p1"] + kin["p2"]
            v1, v2 = self.vertices
            g1 = v1(c, {**mom, "q": -q}, waves)
            a1 = _sandwich(waves["chibar"], g1, waves["chi"])
            g2 = v2(c, {**mom, "q": q}, waves)
            a2 = _sandwich(waves["X"], g2, waves["Y"]) if self.fermion_final else g2
            m = self.exchanged
            mass = c.mass[m.name]
            den = _lay(c.denominator(kin["s"], m.name), None)
            if m.spin == 1:
                return -a1 * a2 / den
            dot = mdot(a1, a2)
            if m.mass != "ZERO":
                dot = dot - mdot(a1, q) * mdot(a2, q) / _lay(mass**2, None)
            return dot / den
        if top in ("t", "u"):
            q = kin["p1"] - (kin["k1"] if self.first == "X" else kin["k2"])
            v1, v2 = self.vertices
            g1 = v1(c, {**mom, "q": -q}, waves)
            col = np.matmul(g1, waves["chi"][..., None])
            mf = c.mass[self.exchanged.name]
            prop = slash(q) + _lay(mf, None)[..., None, None] * np.eye(4)
            col = (
                np.matmul(prop, col)[..., 0]
                / _lay(mdot(q, q)[:, 0, 0, 0, 0] - mf**2, None)[..., None]
            )
            g2 = v2(c, {**mom, "q": q}, waves)
            return -_sandwich(waves["chibar"], g2, col)
        (v,) = self.vertices
        return _sandwich(waves["chibar"], v(c, mom, waves), waves["chi"])


class ChannelAmplitude:
    """``chi chi~ -> X Y``: spin-summed |M|^2 and sigma v_rel from all its diagrams."""

    def __init__(self, ir: ModelIR, state: FinalState, dm: str = "chi") -> None:
        self.state = state
        self.dm = ir.particle(dm)
        self.final = (ir.particle(state.particles[0]), ir.particle(state.particles[1]))
        self.diagrams = tuple(_DiagramAmplitude(ir, d, self.final) for d in state.diagrams)
        self.symmetry = 0.5 if state.identical else 1.0
        self.colour = self._colour(ir)
        self.vertex_keys = tuple(
            dict.fromkeys(u.vertex.key for d in state.diagrams for u in d.vertices)
        )
        names = [
            self.dm.name,
            *state.particles,
            *(d.internal for d in state.diagrams if d.internal),
        ]
        self.particle_names = tuple(dict.fromkeys(names))
        self.s_mediators = tuple(
            dict.fromkeys(d.internal for d in state.diagrams if d.topology == "s")
        )

    def _colour(self, ir: ModelIR) -> float:
        factors = set()
        for d in self.state.diagrams:
            f = 1.0
            for u in d.vertices:
                coloured = [i + 1 for i, r in enumerate(u.roles) if r in ("X", "Y")]
                f *= colour_factor(ir, u.vertex, coloured)
            factors.add(round(f, 12))
        if len(factors) != 1:
            msg = f"{self.state.key}: diagrams with different colour factors {sorted(factors)}"
            raise NotImplementedError(msg)
        return factors.pop()

    @cached_property
    def isotropic(self) -> bool:
        """All diagrams are s-channel exchanges of scalars: |M|^2 does not depend on the angle."""
        return all(d.diagram.topology == "s" and d.exchanged.spin == 1 for d in self.diagrams)

    @property
    def key(self) -> str:
        return self.state.key

    def threshold(self, c: Couplings) -> np.ndarray:
        return c.mass[self.final[0].name] + c.mass[self.final[1].name]

    @cached_property
    def scalar_final(self) -> bool:
        return self.final[0].spin == 1 and self.final[1].spin == 1

    def msq(self, kin: hel.TwoToTwo, c: Couplings) -> np.ndarray:
        """|M|^2 summed over final and averaged over initial spins, times colour, ``(B,)``."""
        mchi = c.mass[self.dm.name]
        lay = {name: _lay(getattr(kin, name), None) for name in ("p1", "p2", "k1", "k2")}
        lay["s"] = kin.s
        if self.scalar_final:  # one Dirac matrix: sum |vbar G u|^2 = Tr[G (p1 + m) Gbar (p2 - m)]
            gam = sum(
                (d.matrix(lay, c) for d in self.diagrams[1:]), self.diagrams[0].matrix(lay, c)
            )
            gam = gam.reshape(gam.shape[0], 4, 4) if gam.ndim > 3 else gam
            eye = np.eye(4)
            a = hel.slash(kin.p1) + mchi[:, None, None] * eye
            b = hel.slash(kin.p2) - mchi[:, None, None] * eye
            g0 = hel.GAMMA0
            gbar = g0 @ np.conj(np.swapaxes(gam, -1, -2)) @ g0
            tr = np.einsum("bij,bji->b", np.matmul(gam, a), np.matmul(gbar, b))
            return 0.25 * self.colour * tr.real
        waves = {
            "chi": _lay(hel.u_spinors(kin.p1, mchi), AXIS["chi"]),
            "chibar": _lay(hel.bar(hel.v_spinors(kin.p2, mchi)), AXIS["chibar"]),
        }
        waves.update(_final_waves(self.final, kin.k1, kin.k2, c))
        total = None
        for d in self.diagrams:
            a = d(lay, waves, c)
            total = a if total is None else total + a
        assert total is not None
        m2 = np.sum((total.real**2 + total.imag**2).reshape(total.shape[0], -1), axis=1)
        return 0.25 * self.colour * m2

    def sigma_v(self, s: np.ndarray, c: Couplings, n_cos: int = 8) -> np.ndarray:
        """sigma v_rel (GeV^-2) at Mandelstam ``s`` (shape ``(B,)``, one value per point of ``c``);
        zero below the threshold of the final state."""
        s = np.asarray(s, dtype=float)
        mchi = c.mass[self.dm.name]
        mx, my = c.mass[self.final[0].name], c.mass[self.final[1].name]
        open_ = s > (mx + my) ** 2
        out = np.zeros(s.shape)
        if not open_.any():
            return out
        idx = np.nonzero(open_)[0]
        if self.isotropic:
            nodes, weights = np.array([0.0]), np.array([2.0])
        else:
            nodes, weights = np.polynomial.legendre.leggauss(n_cos)
        nb = idx.size
        rep = np.repeat(idx, nodes.size)
        cos = np.tile(nodes, nb)
        sub = c.take(rep, self.particle_names, self.vertex_keys)
        kin = hel.TwoToTwo.build(s[rep], mchi[rep], mchi[rep], mx[rep], my[rep], cos)
        m2 = self.msq(kin, sub).reshape(nb, nodes.size)
        integral = m2 @ weights
        k = kin.k.reshape(nb, nodes.size)[:, 0]
        out[idx] = self.symmetry * k / (8.0 * np.pi * s[idx] ** 1.5) * integral
        return out


# -- two-body widths ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DecayChannel:
    """``parent -> X Y`` through ``use`` (roles ``q`` = parent, ``X``, ``Y``)."""

    parent: str
    products: tuple[str, str]
    use: VertexUse


def decay_channels(ir: ModelIR, parent: str) -> tuple[DecayChannel, ...]:
    """Every two-body channel of ``parent`` that a 3-point vertex allows (open or not)."""
    p = ir.particle(parent)
    anti = {}
    for q in ir.particles:
        anti[q.name], anti[q.antiname] = q.antiname, q.name
    order = {q.name: (i, 0) for i, q in enumerate(ir.particles)}
    order.update({q.antiname: (i, 1) for i, q in enumerate(ir.particles) if q.antiname != q.name})
    out = []
    for v in ir.vertices:
        if len(v.legs) != 3 or v.legs.count(p.name) != 1:
            continue
        pos = v.legs.index(p.name)
        if v.n_fermions and pos < 2:
            continue
        others = [anti[x] for i, x in enumerate(v.legs) if i != pos]
        if p.name in others or p.antiname in others:
            continue
        if v.n_fermions:
            x, y = others
        else:
            x, y = sorted(others, key=order.__getitem__)
        roles = []
        seen_x = False
        for i, name in enumerate(v.legs):
            if i == pos:
                roles.append("q")
            elif v.n_fermions:
                roles.append("X" if i == 0 else "Y")
            elif anti[name] == x and not seen_x:
                roles.append("X")
                seen_x = True
            else:
                roles.append("Y")
        out.append(DecayChannel(p.name, (x, y), VertexUse(v, tuple(roles))))
    return tuple(out)


class DecayWidth:
    """Two-body partial width of a boson ``parent -> X Y``, from the IR vertex (GeV)."""

    def __init__(self, ir: ModelIR, channel: DecayChannel) -> None:
        self.channel = channel
        self.parent = ir.particle(channel.parent)
        if self.parent.spin == 2:
            msg = f"fermion decays ({self.parent.name}) are not needed by the relic calculation"
            raise NotImplementedError(msg)
        self.final = (ir.particle(channel.products[0]), ir.particle(channel.products[1]))
        vectors = frozenset(
            r
            for r, p in (("q", self.parent), ("X", self.final[0]), ("Y", self.final[1]))
            if p.spin == 3
        )
        self.v = _VertexEval(ir, channel.use, vectors, open_internal=False)
        self.fermion_final = self.final[0].spin == 2
        coloured = [i + 1 for i, r in enumerate(channel.use.roles) if r in ("X", "Y")]
        dim = self.parent.colour
        self.colour = (
            colour_factor(
                ir, channel.use.vertex, coloured + ([channel.use.leg("q")] if dim > 1 else [])
            )
            / dim
        )
        self.symmetry = 0.5 if channel.products[0] == channel.products[1] else 1.0

    def __call__(self, c: Couplings) -> np.ndarray:
        m0 = c.mass[self.parent.name]
        mx, my = c.mass[self.final[0].name], c.mass[self.final[1].name]
        out = np.zeros(m0.shape)
        open_ = m0 > mx + my
        if not open_.any():
            return out
        idx = np.nonzero(open_)[0]
        names = (self.parent.name, self.final[0].name, self.final[1].name)
        sub = c.take(idx, names, (self.channel.use.vertex.key,))
        m0, mx, my = m0[idx], mx[idx], my[idx]
        s = m0**2
        k = np.sqrt(np.clip(hel.kallen(s, mx**2, my**2), 0.0, None)) / (2 * m0)
        ex = np.sqrt(k**2 + mx**2)
        ey = np.sqrt(k**2 + my**2)
        zero = np.zeros_like(k)
        k1 = np.stack([ex, zero, zero, k], axis=1)
        k2 = np.stack([ey, zero, zero, -k], axis=1)
        p0 = np.stack([m0, zero, zero, zero], axis=1)
        waves: dict[str, np.ndarray] = {}
        n_pol = 1
        if self.parent.spin == 3:
            waves["q"] = _lay(hel.polarisations(p0, m0, False), AXIS["chi"])
            n_pol = 3
        waves.update(_final_waves(self.final, k1, k2, sub))
        mom = {"q": _lay(p0, None), "X": -_lay(k1, None), "Y": -_lay(k2, None)}
        amp = self.v(sub, mom, waves)
        if self.fermion_final:
            amp = _sandwich(waves["X"], amp, waves["Y"])
        m2 = np.sum((amp.real**2 + amp.imag**2).reshape(amp.shape[0], -1), axis=1)
        out[idx] = self.symmetry * self.colour * k * m2 / (8.0 * np.pi * s * n_pol)
        return out


def all_channels(ir: ModelIR, dm: str = "chi") -> tuple[ChannelAmplitude, ...]:
    """Compiled amplitudes of every annihilation channel of the model."""
    return tuple(ChannelAmplitude(ir, st, dm) for st in annihilation_channels(ir, dm))


__all__ = [
    "ChannelAmplitude",
    "Couplings",
    "DecayChannel",
    "DecayWidth",
    "Fraction",
    "all_channels",
    "colour_factor",
    "decay_channels",
]
