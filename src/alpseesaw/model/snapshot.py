"""A shipped, versioned snapshot of the IR's vertices, verified against the source.

Building the IR from the Lagrangian (:func:`alpseesaw.model.build.assemble_model`) is SymPy
arithmetic (mass-basis substitution, vertex extraction, the IR hash) and takes about 1.8 CPU
seconds; its result is a pure function of the model's source. ``ir_snapshot.json`` (beside this
file) holds that result for each ALP gauge: every vertex with its couplings (SymPy trees with
their arguments in SymPy's canonical order, rebuilt without re-evaluation), the Lagrangian's
term list and the IR hash. Particles and parameters are always taken from the source (they cost
milliseconds).

The snapshot is used only if its **key** matches: SHA-256 of the snapshot format, alpseesaw's
version, SymPy's version, the gauge and the bytes of every module of ``alpseesaw/model/`` the IR
is built from (:func:`source_files`, :func:`source_key`). Any edit of them (a planted defect too)
changes the key, and the IR is then built from the source as before.

The decay table and the CalcHEP and LanHEP forms of the couplings (:mod:`alpseesaw.model.forms`)
are shipped beside it, each in a file of its own (``ir_snapshot_<table>.json``, with the key and
IR hash it belongs to) whose node table extends the IR's: the process that builds the IR reads
only ``ir_snapshot.json``, and each generator reads and decodes only what it prints.

``tests/model/test_snapshot.py`` builds from the source and asserts that the snapshot equals it
(and fails, naming the command below, when the snapshot is stale). Regenerate with::

    python -m alpseesaw.model.snapshot          # rewrites src/alpseesaw/model/ir_snapshot*.json
    python -m alpseesaw.model.snapshot --check  # exit 1 if stale or different
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from alpseesaw import __version__

if TYPE_CHECKING:
    from collections.abc import Sequence

    import sympy as sp

    from alpseesaw.model.forms import CalcHEPVertex, LanHEPForms
    from alpseesaw.model.ir import ModelIR, Vertex
    from alpseesaw.model.widths import PartialWidth

    DecayTable = dict[str, tuple[PartialWidth, ...]]

#: Bump when the file layout or the expression encoding changes.
FORMAT = 2
MODEL_DIR = Path(__file__).resolve().parent
SNAPSHOT = MODEL_DIR / "ir_snapshot.json"
GAUGES = ("broken", "unbroken")
#: The decay table (:func:`alpseesaw.model.widths.decay_table`) is keyed by these modules too.
WIDTH_ROOTS = ("build", "snapshot", "widths")


def _sympy_version() -> str:
    """SymPy's version, as the installed SymPy says it (not read from its metadata: importing
    ``importlib.metadata`` costs a cold generation 15-20 ms)."""
    import sympy

    return str(sympy.__version__)


def source_files(roots: tuple[str, ...] = ("build", "snapshot")) -> list[Path]:
    """The model modules the IR is built from: ``build.py`` and this file, and every module of
    ``alpseesaw/model/`` they name (``alpseesaw.model.x`` or ``from alpseesaw.model import x``,
    docstrings included: a superset), transitively. ``checks.py``, ``widths.py``, ``card.py``
    ... do not shape the IR and are not in its key. The widths' key starts from ``widths.py``."""
    names = re.compile(r"alpseesaw\.model\.(\w+)|from alpseesaw\.model import ([\w, ]+)")
    todo, seen = list(roots), set()
    while todo:
        name = todo.pop()
        path = MODEL_DIR / f"{name}.py"
        if name in seen or not path.is_file():
            continue
        seen.add(name)
        for dotted, listed in names.findall(path.read_text()):
            todo += [dotted] if dotted else [x.strip() for x in listed.split(",")]
    return [MODEL_DIR / f"{name}.py" for name in sorted(seen)]


