"""Output files and directories of every command besides generate-model (issue 14): spectrum
--slha, param-card --out, neutrino scan --out / --card-out, neutrino card --out, reproduce --out.

One rule everywhere: every check before any work; a file alpseesaw did not write is never
replaced (not even with --force); one it wrote is replaced only with --force; other files of an
output directory are never touched; a failure or Ctrl-C in the middle of writing leaves
everything as it was (no partial file, no temporary); every error one line, exit 2."""

from __future__ import annotations

import errno
import hashlib
import importlib
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from alpseesaw import files
from alpseesaw.cli import main
from alpseesaw.files import OUTPUT_MARKER

# the modules, not the click groups of the same name that alpseesaw.cli exports
cli_neutrino = importlib.import_module("alpseesaw.cli.neutrino")
cli_reproduce = importlib.import_module("alpseesaw.cli.reproduce")


def _snapshot(root):
    out = {}
    for p in sorted(Path(root).rglob("*")):
        data = None if p.is_dir() else hashlib.sha256(p.read_bytes()).hexdigest()
        out[str(p.relative_to(root))] = (data, p.stat().st_mode)
    return out


def _run(*args: str):
    return CliRunner().invoke(main, list(args))


def _one_line_error(result, fragment: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("Error: "), result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert fragment in result.stderr, result.stderr
    assert "Traceback" not in result.output


# -- one output file: spectrum --slha ------------------------------------------------------------


def test_spectrum_writes_a_new_file_and_its_missing_directories(tmp_path) -> None:
    out = tmp_path / "a" / "b" / "p.slha"
    r = _run("spectrum", "--slha", str(out), "--set", "Mchi=3000")
    assert r.exit_code == 0, r.output
    assert out.read_text().startswith("# SLHA2 spectrum written by alpseesaw")
    assert sorted(p.name for p in out.parent.iterdir()) == ["p.slha"]  # no temporary


def test_a_file_alpseesaw_did_not_write_is_never_replaced(tmp_path) -> None:
    thesis = tmp_path / "thesis.tex"
    thesis.write_text("\\chapter{Four years}\n")
    before = _snapshot(tmp_path)
    _one_line_error(
        _run("spectrum", "--slha", str(thesis)),
        f"output file {thesis} exists; use --force to replace it",
    )
    _one_line_error(
        _run("spectrum", "--slha", str(thesis), "--force"),
        f"refusing to replace {thesis} with --force: alpseesaw did not write it",
    )
    assert _snapshot(tmp_path) == before


def test_its_own_file_is_replaced_with_force_only(tmp_path) -> None:
    out = tmp_path / "p.slha"
    assert _run("spectrum", "--slha", str(out), "--set", "Mchi=3000").exit_code == 0
    first = out.read_text()
    _one_line_error(_run("spectrum", "--slha", str(out), "--set", "Mchi=4000"), "exists")
    assert out.read_text() == first
    r = _run("spectrum", "--slha", str(out), "--set", "Mchi=4000", "--force")
    assert r.exit_code == 0, r.output
    assert out.read_text() != first
    assert "4.0000000000000000e+03" in out.read_text()


def test_a_symlink_is_not_followed_into_someone_elses_file(tmp_path) -> None:
    victim = tmp_path / "victim.slha"
    assert _run("spectrum", "--slha", str(victim)).exit_code == 0
    link = tmp_path / "link.slha"
    link.symlink_to(victim)
    before = _snapshot(tmp_path)
    _one_line_error(_run("spectrum", "--slha", str(link), "--force"), "alpseesaw did not write it")
    assert _snapshot(tmp_path) == before


@pytest.mark.parametrize(
    ("make", "out", "message"),
    [
        (
            lambda t: (t / "f").write_text(""),
            "f/x.slha",
            "cannot write output file f/x.slha: f is a file",
        ),
        (
            lambda t: (t / "f").write_text(""),
            "f/a/x.slha",
            "cannot write output file f/a/x.slha: f is a file",
        ),
    ],
)
def test_hostile_file_destinations_are_one_line_errors(tmp_path, monkeypatch, make, out, message):
    monkeypatch.chdir(tmp_path)
    make(tmp_path)
    before = _snapshot(tmp_path)
    r = _run("spectrum", "--slha", out)
    _one_line_error(r, message)
    assert _snapshot(tmp_path) == before


def test_a_directory_is_not_an_output_file(tmp_path) -> None:
    (tmp_path / "d").mkdir()
    r = _run("spectrum", "--slha", str(tmp_path / "d"))
    assert r.exit_code == 2
    assert "is a directory" in r.stderr
    assert "Traceback" not in r.output


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a 0555 directory anyway")
def test_an_unwritable_directory_is_refused_before_any_work(tmp_path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    _one_line_error(_run("spectrum", "--slha", str(locked / "x.slha")), f"{locked} is not writable")


@pytest.mark.parametrize("below", [False, True])
def test_a_read_only_destination_is_refused_before_any_work(tmp_path, monkeypatch, below) -> None:
    """(A probe, not os.access: root passes os.access on a read-only mount.)"""

    def read_only(parent, _prefix):
        raise OSError(errno.EROFS, "Read-only file system", str(parent))

    def no_work(*_a, **_k):
        raise AssertionError("computed before checking the output file")

    monkeypatch.setattr(files, "temp_dir", read_only)
    monkeypatch.setattr("alpseesaw.generators.slha.spectrum_slha", no_work)
    out = tmp_path / "new" / "p.slha" if below else tmp_path / "p.slha"
    r = _run("spectrum", "--slha", str(out))
    _one_line_error(r, "(Read-only file system)")
    assert "not writable" in r.stderr
    assert list(tmp_path.iterdir()) == []


class _Disk:
    """A disk that fails in the middle of a write: half the bytes reach the file, then
    ``exc`` (a full disk, Ctrl-C)."""

    def __init__(self, monkeypatch, exc: BaseException) -> None:
        real = os.fdopen
        self.calls = 0

        def fdopen(fd, *a, **k):
            fh = real(fd, *a, **k)
            write = fh.write

            def half(data):
                self.calls += 1
                write(data[: len(data) // 2])
                fh.flush()
                raise exc

            fh.write = half
            return fh

        monkeypatch.setattr(files.os, "fdopen", fdopen)


@pytest.mark.parametrize(
    ("exc", "code", "message"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), 2, "Error: No space left on device\n"),
        (KeyboardInterrupt(), 130, "interrupted\n"),
    ],
)
@pytest.mark.parametrize("earlier", [False, True])
def test_a_failure_mid_write_leaves_no_partial_file(
    tmp_path, monkeypatch, exc, code, message, earlier
) -> None:
    """Planted: atomic_write writing in place (no temporary) -> the half file stays -> fails."""
    out = tmp_path / "new" / "p.slha"
    if earlier:
        assert _run("spectrum", "--slha", str(out)).exit_code == 0
    before = _snapshot(tmp_path)
    disk = _Disk(monkeypatch, exc)
    r = _run("spectrum", "--slha", str(out), "--force", "--set", "Mchi=2000")
    assert disk.calls == 1  # the failure was really hit
    assert r.exit_code == code, r.output
    assert r.stderr == message
    assert _snapshot(tmp_path) == before  # old file intact, or nothing (not even new/)


def test_param_card_goes_through_the_same_check(tmp_path) -> None:
    mine = tmp_path / "param_card.dat"
    mine.write_text("BLOCK MASS\n 52 1000\n")  # hand-written: not alpseesaw's
    _one_line_error(_run("param-card", "--out", str(mine), "--force"), "alpseesaw did not write it")
    assert mine.read_text() == "BLOCK MASS\n 52 1000\n"
    ours = tmp_path / "card2.dat"
    assert _run("param-card", "--out", str(ours)).exit_code == 0
    _one_line_error(_run("param-card", "--out", str(ours)), "exists; use --force")
    assert _run("param-card", "--out", str(ours), "--force").exit_code == 0


# -- output directories: neutrino scan, reproduce ------------------------------------------------


class _FakeScan:
    n_viable = 0

    def summary(self):
        return {
            "texture": "A",
            "ordering": "NO",
            "n_viable": 0,
            "seconds": 0.0,
            **{k: [0.0, 1.0] for k in ("delta_cp_deg", "sum_m_meV", "m_eff_meV", "m_ee_meV")},
        }


@pytest.fixture
def fake_scan(monkeypatch):
    """The scan itself is not under test here (tests/physics/test_neutrino_cli.py runs it):
    a result with no viable point, written as three small files, or a planted failure."""
    from alpseesaw.physics.neutrino import output

    state = {"fail_after": None, "exc": None, "content": "1"}

    def write_scan(out_dir, _res):
        written = []
        for i, name in enumerate(("points.csv", "summary.json", "convergence.csv")):
            if state["fail_after"] == i:
                raise state["exc"]
            written.append(files.atomic_write(Path(out_dir) / name, state["content"]))
        return written

    monkeypatch.setattr(cli_neutrino, "run_scans", lambda *_a, **_k: [_FakeScan()])
    monkeypatch.setattr(output, "write_scan", write_scan)
    return state


def _scan(out, *extra: str):
    return _run("neutrino", "scan", "--texture", "A", "--out", str(out), *extra)


def test_a_scan_writes_beside_the_users_files_without_touching_them(tmp_path, fake_scan) -> None:  # noqa: ARG001
    out = tmp_path / "results"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    r = _scan(out)
    assert r.exit_code == 0, r.output
    assert (out / "notes.txt").read_text() == "mine"
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["notes.txt", "points.csv", "summary.json", "convergence.csv", OUTPUT_MARKER]
    )
    marker = json.loads((out / OUTPUT_MARKER).read_text())
    assert marker["files"] == dict.fromkeys(
        ["convergence.csv", "points.csv", "summary.json"], "neutrino scan"
    )
    assert f"wrote {out / 'points.csv'}" in r.stdout  # the final path, not the staging one


def test_a_users_file_of_the_same_name_is_never_replaced(tmp_path, fake_scan) -> None:  # noqa: ARG001
    out = tmp_path / "results"
    out.mkdir()
    (out / "summary.json").write_text('{"mine": 1}')
    before = _snapshot(tmp_path)
    for extra in ((), ("--force",)):
        _one_line_error(
            _scan(out, *extra),
            f"refusing to write into {out}: it holds 'summary.json', which alpseesaw did not write",
        )
    assert _snapshot(tmp_path) == before


def test_an_earlier_run_is_replaced_with_force_only(tmp_path, fake_scan) -> None:
    out = tmp_path / "results"
    assert _scan(out).exit_code == 0
    before = _snapshot(tmp_path)
    fake_scan["content"] = "2"
    _one_line_error(_scan(out), "already holds 'convergence.csv', 'points.csv', 'summary.json'")
    assert _snapshot(tmp_path) == before
    assert _scan(out, "--force").exit_code == 0
    assert (out / "points.csv").read_text() == "2"
    assert not [p for p in out.iterdir() if p.name.startswith(".alpseesaw-stage")]


def test_a_forged_marker_is_refused(tmp_path, fake_scan) -> None:  # noqa: ARG001
    out = tmp_path / "results"
    out.mkdir()
    (out / OUTPUT_MARKER).write_text('{"files": {"points.csv": "x"}}')
    (out / "points.csv").write_text("mine")
    before = _snapshot(tmp_path)
    _one_line_error(_scan(out, "--force"), "is not a marker alpseesaw wrote")
    assert _snapshot(tmp_path) == before


@pytest.mark.parametrize(
    ("exc", "code"),
    [(OSError(errno.ENOSPC, "No space left on device"), 2), (KeyboardInterrupt(), 130)],
)
@pytest.mark.parametrize("where", ["new", "users", "earlier"])
def test_a_failure_after_some_files_leaves_the_directory_as_before(
    tmp_path, fake_scan, exc, code, where
) -> None:
    """Planted: files written straight into --out (no staging) -> points.csv stays -> fails."""
    out = tmp_path / "results"
    if where == "users":
        out.mkdir()
        (out / "notes.txt").write_text("mine")
    if where == "earlier":
        assert _scan(out).exit_code == 0
    before = _snapshot(tmp_path)
    fake_scan.update(fail_after=2, exc=exc, content="new")
    r = _scan(out, "--force")
    assert r.exit_code == code, r.output
    assert "Traceback" not in r.output
    assert _snapshot(tmp_path) == before


def test_reproduce_commands_share_a_directory(tmp_path, monkeypatch) -> None:
    """table3 then fig2 into one --out: both sets, one marker naming each file's command."""
    from alpseesaw.physics.neutrino import output
    from alpseesaw.physics.neutrino import reproduce as rep

    monkeypatch.setattr(cli_reproduce, "run_scans", lambda *_a, **_k: [])
    monkeypatch.setattr(rep, "table3_rows", lambda _r: [])
    monkeypatch.setattr(rep, "table3_markdown", lambda _r: "table\n")
    monkeypatch.setattr(
        output,
        "write_table3",
        lambda d, _r: [files.atomic_write(Path(d) / n, "t") for n in ("table3.csv", "table3.md")],
    )
    monkeypatch.setattr(
        output, "write_fig2", lambda d, _r: [files.atomic_write(Path(d) / "fig2.png", b"png")]
    )
    out = tmp_path / "paper"
    assert _run("reproduce", "table3", "--out", str(out)).exit_code == 0
    assert _run("reproduce", "fig2", "--out", str(out)).exit_code == 0
    marker = json.loads((out / OUTPUT_MARKER).read_text())["files"]
    assert marker == {
        "fig2.png": "reproduce fig2",
        "table3.csv": "reproduce table3",
        "table3.md": "reproduce table3",
    }
    _one_line_error(_run("reproduce", "table3", "--out", str(out)), "use --force to replace")


def test_scan_card_out_is_checked_before_the_scan(tmp_path, monkeypatch) -> None:
    def no_scan(*_a):
        raise AssertionError("scanned before checking --card-out")

    monkeypatch.setattr(cli_neutrino, "run_scans", no_scan)
    mine = tmp_path / "card.dat"
    mine.write_text("Mchi 300\n")
    _one_line_error(
        _scan(tmp_path / "s", "--card-out", str(mine), "--force"), "alpseesaw did not write it"
    )
    assert not (tmp_path / "s").exists()
    assert mine.read_text() == "Mchi 300\n"


def test_neutrino_card_out_refuses_a_users_file(tmp_path) -> None:
    mine = tmp_path / "card.dat"
    mine.write_text("Mchi 300\n")
    scan_dir = tmp_path / "scan"
    scan_dir.mkdir()
    _one_line_error(
        _run("neutrino", "card", "--scan-dir", str(scan_dir), "--out", str(mine)),
        "exists; use --force",
    )
    assert mine.read_text() == "Mchi 300\n"
