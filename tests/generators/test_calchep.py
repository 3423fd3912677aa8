"""CalcHEP output: read back independently and evaluated vertex by vertex against the IR."""

from __future__ import annotations

import re

import numpy as np
import pytest
import sympy as sp

from alpseesaw.generators import calchep
from alpseesaw.model import toolnames
from alpseesaw.model.numeric import coupling_value, vertex_value
from alpseesaw.validation import calchep_eval as ce


@pytest.fixture(scope="module")
def files(ir, card):
    return calchep.generate(ir, card)


def test_five_files_and_limits(files) -> None:
    assert set(files) == set(calchep.MODEL_FILES)
    parts = ce.read_particles(files["prtcls1.mdl"])
    for name in parts:
        assert len(name) <= 8
    names = [r[0] for r in ce._rows(files["vars1.mdl"])] + [
        r[0] for r in ce._rows(files["func1.mdl"])
    ]
    assert all(len(n) <= 11 for n in names)
    lowered = [n.lower() for n in names]
    assert len(set(lowered)) == len(lowered)  # CalcHEP cannot tell names apart by case
    dm = next(row for row in parts.values() if row["pdg"] == "52")
    assert dm["name"].startswith("~")
    assert dm["anti"].startswith("~")


def test_func1_is_in_dependency_order(ir, card, files) -> None:
    # evaluating top to bottom with only the names above must succeed (CalcHEP reads it that way)
    params = ce.evaluate_parameters(files["vars1.mdl"], files["func1.mdl"])
    values = ir.evaluate(card)
    for name in ("v", "lamH", "lamHPhi", "Yn21", "Ypn22", "gchi"):
        assert params[name] == pytest.approx(values[name], rel=1e-13)


def test_header_is_wider_than_every_row(files) -> None:
    # CalcHEP reads a row only up to the last '|' of the header (readtable0)
    for name, text in files.items():
        if name == "extlib1.mdl":
            continue
        lines = text.splitlines()
        width = lines[2].rstrip().rfind("|")
        assert all(
            len(row.rstrip()) <= width + 1 for row in lines[3:] if not row.startswith("=")
        ), name


def test_conjugate_of_every_vertex_exists(files) -> None:
    parts = ce.read_particles(files["prtcls1.mdl"])
    anti = {n: (row["anti"] if n == row["name"] else row["name"]) for n, row in parts.items()}
    keys = {tuple(sorted(v.legs)) for v in ce.read_vertices(files["lgrng1.mdl"])}
    for v in ce.read_vertices(files["lgrng1.mdl"]):
        if any("." in x for x in v.legs):
            continue  # CalcHEP's auxiliary fields: the QCD quartic's G.t, the gluon ghosts
        assert tuple(sorted(anti[x] for x in v.legs)) in keys, v.legs


def test_every_vertex_agrees_with_the_ir(ir, card, files) -> None:
    """Every lgrng1.mdl vertex, evaluated from the text with CalcHEP's conventions, equals the IR
    vertex at random momenta, polarisations and colour indices (relative 1e-9)."""
    values = ir.evaluate(card)
    params = ce.evaluate_parameters(files["vars1.mdl"], files["func1.mdl"], GG=values["gs"])
    parts = ce.read_particles(files["prtcls1.mdl"])
    names = toolnames.tool_names(ir).calchep
    lines = {v.legs: v for v in ce.read_vertices(files["lgrng1.mdl"])}
    rng = np.random.default_rng(5)
    checked = 0
    for v in ir.vertices:
        legs = tuple(names[x] for x in v.legs)
        if legs == ("G", "G", "G", "G"):
            continue  # CalcHEP's auxiliary-field form; tested separately
        assert legs in lines, f"vertex {v.key} missing"
        p = {k: rng.normal(size=4) * 50 for k in range(1, 5)}
        e = {k: rng.normal(size=4) + 1j * rng.normal(size=4) for k in range(1, 5)}
        colours = [ir.particle(x).colour for x in v.legs]
        idx = _nonzero_colour_indices(colours)
        dims = {k + 1: c for k, c in enumerate(colours) if c > 1}
        want = vertex_value(v, values, p, e, idx, dims)
        got = ce.vertex_value(lines[legs], params, colours, p, e, idx)
        if ce.fermionic(lines[legs], parts) and not isinstance(got, np.ndarray):
            got = got * np.eye(4)
        # couplings of the (nearly) massless neutrinos cancel between O(1e-2) terms: the absolute
        # tolerance follows the size of the terms before cancellation, times the kinematics
        terms = sum(
            abs(coupling_value(t, values)) for c in v.couplings for t in sp.Add.make_args(c.value)
        )
        kin = max(1.0, *(float(np.abs(x).max()) for x in p.values())) ** 2
        assert np.allclose(got, want, rtol=1e-9, atol=1e-12 * terms * kin), v.key
        checked += 1
    assert checked > 300


