"""The LanHEP source (``model.lhp``) without LanHEP: structure, names, parameters, symmetry factors.

What LanHEP itself makes of the source is tested in ``test_lanhep_real.py`` (marker ``lanhep``).
Here the source is read back with a few lines of Python: the parameter statements are evaluated
in order (so every name must be defined above its use) and compared with the IR at a random card
(relative 1e-12: the same closed forms in floating point); the lterms are checked to cover every
IR vertex with exactly its fields, and their coefficients to be the IR's divided by the symmetry
factor of identical legs.
"""

from __future__ import annotations

import cmath
import math
import re
from collections import Counter

import pytest
import sympy as sp
from click.testing import CliRunner

from alpseesaw.cli import generate_model
from alpseesaw.errors import GenerationError
from alpseesaw.generators import calchep, lanhep
from alpseesaw.generators.printers.lanhep import lanhep_code
from alpseesaw.model import forms, toolnames
from alpseesaw.model.numeric import coupling_value
from alpseesaw.validation import calchep_eval as ce

_PARAM = re.compile(r"^parameter (\w+) = (.*) : '(.*)'\.$")
_PARTICLE = re.compile(r"^(vector|spinor|scalar) ('[^']+'|\w+)/('[^']+'|\w+): \((.*)\)\.$")


@pytest.fixture(scope="module")
def src(ir, card):
    return lanhep.source(ir, card)


@pytest.fixture(scope="module")
def text(ir, card):
    files = lanhep.generate(ir, card)
    assert set(files) == {lanhep.MAIN_FILE}
    return files[lanhep.MAIN_FILE]


def _unquote(name: str) -> str:
    return name.strip("'")


@pytest.fixture(scope="module")
def params(text) -> dict[str, float]:
    """Every parameter statement evaluated in file order (a NameError means 'used before defined')."""
    ns: dict[str, object] = {"Sqrt2": math.sqrt(2), "sqrt": math.sqrt, "acos": math.acos, "sin": math.sin,
                             "cos": math.cos, "tan": math.tan, "asin": math.asin, "atan": math.atan,
                             "exp": math.exp, "log": math.log, "fabs": abs}  # fmt: skip
    out = {}
    for line in text.splitlines():
        if m := _PARAM.match(line):
            out[m[1]] = ns[m[1]] = float(eval(m[2], {"__builtins__": {}}, ns))
    return out


def test_output_has_no_date(text) -> None:
    assert not re.search(r"20\d\d-\d\d-\d\d|\d\d:\d\d:\d\d", text)


def test_every_ir_vertex_has_one_lterm_with_its_fields(ir, src, text) -> None:
    names = toolnames.tool_names(ir).calchep
    assert [t.vertex for t in src.lterms] == [v.key for v in ir.vertices]
    # one lterm per IR vertex, plus the gluon's ghost term (the unitary-gauge IR has no ghosts)
    assert text.count("\nlterm ") == len(ir.vertices) + 1 == 341
    assert "lterm i*GG*f_SU3*ccghost(G)*G*deriv*ghost(G)." in text
    token = re.compile(r"anti\(('[^']+'|\w+)\)|('[^']+'|\b[A-Za-z~][\w+-]*)")
    declared = {names[p.name] for p in ir.particles} | {names[p.antiname] for p in ir.particles}
    for v, t in zip(ir.vertices, src.lterms, strict=True):
        # the bar leg is anti(field of its antiparticle); every other leg is its own field
        want = Counter(
            f"anti({names[ir.particle(x).name]})" if (v.n_fermions and k == 0) else names[x]
            for k, x in enumerate(v.legs)
        )
        for m in t.monomials:
            got = Counter()
            for anti, plain in token.findall(re.sub(r"\^\w+", "", m.operator)):
                if anti:
                    got[f"anti({_unquote(anti)})"] += 1
                elif _unquote(plain) in declared:
                    got[_unquote(plain)] += 1
            assert got == want, (v.key, m.operator)


