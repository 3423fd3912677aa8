"""Output directories and builds (issue 14): --force replaces only what generate-model wrote,
every check runs before any work, a failed --build or campaign start leaves things as they
were, modes follow the umask, Ctrl-C exits 130; every error one line, exit 2, no traceback."""

from __future__ import annotations

import errno
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from alpseesaw.cli import generate as gen
from alpseesaw.cli import main
from alpseesaw.cli.generate import generate_model


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch):
    monkeypatch.setenv("ALPSEESAW_CACHE_DIR", str(tmp_path / "cache"))


def _snapshot(root):
    """Every path under ``root`` with its bytes' digest (directories as None) and mode."""
    out = {}
    for p in sorted(Path(root).rglob("*")):
        data = None if p.is_dir() else hashlib.sha256(p.read_bytes()).hexdigest()
        out[str(p.relative_to(root))] = (data, p.stat().st_mode)
    return out


def _gen(*args: str):
    return CliRunner().invoke(generate_model, list(args))


def _one_line_error(result, fragment: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("Error: ")
    assert result.stderr.count("\n") == 1, result.stderr
    assert fragment in result.stderr
    assert "Traceback" not in result.output


@pytest.fixture
def no_generation(monkeypatch):
    """Fails the test if any model file is generated (checks must come first)."""

    def boom(*_a, **_k):
        raise AssertionError("generated before checking")

    monkeypatch.setattr(gen, "_generate", boom)
    monkeypatch.setattr("alpseesaw.emit.lookup_request", lambda _key: None)


@pytest.mark.usefixtures("no_generation")
def test_force_refuses_a_directory_it_did_not_write(tmp_path) -> None:
    thesis = tmp_path / "thesis"
    thesis.mkdir()
    (thesis / "thesis.tex").write_text("\\chapter{Four years}")
    (thesis / "figs").mkdir()
    (thesis / "figs" / "f.pdf").write_bytes(b"%PDF")
    before = _snapshot(thesis)
    r = _gen("--target", "ufo", "--out", str(thesis), "--force")
    _one_line_error(
        r,
        f"refusing to replace {thesis} with --force: it has no manifest.json of alpseesaw's "
        "(it holds 'figs', 'thesis.tex')",
    )
    assert _snapshot(thesis) == before


def test_force_refuses_a_generated_directory_holding_a_user_file(tmp_path) -> None:
    out = tmp_path / "model"
    assert _gen("--target", "ufo", "--out", str(out)).exit_code == 0
    (out / "notes.txt").write_text("mine")
    before = _snapshot(out)
    r = _gen("--target", "ufo", "--out", str(out), "--force")
    _one_line_error(r, "it holds 'notes.txt', which alpseesaw did not write")
    assert _snapshot(out) == before


def test_force_refuses_a_fake_manifest(tmp_path) -> None:
    out = tmp_path / "model"
    out.mkdir()
    (out / "manifest.json").write_text('{"files": {}}')
    r = _gen("--target", "ufo", "--out", str(out), "--force")
    _one_line_error(r, "manifest.json is not a manifest alpseesaw wrote")
    assert (out / "manifest.json").read_text() == '{"files": {}}'


@pytest.mark.parametrize("target", ["ufo", "all"])
def test_force_replaces_its_own_generation(tmp_path, target) -> None:
    out = tmp_path / "model"
    assert _gen("--target", target, "--out", str(out), "--set", "Mchi=3000").exit_code == 0
    r = _gen("--target", target, "--out", str(out), "--force", "--set", "Mchi=4000")
    assert r.exit_code == 0, r.output
    manifest = (out / ("ufo" if target == "all" else "") / "manifest.json").read_text()
    assert '"Mchi": 4000.0' in manifest
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "model"]  # no temporary


@pytest.mark.usefixtures("no_generation")
def test_not_empty_is_refused_before_any_work(tmp_path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "x").write_text("x")
    _one_line_error(
        _gen("--target", "micromegas", "--out", str(out)),
        f"output directory {out} is not empty; use --force to replace it",
    )


