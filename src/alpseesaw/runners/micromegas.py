"""Drive micrOMEGAs: build a generated project once, then run parameter points through ``main``.

Building (:func:`build_project`)
    The generated project builds *in place* with its own Makefile against an installed,
    compiled micrOMEGAs (``MICROMEGAS_DIR``): it links ``$MICROMEGAS_DIR/lib/micromegas.a`` and
    CalcHEP's libraries and never writes into the installation, so the installation may be
    read-only and nothing is copied into its tree. (micrOMEGAs' own project Makefile lives
    inside the tree and runs ``make -C ../sources``, which rewrites ``lib/micromegas.a`` on every
    build; ours does the same link without that step.) ``project_dir/main`` is the real binary.

Caching
    A build is keyed by the sources that determine it (``main.c``, ``Makefile``, the five model
    files: model hash and card structure) and by the tool signature (micrOMEGAs' path, version
    and the size/mtime of its libraries; or the container image id). A directory whose stamp
    file matches is not rebuilt; a finished build is also stored under
    ``<cache>/micromegas/<key>/`` and copied from there into a new project directory with the
    same key (``main`` finds its ``work/`` directory next to itself, so copies run as they are).
    The cache is ``$ALPSEESAW_CACHE_DIR``, else ``$XDG_CACHE_HOME/alpseesaw``, else
    ``~/.cache/alpseesaw``.

Running (:class:`MicromegasProject`, the one point driver)
    ``MicromegasProject(DIR).run_point({"Mchi": 1000.0, ...})`` writes a PARFILE into the
    project (names and complex parts as its ``manifest.json`` says), runs ``./main`` through a
    runner (local or container) and parses its JSON line. ``MicromegasProject.from_files`` builds
    rendered files in the cache first; ``copy_to`` makes a private copy for a parallel worker. Every failure raises
    :class:`~alpseesaw.errors.ToolRunError` (tool, argv, exit code, end of stderr, workdir).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import itertools
import json
import math
import os
import re
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from alpseesaw.errors import InputError, ParameterError, ToolNotFoundError, ToolRunError
from alpseesaw.files import atomic_write, new_directory, write_files
from alpseesaw.model.toolnames import PARAMETER_RULE, parameter_problem
from alpseesaw.paths import cache_root
from alpseesaw.runners.local import LocalRunner
from alpseesaw.runners.parsers import (
    MicromegasResult,
    OutputFormatError,
    ToolReportedError,
    compiler_errors,
    parse_micromegas_output,
)
from alpseesaw.runners.spec import Runner, RunResult, RunSpec, stderr_tail

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

#: Name of the stamp file a successful build leaves in the project directory.
STAMP_FILE = ".alpseesaw-build.json"
#: Files that determine a build (relative to the project directory).
BUILD_SOURCES: tuple[str, ...] = (
    "main.c",
    "Makefile",
    *(f"work/models/{f}1.mdl" for f in ("vars", "func", "prtcls", "lgrng", "extlib")),
)
#: Files a build produces (copied from the cache into a new project directory).
BUILD_PRODUCTS: tuple[str, ...] = (
    "main",
    "work/work_aux.a",
    "work/VandP.c",
    "work/path.c",
    "work/autoprot.h",
)
#: Marks a project whose first point succeeded (matrix-element libraries generated).
WARM_MARKER = "work/.alpseesaw-warm"
#: Directories ``main`` needs at run time.
RUNTIME_DIRS: tuple[str, ...] = ("work/tmp", "work/results", "work/so_generated")
#: Default time limits in seconds.
BUILD_TIMEOUT_S = 900.0
POINT_TIMEOUT_S = 600.0

# Characters micrOMEGAs can pass to the shell unquoted (it builds shell commands from WORK).
_SHELL_SAFE = re.compile(r"^/[A-Za-z0-9/._\-+,=@%:]*$")
#: Directories of a project that are not copied (scratch space of runs in progress, the FIFOs
#: of a warm container).
_SCRATCH = re.compile(r"^(points|tmp|_.*_\d+_|\.alpseesaw-serve)$")


# --------------------------------------------------------------------------- locating the tool


def locate_micromegas(micromegas_dir: str | os.PathLike[str] | None = None) -> Path:
    """The root of a compiled micrOMEGAs: the argument, else ``$MICROMEGAS_DIR``.

    Raises:
        ToolNotFoundError: not given, not a directory, or not compiled (no ``lib/micromegas.a``,
            ``CalcHEP_src/FlagsForMake`` or ``CalcHEP_src/bin/s_calchep``).
    """
    given = micromegas_dir if micromegas_dir is not None else os.environ.get("MICROMEGAS_DIR")
    if not given:
        raise ToolNotFoundError(
            "micromegas",
            "micrOMEGAs not found: set MICROMEGAS_DIR (or --micromegas-dir) to a compiled "
            "micrOMEGAs 6 (see README, 'Installing micrOMEGAs and LanHEP'), or use --runner container",
        )
    root = Path(given).expanduser().resolve()
    needed = ("lib/micromegas.a", "CalcHEP_src/FlagsForMake", "CalcHEP_src/bin/s_calchep")
    missing = [rel for rel in needed if not (root / rel).exists()]
    if not root.is_dir() or missing:
        why = "is not a directory" if not root.is_dir() else f"lacks {', '.join(missing)}"
        raise ToolNotFoundError(
            "micromegas",
            f"micrOMEGAs not found: {root} (MICROMEGAS_DIR or --micromegas-dir) {why}; it must be "
            "a compiled micrOMEGAs 6 (run make in it; README, 'Installing micrOMEGAs and LanHEP')",
            str(root),
        )
    return root


def micromegas_version(root: Path) -> str:
    """micrOMEGAs' version from its README (``micromegas_6.0 was tested ...``) or history."""
    for name, pattern in (
        ("README", r"^micromegas_([0-9][0-9.]*) was tested"),
        ("history", r"Version\s+([0-9][0-9.]*)"),
    ):
        try:
            text = (root / name).read_text(errors="replace")
        except OSError:
            continue
        if m := re.search(pattern, text, flags=re.MULTILINE):
            return m.group(1).rstrip(".")
    return "unknown"


