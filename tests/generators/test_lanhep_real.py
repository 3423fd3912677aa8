"""LanHEP on the generated ``model.lhp`` (marker ``lanhep``; skipped without LanHEP).

``lhep -ca``: LanHEP differentiates the Lagrangian itself; every vertex it writes to
``lgrng1.mdl`` is read back and evaluated with CalcHEP's conventions
(:mod:`alpseesaw.validation.calchep_eval`) and compared with the IR vertex at random momenta,
polarisations and colour indices. Legs are matched by particle multiset; LanHEP lists the legs
in its own order, and for a pair of different Majorana fermions it may put either one first: the
IR matrix is then taken in the other orientation, ``C Gamma^T C^-1`` (Denner et al.). LanHEP
rounds numbers to six digits in ``vars1.mdl``; the comparison evaluates LanHEP's ``func1.mdl``
from the exact values of the ``vars1.mdl`` names (tolerance 1e-9 relative, as for the CalcHEP
generator), and the rounding is checked separately (5e-6).

CalcHEP's conventions. ``calchep_eval`` evaluates ``lgrng1.mdl`` with CalcHEP's conventions as
measured on the tool: three octets carry ``-i f^{abc}`` in the IR's normalisation (CalcHEP's own SM,
``U u G | GG | G(m3)`` with ``G G G | GG | m1.m2*(p1-p2).m3 + ...``, and LanHEP's ``mdl/qcd.mdl``
agree with the IR's gauge-invariant pair only so), and ``eps`` has ``eps^{0123} = -1`` next to
``G5`` (CalcHEP's d sigma/d cos(theta) of ``mu mu -> a gamma``, where the ``eps`` vertex interferes
with the muon's ``G5`` couplings, equals the IR's Feynman rules only so; ``docs/lanhep.md``). The
LanHEP route writes ``-epsv`` and LanHEP's QCD form, as the CalcHEP generator now does too.

``lhep -ufo``: LanHEP's UFO for this model does not import as written (see the tests below); after
the minimal repair its vertices are compared with ``i`` times the IR vertex.
"""

from __future__ import annotations

import importlib
import sys
import types
from pathlib import Path

import numpy as np
import pytest
import sympy as sp

from alpseesaw.errors import ToolRunError
from alpseesaw.generators import calchep, lanhep
from alpseesaw.model import toolnames
from alpseesaw.model.numeric import GAMMA, coupling_value, evaluate_colour, vertex_value
from alpseesaw.runners import find_lhep, run_lanhep
from alpseesaw.validation import calchep_eval as ce

pytestmark = [pytest.mark.lanhep, pytest.mark.slow]

RTOL = 1e-9
CMAT = 1j * GAMMA[2] @ GAMMA[0]  # charge conjugation, Dirac representation
#: The QCD quartic of CalcHEP's own SM (CalcHEP 3.8.9 ``models/lgrng1.mdl``), auxiliary field G.t.
CALCHEP_SM_QUARTIC = ("G", "G", "G.t", "GG*Sqrt2/2", "m1.m3*m2.M3-m1.M3*m2.m3")


@pytest.fixture(scope="module")
def lhep() -> Path:
    try:
        return find_lhep()
    except ToolRunError as exc:
        pytest.skip(f"LanHEP not available: {exc.reason}")


@pytest.fixture(scope="module")
def source(ir, card):
    return lanhep.generate(ir, card)


@pytest.fixture(scope="module")
def ca(lhep, source):
    return run_lanhep(source, lanhep.MAIN_FILE, output="calchep", lhep=lhep)


def exact_inputs(ir, card) -> dict[str, float]:
    """The IR's values of every name LanHEP may write into ``vars1.mdl`` (unrounded)."""
    values = ir.evaluate(card)
    out = {}
    for q in ir.parameters:
        val = complex(values[q.name])
        if q.is_complex:
            re_name, im_name = toolnames.complex_parts(q.name)
            out[re_name], out[im_name] = val.real, val.imag
        else:
            out[toolnames.PARAMETER_RENAMES.get(q.name, q.name)] = val.real
    return out


