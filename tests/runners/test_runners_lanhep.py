"""The LanHEP driver: finding lhep, running it, and its failures (stand-in lhep + real LanHEP)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from alpseesaw.errors import InputError, ToolRunError
from alpseesaw.runners import find_lhep, run_lanhep

STAND_IN_LHEP = """
import sys
flag, main = sys.argv[1], sys.argv[2]
text = open(main).read()
if "BROKEN" in text:
    print('File "%s", line 3: Error:  \\'foo\\' undefined object.' % main)
    print("File %s processed, 0 sec." % main)
    print("!!!!!!!!!!!!! THERE WERE ERRORS DURING PROCESSING !!!!!!!!")
    sys.exit(0)  # LanHEP's exit status is 0 even then
if "SILENT" in text:
    sys.exit(0)
if flag == "-ca":
    for name in ("vars1.mdl", "func1.mdl", "prtcls1.mdl", "lgrng1.mdl"):
        open(name, "w").write(name + " from " + main + "\\n")
    open("masses.chk", "w").write("ok\\n")
elif flag == "-ufo":
    import os
    os.makedirs("Toy_UFO")
    open("Toy_UFO/particles.py", "w").write("# particles\\n")
print("File %s processed, 0 sec." % main)
"""


def make_exe(path: Path, body: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"#!{sys.executable}\n{body}")
    path.chmod(0o755)
    return path


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("LANHEP", raising=False)
    monkeypatch.delenv("MICROMEGAS_DIR", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty-path"))


@pytest.fixture
def stand_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clean_env: None) -> Path:
    del clean_env  # requested for its environment only
    exe = make_exe(tmp_path / "bin" / "lhep", STAND_IN_LHEP)
    monkeypatch.setenv("LANHEP", str(exe))
    return exe


@pytest.mark.usefixtures("clean_env")
def test_find_lhep_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ToolRunError, match="LanHEP not found") as info:
        find_lhep()
    assert info.value.returncode is None
    on_path = make_exe(tmp_path / "empty-path" / "lhep", "")
    assert find_lhep() == on_path.resolve()
    in_tree = make_exe(tmp_path / "mo" / "Packages" / "LanHEP" / "lhep", "")
    monkeypatch.setenv("MICROMEGAS_DIR", str(tmp_path / "mo"))
    assert find_lhep() == in_tree.resolve()
    explicit = make_exe(tmp_path / "explicit" / "lhep", "")
    monkeypatch.setenv("LANHEP", str(explicit))
    assert find_lhep() == explicit.resolve()
    monkeypatch.setenv("LANHEP", str(tmp_path / "nope"))  # a bad LANHEP falls through
    assert find_lhep() == in_tree.resolve()


@pytest.mark.usefixtures("clean_env")
def test_not_executable_is_not_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plain = tmp_path / "lhep"
    plain.write_text("")
    monkeypatch.setenv("LANHEP", str(plain))
    with pytest.raises(ToolRunError, match=f"LANHEP={plain}"):
        find_lhep()


@pytest.mark.usefixtures("stand_in")
def test_calchep_output_files_are_returned() -> None:
    out = run_lanhep({"model.lhp": "model 'toy'/1.\n", "inc.lhp": "% included\n"}, "model.lhp")
    assert set(out.files) == {"vars1.mdl", "func1.mdl", "prtcls1.mdl", "lgrng1.mdl", "masses.chk"}
    assert out.files["vars1.mdl"] == "vars1.mdl from model.lhp\n"
    assert out.report.ok
    assert out.report.processed == ("model.lhp",)


@pytest.mark.usefixtures("stand_in")
def test_ufo_output_keeps_relative_paths(tmp_path: Path) -> None:
    out = run_lanhep({"m.lhp": "x"}, "m.lhp", output="ufo", workdir=tmp_path / "keep")
    assert out.files == {"Toy_UFO/particles.py": "# particles\n"}
    assert (tmp_path / "keep" / "Toy_UFO" / "particles.py").exists()


@pytest.mark.usefixtures("stand_in")
def test_reported_errors_raise_although_exit_status_is_zero() -> None:
    with pytest.raises(ToolRunError) as info:
        run_lanhep({"bad.lhp": "BROKEN"}, "bad.lhp")
    err = info.value
    assert err.tool == "lanhep"
    assert err.returncode == 0
    assert err.reason == "bad.lhp:3: error: 'foo' undefined object."
    assert err.argv[1:] == ("-ca", "bad.lhp")
    assert "THERE WERE ERRORS" in err.stderr_tail


@pytest.mark.usefixtures("stand_in")
def test_no_output_raises() -> None:
    with pytest.raises(ToolRunError, match="wrote no file"):
        run_lanhep({"m.lhp": "SILENT"}, "m.lhp")


@pytest.mark.usefixtures("stand_in")
def test_bad_arguments() -> None:
    with pytest.raises(InputError, match="unknown LanHEP output"):
        run_lanhep({"m.lhp": ""}, "m.lhp", output="madgraph")
    with pytest.raises(InputError, match="not among the sources"):
        run_lanhep({"m.lhp": ""}, "other.lhp")
    with pytest.raises(InputError, match="relative path"):
        run_lanhep({"../m.lhp": ""}, "../m.lhp")


def _real_lhep_or_skip() -> Path:
    try:
        return find_lhep()
    except ToolRunError as exc:
        pytest.skip(f"real LanHEP not available ({exc.reason})")


def _example_sources() -> dict[str, str]:
    """LanHEP sources of micrOMEGAs' Z3IDM example, read from the installation at test time."""
    mo = os.environ.get("MICROMEGAS_DIR")
    src = Path(mo or "/nonexistent") / "Z3IDM" / "work" / "lanhep"
    files = {
        p.name: p.read_text(errors="replace")
        for p in src.glob("*.lhp")
        if not p.name.startswith(".")
    }
    if "Z3_idoublet.lhp" not in files:
        pytest.skip("micrOMEGAs' Z3IDM LanHEP sources not found under MICROMEGAS_DIR")
    return files


@pytest.mark.lanhep
def test_real_lanhep_writes_calchep_and_ufo() -> None:
    _real_lhep_or_skip()
    sources = _example_sources()
    out = run_lanhep(sources, "Z3_idoublet.lhp")
    assert {"vars1.mdl", "func1.mdl", "prtcls1.mdl", "lgrng1.mdl"} <= set(out.files)
    assert "extlib1.mdl" not in out.files  # LanHEP does not write it (TOOLS.md)
    assert "|~x1|~X1|" in out.files["prtcls1.mdl"].replace(" ", "")
    ufo = run_lanhep(sources, "Z3_idoublet.lhp", output="ufo")
    assert any(name.endswith("/particles.py") for name in ufo.files)
    with pytest.raises(ToolRunError, match="undefined object"):
        run_lanhep({"bad.lhp": "model 'bad'/1.\nparameter EE=0.3.\nlterm foo*bar.\n"}, "bad.lhp")
