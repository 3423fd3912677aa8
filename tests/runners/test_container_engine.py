"""ContainerRunner on a real engine (marker ``container``): isolation seen from inside, faults.

Needs a running engine (``DOCKER_HOST``) and the tool image (``alpseesaw image build``; name in
``ALPSEESAW_TEST_IMAGE``, default ``alpseesaw/micromegas:6.0``); skips otherwise. Every test
checks that it leaves no container behind (fixture ``no_leftovers``). Cold runs (a container per
command) and warm runs (the image's alpseesaw-serve) are checked alike.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from click.testing import CliRunner

from alpseesaw.cli import main
from alpseesaw.errors import ParameterError, ToolRunError
from alpseesaw.runners import ContainerRunner, Resources, RunSpec
from alpseesaw.runners.container import (
    CONTAINER_WORKDIR,
    LABEL_OWNER,
    LABEL_SESSION,
    ContainerLimits,
    ImageNotFoundError,
)
from alpseesaw.runners.micromegas import format_parfile

if TYPE_CHECKING:
    from collections.abc import Iterator

pytestmark = [pytest.mark.container, pytest.mark.usefixtures("no_leftovers")]

MODES = pytest.mark.parametrize("warm", [False, True], ids=["cold", "warm"])
REPO = Path(__file__).resolve().parents[2]


def sh(runner: ContainerRunner, workdir: Path, script: str, **kw: Any) -> Any:
    return runner.run(RunSpec("sh", ("sh", "-c", script), workdir, timeout_s=60, **kw))


@MODES
def test_seen_from_inside(tool_image: str, tmp_path: Path, warm: bool) -> None:
    limits = ContainerLimits(memory_bytes=300 * 2**20, cpus=0.5, pids=77)
    with ContainerRunner(tool_image, warm=warm, limits=limits) as runner:
        ids = sh(runner, tmp_path, "id -u; id -g").stdout.split()
        net = sh(runner, tmp_path, "tail -n +3 /proc/net/dev | cut -d: -f1; echo --; "
                                   "tail -n +2 /proc/net/route | wc -l").stdout.split()  # fmt: skip
        out = sh(runner, tmp_path, "bash -c 'echo > /dev/tcp/1.1.1.1/53' 2>&1; echo rc=$?")
        status = sh(runner, tmp_path, "grep -E '^(CapEff|CapPrm|NoNewPrivs):' /proc/self/status")
        limit = sh(runner, tmp_path, "cat /sys/fs/cgroup/memory.max "
                   "/sys/fs/cgroup/memory/memory.limit_in_bytes "
                   "/sys/fs/cgroup/pids.max /sys/fs/cgroup/pids/pids.max 2>/dev/null")  # fmt: skip
        mounts = sh(runner, tmp_path, "cat /proc/self/mountinfo").stdout
        writes = {
            path: sh(runner, tmp_path, f"touch {path} && echo written || echo refused").stdout
            for path in ("/opt/micromegas/x", "/etc/x", "/x", "/var/tmp/x", "/alpseesaw/x", "/tmp/x",
                         f"{CONTAINER_WORKDIR}/inside")
        }  # fmt: skip
        tmp_again = sh(runner, tmp_path, "ls /tmp/x 2>/dev/null || echo absent").stdout
    # a non-root user
    assert ids[0] != "0"
    assert ids[1] != "0"
    # the loopback interface and nothing else, no route, no connection out
    assert net == ["lo", "--", "0"]
    assert "Network is unreachable" in out.stdout
    assert "rc=0" not in out.stdout
    # no capability, no privilege gain
    caps = dict(line.split(":\t") for line in status.stdout.splitlines())
    assert caps == {"CapPrm": "0000000000000000", "CapEff": "0000000000000000", "NoNewPrivs": "1"}
    # the limits
    assert limit.stdout.split() == [str(300 * 2**20), "77"]
    # the work directory is the only host directory mounted read-write
    rw_host = [
        f.split()[4] for f in mounts.splitlines()
        if " - " in f and f.split(" - ")[1].split()[0] not in ("overlay", "proc", "tmpfs", "devpts",
                                                             "sysfs", "cgroup", "cgroup2", "mqueue")
        and f.split()[5].startswith("rw")
    ]  # fmt: skip
    assert rw_host == [CONTAINER_WORKDIR]
    # writing anywhere but the work directory (and the private /tmp) fails
    tmpfs = {f.split()[4] for f in mounts.splitlines() if " - tmpfs " in f}
    for path in ("/opt/micromegas/x", "/etc/x", "/x", "/var/tmp/x", "/alpseesaw/x"):
        if str(Path(path).parent) in tmpfs:  # Podman's --read-only adds private tmpfs /var/tmp
            continue
        assert writes[path].strip() == "refused", path
    assert writes["/tmp/x"].strip() == "written"
    assert writes[f"{CONTAINER_WORKDIR}/inside"].strip() == "written"
    assert (tmp_path / "inside").is_file()  # ... and it lands in the host's directory
    if not warm:
        assert tmp_again.strip() == "absent"  # every cold run has a fresh /tmp


@MODES
def test_arguments_reach_no_shell(tool_image: str, tmp_path: Path, warm: bool) -> None:
    hostile = ("1;touch pwned", "$(id)", "`touch pwned2`", "a | touch pwned3", "*")
    with ContainerRunner(tool_image, warm=warm) as runner:
        result = runner.run(RunSpec("echo", ("echo", *hostile), tmp_path, timeout_s=60))
    assert result.returncode == 0
    assert result.stdout == " ".join(hostile) + "\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("pwned")) == []


@pytest.mark.parametrize("value", ["1;touch /tmp/x", "$(id)"])
def test_card_values_are_rejected_as_numbers(value: str, tmp_path: Path) -> None:
    # before any tool: the PARFILE writer and the card reader accept numbers only
    with pytest.raises(ParameterError, match="Mchi"):
        format_parfile({"Mchi": value})  # type: ignore[dict-item]
    res = CliRunner().invoke(main, ["point", "--set", f"Mchi={value}", "--runner", "container",
                                    "--image", "any/image:1"])  # fmt: skip
    assert res.exit_code == 2
    assert "'Mchi'" in res.output
    assert not (tmp_path / "x").exists()


@MODES
def test_out_of_memory_is_reported_and_the_runner_goes_on(
    tool_image: str, tmp_path: Path, warm: bool
) -> None:
    hog = "x=0123456789abcdef; while :; do x=$x$x; done"
    limits = ContainerLimits(memory_bytes=48 * 2**20)
    with ContainerRunner(tool_image, warm=warm, limits=limits) as runner:
        result = sh(runner, tmp_path, hog)
        after = sh(runner, tmp_path, "echo still here")
    assert result.oom_killed
    assert result.returncode in (137, -9)
    assert "out of memory" in result.stderr
    assert "48 MiB" in result.stderr
    assert str(result.error()).split(": ", 2)[2].startswith("out of memory")
    assert after.stdout == "still here\n"


@MODES
def test_timeout_kills_and_removes_the_container(
    tool_image: str, tmp_path: Path, warm: bool
) -> None:
    with ContainerRunner(tool_image, warm=warm) as runner:
        if warm:
            sh(runner, tmp_path, "true")  # the warm container is up before the clock starts
        t0 = time.monotonic()
        with pytest.raises(ToolRunError, match=r"timed out after 2 s.*killed and removed") as info:
            runner.run(RunSpec("sleep", ("sleep", "120"), tmp_path, timeout_s=2))
        elapsed = time.monotonic() - t0
        assert info.value.returncode is None
        # gone at once, not when the command would have ended
        assert not runner.client.containers.list(
            all=True, filters={"label": f"io.alpseesaw.session={runner.session}"}
        )
        after = sh(runner, tmp_path, "echo next")
    assert elapsed < 20
    assert after.stdout == "next\n"


def test_missing_image_is_one_line_naming_the_build_command(engine: Any, tmp_path: Path) -> None:
    del engine
    with pytest.raises(ImageNotFoundError) as info:
        ContainerRunner("alpseesaw/no-such-image:0").run(RunSpec("t", ("true",), tmp_path))
    assert "\n" not in str(info.value)
    assert (
        "alpseesaw image build --source micromegas_6.0.tgz --tag alpseesaw/no-such-image:0"
        in str(info.value)
    )
    res = CliRunner().invoke(main, ["point", "--runner", "container", "--image",
                                    "alpseesaw/no-such-image:0"])  # fmt: skip
    assert res.exit_code == 2
    assert len(res.output.strip().splitlines()) == 1
    assert "alpseesaw image build" in res.output


CHILD = textwrap.dedent(
    """
    import signal, sys
    signal.signal(signal.SIGINT, signal.default_int_handler)  # as at a terminal
    from pathlib import Path
    from alpseesaw.runners import ContainerRunner, RunSpec
    runner = ContainerRunner(sys.argv[1], warm=sys.argv[3] == "warm", session=sys.argv[4])
    print("started", flush=True)
    runner.run(RunSpec("sleep", ("sleep", "300"), Path(sys.argv[2]), timeout_s=600))
    """
)


@contextlib.contextmanager
def _child(image: str, workdir: Path, mode: str) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """A Python process running a 300 s command in a container of its own session."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    session = uuid.uuid4().hex
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, image, str(workdir), mode, session],
        env=env, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        yield proc, session
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()