def _lterms(text: str) -> dict[str, list[str]]:
    """IR vertex key (the comment above each lterm) -> the lterm's monomials as LanHEP text."""
    terms = re.findall(r"(?ms)^% ([^\n:]*)[^\n]*\nlterm (.*?)\.\n", text)
    return {k: [m.strip() for m in re.split(r"\n\s*[+]", body)] for k, body in terms}


def test_chiral_projectors_are_the_standard_models(text, params) -> None:
    """The chirality of the currents as the SM has it, in LanHEP's P_L = (1-gamma5)/2: the
    charged current is left-handed on every lepton and quark line (no right-handed W in this
    model); the Z couples to e with g/cw (T3 - Q sw^2) on P_L and g/cw (-Q sw^2) on P_R, so their
    ratio is (-1/2 + sw^2)/sw^2 for the electron and (1/2 - 2 sw^2/3)/(-2 sw^2/3) for the u quark."""
    lterms = _lterms(text)
    charged = [k for k in lterms if {"W+", "W-"} & set(k.split()) and "gamma^" in lterms[k][0]]
    assert len(charged) == 2 * (3 * 7 + 3)  # l nu_k for 7 neutrinos, u d (unit CKM); both ways
    for k in charged:
        body = " ".join(lterms[k])
        assert "(1-gamma5)/2" in body, k
        assert "(1+gamma5)/2" not in body, k
    sw2 = params["sw"] ** 2
    for key, t3, q in (("e+ e- Z", -0.5, -1.0), ("u~ u Z", 0.5, 2 / 3)):
        left, right = (next(m for m in lterms[key] if f"(1{sign}gamma5)/2" in m) for sign in "-+")
        gl, gr = (params[m.lstrip("- ").split("*")[0]] * (-1 if m.startswith("-") else 1)
                  for m in (left, right))  # fmt: skip
        assert gl / gr == pytest.approx((t3 - q * sw2) / (-q * sw2), rel=1e-12), key


def test_particles_carry_the_calchep_generators_names_masses_and_widths(ir, card, text) -> None:
    direct = ce.read_particles(calchep.generate(ir, card)["prtcls1.mdl"])
    seen = {}
    for line in text.splitlines():
        if m := _PARTICLE.match(line):
            seen[_unquote(m[2])] = (m[1], _unquote(m[3]), m[4])
    assert len(seen) == len(ir.particles)
    for name, (kind, anti, opts) in seen.items():
        row = direct[name]
        assert (row["name"], row["anti"]) == (name, anti)
        assert f"pdg {row['pdg']}" in opts
        assert kind == {"0": "scalar", "1": "spinor", "2": "vector"}[row["spin2"]]
        if row["mass"] != "0":
            assert f"mass {row['mass']}" in opts
        if row["width"].startswith("!"):  # automatic widths under the same name
            assert f"width {row['width'][1:]} = auto" in opts
        else:
            assert "width" not in opts
        assert ("color c3" in opts) == (row["colour"] == "3")
        assert ("color c8" in opts) == (row["colour"] == "8")


def test_majorana_dark_and_gauge_declarations(text) -> None:
    for k in (1, 2, 3):
        assert f"spinor nu{k}/nu{k}: (" in text
    for k in (1, 2, 3, 4):
        assert f"spinor N{k}/N{k}: (" in text
    assert "spinor '~chi'/'~Chi': ('dark matter', pdg 52, mass Mchi)." in text
    # unitary gauge: only the massless vectors are 'gauge' (CalcHEP aux G)
    assert re.search(r"vector A/A: \(.*gauge\)", text)
    assert re.search(r"vector G/G: \(.*gauge\)", text)
    assert not re.search(r"vector (Z/Z|'W\+'/'W-'): \(.*gauge", text)
    assert "\nSetEM(A, -ee).\nCheckHerm.\n" in text


def test_parameters_are_in_dependency_order_and_equal_the_ir(ir, card, params) -> None:
    values = ir.evaluate(card)
    for q in ir.parameters:
        val = complex(values[q.name])
        if q.is_complex:
            re_name, im_name = toolnames.complex_parts(q.name)
            assert (params[re_name], params[im_name]) == pytest.approx(
                (val.real, val.imag), rel=1e-12, abs=1e-300
            )
        else:
            assert params[toolnames.PARAMETER_RENAMES.get(q.name, q.name)] == pytest.approx(
                val.real, rel=1e-12, abs=1e-300
            )
    for name, value in card.items():
        assert params[name] == value  # externals exactly at the card