def _nonzero_colour_indices(colours: list[int]) -> dict[int, int]:
    """Colour indices for which every colour structure of the model is non-zero.

    delta: equal indices; T^a_{ij}: a = 0 (lambda_1/2), i = 0, j = 1; f^{abc}: (0, 1, 2) (f^{123} = 1).
    A random choice makes most factors vanish, and a comparison of zeros tests nothing.
    """
    legs3 = [k + 1 for k, c in enumerate(colours) if c == 3]
    legs8 = [k + 1 for k, c in enumerate(colours) if c == 8]
    idx: dict[int, int] = {}
    if len(legs3) == 2 and len(legs8) == 1:
        idx = {legs3[0]: 0, legs3[1]: 1, legs8[0]: 0}
    elif len(legs3) == 2:
        idx = {legs3[0]: 2, legs3[1]: 2}
    elif len(legs8) == 3:
        idx = dict(zip(legs8, (0, 1, 2), strict=True))
    elif len(legs8) == 2:
        idx = {legs8[0]: 4, legs8[1]: 4}
    return idx


def test_colour_indices_give_nonzero_factors() -> None:
    # the comparison above is only meaningful if the colour factors do not vanish
    for colours in ([3, 3, 8], [3, 3, 1], [8, 8, 8], [8, 8, 8, 1], [8, 8, 1]):
        assert abs(ce.implicit_colour(colours, _nonzero_colour_indices(colours))) > 0.1, colours


def test_gluon_ghost_and_quartic_lines_are_calcheps_own(files) -> None:
    # CalcHEP derives no ghosts: the model must carry the gluon's ghost vertex (else external
    # gluons are summed with -g and q q~ -> g g is wrong); our G G G and U u G lines equal its SM
    # lines, so its SM ghost and quartic lines are the consistent ones
    lines = {v.legs: v for v in ce.read_vertices(files["lgrng1.mdl"])}
    assert lines[("G.C", "G.c", "G")].factor == "-GG"
    assert lines[("G.C", "G.c", "G")].lorentz == "p1.m3"
    assert lines[("G", "G", "G.t")].lorentz == "m1.M3*m2.m3-m1.m3*m2.M3"


def test_the_auxiliary_field_quartic_gives_the_irs_four_gluon_vertex(ir, files) -> None:
    """CalcHEP writes g g g g as the exchange of a tensor auxiliary field G.t (propagator 1,
    indices m3 M3) between two G G G.t vertices: the pair (1 2)(3 4) gives F^2 T12.T34 with colour
    f^{12e} f^{34e}, F the line's factor. That must be the IR's coupling of the same colour
    structure, -gs^2 [(e1.e3)(e2.e4) - (e1.e4)(e2.e3)], up to the overall sign of the exchange
    (T12.T34 = 2 [...] for the antisymmetric T: F = gs/sqrt2). At random polarisations."""
    line = {v.legs: v for v in ce.read_vertices(files["lgrng1.mdl"])}[("G", "G", "G.t")]
    gs = 1.2345
    factor = float(sp.sympify(line.factor).subs({"GG": gs, "Sqrt2": sp.sqrt(2)}))
    metric = np.diag([1.0, -1.0, -1.0, -1.0])
    rng = np.random.default_rng(3)
    e = {k: rng.normal(size=4) for k in (1, 2, 3, 4)}

    def dot(a, b):
        return a @ metric @ b

    def tensor(i: int, j: int) -> np.ndarray:
        """T^{m3 M3} of the line with its gluons on legs i, j: each product holds one factor
        with m3 and one with M3 (``m1.M3*m2.m3`` = e_i^{M3} e_j^{m3})."""
        legs = {"m1": e[i], "m2": e[j]}
        out = np.zeros((4, 4))
        for sign, term in re.findall(r"([+-]?)([^+-]+)", line.lorentz):
            alpha = beta = None
            for f in term.split("*"):
                a, b = f.split(".")
                leg = legs[a if b in ("m3", "M3") else b]
                if "m3" in (a, b):
                    alpha = leg
                else:
                    beta = leg
            out += (-1.0 if sign == "-" else 1.0) * np.outer(alpha, beta)
        return out

    exchange = factor**2 * np.einsum("ab,ac,bd,cd->", tensor(1, 2), metric, metric, tensor(3, 4))
    ir_value = {c.lorentz: c.value for c in ir.vertex("g", "g", "g", "g").couplings if c.colour
                == (("f", -1, 1, 2), ("f", -1, 3, 4))}  # fmt: skip
    gsym = sp.Symbol("gs", real=True)
    want = sum(
        float(v.subs(gsym, gs)) * dot(e[lor[0][1]], e[lor[0][2]]) * dot(e[lor[1][1]], e[lor[1][2]])
        for lor, v in ir_value.items()
    )
    assert len(ir_value) == 2
    assert abs(exchange) == pytest.approx(abs(want), rel=1e-12)


def test_the_model_declares_the_names_its_files_hold(ir, card) -> None:
    # CalcHEPModel.independent / derived (what the micrOMEGAs project checks its PARFILE and
    # main.c names against) are the Name columns of vars1.mdl and func1.mdl as a reader sees them
    m = calchep.model(ir, card)
    independent, derived = calchep.model_variables(m.files["vars1.mdl"], m.files["func1.mdl"])
    assert m.independent == independent
    assert m.derived == derived
    assert "Mchi" in m.independent
