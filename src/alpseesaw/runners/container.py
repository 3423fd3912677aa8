"""Run tools in a container through the docker SDK (Docker, or Podman's compatible socket).

The image is yours: it must hold the tools (e.g. a compiled micrOMEGAs; alpseesaw ships none).
Each run starts a fresh container from the image with

- the spec's ``workdir`` mounted read-write at :data:`CONTAINER_WORKDIR` (and used as the
  working directory, so relative paths in ``argv`` mean the same as locally),
- no network (``network_disabled`` and ``network_mode="none"``),
- a non-root user (the host's uid:gid, or 65534:65534 when the host user is root),
- all capabilities dropped and ``no-new-privileges``,
- the spec's memory / CPU limits and a wall-clock timeout (the container is killed after it),

and removes the container afterwards. The client is injectable (tests use a fake one); by
default it is ``docker.from_env()`` or ``docker.DockerClient(base_url=...)``, e.g.
``unix:///run/user/1000/podman/podman.sock`` for Podman.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Mapping
from typing import Any

from alpseesaw.errors import InputError, ToolRunError
from alpseesaw.runners.spec import RunResult, RunSpec, stderr_tail, write_inputs

#: Where the work directory appears inside the container.
CONTAINER_WORKDIR = "/alpseesaw/work"
#: The user a container runs as when the host user is root (``nobody``).
FALLBACK_USER = "65534:65534"


def default_user() -> str:
    """The host's ``uid:gid`` (files in the mounted work directory stay yours), never root."""
    uid, gid = os.getuid(), os.getgid()
    return FALLBACK_USER if uid == 0 else f"{uid}:{gid}"


def _check_non_root(user: str) -> str:
    name = user.split(":", 1)[0].strip()
    if name in ("", "0", "root"):
        msg = f"container user {user!r} is root; give a non-root user such as '1000:1000'"
        raise InputError(msg)
    return user


class ContainerRunner:
    """Execute a :class:`RunSpec` in a fresh container of ``image``.

    Args:
        image: the image holding the tools (name:tag or id).
        client: a docker SDK client (default: created on first use from ``base_url`` or the
            environment, ``DOCKER_HOST``).
        base_url: the engine's socket, e.g. ``unix:///run/user/1000/podman/podman.sock``.
        user: ``uid:gid`` to run as (default :func:`default_user`); root is refused.
        env: environment variables set in every container (the spec's ``env`` is added).
    """

    name = "container"
    #: Tools live in the image: their paths are given, not looked up on the host.
    runs_on_host = False

    def __init__(
        self,
        image: str,
        *,
        client: Any | None = None,
        base_url: str | None = None,
        user: str | None = None,
        env: Mapping[str, str] | None = None,
    ) -> None:
        if not image or not image.strip():
            msg = "a container image is required"
            raise InputError(msg)
        self.image = image
        self._client = client
        self._base_url = base_url
        self.user = _check_non_root(user if user is not None else default_user())
        self._env = dict(env or {})

    @property
    def client(self) -> Any:
        """The docker SDK client (created on first use)."""
        if self._client is None:
            import docker

            try:
                self._client = (
                    docker.DockerClient(base_url=self._base_url)
                    if self._base_url
                    else docker.from_env()
                )
            except docker.errors.DockerException as exc:
                msg = "container"
                raise ToolRunError(
                    msg,
                    ["docker", "connect"],
                    None,
                    "",
                    None,
                    f"no container engine reachable: {exc}",
                ) from exc
        return self._client

    def identity(self) -> str:
        """``container:<image id>`` (part of build-cache keys; a rebuilt image changes it)."""
        import docker

        try:
            image_id = self.client.images.get(self.image).id
        except docker.errors.DockerException as exc:
            msg = "container"
            raise ToolRunError(
                msg,
                ["docker", "image", "inspect", self.image],
                None,
                "",
                None,
                f"image not available: {exc}",
            ) from exc
        return f"container:{image_id}"

    def container_kwargs(self, spec: RunSpec) -> dict[str, Any]:
        """The keyword arguments of ``client.containers.run`` for ``spec`` (pure)."""
        kwargs: dict[str, Any] = {
            "image": self.image,
            "command": list(spec.argv),
            "detach": True,
            "working_dir": CONTAINER_WORKDIR,
            "volumes": {str(spec.workdir.resolve()): {"bind": CONTAINER_WORKDIR, "mode": "rw"}},
            "environment": {**self._env, **spec.env},
            "user": self.user,
            "network_disabled": True,
            "network_mode": "none",
            "cap_drop": ["ALL"],
            "security_opt": ["no-new-privileges"],
            "stdin_open": False,
            "tty": False,
        }
        if spec.resources.memory_bytes is not None:
            kwargs["mem_limit"] = int(spec.resources.memory_bytes)
            kwargs["memswap_limit"] = int(spec.resources.memory_bytes)  # no swap on top
        if spec.resources.cpus is not None:
            kwargs["nano_cpus"] = int(spec.resources.cpus * 1e9)
        return kwargs

    def run(self, spec: RunSpec) -> RunResult:
        """Run ``spec`` in a new container; return its result whatever the exit status.

        Raises:
            ToolRunError: no engine, image missing, the container cannot be created, or the
                timeout expired (returncode None in all these cases).
        """
        import docker
        import requests

        if not spec.workdir.is_dir():
            raise ToolRunError(
                spec.tool, spec.argv, None, "", str(spec.workdir), "work directory does not exist"
            )
        write_inputs(spec.workdir, spec.inputs)
        kwargs = self.container_kwargs(spec)
        start = time.perf_counter()
        try:
            container = self.client.containers.run(**kwargs)
        except docker.errors.DockerException as exc:
            raise ToolRunError(
                spec.tool,
                spec.argv,
                None,
                "",
                str(spec.workdir),
                f"cannot start a container of {self.image}: {exc}",
            ) from exc
        try:
            try:
                status = container.wait(timeout=spec.timeout_s)
            except (requests.exceptions.RequestException, TimeoutError) as exc:
                _quietly(container.kill)
                stderr = _logs(container, stdout=False, stderr=True)
                raise ToolRunError(
                    spec.tool,
                    spec.argv,
                    None,
                    stderr_tail(stderr),
                    str(spec.workdir),
                    f"timed out after {spec.timeout_s} s in container {self.image}",
                ) from exc
            stdout = _logs(container, stdout=True, stderr=False)
            stderr = _logs(container, stdout=False, stderr=True)
            code = int(status.get("StatusCode", -1)) if isinstance(status, Mapping) else -1
            if code != 0 and _oom_killed(container):
                stderr += "\n[alpseesaw] the container was killed for exceeding its memory limit"
        finally:
            _quietly(lambda: container.remove(force=True))
        return RunResult(
            spec=spec,
            returncode=code,
            stdout=stdout,
            stderr=stderr,
            duration_s=time.perf_counter() - start,
        )


def _logs(container: Any, *, stdout: bool, stderr: bool) -> str:
    data = container.logs(stdout=stdout, stderr=stderr)
    return data.decode("utf-8", errors="replace") if isinstance(data, bytes) else str(data)


def _oom_killed(container: Any) -> bool:
    try:
        container.reload()
        return bool(container.attrs.get("State", {}).get("OOMKilled", False))
    except Exception:  # noqa: BLE001 - a diagnostic only
        return False


def _quietly(action: Any) -> None:
    """Run a cleanup action; its failure must not mask the real error."""
    with contextlib.suppress(Exception):
        action()
