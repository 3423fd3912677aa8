"""`generate-model`: byte-identical output, atomic writes, refusal of non-empty directories, cache."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from alpseesaw.cli import generate_model


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("ALPSEESAW_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _tree(path):
    return {
        str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()
    }


@pytest.mark.usefixtures("cache")
def test_micromegas_project_is_deterministic_and_cached(tmp_path) -> None:
    runner = CliRunner()
    r1 = runner.invoke(
        generate_model,
        ["--target", "micromegas", "--out", str(tmp_path / "a"), "--set", "Mchi=3000"],
    )
    assert r1.exit_code == 0, r1.output
    assert "(cached)" not in r1.output
    r2 = runner.invoke(
        generate_model,
        ["--target", "micromegas", "--out", str(tmp_path / "b"), "--set", "Mchi=3000"],
    )
    assert r2.exit_code == 0
    assert "(cached)" in r2.output
    a, b = _tree(tmp_path / "a"), _tree(tmp_path / "b")
    assert a == b
    assert {"main.c", "Makefile", "README.md", "manifest.json", "work/models/lgrng1.mdl"} <= set(a)
    # the cached copy equals a fresh generation
    r3 = runner.invoke(
        generate_model,
        [
            "--target",
            "micromegas",
            "--out",
            str(tmp_path / "c"),
            "--set",
            "Mchi=3000",
            "--no-cache",
        ],
    )
    assert r3.exit_code == 0
    assert _tree(tmp_path / "c") == a
    manifest = json.loads(a["manifest.json"])
    assert manifest["target"] == "micromegas"
    assert manifest["card"]["Mchi"] == 3000.0
    assert len(manifest["model_hash"]) == 64
    assert b"Mchi 3000" in a["data.par"] or b"Mchi 3000.0" in a["data.par"]


@pytest.mark.usefixtures("cache")
def test_refuses_non_empty_directory_without_force(tmp_path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    runner = CliRunner()
    r = runner.invoke(generate_model, ["--target", "calchep", "--out", str(out)])
    assert r.exit_code == 2
    assert "not empty" in r.output
    assert (out / "keep.txt").read_text() == "mine"
    r = runner.invoke(generate_model, ["--target", "calchep", "--out", str(out), "--force"])
    assert r.exit_code == 2  # --force replaces only a directory generate-model wrote (issue 14)
    assert "refusing to replace" in r.stderr
    assert (out / "keep.txt").read_text() == "mine"
    (out / "keep.txt").unlink()
    assert runner.invoke(generate_model, ["--target", "calchep", "--out", str(out)]).exit_code == 0
    r = runner.invoke(generate_model, ["--target", "calchep", "--out", str(out), "--force"])
    assert r.exit_code == 0
    assert (out / "lgrng1.mdl").is_file()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary left behind


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--set", "Mchi=-1"], "'Mchi'"),
        (["--set", 'Mchi=1);system("rm -rf /");//'], "not a number"),
        (["--set", 'Mchi";x=1'], "unknown parameter"),
        (["--set", "fa=100"], "fa > v"),
    ],
)
@pytest.mark.usefixtures("cache")
def test_bad_input_never_reaches_generated_code(tmp_path, args, fragment) -> None:
    out = tmp_path / "o"
    r = CliRunner().invoke(generate_model, ["--target", "micromegas", "--out", str(out), *args])
    assert r.exit_code == 2
    assert fragment in r.output
    assert not out.exists()


_SUMS = """
import hashlib, json, sys
from alpseesaw.generators import generate_many
from alpseesaw.model import build_model
from alpseesaw.model.checks import _random_externals
ir = build_model()
card = _random_externals(ir.parameter_set, seed=11)
files = generate_many(["calchep", "micromegas", "lanhep", "ufo"], ir, card)
print(json.dumps({t: {n: hashlib.sha256(x.encode()).hexdigest() for n, x in f.items()}
                  for t, f in files.items()}, sort_keys=True))
"""


def test_every_target_is_byte_identical_across_processes() -> None:
    """Two fresh processes with different hash seeds (set and dict orders of str keys differ)
    write the same bytes for every target at a card with every coupling on. Planted defect: the
    CalcHEP particle table ordered by hash() -> the sums differ."""
    import os
    import subprocess
    import sys

    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _SUMS],
            stdout=subprocess.PIPE,
            text=True,
            env=dict(os.environ, PYTHONHASHSEED=seed),
        )
        for seed in ("1", "2")
    ]
    first, second = (json.loads(p.communicate(timeout=600)[0]) for p in procs)
    assert [p.returncode for p in procs] == [0, 0]
    assert set(first) == {"calchep", "micromegas", "lanhep", "ufo"}
    assert first == second
