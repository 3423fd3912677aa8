"""The warm path of `generate-model`: a request seen before is served from the cache without
building the model, evaluating the card or importing SymPy; anything that changes the request
(card bytes, ``--set``, gauge, target) takes the full path."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from tests.fresh import fresh_python

from alpseesaw.cli import generate_model
from alpseesaw.model.card import write_card

#: Runs the CLI in a fresh interpreter and reports which heavy modules it imported.
_PROBE = """
import sys
from alpseesaw.cli import main
try:
    main(sys.argv[1:], prog_name="alpseesaw")
except SystemExit as exc:
    assert not exc.code, exc.code
print("IMPORTED", " ".join(m for m in ("sympy", "numpy", "scipy") if m in sys.modules))
"""


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("ALPSEESAW_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _tree(path: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()
    }


def _fresh_process(args: list[str]) -> subprocess.CompletedProcess[str]:
    return fresh_python(_PROBE, *args, timeout=120)


@pytest.mark.usefixtures("cache")
def test_a_repeated_request_imports_no_sympy_and_writes_the_same_bytes(tmp_path) -> None:
    card = tmp_path / "card.slha"
    write_card(card, {"Mchi": 2500.0})
    args = ["--target", "lanhep", "--card", str(card), "--set", "fa=20000"]
    cold = CliRunner().invoke(generate_model, [*args, "--out", str(tmp_path / "cold")])
    assert cold.exit_code == 0, cold.output
    assert "(cached)" not in cold.output

    warm = _fresh_process(["generate", *args, "--out", str(tmp_path / "warm")])
    assert "(cached)" in warm.stderr
    assert warm.stdout.split()[-1] == "IMPORTED", warm.stdout  # no SymPy, NumPy, SciPy
    assert _tree(tmp_path / "warm") == _tree(tmp_path / "cold")


@pytest.mark.usefixtures("cache")
def test_a_changed_request_takes_the_full_path(tmp_path) -> None:
    card = tmp_path / "card.slha"
    write_card(card, {"Mchi": 2500.0})
    runner = CliRunner()

    def run(out: str, *extra: str, card_args: tuple[str, ...] = ("--card", str(card))) -> str:
        r = runner.invoke(
            generate_model, ["--target", "ufo", *card_args, "--out", str(tmp_path / out), *extra]
        )
        assert r.exit_code == 0, r.output
        return r.output

    run("first")
    assert "(cached)" in run("again")
    write_card(card, {"Mchi": 2600.0})  # same path, other bytes
    assert "(cached)" not in run("edited_card")
    assert "2600" in (tmp_path / "edited_card" / "parameters.py").read_text()
    assert "(cached)" not in run("with_set", "--set", "Mchi=2700")
    assert "2700" in (tmp_path / "with_set" / "parameters.py").read_text()
    run("default_card", card_args=())
    assert "(cached)" not in run("unbroken", "--alp-gauge", "unbroken", card_args=())


@pytest.mark.usefixtures("cache")
def test_an_invalid_request_is_never_recorded(tmp_path) -> None:
    runner = CliRunner()
    args = ["--target", "ufo", "--set", "Mchi=-1"]
    for out in ("a", "b"):
        r = runner.invoke(generate_model, [*args, "--out", str(tmp_path / out)])
        assert r.exit_code == 2
        assert "Mchi" in r.output
        assert not (tmp_path / out).exists()


@pytest.mark.usefixtures("cache")
def test_the_same_bytes_under_another_suffix_are_another_request(tmp_path) -> None:
    """``.toml`` selects the TOML reader: SLHA bytes there are a bad card, even after the same
    bytes were generated from ``card.slha`` (planted: the key without the suffix -> exit 0)."""
    slha = tmp_path / "card.slha"
    write_card(slha, {"Mchi": 2500.0})
    toml = tmp_path / "card.toml"
    toml.write_bytes(slha.read_bytes())
    runner = CliRunner()
    ok = runner.invoke(
        generate_model, ["--target", "ufo", "--card", str(slha), "--out", str(tmp_path / "a")]
    )
    assert ok.exit_code == 0, ok.output
    bad = runner.invoke(
        generate_model, ["--target", "ufo", "--card", str(toml), "--out", str(tmp_path / "b")]
    )
    assert bad.exit_code == 2, bad.output
    assert "card.toml" in bad.output


#: A cold generation of every target in one process with numpy, SciPy and the Lagrangian's
#: modules made unimportable (the snapshot fresh: else the IR is built from the Lagrangian).
_NO_NUMPY = """
import sys