def test_internal_parameters_are_formulas_of_the_externals(ir, card, text) -> None:
    # The source must follow a new card (CalcHEP and micrOMEGAs change externals at run time):
    # with the externals' statements replaced by a second card, every internal parameter that
    # depends only on externals equals the IR at that card. An internal written as its number
    # at the first card fails here (the first test of this file cannot see it).
    from alpseesaw.model.checks import _random_externals

    other = _random_externals(ir.parameter_set, seed=23)
    assert other != card
    ns: dict[str, object] = {"Sqrt2": math.sqrt(2), "sqrt": math.sqrt, "acos": math.acos, "sin": math.sin,
                             "cos": math.cos, "tan": math.tan, "asin": math.asin, "atan": math.atan,
                             "exp": math.exp, "log": math.log, "fabs": abs}  # fmt: skip
    for line in text.splitlines():
        if m := _PARAM.match(line):
            ns[m[1]] = other[m[1]] if m[1] in other else float(eval(m[2], {"__builtins__": {}}, ns))
    kinds = {q.name: q.kind for q in ir.parameters}
    deps = {
        q.name: {str(x) for x in q.expr.free_symbols} for q in ir.parameters if q.expr is not None
    }

    def from_externals(name: str) -> bool:
        return kinds.get(name) == "external" or (
            kinds.get(name) == "internal" and all(from_externals(d) for d in deps.get(name, ()))
        )

    values = ir.evaluate(other)
    checked = [q.name for q in ir.parameters if q.kind == "internal" and from_externals(q.name)]
    assert len(checked) >= 20
    for name in checked:
        target = toolnames.PARAMETER_RENAMES.get(name, name)
        if target == "GG":  # CalcHEP runs alpha_s itself: GG is the value at the card
            continue
        assert ns[target] == pytest.approx(complex(values[name]).real, rel=1e-12, abs=1e-300), name


def _coefficient(m: lanhep.Monomial, params) -> complex:
    return complex(
        eval(
            m.coefficient,
            {"__builtins__": {}},
            {**params, "i": 1j, "Sqrt2": math.sqrt(2), "acos": cmath.acos},
        )
    )


@pytest.mark.parametrize(
    ("legs", "symmetry"),
    [
        (("N1", "N1", "h"), 2),  # identical Majorana legs: L = -(y/2) N1 N1 h, vertex -y
        (("nu2", "N3", "phi"), 1),  # different Majorana legs: both orientations are the IR's sum
        (("a", "a", "a", "a"), 24),
        (("chi~", "chi", "h", "a"), 1),
        (("N2", "N2", "a", "a"), 4),
        (("W+", "W-", "h", "h"), 2),
    ],
)
def test_coefficients_are_the_ir_vertex_over_the_symmetry_factor(
    ir, card, src, params, legs, symmetry
) -> None:
    # no momenta and no colour in these vertices: coefficient = IR value / S, monomial by monomial
    v = ir.vertex(*legs)
    t = src.lterms[ir.vertices.index(v)]
    assert t.symmetry == forms.symmetry_factor(v) == symmetry
    values = ir.evaluate(card)
    assert len(t.monomials) == len(v.couplings)
    for c, m in zip(v.couplings, t.monomials, strict=True):
        want = coupling_value(c.value, values) / symmetry
        assert _coefficient(m, params) == pytest.approx(want, rel=1e-12)


def test_derivatives_carry_i_and_sit_on_their_leg(ir, card, src, params) -> None:
    # IR: V = (Cmm/fa) i (P_L - P_R) pslash_a  ->  L = (V/p) i deriv: coefficient i x IR value
    v = ir.vertex("mu+", "mu-", "a")
    t = src.lterms[ir.vertices.index(v)]
    values = ir.evaluate(card)
    for c, m in zip(v.couplings, t.monomials, strict=True):
        assert m.operator.startswith("anti(m)*gamma^rho1*(1")
        assert m.operator.endswith("*m*deriv^rho1*ax")
        assert _coefficient(m, params) == pytest.approx(
            1j * coupling_value(c.value, values), rel=1e-12
        )


