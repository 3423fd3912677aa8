"""The micrOMEGAs project generator (pure): files, escaping, validation, determinism."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from alpseesaw.errors import GenerationError, ParameterError
from alpseesaw.generators.calchep import model_particles, model_variables
from alpseesaw.generators.micromegas import (
    FinalState,
    MassSpec,
    MicromegasProjectSpec,
    ParameterSpec,
    c_double,
    c_string_literal,
    render_project,
)

TOY = Path(__file__).parent / "data" / "micromegas" / "alp_toy"


def toy_files() -> dict[str, str]:
    return {p.name: p.read_text() for p in sorted(TOY.glob("*.mdl"))}


def toy_spec(**changes: object) -> MicromegasProjectSpec:
    fields: dict[str, object] = {
        "model_name": "ALP toy",
        "dm": "~chi",
        "anti_dm": "~Chi",
        "final_states": (FinalState(("A", "A")), FinalState(("m", "M"))),
        "parameters": tuple(ParameterSpec(n) for n in ("Mchi", "Ma", "fa", "Cgg", "Cmm")),
        "masses": (MassSpec("chi", "~chi"), MassSpec("a", "a")),
        "default_point": {"Mchi": 1000.0, "Ma": 1100.0},
    }
    fields.update(changes)
    return MicromegasProjectSpec(**fields)  # type: ignore[arg-type]


def decode_c_literal(literal: str) -> str:
    """Decode a C string literal made of printable ASCII, \\" \\\\ \\? and \\ooo escapes."""
    assert literal.startswith('"')
    assert literal.endswith('"')
    body, out, i = literal[1:-1], bytearray(), 0
    while i < len(body):
        ch = body[i]
        assert ch != '"', "unescaped quote inside a C literal"
        if ch == "\\":
            nxt = body[i + 1]
            if nxt in '"\\?':
                out += nxt.encode()
                i += 2
            else:
                out.append(int(body[i + 1 : i + 4], 8))
                i += 4
        else:
            assert 0x20 <= ord(ch) < 0x7F
            out += ch.encode()
            i += 1
    return out.decode("utf-8")


def test_project_layout_and_model_files_are_passed_through() -> None:
    files = toy_files()
    project = render_project(files, toy_spec())
    assert set(project) == {
        "main.c",
        "Makefile",
        "README.md",
        "data.par",
        "manifest.json",
        *(
            f"work/models/{n}"
            for n in ("vars1.mdl", "func1.mdl", "prtcls1.mdl", "lgrng1.mdl", "extlib1.mdl")
        ),
    }
    for name in ("vars1.mdl", "func1.mdl", "prtcls1.mdl", "lgrng1.mdl"):
        assert project[f"work/models/{name}"] == files[name]


def test_manifest_names_what_a_point_may_set() -> None:
    """The runners' interface: every variable of the toy's vars1.mdl, by its own name; a spec's
    alias (``MDM`` for ``Mchi``) as well; checksums of the other files."""
    spec = toy_spec(parameters=(ParameterSpec("MDM", "Mchi"), ParameterSpec("Cgg")))
    project = render_project(toy_files(), spec)
    body = json.loads(project["manifest.json"])
    independent, _ = model_variables(toy_files()["vars1.mdl"], toy_files()["func1.mdl"])
    assert body["parfile"] == {**{n: [n] for n in sorted(independent)}, "MDM": ["Mchi"]}
    assert body["target"] == "micromegas"
    assert "model_hash" not in body  # not the IR's model
    assert set(body["files"]) == set(project) - {"manifest.json"}


def test_rendering_is_byte_deterministic_and_machine_independent() -> None:
    first = render_project(toy_files(), toy_spec())
    second = render_project(toy_files(), toy_spec())
    assert first == second
    home = str(Path.home())
    for text in first.values():
        assert os.environ.get("MICROMEGAS_DIR", "\0") not in text  # no installation path
        assert home not in text
        assert not re.search(r"20\d\d-\d\d-\d\d", text)  # no date stamps


def test_extlib_is_synthesised_when_lanhep_did_not_write_it() -> None:
    project = render_project(toy_files(), toy_spec())  # the toy has no extlib1.mdl
    lines = project["work/models/extlib1.mdl"].splitlines()
    assert lines[0] == "ALP toy"
    assert lines[1] == "Libraries"
    assert lines[-1].startswith("=====")


