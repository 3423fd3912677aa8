"""IR vertices contracted with wavefunctions, batched: the building block of every amplitude.

A vertex of the IR is ``sum_c value_c x lorentz_c`` (:mod:`alpseesaw.model.ir`); its Feynman rule
is ``i`` times that. :class:`VertexContraction` compiles one use of a vertex in a diagram (which
leg carries which external wavefunction, which leg is the internal line) into ``numpy.einsum``
calls, once; calling it evaluates the vertex on a batch of phase-space points.

Waves. A :class:`Wave` is an array ``(B, *spins, c)`` with one letter per spin axis (``"i"`` for
chi, ``"j"`` chi~, ``"k"`` X, ``"l"`` Y); ``c`` is a Lorentz index (vectors, upper components) or
a Dirac index (spinors: a column spinor ``u``/``v``, or a row spinor ``ubar``/``vbar`` on a bar
leg), and is absent for scalars. The result of a contraction is a Wave whose spin letters are
those of all inputs (sorted) and whose component axis is the internal line's open index, if any:
an upper Lorentz index for a vector line, the row index of the Dirac matrix when the bar leg is
open (the result is ``Gamma psi``, a column spinor) or its column index when the field leg is open
(``psibar Gamma``, a row spinor).
"""

from __future__ import annotations

import string
from collections import Counter
from dataclasses import dataclass

import numpy as np

from alpseesaw.model.channels import VertexUse
from alpseesaw.model.numeric import EPS_UPPER, GAMMA, METRIC, PROJ

_METRIC = METRIC.real
_GAMMA_PROJ = {k: np.einsum("mab,bc->mac", GAMMA, v) for k, v in PROJ.items()}


@dataclass(frozen=True)
class Wave:
    """A batched wavefunction or partial amplitude; see the module docstring."""

    array: np.ndarray
    spins: str
    has_component: bool

    @classmethod
    def scalar(cls, b: int) -> Wave:
        return cls(np.ones((b,), dtype=complex), "", False)


