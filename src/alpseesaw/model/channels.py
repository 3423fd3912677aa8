"""Tree-level annihilation channels of the dark-matter pair, found in the IR's vertices.

For ``chi(p1) chi~(p2) -> X(k1) Y(k2)`` every tree diagram of a 2 -> 2 process with 3- and 4-point
vertices is one of

* ``s``: ``chi chi~ -> M* -> X Y`` through any boson M coupling to the pair;
* ``t`` / ``u``: a fermion F exchanged between the chi line and the two bosons, X (``t``) or Y
  (``u``) emitted where chi comes in;
* ``contact``: a four-point vertex ``chi~ chi X~ Y~``.

Final states are the pairs of non-dark particles reached by at least one diagram; nothing here is
a list of channels written by hand, so a new vertex in the Lagrangian shows up as a new channel
or diagram with no other change.

Conventions (those of :mod:`alpseesaw.model.ir`): vertex legs are all incoming; an outgoing X is
the incoming leg ``anti(X)``; for fermion legs the bar leg comes first. Each vertex of a diagram
carries the *role* of each of its legs: ``"chi"`` (incoming chi, momentum p1, spinor u),
``"chibar"`` (incoming chi~, p2, v-bar), ``"X"``/``"Y"`` (outgoing, momentum k1/k2) and ``"q"``
(the internal line, momentum ``q`` flowing from the first vertex to the second: ``q = p1 + p2``
for ``s``, ``p1 - k1`` for ``t``, ``p1 - k2`` for ``u``). Final-state fermions: X is on the bar
leg (u-bar), Y on the field leg (v).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alpseesaw.model.fields import Particle
    from alpseesaw.model.ir import ModelIR, Vertex

Role = str  # "chi", "chibar", "X", "Y", "q"


@dataclass(frozen=True)
class VertexUse:
    """An IR vertex in a diagram: ``roles[i]`` is the role of ``vertex.legs[i]``."""

    vertex: Vertex
    roles: tuple[Role, ...]

    def leg(self, role: Role) -> int:
        """1-based leg number of a role (the IR's structures number legs from 1)."""
        return self.roles.index(role) + 1


@dataclass(frozen=True)
class Diagram:
    """One tree diagram; ``internal`` is the exchanged particle as it flows from vertex 1 to 2."""

    topology: str  # "s", "t", "u", "contact"
    vertices: tuple[VertexUse, ...]
    internal: str | None = None

    @property
    def label(self) -> str:
        return self.topology if self.internal is None else f"{self.topology}({self.internal})"


@dataclass(frozen=True)
class FinalState:
    """``chi chi~ -> X Y`` with every diagram that produces it.

    ``particles`` are the outgoing names (X, Y); for a fermion pair X is the particle on the bar
    leg (u-bar) and Y the one on the field leg (v). ``identical``: X and Y are the same particle
    (phase-space factor 1/2).
    """

    particles: tuple[str, str]
    diagrams: tuple[Diagram, ...]

    @property
    def key(self) -> str:
        return " ".join(self.particles)

    @property
    def identical(self) -> bool:
        return self.particles[0] == self.particles[1]


def annihilation_channels(ir: ModelIR, dm: str = "chi") -> tuple[FinalState, ...]:
    """Every final state X Y of ``dm anti(dm) -> X Y`` at tree level, with its diagrams.

    Final states are ordered as the particle table (X before Y); diagrams as s, t, u, contact.
    Raises ``NotImplementedError`` for a topology the amplitudes do not cover (a dark boson in the
    t-channel of a fermion final state), so that a new vertex can never be dropped silently.
    """
    chi = ir.particle(dm)
    chibar = chi.antiname
    order = {p.name: (i, 0) for i, p in enumerate(ir.particles)}
    order.update({p.antiname: (i, 1) for i, p in enumerate(ir.particles) if p.antiname != p.name})
    anti = {}
    for p in ir.particles:
        anti[p.name], anti[p.antiname] = p.antiname, p.name
    dark = {n for p in ir.particles if p.dark for n in (p.name, p.antiname)}

    found: dict[tuple[str, str], list[Diagram]] = defaultdict(list)

    def add(x: str, y: str, diagram: Diagram) -> None:
        found[(x, y)].append(diagram)

    for v in ir.vertices:
        if not v.n_fermions or v.legs[1] != chi.name:
            continue
        bar, bosons = v.legs[0], v.legs[2:]
        if set(bosons) & dark:
            continue
        if bar == chibar and len(bosons) == 1:
            _s_channel(ir, v, anti, dark, order, add)
        elif bar == chibar and len(bosons) == 2:
            x, y = sorted((anti[bosons[0]], anti[bosons[1]]), key=order.__getitem__)
            roles = ("chibar", "chi", *_boson_roles(bosons, anti[x], anti[y]))
            add(x, y, Diagram("contact", (VertexUse(v, roles),)))
        if len(bosons) == 1:
            _tu_channel(ir, v, anti, dark, order, add, chibar)

    out = []
    for (x, y), diagrams in sorted(
        found.items(), key=lambda kv: (order[kv[0][0]], order[kv[0][1]])
    ):
        rank = {"s": 0, "t": 1, "u": 2, "contact": 3}
        ordered = sorted(
            diagrams, key=lambda d: (rank[d.topology], order.get(d.internal or "", (0, 0)))
        )
        out.append(FinalState((x, y), tuple(ordered)))
    return tuple(out)


def _boson_roles(bosons: tuple[str, ...], x_in: str, y_in: str) -> tuple[Role, ...]:
    """Roles of the incoming boson legs ``anti(X)``, ``anti(Y)``, in vertex order.

    For identical bosons the first occurrence is X (vertex functions are symmetric in them).
    """
    if x_in == y_in:
        return ("X", "Y")
    return tuple("X" if name == x_in else "Y" for name in bosons)


def _s_channel(ir, v1, anti, dark, order, add) -> None:
    """chi chi~ -> M* -> X Y for the mediator of the 3-point vertex v1 = (chi~, chi, anti(M))."""
    m_in = v1.legs[2]  # incoming anti(M) at v1: M flows out of v1
    mediator = anti[m_in]
    use1 = VertexUse(v1, ("chibar", "chi", "q"))
    for v2 in ir.vertices:
        if len(v2.legs) != 3:
            continue
        rest = list(v2.legs)
        try:
            pos = rest.index(mediator)
        except ValueError:
            continue
        if v2.n_fermions and pos < 2:
            continue  # the mediator is a boson; it sits among the bosons
        others = rest[:pos] + rest[pos + 1 :]
        if set(others) & dark:
            continue
        if v2.n_fermions:
            bar, field = (
                others  # outgoing X = anti(bar) on the bar leg (u-bar), Y = anti(field) (v)
            )
            x, y = anti[bar], anti[field]
            roles = ["X", "Y"]
            roles.insert(pos, "q")
            add(x, y, Diagram("s", (use1, VertexUse(v2, tuple(roles))), mediator))
        else:
            x, y = sorted((anti[others[0]], anti[others[1]]), key=order.__getitem__)
            roles = []
            seen_x = False
            for i, name in enumerate(v2.legs):
                if i == pos:
                    roles.append("q")
                elif name == anti[x] and not seen_x:
                    roles.append("X")
                    seen_x = True
                else:
                    roles.append("Y")
            add(x, y, Diagram("s", (use1, VertexUse(v2, tuple(roles))), mediator))


def _tu_channel(ir, v1, anti, dark, order, add, chibar) -> None:
    """Diagrams with a fermion F exchanged: v1 = (anti(F), chi, anti(B1)), v2 = (chi~, F, anti(B2))."""
    f_bar = v1.legs[0]  # incoming anti(F) on the bar leg: F flows out of v1
    f = anti[f_bar]
    b1 = v1.legs[2]
    if b1 in dark:
        return
    x1 = anti[b1]
    for v2 in ir.vertices:
        if not v2.n_fermions or len(v2.legs) != 3 or v2.legs[0] != chibar or v2.legs[1] != f:
            continue
        b2 = v2.legs[2]
        if b2 in dark:
            continue
        x2 = anti[b2]
        x, y = sorted((x1, x2), key=order.__getitem__)
        identical = x == y
        # t: the boson emitted at the chi vertex is X; u: it is Y. Identical bosons give both.
        topologies = ("t", "u") if identical else (("t",) if x1 == x else ("u",))
        for top in topologies:
            first, second = ("X", "Y") if top == "t" else ("Y", "X")
            use1 = VertexUse(v1, ("q", "chi", first))
            use2 = VertexUse(v2, ("chibar", "q", second))
            add(x, y, Diagram(top, (use1, use2), f))


def mediators(ir: ModelIR, dm: str = "chi") -> tuple[str, ...]:
    """The s-channel mediators of ``dm anti(dm)`` annihilation (IR order)."""
    chi = ir.particle(dm)
    out = []
    for v in ir.vertices:
        if (
            v.n_fermions
            and len(v.legs) == 3
            and v.legs[0] == chi.antiname
            and v.legs[1] == chi.name
        ):
            out.append(ir.particle(v.legs[2]).name)
    return tuple(dict.fromkeys(out))


def masses_of(ir: ModelIR, state: FinalState) -> tuple[str, str]:
    """Mass parameter names of X and Y (``"ZERO"`` for massless)."""
    px: Particle = ir.particle(state.particles[0])
    py: Particle = ir.particle(state.particles[1])
    return px.mass, py.mass