def test_main_c_tables_hold_escaped_names_and_processes() -> None:
    spec = toy_spec(final_states=(FinalState(("A", "A"), key='gam"ma\\ */ ??= x'),))
    main_c = render_project(toy_files(), spec)["main.c"]
    block = main_c.split("FS_PROCESS[] = {", 1)[1].split("NULL}", 1)[0]
    assert [decode_c_literal(x) for x in re.findall(r'"(?:[^"\\]|\\.)*"', block)] == [
        "~chi,~Chi->A,A"
    ]
    keys = main_c.split("FS_KEY_JSON[] = {", 1)[1].split("NULL}", 1)[0]
    (literal,) = re.findall(r'"(?:[^"\\]|\\.)*"', keys)
    # the C literal holds the JSON encoding of the key, which decodes back to the key
    import json

    assert json.loads(decode_c_literal(literal)) == 'gam"ma\\ */ ??= x'
    assert "??=" not in main_c.split("FS_KEY_JSON", 1)[1].split("NULL}", 1)[0]  # no trigraph


@pytest.mark.parametrize(
    "text", ["", "plain", 'q"uote', "back\\slash", "new\nline", "*/", "??/", "µ→é", "\x00\x7f"]
)
def test_c_string_literal_round_trips(text: str) -> None:
    literal = c_string_literal(text)
    assert decode_c_literal(literal) == text
    assert all(0x20 <= ord(c) < 0x7F for c in literal)


def test_c_double_round_trips_and_rejects_non_finite() -> None:
    for x in (1e-5, 0.1, 2.0, 1e300, -3.25e-12):
        assert float(c_double(x)) == x
        assert any(c in c_double(x) for c in ".eE")
    with pytest.raises(GenerationError, match="non-finite"):
        c_double(float("nan"))


def test_data_par_holds_the_default_point_with_full_precision() -> None:
    project = render_project(toy_files(), toy_spec(default_point={"Mchi": 1234.5678901234567}))
    lines = [ln for ln in project["data.par"].splitlines() if not ln.startswith("#")]
    assert lines == ["Mchi 1234.5678901234567"]


def test_makefile_recipes_use_tabs_and_micromegas_dir() -> None:
    makefile = render_project(toy_files(), toy_spec())["Makefile"]
    assert "$(MICROMEGAS_DIR)" in makefile
    assert "\tcd work && $(CHEP_BIN)/s_calchep -blind" in makefile
    assert "-C ../sources" not in makefile.split("\n# ", 1)[0]  # never rebuilds the install
    assert "work/models/vars1.mdl" not in makefile or "MODELS" in makefile


def test_model_table_readers() -> None:
    files = toy_files()
    assert model_particles(files["prtcls1.mdl"]) == {"A", "m", "M", "a", "~chi", "~Chi"}
    independent, derived = model_variables(files["vars1.mdl"], files["func1.mdl"])
    assert independent == {"EE", "Mm", "Mchi", "Ma", "fa", "Cgg", "Cmm"}
    assert derived == {"alfE", "Kaa"}


@pytest.mark.parametrize(
    ("changes", "error", "match"),
    [
        ({"dm": "chi"}, GenerationError, "not declared"),
        ({"dm": "a"}, GenerationError, "must start with '~'"),
        ({"anti_dm": "~Ch i"}, GenerationError, "not a valid CalcHEP particle name"),
        ({"final_states": (FinalState(("A", "Z")),)}, GenerationError, "'Z' is not declared"),
        ({"final_states": (FinalState(("A", "A")),) * 2}, GenerationError, "appears twice"),
        ({"masses": (MassSpec("x\n", "a"),)}, GenerationError, "printable ASCII"),
        ({"parameters": (ParameterSpec("p1"),)}, ParameterError, "not a valid CalcHEP"),
        ({"parameters": (ParameterSpec("G5"),)}, ParameterError, "not a valid CalcHEP"),
        ({"parameters": (ParameterSpec("toolongname1"),)}, ParameterError, "at most 11"),
        ({"parameters": (ParameterSpec('M"; system("x'),)}, ParameterError, "'M\"; system"),
        ({"parameters": (ParameterSpec("Mnope"),)}, ParameterError, "unknown to the CalcHEP"),
        ({"default_point": {"Mchi": float("inf")}}, ParameterError, "finite"),
        ({"default_point": {"Kaa": 1.0}}, ParameterError, "independent parameter"),
        ({"model_name": "bad\x00name"}, GenerationError, "model name"),
        ({"beps": 0.0}, ParameterError, "beps"),
    ],
)
def test_bad_specs_are_rejected_with_clear_messages(
    changes: dict[str, object], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=re.escape(match) if '"' in match else match):
        render_project(toy_files(), toy_spec(**changes))


