"""ContainerRunner against fake engines: the container settings, the SDK calls, the error paths.

Two kinds of fakes: ``FakeClient`` records calls and plays back results; ``ServeClient`` runs the
real warm-container server (``containers/alpseesaw-serve.c``, compiled here with the host's C
compiler) as a host process in the mounted directory, so the host side of the FIFO protocol is
exercised for real. The real-engine tests are in ``test_container_engine.py`` (marker
``container``).
"""

from __future__ import annotations

import math
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

import docker
import pytest
import requests

from alpseesaw.errors import InputError, ToolRunError
from alpseesaw.runners import ContainerRunner, Resources, RunSpec
from alpseesaw.runners.container import (
    CONTAINER_WORKDIR,
    FALLBACK_USER,
    LABEL_CALL,
    LABEL_OWNER,
    LABEL_SESSION,
    SERVE_DIR,
    ContainerLimits,
    ContainerLost,
    EngineUnavailable,
    ImageNotFoundError,
    cleanup_leftovers,
    default_user,
)

REPO = Path(__file__).resolve().parents[2]
LABELS = {
    "io.alpseesaw.micromegas.dir": "/opt/micromegas",
    "io.alpseesaw.micromegas.version": "6.0",
    "io.alpseesaw.lanhep": "/opt/micromegas/Packages/LanHEP/lhep",
}


class FakeContainer:
    def __init__(
        self,
        status: int = 0,
        stdout: bytes = b"",
        stderr: bytes = b"",
        hang: bool = False,
        oom: bool = False,
        labels: dict[str, str] | None = None,
        name: str = "c1",
    ) -> None:
        self.status_code, self._stdout, self._stderr = status, stdout, stderr
        self.hang, self.oom = hang, oom
        self.calls: list[str] = []
        self.labels = labels or {}
        self.attrs: dict[str, Any] = {"Labels": self.labels, "Names": [f"/{name}"]}
        self.name = self.id = name
        self.status = "exited"
        self.removed = False

    def wait(self, timeout: float | None = None) -> dict[str, int]:
        self.calls.append(f"wait({timeout})")
        if self.hang:
            raise requests.exceptions.ReadTimeout("read timed out")
        return {"StatusCode": self.status_code}

    def logs(self, stdout: bool = True, stderr: bool = True) -> bytes:
        self.calls.append(f"logs(stdout={stdout}, stderr={stderr})")
        return (self._stdout if stdout else b"") + (self._stderr if stderr else b"")

    def kill(self) -> None:
        self.calls.append("kill")

    def remove(self, force: bool = False) -> None:
        self.calls.append(f"remove(force={force})")
        self.removed = True

    def reload(self) -> None:
        self.attrs = {"State": {"OOMKilled": self.oom}}


class FakeContainers:
    def __init__(
        self, container: FakeContainer | None, errors: list[BaseException] | None = None
    ) -> None:
        self.container, self.errors = container, list(errors or [])
        self.run_kwargs: dict[str, Any] | None = None
        self.listed: list[FakeContainer] = []
        self.list_filters: list[Any] = []

    def run(self, **kwargs: Any) -> FakeContainer:
        self.run_kwargs = kwargs
        if self.errors:
            raise self.errors.pop(0)
        assert self.container is not None
        return self.container

    def list(
        self,
        all: bool = False,
        filters: Any = None,
        sparse: bool = False,
    ) -> list[FakeContainer]:
        assert all
        assert sparse  # no inspection: a container removed meanwhile must not raise
        self.list_filters.append(filters)
        key, _, value = filters["label"].partition("=")
        return [c for c in self.listed if key in c.labels and (not value or c.labels[key] == value)]

    def get(self, cid: str) -> FakeContainer:
        for c in self.listed:
            if c.id == cid:
                return c
        msg = f"no container {cid}"
        raise docker.errors.NotFound(msg)


class FakeImage:
    id = "sha256:feedface"

    def __init__(self, labels: dict[str, str]) -> None:
        self.labels = labels


class FakeImages:
    def __init__(self, present: bool = True, labels: dict[str, str] | None = None) -> None:
        self.present = present
        self.labels = LABELS if labels is None else labels

    def get(self, name: str) -> FakeImage:
        if not self.present:
            msg = f"No such image: {name}"
            raise docker.errors.ImageNotFound(msg)
        return FakeImage(self.labels)