def leg_map(ir_legs: list[str], other: list[str], fermions: bool) -> tuple[list[int], bool]:
    """IR leg (1-based) of each leg of ``other``, and whether the fermion pair is reversed."""
    perm: list[int] = []
    flipped = False
    if fermions:
        if other[:2] == ir_legs[:2]:
            perm = [1, 2]
        elif other[:2] == ir_legs[1::-1]:
            perm, flipped = [2, 1], True
        else:
            msg = f"fermion legs {other[:2]} vs {ir_legs[:2]}"
            raise AssertionError(msg)
    used = set(perm)
    for name in other[len(perm) :]:
        k = next(k for k in range(1, len(ir_legs) + 1) if k not in used and ir_legs[k - 1] == name)
        perm.append(k)
        used.add(k)
    return perm, flipped


def kinematics(rng, ir, v):
    """Random momenta, complex polarisations and colour indices for which the vertex's colour
    structures do not all vanish (random indices would mostly give f^{abc} = 0, delta = 0)."""
    p = {k: rng.normal(size=4) * 50 for k in range(1, 5)}
    e = {k: rng.normal(size=4) + 1j * rng.normal(size=4) for k in range(1, 5)}
    colours = [ir.particle(x).colour for x in v.legs]
    dims = {k + 1: c for k, c in enumerate(colours) if c > 1}
    for _ in range(1000):
        idx = {k: int(rng.integers(0, c)) for k, c in dims.items()}
        if not dims or any(abs(evaluate_colour(c.colour, idx, dims)) > 0.1 for c in v.couplings):
            return p, e, colours, idx, dims
    msg = f"no colour indices with a non-zero colour factor for {v.key}"
    raise AssertionError(msg)


def scale(v, values, p) -> float:
    # couplings of the (nearly) massless neutrinos cancel between O(1e-2) terms: the absolute
    # tolerance follows the size of the terms before cancellation, times the kinematics
    terms = sum(
        abs(coupling_value(t, values)) for c in v.couplings for t in sp.Add.make_args(c.value)
    )
    return terms * max(1.0, *(float(np.abs(x).max()) for x in p.values())) ** 2


def mismatches(ir, card, files, rtol=RTOL) -> tuple[list[str], int]:
    """IR vertices whose LanHEP vertex differs (and the number compared)."""
    values = ir.evaluate(card)
    exact = exact_inputs(ir, card)
    names_in_vars = [r[0] for r in ce._rows(files["vars1.mdl"])]
    params = ce.evaluate_parameters(
        files["vars1.mdl"], files["func1.mdl"], overrides={n: exact[n] for n in names_in_vars}
    )
    names = toolnames.tool_names(ir).calchep
    lines: dict[tuple[str, ...], list[ce.CalcHEPVertex]] = {}
    for ln in ce.read_vertices(files["lgrng1.mdl"]):
        lines.setdefault(tuple(sorted(ln.legs)), []).append(ln)
    rng = np.random.default_rng(5)
    bad, n = [], 0
    for v in ir.vertices:
        legs = [names[x] for x in v.legs]
        if legs == ["G"] * 4:
            continue  # the auxiliary-field form; test_qcd_quartic_is_calcheps_own
        (ln,) = lines[tuple(sorted(legs))]
        perm, flipped = leg_map(legs, list(ln.legs), v.n_fermions == 2)
        p, e, colours, idx, dims = kinematics(rng, ir, v)
        want = vertex_value(v, values, p, e, idx, dims)
        if flipped:  # the other orientation of a Majorana pair
            want = CMAT @ want.T @ np.linalg.inv(CMAT)
        lcol = [colours[k - 1] for k in perm]
        got = ce.vertex_value(
            ln, params, lcol,
            {j: p[k] for j, k in enumerate(perm, 1)}, {j: e[k] for j, k in enumerate(perm, 1)},
            {j: idx[k] for j, k in enumerate(perm, 1) if k in idx},
        )  # fmt: skip
        if v.n_fermions and not isinstance(got, np.ndarray):
            got = got * np.eye(4)
        n += 1
        if not np.allclose(got, want, rtol=rtol, atol=1e-12 * scale(v, values, p)):
            bad.append(v.key)
    return bad, n