def test_epsilon_is_written_with_calcheps_sign(ir, card, src, params) -> None:
    # A A a: V = c eps(p2, p1, e1, e2) (IR, eps^{0123} = +1), two momenta (i each) and the IR eps
    # = -epsv (CalcHEP's eps^{0123} = -1, measured on mu mu -> a gamma; docs/lanhep.md), 1/2 for
    # the two photons: coefficient = c x i^2 x (-1) / 2 = c/2
    v = ir.vertex("A", "A", "a")
    (m,) = src.lterms[ir.vertices.index(v)].monomials
    assert m.operator.startswith("epsv^")
    want = coupling_value(v.couplings[0].value, ir.evaluate(card)) / 2
    assert _coefficient(m, params) == pytest.approx(want, rel=1e-12)


def test_every_epsilon_has_four_indices_each_contracted_once(text) -> None:
    # eps(p2, p1, e1, e2) of the ALP-gauge vertices: epsv with four distinct indices, each of them
    # carried once more in the same lterm (by a derivative or a vector field)
    lines = [ln for ln in text.splitlines() if ln.startswith("lterm") and "epsv" in ln]
    assert len(lines) >= 4  # a A A, a A Z, a Z Z, a W+ W- (and the gluon ones)
    for ln in lines:
        (indices,) = re.findall(r"epsv((?:\^\w+)+)", ln)
        idx = indices.split("^")[1:]
        assert len(idx) == len(set(idx)) == 4, ln
        rest = ln.replace("epsv" + indices, "")
        for i in idx:
            assert len(re.findall(rf"\^{i}\b", rest)) == 1, (i, ln)


def test_the_qcd_quartic_is_lanheps_own_field_strength_term(ir, src) -> None:
    # the six f f g g structures of the IR vertex are one monomial of four identical gluons;
    # it must be -(1/4) (i gs f_SU3 G G)^2 = +(gs^2/4) f_SU3 f_SU3 G G G G, the quartic part of
    # -F^2/4 with F = deriv G - deriv G + i*GG*f_SU3*G*G in LanHEP's own QCD (mdl/qcd.mdl)
    (m,) = src.lterms[ir.vertices.index(ir.vertex("g", "g", "g", "g"))].monomials
    assert (m.coefficient, m.strong) == ("1/4", 2)
    assert (
        m.operator == "f_SU3^cb1^ca1^ca2*f_SU3^cb1^ca3^ca4*G^mu1^ca1*G^mu2^ca2*G^mu1^ca3*G^mu2^ca4"
    )
    # three gluons: one monomial as well, with f = i f_SU3 (the IR value -i gs becomes gs/6 x ...)
    (m3,) = src.lterms[ir.vertices.index(ir.vertex("g", "g", "g"))].monomials
    assert m3.strong == 1
    assert "f_SU3" in m3.operator


def test_complex_couplings_reuse_one_parameter_for_a_coupling_and_its_conjugate(ir, src) -> None:
    # CheckHerm matches e+ N1 W- with N1 e- W+ only if the imaginary parts share a parameter
    a = src.lterms[ir.vertices.index(ir.vertex("e+", "N1", "W-"))].monomials[0].coefficient
    b = src.lterms[ir.vertices.index(ir.vertex("N1", "e-", "W+"))].monomials[0].coefficient
    m = re.fullmatch(r"\((GC\d+) ([+-]) i\*(GC\d+)\)", a)
    assert m, a
    flipped = "-" if m[2] == "+" else "+"
    assert b == f"({m[1]} {flipped} i*{m[3]})"


def test_names_are_checked(ir) -> None:
    names = toolnames.tool_names(ir).calchep
    with pytest.raises(GenerationError, match="reserved in LanHEP"):
        lanhep._check_names(names, ["lambda"])
    with pytest.raises(GenerationError, match="single namespace"):
        lanhep._check_names(names, ["phi"])
    with pytest.raises(GenerationError, match="only by case"):
        lanhep._check_names(names, ["xY", "Xy"])
    with pytest.raises(GenerationError, match="not valid in CalcHEP"):
        lanhep._check_names(names, ["way_too_long_a_name"])
    assert lanhep.quote("W+") == "'W+'"
    assert lanhep.quote("nu1") == "nu1"
    assert toolnames.complex_parts("VN12") == ("VNr12", "VNi12")