class FakeClient:
    def __init__(
        self,
        container: FakeContainer | None = None,
        errors: list[BaseException] | None = None,
        image_present: bool = True,
        labels: dict[str, str] | None = None,
        ping_failures: int = 0,
    ) -> None:
        self.containers = FakeContainers(container, errors)
        self.images = FakeImages(image_present, labels)
        self.ping_failures = ping_failures

    def ping(self) -> bool:
        if self.ping_failures:
            self.ping_failures -= 1
            raise requests.exceptions.ConnectionError("engine down")
        return True


# --------------------------------------------------------------------------- settings


def test_container_kwargs_isolate_the_run(tmp_path: Path) -> None:
    runner = ContainerRunner(
        "my/micromegas:6.0",
        client=FakeClient(),
        user="1234:5678",
        env={"MICROMEGAS_DIR": "/opt/micromegas"},
        session="s1",
    )
    spec = RunSpec(
        "micromegas",
        ("./main", "p.par"),
        tmp_path,
        env={"X": "1"},
        timeout_s=5,
        resources=Resources(memory_bytes=2**30, cpus=1.5),
    )
    kw = runner.container_kwargs(spec)
    assert kw["image"] == "my/micromegas:6.0"
    assert kw["command"] == ["./main", "p.par"]
    assert kw["working_dir"] == CONTAINER_WORKDIR
    # the work directory is the only mount
    assert kw["volumes"] == {str(tmp_path.resolve()): {"bind": CONTAINER_WORKDIR, "mode": "rw"}}
    assert "mounts" not in kw
    assert kw["network_disabled"] is True
    assert kw["network_mode"] == "none"
    assert kw["read_only"] is True
    assert set(kw["tmpfs"]) == {"/tmp"}
    assert kw["user"] == "1234:5678"
    assert kw["cap_drop"] == ["ALL"]
    assert kw["security_opt"] == ["no-new-privileges"]
    assert kw["mem_limit"] == kw["memswap_limit"] == 2**30
    assert kw["nano_cpus"] == 1_500_000_000
    assert kw["pids_limit"] == ContainerLimits().pids
    assert kw["ulimits"][0] == {"name": "nofile", "soft": 4096, "hard": 4096}
    # processes of the container user across the host: eight times the container's pids limit
    nproc = 8 * ContainerLimits().pids
    assert kw["ulimits"][1] == {"name": "nproc", "soft": nproc, "hard": nproc}
    # no standard input, no terminal: a command that reads stdin sees end of file
    assert kw["stdin_open"] is False
    assert kw["tty"] is False
    assert kw["environment"] == {"HOME": "/tmp", "MICROMEGAS_DIR": "/opt/micromegas", "X": "1"}
    assert kw["labels"][LABEL_SESSION] == "s1"
    assert kw["labels"][LABEL_OWNER] == f"{socket.gethostname()}:{os.getpid()}"
    assert kw["detach"] is True
    # every key is one the SDK's containers.run accepts
    from docker.models.containers import RUN_CREATE_KWARGS, RUN_HOST_CONFIG_KWARGS

    accepted = set(RUN_CREATE_KWARGS) | set(RUN_HOST_CONFIG_KWARGS) | {"image", "volumes"}
    assert set(kw) <= accepted


def test_limits_apply_by_default_and_specs_override_them(tmp_path: Path) -> None:
    limits = ContainerLimits(memory_bytes=3 * 2**30, cpus=0.5, pids=64, tmpfs_bytes=2**20)
    runner = ContainerRunner("img", client=FakeClient(), user="1:1", limits=limits)
    kw = runner.container_kwargs(RunSpec("t", ("true",), tmp_path))
    assert (kw["mem_limit"], kw["nano_cpus"], kw["pids_limit"]) == (3 * 2**30, 500_000_000, 64)
    assert "size=1048576" in kw["tmpfs"]["/tmp"]
    kw = runner.container_kwargs(RunSpec("t", ("true",), tmp_path, resources=Resources(2**20, 2)))
    assert (kw["mem_limit"], kw["nano_cpus"]) == (2**20, 2_000_000_000)
    with pytest.raises(InputError, match="pids must be positive"):
        ContainerLimits(pids=0)


@pytest.mark.parametrize("user", ["0", "root", "0:0", "root:users", ""])
def test_root_is_refused(user: str) -> None:
    with pytest.raises(InputError, match="root"):
        ContainerRunner("img", client=FakeClient(), user=user)