def test_lanhep_reports_no_error_and_a_hermitian_lagrangian(ca) -> None:
    assert set(ca.files) == {"vars1.mdl", "func1.mdl", "prtcls1.mdl", "lgrng1.mdl"}
    assert not ca.report.errors
    # the only warning: our particle table is wider than LanHEP's default (for '~chi')
    assert [w.text for w in ca.report.warnings] == ["Particle table format is redefined"]
    assert "CheckHerm" not in ca.stdout  # CheckHerm prints only inconsistent conjugate pairs


def test_every_vertex_agrees_with_the_ir(ir, card, ca) -> None:
    bad, n = mismatches(ir, card, ca.files)
    assert not bad
    assert n == len(ir.vertices) - 1 == 339
    # and LanHEP wrote nothing else: one line per IR vertex, the quartic as one G.t line
    vertices = ce.read_vertices(ca.files["lgrng1.mdl"])
    ghosts = [v for v in vertices if any(x.endswith((".c", ".C")) for x in v.legs)]
    assert [g.legs for g in ghosts] == [("G.C", "G.c", "G")]  # the gluon's, from its ghost term
    assert len(vertices) - len(ghosts) == len(ir.vertices)


def test_the_comparison_has_teeth(ir, card, lhep, monkeypatch) -> None:
    # without the 1/S of identical legs LanHEP's own symmetrisation doubles (or more) exactly the
    # vertices with identical legs (bosons and the N_k N_k, nu_k nu_k Majorana pairs)
    monkeypatch.setattr(lanhep, "symmetry_factor", lambda _vertex: 1)
    files = run_lanhep(lanhep.generate(ir, card), lanhep.MAIN_FILE, lhep=lhep).files
    bad, _ = mismatches(ir, card, files)
    identical = [
        v.key for v in ir.vertices if len(set(v.legs)) < len(v.legs) and v.legs != ("g",) * 4
    ]
    assert set(bad) <= set(identical)
    assert {
        "N1 N1 h",
        "N1 N1 Z",
        "nu1 nu1 a",
        "a a a a",
        "h a a",
        "A A a",
        "g g g",
        "W+ W+ W- W-",
    } <= set(bad)
    assert len(bad) > 0.8 * len(identical)  # the rest nearly vanish at this card (light neutrinos)


def test_qcd_quartic_is_calcheps_own(ca) -> None:
    # LanHEP turns the IR's four-gluon vertex into CalcHEP's auxiliary-field form, identical to
    # the line of CalcHEP's own SM: the IR quartic is the SM one
    rows = [r for r in ce._rows(ca.files["lgrng1.mdl"]) if "G.t" in r[:4]]
    assert [(*(x for x in r[:4] if x), r[4], r[5]) for r in rows] == [CALCHEP_SM_QUARTIC]
    assert "G.t" not in ca.files["prtcls1.mdl"]  # CalcHEP creates G.t from the gluon's aux G


def test_vars1_is_rounded_to_six_digits(ir, card, ca) -> None:
    exact = exact_inputs(ir, card)
    rows = ce._rows(ca.files["vars1.mdl"])
    assert {r[0] for r in rows} <= set(exact)
    for r in rows:
        assert float(r[1]) == pytest.approx(exact[r[0]], rel=5e-6, abs=1e-300), r[0]
    assert any(float(r[1]) != exact[r[0]] for r in rows)  # the reason for exact_inputs


def test_particles_match_the_calchep_generator(ir, card, ca) -> None:
    ours = ce.read_particles(calchep.generate(ir, card)["prtcls1.mdl"])
    theirs = ce.read_particles(ca.files["prtcls1.mdl"])
    assert set(theirs) == set(ours)
    for name, row in ours.items():
        for field in ("name", "anti", "pdg", "spin2", "mass", "width", "colour"):
            assert theirs[name][field] == row[field], (name, field)


