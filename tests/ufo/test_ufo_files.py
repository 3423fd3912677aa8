"""The UFO directory as files: layout, determinism, Python 3 package imports, parameters, widths,
param card, and the two loaders (ufo-model-loader, ufoamp's card reader)."""

from __future__ import annotations

import ast
import cmath
import logging
import os
import re
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np
import pytest
import ufo_numeric as U

from alpseesaw.generators import ufo
from alpseesaw.model import widths as W


def test_the_ufo_files_and_nothing_else(ufo_files) -> None:
    assert set(ufo_files) == set(ufo.UFO_FILES)
    for name, text in ufo_files.items():
        assert text.endswith("\n"), name
        # no path of this machine: the home, the temporary directory, the repository
        for root in (str(Path.home()), tempfile.gettempdir(), str(Path(__file__).parents[2])):
            assert root + "/" not in text, name


def test_python3_modules_use_relative_imports_only(ufo_files) -> None:
    # MadGraph imports the model as a package; under Python 3 (absolute-import semantics) the
    # modules must import each other with explicit relative imports
    siblings = {n[:-3] for n in ufo_files if n.endswith(".py")}
    for name, text in ufo_files.items():
        if not name.endswith(".py"):
            continue
        tree = ast.parse(text, filename=name)
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module != "__future__":
                assert node.level == 1 or node.module.split(".")[0] not in siblings, (
                    name,
                    node.module,
                )
            if isinstance(node, ast.Import):
                assert not any(a.name.split(".")[0] in siblings for a in node.names), name
        compile(text, name, "exec")


def test_the_package_imports_from_its_parent_directory(ufo_dir) -> None:
    # as MadGraph does: parent directory on sys.path, `import <model>`; nothing is written
    before = sorted(p.name for p in ufo_dir.iterdir())
    code = f"import {ufo_dir.name} as m; print(len(m.all_particles), len(m.all_vertices), len(m.all_decays))"
    env = os.environ | {"PYTHONDONTWRITEBYTECODE": "1"}
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ufo_dir.parent,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.split() == [
        "35",
        "340",
        "2",
    ]  # decays of ax and phi: the N have no 2-body channel here
    assert sorted(p.name for p in ufo_dir.iterdir()) == before


def test_names(ufo_module) -> None:
    names = [p.name for p in ufo_module.all_particles]
    assert len({n.lower() for n in names}) == len(
        names
    )  # consumers compare names case-insensitively
    assert "ax" in names
    assert "A" in names
    assert "a" not in names
    params = [p.name for p in ufo_module.all_parameters]
    assert len({n.lower() for n in params}) == len(params)
    by_name = {p.name: p for p in ufo_module.all_parameters}
    for name, block, code in (
        ("Mchi", "MASS", [52]),
        ("Ma", "MASS", [9000005]),
        ("fa", "PQINPUTS", [1]),
        ("Cgg", "ALPVV", [1]),
        ("Cmm", "ALPFF", [13]),
        ("aS", "SMINPUTS", [3]),
    ):
        assert by_name[name].nature == "external"
        assert (by_name[name].lhablock, list(by_name[name].lhacode)) == (block, code)


def test_majorana_neutrinos_are_self_conjugate_fermions(ufo_module) -> None:
    for p in ufo_module.all_particles:
        if p.name.startswith(("nu", "N")) and p.spin == 2:
            assert p.name == p.antiname
            assert p.selfconjugate
            assert p.charge == 0


def test_numeric_block_is_written_at_the_card(values, ufo_module) -> None:
    # the 7x7 Takagi mixing, the heavy masses: external parameters with the card's values
    par = U.parameters(ufo_module)
    for a in range(1, 8):
        for k in range(1, 8):
            assert par[f"VN{a}{k}"] == pytest.approx(
                complex(values[f"VN{a}{k}"]), rel=1e-15, abs=1e-300
            )
    for k in range(1, 5):
        assert par[f"Mnh{k}"] == pytest.approx(values[f"Mnh{k}"], rel=1e-15)
    # the internal parameters the UFO recomputes agree with the IR's
    for name in ("ee", "sw", "v", "gs", "cth", "gchi", "yt"):
        assert complex(par[name]) == pytest.approx(complex(values[name]), rel=1e-13)