def test_default_user_is_never_root() -> None:
    user = default_user()
    assert not user.startswith("0:")
    if os.getuid() == 0:
        assert user == FALLBACK_USER
    else:
        assert user == f"{os.getuid()}:{os.getgid()}"


def test_tool_paths_come_from_the_image_labels() -> None:
    runner = ContainerRunner("img", client=FakeClient(), user="1:1")
    assert runner.tool_path("micromegas") == "/opt/micromegas"
    assert runner.tool_path("lanhep") == "/opt/micromegas/Packages/LanHEP/lhep"
    assert runner.tool_path("other") is None
    assert (
        ContainerRunner("img", client=FakeClient(), user="1:1", micromegas_dir="/x").micromegas_dir
        == "/x"
    )
    assert (
        ContainerRunner("img", client=FakeClient(labels={}), user="1:1").tool_path("micromegas")
        is None
    )


# --------------------------------------------------------------------------- cold runs


def test_run_collects_output_and_removes_the_container(tmp_path: Path) -> None:
    container = FakeContainer(status=0, stdout=b'{"a": 1}\n', stderr=b"chatter\n")
    client = FakeClient(container)
    result = ContainerRunner("img", client=client, user="1:1").run(
        RunSpec("t", ("./main", "p.par"), tmp_path, inputs={"p.par": "Mchi 1\n"}, timeout_s=7)
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, '{"a": 1}\n', "chatter\n")
    assert not result.oom_killed
    assert (tmp_path / "p.par").read_text() == "Mchi 1\n"  # inputs land in the mounted dir
    assert container.calls[0] == "wait(7)"
    assert container.calls[-1] == "remove(force=True)"


@pytest.mark.parametrize("reply", [{}, None, "exited"], ids=["no StatusCode", "None", "text"])
def test_a_wait_reply_without_a_status_is_status_minus_one(tmp_path: Path, reply: Any) -> None:
    # an engine whose wait() answer holds no exit status: the command's status is unknown, -1
    # (not the 1 of a command that failed), and the container is still removed
    container = FakeContainer()
    container.wait = lambda **_: reply  # type: ignore[method-assign]
    result = ContainerRunner("img", client=FakeClient(container), user="1:1").run(
        RunSpec("t", ("./main",), tmp_path, timeout_s=7)
    )
    assert result.returncode == -1
    assert container.removed


def test_a_failure_is_a_result_and_its_container_is_removed(tmp_path: Path) -> None:
    container = FakeContainer(status=3, stdout=b"", stderr=b"bad\n")
    result = ContainerRunner("img", client=FakeClient(container), user="1:1").run(
        RunSpec("t", ("x",), tmp_path)
    )
    assert (result.returncode, result.oom_killed) == (3, False)
    assert container.removed


def test_out_of_memory_is_named(tmp_path: Path) -> None:
    container = FakeContainer(status=137, stderr=b"", oom=True)
    result = ContainerRunner("img", client=FakeClient(container), user="1:1").run(
        RunSpec("t", ("x",), tmp_path, resources=Resources(memory_bytes=64 * 2**20))
    )
    assert result.returncode == 137
    assert result.oom_killed
    assert "out of memory" in result.stderr
    assert "64 MiB" in result.stderr
    assert str(result.error()).split(": ", 2)[-1].startswith("out of memory")
    assert container.removed


@pytest.mark.parametrize(
    "gone",
    [docker.errors.NotFound("No such container: c1"), docker.errors.APIError("server error")],
    ids=["removed", "refused"],
)
def test_a_failed_command_whose_state_cannot_be_read_is_not_called_out_of_memory(
    tmp_path: Path, gone: Exception
) -> None:
    # on a real engine the container may be removed (docker rm -f, a cleanup) or its inspection
    # refused between the command's exit and the OOM check: the failure stays the tool's own
    # (exit 137 is also a plain SIGKILL), not an out-of-memory kill nobody reported
    container = FakeContainer(status=137, stderr=b"killed\n", oom=True)

    def reload() -> None:
        raise gone

    container.reload = reload  # type: ignore[method-assign]
    result = ContainerRunner("img", client=FakeClient(container), user="1:1").run(
        RunSpec("t", ("x",), tmp_path)
    )
    assert (result.returncode, result.stderr) == (137, "killed\n")
    assert not result.oom_killed
    assert container.removed


