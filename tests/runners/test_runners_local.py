"""RunSpec validation and the LocalRunner, with small stand-in programs (Python scripts)."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from alpseesaw.errors import InputError, ToolRunError
from alpseesaw.files import atomic_write
from alpseesaw.runners import LocalRunner, Resources, RunSpec
from alpseesaw.runners.spec import stderr_tail


def script(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text(f"#!{sys.executable}\n{body}")
    path.chmod(0o755)
    return path


def test_runspec_validation(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="empty command"):
        RunSpec("t", (), tmp_path)
    with pytest.raises(InputError, match="relative path"):
        RunSpec("t", ("x",), tmp_path, inputs={"../escape": "x"})
    with pytest.raises(InputError, match="relative path"):
        RunSpec("t", ("x",), tmp_path, inputs={"/abs": "x"})
    with pytest.raises(InputError, match="timeout must be positive"):
        RunSpec("t", ("x",), tmp_path, timeout_s=0)
    with pytest.raises(InputError, match="memory limit"):
        Resources(memory_bytes=0)
    spec = RunSpec("t", ("x", 1), tmp_path, env={"A": 1})  # type: ignore[arg-type, dict-item]
    assert spec.argv == ("x", "1")
    assert spec.env == {"A": "1"}
    with pytest.raises(TypeError):
        spec.env["B"] = "2"  # type: ignore[index]


def test_inputs_are_written_and_output_captured(tmp_path: Path) -> None:
    prog = script(
        tmp_path,
        "echo.py",
        "import os, sys\n"
        "print(open(sys.argv[1]).read().upper(), end='')\n"
        "print('to stderr', os.environ['GREETING'], file=sys.stderr)\n",
    )
    spec = RunSpec(
        "echo",
        (str(prog), "sub/in.txt"),
        tmp_path,
        inputs={"sub/in.txt": "hello"},
        env={"GREETING": "hi"},
    )
    result = LocalRunner().run(spec)
    assert result.ok
    assert result.stdout == "HELLO"
    assert result.stderr == "to stderr hi\n"
    assert result.duration_s > 0
    assert (tmp_path / "sub" / "in.txt").read_text() == "hello"


def test_relative_executable_resolves_in_workdir(tmp_path: Path) -> None:
    script(tmp_path, "main", "print('ran')\n")
    assert LocalRunner().run(RunSpec("m", ("./main",), tmp_path)).stdout == "ran\n"


def test_non_zero_exit_is_returned_then_checked(tmp_path: Path) -> None:
    prog = script(
        tmp_path, "fail.py", "import sys\nprint('bad thing', file=sys.stderr)\nsys.exit(3)\n"
    )
    result = LocalRunner().run(RunSpec("failer", (str(prog), "--x"), tmp_path))
    assert result.returncode == 3
    with pytest.raises(ToolRunError) as info:
        result.check()
    err = info.value
    assert (err.tool, err.returncode, err.workdir) == ("failer", 3, str(tmp_path))
    assert err.argv == (str(prog), "--x")
    assert "bad thing" in err.stderr_tail


def test_missing_executable(tmp_path: Path) -> None:
    with pytest.raises(ToolRunError, match="cannot start") as info:
        LocalRunner().run(RunSpec("ghost", ("./does-not-exist",), tmp_path))
    assert info.value.returncode is None


def test_missing_workdir(tmp_path: Path) -> None:
    with pytest.raises(ToolRunError, match="work directory does not exist"):
        LocalRunner().run(RunSpec("x", ("true",), tmp_path / "nope"))


def test_timeout_kills_the_whole_process_group(tmp_path: Path) -> None:
    # the stand-in starts a grandchild that would outlive a plain kill of the child
    prog = script(
        tmp_path,
        "slow.py",
        "import subprocess, sys, time\n"
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\n"
        "open('grandchild.pid', 'w').write(str(child.pid))\n"
        "print('partial', file=sys.stderr, flush=True)\n"
        "time.sleep(60)\n",
    )
    start = time.perf_counter()
    with pytest.raises(ToolRunError, match=r"timed out after 1.0 s") as info:
        LocalRunner().run(RunSpec("slow", (str(prog),), tmp_path, timeout_s=1.0))
    assert time.perf_counter() - start < 10
    assert info.value.returncode is None
    assert "partial" in info.value.stderr_tail
    pid = int((tmp_path / "grandchild.pid").read_text())
    for _ in range(50):  # the grandchild is gone (or a zombie of init) shortly after
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        if Path(f"/proc/{pid}/stat").exists() and " Z " in Path(f"/proc/{pid}/stat").read_text():
            break
        time.sleep(0.05)
    else:
        pytest.fail("the grandchild survived the timeout")


def test_stderr_tail_keeps_the_end() -> None:
    text = "".join(f"line {i}\n" for i in range(2000))
    tail = stderr_tail(text, 100)
    assert tail.endswith("line 1999\n")
    assert len(tail) <= 100
    assert tail.startswith("line ")


@pytest.mark.parametrize("cut", [0, 1, 49])
def test_stderr_tail_starts_at_a_whole_line(cut: int) -> None:
    # the last 100 characters, from the first whole line on: a cut just before a line's newline
    # (cut 0: the tail's first character is that newline) drops the partial line and the
    # newline; a partial line longer than half the tail is kept rather than drop half of it
    tail_lines = "".join(f"l{i:02d}\n" for i in range(25))[: 100 - cut - 1]  # 4 chars a line
    text = "x" * 500 + "y" * cut + "\n" + tail_lines
    assert len(text[-100:]) == 100
    assert stderr_tail(text, 100) == tail_lines
    long_partial = "x" * 500 + "y" * 60 + "\n" + "z" * 39
    assert stderr_tail(long_partial, 100) == long_partial[-100:]


def test_atomic_write_replaces_and_leaves_no_temporaries(tmp_path: Path) -> None:
    target = tmp_path / "f.txt"
    atomic_write(target, "one")
    atomic_write(target, b"two")
    assert target.read_text() == "two"
    assert [p.name for p in tmp_path.iterdir()] == ["f.txt"]
    reference = tmp_path / "ref.txt"  # the permissions an ordinary open() gives
    reference.write_text("x")
    assert target.stat().st_mode & 0o777 == reference.stat().st_mode & 0o777