def test_widths_of_the_new_states_are_the_sums_of_decays_py(ir, values, ufo_module) -> None:
    # at the session's card a and phi decay in two bodies; the N (31-80 GeV) do not (their widths
    # stay 0, documented in docs/ufo.md); each width = the sum of decays.py's partial widths, and
    # those are alpseesaw's (widths.py) channel by channel
    par = U.parameters(ufo_module)
    ns = {"cmath": cmath, "complex": complex, "abs": abs, "__builtins__": {}} | par
    ns |= {f.name: getattr(ufo_module.function_library, f.name) for f in ufo_module.all_functions}
    totals = {}
    for d in ufo_module.all_decays:
        partials = [complex(eval(w, ns)) for w in d.partial_widths.values()]
        totals[d.particle.name] = sum(z.real for z in partials)
        assert all(
            abs(z.imag) <= 1e-9 * totals[d.particle.name]
            and z.real >= -1e-12 * totals[d.particle.name]
            for z in partials
        )
    assert set(totals) == {"ax", "phi"}
    for p in ufo_module.all_particles:
        if p.name in totals:
            assert par[p.width.name] == pytest.approx(totals[p.name], rel=1e-12)
            assert totals[p.name] > 0
    decay = next(d for d in ufo_module.all_decays if d.particle.name == "ax")
    checked = 0
    for pw in W.two_body_widths(ir, "a"):
        if W.is_open(ir, pw, values):
            prods = sorted(ufo.ufo_name(ir, x) for x in pw.products)
            key = next(k for k in decay.partial_widths if sorted(q.name for q in k) == prods)
            got = complex(eval(decay.partial_widths[key], ns)).real
            assert got == pytest.approx(
                W.evaluate_width(ir, pw, values), rel=1e-12, abs=1e-15 * totals["ax"]
            )
            checked += 1
    assert checked == len(decay.partial_widths)


def test_madDM_finds_only_chi_at_the_benchmark(ir) -> None:
    # MadDM (search_dm_candidate) takes the lightest neutral particle with 25 < PDG, mass > 0 and
    # width 'ZERO' or 0: at the paper's benchmark card every new unstable state has a nonzero
    # computed width, so chi is the only candidate
    model = ufo.build(ir, {})
    width = {p.name: float(p.value) for p in model.parameters if p.lhablock == "DECAY"}
    candidates = [
        p.name
        for p in model.particles
        if p.charge == "0" and abs(p.pdg) > 25 and (p.width == "ZERO" or width[p.width] == 0)
    ]
    assert candidates == ["chi"]
    assert all(width[w] > 0 for w in ("Wa", "Wphi", "Wnh1", "Wnh2", "Wnh3", "Wnh4"))


def test_param_card_reads_back(ufo_dir, amp_model, ufo_module) -> None:
    # a consumer's reader (ufoamp.analysis.read_param_card) finds every external parameter with
    # its value (16 significant digits); the decay blocks' branching ratios add up to 1
    from ufoamp.analysis import read_param_card

    card = read_param_card(str(ufo_dir / "param_card.dat"), amp_model)
    assert not card.unknown
    externals = {p.name: p.value for p in ufo_module.all_parameters if p.nature == "external"}
    assert set(card) == set(externals)
    for name, value in externals.items():
        assert card[name] == pytest.approx(value, rel=1e-15, abs=1e-300)
    text = (ufo_dir / "param_card.dat").read_text()
    for block in re.split(r"(?m)^DECAY", text)[1:]:
        brs = [
            float(line.split()[0])
            for line in block.splitlines()[1:]
            if line.strip() and not line.lstrip().startswith("#") and not line.startswith("BLOCK")
        ]
        if brs:
            assert sum(brs) == pytest.approx(1.0, rel=1e-12)


