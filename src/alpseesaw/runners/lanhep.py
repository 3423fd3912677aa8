"""Drive LanHEP: run ``lhep`` on model sources in a scratch directory and return its files.

``lhep`` is found through ``$LANHEP`` (the executable), else
``$MICROMEGAS_DIR/Packages/LanHEP/lhep``, else ``lhep`` on ``PATH``. LanHEP exits with status 0
even when it reports errors, so its messages are parsed
(:func:`~alpseesaw.runners.parsers.parse_lanhep_output`) and any error raises
:class:`~alpseesaw.errors.ToolRunError`.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from alpseesaw.errors import InputError, ToolNotFoundError, ToolRunError
from alpseesaw.runners.local import LocalRunner
from alpseesaw.runners.parsers import LanhepReport, parse_lanhep_output
from alpseesaw.runners.spec import Runner, RunSpec, stderr_tail

if TYPE_CHECKING:
    from collections.abc import Mapping

#: lhep's command-line switch for each output format.
FORMAT_FLAGS: Mapping[str, str] = {
    "calchep": "-ca",
    "ufo": "-ufo",
    "feynarts": "-fa",
    "tex": "-tex",
}
LANHEP_TIMEOUT_S = 120.0


@dataclass(frozen=True)
class LanhepOutput:
    """The files LanHEP wrote (relative path -> text) and what it reported."""

    files: Mapping[str, str]
    report: LanhepReport
    stdout: str


def find_lhep(lhep: str | os.PathLike[str] | None = None) -> Path:
    """The LanHEP executable: ``lhep``, ``$LANHEP``, ``$MICROMEGAS_DIR/Packages/LanHEP/lhep``
    or ``lhep`` on PATH.

    Raises:
        ToolNotFoundError: none of them is an executable file.
    """
    candidates: list[tuple[str, str]] = []
    if lhep is not None:
        candidates.append(("argument", str(lhep)))
    if env := os.environ.get("LANHEP"):
        candidates.append(("LANHEP", env))
    if mo := os.environ.get("MICROMEGAS_DIR"):
        candidates.append(("MICROMEGAS_DIR", str(Path(mo) / "Packages" / "LanHEP" / "lhep")))
    if on_path := shutil.which("lhep"):
        candidates.append(("PATH", on_path))
    for _, path in candidates:
        p = Path(path).expanduser()
        if p.is_file() and os.access(p, os.X_OK):
            return p.resolve()
    tried = ", ".join(f"{src}={path}" for src, path in candidates) or "nothing"
    raise ToolNotFoundError(
        "lanhep",
        f"LanHEP not found (tried {tried}): set LANHEP to the lhep executable or MICROMEGAS_DIR "
        "to a compiled micrOMEGAs (see README, 'Installing micrOMEGAs and LanHEP')",
    )


def run_lanhep(
    sources: Mapping[str, str],
    main_file: str,
    *,
    output: str = "calchep",
    lhep: str | os.PathLike[str] | None = None,
    runner: Runner | None = None,
    timeout_s: float = LANHEP_TIMEOUT_S,
    workdir: str | os.PathLike[str] | None = None,
) -> LanhepOutput:
    """Run ``lhep <flag> main_file`` on ``sources`` and return the files it wrote.

    Args:
        sources: LanHEP input files (relative name -> text); ``main_file`` must be one of them.
        main_file: the file given to lhep (it may ``read`` the others).
        output: ``"calchep"`` (``-ca``: vars1.mdl func1.mdl prtcls1.mdl lgrng1.mdl), ``"ufo"``,
            ``"feynarts"`` or ``"tex"``.
        lhep: the executable (default :func:`find_lhep`; for a container runner, its path
            inside the image, by default the runner's ``tool_path("lanhep")``).
        runner: LocalRunner (default) or ContainerRunner.
        timeout_s: time limit in seconds.
        workdir: run there instead of a fresh temporary directory (kept afterwards).

    Raises:
        ToolRunError: LanHEP missing, reported errors, crashed or timed out.
    """
    if output not in FORMAT_FLAGS:
        msg = f"unknown LanHEP output {output!r}; one of {sorted(FORMAT_FLAGS)}"
        raise InputError(msg)
    if main_file not in sources:
        msg = f"main file {main_file!r} is not among the sources {sorted(sources)}"
        raise InputError(msg)
    runner = runner or LocalRunner()
    if runner.runs_on_host:
        exe = str(find_lhep(lhep))
    elif (inside := lhep if lhep is not None else runner.tool_path("lanhep")) is None:
        msg = f"give lhep (its path inside the image) for the {runner.name} runner"
        raise InputError(msg)
    else:
        exe = str(inside)
    argv = (exe, FORMAT_FLAGS[output], main_file)
    if workdir is not None:
        Path(workdir).mkdir(parents=True, exist_ok=True)
        return _run_in(Path(workdir), sources, argv, runner, timeout_s)
    with tempfile.TemporaryDirectory(prefix="alpseesaw-lanhep-") as tmp:
        return _run_in(Path(tmp), sources, argv, runner, timeout_s)


def _run_in(
    workdir: Path,
    sources: Mapping[str, str],
    argv: tuple[str, ...],
    runner: Runner,
    timeout_s: float,
) -> LanhepOutput:
    result = runner.run(RunSpec("lanhep", argv, workdir, inputs=sources, timeout_s=timeout_s))
    report = parse_lanhep_output(result.stdout + "\n" + result.stderr)
    if not result.ok or not report.ok:
        reason = "; ".join(str(e) for e in report.errors[:5]) or "LanHEP failed"
        raise ToolRunError(
            "lanhep",
            argv,
            result.returncode,
            stderr_tail((result.stderr + "\n" + result.stdout).strip()),
            str(workdir),
            reason,
        )
    files = {}
    for path in sorted(workdir.rglob("*")):
        rel = path.relative_to(workdir).as_posix()
        if path.is_file() and rel not in sources and "__pycache__" not in rel:
            files[rel] = path.read_text(encoding="utf-8", errors="replace")
    if not files:
        raise ToolRunError(
            "lanhep",
            argv,
            result.returncode,
            stderr_tail(result.stdout),
            str(workdir),
            "LanHEP reported no error but wrote no file",
        )
    return LanhepOutput(files=files, report=report, stdout=result.stdout)