# -- LanHEP's UFO ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ufo_dir(lhep, source, tmp_path_factory) -> Path:
    out = run_lanhep(source, lanhep.MAIN_FILE, output="ufo", lhep=lhep)
    root = tmp_path_factory.mktemp("lanhep-ufo")
    for rel, text in out.files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return next(p.parent for p in root.rglob("vertices.py"))


def test_lanhep_ufo_does_not_import_as_written(ufo_dir) -> None:
    # measured LanHEP defects (LanHEP 4.0.0): two Lorentz structures named SSSS_1 (the second,
    # P(-1,1)*P(-1,2), replaces '1'), vertices that use an undefined L.SSSS_2, and Python-2-only
    # static files (object_library.py, write_param_card.py)
    lorentz = (ufo_dir / "lorentz.py").read_text()
    assert lorentz.count("SSSS_1 = Lorentz(") == 2
    assert "SSSS_2 = Lorentz(" not in lorentz
    assert "L.SSSS_2" in (ufo_dir / "vertices.py").read_text()
    with pytest.raises(SyntaxError):
        compile((ufo_dir / "object_library.py").read_text(), "object_library.py", "exec")
    # LanHEP writes masses as strings (mass = 'Mmu'): consumers that read mass.name see none
    assert "mass = 'Mmu'" in (ufo_dir / "particles.py").read_text()


def _load_ufo(ufo_dir: Path) -> types.SimpleNamespace:
    """LanHEP's UFO with the SSSS_2 name repaired, imported against a Python-3 object library."""
    lorentz = ufo_dir / "lorentz.py"
    text = lorentz.read_text()
    second = text.index("SSSS_1 = Lorentz(name = 'SSSS_1'", text.index("SSSS_1 = Lorentz(") + 1)
    lorentz.write_text(text[:second] + text[second:].replace("SSSS_1", "SSSS_2", 2))
    lib = types.ModuleType("object_library")
    lists = {n: [] for n in ("all_parameters", "all_couplings", "all_lorentz", "all_vertices",
                             "all_orders", "all_functions", "all_particles", "all_propagators")}  # fmt: skip
    vars(lib).update(lists)

    def kind(registry: str):
        class Obj:
            def __init__(self, *_args, **kw) -> None:
                vars(self).update(kw)
                self._kw = kw
                if registry:
                    lists[registry].append(self)

            def anti(self):
                return Obj(**{**self._kw, "name": self.antiname, "antiname": self.name})

        return Obj

    for cls, reg in (("Parameter", "all_parameters"), ("Coupling", "all_couplings"), ("Lorentz", "all_lorentz"),
                     ("Vertex", "all_vertices"), ("CouplingOrder", "all_orders"), ("Particle", "all_particles"),
                     ("Propagator", "all_propagators")):  # fmt: skip
        setattr(lib, cls, kind(reg))

    class Function:
        def __init__(self, name, arguments, expression) -> None:
            self.name, self.arguments, self.expression = name, arguments, expression
            lists["all_functions"].append(self)

        def __call__(self, *args):
            import cmath

            return eval(
                self.expression, {"cmath": cmath, **dict(zip(self.arguments, args, strict=True))}
            )

    lib.Function = Function
    modules = [
        "function_library",
        "propagators",
        "parameters",
        "coupling_orders",
        "particles",
        "couplings",
        "lorentz",
        "vertices",
    ]
    saved = {m: sys.modules.pop(m, None) for m in ["object_library", *modules]}
    sys.modules["object_library"] = lib
    sys.path.insert(0, str(ufo_dir))
    try:
        fl = importlib.import_module("function_library")
        for m in modules[1:]:
            importlib.import_module(m)
    finally:
        sys.path.remove(str(ufo_dir))
        for m, mod in saved.items():
            sys.modules.pop(m, None)
            if mod is not None:
                sys.modules[m] = mod
    return types.SimpleNamespace(function_library=fl, **lists)


