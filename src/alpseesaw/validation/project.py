"""A built micrOMEGAs project as a point calculator, and private copies of it for parallel workers.

:class:`ProjectPoints` runs ``./main PARFILE`` in one built project directory through a runner
(local or container) and parses the JSON line (the same PARFILE format, parser and error
handling as :class:`alpseesaw.runners.MicromegasDriver`, whose projects live in the shared build
cache; a campaign instead gives each worker a directory of its own).

Why private copies: micrOMEGAs generates matrix-element libraries into ``work/so_generated`` on
demand (the first point of a project, and later points that open a new channel) and does not lock
that directory between processes. :func:`copy_project` copies a built, warmed-up project for one
worker, so two processes never compile into the same directory; the first point of a project that
is not yet warm still runs alone (an exclusive ``flock``), as in the driver.

:func:`tool_values` turns card values (``alpseesaw.model.load_values``) into the PARFILE of a
project: every independent variable of its ``vars1.mdl``, complex parameters as real and imaginary
parts (``VN11`` -> ``VNr11``, ``VNi11``), so the neutrino block of every point is consistent.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from alpseesaw.errors import InputError
from alpseesaw.generators.micromegas import model_variables
from alpseesaw.runners.micromegas import (
    POINT_TIMEOUT_S,
    WARM_MARKER,
    check_project_path,
    exclusive_lock,
    format_parfile,
    run_point_spec,
)
from alpseesaw.runners.spec import Runner, RunSpec, atomic_write

if TYPE_CHECKING:
    from collections.abc import Mapping

    from alpseesaw.runners.parsers import MicromegasResult

#: Directories of a project that are not copied (scratch space of runs in progress).
_SCRATCH = re.compile(r"^(points|tmp|_.*_\d+_)$")


def project_variables(project_dir: str | os.PathLike[str]) -> frozenset[str]:
    """Independent variables of a project's model (``work/models/vars1.mdl``).

    Raises:
        InputError: the directory holds no micrOMEGAs project (model files missing).
    """
    models = Path(project_dir) / "work" / "models"
    try:
        vars_text = (models / "vars1.mdl").read_text()
        func_text = (models / "func1.mdl").read_text()
    except OSError as exc:
        msg = f"{project_dir} is not a micrOMEGAs project: cannot read {exc.filename}"
        raise InputError(msg) from exc
    independent, _ = model_variables(vars_text, func_text)
    return independent


def _complex_parts(name: str) -> tuple[str, str]:
    """The generator's names of real and imaginary parts: ``VN11`` -> ``VNr11``, ``VNi11``."""
    m = re.match(r"^([A-Za-z_]+)(\d*)$", name)
    stem, digits = (m.group(1), m.group(2)) if m else (name, "")
    return f"{stem}r{digits}", f"{stem}i{digits}"


def tool_values(values: Mapping[str, object], variables: frozenset[str]) -> dict[str, float]:
    """The PARFILE values of a point: every variable of the project, from the card values.

    Raises:
        InputError: a variable of the project has no value (the project is not of this model).
    """
    out: dict[str, float] = {}
    for name, value in values.items():
        re_name, im_name = _complex_parts(name)
        if re_name in variables and im_name in variables:
            z = complex(value)  # type: ignore[arg-type]
            out[re_name], out[im_name] = z.real, z.imag
        elif name in variables:
            z = complex(value)  # type: ignore[arg-type]
            if z.imag:
                msg = f"parameter {name} = {value} is complex but the project's {name} is real"
                raise InputError(msg)
            out[name] = z.real
    missing = sorted(variables - set(out))
    if missing:
        msg = (
            f"the project's vars1.mdl has variables the card does not define: "
            f"{', '.join(missing[:10])}; was the project generated from this model?"
        )
        raise InputError(msg)
    return out


def copy_project(source: str | os.PathLike[str], dest: str | os.PathLike[str]) -> Path:
    """Copy a built project (with its generated libraries) to ``dest``, atomically.

    Scratch directories of runs in progress are left out. An existing ``dest`` is kept as it is.
    """
    src, target = Path(source), Path(dest)
    if (target / "main").is_file():
        return check_project_path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        shutil.copytree(
            src,
            tmp,
            symlinks=True,
            dirs_exist_ok=True,
            ignore=lambda _d, names: [n for n in names if _SCRATCH.match(n)],
        )
        for rel in ("points", "work/tmp", "work/results", "work/so_generated"):
            (tmp / rel).mkdir(parents=True, exist_ok=True)
        tmp.rename(target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return check_project_path(target)


class ProjectPoints:
    """Compute points with the built micrOMEGAs project in ``project_dir``.

    Args:
        project_dir: a built project (``main`` and ``work/``); its path must be shell-safe
            (see :func:`alpseesaw.runners.micromegas.check_project_path`).
        runner: LocalRunner or ContainerRunner.
        timeout_s: time limit of one point in seconds.
    """

    def __init__(
        self,
        project_dir: str | os.PathLike[str],
        runner: Runner,
        timeout_s: float = POINT_TIMEOUT_S,
    ) -> None:
        self.project_dir = check_project_path(Path(project_dir))
        if not (self.project_dir / "main").is_file():
            msg = f"{self.project_dir} holds no built project (no main; build it first)"
            raise InputError(msg)
        self.runner = runner
        self.timeout_s = timeout_s
        self.variables = project_variables(self.project_dir)
        self._counter = itertools.count()

    @property
    def warm(self) -> bool:
        """True once a point has succeeded here (matrix-element libraries generated)."""
        return (self.project_dir / WARM_MARKER).exists()

    def spec(self, values: Mapping[str, float]) -> RunSpec:
        """The RunSpec of one point: writes ``points/<name>.par`` and runs ``./main`` on it."""
        unknown = sorted(set(values) - self.variables)
        if unknown:
            msg = f"{unknown[0]} is not a variable of the project in {self.project_dir}"
            raise InputError(msg)
        name = f"points/p{os.getpid()}-{threading.get_ident()}-{next(self._counter)}.par"
        return RunSpec(
            "micromegas",
            ("./main", name),
            self.project_dir,
            inputs={name: format_parfile(values)},
            timeout_s=self.timeout_s,
        )

    def run(self, values: Mapping[str, float]) -> MicromegasResult:
        """Compute one point (PARFILE values by CalcHEP name).

        Raises:
            ToolRunError: micrOMEGAs failed (error object, crash, timeout, unparsable output).
        """
        spec = self.spec(values)
        if self.warm:
            return self._run(spec)
        with exclusive_lock(self.project_dir / ".alpseesaw-warmup.lock"):
            result = self._run(spec)
            if not self.warm:
                atomic_write(self.project_dir / WARM_MARKER, "")
            return result

    def _run(self, spec: RunSpec) -> MicromegasResult:
        return run_point_spec(self.runner, spec)