def tool_signature(root: Path) -> str:
    """Identify a micrOMEGAs installation for cache keys: path, version, library stamps."""
    parts = [str(root), micromegas_version(root)]
    for rel in ("lib/micromegas.a", "CalcHEP_src/lib/sqme_aux.so", "CalcHEP_src/lib/num_c.a"):
        try:
            st = (root / rel).stat()
        except OSError:
            parts.append(f"{rel}:absent")
        else:
            parts.append(f"{rel}:{st.st_size}:{st.st_mtime_ns}")
    try:
        parts.append(hashlib.sha256((root / "CalcHEP_src/FlagsForMake").read_bytes()).hexdigest())
    except OSError:
        parts.append("FlagsForMake:absent")
    return "|".join(parts)


@dataclass(frozen=True)
class ToolSetup:
    """Where micrOMEGAs is as the runner sees it, and what identifies it for the cache."""

    micromegas_dir: str
    version: str
    signature: str


def tool_setup(runner: Runner, micromegas_dir: str | os.PathLike[str] | None) -> ToolSetup:
    """Resolve micrOMEGAs for ``runner``: checked on the host for a runner that runs there
    (LocalRunner); for others ``micromegas_dir`` is the path inside the image, by default the
    runner's ``tool_path("micromegas")`` (an image label)."""
    if runner.runs_on_host:
        root = locate_micromegas(micromegas_dir)
        return ToolSetup(str(root), micromegas_version(root), f"local|{tool_signature(root)}")
    if micromegas_dir is None:
        micromegas_dir = runner.tool_path("micromegas")
    if micromegas_dir is None:
        msg = f"give micromegas_dir (its path inside the image) for the {runner.name} runner"
        raise InputError(msg)
    inside = str(micromegas_dir)
    return ToolSetup(inside, "unknown", f"{runner.identity()}|{inside}")


# --------------------------------------------------------------------------- keys and paths


