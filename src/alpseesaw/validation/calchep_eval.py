"""Read CalcHEP model files back and evaluate their vertices numerically.

Independent of the generator: parameters are evaluated from ``vars1.mdl`` and ``func1.mdl`` text,
vertices from ``lgrng1.mdl`` text, with CalcHEP's documented conventions (help/s_mdl_4.txt):
vertex = Factor x Lorentz part x implicit colour, momenta ``p<k>`` incoming, ``m<k>`` the vector
index of leg k. Lorentz parts are evaluated with the same Dirac matrices as
:mod:`alpseesaw.model.numeric`, so a CalcHEP vertex and an IR vertex can be compared number by
number. Two conventions are CalcHEP's as *measured*, not as the manual's wording suggests:

* ``eps`` has ``eps^{0123} = -1`` relative to CalcHEP's ``G5`` (the IR uses +1): on the real CalcHEP,
  mu- mu+ -> a gamma, where the a-gamma-gamma vertex interferes with the gamma5 couplings of the
  muon, agrees with the IR's Feynman rules only with that sign (docs/lanhep.md);
* the implicit colour factor of an 8-8-8 vertex is ``-i f^{abc}`` and of 3-3bar-8 ``lambda^a/2``
  (antiquark index first), in the IR's normalisation ``[T^a, T^b] = i f^{abc} T^c``: this is what
  CalcHEP's own SM (``U u G | GG | G(m3)`` beside ``G G G | GG | m1.m2*(p1-p2).m3+...``) and
  LanHEP's qcd.mdl require for the standard QCD vertices.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from alpseesaw.model.numeric import EPS_UPPER, F_ADJ, GAMMA, GAMMA5, METRIC, T_FUND

if TYPE_CHECKING:
    from collections.abc import Mapping


@dataclass(frozen=True)
class CalcHEPVertex:
    legs: tuple[str, ...]
    factor: str
    lorentz: str


def _rows(text: str) -> list[list[str]]:
    """Data rows of a CalcHEP table (after the title, the table name and the header)."""
    rows = []
    for line in text.splitlines()[3:]:
        if line.startswith("="):
            break
        rows.append([c.strip() for c in line.split("|")])
    return rows


def read_vertices(lgrng: str) -> list[CalcHEPVertex]:
    out = []
    for r in _rows(lgrng):
        legs = tuple(x for x in r[:4] if x)
        out.append(CalcHEPVertex(legs, r[4], r[5]))
    return out


def read_particles(prtcls: str) -> dict[str, dict[str, str]]:
    """CalcHEP name (particle and antiparticle) -> row fields."""
    out = {}
    for r in _rows(prtcls):
        row = {
            "name": r[1],
            "anti": r[2],
            "pdg": r[3],
            "spin2": r[4],
            "mass": r[5],
            "width": r[6],
            "colour": r[7],
        }
        out[r[1]] = row
        out[r[2]] = row
    return out


_FUNCS = {
    "sqrt": math.sqrt, "sin": math.sin, "cos": math.cos, "tan": math.tan, "asin": math.asin,
    "acos": math.acos, "atan": math.atan, "exp": math.exp, "log": math.log, "fabs": abs,
    "atan2": math.atan2, "min": min, "max": max,
}  # fmt: skip


def _py(expr: str) -> str:
    """CalcHEP expression -> Python expression (``^`` -> ``**``, drop the comment)."""
    return expr.split("%", 1)[0].replace("^", "**")


def evaluate_parameters(
    vars1: str, func1: str, overrides: Mapping[str, float] | None = None, GG: float = 1.2
) -> dict[str, float]:
    """All parameter values: ``vars1.mdl`` numbers (with ``overrides``), then ``func1.mdl`` in order.

    ``GG`` is CalcHEP's running strong coupling (not a model parameter).
    """
    ns: dict[str, object] = {"pi": math.pi, "Sqrt2": math.sqrt(2), "GG": GG, **_FUNCS}
    for r in _rows(vars1):
        ns[r[0]] = float(r[1])
    for k, v in (overrides or {}).items():
        ns[k] = float(v)
    for r in _rows(func1):
        name = r[0].lstrip("*")
        ns[name] = float(eval(_py(r[1]), {"__builtins__": {}}, ns))
    return {k: v for k, v in ns.items() if isinstance(v, float)}


# -- Lorentz parts -----------------------------------------------------------------------------


class _Vec:
    """A four-vector with upper index; ``a.b`` contracts with the metric."""

    __slots__ = ("v",)

    def __init__(self, v: np.ndarray) -> None:
        self.v = np.asarray(v, dtype=complex)


def _dot(a: _Vec, b: _Vec) -> complex:
    return complex(a.v @ METRIC @ b.v)


class _Dirac:
    """A 4x4 Dirac matrix for which ``*`` is the matrix product (as in a CalcHEP Lorentz part)."""

    __slots__ = ("m",)

    def __init__(self, m: np.ndarray) -> None:
        self.m = np.asarray(m, dtype=complex)

    def __mul__(self, other: Any) -> _Dirac:
        return _Dirac(self.m @ other.m) if isinstance(other, _Dirac) else _Dirac(self.m * other)

    def __rmul__(self, other: Any) -> _Dirac:
        return _Dirac(other * self.m)

    def __add__(self, other: Any) -> _Dirac:
        return _Dirac(self.m + (other.m if isinstance(other, _Dirac) else other * np.eye(4)))

    __radd__ = __add__

    def __sub__(self, other: Any) -> _Dirac:
        return self + (-1) * other

    def __rsub__(self, other: object) -> _Dirac:
        return (-1) * self + other

    def __neg__(self) -> _Dirac:
        return _Dirac(-self.m)


def _slash(a: _Vec) -> _Dirac:
    return _Dirac(np.einsum("mab,m->ab", GAMMA, METRIC @ a.v))


def _eps(a: _Vec, b: _Vec, c: _Vec, d: _Vec) -> complex:
    """CalcHEP's eps(a,b,c,d): eps^{0123} = -1 relative to G5 (measured, see the module docstring)."""
    lo = [METRIC @ x.v for x in (a, b, c, d)]
    return -complex(np.einsum("abcd,a,b,c,d->", EPS_UPPER, *lo))