@pytest.mark.parametrize(("status", "named"), [(0, False), (1, True), (2, True), (137, True)])
def test_the_oom_flag_names_only_a_command_that_failed(tmp_path: Path, status, named) -> None:
    # the engine's OOMKilled flag can be set for a command that still exited 0 (a child killed,
    # the command survived): only a failing command is reported as killed out of memory
    container = FakeContainer(status=status, stderr=b"", oom=True)
    result = ContainerRunner("img", client=FakeClient(container), user="1:1").run(
        RunSpec("t", ("x",), tmp_path, resources=Resources(memory_bytes=64 * 2**20))
    )
    assert result.returncode == status
    assert result.oom_killed == named
    assert ("out of memory" in result.stderr) == named


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="needs root (chown)")
@pytest.mark.parametrize(("owner", "group"), [(0, 0), (0, 1), (1, 0)])
def test_root_hands_every_file_to_the_container_user(tmp_path: Path, owner, group) -> None:
    # run as root, the work directory and everything in it end owned by the container's 1:1,
    # whichever of the owner and the group differed
    work = tmp_path / "w"
    (work / "sub").mkdir(parents=True)
    files = [work, work / "sub", work / "a.par", work / "sub" / "b.txt"]
    for f in files[2:]:
        f.write_text("x")
    for f in files:
        os.lchown(f, owner, group)
    ContainerRunner("img", client=FakeClient(FakeContainer()), user="1:1")._grant(work)
    assert {(f.lstat().st_uid, f.lstat().st_gid) for f in files} == {(1, 1)}


def test_timeout_kills_and_removes(tmp_path: Path) -> None:
    container = FakeContainer(hang=True, stderr=b"last words\n")
    with pytest.raises(ToolRunError, match=r"timed out after 3 s .*killed and removed") as info:
        ContainerRunner("img", client=FakeClient(container), user="1:1").run(
            RunSpec("slow", ("x",), tmp_path, timeout_s=3)
        )
    assert info.value.returncode is None
    assert "last words" in info.value.stderr_tail
    assert "kill" in container.calls
    assert container.calls[-1] == "remove(force=True)"


def test_missing_image_is_one_line_naming_the_build_command(tmp_path: Path) -> None:
    runner = ContainerRunner("me/mo:6.0", client=FakeClient(image_present=False), user="1:1")
    with pytest.raises(ImageNotFoundError) as info:
        runner.run(RunSpec("t", ("x",), tmp_path))
    message = str(info.value)
    assert "\n" not in message
    assert "alpseesaw image build --source micromegas_6.0.tgz --tag me/mo:6.0" in message
    assert isinstance(info.value, InputError)  # exit code 2 at the command line
    with pytest.raises(ImageNotFoundError):
        runner.identity()


def test_identity_uses_the_image_id() -> None:
    assert ContainerRunner("img", client=FakeClient(), user="1:1").identity() == (
        "container:sha256:feedface"
    )


def test_an_engine_refusal_is_a_tool_error(tmp_path: Path) -> None:
    client = FakeClient(errors=[docker.errors.APIError("conflict")])
    with pytest.raises(ToolRunError, match="cannot start a container of img") as info:
        ContainerRunner("img", client=client, user="1:1").run(RunSpec("t", ("x",), tmp_path))
    assert not isinstance(info.value, EngineUnavailable)


def test_unreachable_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise docker.errors.DockerException("Error while fetching server API version")

    monkeypatch.setattr(docker, "DockerClient", refuse)
    runner = ContainerRunner("img", base_url="unix:///nonexistent.sock", user="1:1")
    with pytest.raises(EngineUnavailable, match="no container engine reachable"):
        _ = runner.client


def test_engine_outage_is_waited_for_and_the_command_repeated(tmp_path: Path) -> None:
    container = FakeContainer(status=0, stdout=b"done\n")
    down = requests.exceptions.ConnectionError("connection refused")
    client = FakeClient(container, errors=[down], ping_failures=1)
    runner = ContainerRunner("img", client=client, user="1:1", engine_wait_s=30)
    result = runner.run(RunSpec("t", ("x",), tmp_path))
    assert result.stdout == "done\n"
    assert client.ping_failures == 0  # it waited until the engine answered
    # without waiting the outage is an EngineUnavailable, not a failure of the tool
    client = FakeClient(container, errors=[down])
    with pytest.raises(EngineUnavailable, match="did not answer"):
        ContainerRunner("img", client=client, user="1:1").run(RunSpec("t", ("x",), tmp_path))