@pytest.mark.parametrize(
    ("make", "out", "message"),
    [
        (
            lambda t: (t / "f").write_text(""),
            "f/sub",
            "cannot create output directory f/sub: {t}/f is a file",
        ),
        (
            lambda t: (t / "f").write_text(""),
            "f/a/b",
            "cannot create output directory f/a/b: {t}/f is a file",
        ),
        (
            lambda _t: None,
            ".",
            "output directory '.' is the current directory or one of its parents",
        ),
        (
            lambda _t: None,
            "..",
            "output directory '..' is the current directory or one of its parents",
        ),
    ],
)
@pytest.mark.parametrize("force", [False, True])
@pytest.mark.usefixtures("no_generation")
def test_hostile_destinations_are_one_line_errors(
    tmp_path, monkeypatch, make, out, message, force
) -> None:
    work = tmp_path / "w"
    work.mkdir()
    make(work)
    monkeypatch.chdir(work)
    before = _snapshot(tmp_path)
    r = _gen("--target", "ufo", "--out", out, *(["--force"] if force else []))
    _one_line_error(r, message.format(t=work))
    assert _snapshot(tmp_path) == before


@pytest.mark.usefixtures("no_generation")
def test_a_read_only_destination_is_an_error(tmp_path, monkeypatch) -> None:
    from alpseesaw import files

    def read_only(parent, _prefix):
        raise OSError(errno.EROFS, "Read-only file system", str(parent))

    monkeypatch.setattr(files, "temp_dir", read_only)
    r = _gen("--target", "ufo", "--out", str(tmp_path / "ro" / "out"))
    _one_line_error(
        r,
        f"cannot create output directory {tmp_path}/ro/out: {tmp_path} is not writable (Read-only file system)",
    )
    assert not (tmp_path / "ro").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a 0555 directory anyway")
def test_an_unwritable_parent_is_an_error(tmp_path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    r = _gen("--target", "ufo", "--out", str(locked / "out"))
    _one_line_error(r, "is not writable (Permission denied)")


@pytest.mark.parametrize(
    ("umask", "dir_mode", "file_mode"),
    [(0o022, 0o755, 0o644), (0o002, 0o775, 0o664), (0o077, 0o700, 0o600)],
)
def test_modes_follow_the_umask(tmp_path, umask, dir_mode, file_mode) -> None:
    old = os.umask(umask)
    try:
        r = _gen("--target", "all", "--out", str(tmp_path / "a" / "b"))
    finally:
        os.umask(old)
    assert r.exit_code == 0, r.output
    for d in (tmp_path / "a", tmp_path / "a" / "b", tmp_path / "a" / "b" / "ufo"):
        assert d.stat().st_mode & 0o777 == dir_mode, d
    assert (tmp_path / "a" / "b" / "ufo" / "particles.py").stat().st_mode & 0o777 == file_mode


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"MICROMEGAS_DIR": ""},
            "micromegas: micrOMEGAs not found: set MICROMEGAS_DIR (or --micromegas-dir)",
        ),
        (
            {"MICROMEGAS_DIR": "{t}/empty"},
            "micromegas: micrOMEGAs not found: {t}/empty (MICROMEGAS_DIR or --micromegas-dir) lacks lib/micromegas.a",
        ),
    ],
)
@pytest.mark.parametrize("earlier", [False, True])
def test_build_without_the_tool_changes_nothing(
    tmp_path, monkeypatch, env, message, earlier
) -> None:
    (tmp_path / "empty").mkdir()
    out = tmp_path / "proj"
    if earlier:
        assert _gen("--target", "micromegas", "--out", str(out)).exit_code == 0
    before = _snapshot(tmp_path)
    for k, v in env.items():
        monkeypatch.setenv(k, v.format(t=tmp_path))
    args = [
        "--target",
        "micromegas",
        "--out",
        str(out),
        "--build",
        *(["--force"] if earlier else []),
    ]
    r = _gen(*args)
    _one_line_error(r, message.format(t=tmp_path))
    assert _snapshot(tmp_path) == before
    # the retry is not blocked by a half-built project
    monkeypatch.setenv("MICROMEGAS_DIR", "")
    assert (
        _gen(
            "--target", "micromegas", "--out", str(out), *(["--force"] if earlier else [])
        ).exit_code
        == 0
    )