@functools.cache
def source_key(alp_gauge: str, roots: tuple[str, ...] = ("build", "snapshot")) -> str:
    """The key a snapshot must carry to be used for ``alp_gauge`` (read once per process);
    ``roots=WIDTH_ROOTS``: the key of its decay table."""
    h = hashlib.sha256(
        f"ir-snapshot {FORMAT} {__version__} {_sympy_version()} {alp_gauge} {roots}".encode()
    )
    for path in source_files(roots):
        h.update(path.name.encode() + b"\0")
        h.update(path.read_bytes() + b"\0")
    return h.hexdigest()


# -- expressions ----------------------------------------------------------------------------------
# Expressions are stored as one table of distinct subtrees (a DAG: couplings share most of their
# factors); a node is ``[tag, ...]`` whose sub-expressions are indices of earlier nodes, and an
# expression is the index of its node. Arguments keep SymPy's order, so the rebuilt tree is the
# same tree (equal, same hash), made without re-evaluating anything.


class _Encoder:
    """The node table; ``_Encoder(base)`` extends ``base``'s table (its indices continue it and
    may refer to its nodes): the decay table and the tool forms are decoded only by the
    generators that need them."""

    def __init__(self, base: _Encoder | None = None) -> None:
        self.nodes: list[list[Any]] = []
        self._index: dict[Any, int] = dict(base._index) if base else {}
        self._offset: int = base._offset + len(base.nodes) if base else 0

    def expr(self, e: sp.Expr) -> int:
        key = (type(e), e)
        if key not in self._index:
            node = self._node(e)
            self._index[key] = self._offset + len(self.nodes)
            self.nodes.append(node)
        return self._index[key]

    def _node(self, e: sp.Expr) -> list[Any]:
        import sympy as sp

        if isinstance(e, sp.Symbol):
            return ["s", e.name, dict(sorted(e._assumptions_orig.items()))]
        if isinstance(e, sp.Integer):
            return ["n", int(e)]
        if isinstance(e, sp.Rational):
            return ["q", int(e.p), int(e.q)]
        if e is sp.I:
            return ["I"]
        if e is sp.pi:
            return ["pi"]
        if isinstance(e, (sp.Add, sp.Mul)) and e.is_commutative is not True:
            msg = f"the IR snapshot encodes commutative sums and products only: {e!r}"
            raise TypeError(msg)  # _decode rebuilds them as commutative without asking
        if isinstance(e, sp.Add):
            return ["+", *(self.expr(a) for a in e.args)]
        if isinstance(e, sp.Mul):
            return ["*", *(self.expr(a) for a in e.args)]
        if isinstance(e, sp.Pow):
            return ["^", self.expr(e.base), self.expr(e.exp)]
        if isinstance(e, sp.Function) and getattr(sp, type(e).__name__, None) is type(e):
            return ["f", type(e).__name__, *(self.expr(a) for a in e.args)]
        msg = f"the IR snapshot cannot encode {type(e).__name__}: {e!r}"
        raise TypeError(msg)


def _decode(nodes: list[list[Any]], base: list[sp.Expr] | None = None) -> list[sp.Expr]:
    """Every node of the table, in order (children precede their parents), after those of the
    table ``base`` it extends."""
    import sympy as sp

    add, mul, pow_ = sp.Add._from_args, sp.Mul._from_args, sp.Pow
    out: list[sp.Expr] = list(base or ())
    for node in nodes:
        tag = node[0]
        if tag == "s":
            out.append(sp.Symbol(node[1], **node[2]))
        elif tag == "n":
            out.append(sp.Integer(node[1]))
        elif tag == "q":
            out.append(sp.Rational(node[1], node[2]))
        elif tag == "I":
            out.append(sp.I)
        elif tag == "pi":
            out.append(sp.pi)
        elif tag == "+":
            out.append(add([out[k] for k in node[1:]], True))  # commutative: the encoder checked
        elif tag == "*":
            out.append(mul([out[k] for k in node[1:]], True))
        elif tag == "^":
            out.append(pow_(out[node[1]], out[node[2]], evaluate=False))
        elif tag == "f":
            out.append(getattr(sp, node[1])(*(out[k] for k in node[2:]), evaluate=False))
        else:
            msg = f"unknown node {tag!r} in the IR snapshot"
            raise ValueError(msg)
    return out


