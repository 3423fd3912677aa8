"""What to run, and what came back: :class:`RunSpec` and :class:`RunResult` (both frozen).

A :class:`RunSpec` is backend-neutral: ``argv`` is run with ``workdir`` as its working directory,
after the ``inputs`` (relative path -> text or bytes) have been written there. Paths inside
``argv`` should be relative to ``workdir`` so that the same spec runs locally and in a container
(where ``workdir`` is mounted at another path).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import TYPE_CHECKING, Protocol

from alpseesaw.errors import InputError, ToolRunError
from alpseesaw.files import write_files

if TYPE_CHECKING:
    from collections.abc import Mapping

#: How much of the end of stderr a ToolRunError carries (characters).
STDERR_TAIL_CHARS = 4000


@dataclass(frozen=True)
class Resources:
    """Limits for one run. ``None`` means no limit.

    Attributes:
        memory_bytes: memory limit in bytes (enforced by the ContainerRunner).
        cpus: number of CPUs (fractional allowed; enforced by the ContainerRunner).
    """

    memory_bytes: int | None = None
    cpus: float | None = None

    def __post_init__(self) -> None:
        if self.memory_bytes is not None and self.memory_bytes <= 0:
            msg = f"memory limit must be positive, got {self.memory_bytes} bytes"
            raise InputError(msg)
        if self.cpus is not None and self.cpus <= 0:
            msg = f"cpu limit must be positive, got {self.cpus}"
            raise InputError(msg)


@dataclass(frozen=True)
class RunSpec:
    """One invocation of an external tool.

    Attributes:
        tool: a label for messages and errors (``"micromegas"``, ``"lanhep"``, ``"make"``).
        argv: the command; ``argv[0]`` is an executable name or a path (relative to workdir
            or absolute). Never run through a shell.
        workdir: the working directory (on the host).
        inputs: files to write into ``workdir`` before the run (relative POSIX path -> content).
        env: extra environment variables (added to the runner's base environment).
        timeout_s: wall-clock limit in seconds (``None``: none).
        resources: memory and CPU limits.
    """

    tool: str
    argv: tuple[str, ...]
    workdir: Path
    inputs: Mapping[str, str | bytes] = field(default_factory=dict)
    env: Mapping[str, str] = field(default_factory=dict)
    timeout_s: float | None = None
    resources: Resources = field(default_factory=Resources)

    def __post_init__(self) -> None:
        argv = tuple(str(a) for a in self.argv)
        if not argv or not argv[0]:
            msg = f"{self.tool}: empty command"
            raise InputError(msg)
        object.__setattr__(self, "argv", argv)
        object.__setattr__(self, "workdir", Path(self.workdir))
        for rel in self.inputs:
            _check_relative(rel)
        object.__setattr__(self, "inputs", MappingProxyType(dict(self.inputs)))
        object.__setattr__(
            self, "env", MappingProxyType({str(k): str(v) for k, v in self.env.items()})
        )
        if self.timeout_s is not None and not self.timeout_s > 0:
            msg = f"{self.tool}: timeout must be positive, got {self.timeout_s} s"
            raise InputError(msg)


@dataclass(frozen=True)
class RunResult:
    """The outcome of a run that started and ended by itself (not a timeout).

    ``returncode`` follows subprocess: negative for death by a signal. ``oom_killed`` is True
    when the run was killed at its memory limit (known in containers only).
    """

    spec: RunSpec
    returncode: int
    stdout: str
    stderr: str
    duration_s: float
    oom_killed: bool = False

    @property
    def ok(self) -> bool:
        """True when the tool exited with status 0."""
        return self.returncode == 0

    def error(self, reason: str = "") -> ToolRunError:
        """A ToolRunError describing this run (for the caller to raise); an out-of-memory kill
        comes first in its reason."""
        if self.oom_killed:
            reason = "out of memory (killed at its memory limit)" + (
                f"; {reason}" if reason else ""
            )
        return ToolRunError(
            self.spec.tool,
            self.spec.argv,
            self.returncode,
            stderr_tail(self.stderr),
            str(self.spec.workdir),
            reason,
        )

    def check(self) -> RunResult:
        """Return self if the tool exited with 0, else raise ToolRunError."""
        if not self.ok:
            raise self.error()
        return self


def stderr_tail(text: str, limit: int = STDERR_TAIL_CHARS) -> str:
    """The last ``limit`` characters of ``text`` (whole lines where possible)."""
    if len(text) <= limit:
        return text
    tail = text[-limit:]
    newline = tail.find("\n")
    return tail[newline + 1 :] if 0 <= newline < limit // 2 else tail


def _check_relative(rel: str) -> None:
    path = PurePosixPath(rel)
    if not rel or path.is_absolute() or ".." in path.parts or "\\" in rel:
        msg = f"input file name {rel!r} must be a relative path inside the work directory"
        raise InputError(msg)


def write_inputs(workdir: Path, inputs: Mapping[str, str | bytes]) -> None:
    """Write ``inputs`` into ``workdir``, each file atomically."""
    for rel in inputs:
        _check_relative(rel)
    write_files(inputs, workdir)


class Runner(Protocol):
    """The one interface of the backends (LocalRunner, ContainerRunner).

    ``run`` executes a spec and returns its result whatever the exit status; it raises
    ToolRunError only when the tool could not be started or timed out. ``runs_on_host`` tells
    drivers whether tool paths are looked up on this machine; ``identity`` names the execution
    environment for build-cache keys; ``tool_path`` says where a tool is when that is not this
    machine's business (a container image).
    """

    name: str
    runs_on_host: bool

    def identity(self) -> str: ...

    def tool_path(self, tool: str) -> str | None:
        """Where ``tool`` (``"micromegas"``: its root, ``"lanhep"``: lhep) is in the runner's
        environment, when the runner knows (an image label); None otherwise."""
        ...

    def run(self, spec: RunSpec) -> RunResult: ...
