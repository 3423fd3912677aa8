"""The exception hierarchy of alpseesaw.

Catch :class:`AlpseesawError` to catch everything the package raises on purpose.
:class:`InputError` and its subclasses mean *the user's input is wrong*: the command-line
interface turns them into a one-line message on stderr and exit code 2.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence


class AlpseesawError(Exception):
    """Base class of every exception alpseesaw raises deliberately."""


class InputError(AlpseesawError):
    """Raised when user input (a card, an override, a command-line value) is invalid."""


class ParameterError(InputError):
    """Raised when a parameter is unknown or its value lies outside its allowed range.

    The message names the parameter, the offending value and what is allowed.
    """

    def __init__(self, name: str, value: object, allowed: str, reason: str = "") -> None:
        self.name = name
        self.value = value
        self.allowed = allowed
        self.reason = reason
        why = f" ({reason})" if reason else ""
        super().__init__(f"parameter {name!r} = {value!r} is invalid{why}; allowed: {allowed}")


class CardError(InputError):
    """Raised when a parameter card (SLHA-style) cannot be parsed.

    The message names the file and line.
    """


class ModelError(AlpseesawError):
    """Raised when the model itself is inconsistent (a programming error in the model definition)."""


class ModelCheckError(ModelError):
    """Raised by ``CheckReport.raise_on_failure`` when one or more model checks fail."""

    def __init__(self, failures: Sequence[str]) -> None:
        self.failures = tuple(failures)
        super().__init__("model checks failed:\n  " + "\n  ".join(self.failures))


class GenerationError(AlpseesawError):
    """Raised when a model file cannot be generated (a name too long, an unprintable expression)."""


class OutputExistsError(InputError):
    """Raised when an output directory is not empty and overwriting was not requested."""


class ToolRunError(AlpseesawError):
    """Raised when an external tool (LanHEP, micrOMEGAs, a container) fails.

    Carries the tool name, the argv, the exit code (``None`` for a timeout or a tool that
    could not be started), the end of its stderr and the working directory.
    """

    def __init__(
        self,
        tool: str,
        argv: Sequence[str],
        returncode: int | None,
        stderr_tail: str = "",
        workdir: str | None = None,
        reason: str = "",
    ) -> None:
        self.tool = tool
        self.argv = tuple(str(a) for a in argv)
        self.returncode = returncode
        self.stderr_tail = stderr_tail
        self.workdir = workdir
        self.reason = reason
        status = "could not be run" if returncode is None else f"exited with status {returncode}"
        if self.argv:
            msg = f"{tool}: command {' '.join(self.argv)!r} {status}"
            if reason:
                msg += f": {reason}"
        else:  # nothing was run (the tool was not found): the reason says it all
            msg = f"{tool}: {reason or status}"
        if stderr_tail:
            msg += f"\n--- end of stderr ---\n{stderr_tail}"
        super().__init__(msg)


class ToolNotFoundError(ToolRunError, InputError):
    """Raised when a tool is not installed where alpseesaw was told to look (``MICROMEGAS_DIR``,
    ``LANHEP``, ``--micromegas-dir``): a setup error of the user, so exit 2 on the command line.
    The message names the tool and how to point alpseesaw at it."""

    def __init__(self, tool: str, reason: str, workdir: str | None = None) -> None:
        super().__init__(tool, (), None, "", workdir, reason)