class VertexContraction:
    """One use of an IR vertex, compiled: ``__call__(couplings, momenta, waves) -> Wave``.

    ``attached``: role -> (spin letters, has component) of the wave on that leg (scalars have no
    wave); ``open_role``: the leg left open (the internal line) or None; ``open_component``: whether
    that line carries an index (a vector or a fermion; not a scalar).
    """

    def __init__(
        self,
        use: VertexUse,
        attached: dict[str, tuple[str, bool]],
        open_role: str | None = None,
        open_component: bool = False,
    ) -> None:
        self.use = use
        self.open_role = open_role
        v = use.vertex
        self._fermion = v.n_fermions == 2
        self._attached = attached
        spins = "".join(sorted("".join(s for s, _ in attached.values())))
        if len(set(spins)) != len(spins):
            msg = f"spin letter used twice in {v.key}: {spins}"
            raise ValueError(msg)
        self.spins = spins
        self.out_component = open_role is not None and open_component
        self._plans = [self._plan(c.lorentz) for c in v.couplings]

    # -- compilation ------------------------------------------------------------------------------
    def _plan(self, structure: tuple[tuple, ...]) -> tuple[str, list[tuple[str, object]]]:
        """einsum subscripts and the operand recipe of one Lorentz structure."""
        pool = iter(c for c in string.ascii_letters if c not in "bijklmnopq")
        labels: dict[object, str] = {}

        def lab(x: object) -> str:
            if x not in labels:
                labels[x] = next(pool)
            return labels[x]

        ops: list[tuple[str, list[object]]] = []  # (recipe, index labels before renaming)
        for p in structure:
            kind = p[0]
            if kind == "g":
                ops.append(("metric", [p[1], p[2]]))
            elif kind == "P":
                ops.append((f"mom:{p[2]}", ["B", p[1]]))
            elif kind == "eps":
                ops.append(("eps", list(p[1:])))
            elif kind == "chain":
                if len(p) == 2:
                    ops.append((f"proj:{p[1]}", ["sb", "sf"]))
                else:
                    ops.append((f"gproj:{p[1]}", [p[2], "sb", "sf"]))
            else:
                msg = f"unknown Lorentz primitive {p!r}"
                raise ValueError(msg)
        counts = Counter(x for _, idx in ops for x in idx if isinstance(x, int))
        roles = self.use.roles
        out_idx: list[object] = []
        for x, n in sorted(counts.items()):
            if n == 2 and x < 0:  # a dummy: rename its second occurrence, join with g_{mu nu}
                for i in range(len(ops) - 1, -1, -1):
                    if x in ops[i][1]:
                        idx = list(ops[i][1])
                        j = len(idx) - 1 - idx[::-1].index(x)
                        idx[j] = (x, "'")
                        ops[i] = (ops[i][0], idx)
                        break
                ops.append(("metric", [x, (x, "'")]))
            elif n == 1 and x > 0:  # a leg's vector index
                role = roles[x - 1]
                if role == self.open_role:
                    out_idx.append(x)
                else:
                    ops.append((f"vec:{role}", ["B", "S:" + role, x]))
            else:
                msg = f"index {x} appears {n} times in {structure}"
                raise ValueError(msg)
        if self._fermion:
            for side, leg in (("sb", 0), ("sf", 1)):
                role = roles[leg]
                if role == self.open_role:
                    out_idx.append(side)
                else:
                    ops.append((f"spinor:{role}", ["B", "S:" + role, side]))
        ops.append(("coupling", ["B"]))

        # letters: batch 'b', spins by role letter, the rest from the pool
        def letter(x: object) -> str:
            if x == "B":
                return "b"
            if isinstance(x, str) and x.startswith("S:"):
                return self._attached[x[2:]][0]
            return lab(x)

        subs = []
        recipe = []
        for kind, idx in ops:
            if kind.startswith(("vec:", "spinor:")):
                role = kind.split(":", 1)[1]
                letters = self._attached[role][0]
                sub = "b" + letters + letter(idx[-1])
            else:
                sub = "".join(letter(x) for x in idx)
            subs.append(sub)
            recipe.append((kind, None))
        out = "b" + self.spins + "".join(letter(x) for x in out_idx)
        if len(out_idx) > 1:
            msg = f"more than one open index in {structure}"
            raise ValueError(msg)
        return ",".join(subs) + "->" + out, recipe

    # -- evaluation -------------------------------------------------------------------------------
    def __call__(
        self, couplings: list[np.ndarray], momenta: dict[str, np.ndarray], waves: dict[str, Wave]
    ) -> Wave:
        """Sum over the vertex's couplings; ``momenta[role]``: incoming momentum of that leg (B, 4)."""
        total = None
        for (subs, recipe), value in zip(self._plans, couplings, strict=True):
            operands = [self._operand(kind, momenta, waves, value) for kind, _ in recipe]
            term = np.einsum(subs, *operands, optimize="greedy")
            total = term if total is None else total + term
        assert total is not None
        return Wave(total, self.spins, self.out_component)

    def _operand(
        self, kind: str, momenta: dict[str, np.ndarray], waves: dict[str, Wave], value: np.ndarray
    ) -> np.ndarray:
        if kind == "metric":
            return _METRIC
        if kind == "eps":
            return EPS_UPPER
        if kind == "coupling":
            return value
        head, arg = kind.split(":", 1)
        if head == "mom":
            return momenta[self.use.roles[int(arg) - 1]]
        if head == "proj":
            return PROJ[arg]
        if head == "gproj":
            return _GAMMA_PROJ[arg]
        if head == "vec":  # lower the polarisation's index
            arr = waves[arg].array
            return arr * np.diag(_METRIC)
        if head == "spinor":
            return waves[arg].array
        msg = f"unknown operand {kind}"
        raise ValueError(msg)
