"""Run tools as local subprocesses: argv lists, no shell, a wall-clock timeout.

On a timeout the whole process group of the tool is killed (micrOMEGAs starts compilers and
shells of its own), and :class:`~alpseesaw.errors.ToolRunError` is raised with ``returncode``
``None``. Memory and CPU limits of :class:`~alpseesaw.runners.spec.Resources` are not enforced
locally (use the ContainerRunner for that).
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from typing import TYPE_CHECKING

from alpseesaw.errors import ToolRunError
from alpseesaw.runners.spec import RunResult, RunSpec, stderr_tail, write_inputs

if TYPE_CHECKING:
    from collections.abc import Mapping


class LocalRunner:
    """Execute a :class:`RunSpec` with :mod:`subprocess` on this machine.

    Args:
        base_env: the environment the tools start from (default: this process's environment).
    """

    name = "local"
    #: Tools are found and checked on this machine (paths in argv are host paths).
    runs_on_host = True

    def __init__(self, base_env: Mapping[str, str] | None = None) -> None:
        self._base_env = dict(os.environ if base_env is None else base_env)

    def identity(self) -> str:
        """A string naming where tools run (part of build-cache keys)."""
        return "local"

    def tool_path(self, tool: str) -> str | None:
        """None: local tools are looked up on this machine (MICROMEGAS_DIR, LANHEP, PATH)."""
        del tool
        return None

    def run(self, spec: RunSpec) -> RunResult:
        """Run ``spec``; return its result whatever the exit status.

        Raises:
            ToolRunError: the executable cannot be started (returncode None), or the timeout
                expired (returncode None, reason "timed out after ... s").
        """
        workdir = spec.workdir
        if not workdir.is_dir():
            raise ToolRunError(
                spec.tool, spec.argv, None, "", str(workdir), "work directory does not exist"
            )
        write_inputs(workdir, spec.inputs)
        env = {**self._base_env, **spec.env}
        start = time.perf_counter()
        try:
            proc = subprocess.Popen(  # an argv list, never a shell
                list(spec.argv),
                cwd=workdir,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                start_new_session=True,
            )
        except OSError as exc:
            raise ToolRunError(
                spec.tool, spec.argv, None, "", str(workdir), f"cannot start: {exc.strerror or exc}"
            ) from exc
        try:
            out, err = proc.communicate(timeout=spec.timeout_s)
        except subprocess.TimeoutExpired as exc:
            _kill_group(proc)
            out, err = proc.communicate()
            raise ToolRunError(
                spec.tool,
                spec.argv,
                None,
                stderr_tail(_decode(err)),
                str(workdir),
                f"timed out after {spec.timeout_s} s",
            ) from exc
        except BaseException:
            _kill_group(proc)
            proc.communicate()
            raise
        return RunResult(
            spec=spec,
            returncode=proc.returncode,
            stdout=_decode(out),
            stderr=_decode(err),
            duration_s=time.perf_counter() - start,
        )


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    """Kill the process group led by ``proc`` (started with start_new_session=True)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:  # already gone
        pass
    except PermissionError:  # pragma: no cover - not our group after all
        proc.kill()


def _decode(data: bytes | None) -> str:
    return (data or b"").decode("utf-8", errors="replace")
