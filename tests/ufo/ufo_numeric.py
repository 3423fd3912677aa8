"""An independent numerical reader of UFO directories (for the tests).

It imports a generated UFO as a Python package, evaluates its parameters and couplings from the
files' own expressions, and evaluates vertices -- ``sum coupling x colour x Lorentz`` -- from the
UFO strings, with the UFO conventions as consumers read them:

* ``Gamma(mu,i,j)``, ``Gamma5``, ``ProjM = (1-g5)/2``, ``ProjP``, ``Identity``, ``C`` (charge
  conjugation ``i g^2 g^0``) in the Dirac representation, ``g5 = i g^0 g^1 g^2 g^3``;
* ``Metric`` = ``diag(1,-1,-1,-1)``; every Lorentz index is upper, contractions through the metric;
  a vector leg's index is contracted with its (lowered) polarisation;
* ``P(mu,k)`` = the momentum given for leg ``k`` (the caller passes the UFO's: outgoing);
* ``Epsilon`` with ``eps^{0123} = -1`` (MadGraph/ALOHA's convention for UFO);
* colour: ``T = lambda/2``, ``f`` from ``[T^a, T^b] = i f^{abc} T^c``, ``Identity`` = delta.

Nothing here is shared with the generator; it reads only the files (the Dirac and Gell-Mann
matrices are taken from ``alpseesaw.model.numeric``, so that both sides use one representation).
"""

from __future__ import annotations

import ast
import cmath
import importlib
import string
import sys
import uuid
import warnings
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from alpseesaw.model import numeric

if TYPE_CHECKING:
    from collections.abc import Mapping
    from types import ModuleType

# The matrices themselves (Dirac representation, Gell-Mann) are the model's: a numerical comparison
# of spinor and colour matrices needs one representation on both sides. The UFO conventions (the
# Epsilon sign, outgoing P, index order) are this reader's own.
METRIC, GAMMA, GAMMA5, T_FUND, F_ADJ = (
    numeric.METRIC,
    numeric.GAMMA,
    numeric.GAMMA5,
    numeric.T_FUND,
    numeric.F_ADJ,
)
CMAT = 1j * GAMMA[2] @ GAMMA[0]
SPINOR_ATOMS = {
    "Gamma5": GAMMA5, "ProjM": (np.eye(4) - GAMMA5) / 2, "ProjP": (np.eye(4) + GAMMA5) / 2,
    "Identity": np.eye(4, dtype=complex), "C": CMAT,
}  # fmt: skip

#: UFO Levi-Civita tensor, upper indices: eps^{0123} = -1.
EPSILON_UFO = -numeric.EPS_UPPER  # the model's tensor has eps^{0123} = +1