@pytest.mark.parametrize(
    ("expr", "code"),
    [
        ("x/2", "x/2"),
        ("-sqrt(2)*x*y/3", "-x*y*Sqrt2/3"),
        ("x**2/(3*y**3)", "x**2/(3*y**3)"),
        ("1/x", "1/x"),
        ("1/(x + y)", "1/(x + y)"),
        ("pi*x/4", "acos(-1)*x/4"),
        ("x**(3/2)", "sqrt(x)**3"),
        ("2*sqrt(pi)*sqrt(x)", "2*sqrt(acos(-1))*sqrt(x)"),
        ("1 - x**2", "1 - x**2"),
        ("Abs(x)", "fabs(x)"),
    ],
)
def test_printer(expr, code) -> None:
    assert lanhep_code(sp.sympify(expr)) == code


@pytest.mark.parametrize(
    "expr",
    [sp.Float(1.5) * sp.Symbol("x"), sp.Symbol("x") + sp.Rational(1, 3), sp.conjugate(sp.Symbol("z")),
     sp.I * sp.Symbol("x"), sp.Function("besselj")(sp.Symbol("x")), sp.Symbol("x") ** sp.Rational(1, 3)],
)  # fmt: skip
def test_printer_is_strict(expr) -> None:
    # decimals (LanHEP rounds to 6 digits), lone fractions (integer division in func1.mdl's C),
    # conjugates, i in a real parameter, unknown functions, cube roots: refused, never printed
    with pytest.raises(GenerationError):
        lanhep_code(expr)


@pytest.mark.parametrize(("base", "exp"), [(2, -2), (3, -3), (7, -2), (2, -5)])
def test_printer_keeps_an_unevaluated_number_power_a_power(base: int, exp: int) -> None:
    # 1/n**k of a number n (an unevaluated tree, as a snapshot rebuilds them) is printed as the
    # power it is, never as the lone fraction 1/n^k that func1.mdl's C would divide as integers
    # (1/4 == 0: the fraction the printer refuses above); read back it is the same number
    power = sp.Pow(sp.Integer(base), sp.Integer(exp), evaluate=False)
    for allow_i in (False, True):
        text = lanhep_code(power, allow_i=allow_i)
        assert text == f"1/{base}**{-exp}"
        assert sp.sympify(text) == sp.Rational(1, base**-exp)


def test_printer_allows_i_and_fractions_in_coefficients() -> None:
    assert lanhep_code(sp.I * sp.Symbol("x") / 2, allow_i=True) == "i*x/2"
    assert lanhep_code(sp.Rational(-1, 6), allow_i=True) == "-1/6"


def test_generate_model_target_lanhep(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("ALPSEESAW_CACHE_DIR", str(tmp_path / "cache"))
    r = CliRunner().invoke(
        generate_model, ["--target", "lanhep", "--out", str(tmp_path / "o"), "--set", "Mchi=3000"]
    )
    assert r.exit_code == 0, r.output
    text = (tmp_path / "o" / "model.lhp").read_text()
    assert "\nparameter Mchi = 3000.0 : " in text
    assert (tmp_path / "o" / "manifest.json").is_file()


def test_parameter_comments_say_what_each_parameter_is(text) -> None:
    # every parameter statement carries its description (CalcHEP shows it); GG is CalcHEP's
    # running strong coupling, written at the card's value
    pattern = r"^parameter (\w+) = .* : '(.*)'\.$"
    comments = {m[1]: m[2] for m in re.finditer(pattern, text, re.MULTILINE)}
    assert comments["GG"] == 'strong coupling g_s at the card (CalcHEP"s running GG)'
    assert comments["Mchi"].startswith("dark-matter mass m_chi")
    assert comments["aS"].startswith("strong coupling alpha_s(MZ)")