def test_interrupted_create_removes_the_container_by_its_label(tmp_path: Path) -> None:
    client = FakeClient(errors=[KeyboardInterrupt()])
    created = FakeContainer(labels={LABEL_SESSION: "s"})
    client.containers.listed.append(created)
    original_run = client.containers.run

    def run_then_interrupt(**kwargs: Any) -> FakeContainer:
        created.labels.update(kwargs["labels"])  # the engine made it before the interrupt
        return original_run(**kwargs)

    client.containers.run = run_then_interrupt  # type: ignore[method-assign]
    with pytest.raises(KeyboardInterrupt):
        ContainerRunner("img", client=client, user="1:1").run(RunSpec("t", ("x",), tmp_path))
    assert created.removed
    assert client.containers.list_filters[-1] == {
        "label": f"{LABEL_CALL}={created.labels[LABEL_CALL]}"
    }


def test_cleanup_removes_containers_of_dead_processes_only() -> None:
    dead = subprocess.Popen(["true"])
    dead.wait()
    host = socket.gethostname()
    mine = FakeContainer(
        labels={LABEL_SESSION: "a", LABEL_OWNER: f"{host}:{os.getpid()}"}, name="mine"
    )
    orphan = FakeContainer(
        labels={LABEL_SESSION: "b", LABEL_OWNER: f"{host}:{dead.pid}"}, name="orphan"
    )
    remote = FakeContainer(labels={LABEL_SESSION: "c", LABEL_OWNER: "elsewhere:1"}, name="remote")
    foreign = FakeContainer(labels={}, name="foreign")
    client = FakeClient()
    client.containers.listed = [mine, orphan, remote, foreign]
    assert cleanup_leftovers(client) == ["orphan"]
    assert cleanup_leftovers(client, session="a") == ["mine"]
    assert sorted(cleanup_leftovers(client, everything=True)) == ["mine", "orphan", "remote"]
    assert not foreign.removed


# --------------------------------------------------------------------------- warm runs


@pytest.fixture(scope="module")
def serve_binary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        pytest.skip("no C compiler to build containers/alpseesaw-serve.c")
    out = tmp_path_factory.mktemp("serve") / "alpseesaw-serve"
    subprocess.run(
        [
            cc,
            "-O2",
            "-Wall",
            "-Wextra",
            "-Werror",
            "-o",
            str(out),
            str(REPO / "containers" / "alpseesaw-serve.c"),
        ],
        check=True,
    )
    return out


class ServeContainer:
    """A 'container' that is the real server running on the host in the mounted directory."""

    def __init__(self, binary: Path, kwargs: dict[str, Any]) -> None:
        ((host, _),) = kwargs["volumes"].items()
        self.kwargs = kwargs
        self.id = self.name = f"warm-{id(self)}"
        self.labels = kwargs["labels"]
        self.proc = subprocess.Popen([str(binary), *kwargs["command"][1:]], cwd=host)
        self.attrs: dict[str, Any] = {}
        self.removed = False

    def reload(self) -> None:
        running = self.proc.poll() is None
        self.attrs = {
            "State": {
                "Status": "running" if running else "exited",
                "ExitCode": self.proc.returncode,
                "OOMKilled": False,
            }
        }

    def logs(self, stdout: bool = True, stderr: bool = True) -> bytes:
        # what the server itself printed (its commands' output goes to files)
        return (b"server stdout\n" if stdout else b"") + (b"server stderr\n" if stderr else b"")

    def remove(self, force: bool = False) -> None:
        assert force
        self.proc.kill()
        self.proc.wait()
        self.removed = True


class ServeClient(FakeClient):
    def __init__(self, binary: Path) -> None:
        super().__init__(
            labels={**LABELS, "io.alpseesaw.serve": "/opt/alpseesaw/bin/alpseesaw-serve"}
        )
        self.binary = binary
        self.started: list[ServeContainer] = []
        self.containers.run = self._run  # type: ignore[method-assign]

    def _run(self, **kwargs: Any) -> ServeContainer:
        assert kwargs["command"] == ["/opt/alpseesaw/bin/alpseesaw-serve", SERVE_DIR]
        c = ServeContainer(self.binary, kwargs)
        self.started.append(c)
        return c