def _of_session(client: Any, session: str) -> list[Any]:
    flt = {"label": f"{LABEL_SESSION}={session}"}
    return client.containers.list(all=True, filters=flt, sparse=True)


def _wait_for_container(client: Any, session: str) -> None:
    deadline = time.monotonic() + 120
    while not _of_session(client, session):
        assert time.monotonic() < deadline, "the child never started its container"
        time.sleep(0.2)


@MODES
def test_ctrl_c_removes_the_container(
    tool_image: str, engine: Any, tmp_path: Path, warm: bool
) -> None:
    with _child(tool_image, tmp_path, "warm" if warm else "cold") as (child, session):
        _wait_for_container(engine, session)
        time.sleep(1.0)
        child.send_signal(signal.SIGINT)
        assert child.wait(timeout=60) != 0  # KeyboardInterrupt
    assert _of_session(engine, session) == []


def test_a_crash_leaves_a_container_that_the_next_run_removes(
    tool_image: str, engine: Any, tmp_path: Path
) -> None:
    with _child(tool_image, tmp_path, "cold") as (child, session):
        _wait_for_container(engine, session)
        child.kill()  # kill -9: no cleanup can run
        child.wait()
        left = _of_session(engine, session)
        assert len(left) == 1  # left behind, labelled with its dead owner
        owner = left[0].attrs["Labels"][LABEL_OWNER]
        assert owner == f"{os.uname().nodename}:{child.pid}"
    res = CliRunner().invoke(main, ["image", "cleanup", "--json"])
    assert res.exit_code == 0, res.output
    assert len(json.loads(res.output)["removed"]) >= 1
    assert _of_session(engine, session) == []