def test_lanhep_ufo_vertices_are_i_times_the_ir(ir, card, ufo_dir) -> None:
    # Read as i x (its CalcHEP vertex): legs incoming as listed, incoming momenta, spinor row =
    # leg 1 (the bar leg), with the UFO conventions of tests/ufo/ufo_numeric.py (MadGraph's
    # Epsilon, eps^{0123} = -1; T(a,i,j) with row i; f from [T^a, T^b] = i f T^c), LanHEP's UFO
    # equals i x the IR vertex except for the colour conventions pinned at the end (measured;
    # MadGraph itself is not available here).
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ufo"))
    try:
        import ufo_numeric as U
    finally:
        sys.path.pop(0)
    model = _load_ufo(ufo_dir)
    values = ir.evaluate(card)
    exact = exact_inputs(ir, card)
    externals = {
        p.name: exact[p.name]
        for p in model.all_parameters
        if p.nature == "external" and p.name in exact
    }
    # LanHEP adds its own aS = 0.118 (SMINPUTS 3) after ours: ours is applied to both
    couplings = U.couplings(model, U.parameters(model, externals))
    names = toolnames.tool_names(ir).calchep
    physical = [uv for uv in model.all_vertices if not any(p.GhostNumber for p in uv.particles)]
    by_legs = {tuple(sorted(p.name for p in uv.particles)): uv for uv in physical}
    assert len(by_legs) == len(physical) == len(ir.vertices)  # plus the gluon ghost vertex
    rng = np.random.default_rng(3)
    outcome: dict[str, str] = {}
    for v in ir.vertices:
        legs = [names[x] for x in v.legs]
        uv = by_legs[tuple(sorted(legs))]
        perm, flipped = leg_map(legs, [p.name for p in uv.particles], v.n_fermions == 2)
        p, e, _, idx, dims = kinematics(rng, ir, v)
        quark_gluon = sorted(dims.values()) == [3, 3, 8]
        # quark-gluon vertices at T^1_{12} (lambda_1: T^T = T) and T^2_{12} (lambda_2: T^T = -T)
        for gluon in (0, 1) if quark_gluon else (None,):
            if gluon is not None:
                idx = {1: 1, 2: 0, 3: gluon}
            want = 1j * vertex_value(v, values, p, e, idx, dims)
            if flipped:
                want = CMAT @ want.T @ np.linalg.inv(CMAT)
            got = U.vertex_value(
                uv, couplings,
                {j: p[k] for j, k in enumerate(perm, 1)}, {j: e[k] for j, k in enumerate(perm, 1)},
                {j: idx[k] for j, k in enumerate(perm, 1) if k in idx}, {j: dims[k] for j, k in enumerate(perm, 1) if k in dims},
            )  # fmt: skip
            got = np.asarray(got).T if v.n_fermions else got  # ufo_numeric: row = leg 2
            tol = {"rtol": 1e-9, "atol": 1e-12 * scale(v, values, p)}
            key = v.key if gluon is None else f"{v.key} T^{gluon + 1}"
            if np.allclose(got, want, **tol):
                outcome[key] = "equal"
            elif np.allclose(got, -want, **tol):
                outcome[key] = "opposite"
            else:
                outcome[key] = "different"
    assert "different" not in outcome.values()
    opposite = {k for k, x in outcome.items() if x == "opposite"}
    # gluon self-couplings: f -> -f (g g g and g g g a); quark-gluon vertices: T^a -> -(T^a)^T,
    # opposite at lambda_1 (symmetric), equal at lambda_2 (antisymmetric). With MadGraph's
    # charge-conjugate reading of LanHEP's transposed spinor order (C gamma^T C^-1 = -gamma) that
    # is T^T with -f: the conjugate basis of the same theory. Epsilon vertices agree: LanHEP
    # copies CalcHEP's eps, whose convention is MadGraph's.
    quarks = ("d", "u", "s", "c", "b", "t")
    assert opposite == {"g g g", "g g g a"} | {f"{q}~ {q} g T^1" for q in quarks}
    assert all(outcome[f"{q}~ {q} g T^2"] == "equal" for q in quarks)
    assert all(outcome[k] == "equal" for k in ("A A a", "A Z a", "Z Z a", "W+ W- a", "g g a"))
    assert len(outcome) == len(ir.vertices) + 6
