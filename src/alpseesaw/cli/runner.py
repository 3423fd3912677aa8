"""The one switch of every command that runs a tool: ``--runner {local,container} --image TAG``.

Also from the environment: ``ALPSEESAW_RUNNER``, ``ALPSEESAW_IMAGE``, ``ALPSEESAW_ENGINE_URL``
(the engine's socket, default ``DOCKER_HOST``; e.g. Podman's
``unix:///run/user/1000/podman/podman.sock``). ``--memory`` and ``--cpus`` limit each container.
"""

from __future__ import annotations

import contextlib
import signal
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import click

from alpseesaw.errors import ParameterError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from alpseesaw.runners.spec import Runner

#: What the runner options give a command.
RUNNER_PARAMS = ("runner", "image", "engine_url", "memory_gb", "cpus")


@dataclass(frozen=True)
class RunnerChoice:
    """The runner options of one command (kind ``local`` or ``container``)."""

    kind: str = "local"
    image: str | None = None
    engine_url: str | None = None
    memory_gb: float | None = None
    cpus: float | None = None

    def __post_init__(self) -> None:
        if self.kind == "container" and not self.image:
            raise ParameterError(
                "image", self.image, "a container image (--image TAG or ALPSEESAW_IMAGE)"
            )
        for name in ("memory_gb", "cpus"):
            value = getattr(self, name)
            if value is not None and not value > 0:
                raise ParameterError(name.replace("_gb", ""), value, "a positive number")

    @property
    def memory_bytes(self) -> int | None:
        """The memory limit in bytes (None: the runner's default)."""
        return None if self.memory_gb is None else int(self.memory_gb * 2**30)

    def make(self, *, warm: bool = False) -> Runner:
        """A new runner (a ContainerRunner with the options' limits, or a LocalRunner)."""
        from alpseesaw.runners import ContainerRunner, LocalRunner
        from alpseesaw.runners.container import ContainerLimits

        if self.kind == "local":
            return LocalRunner()
        assert self.image is not None
        defaults = ContainerLimits()
        limits = ContainerLimits(
            memory_bytes=self.memory_bytes or defaults.memory_bytes,
            cpus=self.cpus or defaults.cpus,
        )
        return ContainerRunner(self.image, base_url=self.engine_url, limits=limits, warm=warm)


def runner_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--runner``, ``--image``, ``--engine-url``, ``--memory``, ``--cpus`` to a command."""
    options = [
        click.option(
            "--runner",
            "runner",
            type=click.Choice(["local", "container"]),
            default="local",
            show_default=True,
            envvar="ALPSEESAW_RUNNER",
            help="Run the tools (LanHEP, the micrOMEGAs build and points) as local processes or "
            "in containers of --image [env ALPSEESAW_RUNNER].",
        ),
        click.option(
            "--image",
            default=None,
            envvar="ALPSEESAW_IMAGE",
            metavar="TAG",
            help="Tool image for --runner container, made by 'alpseesaw image build' "
            "[env ALPSEESAW_IMAGE].",
        ),
        click.option(
            "--engine-url",
            default=None,
            envvar="ALPSEESAW_ENGINE_URL",
            metavar="URL",
            help="Container engine socket, e.g. unix:///run/user/1000/podman/podman.sock "
            "[default: DOCKER_HOST].",
        ),
        click.option(
            "--memory",
            "memory_gb",
            type=float,
            default=None,
            metavar="GB",
            help="Memory limit of each container in GiB [default: 2].",
        ),
        click.option(
            "--cpus", type=float, default=None, help="CPU limit of each container [default: 1]."
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def runner_choice(kwargs: dict[str, Any]) -> RunnerChoice:
    """Take the runner options out of a command's keyword arguments."""
    return RunnerChoice(*(kwargs.pop(name) for name in RUNNER_PARAMS))


@contextlib.contextmanager
def closing_runner(runner: Runner) -> Iterator[Runner]:
    """Close the runner's containers at the end, also on SIGTERM (turned into SystemExit)."""
    previous = signal.getsignal(signal.SIGTERM)

    def terminate(signum: int, _frame: object) -> None:
        sys.exit(128 + signum)

    with contextlib.suppress(ValueError):  # not the main thread: no handler
        signal.signal(signal.SIGTERM, terminate)
    try:
        yield runner
    finally:
        close = getattr(runner, "close", None)
        if close is not None:
            close()
        with contextlib.suppress(ValueError, TypeError):
            signal.signal(signal.SIGTERM, previous)