def test_a_build_that_fails_leaves_the_directory_as_before(tmp_path, monkeypatch) -> None:
    """A micrOMEGAs that looks installed but does not compile: exit 1 (a tool failure), and
    the project is not there (no half-built directory)."""
    fake = tmp_path / "mo"
    for rel in ("lib/micromegas.a", "CalcHEP_src/FlagsForMake", "CalcHEP_src/bin/s_calchep"):
        (fake / rel).parent.mkdir(parents=True, exist_ok=True)
        (fake / rel).write_text("")
    monkeypatch.setenv("MICROMEGAS_DIR", str(fake))
    out = tmp_path / "proj"
    r = _gen("--target", "micromegas", "--out", str(out), "--build")
    assert r.exit_code == 1, r.output
    assert "compilation of the micrOMEGAs project failed" in r.stderr
    assert "Traceback" not in r.output
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_ctrl_c_exits_130_and_keeps_the_earlier_output(tmp_path, monkeypatch) -> None:
    out = tmp_path / "model"
    assert _gen("--target", "ufo", "--out", str(out), "--set", "Mchi=3000").exit_code == 0
    before = _snapshot(tmp_path)

    def interrupted(_files, root):
        (root / "half.py").write_text("partial")
        raise KeyboardInterrupt

    monkeypatch.setattr("alpseesaw.files.write_files", interrupted)
    r = _gen("--target", "ufo", "--out", str(out), "--force", "--set", "Mchi=4000", "--no-cache")
    assert r.exit_code == 130
    assert r.stderr == "interrupted\n"
    assert _snapshot(tmp_path) == before


def test_generate_model_help_and_the_entry_points() -> None:
    for argv in (
        ["-m", "alpseesaw", "generate", "-h"],
        ["-c", "from alpseesaw.cli import generate_model_main as m; m()", "-h"],
    ):
        got = subprocess.run([sys.executable, *argv], capture_output=True, text=True, check=False)
        assert got.returncode == 0, got.stderr
        assert "--target" in got.stdout
        assert "--force" in got.stdout


# -- campaigns -------------------------------------------------------------------------------


def test_a_failed_campaign_start_leaves_nothing(tmp_path) -> None:
    (tmp_path / "noproj").mkdir()
    out = tmp_path / "c" / "d"
    r = CliRunner().invoke(
        main,
        ["crossval", "--out", str(out), "--points", "1", "--project", str(tmp_path / "noproj")],
    )
    _one_line_error(r, "holds no built micrOMEGAs project (no main)")
    assert not (tmp_path / "c").exists()


def test_a_campaign_without_micromegas_starts_nothing(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("MICROMEGAS_DIR", "")
    out = tmp_path / "c"
    r = CliRunner().invoke(main, ["crossval", "--out", str(out), "--points", "1"])
    _one_line_error(r, "micrOMEGAs not found: set MICROMEGAS_DIR")
    assert not out.exists()


def test_a_campaign_refuses_a_foreign_directory(tmp_path) -> None:
    out = tmp_path / "c"
    out.mkdir()
    (out / "data.csv").write_text("1,2\n")
    r = CliRunner().invoke(main, ["crossval", "--out", str(out), "--points", "1"])
    _one_line_error(r, "is not empty and holds no campaign (campaign.json)")
    assert (out / "data.csv").read_text() == "1,2\n"


def test_force_through_a_symlink_replaces_the_directory_it_points_to(tmp_path) -> None:
    """Was: the link itself replaced by a directory, a '.out.old.*' link left beside it and
    'Error: Cannot call rmtree on a symbolic link' (exit 2 after the replacement)."""
    real = tmp_path / "scratch" / "model"
    assert _gen("--target", "ufo", "--out", str(real), "--set", "Mchi=3000").exit_code == 0
    link = tmp_path / "model"
    link.symlink_to(real)
    r = _gen("--target", "ufo", "--out", str(link), "--force", "--set", "Mchi=4000")
    assert r.exit_code == 0, r.output
    assert link.is_symlink()
    assert link.resolve() == real.resolve()
    assert '"Mchi": 4000.0' in (real / "manifest.json").read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "model", "scratch"]
    assert sorted(p.name for p in real.parent.iterdir()) == ["model"]