def test_warm_runs_reuse_one_container_and_pass_arguments_verbatim(
    serve_binary: Path, tmp_path: Path
) -> None:
    client = ServeClient(serve_binary)
    with ContainerRunner("img", client=client, user="1:1", warm=True) as runner:
        hostile = ["1;touch hacked", "$(id)", "`id`", "a b", "*"]
        first = runner.run(RunSpec("echo", ("echo", *hostile), tmp_path))
        second = runner.run(
            RunSpec(
                "sh", ("sh", "-c", "echo $X; echo err >&2; exit 4"), tmp_path, env={"X": "from-env"}
            )
        )
        crash = runner.run(RunSpec("sh", ("sh", "-c", "kill -SEGV $$"), tmp_path))
        missing = runner.run(RunSpec("nope", ("no-such-program",), tmp_path))
        assert len(client.started) == 1
    assert first.returncode == 0
    assert first.stdout == " ".join(hostile) + "\n"  # no shell expanded anything
    assert not (tmp_path / "hacked").exists()
    assert (second.returncode, second.stdout, second.stderr) == (4, "from-env\n", "err\n")
    assert crash.returncode == -signal.SIGSEGV
    assert missing.returncode == 127
    assert "cannot execute no-such-program" in missing.stderr
    assert client.started[0].removed  # closing the runner removes its warm container
    assert not (tmp_path / SERVE_DIR).exists()


def test_warm_timeout_kills_and_removes_the_container(serve_binary: Path, tmp_path: Path) -> None:
    client = ServeClient(serve_binary)
    with ContainerRunner("img", client=client, user="1:1", warm=True) as runner:
        with pytest.raises(ToolRunError, match=r"timed out after 0.5 s .*killed and removed"):
            runner.run(RunSpec("slow", ("sleep", "30"), tmp_path, timeout_s=0.5))
        assert client.started[0].removed
        after = runner.run(RunSpec("true", ("true",), tmp_path))  # a new warm container
        assert after.returncode == 0
        assert len(client.started) == 2


def test_a_stopped_warm_container_is_replaced_once(serve_binary: Path, tmp_path: Path) -> None:
    client = ServeClient(serve_binary)
    with ContainerRunner("img", client=client, user="1:1", warm=True) as runner:
        runner.run(RunSpec("true", ("true",), tmp_path))
        client.started[0].proc.kill()  # the server dies (or the engine restarted)
        client.started[0].proc.wait()
        result = runner.run(RunSpec("echo", ("echo", "again"), tmp_path))
        assert result.stdout == "again\n"
        assert len(client.started) == 2


def test_a_warm_container_that_keeps_dying_is_an_error(serve_binary: Path, tmp_path: Path) -> None:
    client = ServeClient(serve_binary)
    with (
        ContainerRunner("img", client=client, user="1:1", warm=True) as runner,
        pytest.raises(ContainerLost, match="warm container stopped") as info,
    ):
        # the command kills the server itself (its parent), every time
        runner.run(RunSpec("sh", ("sh", "-c", "kill -9 $PPID; sleep 5"), tmp_path, timeout_s=20))
    assert info.value.stderr_tail == "server stderr\n"  # the server's stderr, not its stdout
    assert len(client.started) == 2
    assert all(c.removed for c in client.started)


def test_the_server_ends_its_command_on_sigterm(serve_binary: Path, tmp_path: Path) -> None:
    # docker stop and an engine shutting down send SIGTERM to the container's PID 1
    control = tmp_path / SERVE_DIR
    control.mkdir()
    for name in ("requests", "replies"):
        os.mkfifo(control / name)
    server = subprocess.Popen([str(serve_binary), SERVE_DIR], cwd=tmp_path)
    requests_fd = os.open(control / "requests", os.O_RDWR)
    try:
        (control / "r1.argv").write_bytes(b"sh\0-c\0echo $$ > pid; exec sleep 60\0")
        os.write(requests_fd, b"r1\n")
        for _ in range(200):
            if (tmp_path / "pid").is_file() and (tmp_path / "pid").read_text().strip():
                break
            time.sleep(0.02)
        child = int((tmp_path / "pid").read_text())
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=5) == 128 + signal.SIGTERM
        for _ in range(100):  # the command was killed with it (zombie or gone: not sleeping)
            try:
                state = Path(f"/proc/{child}/stat").read_text().split()[2]
            except FileNotFoundError:
                break
            if state == "Z":
                break
            time.sleep(0.02)
        else:
            pytest.fail(f"the command {child} survived the server")
    finally:
        os.close(requests_fd)
        if server.poll() is None:
            server.kill()
            server.wait()