REFUSED = {"numpy", "scipy"}
MODULES = {f"alpseesaw.model.{m}" for m in ("lagrangian", "breaking", "algebra", "checks")}


class Refuse:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in REFUSED or name in MODULES:
            raise ImportError(f"{name} imported by a cold generation")


sys.meta_path.insert(0, Refuse())
from alpseesaw.model import snapshot

if snapshot._entry(sys.argv[2]).get("key") != snapshot.source_key(sys.argv[2]):
    print("STALE")
    sys.exit(0)
from alpseesaw import emit
from alpseesaw.model.card import load_point

point = load_point(None, [sys.argv[1]], sys.argv[2])
files, cached = emit.generate_targets(
    ["calchep", "micromegas", "ufo", "lanhep"], point, use_cache=False, workers=1
)
print("GENERATED", sum(len(f) for f in files.values()))
"""


@pytest.mark.usefixtures("cache")
@pytest.mark.parametrize("gauge", ["broken", "unbroken"])
def test_a_cold_generation_needs_no_numpy(gauge) -> None:
    """The card (its neutrino block and internal parameters on Python floats) and every
    generator run without numpy and SciPy (80 ms of imports a cold run no longer pays), and an
    IR read from the snapshot without the Lagrangian's modules or the checks. Planted: ``import
    numpy as np`` back at the top of generators/ufo/decays.py -> fails; build.py importing
    ``lagrangian`` at its top -> fails. (A stale snapshot, test_snapshot's failure, skips.)"""
    out = fresh_python(_NO_NUMPY, "Mchi=2500", gauge, check=False)
    assert out.returncode == 0, out.stderr[-2000:]
    if out.stdout.split() == ["STALE"]:
        pytest.skip("the IR snapshot is stale (tests/model/test_snapshot.py says so)")
    assert out.stdout.split() == ["GENERATED", "34"]


#: Forks one worker per group after ``generators.prepare()``, as a cold generation does, and
#: prints the modules each worker imported.
_WORKER_IMPORTS = """
import os, sys
from alpseesaw.generators import generate_many, prepare
from alpseesaw.model import build_model
from alpseesaw.model.card import load_point

point, ir = load_point(None, [], "broken"), build_model("broken")
prepare()
before = set(sys.modules)
for group in (("calchep", "micromegas"), ("ufo",), ("lanhep",)):
    r, w = os.pipe()
    if os.fork() == 0:
        os.close(r)
        generate_many(group, ir, point)
        os.write(w, " ".join(sorted(set(sys.modules) - before)).encode())
        os._exit(0)
    os.close(w)
    data = b""
    while chunk := os.read(r, 1 << 16):
        data += chunk
    os.wait()
    print("WORKER", data.decode())
"""


@pytest.mark.usefixtures("cache")
def test_what_several_workers_import_is_imported_before_they_fork() -> None:
    """``generators.SHARED_MODULES`` are imported once, before the workers fork; nothing else of
    alpseesaw's is new in more than one worker (measured: 0.06 CPU s of a cold run went to the
    workers importing them each). Planted: ``alpseesaw.model.forms`` left out of SHARED_MODULES
    -> the CalcHEP and LanHEP workers both import it, fails."""
    out = fresh_python(_WORKER_IMPORTS).stdout
    workers = [set(line.split()[1:]) for line in out.splitlines() if line.startswith("WORKER")]
    assert len(workers) == 3
    twice = {
        m
        for i, a in enumerate(workers)
        for b in workers[i + 1 :]
        for m in a & b
        if m.startswith("alpseesaw.")
    }
    assert not twice, sorted(twice)
