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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property

import numpy as np

from alpseesaw.model.channels import Diagram, FinalState, VertexUse, annihilation_channels
from alpseesaw.model.fields import Particle
from alpseesaw.model.ir import ModelIR, Vertex
from alpseesaw.model.numeric import evaluate_colour
from alpseesaw.physics import helicity as hel
from alpseesaw.physics.contract import VertexContraction, Wave

LETTER = {"chi": "i", "chibar": "j", "X": "k", "Y": "l"}


@dataclass(frozen=True)
class Couplings:
    """Per-point numbers an amplitude needs, as arrays of one shape: masses and widths by particle
    name, vertex couplings by vertex key (one array per IR coupling of the vertex)."""

    mass: Mapping[str, np.ndarray]
    width: Mapping[str, np.ndarray]
    vertex: Mapping[str, Sequence[np.ndarray]]

    def take(self, index: np.ndarray) -> Couplings:
        """The same numbers at ``index`` (expanding per-point arrays to a phase-space batch)."""
        return Couplings(
            {k: v[index] for k, v in self.mass.items()},
            {k: v[index] for k, v in self.width.items()},
            {k: [c[index] for c in v] for k, v in self.vertex.items()},
        )


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


class _DiagramAmplitude:
    """One diagram, compiled; ``__call__`` returns the amplitude array ``(B, *spins)``."""

    def __init__(self, ir: ModelIR, diagram: Diagram, final: tuple[Particle, Particle]) -> None:
        self.diagram = diagram
        self.internal = ir.particle(diagram.internal) if diagram.internal else None
        self._internal_name = diagram.internal
        self.final = final
        spin_of = {"X": final[0].spin, "Y": final[1].spin}
        ext = {"chi": ("i", True), "chibar": ("j", True)}
        for r in ("X", "Y"):
            if spin_of[r] != 1:
                ext[r] = (LETTER[r], True)
        top = diagram.topology
        if top == "s":
            u1, u2 = diagram.vertices
            comp = self.internal.spin != 1
            self.v1 = VertexContraction(u1, {r: ext[r] for r in ("chi", "chibar")}, "q", comp)
            self.v2 = VertexContraction(u2, {r: ext[r] for r in ("X", "Y") if r in ext}, "q", comp)
        elif top in ("t", "u"):
            if self.internal.spin != 2:
                msg = f"{top}-channel exchange of a {self.internal.name} (spin {self.internal.spin}) is not supported"
                raise NotImplementedError(msg)
            u1, u2 = diagram.vertices
            first = u1.roles[2]
            second = u2.roles[2]
            a1 = {"chi": ext["chi"], **({first: ext[first]} if first in ext else {})}
            self.v1 = VertexContraction(u1, a1, "q", True)
            inner = "".join(sorted("".join(s for s, _ in a1.values())))
            a2 = {
                "chibar": ext["chibar"],
                "q": (inner, True),
                **({second: ext[second]} if second in ext else {}),
            }
            self.v2 = VertexContraction(u2, a2, None)
            self.first = first
        elif top == "contact":
            (u,) = diagram.vertices
            self.v = VertexContraction(u, {r: ext[r] for r in ext}, None)
        else:  # pragma: no cover - channels.py produces only these
            msg = f"unknown topology {top}"
            raise ValueError(msg)
        self.spins = "".join(sorted("".join(s for s, _ in ext.values())))

    def __call__(self, kin: hel.TwoToTwo, waves: dict[str, Wave], c: Couplings) -> np.ndarray:
        d = self.diagram
        mom = {"chi": kin.p1, "chibar": kin.p2, "X": -kin.k1, "Y": -kin.k2}
        if d.topology == "s":
            u1, u2 = d.vertices
            q = kin.p1 + kin.p2
            w1 = self.v1(list(c.vertex[u1.vertex.key]), {**mom, "q": -q}, waves)
            w2 = self.v2(list(c.vertex[u2.vertex.key]), {**mom, "q": q}, waves)
            m = self.internal
            mass2 = c.mass[m.name] ** 2
            den = kin.s - mass2 + 1j * c.mass[m.name] * c.width[m.name]
            a1, a2 = 1j * w1.array, 1j * w2.array
            if m.spin == 1:
                prop = 1j / den
                return _outer(a1, w1.spins, a2, w2.spins, prop, self.spins)
            if m.spin == 3:
                # -i (g_{mu nu} - q_mu q_nu / M^2) / den, contracted with upper indices on both sides
                q_low = q * np.diag(hel.METRIC).real
                g_low = np.diag(hel.METRIC).real
                if m.mass == "ZERO":
                    t2 = np.zeros_like(kin.s)
                    inv_m2 = 0.0
                else:
                    inv_m2 = 1.0 / mass2
                    t2 = None
                s1 = f"b{w1.spins}m"
                s2 = f"b{w2.spins}m"
                gterm = np.einsum(f"{s1},m,{s2}->b{self.spins}", a1, g_low, a2)
                if m.mass == "ZERO":
                    qterm = 0.0
                else:
                    qa1 = np.einsum(f"{s1},bm->b{w1.spins}", a1, q_low)
                    qa2 = np.einsum(f"{s2},bm->b{w2.spins}", a2, q_low)
                    qterm = _outer(
                        qa1, w1.spins, qa2, w2.spins, inv_m2 * np.ones_like(kin.s), self.spins
                    )
                del t2
                prop = -1j / den
                return _bcast(prop, self.spins) * (gterm - qterm)
            msg = f"s-channel fermion {m.name} in a boson pair annihilation"
            raise NotImplementedError(msg)
        if d.topology in ("t", "u"):
            u1, u2 = d.vertices
            q = kin.p1 - (kin.k1 if self.first == "X" else kin.k2)
            w1 = self.v1(list(c.vertex[u1.vertex.key]), {**mom, "q": -q}, waves)
            mf = c.mass[self.internal.name]
            num = hel.slash(q) + mf[:, None, None] * np.eye(4)
            den = hel.dot(q, q) - mf**2
            spins = w1.spins
            prop_w = np.einsum(f"bxy,b{spins}y->b{spins}x", num, w1.array) * (1j / den).reshape(
                (-1,) + (1,) * (len(spins) + 1)
            )
            inner = Wave(1j * prop_w, spins, True)
            w2 = self.v2(list(c.vertex[u2.vertex.key]), {**mom, "q": q}, {**waves, "q": inner})
            return _reorder(1j * w2.array, w2.spins, self.spins)
        (u,) = d.vertices
        w = self.v(list(c.vertex[u.vertex.key]), mom, waves)
        return _reorder(1j * w.array, w.spins, self.spins)