def test_cold_runs_under_the_server_learn_of_oom_kills_from_it(tmp_path: Path) -> None:
    # engines that do not report OOMKilled (Podman 4.3 on cgroup v1): the server's file tells
    container = FakeContainer(status=137, oom=False)
    client = FakeClient(container, labels={**LABELS, "io.alpseesaw.serve": "/serve"})
    original_run = client.containers.run

    def run(**kwargs: Any) -> FakeContainer:
        command = kwargs["command"]
        assert command[:2] == ["/serve", "--run"]
        assert command[3:] == ["--", "./main", "p.par"]
        (tmp_path / command[2]).write_text("")  # what alpseesaw-serve does after an OOM kill
        return original_run(**kwargs)

    client.containers.run = run  # type: ignore[method-assign]
    result = ContainerRunner("img", client=client, user="1:1").run(
        RunSpec("t", ("./main", "p.par"), tmp_path)
    )
    assert result.oom_killed
    assert "out of memory" in result.stderr
    assert not list(tmp_path.glob(".alpseesaw-oom-*"))  # read and removed


def test_a_read_timeout_is_found_behind_either_kind_of_chaining() -> None:
    # the SDK's wait(timeout=...) expiring arrives as a ConnectionError raised while handling
    # urllib3's ReadTimeoutError (implicit chaining: __context__ only) or "from" it (__cause__);
    # an engine that went away is a ConnectionError with no read timeout anywhere in the chain
    import requests
    import urllib3

    from alpseesaw.runners.container import _is_read_timeout

    def wait() -> None:
        raise urllib3.exceptions.ReadTimeoutError(None, "/wait", "read timed out")

    def sdk_wait(explicit: bool) -> None:
        try:
            wait()
        except urllib3.exceptions.ReadTimeoutError as inner:
            if explicit:
                raise requests.exceptions.ConnectionError("wait") from inner
            raise requests.exceptions.ConnectionError("wait")  # noqa: B904

    def chained(explicit: bool) -> BaseException:
        with pytest.raises(requests.exceptions.ConnectionError) as info:
            sdk_wait(explicit)
        return info.value

    assert _is_read_timeout(chained(explicit=True))
    assert _is_read_timeout(chained(explicit=False))
    assert not _is_read_timeout(requests.exceptions.ConnectionError("connection refused"))


def test_an_owner_we_may_not_signal_is_alive(monkeypatch: pytest.MonkeyPatch) -> None:
    # kill(pid, 0) answers EPERM for another user's live process: its containers are not left-overs
    import os
    import socket

    from alpseesaw.runners import container

    def kill(*_: int) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "kill", kill)
    assert container._owner_alive(f"{socket.gethostname()}:4242")

    def gone(*_: int) -> None:
        raise ProcessLookupError(3, "No such process")

    monkeypatch.setattr(os, "kill", gone)
    assert not container._owner_alive(f"{socket.gethostname()}:4242")


# --------------------------------------------------------------------------- timing, on a fake clock