def build_key(sources: Mapping[str, bytes | str], signature: str) -> str:
    """The cache key of a build: sha256 over the build sources and the tool signature."""
    h = hashlib.sha256()
    h.update(b"alpseesaw-micromegas-build-v1\0")
    h.update(signature.encode() + b"\0")
    for rel in BUILD_SOURCES:
        content = sources.get(rel)
        if content is None:
            msg = f"build source {rel} is missing"
            raise InputError(msg)
        data = content.encode("utf-8") if isinstance(content, str) else content
        h.update(rel.encode() + b"\0" + str(len(data)).encode() + b"\0" + data)
    return h.hexdigest()[:32]


def check_project_path(project_dir: Path) -> Path:
    """The absolute project path; InputError if micrOMEGAs cannot use it safely.

    micrOMEGAs builds shell commands from the project path without quoting, so only letters,
    digits and ``/ . _ - + , = @ % :`` are allowed.
    """
    path = project_dir.resolve()
    if not _SHELL_SAFE.fullmatch(str(path)):
        msg = (
            f"project directory {str(path)!r} contains characters micrOMEGAs cannot pass to "
            "the shell safely; allowed are letters, digits and / . _ - + , = @ % :"
        )
        raise InputError(msg)
    return path


def _read_sources(project_dir: Path) -> dict[str, bytes]:
    sources = {}
    for rel in BUILD_SOURCES:
        try:
            sources[rel] = (project_dir / rel).read_bytes()
        except FileNotFoundError as exc:
            msg = f"{project_dir} is not a generated micrOMEGAs project: {rel} is missing"
            raise InputError(msg) from exc
    return sources


def _stamp_matches(project_dir: Path, key: str) -> bool:
    try:
        stamp = json.loads((project_dir / STAMP_FILE).read_text())
    except (OSError, ValueError):
        return False
    main = project_dir / "main"
    return stamp.get("key") == key and main.is_file() and os.access(main, os.X_OK)


def _write_stamp(project_dir: Path, key: str, setup: ToolSetup) -> None:
    stamp = {"key": key, "micromegas_dir": setup.micromegas_dir, "version": setup.version}
    atomic_write(project_dir / STAMP_FILE, json.dumps(stamp, indent=1) + "\n")


def _copy_products(src: Path, dst: Path) -> None:
    for rel in BUILD_PRODUCTS:
        target = dst / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        shutil.copy2(src / rel, tmp)
        tmp.replace(target)
    for rel in RUNTIME_DIRS:
        (dst / rel).mkdir(parents=True, exist_ok=True)


def _publish(src: Path, entry: Path) -> None:
    """Copy a built project to the cache entry atomically (a concurrent winner is kept)."""
    if (entry / STAMP_FILE).exists():
        return
    with new_directory(entry) as tmp:
        for rel in (*BUILD_SOURCES, *BUILD_PRODUCTS, STAMP_FILE):
            (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src / rel, tmp / rel)
        for rel in RUNTIME_DIRS:
            (tmp / rel).mkdir(parents=True, exist_ok=True)


# --------------------------------------------------------------------------- building