# -- loading ---------------------------------------------------------------------------------------
def load(path: str | Path) -> ModuleType:
    """Import the UFO directory as a package under a fresh name (no global side effects kept)."""
    path = Path(path).resolve()
    name = f"_ufo_{uuid.uuid4().hex}"
    spec = importlib.util.spec_from_file_location(
        name, path / "__init__.py", submodule_search_locations=[str(path)]
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    finally:
        for key in [k for k in sys.modules if k == name or k.startswith(name + ".")]:
            del sys.modules[key]
    return module


def _namespace(module: ModuleType) -> dict:
    fl = module.function_library
    ns = {"cmath": cmath, "complex": complex, "abs": abs, "__builtins__": {}}
    for f in module.all_functions:
        ns[f.name] = getattr(fl, f.name)
    return ns


def parameters(
    module: ModuleType, overrides: Mapping[str, float] | None = None
) -> dict[str, complex]:
    """Every parameter's value: externals from the file (or ``overrides``), internals evaluated."""
    ns = _namespace(module)
    out: dict[str, complex] = {}
    for p in module.all_parameters:
        if p.nature == "external":
            val = (overrides or {}).get(p.name, p.value)
        else:
            val = eval(p.value, ns)
        out[p.name] = ns[p.name] = val
    return out


def couplings(module: ModuleType, params: Mapping[str, complex]) -> dict[str, complex]:
    ns = _namespace(module) | dict(params)
    return {c.name: complex(eval(c.value, ns)) for c in module.all_couplings}


# -- structures ------------------------------------------------------------------------------------
def _expand(node: ast.AST) -> list[tuple[complex, list[tuple[str, tuple[int, ...]]]]]:
    if isinstance(node, ast.Call):
        return [(1 + 0j, [(node.func.id, tuple(_int(a) for a in node.args))])]
    if isinstance(node, ast.Constant):
        return [(complex(node.value), [])]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return [(-c, a) for c, a in _expand(node.operand)]
    if isinstance(node, ast.BinOp):
        left, right = _expand(node.left), _expand(node.right)
        if isinstance(node.op, ast.Add):
            return left + right
        if isinstance(node.op, ast.Sub):
            return left + [(-c, a) for c, a in right]
        if isinstance(node.op, ast.Mult):
            return [(cl * cr, al + ar) for cl, al in left for cr, ar in right]
        if isinstance(node.op, ast.Div) and all(not a for _, a in right) and len(right) == 1:
            return [(c / right[0][0], a) for c, a in left]
    msg = f"unsupported UFO structure node {ast.dump(node)}"
    raise ValueError(msg)


def _int(node: ast.AST) -> int:
    if isinstance(node, ast.Constant):
        return int(node.value)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -_int(node.operand)
    msg = "non-integer index"
    raise ValueError(msg)


def parse(structure: str) -> list[tuple[complex, list[tuple[str, tuple[int, ...]]]]]:
    return _expand(ast.parse(structure.strip(), mode="eval").body)


def lorentz(
    structure: str,
    spins: Mapping[int, int],
    momenta: Mapping[int, np.ndarray],
    pols: Mapping[int, np.ndarray],
) -> complex | np.ndarray:
    """A UFO Lorentz structure; with fermions a matrix ``[spinor of leg 2, spinor of leg 1]``."""
    fermion_legs = sorted(k for k, s in spins.items() if s == 2)
    total: complex | np.ndarray = 0j
    for coeff, atoms in parse(structure):
        ops: list[tuple[np.ndarray, list]] = []
        for name, args in atoms:
            if name == "Metric":
                ops.append((METRIC, [("l", args[0]), ("l", args[1])]))
            elif name == "P":
                ops.append((np.asarray(momenta[args[1]], complex), [("l", args[0])]))
            elif name == "Epsilon":
                ops.append((EPSILON_UFO, [("l", a) for a in args]))
            elif name == "Gamma":
                ops.append((GAMMA, [("l", args[0]), ("s", args[1]), ("s", args[2])]))
            elif name in SPINOR_ATOMS:
                ops.append((SPINOR_ATOMS[name], [("s", args[0]), ("s", args[1])]))
            else:
                msg = f"unknown UFO Lorentz atom {name}"
                raise ValueError(msg)
        counts = Counter(lab for _, labs in ops for lab in labs if lab[0] == "l")
        for lab, n in counts.items():
            if n == 1:
                ops.append((METRIC @ np.asarray(pols[lab[1]], complex), [lab]))
            elif n == 2:
                for i in range(len(ops) - 1, -1, -1):
                    arr, labs = ops[i]
                    if lab in labs:
                        j = len(labs) - 1 - labs[::-1].index(lab)
                        ops[i] = (arr, [*labs[:j], (*lab, "'"), *labs[j + 1 :]])
                        break
                ops.append((METRIC, [lab, (*lab, "'")]))
            else:
                msg = f"Lorentz index {lab[1]} appears {n} times in {structure}"
                raise ValueError(msg)
        out = [("s", fermion_legs[1]), ("s", fermion_legs[0])] if fermion_legs else []
        value = coeff * _einsum(ops, out) if ops else coeff * np.eye(4) if fermion_legs else coeff
        total = total + value
    return total


def _einsum(ops: list[tuple[np.ndarray, list]], out: list) -> complex | np.ndarray:
    letters: dict[object, str] = {}
    pool = iter(string.ascii_letters)
    subs = ["".join(letters.setdefault(lab, next(pool)) for lab in labs) for _, labs in ops]
    res = np.einsum(",".join(subs) + "->" + "".join(letters[o] for o in out), *(a for a, _ in ops))
    return res if out else complex(res)


def colour(structure: str, indices: Mapping[int, int], dims: Mapping[int, int]) -> complex:
    """A UFO colour structure for the legs' colour indices (0-based); dummies summed."""
    total = 0j
    for coeff, atoms in parse(structure):
        ops: list[tuple[np.ndarray, list]] = []
        for name, args in atoms:
            if name == "Identity":
                leg = args[0] if args[0] > 0 else args[1]
                ops.append((np.eye(dims[leg], dtype=complex), list(args)))
            elif name == "T":
                ops.append((T_FUND, list(args)))
            elif name == "f":
                ops.append((F_ADJ.astype(complex), list(args)))
            else:
                msg = f"unknown UFO colour atom {name}"
                raise ValueError(msg)
        for lab in sorted({a for _, labs in ops for a in labs if a > 0}):
            vec = np.zeros(dims[lab], dtype=complex)
            vec[indices[lab]] = 1
            ops.append((vec, [lab]))
        total += coeff * (_einsum(ops, []) if ops else 1.0)
    return total


def vertex_value(
    vertex, couplings_: Mapping[str, complex], momenta, pols, colours=None, dims=None
) -> complex | np.ndarray:
    """``sum coupling x colour x Lorentz`` of a UFO vertex object."""
    spins = {k: p.spin for k, p in enumerate(vertex.particles, start=1)}
    total: complex | np.ndarray = 0j
    for (ci, li), c in vertex.couplings.items():
        col = colour(vertex.color[ci], colours or {}, dims or {})
        total = total + couplings_[c.name] * col * lorentz(
            vertex.lorentz[li].structure, spins, momenta, pols
        )
    return total


def load_ufoamp(path):
    """``ufoamp.ufo_model.load``; ufoamp 1.0 reads the model files with ``open(...).read()`` and
    never closes them, so its ResourceWarnings (errors under our warning filter) are ignored here,
    and only here."""
    from ufoamp.ufo_model import load

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        return load(str(path))