def _bcast(x: np.ndarray, spins: str) -> np.ndarray:
    return x.reshape((-1,) + (1,) * len(spins))


def _outer(
    a1: np.ndarray, s1: str, a2: np.ndarray, s2: str, factor: np.ndarray, out: str
) -> np.ndarray:
    return np.einsum(f"b{s1},b{s2},b->b{out}", a1, a2, factor)


def _reorder(a: np.ndarray, spins: str, out: str) -> np.ndarray:
    return a if spins == out else np.einsum(f"b{spins}->b{out}", a)


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
        return all(d.diagram.topology == "s" and d.internal.spin == 1 for d in self.diagrams)

    @property
    def key(self) -> str:
        return self.state.key

    def threshold(self, c: Couplings) -> np.ndarray:
        return c.mass[self.final[0].name] + c.mass[self.final[1].name]

    def msq(self, kin: hel.TwoToTwo, c: Couplings) -> np.ndarray:
        """|M|^2 summed over final and averaged over initial spins, times colour, ``(B,)``."""
        mchi = c.mass[self.dm.name]
        waves = {
            "chi": Wave(hel.u_spinors(kin.p1, mchi), "i", True),
            "chibar": Wave(hel.bar(hel.v_spinors(kin.p2, mchi)), "j", True),
        }
        for role, part, k in (("X", self.final[0], kin.k1), ("Y", self.final[1], kin.k2)):
            m = c.mass[part.name]
            if part.spin == 2:
                arr = hel.bar(hel.u_spinors(k, m)) if role == "X" else hel.v_spinors(k, m)
                waves[role] = Wave(arr, LETTER[role], True)
            elif part.spin == 3:
                waves[role] = Wave(
                    hel.polarisations(k, m, part.mass == "ZERO").astype(complex), LETTER[role], True
                )
        total = None
        for d in self.diagrams:
            a = d(kin, waves, c)
            total = a if total is None else total + a
        assert total is not None
        m2 = np.sum((total * total.conj()).real.reshape(total.shape[0], -1), axis=1)
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
        sub = c.take(rep)
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
        attached = {}
        if self.parent.spin == 3:
            attached["q"] = ("i", True)
        for r, part in zip(("X", "Y"), self.final, strict=True):
            if part.spin != 1:
                attached[r] = (LETTER[r], True)
        self.v = VertexContraction(channel.use, attached, None)
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
        sub = c.take(idx)
        m0, mx, my = m0[idx], mx[idx], my[idx]
        s = m0**2
        k = np.sqrt(np.clip(hel.kallen(s, mx**2, my**2), 0.0, None)) / (2 * m0)
        ex = np.sqrt(k**2 + mx**2)
        ey = np.sqrt(k**2 + my**2)
        zero = np.zeros_like(k)
        k1 = np.stack([ex, zero, zero, k], axis=1)
        k2 = np.stack([ey, zero, zero, -k], axis=1)
        p0 = np.stack([m0, zero, zero, zero], axis=1)
        waves: dict[str, Wave] = {}
        n_pol = 1
        if self.parent.spin == 3:
            waves["q"] = Wave(hel.polarisations(p0, m0, False).astype(complex), "i", True)
            n_pol = 3
        for role, part, kk in (("X", self.final[0], k1), ("Y", self.final[1], k2)):
            m = sub.mass[part.name]
            if part.spin == 2:
                arr = hel.bar(hel.u_spinors(kk, m)) if role == "X" else hel.v_spinors(kk, m)
                waves[role] = Wave(arr, LETTER[role], True)
            elif part.spin == 3:
                waves[role] = Wave(
                    hel.polarisations(kk, m, part.mass == "ZERO").astype(complex),
                    LETTER[role],
                    True,
                )
        mom = {"q": p0, "X": -k1, "Y": -k2}
        w = self.v(list(sub.vertex[self.channel.use.vertex.key]), mom, waves)
        m2 = np.sum((w.array * w.array.conj()).real.reshape(w.array.shape[0], -1), axis=1)
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