def build_project(
    project_dir: str | os.PathLike[str],
    micromegas_dir: str | os.PathLike[str] | None = None,
    *,
    runner: Runner | None = None,
    use_cache: bool = True,
    cache_dir: str | os.PathLike[str] | None = None,
    timeout_s: float = BUILD_TIMEOUT_S,
) -> Path:
    """Build a generated micrOMEGAs project in place; return the path of its ``main``.

    ``make MICROMEGAS_DIR=...`` runs in ``project_dir`` (through ``runner``, default local).
    Nothing is written into the micrOMEGAs installation. Unchanged sources with the same tool
    are not rebuilt (stamp file); with ``use_cache`` a build of the same key is copied from
    ``<cache>/micromegas/<key>/`` and new builds are stored there.

    Args:
        project_dir: a directory written from :func:`~alpseesaw.generators.micromegas.
            render_project` (its path must be shell-safe, see :func:`check_project_path`).
        micromegas_dir: the micrOMEGAs root (default ``$MICROMEGAS_DIR``); for a container
            runner, its path inside the image.
        runner: where ``make`` runs (default: a LocalRunner).
        use_cache: look up and store builds in the cache.
        cache_dir: the cache root (default :func:`cache_root`).
        timeout_s: limit for ``make`` in seconds.

    Raises:
        ToolRunError: micrOMEGAs not found, compilation failed or timed out.
        InputError: the directory is not a generated project or its path is unusable.
    """
    runner = runner or LocalRunner()
    project = check_project_path(Path(project_dir))
    sources = _read_sources(project)
    setup = tool_setup(runner, micromegas_dir)
    key = build_key(sources, setup.signature)
    main = project / "main"
    if _stamp_matches(project, key):
        return main
    entry = Path(cache_dir or cache_root()) / "micromegas" / key
    if use_cache and _stamp_matches(entry, key):
        _copy_products(entry, project)
        _write_stamp(project, key, setup)
        return main
    argv: tuple[str, ...] = ("make", f"MICROMEGAS_DIR={setup.micromegas_dir}")
    if setup.version != "unknown":
        argv += (f"MICROMEGAS_VERSION={setup.version}",)
    result = runner.run(RunSpec("make", argv, project, timeout_s=timeout_s))
    if not result.ok or not main.is_file():
        errors = compiler_errors(result.stderr + "\n" + result.stdout)
        reason = "compilation of the micrOMEGAs project failed"
        if errors:
            reason += ": " + " | ".join(errors[:5])
        raise ToolRunError(
            "micromegas",
            argv,
            result.returncode,
            stderr_tail(result.stderr or result.stdout),
            str(project),
            reason,
        )
    for rel in RUNTIME_DIRS:
        (project / rel).mkdir(parents=True, exist_ok=True)
    _write_stamp(project, key, setup)
    if use_cache:
        _publish(project, entry)
    return main


# --------------------------------------------------------------------------- running points


def format_parfile(values: Mapping[str, float]) -> str:
    """A micrOMEGAs PARFILE (``name value`` lines, values with full precision).

    Raises:
        ParameterError: a name that is not a CalcHEP parameter name, or a non-finite value.
    """
    lines = []
    for name, value in values.items():
        if problem := parameter_problem(name):
            raise ParameterError(str(name), value, PARAMETER_RULE, problem)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ParameterError(name, value, "a finite real number")
        if not math.isfinite(value):
            raise ParameterError(name, value, "a finite real number")
        lines.append(f"{name} {float(value)!r}\n")
    return "".join(lines)


def interpret_run(result: RunResult) -> MicromegasResult:
    """Turn a finished run of ``main`` into a MicromegasResult, or raise ToolRunError."""

    def error(reason: str) -> ToolRunError:
        return result.error(reason)

    try:
        parsed = parse_micromegas_output(result.stdout)
    except ToolReportedError as exc:
        msg = f"{exc.kind}: {exc.message}"
        raise error(msg) from exc
    except OutputFormatError as exc:
        if result.returncode < 0:
            msg = f"killed by signal {-result.returncode}; {exc}"
            raise error(msg) from exc
        msg = f"unparsable output: {exc}"
        raise error(msg) from exc
    if not result.ok:
        msg_0 = "non-zero exit status with a result on stdout"
        raise error(msg_0)
    return parsed