def _tuples(x: Any) -> Any:
    return tuple(_tuples(y) for y in x) if isinstance(x, list) else x


# -- the snapshot ---------------------------------------------------------------------------------


def encode(ir: ModelIR, table: DecayTable | None = None) -> dict[str, Any]:
    """The JSON-able snapshot entry of an IR (vertices, Lagrangian term list, hash), of its
    decay table (``table``; default: computed) and of its CalCHEP and LanHEP forms."""
    from alpseesaw.model import forms, widths

    table = widths.decay_table(ir) if table is None else table
    enc = _Encoder()
    vertices = [
        {
            "legs": list(v.legs),
            "n_fermions": v.n_fermions,
            "couplings": [[c.colour, c.lorentz, enc.expr(c.value)] for c in v.couplings],
        }
        for v in ir.vertices
    ]
    dec = _Encoder(enc)
    decays = [
        [parent, [[list(w.products), list(w.vertex), dec.expr(w.width)] for w in channels]]
        for parent, channels in table.items()
    ]
    calchep = _Encoder(enc)
    calchep_forms = [
        [
            list(v.legs),
            v.strong,
            [
                [
                    t.lorentz,
                    calchep.expr(t.re),
                    calchep.expr(t.im),
                    _definitions(calchep, t.products),
                ]
                for t in v.terms
            ],
        ]
        for v in forms.calchep_forms(ir)
    ]
    lanhep = _Encoder(enc)
    lh = forms.lanhep_forms(ir)

    def piece(p: forms.Piece | None) -> list[Any] | None:
        if p is None:
            return None
        return [None if p.expr is None else lanhep.expr(p.expr), p.name, p.negated]

    lanhep_forms = {
        "vertices": [
            [
                list(v.legs),
                v.symmetry,
                [
                    [
                        m.colour,
                        m.lorentz,
                        m.strong,
                        None if m.number is None else lanhep.expr(m.number),
                        piece(m.re),
                        piece(m.im),
                    ]
                    for m in v.monomials
                ],
            ]
            for v in lh.vertices
        ],
        "definitions": _definitions(lanhep, lh.definitions),
        "em_coupling": lanhep.expr(lh.em_coupling),
    }
    gauge = dict(ir.options)["alp_gauge"]
    return {
        "key": source_key(gauge),
        "widths_key": source_key(gauge, WIDTH_ROOTS),
        "decays": decays,
        "decays_nodes": dec.nodes,
        "calchep": calchep_forms,
        "calchep_nodes": calchep.nodes,
        "lanhep": lanhep_forms,
        "lanhep_nodes": lanhep.nodes,
        "evaluator": ir.parameter_set.evaluator_source(),
        "name": ir.name,
        "hash": ir.hash,
        "lagrangian": [list(t.__dict__.values()) for t in ir.lagrangian],
        "nodes": enc.nodes,
        "vertices": vertices,
    }


def _definitions(enc: _Encoder, definitions: Sequence[tuple[str, sp.Expr]]) -> list[Any]:
    return [[name, enc.expr(e)] for name, e in definitions]


#: The tables only some generators read, each in a file of its own
#: (``ir_snapshot_<table>.json``), read and decoded only in the worker that needs it: the
#: decay table (UFO) and the CalcHEP and LanHEP forms. Their node tables extend ``nodes``.
SIDE_TABLES = ("decays", "calchep", "lanhep")
#: What each side file holds of a gauge's entry, besides its node table ``<table>_nodes``.
_SIDE_FIELDS = {"decays": ("decays", "widths_key"), "calchep": ("calchep",), "lanhep": ("lanhep",)}


def side_file(table: str) -> Path:
    return MODEL_DIR / f"ir_snapshot_{table}.json"


