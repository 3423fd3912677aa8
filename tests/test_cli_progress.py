"""Progress of long steps (issue 14): on stderr when it is a terminal (or ALPSEESAW_PROGRESS=always),
never on stdout (JSON stays one document), silent on a pipe, with --quiet or
ALPSEESAW_PROGRESS=never. Steps: cold generate-model (the model, each target), model check
(each check), crossval (points done and failed, time remaining), image build (recipe steps)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

import alpseesaw
from alpseesaw.cli import main
from alpseesaw.cli.generate import generate_model
from alpseesaw.cli.progress import CampaignProgress, Steps

_ANSI = re.compile(r"\x1b\[[0-9;?]*[a-zA-Z]")


def _frames(stderr: str, title: str) -> list[str]:
    """The distinct texts of a progress display (control codes stripped), in order."""
    seen: list[str] = []
    for part in re.split(r"[\r\n]", _ANSI.sub("", stderr)):
        m = re.match(rf"({re.escape(title)}: [^━╺╸]*)", part)
        if m and m.group(1).strip() not in seen:
            seen.append(m.group(1).strip())
    return seen


@pytest.fixture
def cold(tmp_path, monkeypatch):
    monkeypatch.setenv("ALPSEESAW_CACHE_DIR", str(tmp_path / "cache"))


@pytest.mark.usefixtures("cold")
def test_cold_generate_model_shows_the_model_and_each_target(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("ALPSEESAW_PROGRESS", "always")
    out = tmp_path / "m"
    r = CliRunner().invoke(generate_model, ["--target", "all", "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert r.stdout == f"{out}\n"  # the progress is on stderr only
    frames = _frames(r.stderr, "generate-model")
    assert frames[0] == "generate-model: starting"
    assert "generate-model: building the model (SymPy, a few seconds)" in frames
    assert "generate-model: generating lanhep, calchep, micromegas, ufo" in frames
    done = [f for f in frames if " done" in f]
    for target in ("lanhep", "micromegas", "ufo"):  # calchep arrives with micromegas
        assert any(f.startswith(f"generate-model: {target} done") for f in done), frames
    assert re.search(r"5/5", _ANSI.sub("", r.stderr))


@pytest.mark.parametrize(
    ("env", "flags"),
    [
        ({}, []),
        ({"ALPSEESAW_PROGRESS": "always"}, ["--quiet"]),
        ({"ALPSEESAW_PROGRESS": "never"}, []),
    ],
)
@pytest.mark.usefixtures("cold")
def test_no_progress_on_a_pipe_with_quiet_or_never(tmp_path, monkeypatch, env, flags) -> None:
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    out = tmp_path / "m"
    r = CliRunner().invoke(generate_model, ["--target", "ufo", "--out", str(out), *flags])
    assert r.exit_code == 0, r.output
    assert re.fullmatch(rf"wrote \d+ files for ufo to {re.escape(str(out))}\n", r.stderr), r.stderr


def test_model_check_shows_each_check_and_keeps_json_clean(monkeypatch) -> None:
    monkeypatch.setenv("ALPSEESAW_PROGRESS", "always")
    r = CliRunner().invoke(main, ["model", "check", "--json"])
    assert r.exit_code == 0, r.output
    report = json.loads(r.stdout)  # one JSON document, nothing else
    frames = _frames(r.stderr, "model check")
    assert "model check: building the model" in frames
    for name in ("hypercharge and PQ charges", "SU(2)", "mass-basis hermiticity", "spectrum"):
        assert f"model check: check: {name}" in frames, frames
    assert frames[-1] == "model check: done"
    assert len(report["checks"]) == sum(f.startswith("model check: check:") for f in frames)


def test_a_campaign_shows_points_done_failed_and_the_time_remaining(
    tmp_path, monkeypatch, capsys
) -> None:
    """The campaign's callback: the journal's last record says whether the point failed."""
    monkeypatch.setenv("ALPSEESAW_PROGRESS", "always")
    journal = tmp_path / "points.jsonl"
    journal.write_text('{"status": "ok"}\n')  # one point from an earlier run
    bar = CampaignProgress(tmp_path)
    bar(1, 4, "")
    for status, label in (("ok", "bm1"), ("error", "rand3"), ("ok", "rand4")):
        with journal.open("a") as fh:
            fh.write(json.dumps({"status": status, "label": label}) + "\n")
        bar(journal.read_text().count("\n"), 4, label)
    bar.close()
    err = capsys.readouterr().err
    frames = _frames(err, "crossval")
    assert frames == [
        "crossval: points done",
        "crossval: points done bm1",
        "crossval: points done, 1 failed rand3",
        "crossval: points done, 1 failed rand4",
    ]
    text = _ANSI.sub("", err)
    assert "4/4" in text
    assert "ETA" in text


def test_image_build_shows_the_recipe_steps(monkeypatch, capsys) -> None:
    from alpseesaw.cli.image import _BuildProgress
    from alpseesaw.runners.image import BuildEvent

    monkeypatch.setenv("ALPSEESAW_PROGRESS", "always")
    bar = _BuildProgress("alpseesaw/micromegas:6.0")
    bar(BuildEvent(1, 3, "Step 1/3 : FROM local/debian:bookworm", True))
    bar(BuildEvent(2, 3, "Step 2/3 : RUN make", True))
    bar.close()
    frames = _frames(capsys.readouterr().err, "alpseesaw/micromegas:6.0")
    assert frames == [
        "alpseesaw/micromegas:6.0: Step 1/3 : FROM local/debian:bookworm",
        "alpseesaw/micromegas:6.0: Step 2/3 : RUN make",
    ]
    quiet = _BuildProgress("t", quiet=True)
    quiet(BuildEvent(1, 3, "Step 1/3 : FROM x", True))
    quiet.close()
    assert capsys.readouterr().err == ""


def test_steps_are_silent_off_a_terminal(monkeypatch, capsys) -> None:
    monkeypatch.delenv("ALPSEESAW_PROGRESS", raising=False)
    with Steps("job", 2) as steps:  # pytest's captured stderr is not a terminal
        steps.step("one")
    assert steps.bar is None
    assert capsys.readouterr().err == ""


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_on_a_real_terminal_progress_goes_to_stderr_and_json_stays_clean() -> None:
    """A real terminal on stderr (a pty), a pipe on stdout: the display appears on the
    terminal, stdout is exactly the JSON report. The same command on a pipe: stderr empty."""
    env = dict(os.environ, PYTHONPATH=str(Path(alpseesaw.__file__).parents[1]))
    env.pop("ALPSEESAW_PROGRESS", None)
    argv = [sys.executable, "-m", "alpseesaw", "model", "check", "--json"]
    main_fd, term_fd = os.openpty()
    chunks: list[bytes] = []

    def drain() -> None:  # read the terminal while the command runs (its buffer is small)
        while True:
            try:
                data = os.read(main_fd, 65536)
            except OSError:  # EIO: the terminal's other side is closed
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        proc = subprocess.run(
            argv, stdout=subprocess.PIPE, stderr=term_fd, env=env, check=False, timeout=300
        )
    finally:
        os.close(term_fd)
        reader.join(timeout=10)
        os.close(main_fd)
    assert proc.returncode == 0
    json.loads(proc.stdout)
    assert b"\x1b" not in proc.stdout
    shown = _frames(b"".join(chunks).decode("utf-8", "replace"), "model check")
    assert "model check: check: spectrum" in shown
    piped = subprocess.run(argv, capture_output=True, env=env, check=False, timeout=300)
    assert piped.returncode == 0
    assert piped.stderr == b""
    assert json.loads(piped.stdout) == json.loads(proc.stdout)