def test_per_run_memory_limits_run_cold_beside_a_warm_container(
    tool_image: str, tmp_path: Path
) -> None:
    with ContainerRunner(tool_image, warm=True) as runner:
        probe = (
            "cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/memory.max 2>/dev/null"
        )
        spec = RunSpec("sh", ("sh", "-c", probe), tmp_path, timeout_s=60)
        default = runner.run(spec).stdout.split()
        small = runner.run(
            RunSpec(spec.tool, spec.argv, tmp_path, timeout_s=60, resources=Resources(64 * 2**20))
        ).stdout.split()
    assert default == [str(ContainerLimits().memory_bytes)]
    assert small == [str(64 * 2**20)]


if __name__ == "__main__":  # run every container test on this engine; write the record
    import datetime as dt
    import tempfile
    import xml.etree.ElementTree as ET

    from alpseesaw import __version__
    from alpseesaw.runners.container import connect

    image = os.environ.get("ALPSEESAW_TEST_IMAGE", "alpseesaw/micromegas:6.0")
    client = connect()
    version = client.version()
    modules = [
        "tests/runners/test_container_engine.py",
        "tests/runners/test_container_vs_local.py",
        "tests/validation/test_crossval_container.py",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        xml_path = Path(tmp) / "junit.xml"
        load = os.getloadavg()
        proc = subprocess.run(
            [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-m", "container",
             "-o", "junit_family=xunit1", f"--junitxml={xml_path}", *modules],
            cwd=REPO, check=False,
        )  # fmt: skip
        tests = []
        for case in ET.parse(xml_path).getroot().iter("testcase"):
            outcome = "passed"
            for tag in ("failure", "error", "skipped"):
                if (node := case.find(tag)) is not None:
                    outcome = tag if tag != "skipped" else f"skipped: {node.get('message', '')}"
            props = {p.get("name"): p.get("value") for p in case.iter("property")}
            tests.append({"test": f"{case.get('classname')}::{case.get('name')}",
                          "outcome": outcome, "seconds": round(float(case.get("time", 0)), 2),
                          **({"facts": props} if props else {})})  # fmt: skip
    record = {
        "what": "the container tests (marker container) run on a real engine: isolation seen "
        "from inside, faults (out of memory, timeout, Ctrl-C, kill -9, missing image, engine "
        "stopped and restarted mid-campaign), campaigns on dask.distributed worker processes, "
        "the same JSON as a local micrOMEGAs",
        "date": dt.datetime.now(dt.UTC).date().isoformat(),
        "engine": {"version": version.get("Version"), "api": version.get("ApiVersion"),
                   "kernel": version.get("KernelVersion"),
                   "cgroup": client.info().get("CgroupVersion"),
                   "restart_test": bool(os.environ.get("ALPSEESAW_TEST_ENGINE_STOP"))},
        "image": {"tag": image, "id": client.images.get(image).id},
        "alpseesaw": __version__,
        "load_average_at_start": [round(x, 2) for x in load],
        "pytest_exit_code": proc.returncode,
        "tests": tests,
    }  # fmt: skip
    components = [c.get("Name", "") for c in version.get("Components") or []]
    kind = "podman" if any("Podman" in c for c in components) else "docker"
    record["engine"]["kind"] = kind
    target = REPO / "validation" / "records" / f"container_engine_{kind}_{record['date']}.json"
    partial = target.with_suffix(".json.tmp")
    partial.write_text(json.dumps(record, indent=1) + "\n")
    partial.replace(target)
    sys.stdout.write(f"wrote {target}: pytest exit {proc.returncode}\n")