def test_restriction_card_keeps_parameters_apart(ufo_dir, amp_model) -> None:
    # MadGraph's RestrictModel fixes +-1, removes 0 and merges equal or opposite values within a
    # block; the default restriction card must equal the param card up to 1e-15 without any
    # such coincidence (at the benchmark card Ma = Mphi = 1100 GeV, both in MASS)
    from ufoamp.analysis import read_param_card

    card = read_param_card(str(ufo_dir / "param_card.dat"), amp_model)
    restrict = read_param_card(str(ufo_dir / "restrict_default.dat"), amp_model)
    assert set(card) == set(restrict)
    for name, value in card.items():
        assert restrict[name] == pytest.approx(value, rel=1e-6 if abs(value) == 1 else 1e-15, abs=0)
    blocks = {p.name: p.lhablock for p in amp_model.parameters if p.nature == "external"}
    by_block: dict[str, list[float]] = {}
    for name, value in restrict.items():
        if blocks[name] != "DECAY" and value != 0:
            assert abs(value) != 1
            by_block.setdefault(blocks[name], []).append(abs(value))
    for values in by_block.values():
        assert len(values) == len(set(values))


def test_restriction_values_move_coincidences() -> None:
    entries = [
        ("MASS", (1,), 1100.0, "Ma"),
        ("MASS", (2,), 1100.0, "Mphi"),
        ("X", (1,), -2.5, "a"),
        ("X", (2,), 2.5, "b"),
        ("X", (3,), 1.0, "c"),
        ("X", (4,), 0.0, "d"),
        ("DECAY", (5,), 0.1, "w"),
        ("DECAY", (6,), 0.1, "w2"),
    ]
    out = [v for _, _, v, _ in ufo.restriction_values(entries)]
    assert out[0] == 1100.0
    assert out[1] != 1100.0
    assert out[1] == pytest.approx(1100.0, rel=1e-15)
    assert abs(out[3]) != abs(out[2])
    assert out[4:] == [9.999999e-1, 0.0, 0.1, 0.1]


@pytest.mark.parametrize("restriction", [None, "full"])
def test_ufo_model_loader_loads_without_warnings(ufo_dir, restriction, caplog) -> None:
    from ufo_model_loader.commands import load_model
    from ufo_model_loader.common import UFOMODELLOADER_WARNINGS_ISSUED

    # ufo-model-loader 1.0.1 leaves the restriction card open: only its ResourceWarning is ignored
    with caplog.at_level(logging.WARNING, logger="UFOModelLoader"), warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        model, _ = load_model(str(ufo_dir), restriction, True)
    assert not [
        r
        for r in caplog.records
        if r.levelno >= logging.WARNING and r.name.startswith("UFOModelLoader")
    ]
    assert not UFOMODELLOADER_WARNINGS_ISSUED
    assert len(model.particles) == 35
    n = len(model.vertex_rules)
    # the default restriction (the card) drops vertices whose couplings vanish there, e.g. Cdd = 0
    assert n == 340 if restriction == "full" else 0 < n < 340
    assert np.isfinite(
        [complex(c.value).real for c in model.couplings if c.value is not None]
    ).all()


def test_lepton_number_is_carried_by_the_charged_leptons_only(ir) -> None:
    # UFO LeptonNumber: +1 for e-, mu-, ta- (their antiparticles -1 by the UFO's anti()); the
    # neutral leptons are Majorana (no conserved lepton number), quarks, bosons and chi carry none.
    from alpseesaw.generators.ufo.particles import particle_record

    carriers = {p.name for p in ir.particles if particle_record(ir, p).lepton_number}
    assert carriers == {"e-", "mu-", "ta-"}
    assert {particle_record(ir, ir.particle(n)).lepton_number for n in carriers} == {1}


def test_every_branching_ratio_line_conserves_charge(ufo_dir, ufo_module) -> None:
    # "BR NDA ID1 ID2": an antiparticle is the negative PDG code, so the products' charges add up
    # to the parent's on every line (a neutral a -> mu+ mu- is 13 -13, a W+ -> e+ nu is -11 12)
    charge = {p.pdg_code: p.charge for p in ufo_module.all_particles}
    text = (ufo_dir / "param_card.dat").read_text()
    lines_seen = 0
    for block in re.split(r"(?m)^DECAY", text)[1:]:
        head, *rows = block.splitlines()
        parent = int(head.split()[0])
        for row in rows:
            fields = row.split("#")[0].split()
            if row.startswith("BLOCK") or len(fields) < 4:
                continue
            ids = [int(x) for x in fields[2 : 2 + int(fields[1])]]
            assert sum(charge[i] for i in ids) == pytest.approx(charge[parent], abs=1e-12), row
            lines_seen += 1
    assert lines_seen > 20