class MicromegasProject:
    """A built micrOMEGAs project directory as a point calculator: the one point driver.

    The directory and its ``manifest.json`` are the interface to the generators: the manifest's
    ``parfile`` maps every name a point may set (card names) to the PARFILE variables of the
    project (one, or the real and imaginary parts of a complex parameter). Nothing else of the
    model is read here.

    Args:
        project_dir: a built project (``main``, ``work/``, ``manifest.json``); its path must be
            shell-safe (see :func:`check_project_path`).
        runner: LocalRunner (default) or ContainerRunner.
        timeout_s: time limit of one point in seconds.

    Raises:
        InputError: no built project there, or no PARFILE interface in its manifest.
    """

    def __init__(
        self,
        project_dir: str | os.PathLike[str],
        runner: Runner | None = None,
        *,
        timeout_s: float = POINT_TIMEOUT_S,
    ) -> None:
        self.project_dir = check_project_path(Path(project_dir))
        if not (self.project_dir / "main").is_file():
            msg = f"{self.project_dir} holds no built project (no main; build it first)"
            raise InputError(msg)
        self.runner = runner or LocalRunner()
        self.timeout_s = timeout_s
        self.parfile = read_parfile_interface(self.project_dir)
        self._counter = itertools.count()

    @classmethod
    def from_files(
        cls,
        files: Mapping[str, str],
        *,
        micromegas_dir: str | os.PathLike[str] | None = None,
        runner: Runner | None = None,
        cache_dir: str | os.PathLike[str] | None = None,
        timeout_s: float = POINT_TIMEOUT_S,
        build_timeout_s: float = BUILD_TIMEOUT_S,
    ) -> MicromegasProject:
        """The project of rendered ``files``, built once in the build cache (or taken from it)."""
        runner = runner or LocalRunner()
        path = build_in_cache(
            files, micromegas_dir, runner=runner, cache_dir=cache_dir, timeout_s=build_timeout_s
        )
        return cls(path, runner, timeout_s=timeout_s)

    @property
    def names(self) -> frozenset[str]:
        """The names a point may set."""
        return frozenset(self.parfile)

    @property
    def warm(self) -> bool:
        """True once a point has succeeded here (matrix-element libraries generated)."""
        return (self.project_dir / WARM_MARKER).exists()

    def point_values(self, values: Mapping[str, object]) -> dict[str, object]:
        """The values of every name of the project, taken from a complete point (e.g. every
        parameter evaluated at a card); other names of ``values`` are left out.

        Raises:
            InputError: a name of the project has no value (the project is not of this model).
        """
        missing = sorted(self.names - set(values))
        if missing:
            msg = (
                f"the project in {self.project_dir} has parameters the point does not define: "
                f"{', '.join(missing[:10])}; was it generated from this model?"
            )
            raise InputError(msg)
        return {name: values[name] for name in self.parfile}

    def parfile_text(self, values: Mapping[str, object]) -> str:
        """The PARFILE of a point given by name (complex values as real and imaginary parts).

        Raises:
            ParameterError: an unknown name, a non-finite value, or a complex value for a real
                parameter.
        """
        return format_parfile(self.parfile_values(values))

    def parfile_values(self, values: Mapping[str, object]) -> dict[str, float]:
        """The PARFILE variables of a point given by name (see :meth:`parfile_text`)."""
        tool: dict[str, float] = {}
        for name, value in values.items():
            targets = self.parfile.get(name)
            if targets is None:
                raise ParameterError(
                    str(name),
                    value,
                    "a parameter of the project: " + ", ".join(sorted(self.parfile)),
                    "unknown parameter",
                )
            z = _complex(name, value)
            if len(targets) == 2:
                tool[targets[0]], tool[targets[1]] = z.real, z.imag
            elif z.imag:
                raise ParameterError(name, value, "a real number", "complex value")
            else:
                tool[targets[0]] = z.real
        return tool

    def point_spec(
        self,
        values: Mapping[str, object],
        timeout_s: float | None = None,
        options: tuple[str, ...] = (),
    ) -> RunSpec:
        """The RunSpec of one point: writes ``points/<name>.par`` and runs ``./main [options]``
        on it (options of the generated main, e.g. ``--fast=0``; its README lists them)."""
        name = f"points/p{os.getpid()}-{threading.get_ident()}-{next(self._counter)}.par"
        return RunSpec(
            "micromegas",
            ("./main", *options, name),
            self.project_dir,
            inputs={name: self.parfile_text(values)},
            timeout_s=timeout_s or self.timeout_s,
        )

    def run_point(
        self,
        values: Mapping[str, object],
        *,
        timeout_s: float | None = None,
        options: tuple[str, ...] = (),
    ) -> MicromegasResult:
        """Compute one point (names as in the card; the others keep the project's defaults).

        The first point of a project generates micrOMEGAs' matrix-element libraries in
        ``work/so_generated``; micrOMEGAs does not lock that directory between processes, so
        until one point has succeeded, points run one at a time (an exclusive ``flock`` on
        ``.alpseesaw-warmup.lock``, across threads and processes). Later points run in parallel.

        Raises:
            ParameterError: an unknown name or a non-finite value (before running anything).
            ToolRunError: micrOMEGAs failed (its error object, negative Omega, crash, timeout,
                unparsable output).
        """
        spec = self.point_spec(values, timeout_s, options)
        if self.warm:
            return run_point_spec(self.runner, spec)
        with exclusive_lock(self.project_dir / ".alpseesaw-warmup.lock"):
            result = run_point_spec(self.runner, spec)
            if not self.warm:
                atomic_write(self.project_dir / WARM_MARKER, "")
            return result

    def copy_to(
        self, dest: str | os.PathLike[str], runner: Runner | None = None
    ) -> MicromegasProject:
        """A private copy of this project (with its generated libraries) at ``dest``, for a worker
        of its own: micrOMEGAs does not lock ``work/so_generated`` between processes. Scratch
        directories of runs in progress are left out; an existing copy at ``dest`` is reused."""
        target = Path(dest)
        if not (target / "main").is_file():
            with new_directory(target) as tmp:
                shutil.copytree(
                    self.project_dir,
                    tmp,
                    symlinks=True,
                    dirs_exist_ok=True,
                    ignore=lambda _d, names: [n for n in names if _SCRATCH.match(n)],
                )
                for rel in ("points", *RUNTIME_DIRS):
                    (tmp / rel).mkdir(parents=True, exist_ok=True)
        return MicromegasProject(target, runner or self.runner, timeout_s=self.timeout_s)