@functools.cache
def _entries(table: str = "") -> dict[str, Any]:
    """The snapshot file (``table`` empty) or a side file, ``{}`` if missing or of another
    format."""
    try:
        data = json.loads((side_file(table) if table else SNAPSHOT).read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and data.get("format") == FORMAT else {}


def _entry(alp_gauge: str, table: str = "") -> dict[str, Any]:
    entry = _entries(table).get("gauges", {}).get(alp_gauge)
    return entry if isinstance(entry, dict) else {}


@functools.cache
def _exprs(alp_gauge: str, table: str = "") -> list[sp.Expr]:
    """The decoded node table of the gauge's entry (``nodes``), or of a side table (which
    extends it)."""
    if not table:
        return _decode(_entry(alp_gauge)["nodes"])
    return _decode(_entry(alp_gauge, table)[f"{table}_nodes"], _exprs(alp_gauge))


@functools.cache
def _vertices(alp_gauge: str) -> tuple[Vertex, ...]:
    from alpseesaw.model.ir import Coupling, Vertex

    exprs = _exprs(alp_gauge)
    return tuple(
        Vertex(
            tuple(v["legs"]),
            tuple(Coupling(_tuples(c[0]), _tuples(c[1]), exprs[c[2]]) for c in v["couplings"]),
            v["n_fermions"],
        )
        for v in _entry(alp_gauge)["vertices"]
    )


def _side_entry(ir: ModelIR, table: str) -> dict[str, Any] | None:
    """The side table ``table`` of ``ir`` if ``ir`` is the snapshot's IR (same hash and
    vertices) and the snapshot's and the side file's keys match the source, else ``None``."""
    gauge = dict(ir.options).get("alp_gauge", "")
    entry, side = _entry(gauge), _entry(gauge, table)
    key = source_key(gauge)
    if (
        not entry
        or entry.get("hash") != ir.hash
        or side.get("hash") != ir.hash
        or entry.get("key") != key
        or side.get("key") != key
        or ir.vertices != _vertices(gauge)
    ):
        return None
    return side


def calchep_forms(ir: ModelIR) -> tuple[CalcHEPVertex, ...]:
    """:func:`alpseesaw.model.forms.calchep_forms` of ``ir``: from the snapshot if ``ir`` is its
    IR and its key matches, else computed."""
    from alpseesaw.model import forms

    entry = _side_entry(ir, "calchep")
    if entry is None:
        return forms.calchep_forms(ir)
    ex = _exprs(dict(ir.options)["alp_gauge"], "calchep")
    return tuple(
        forms.CalcHEPVertex(
            tuple(legs),
            strong,
            tuple(
                forms.CalcHEPTerm(_tuples(lor), ex[re], ex[im], tuple((n, ex[k]) for n, k in defs))
                for lor, re, im, defs in terms
            ),
        )
        for legs, strong, terms in entry["calchep"]
    )


def lanhep_forms(ir: ModelIR) -> LanHEPForms:
    """:func:`alpseesaw.model.forms.lanhep_forms` of ``ir``: from the snapshot if ``ir`` is its
    IR and its key matches, else computed."""
    from alpseesaw.model import forms

    entry = _side_entry(ir, "lanhep")
    if entry is None:
        return forms.lanhep_forms(ir)
    ex = _exprs(dict(ir.options)["alp_gauge"], "lanhep")

    def piece(p: list[Any] | None) -> forms.Piece | None:
        return None if p is None else forms.Piece(None if p[0] is None else ex[p[0]], p[1], p[2])

    stored = entry["lanhep"]
    vertices = tuple(
        forms.LanHEPVertex(
            tuple(legs),
            symmetry,
            tuple(
                forms.LanHEPMonomial(
                    _tuples(col),
                    _tuples(lor),
                    strong,
                    None if number is None else ex[number],
                    piece(re),
                    piece(im),
                )
                for col, lor, strong, number, re, im in monomials
            ),
        )
        for legs, symmetry, monomials in stored["vertices"]
    )
    return forms.LanHEPForms(
        vertices,
        tuple((n, ex[k]) for n, k in stored["definitions"]),
        ex[stored["em_coupling"]],
    )


def decay_table(ir: ModelIR) -> DecayTable:
    """:func:`alpseesaw.model.widths.decay_table` of ``ir`` (the new states): from the snapshot
    if ``ir`` is the snapshot's IR and the widths' key matches, else computed."""
    from alpseesaw.model import widths
    from alpseesaw.model.widths import PartialWidth

    gauge = dict(ir.options).get("alp_gauge", "")
    entry = _side_entry(ir, "decays")
    if entry is None or entry.get("widths_key") != source_key(gauge, WIDTH_ROOTS):
        return widths.decay_table(ir)
    exprs = _exprs(gauge, "decays")
    return {
        parent: tuple(PartialWidth(parent, tuple(p), tuple(v), exprs[w]) for p, v, w in channels)
        for parent, channels in entry["decays"]
    }


def evaluator(alp_gauge: str) -> str | None:
    """The evaluator source of the gauge's parameters (:meth:`ParameterSet.evaluator_source
    <alpseesaw.model.parameters.ParameterSet.evaluator_source>`, printed when the snapshot was
    built) if the snapshot's key matches the source, else ``None`` (print it)."""
    entry = _entry(alp_gauge)
    if not entry or entry.get("key") != source_key(alp_gauge):
        return None
    text = entry.get("evaluator")
    return text if isinstance(text, str) else None


def load(alp_gauge: str) -> ModelIR | None:
    """The IR from the snapshot if its key matches the source, else ``None`` (build it)."""
    entry = _entry(alp_gauge)
    if not entry or entry.get("key") != source_key(alp_gauge):
        return None
    from alpseesaw.model.build import ir_parameters
    from alpseesaw.model.fields import particles
    from alpseesaw.model.inputs import parameter_set
    from alpseesaw.model.ir import ModelIR, TermInfo

    vertices = _vertices(alp_gauge)
    params = parameter_set(alp_gauge)
    return ModelIR(
        name=entry["name"],
        options=(("alp_gauge", alp_gauge),),
        particles=particles(),
        parameters=ir_parameters(params),
        vertices=vertices,
        lagrangian=tuple(TermInfo(*t) for t in entry["lagrangian"]),
        parameter_set=params,
        hash=entry["hash"],
    )


def stored(alp_gauge: str) -> dict[str, Any]:
    """The gauge's entry as :func:`encode` gives it, put together from the shipped files."""
    out = dict(_entry(alp_gauge))
    for table in SIDE_TABLES:
        out.update(_entry(alp_gauge, table))
    return out


def build_all() -> dict[str, Any]:
    """A fresh snapshot of every gauge, built from the source."""
    from alpseesaw.model.build import assemble_model

    return {"format": FORMAT, "gauges": {g: encode(assemble_model(g)) for g in GAUGES}}


def texts(snapshot: dict[str, Any]) -> dict[Path, str]:
    """The files of a snapshot (:func:`build_all`): the IR, and each side table with the key and
    hash it belongs to."""

    def text(gauges: dict[str, Any]) -> str:
        data = {"format": snapshot["format"], "gauges": gauges}
        return json.dumps(data, sort_keys=True, separators=(",", ":")) + "\n"

    side = {f for t in SIDE_TABLES for f in (*_SIDE_FIELDS[t], f"{t}_nodes")}
    out = {
        SNAPSHOT: text(
            {
                g: {k: v for k, v in e.items() if k not in side}
                for g, e in snapshot["gauges"].items()
            }
        )
    }
    for t in SIDE_TABLES:
        fields = ("key", "hash", *_SIDE_FIELDS[t], f"{t}_nodes")
        out[side_file(t)] = text(
            {g: {k: e[k] for k in fields} for g, e in snapshot["gauges"].items()}
        )
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Rebuild (or check) the shipped IR snapshot.")
    ap.add_argument("--check", action="store_true", help="exit 1 if the snapshot is stale")
    args = ap.parse_args(argv)
    fresh = texts(build_all())
    if args.check:
        stale = [p for p, t in fresh.items() if not p.is_file() or p.read_text() != t]
        for p in fresh:
            verdict = (
                "STALE: run python -m alpseesaw.model.snapshot" if p in stale else "up to date"
            )
            sys.stdout.write(f"{p}: {verdict}\n")
        return 1 if stale else 0
    from alpseesaw.files import atomic_write

    for path, t in fresh.items():
        atomic_write(path, t)
        sys.stdout.write(f"wrote {path} ({len(t)} bytes)\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
