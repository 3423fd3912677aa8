"""Run tools in containers through the docker SDK (Docker, or Podman's compatible socket).

The image holds the tools: build one with ``alpseesaw image build`` (recipe
``containers/micromegas.Dockerfile``; its labels tell this runner where micrOMEGAs, LanHEP and
the warm-container server are), or bring your own and give the paths. Every container runs with

- only the spec's ``workdir`` mounted (read-write, at :data:`CONTAINER_WORKDIR`, which is also
  the working directory, so relative paths in ``argv`` mean the same as locally),
- no network (``network_mode="none"``: only the loopback interface),
- a read-only root filesystem and a private tmpfs on ``/tmp``,
- all capabilities dropped, ``no-new-privileges``, a non-root user (the host's uid:gid, or
  65534:65534 when the host user is root: the work directory is then handed to that user),
- memory (no swap on top), CPU and pids limits (:class:`ContainerLimits`; a spec's
  :class:`~alpseesaw.runners.spec.Resources` override memory and CPUs),
- a wall-clock timeout, after which the container is killed and removed,
- labels (:data:`LABEL_SESSION`, :data:`LABEL_OWNER`, ...) by which :func:`cleanup_leftovers`
  finds containers of runs whose process died (a crash or ``kill -9`` of alpseesaw),

and is removed afterwards: after success, failure, timeout, Ctrl-C; a warm container when its
runner is closed or the interpreter exits.

Cold and warm runs
    A cold run starts a fresh container for one command (about 0.2-0.3 s of overhead); with the
    image's ``alpseesaw-serve`` the command runs under ``alpseesaw-serve --run`` (PID 1 that
    reaps orphans and reports an OOM kill itself: not every engine does). With
    ``warm=True`` the runner keeps one long-lived container per work directory, whose process is
    the image's ``alpseesaw-serve`` (``containers/alpseesaw-serve.c``): commands are passed to it
    as argument files through two FIFOs in ``workdir/.alpseesaw-serve/`` and run with execvp, no
    shell, about 1 ms of overhead. Images without the server (no ``io.alpseesaw.serve`` label)
    fall back to cold runs, and so does a spec with Resources of its own (the limits of a running
    container are fixed).

Engine outages
    When the engine does not answer (stopped, restarting), :class:`EngineUnavailable` is raised;
    with ``engine_wait_s`` the runner instead waits that long for the engine to come back and
    reruns the command from the start (every command alpseesaw runs may be repeated: a point
    writes its own PARFILE, ``make`` and LanHEP rewrite their outputs).

The client is injectable (tests use fakes); by default it is ``docker.DockerClient(base_url)``
or ``docker.from_env()`` (``DOCKER_HOST``), e.g. ``unix:///run/user/1000/podman/podman.sock``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import select
import shutil
import socket
import threading
import time
import uuid
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self

from alpseesaw.errors import InputError, ToolRunError
from alpseesaw.runners.spec import Resources, RunResult, RunSpec, stderr_tail, write_inputs

log = logging.getLogger(__name__)

#: Where the work directory appears inside the container.
CONTAINER_WORKDIR = "/alpseesaw/work"
#: The user a container runs as when the host user is root (``nobody``).
FALLBACK_USER = "65534:65534"
#: The control directory of a warm container, inside its work directory.
SERVE_DIR = ".alpseesaw-serve"
#: Labels on every container alpseesaw starts.
LABEL_SESSION = "io.alpseesaw.session"  # one runner (or campaign): close/cleanup removes them all
LABEL_OWNER = "io.alpseesaw.owner"  # host:pid of the process that started it
LABEL_CALL = "io.alpseesaw.call"  # one cold run (found again after an interrupted create)
LABEL_TOOL = "io.alpseesaw.tool"
LABEL_MODE = "io.alpseesaw.mode"  # "cold" or "warm"
#: Image labels written by containers/micromegas.Dockerfile.
IMAGE_LABELS = {
    "micromegas_dir": "io.alpseesaw.micromegas.dir",
    "micromegas_version": "io.alpseesaw.micromegas.version",
    "lanhep": "io.alpseesaw.lanhep",
    "serve": "io.alpseesaw.serve",
}
#: The command that builds an image for the runner (named in the missing-image error).
BUILD_COMMAND = "alpseesaw image build --source micromegas_6.0.tgz --tag {image}"


class EngineUnavailable(ToolRunError):
    """Raised when the container engine does not answer (not reachable, stopped, restarting).

    Not a failure of the tool: the command may be repeated once the engine is back.
    """


class ContainerLost(ToolRunError):
    """Raised when a warm container stopped under a command while the engine kept answering
    (its server died, or the engine restarted between two checks); the runner retries once."""


class ImageNotFoundError(InputError):
    """Raised when the image is not present in the engine (the message names the build command)."""


@dataclass(frozen=True)
class ContainerLimits:
    """Limits of every container a runner starts (a spec's Resources override memory and CPUs).

    Attributes:
        memory_bytes: memory limit in bytes (swap is not allowed on top).
        cpus: CPUs (fractional allowed).
        pids: maximum number of processes and threads.
        tmpfs_bytes: size of the tmpfs on /tmp.
        open_files: maximum of open files per process (RLIMIT_NOFILE; set explicitly, since
            Podman's default raises it beyond what an unprivileged service may grant).
    """

    memory_bytes: int = 2 * 2**30
    cpus: float = 1.0
    pids: int = 512
    tmpfs_bytes: int = 512 * 2**20
    open_files: int = 4096

    def __post_init__(self) -> None:
        for name in ("memory_bytes", "cpus", "pids", "tmpfs_bytes", "open_files"):
            value = getattr(self, name)
            if not value > 0:
                msg = f"container limit {name} must be positive, got {value}"
                raise InputError(msg)


@dataclass(frozen=True)
class ImageTools:
    """What an image offers, from its labels (``None``: not labelled)."""

    image_id: str
    micromegas_dir: str | None = None
    micromegas_version: str | None = None
    lanhep: str | None = None
    serve: str | None = None


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


def _numeric_user(user: str) -> tuple[int, int] | None:
    uid, _, gid = user.partition(":")
    try:
        return int(uid), int(gid or uid)
    except ValueError:
        return None


def owner_label() -> str:
    """``host:pid`` of this process (the :data:`LABEL_OWNER` of the containers it starts)."""
    return f"{socket.gethostname()}:{os.getpid()}"


def _engine_error(exc: BaseException) -> bool:
    """True when ``exc`` means the engine did not answer (rather than refused a request)."""
    import docker
    import requests

    if isinstance(exc, requests.exceptions.ConnectionError | ConnectionError):
        return True
    if isinstance(exc, docker.errors.APIError):
        return False
    return isinstance(exc, docker.errors.DockerException) and "Connection" in str(exc)


def connect(base_url: str | None = None) -> Any:
    """A docker SDK client of the engine at ``base_url`` (default ``DOCKER_HOST``).

    Raises:
        EngineUnavailable: no engine configured or answering.
    """
    import docker

    try:
        return docker.DockerClient(base_url=base_url) if base_url else docker.from_env()
    except docker.errors.DockerException as exc:
        tool = "container"
        raise EngineUnavailable(
            tool,
            ["docker", "connect"],
            None,
            "",
            None,
            f"no container engine reachable ({base_url or 'DOCKER_HOST'}): {exc}",
        ) from exc


class ContainerRunner:
    """Execute a :class:`RunSpec` in a container of ``image`` (see the module docstring).

    Args:
        image: the image holding the tools (name:tag or id).
        client: a docker SDK client (default: created on first use from ``base_url`` or the
            environment, ``DOCKER_HOST``).
        base_url: the engine's socket, e.g. ``unix:///run/user/1000/podman/podman.sock``.
        user: ``uid:gid`` to run as (default :func:`default_user`); root is refused.
        env: environment variables set in every container (the spec's ``env`` is added).
        limits: memory, CPU, pids and tmpfs limits.
        warm: keep one long-lived container per work directory (needs the image's server).
        session: the :data:`LABEL_SESSION` of its containers (default: a new id); a campaign
            gives all its workers one session and removes them together.
        engine_wait_s: how long to wait for an unreachable engine before giving up (0: fail
            at once with EngineUnavailable).
        micromegas_dir, lanhep: the tools' paths inside the image (default: the image labels).
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
        limits: ContainerLimits | None = None,
        warm: bool = False,
        session: str | None = None,
        engine_wait_s: float = 0.0,
        micromegas_dir: str | None = None,
        lanhep: str | None = None,
    ) -> None:
        if not image or not image.strip():
            msg = "a container image is required"
            raise InputError(msg)
        if engine_wait_s < 0:
            msg = f"engine_wait_s must be >= 0, got {engine_wait_s}"
            raise InputError(msg)
        self.image = image
        self._client = client
        self._base_url = base_url
        self.user = _check_non_root(user if user is not None else default_user())
        self._env = {"HOME": "/tmp", **dict(env or {})}
        self.limits = limits or ContainerLimits()
        self.warm = warm
        self.session = session or uuid.uuid4().hex
        self.engine_wait_s = engine_wait_s
        self._micromegas_dir = micromegas_dir
        self._lanhep = lanhep
        self._tools: ImageTools | None = None
        self._lock = threading.Lock()
        self._warm: dict[Path, _WarmContainer] = {}
        self._orphans: list[str] = []  # ids of containers the engine could not remove yet
        # warm containers are removed at interpreter exit if close() was never called
        self._finalizer = weakref.finalize(self, _close_all, self._warm)

    # ------------------------------------------------------------------ engine and image

    @property
    def client(self) -> Any:
        """The docker SDK client (created on first use; leftovers of dead runs are removed)."""
        if self._client is None:
            client = connect(self._base_url)
            self._client = client
            with contextlib.suppress(Exception):
                cleanup_leftovers(client)
        return self._client

    @property
    def tools(self) -> ImageTools:
        """The image's id and labels (looked up once).

        Raises:
            ImageNotFoundError: the image is not in the engine (one line naming the build command).
            EngineUnavailable: the engine did not answer.
        """
        if self._tools is None:
            import docker
            import requests

            try:
                image = self.client.images.get(self.image)
            except requests.exceptions.ConnectionError as exc:
                raise self._unavailable(["docker", "image", "inspect", self.image], exc) from exc
            except docker.errors.ImageNotFound as exc:
                msg = (
                    f"container image {self.image!r} not found in the engine; build it with: "
                    + BUILD_COMMAND.format(image=self.image)
                )
                raise ImageNotFoundError(msg) from exc
            except docker.errors.DockerException as exc:
                if not _engine_error(exc):
                    raise ToolRunError(
                        "container",
                        ["docker", "image", "inspect", self.image],
                        None,
                        "",
                        None,
                        f"image not available: {exc}",
                    ) from exc
                raise self._unavailable(["docker", "image", "inspect", self.image], exc) from exc
            labels = dict(getattr(image, "labels", None) or {})
            self._tools = ImageTools(
                str(image.id), **{k: labels.get(v) for k, v in IMAGE_LABELS.items()}
            )
        return self._tools

    @property
    def micromegas_dir(self) -> str | None:
        """micrOMEGAs' root inside the image (given, else the image label)."""
        return self._micromegas_dir or self.tools.micromegas_dir

    @property
    def micromegas_version(self) -> str | None:
        """micrOMEGAs' version from the image label."""
        return self.tools.micromegas_version

    @property
    def lanhep(self) -> str | None:
        """The lhep executable inside the image (given, else the image label)."""
        return self._lanhep or self.tools.lanhep

    def tool_path(self, tool: str) -> str | None:
        """``micromegas`` -> :attr:`micromegas_dir`, ``lanhep`` -> :attr:`lanhep`, else None."""
        if tool == "micromegas":
            return self.micromegas_dir
        if tool == "lanhep":
            return self.lanhep
        return None

    def identity(self) -> str:
        """``container:<image id>`` (part of build-cache keys; a rebuilt image changes it)."""
        return f"container:{self.tools.image_id}"

    # ------------------------------------------------------------------ container settings

    def container_kwargs(
        self, spec: RunSpec, *, command: list[str] | None = None, mode: str = "cold"
    ) -> dict[str, Any]:
        """The keyword arguments of ``client.containers.run`` for ``spec`` (pure)."""
        memory = spec.resources.memory_bytes or self.limits.memory_bytes
        cpus = spec.resources.cpus or self.limits.cpus
        return {
            "image": self.image,
            "command": command if command is not None else list(spec.argv),
            "detach": True,
            "working_dir": CONTAINER_WORKDIR,
            "volumes": {str(spec.workdir.resolve()): {"bind": CONTAINER_WORKDIR, "mode": "rw"}},
            "environment": {**self._env, **spec.env},
            "user": self.user,
            "network_disabled": True,
            "network_mode": "none",
            "read_only": True,
            "tmpfs": {"/tmp": f"rw,nosuid,nodev,size={self.limits.tmpfs_bytes},mode=1777"},
            "cap_drop": ["ALL"],
            "security_opt": ["no-new-privileges"],
            "mem_limit": int(memory),
            "memswap_limit": int(memory),  # no swap on top
            "nano_cpus": int(cpus * 1e9),
            "pids_limit": int(self.limits.pids),
            # explicit: Podman's defaults exceed what an unprivileged service may grant
            "ulimits": [
                {"name": "nofile", "soft": self.limits.open_files, "hard": self.limits.open_files},
                {"name": "nproc", "soft": 8 * self.limits.pids, "hard": 8 * self.limits.pids},
            ],
            "labels": {
                LABEL_SESSION: self.session,
                LABEL_OWNER: owner_label(),
                LABEL_TOOL: spec.tool,
                LABEL_MODE: mode,
            },
            "stdin_open": False,
            "tty": False,
        }

    # ------------------------------------------------------------------ running

    def run(self, spec: RunSpec) -> RunResult:
        """Run ``spec`` in a container; return its result whatever the exit status.

        Raises:
            ImageNotFoundError: the image is missing.
            EngineUnavailable: the engine did not answer (within ``engine_wait_s``).
            ToolRunError: the container cannot be created, or the timeout expired (returncode
                None in both cases).
        """
        if not spec.workdir.is_dir():
            raise _not_run(spec, "work directory does not exist")
        deadline = time.monotonic() + self.engine_wait_s
        retry_lost = True
        while True:
            try:
                self.tools  # noqa: B018 - the image must exist (one-line error otherwise)
                write_inputs(spec.workdir, spec.inputs)
                # a run with limits of its own gets a container of its own
                if self.warm and self.tools.serve and spec.resources == Resources():
                    return self._warm_for(spec.workdir).run(spec)
                self._grant(spec.workdir)
                return self._run_cold(spec)
            except ContainerLost:
                if not retry_lost:
                    raise
                retry_lost = False
                log.warning("warm container stopped under a command; repeating it in a new one")
            except EngineUnavailable:
                if time.monotonic() >= deadline:
                    raise
                log.warning("container engine unreachable; waiting for it to come back")
                self._wait_for_engine(deadline)

    def _wait_for_engine(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            time.sleep(min(2.0, max(0.0, deadline - time.monotonic())))
            try:
                self.client.ping()
            except Exception:  # noqa: BLE001,S112 - still down
                continue
            log.warning("container engine is back; repeating the interrupted command")
            self._remove_orphans()
            return

    def _remove(self, container: Any) -> None:
        """Remove a container; if the engine cannot now, remember it for when it is back."""
        try:
            container.remove(force=True)
        except Exception as exc:  # noqa: BLE001 - cleanup must not mask the real error
            if _engine_error(exc):
                self._orphans.append(str(container.id))

    def _remove_orphans(self) -> None:
        import docker

        for cid in list(self._orphans):
            try:
                self.client.containers.get(cid).remove(force=True)
            except docker.errors.NotFound:
                pass
            except Exception:  # noqa: BLE001,S112 - try again next time
                continue
            self._orphans.remove(cid)

    def _unavailable(
        self, argv: list[str] | tuple[str, ...], exc: BaseException
    ) -> EngineUnavailable:
        return EngineUnavailable(
            "container", argv, None, "", None, f"container engine did not answer: {exc}"
        )

    def _grant(self, workdir: Path) -> None:
        """When alpseesaw runs as root, hand the work directory to the (non-root) container user."""
        ids = _numeric_user(self.user)
        if os.getuid() != 0 or ids is None:
            return
        uid, gid = ids

        def give(path: Path) -> None:
            with contextlib.suppress(OSError):
                st = path.lstat()
                if st.st_uid != uid or st.st_gid != gid:
                    os.lchown(path, uid, gid)

        give(workdir)
        for root, dirs, files in os.walk(workdir):
            for name in (*dirs, *files):
                give(Path(root) / name)

    def _run_cold(self, spec: RunSpec) -> RunResult:
        import requests

        start = time.perf_counter()
        command = None
        oom_file = spec.workdir / f".alpseesaw-oom-{uuid.uuid4().hex}"
        if self.tools.serve:  # as PID 1: reaps orphans, and tells of OOM kills by a file
            command = [self.tools.serve, "--run", oom_file.name, "--", *spec.argv]
        container = self._start(spec, self.container_kwargs(spec, command=command), "a container")
        try:
            try:
                status = container.wait(timeout=spec.timeout_s)
            except (requests.exceptions.RequestException, TimeoutError) as exc:
                if not _is_read_timeout(exc):
                    raise self._unavailable(spec.argv, exc) from exc
                _quietly(container.kill)
                stderr = _logs(container, stdout=False, stderr=True)
                raise _timeout_error(spec, stderr, self.image) from exc
            try:
                stdout = _logs(container, stdout=True, stderr=False)
                stderr = _logs(container, stdout=False, stderr=True)
                oom = _oom_killed(container)
            except requests.exceptions.ConnectionError as exc:
                raise self._unavailable(spec.argv, exc) from exc
            code = int(status.get("StatusCode", -1)) if isinstance(status, Mapping) else -1
        finally:
            self._remove(container)
            if oom_file.exists():
                oom = True
                oom_file.unlink()
        return _result(spec, code, stdout, stderr, start, oom=oom, limits=self.limits)

    def _start(self, spec: RunSpec, kwargs: dict[str, Any], what: str) -> Any:
        """``containers.run(**kwargs)``; a container the engine made but could not start (or
        made while we were interrupted) is found by its call label and removed."""
        import docker
        import requests

        call = uuid.uuid4().hex
        kwargs["labels"][LABEL_CALL] = call
        try:
            return self.client.containers.run(**kwargs)
        except docker.errors.ImageNotFound as exc:
            self._tools = None
            msg = (
                f"container image {self.image!r} not found in the engine; build it with: "
                + BUILD_COMMAND.format(image=self.image)
            )
            raise ImageNotFoundError(msg) from exc
        except requests.exceptions.ConnectionError as exc:
            self._remove_call(call)
            raise self._unavailable(spec.argv, exc) from exc
        except docker.errors.DockerException as exc:
            self._remove_call(call)
            if _engine_error(exc):
                raise self._unavailable(spec.argv, exc) from exc
            raise _not_run(spec, f"cannot start {what} of {self.image}: {exc}") from exc
        except BaseException:  # Ctrl-C while the engine creates it
            self._remove_call(call)
            raise

    def _remove_call(self, call: str) -> None:
        with contextlib.suppress(Exception):
            flt = {"label": f"{LABEL_CALL}={call}"}
            for c in self.client.containers.list(all=True, filters=flt, sparse=True):
                c.remove(force=True)

    def _warm_for(self, workdir: Path) -> _WarmContainer:
        key = workdir.resolve()
        with self._lock:
            warm = self._warm.get(key)
            if warm is None:
                warm = self._warm[key] = _WarmContainer(self, key)
            return warm

    def close(self) -> None:
        """Remove this runner's warm containers (idempotent)."""
        with self._lock:
            _close_all(self._warm)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _close_all(warm: dict[Path, _WarmContainer]) -> None:
    for w in list(warm.values()):
        w.close()
    warm.clear()


class _WarmContainer:
    """One long-lived container bound to one work directory, running ``alpseesaw-serve``."""

    def __init__(self, runner: ContainerRunner, workdir: Path) -> None:
        self.runner = runner
        self.workdir = workdir
        self.control = workdir / SERVE_DIR
        self.container: Any = None
        self._fds: tuple[int, int] | None = None
        self._buffer = b""
        self._lock = threading.Lock()

    def _start(self, spec: RunSpec) -> None:
        self.close()
        shutil.rmtree(self.control, ignore_errors=True)
        self.control.mkdir(parents=True)
        for name in ("requests", "replies"):
            os.mkfifo(self.control / name, 0o600)
        self.runner._grant(self.workdir)
        serve = self.runner.tools.serve
        assert serve is not None
        kwargs = self.runner.container_kwargs(spec, command=[serve, SERVE_DIR], mode="warm")
        kwargs["environment"] = {**self.runner._env}  # per-command env goes with each request
        self.container = self.runner._start(spec, kwargs, "a warm container")
        # O_RDWR: opening a FIFO this way never blocks and never sees end-of-file
        self._fds = (
            os.open(self.control / "requests", os.O_RDWR),
            os.open(self.control / "replies", os.O_RDWR | os.O_NONBLOCK),
        )
        self._buffer = b""

    def run(self, spec: RunSpec) -> RunResult:
        with self._lock:
            if self.container is None:
                self._start(spec)
            try:
                return self._request(spec)
            except BaseException:
                self.close()  # timeout, engine gone, Ctrl-C: this container is done
                raise

    def _request(self, spec: RunSpec) -> RunResult:
        assert self._fds is not None
        requests_fd, replies_fd = self._fds
        rid = uuid.uuid4().hex
        files = {ext: self.control / f"{rid}.{ext}" for ext in ("argv", "env", "out", "err")}
        files["argv"].write_bytes(b"".join(a.encode() + b"\0" for a in spec.argv))
        if spec.env:
            files["env"].write_bytes(
                b"".join(f"{k}={v}".encode() + b"\0" for k, v in spec.env.items())
            )
        start = time.perf_counter()
        deadline = None if spec.timeout_s is None else time.monotonic() + spec.timeout_s
        os.write(requests_fd, f"{rid}\n".encode())
        next_check = time.monotonic() + 1.0
        try:
            while True:
                line = self._reply_line(rid)
                if line is not None:
                    break
                now = time.monotonic()
                if deadline is not None and now >= deadline:
                    stderr = _read_text(files["err"])
                    raise _timeout_error(spec, stderr, self.runner.image)
                if now >= next_check:
                    self._check_alive(spec)
                    next_check = now + 1.0
                wait = 0.5 if deadline is None else max(0.0, min(0.5, deadline - now))
                select.select([replies_fd], [], [], wait)
            parts = line.split()
            stdout, stderr = _read_text(files["out"]), _read_text(files["err"])
        finally:
            for path in files.values():
                path.unlink(missing_ok=True)
        if len(parts) >= 2 and parts[1] == "error":
            raise _not_run(spec, "warm container: " + " ".join(parts[2:]))
        kind, value, oom = parts[1], int(parts[2]), parts[4] == "1"
        code = -value if kind == "signal" else value
        return _result(spec, code, stdout, stderr, start, oom=oom, limits=self.runner.limits)

    def _reply_line(self, rid: str) -> str | None:
        assert self._fds is not None
        with contextlib.suppress(BlockingIOError):
            while chunk := os.read(self._fds[1], 65536):
                self._buffer += chunk
        while b"\n" in self._buffer:
            raw, self._buffer = self._buffer.split(b"\n", 1)
            line = raw.decode("utf-8", errors="replace")
            if line.startswith((rid + " ", "- ")):
                return line if line.startswith(rid) else f"{rid} error {line[2:]}"
        return None

    def _check_alive(self, spec: RunSpec) -> None:
        import requests

        try:
            self.container.reload()
        except requests.exceptions.ConnectionError as exc:
            raise self.runner._unavailable(spec.argv, exc) from exc
        except Exception as exc:
            if _engine_error(exc):
                raise self.runner._unavailable(spec.argv, exc) from exc
            # the container is gone: removed behind our back
            raise ContainerLost(
                "container",
                spec.argv,
                None,
                "",
                str(spec.workdir),
                f"warm container vanished: {exc}",
            ) from exc
        state = self.container.attrs.get("State", {})
        if state.get("Status") != "running":
            # the engine was restarted (it stops containers) or the server died
            logs = _quietly_value(lambda: _logs(self.container, stdout=False, stderr=True), "")
            why = "out of memory: " if state.get("OOMKilled") else ""
            raise ContainerLost(
                "container",
                spec.argv,
                None,
                stderr_tail(logs),
                str(spec.workdir),
                f"{why}warm container stopped (status {state.get('Status')}, "
                f"exit code {state.get('ExitCode')})",
            )

    def close(self) -> None:
        if self._fds is not None:
            for fd in self._fds:
                with contextlib.suppress(OSError):
                    os.close(fd)
            self._fds = None
        if self.container is not None:
            container, self.container = self.container, None
            self.runner._remove(container)
        shutil.rmtree(self.control, ignore_errors=True)


# --------------------------------------------------------------------------- leftovers


def cleanup_leftovers(
    client: Any, *, session: str | None = None, everything: bool = False
) -> list[str]:
    """Remove containers alpseesaw left behind; return their names.

    By default: containers whose owning process (:data:`LABEL_OWNER`) was on this host and is
    gone. With ``session``: every container of that session. With ``everything``: every
    container carrying alpseesaw's labels. (A sparse listing: no container is inspected, so one
    removed meanwhile by its owner is no error.)
    """
    filters = {"label": f"{LABEL_SESSION}={session}" if session else LABEL_SESSION}
    removed = []
    for container in client.containers.list(all=True, filters=filters, sparse=True):
        attrs = container.attrs or {}
        labels = attrs.get("Labels") or {}
        if not (everything or session) and _owner_alive(labels.get(LABEL_OWNER, "")):
            continue
        with contextlib.suppress(Exception):
            container.remove(force=True)
            removed.append(str((attrs.get("Names") or [container.id])[0]).lstrip("/"))
    return removed


def _owner_alive(owner: str) -> bool:
    host, _, pid = owner.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return True  # another machine's, or unlabelled: not ours to judge
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# --------------------------------------------------------------------------- helpers


def _is_read_timeout(exc: BaseException) -> bool:
    """True when ``exc`` (or what caused it) is a read timeout of the engine's HTTP API: the
    docker SDK reports ``wait(timeout=...)`` expiring as a requests ConnectionError around
    urllib3's ReadTimeoutError, an engine that went away as a ConnectionError without one."""
    import requests
    import urllib3

    seen: BaseException | None = exc
    for _ in range(8):
        if seen is None:
            return False
        if isinstance(
            seen,
            requests.exceptions.ReadTimeout | urllib3.exceptions.ReadTimeoutError | TimeoutError,
        ):
            return True
        if any(
            isinstance(a, urllib3.exceptions.ReadTimeoutError) for a in getattr(seen, "args", ())
        ):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _result(
    spec: RunSpec,
    code: int,
    stdout: str,
    stderr: str,
    start: float,
    *,
    oom: bool,
    limits: ContainerLimits,
) -> RunResult:
    """The RunResult of a finished command; an OOM kill (of a command that failed) is named."""
    oom = oom and code != 0
    if oom:
        stderr += _oom_note(spec, limits)
    return RunResult(
        spec=spec,
        returncode=code,
        stdout=stdout,
        stderr=stderr,
        duration_s=time.perf_counter() - start,
        oom_killed=oom,
    )


def _not_run(spec: RunSpec, reason: str) -> ToolRunError:
    """The error of a command that could not be run (returncode None)."""
    return ToolRunError(spec.tool, spec.argv, None, "", str(spec.workdir), reason)


def _timeout_error(spec: RunSpec, stderr: str, image: str) -> ToolRunError:
    return ToolRunError(
        spec.tool,
        spec.argv,
        None,
        stderr_tail(stderr),
        str(spec.workdir),
        f"timed out after {spec.timeout_s:g} s in container {image} (killed and removed)",
    )


def _oom_note(spec: RunSpec, limits: ContainerLimits) -> str:
    memory = spec.resources.memory_bytes or limits.memory_bytes
    return f"\n[alpseesaw] out of memory: killed at the container's limit of {memory / 2**20:g} MiB"


def _read_text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8", errors="replace")
    except OSError:
        return ""


def _logs(container: Any, *, stdout: bool, stderr: bool) -> str:
    data = container.logs(stdout=stdout, stderr=stderr)
    return data.decode("utf-8", errors="replace") if isinstance(data, bytes) else str(data)


def _oom_killed(container: Any) -> bool:
    import requests

    try:
        container.reload()
    except requests.exceptions.ConnectionError:
        raise
    except Exception:  # noqa: BLE001 - a diagnostic only
        return False
    return bool(container.attrs.get("State", {}).get("OOMKilled", False))


def _quietly(action: Callable[[], object]) -> None:
    """Run a cleanup action; its failure must not mask the real error."""
    with contextlib.suppress(Exception):
        action()


def _quietly_value(action: Callable[[], str], default: str) -> str:
    try:
        return action()
    except Exception:  # noqa: BLE001 - a diagnostic only
        return default