def _complex(name: str, value: object) -> complex:
    if isinstance(value, bool) or not isinstance(value, int | float | complex):
        raise ParameterError(name, value, "a finite number")
    return complex(value)


def read_parfile_interface(project_dir: Path) -> dict[str, tuple[str, ...]]:
    """``parfile`` of a project's ``manifest.json``: name -> its PARFILE variables.

    Raises:
        InputError: no readable manifest, or one without a PARFILE interface.
    """
    path = project_dir / "manifest.json"
    try:
        body = json.loads(path.read_text())
        parfile = body["parfile"]
        return {str(k): tuple(str(n) for n in v) for k, v in parfile.items()}
    except (OSError, ValueError, KeyError, AttributeError, TypeError) as exc:
        msg = (
            f"{project_dir} has no PARFILE interface in manifest.json ({exc.__class__.__name__}); "
            "regenerate the project with this version of alpseesaw"
        )
        raise InputError(msg) from exc


def build_in_cache(
    files: Mapping[str, str],
    micromegas_dir: str | os.PathLike[str] | None = None,
    *,
    runner: Runner,
    cache_dir: str | os.PathLike[str] | None = None,
    timeout_s: float = BUILD_TIMEOUT_S,
) -> Path:
    """Write rendered project ``files`` into the build cache and build them there (once per key);
    return the project directory ``<cache>/micromegas/<key>``."""
    setup = tool_setup(runner, micromegas_dir)
    missing = [rel for rel in BUILD_SOURCES if rel not in files]
    if missing:
        msg = f"the project files lack {', '.join(missing)}"
        raise InputError(msg)
    key = build_key({rel: files[rel] for rel in BUILD_SOURCES}, setup.signature)
    entry = Path(cache_dir or cache_root()) / "micromegas" / key
    if _stamp_matches(entry, key):
        # an entry published by build_project holds the build files only: add the others
        for rel, text in files.items():
            path = entry / rel
            if rel not in BUILD_SOURCES and (not path.is_file() or path.read_text() != text):
                path.parent.mkdir(parents=True, exist_ok=True)
                atomic_write(path, text)
        return entry
    with new_directory(entry) as tmp:  # built concurrently by another process: theirs is kept
        write_files(files, tmp)
        build_project(
            tmp, setup.micromegas_dir, runner=runner, use_cache=False, timeout_s=timeout_s
        )
    return entry


def run_point_spec(runner: Runner, spec: RunSpec) -> MicromegasResult:
    """Run one point of a built project and interpret its JSON line; remove the point's inputs."""
    try:
        return interpret_run(runner.run(spec))
    finally:
        for rel in spec.inputs:
            (spec.workdir / rel).unlink(missing_ok=True)


@contextlib.contextmanager
def exclusive_lock(path: Path) -> Iterator[None]:
    """An exclusive advisory lock (``fcntl.flock``) held for the duration of the block."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock
