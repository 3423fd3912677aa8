"""``lorentz.py``: the IR's Lorentz structures as UFO Lorentz expressions."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from alpseesaw.errors import GenerationError

if TYPE_CHECKING:
    from collections.abc import Mapping


def lorentz_term(structure: tuple[tuple, ...], perm: Mapping[int, int]) -> tuple[int, str]:
    """``(sign, UFO product)`` of one IR Lorentz structure (see the module conventions)."""

    def idx(i: int) -> int:
        return perm[i] if i > 0 else i

    lorentz_dummies = [
        i
        for p in structure
        for i in (p[2:] if p[0] == "chain" else p[1:2] if p[0] == "P" else p[1:])
        if isinstance(i, int) and i < 0
    ]
    spinor_dummy = min([0, *lorentz_dummies]) - 1
    sign = 1
    factors: list[str] = []
    for p in structure:
        kind = p[0]
        if kind == "g":
            factors.append(f"Metric({idx(p[1])},{idx(p[2])})")
        elif kind == "P":
            sign = -sign  # P is the outgoing momentum in the UFO, the incoming one in the IR
            factors.append(f"P({idx(p[1])},{idx(p[2])})")
        elif kind == "eps":
            sign = -sign  # eps^{0123} = +1 in the IR, -1 for UFO Epsilon
            factors.append(f"Epsilon({','.join(str(idx(i)) for i in p[1:])})")
        elif kind == "chain":
            proj = {"L": "ProjM", "R": "ProjP"}[p[1]]
            row, col = perm[1], perm[2]
            if len(p) == 2:
                factors.append(f"{proj}({row},{col})")
            else:
                factors.append(
                    f"Gamma({idx(p[2])},{row},{spinor_dummy})*{proj}({spinor_dummy},{col})"
                )
        else:
            msg = f"no UFO form of the Lorentz primitive {p!r}"
            raise GenerationError(msg)
    return sign, "*".join(factors) if factors else "1"


def _rational_times(r: Fraction, product: str) -> str:
    sign = "-" if r < 0 else ""
    a = abs(r)
    head = product if a.numerator == 1 else f"{a.numerator}*{product}"
    return f"{sign}{head}" if a.denominator == 1 else f"{sign}{head}/{a.denominator}"


def combine(terms: list[tuple[Fraction, str]]) -> tuple[Fraction, str]:
    """``(r0, structure)`` with ``sum r_i s_i = r0 * structure``, first term normalised to 1."""
    merged: dict[str, Fraction] = {}
    for r, s in terms:
        merged[s] = merged.get(s, Fraction(0)) + r
    items = sorted((s, r) for s, r in merged.items() if r != 0)
    if not items:
        msg = "a Lorentz combination cancels to zero"
        raise GenerationError(msg)
    r0 = items[0][1]
    parts = []
    for k, (s, r) in enumerate(items):
        t = _rational_times(r / r0, s)
        parts.append(t if k == 0 else (f"- {t[1:]}" if t.startswith("-") else f"+ {t}"))
    return r0, " ".join(parts)
