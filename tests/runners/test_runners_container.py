"""ContainerRunner: the run specs and the docker SDK calls, against a fake client.

There is no container engine here or in CI; the one real-engine test carries the ``container``
marker and skips when no engine (or no local test image) is available.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import docker
import pytest
import requests

from alpseesaw.errors import InputError, ToolRunError
from alpseesaw.runners import ContainerRunner, Resources, RunSpec
from alpseesaw.runners.container import CONTAINER_WORKDIR, FALLBACK_USER, default_user


class FakeContainer:
    def __init__(
        self,
        status: int = 0,
        stdout: bytes = b"",
        stderr: bytes = b"",
        hang: bool = False,
        oom: bool = False,
    ) -> None:
        self.status, self._stdout, self._stderr = status, stdout, stderr
        self.hang, self.oom = hang, oom
        self.calls: list[str] = []
        self.attrs: dict[str, Any] = {}

    def wait(self, timeout: float | None = None) -> dict[str, int]:
        self.calls.append(f"wait({timeout})")
        if self.hang:
            msg = "read timed out"
            raise requests.exceptions.ReadTimeout(msg)
        return {"StatusCode": self.status}

    def logs(self, stdout: bool = True, stderr: bool = True) -> bytes:
        self.calls.append(f"logs(stdout={stdout}, stderr={stderr})")
        return (self._stdout if stdout else b"") + (self._stderr if stderr else b"")

    def kill(self) -> None:
        self.calls.append("kill")

    def remove(self, force: bool = False) -> None:
        self.calls.append(f"remove(force={force})")

    def reload(self) -> None:
        self.attrs = {"State": {"OOMKilled": self.oom}}


class FakeContainers:
    def __init__(self, container: FakeContainer | None, error: Exception | None = None) -> None:
        self.container, self.error = container, error
        self.run_kwargs: dict[str, Any] | None = None

    def run(self, **kwargs: Any) -> FakeContainer:
        self.run_kwargs = kwargs
        if self.error is not None:
            raise self.error
        assert self.container is not None
        return self.container


class FakeImage:
    id = "sha256:feedface"


class FakeImages:
    def __init__(self, present: bool = True) -> None:
        self.present = present

    def get(self, name: str) -> FakeImage:
        if not self.present:
            msg = f"No such image: {name}"
            raise docker.errors.ImageNotFound(msg)
        return FakeImage()


class FakeClient:
    def __init__(
        self,
        container: FakeContainer | None = None,
        error: Exception | None = None,
        image_present: bool = True,
    ) -> None:
        self.containers = FakeContainers(container, error)
        self.images = FakeImages(image_present)


def test_container_kwargs_isolate_the_run(tmp_path: Path) -> None:
    runner = ContainerRunner(
        "my/micromegas:6.0",
        client=FakeClient(),
        user="1234:5678",
        env={"MICROMEGAS_DIR": "/opt/micromegas"},
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
    assert kw["volumes"] == {str(tmp_path.resolve()): {"bind": CONTAINER_WORKDIR, "mode": "rw"}}
    assert kw["network_disabled"] is True
    assert kw["network_mode"] == "none"
    assert kw["user"] == "1234:5678"
    assert kw["cap_drop"] == ["ALL"]
    assert kw["security_opt"] == ["no-new-privileges"]
    assert kw["mem_limit"] == 2**30
    assert kw["memswap_limit"] == 2**30
    assert kw["nano_cpus"] == 1_500_000_000
    assert kw["environment"] == {"MICROMEGAS_DIR": "/opt/micromegas", "X": "1"}
    assert kw["detach"] is True
    # every key is one the SDK's containers.run accepts
    from docker.models.containers import RUN_CREATE_KWARGS, RUN_HOST_CONFIG_KWARGS

    accepted = set(RUN_CREATE_KWARGS) | set(RUN_HOST_CONFIG_KWARGS) | {"image", "volumes"}
    assert set(kw) <= accepted


def test_no_limits_means_no_limit_keys(tmp_path: Path) -> None:
    kw = ContainerRunner("img", client=FakeClient(), user="1:1").container_kwargs(
        RunSpec("t", ("true",), tmp_path)
    )
    assert "mem_limit" not in kw
    assert "nano_cpus" not in kw


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


def test_run_collects_output_and_removes_the_container(tmp_path: Path) -> None:
    container = FakeContainer(status=0, stdout=b'{"a": 1}\n', stderr=b"chatter\n")
    client = FakeClient(container)
    result = ContainerRunner("img", client=client, user="1:1").run(
        RunSpec("t", ("./main", "p.par"), tmp_path, inputs={"p.par": "Mchi 1\n"}, timeout_s=7)
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, '{"a": 1}\n', "chatter\n")
    assert (tmp_path / "p.par").read_text() == "Mchi 1\n"  # inputs land in the mounted dir
    assert container.calls[0] == "wait(7)"
    assert container.calls[-1] == "remove(force=True)"


def test_non_zero_status_and_oom_note(tmp_path: Path) -> None:
    container = FakeContainer(status=137, stderr=b"", oom=True)
    result = ContainerRunner("img", client=FakeClient(container), user="1:1").run(
        RunSpec("t", ("x",), tmp_path)
    )
    assert result.returncode == 137
    assert "memory limit" in result.stderr
    assert "remove(force=True)" in container.calls


def test_timeout_kills_and_raises(tmp_path: Path) -> None:
    container = FakeContainer(hang=True, stderr=b"last words\n")
    with pytest.raises(ToolRunError, match=r"timed out after 3 s") as info:
        ContainerRunner("img", client=FakeClient(container), user="1:1").run(
            RunSpec("slow", ("x",), tmp_path, timeout_s=3)
        )
    assert info.value.returncode is None
    assert "last words" in info.value.stderr_tail
    assert "kill" in container.calls
    assert container.calls[-1] == "remove(force=True)"


def test_engine_errors_become_tool_run_errors(tmp_path: Path) -> None:
    client = FakeClient(error=docker.errors.ImageNotFound("No such image: img"))
    with pytest.raises(ToolRunError, match="cannot start a container of img") as info:
        ContainerRunner("img", client=client, user="1:1").run(RunSpec("t", ("x",), tmp_path))
    assert info.value.returncode is None


def test_identity_uses_the_image_id() -> None:
    assert ContainerRunner("img", client=FakeClient(), user="1:1").identity() == (
        "container:sha256:feedface"
    )
    with pytest.raises(ToolRunError, match="image not available"):
        ContainerRunner("img", client=FakeClient(image_present=False), user="1:1").identity()


def test_unreachable_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        msg = "Error while fetching server API version"
        raise docker.errors.DockerException(msg)

    monkeypatch.setattr(docker, "DockerClient", refuse)
    runner = ContainerRunner("img", base_url="unix:///nonexistent.sock", user="1:1")
    with pytest.raises(ToolRunError, match="no container engine reachable"):
        _ = runner.client


def _engine_or_skip() -> Any:
    host = os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock")
    if host.startswith("unix://") and not Path(host.removeprefix("unix://")).exists():
        pytest.skip(f"no container engine: socket {host} does not exist")
    try:
        client = docker.from_env(timeout=5)
    except docker.errors.DockerException as exc:
        pytest.skip(f"no container engine configured: {exc}")
    reason = ""
    image = os.environ.get("ALPSEESAW_TEST_IMAGE", "busybox:latest")
    try:
        client.ping()
        client.images.get(image)
    except docker.errors.ImageNotFound:
        reason = f"test image {image} is not present locally (set ALPSEESAW_TEST_IMAGE)"
    except Exception as exc:  # noqa: BLE001 - any failure means: no usable engine
        reason = f"no container engine reachable: {exc}"
    if reason:
        client.close()  # else its socket is left open (a ResourceWarning, an error here)
        pytest.skip(reason)
    return client, image


@pytest.mark.container
# the docker SDK leaves a socket unclosed when the engine refuses the connection
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_real_engine_runs_isolated(tmp_path: Path) -> None:
    client, image = _engine_or_skip()
    runner = ContainerRunner(image, client=client)
    result = runner.run(
        RunSpec(
            "sh",
            ("sh", "-c", "cat in.txt; id -u; cat /etc/hostname >&2"),
            tmp_path,
            inputs={"in.txt": "hello\n"},
            timeout_s=60,
            resources=Resources(memory_bytes=64 * 2**20),
        )
    )
    assert result.ok
    lines = result.stdout.splitlines()
    assert lines[0] == "hello"
    assert lines[1] != "0"  # not root