_DOT = re.compile(r"\b([mp]\d)\.([mp]\d)\b")


def evaluate_lorentz(
    lorentz: str,
    params: Mapping[str, float],
    momenta: Mapping[int, np.ndarray],
    polarisations: Mapping[int, np.ndarray],
) -> complex | np.ndarray:
    """A CalcHEP Lorentz part (or Factor) with legs' momenta and polarisation vectors inserted."""
    ns: dict[str, object] = dict(params)
    ns.update(
        {
            "i": 1j,
            "G5": _Dirac(GAMMA5),
            "G": _slash,
            "eps": _eps,
            "_dot": _dot,
            "pi": math.pi,
            "Sqrt2": math.sqrt(2),
        }
    )
    for k, p in momenta.items():
        ns[f"p{k}"] = _Vec(p)
    for k, e in polarisations.items():
        ns[f"m{k}"] = _Vec(e)
    code = _DOT.sub(r"_dot(\1,\2)", _py(lorentz))
    value = eval(code, {"__builtins__": {}}, ns)
    return value.m if isinstance(value, _Dirac) else complex(value)


def implicit_colour(colours: list[int], indices: Mapping[int, int]) -> complex:
    """CalcHEP's implicit colour factor for legs with representations ``colours`` (1, 3, 8)."""
    legs3 = [k + 1 for k, c in enumerate(colours) if c == 3]
    legs8 = [k + 1 for k, c in enumerate(colours) if c == 8]
    if not legs3 and not legs8:
        return 1.0
    if len(legs3) == 2 and not legs8:
        return 1.0 if indices[legs3[0]] == indices[legs3[1]] else 0.0
    if len(legs8) == 2 and not legs3:
        return 1.0 if indices[legs8[0]] == indices[legs8[1]] else 0.0
    if len(legs3) == 2 and len(legs8) == 1:
        return complex(T_FUND[indices[legs8[0]]][indices[legs3[0]], indices[legs3[1]]])
    if len(legs8) == 3 and not legs3:
        a, b, c = (indices[k] for k in legs8)
        return -1j * F_ADJ[a, b, c]
    msg = f"no implicit CalcHEP colour structure for representations {colours}"
    raise ValueError(msg)


def vertex_value(
    v: CalcHEPVertex,
    params: Mapping[str, float],
    colours: list[int],
    momenta: Mapping[int, np.ndarray],
    polarisations: Mapping[int, np.ndarray],
    colour_indices: Mapping[int, int] | None = None,
) -> complex | np.ndarray:
    """Factor x Lorentz part x implicit colour."""
    factor = evaluate_lorentz(v.factor, params, {}, {})
    lor = evaluate_lorentz(v.lorentz, params, momenta, polarisations)
    return factor * lor * implicit_colour(colours, colour_indices or {})


def fermionic(v: CalcHEPVertex, particles: Mapping[str, Mapping[str, str]]) -> bool:
    return any(particles[x]["spin2"] == "1" for x in v.legs)