def test_model_file_set_is_checked() -> None:
    files = toy_files()
    with pytest.raises(GenerationError, match="unexpected model files"):
        render_project({**files, "../evil.mdl": "x"}, toy_spec())
    del files["lgrng1.mdl"]
    with pytest.raises(GenerationError, match=r"missing CalcHEP model files \['lgrng1.mdl'\]"):
        render_project(files, toy_spec())


def test_readme_states_build_command_and_normalisations() -> None:
    readme = render_project(toy_files(), toy_spec())["README.md"]
    assert "make MICROMEGAS_DIR=" in readme
    assert "sigma(DM DM~) v / 2" in readme
    assert "`A A`: `~chi,~Chi->A,A`" in readme


def test_the_models_project_annihilates_chi_with_its_antiparticle() -> None:
    """chi is a Dirac fermion (paper, Sec. 2.3): its relic density and sigma v are those of chi
    chi~ pairs, so every process main.c computes is DM,DM~ with DM~ the antiparticle that
    prtcls1.mdl lists beside the dark matter (PDG 52), never chi chi."""
    from alpseesaw.generators import micromegas
    from alpseesaw.model import build_model
    from alpseesaw.validation import calchep_eval as ce

    files = micromegas.generate(build_model())
    row = next(r for r in ce.read_particles(files["work/models/prtcls1.mdl"]).values()
               if r["pdg"] == "52")  # fmt: skip
    dm, anti = row["name"], row["anti"]
    assert dm != anti
    main_c = files["main.c"]
    assert f"#define ANTI_DM_NAME {c_string_literal(anti)}" in main_c
    block = main_c.split("FS_PROCESS[] = {", 1)[1].split("NULL}", 1)[0]
    processes = [decode_c_literal(x) for x in re.findall(r'"(?:[^"\\]|\\.)*"', block)]
    assert processes
    assert all(p.startswith(f"{dm},{anti}->") for p in processes), processes


def test_main_reads_every_variable_where_alpseesaw_spectrum_writes_it() -> None:
    """``main [PARFILE] SPECTRUM`` reads each vars1.mdl variable at its SlhaSlot: every slot must
    hold, in the SLHA file ``alpseesaw spectrum`` writes, that variable's value at the card (the
    imaginary parts of the 7x7 mixing in IMNUMIX beside NUMIX, masses in MASS, widths as DECAY
    lines), at a card where every part is non-zero."""
    from alpseesaw.generators.micromegas import exact_values, spectrum_slots
    from alpseesaw.generators.slha import spectrum_slha
    from alpseesaw.model import build_model
    from alpseesaw.model.card import make_point
    from alpseesaw.model.checks import _random_externals

    ir = build_model()
    point = make_point(ir.parameter_set, _random_externals(ir.parameter_set, seed=5), "broken")
    entries: dict[tuple[str, tuple[int, ...]], float] = {}
    block = ""
    for line in spectrum_slha(point).splitlines():  # the card's widths (no --decays)
        words = line.split("#")[0].split()
        if not words:
            continue
        if words[0].upper() == "BLOCK":
            block = words[1].upper()
        elif words[0].upper() == "DECAY":
            entries[("DECAY", (int(words[1]),))] = float(words[2])
            block = ""
        elif block and block != "SPINFO":
            entries[(block, tuple(int(w) for w in words[:-1]))] = float(words[-1])
    slots, _inputs, _unitary = spectrum_slots(ir)
    exact = dict(exact_values(ir, point))
    assert len(slots) == len(exact)
    im = [q for q in slots if q.block.startswith("IM")]
    assert sum(q.block == "IMNUMIX" for q in im) == 49  # and the complex mu_S entries
    assert any(exact[q.calchep_name] != 0 for q in im)
    for q in slots:
        assert entries[(q.block, q.keys)] == exact[q.calchep_name], q