class FakeClock:
    """The container module's ``time`` and ``select``: sleeping and waiting on the replies FIFO
    advance a clock of its own (no reply ever comes), so the waits can be read exactly."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    perf_counter = monotonic

    def sleep(self, seconds: float) -> None:
        assert seconds >= 0
        self.sleeps.append(seconds)
        self.now += seconds

    def select(self, *rlist_wlist_xlist_timeout: Any) -> tuple:
        self.now += rlist_wlist_xlist_timeout[-1]
        return [], [], []


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    from types import SimpleNamespace

    from alpseesaw.runners import container

    fake = FakeClock()
    monkeypatch.setattr(
        container,
        "time",
        SimpleNamespace(monotonic=fake.monotonic, perf_counter=fake.monotonic, sleep=fake.sleep),
    )
    monkeypatch.setattr(container, "select", SimpleNamespace(select=fake.select))
    return fake


def test_the_wait_for_the_engine_ends_at_its_deadline(clock: FakeClock, tmp_path: Path) -> None:
    # the engine never comes back: the runner polls it at most every 2 s, and its last sleep is
    # what is left of engine_wait_s (5 s: 2 + 2 + 1), so it gives up at the deadline, not after
    down = requests.exceptions.ConnectionError("connection refused")
    client = FakeClient(errors=[down, down], ping_failures=10**6)
    start = clock.now
    runner = ContainerRunner("img", client=client, user="1:1", engine_wait_s=5.0)
    with pytest.raises(EngineUnavailable, match="did not answer"):
        runner.run(RunSpec("t", ("x",), tmp_path))
    assert clock.sleeps == [2.0, 2.0, 1.0]
    assert clock.now - start == pytest.approx(5.0)
    assert 10**6 - client.ping_failures == 3  # one ping after each sleep


def test_an_engine_back_early_ends_the_wait_at_the_next_poll(
    clock: FakeClock, tmp_path: Path
) -> None:
    container = FakeContainer(status=0, stdout=b"done\n")
    down = requests.exceptions.ConnectionError("connection refused")
    client = FakeClient(container, errors=[down], ping_failures=1)
    runner = ContainerRunner("img", client=client, user="1:1", engine_wait_s=600.0)
    assert runner.run(RunSpec("t", ("x",), tmp_path)).stdout == "done\n"
    assert clock.sleeps == [2.0, 2.0]  # down at the first poll, back at the second


class DyingWarmContainer:
    """A warm container whose server dies ``life_s`` after it was started (by the fake clock);
    it records when its death was noticed (the runner's liveness check, ``reload``)."""

    def __init__(self, clock: FakeClock, life_s: float) -> None:
        self.clock = clock
        self.id = self.name = f"warm-{id(self)}"
        self.died_at = clock.now + life_s
        self.noticed_at: float | None = None
        self.attrs: dict[str, Any] = {}
        self.removed = False

    def reload(self) -> None:
        dead = self.clock.now >= self.died_at
        if dead and self.noticed_at is None:
            self.noticed_at = self.clock.now
        state = {"Status": "exited" if dead else "running", "ExitCode": 137, "OOMKilled": False}
        self.attrs = {"State": state}

    def logs(self, stdout: bool = True, stderr: bool = True) -> bytes:
        return (b"server stdout\n" if stdout else b"") + (b"server stderr\n" if stderr else b"")

    def remove(self, force: bool = False) -> None:
        assert force
        self.removed = True


def dying_warm_client(clock: FakeClock, life_s: float) -> tuple[FakeClient, list]:
    """A client whose every warm container dies ``life_s`` after its start; and that list."""
    client = FakeClient(labels={**LABELS, "io.alpseesaw.serve": "/opt/alpseesaw/bin/serve"})
    started: list[DyingWarmContainer] = []

    def run(**kwargs: Any) -> DyingWarmContainer:
        assert kwargs["command"] == ["/opt/alpseesaw/bin/serve", SERVE_DIR]
        started.append(DyingWarmContainer(clock, life_s))
        return started[-1]

    client.containers.run = run  # type: ignore[method-assign]
    return client, started


@pytest.mark.parametrize("life_s", [0.2, 1.2, 2.7])
def test_a_dead_warm_container_is_noticed_within_a_second(
    clock: FakeClock, tmp_path: Path, life_s: float
) -> None:
    # the runner checks a warm container's state once a second while a command runs, from 1 s
    # after its start: a server that dies 1.2 s into a command is noticed at 2.0 s, not later
    # (then the command is repeated once in a new container, which dies too: the error)
    client, started = dying_warm_client(clock, life_s)
    with (
        ContainerRunner("img", client=client, user="1:1", warm=True) as runner,
        pytest.raises(ContainerLost, match=r"warm container stopped \(status exited"),
    ):
        runner.run(RunSpec("sleep", ("sleep", "60"), tmp_path, timeout_s=60))
    assert len(started) == 2
    for c in started:
        assert c.noticed_at is not None
        assert c.noticed_at - c.died_at == pytest.approx(math.ceil(life_s) - life_s)
        assert c.removed


def test_a_warm_command_times_out_at_its_timeout(clock: FakeClock, tmp_path: Path) -> None:
    # the replies FIFO is waited on in steps of at most 0.5 s, the last one what is left of the
    # timeout: a command of timeout_s = 2.3 is ended at 2.3 s
    client, started = dying_warm_client(clock, 1e6)
    start = clock.now
    with (
        ContainerRunner("img", client=client, user="1:1", warm=True) as runner,
        pytest.raises(ToolRunError, match=r"timed out after 2.3 s"),
    ):
        runner.run(RunSpec("sleep", ("sleep", "60"), tmp_path, timeout_s=2.3))
    assert clock.now - start == pytest.approx(2.3)
    assert len(started) == 1
    assert started[0].removed
