"""Cross-validation campaigns: micrOMEGAs beside the built-in relic calculators, point by point.

:func:`run_campaign` plans the points (:mod:`.sampling`), skips those already in the campaign
directory's journal (:mod:`.store`), prepares one built micrOMEGAs project, computes the remaining
points through an executor and appends each finished point to the journal ``points.jsonl``
(durably) and its row to ``results.csv`` as soon as it arrives; at the end it rewrites
``results.csv`` in plan order and writes ``summary.json`` and ``ratio_vs_mass.png``
(:mod:`.report`) with the verdicts of :mod:`.verdicts`.

Per point: micrOMEGAs (darkOmega with fast = 0: Omega h^2, x_f, its channel shares of 1/Omega,
sigma v per final state at v -> 0) through ``./main --fast=0 --all-final-states PARFILE``, and the
complete built-in calculation (:class:`alpseesaw.physics.calculator.RelicCalculator`) with
physical conventions and, for the verdicts, with micrOMEGAs' own (:mod:`.verdicts`).

Executors: :class:`SerialExecutor` (in this process) and :class:`DaskExecutor` (a
``dask.distributed`` ``LocalCluster`` of K single-threaded worker processes, or any scheduler
address). Every worker thread copies the built, warmed-up project once into a directory of its own
under ``DIR/workers/`` (micrOMEGAs does not lock ``work/so_generated`` between processes); with a
remote scheduler, ``DIR`` must be on a file system the workers share.

Resuming: points are keyed by a hash of their complete card values; a rerun with the same
directory computes only points without a record (and, with ``retry_errors``, those that failed).
A record is durable once appended, so a campaign killed with SIGKILL loses no finished point.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from alpseesaw import __version__
from alpseesaw.errors import InputError, ParameterError, ToolRunError
from alpseesaw.files import write_files
from alpseesaw.runners.container import ContainerRunner, EngineUnavailable, cleanup_leftovers
from alpseesaw.runners.micromegas import (
    POINT_TIMEOUT_S,
    MicromegasProject,
    build_project,
)
from alpseesaw.validation import report, verdicts
from alpseesaw.validation.sampling import (
    DEFAULT_BENCHMARKS,
    DEFAULT_DESIGN,
    Family,
    Interval,
    PlannedPoint,
    plan,
)
from alpseesaw.validation.store import Journal, campaign_lock, write_json
from alpseesaw.validation.verdicts import Tolerances

if TYPE_CHECKING:
    from alpseesaw.runners.spec import Runner

#: Card values copied into every record (what the verdicts and the report read).
RECORD_INPUTS: tuple[str, ...] = (
    "Mchi", "Ma", "Mphi", "fa", "sth", "Cgg", "CgZ", "CZZ", "CWW", "Cglu", "Cee", "Cmm",
    "Ctautau", "Cuu", "Cdd", "Css", "Ccc", "Cbb", "Cbot", "Ctt", "MH", "Mmu", "aEWM1", "aEW0M1",
    "Mnh1", "Mnh2", "Mnh3", "Mnh4",
)  # fmt: skip
#: Sub-directories of a campaign directory.
PROJECT_SUBDIR = "project"
WORKERS_SUBDIR = "workers"
CONFIG_FILE = "campaign.json"


# --------------------------------------------------------------------------- configuration


@dataclass(frozen=True)
class Backend:
    """Where micrOMEGAs runs: ``"local"`` (subprocess) or ``"container"`` (docker SDK).

    Attributes:
        kind: ``"local"`` or ``"container"``.
        image: the container image (container only).
        base_url: the engine's socket (container only; default: the environment, DOCKER_HOST).
        micromegas_dir: micrOMEGAs on the host (local; default ``$MICROMEGAS_DIR``) or inside
            the image (container; default: the image's label).
        warm: container only: one long-lived container per worker instead of one per point.
        engine_wait_s: container only: how long workers wait for an unreachable engine (e.g.
            restarting) before the campaign stops; the interrupted points are then repeated.
        memory_bytes, cpus: container only: limits of each container (None: the runner's).
    """

    kind: str = "local"
    image: str | None = None
    base_url: str | None = None
    micromegas_dir: str | None = None
    warm: bool = True
    engine_wait_s: float = 600.0
    memory_bytes: int | None = None
    cpus: float | None = None

    def __post_init__(self) -> None:
        if self.kind not in ("local", "container"):
            raise ParameterError("runner", self.kind, "'local' or 'container'")
        if self.kind == "container" and not self.image:
            raise ParameterError(
                "image", self.image, "a container image name (with --runner container)"
            )

    def runner(self, session: str | None = None) -> Runner:
        """A new runner of this backend (containers labelled with ``session``)."""
        from alpseesaw.runners import ContainerRunner, LocalRunner
        from alpseesaw.runners.container import ContainerLimits

        if self.kind == "container":
            assert self.image is not None
            defaults = ContainerLimits()
            limits = ContainerLimits(
                memory_bytes=self.memory_bytes or defaults.memory_bytes,
                cpus=self.cpus or defaults.cpus,
            )
            return ContainerRunner(
                self.image,
                base_url=self.base_url,
                micromegas_dir=self.micromegas_dir,
                warm=self.warm,
                session=session,
                engine_wait_s=self.engine_wait_s,
                limits=limits,
            )
        return LocalRunner()


@dataclass(frozen=True)
class CampaignConfig:
    """What a campaign computes.

    Attributes:
        card: SLHA card (None: the built-in default card); the base of every point.
        n_points: sampled points (besides the benchmarks).
        families: the design (default :data:`~alpseesaw.validation.sampling.DEFAULT_DESIGN`).
        benchmarks: include the named benchmark points.
        seed: seed of the sampling.
        project: an already built micrOMEGAs project directory to use (None: generate the
            model's project from the card and build it in ``DIR/project``).
        backend: where micrOMEGAs runs.
        timeout_s: time limit of one point (seconds).
        retry_errors: recompute points whose record is an error.
        tolerances: the verdicts' tolerances.
        solver_check: for a disagreement no convention explains, run micrOMEGAs once more for
            its <sigma v>(T) and solve the built-in's equation with it (:func:`solver_check`).
    """

    card: str | None = None
    n_points: int = 50
    families: tuple[Family, ...] = DEFAULT_DESIGN
    benchmarks: bool = True
    seed: int = 0
    project: str | None = None
    backend: Backend = field(default_factory=Backend)
    timeout_s: float = POINT_TIMEOUT_S
    retry_errors: bool = False
    tolerances: Tolerances = field(default_factory=Tolerances)
    solver_check: bool = True

    def to_json(self) -> dict[str, Any]:
        """The configuration as JSON (for ``campaign.json`` and the summary)."""
        return {
            "card": self.card,
            "n_points": self.n_points,
            "families": [
                {"name": f.name, "weight": f.weight, "note": f.note,
                 "region": {k: [v.lo, v.hi] for k, v in f.region.items()}}
                for f in self.families
            ],
            "benchmarks": self.benchmarks,
            "seed": self.seed,
            "project": self.project,
            "backend": asdict(self.backend),
            "timeout_s": self.timeout_s,
        }  # fmt: skip


def user_family(region: Mapping[str, Interval]) -> tuple[Family, ...]:
    """The design of ``--region`` options: one family ``region``."""
    return (Family("region", 1.0, region, "points sampled in the --region intervals"),)


# --------------------------------------------------------------------------- tasks


@dataclass(frozen=True)
class PointTask:
    """Everything a worker needs for one point (plain, picklable data).

    ``values`` are the point's values of every name of the project (card names, complex values
    as they are; the project's manifest says how they reach its PARFILE); ``inputs`` the card
    values copied into the record; ``externals`` every card value of the point (the built-in
    calculation's input).
    """

    key: str
    label: str
    family: str
    inputs: dict[str, float]
    externals: dict[str, float]
    values: dict[str, object] = field(default_factory=dict)
    solver_check: bool = True


@dataclass(frozen=True)
class ToolContext:
    """How workers reach the tool: the built project to copy, the backend, where copies go."""

    run_id: str
    source_dir: str
    work_root: str
    backend: Backend
    timeout_s: float


def _real(value: complex) -> float:
    return complex(value).real


def make_task(point: PlannedPoint) -> tuple[PointTask, dict[str, float | complex]]:
    """The task of a planned point and its full card values (checked against allowed ranges).

    Raises:
        ParameterError: a value outside its range (the message names the point).
    """
    from alpseesaw.model import load_values

    try:
        values = load_values(None, dict(point.externals))
    except ParameterError as exc:
        raise ParameterError(exc.name, exc.value, exc.allowed, f"point {point.label}") from exc
    inputs = {k: _real(values[k]) for k in RECORD_INPUTS if k in values}
    return PointTask(point.key, point.label, point.family, inputs, dict(point.externals)), values


#: Options of the generated ``main`` in a campaign: darkOmega with fast = 0 (the accurate
#: integration) and sigma v at v -> 0 for every final state of the model.
MICROMEGAS_OPTIONS: tuple[str, ...] = ("--fast=0", "--all-final-states")


def compute_record(points: MicromegasProject, task: PointTask) -> dict[str, Any]:
    """Run one point with micrOMEGAs and the built-in calculation; the journal record.

    A micrOMEGAs failure gives a record with ``status = "error"`` (and the built-in results).
    micrOMEGAs' final states are translated to the built-in's channel keys (IR names).
    """
    t0 = time.perf_counter()
    record: dict[str, Any] = {
        "key": task.key,
        "label": task.label,
        "family": task.family,
        "inputs": task.inputs,
        "worker": f"{socket.gethostname()}:{os.getpid()}",
    }
    try:
        mo = points.run_point(task.values, options=MICROMEGAS_OPTIONS)
    except EngineUnavailable:
        raise  # not this point's failure: the campaign stops, a rerun repeats the point
    except ToolRunError as exc:
        record.update(status="error", error=str(exc)[-2000:], micromegas=None)
    else:
        key = channel_key_of_tool()
        shares: dict[str, float] = {}
        for c in mo.omega_channels:
            k = key(c.final)
            shares[k] = shares.get(k, 0.0) + c.fraction
        record["status"] = "ok"
        record["micromegas"] = {
            "omega_h2": mo.omega_h2,
            "xf": mo.xf,
            "shares": shares,
            "sigmav_cm3_s": {key(tuple(k.split())): v for k, v in mo.sigmav_cm3_s.items() if v},
            "darkOmega": mo.raw.get("darkOmega"),
            "masses_GeV": dict(mo.masses_GeV),
            "version": mo.micromegas_version,
            "calchep_version": mo.calchep_version,
            "seconds_inside": mo.timing_s.get("total"),
        }
    t1 = time.perf_counter()
    record["builtin"] = builtin_results(task.externals)
    t2 = time.perf_counter()
    record["seconds"] = {"micromegas": t1 - t0, "builtin": t2 - t1}
    if task.solver_check and verdicts.needs_solver_check(record):
        try:
            record["builtin"][verdicts.SOLVER_CHECK] = solver_check(points, task, record)
        except ToolRunError as exc:
            record["builtin"][verdicts.SOLVER_CHECK] = {"error": str(exc)[-500:]}
        record["seconds"]["solver_check"] = time.perf_counter() - t2
    return record


def solver_check(
    points: MicromegasProject, task: PointTask, record: Mapping[str, Any]
) -> dict[str, Any]:
    """The built-in solver fed with micrOMEGAs' own thermal average.

    micrOMEGAs is asked for ``vSigmaA(T)`` (= <sigma v>_eff, darkOmega's integrand) at the
    temperatures of the built-in's x grid, and the built-in Boltzmann solver integrates the
    freeze-out equation with it (Omega = 2.742e8 m Y_0, as micrOMEGAs). When that Omega equals
    the built-in's own (micrOMEGAs conventions) but not micrOMEGAs', the two thermal averages
    agree where it matters and the difference lies in darkOmega's solution of the equation.
    """
    import numpy as np

    from alpseesaw.physics import boltzmann
    from alpseesaw.physics.calculator import MICROMEGAS_OMEGA_FACTOR
    from alpseesaw.physics.constants import GEV2_TO_CM3_S, OMEGA_Y_FACTOR

    m = float(record["micromegas"]["masses_GeV"].get("chi", task.externals["Mchi"]))
    temps = m / boltzmann.X_GRID
    option = "--temperatures=" + ",".join(f"{t:.17g}" for t in temps)
    mo = points.run_point(task.values, options=(*MICROMEGAS_OPTIONS, option))
    table = (mo.raw.get("thermal") or {}).get("vSigmaA_cm3_s")
    if not isinstance(table, list) or len(table) != temps.size:
        return {"error": "micrOMEGAs' main gave no vSigmaA table for --temperatures"}
    sv_eff = np.asarray(table, dtype=float) / GEV2_TO_CM3_S
    sol = boltzmann.solve(np.array([m]), sv_eff[None, :])
    return {
        "omega_h2": float(sol.omega_h2[0]) * MICROMEGAS_OMEGA_FACTOR / OMEGA_Y_FACTOR,
        "xf": float(sol.xf[0]),
        "omega_h2_micromegas_rerun": mo.omega_h2,
    }


_CALCULATORS: dict[str, Any] = {}


def builtin_results(externals: Mapping[str, float]) -> dict[str, Any]:
    """The built-in calculation at one point in each variant of the verdicts (physical, and
    micrOMEGAs' conventions for the like-for-like comparisons; :mod:`.verdicts`)."""
    from alpseesaw.model import build_model
    from alpseesaw.physics.calculator import RelicCalculator
    from alpseesaw.validation.verdicts import VARIANTS

    ext = {k: [float(v)] for k, v in externals.items()}
    out: dict[str, Any] = {}
    for variant in VARIANTS:
        calc = _CALCULATORS.get(variant)
        if calc is None:
            calc = _CALCULATORS[variant] = RelicCalculator(build_model(), conventions=variant)
        res = calc(ext)
        point = res.point(0, cut=1e-4)
        entry: dict[str, Any] = {
            "omega_h2": point["omega_h2"],
            "xf": point["xf"],
            "shares": point["shares"],
        }
        if variant == "physical":
            entry.update(
                sigmav_cm3_s={k: v for k, v in point["sigmav_cm3_s"].items() if v},
                omega_h2_freeze_out=point["omega_h2_freeze_out"],
                widths_gev=point["widths_gev"],
                warnings=point["warnings"],
            )
        out[variant] = entry
    return out


def channel_key_of_tool():
    """micrOMEGAs final state (CalcHEP names) -> the built-in's channel key (IR names)."""
    from alpseesaw.model import build_model
    from alpseesaw.model.toolnames import tool_names

    ir = build_model()
    back = {v: k for k, v in tool_names(ir).calchep.items()}
    keys = set(_channel_keys(ir))

    def key(final: Sequence[str]) -> str:
        names = [back.get(n, n) for n in final]
        for order in (names, names[::-1]):
            k = " ".join(order)
            if k in keys:
                return k
        return " ".join(names)

    return key


def _channel_keys(ir) -> tuple[str, ...]:
    from alpseesaw.model.channels import annihilation_channels

    return tuple(c.key for c in annihilation_channels(ir))


# --------------------------------------------------------------------------- worker side

_WORKER_POINTS: dict[tuple[str, int], MicromegasProject] = {}
_WORKER_LOCK = threading.Lock()


def worker_points(ctx: ToolContext) -> MicromegasProject:
    """This worker thread's private copy of the campaign's project (made on first use)."""
    ident = (ctx.run_id, threading.get_ident())
    with _WORKER_LOCK:
        points = _WORKER_POINTS.get(ident)
        if points is None:
            name = f"{ctx.run_id[:8]}-{socket.gethostname()}-{os.getpid()}-{threading.get_ident()}"
            source = MicromegasProject(
                ctx.source_dir, ctx.backend.runner(ctx.run_id), timeout_s=ctx.timeout_s
            )
            points = source.copy_to(Path(ctx.work_root) / name)
            _WORKER_POINTS[ident] = points
        return points


#: The status of a task that could not run because the container engine stayed away (never
#: journaled: the coordinator stops the campaign, a rerun repeats the point).
ENGINE_UNAVAILABLE = "engine-unavailable"


def evaluate(ctx: ToolContext, task: PointTask) -> dict[str, Any]:
    """The task function of the executors: one point on this worker's copy of the project.

    An engine outage longer than the backend's ``engine_wait_s`` comes back as a record with
    status :data:`ENGINE_UNAVAILABLE` (plain data, so that it crosses process boundaries).
    """
    try:
        return compute_record(worker_points(ctx), task)
    except EngineUnavailable as exc:
        return {"key": task.key, "label": task.label, "status": ENGINE_UNAVAILABLE,
                "error": str(exc)[-2000:]}  # fmt: skip


# --------------------------------------------------------------------------- executors


class Executor(Protocol):
    """Runs ``evaluate(ctx, task)`` for many tasks; yields records as they finish."""

    def map_unordered(
        self, ctx: ToolContext, tasks: Sequence[PointTask]
    ) -> Iterator[dict[str, Any]]: ...


class SerialExecutor:
    """Points one after the other in this process (debugging, tests, one-core machines)."""

    name = "serial"

    def map_unordered(
        self, ctx: ToolContext, tasks: Sequence[PointTask]
    ) -> Iterator[dict[str, Any]]:
        """Yield the records in task order."""
        for task in tasks:
            yield evaluate(ctx, task)


class DaskExecutor:
    """Points on a ``dask.distributed`` cluster.

    Args:
        workers: size of the LocalCluster started when no ``address`` is given (one
            single-threaded process per worker).
        address: a running scheduler (``tcp://host:8786``), e.g. of a ``dask-jobqueue`` cluster.
    """

    name = "dask"

    def __init__(self, workers: int | None = None, address: str | None = None) -> None:
        if workers is not None and workers < 1:
            raise ParameterError("workers", workers, "at least 1")
        self.workers = workers or (os.cpu_count() or 1)
        self.address = address

    def map_unordered(
        self, ctx: ToolContext, tasks: Sequence[PointTask]
    ) -> Iterator[dict[str, Any]]:
        """Submit every task; yield records in completion order.

        A task that raises (e.g. its worker died) yields an error record for its point.
        """
        if not tasks:
            return
        from distributed import Client, LocalCluster, as_completed

        with contextlib.ExitStack() as stack:
            if self.address:
                client = stack.enter_context(Client(self.address))
            else:
                cluster = stack.enter_context(
                    LocalCluster(
                        n_workers=self.workers,
                        threads_per_worker=1,
                        processes=True,
                        # a free port: with None the scheduler's HTTP server still asks for
                        # 8787 and warns when another cluster on the machine holds it
                        dashboard_address=":0",
                    )
                )
                client = stack.enter_context(Client(cluster))
            futures = {
                client.submit(
                    evaluate, ctx, task, key=f"crossval-{ctx.run_id[:8]}-{task.key}", pure=False
                ): task
                for task in tasks
            }
            for future in as_completed(futures):
                task = futures.pop(future)
                try:
                    yield future.result()
                except Exception as exc:  # noqa: BLE001 - becomes the point's error record
                    yield error_record(task, f"{type(exc).__name__}: {exc}")
                finally:
                    future.release()


def error_record(task: PointTask, message: str) -> dict[str, Any]:
    """The record of a point whose task failed outside micrOMEGAs (e.g. a worker died)."""
    return {
        "key": task.key,
        "label": task.label,
        "family": task.family,
        "inputs": task.inputs,
        "status": "error",
        "error": message[-2000:],
        "micromegas": None,
    }


# --------------------------------------------------------------------------- the campaign


@dataclass(frozen=True)
class CampaignResult:
    """What :func:`run_campaign` did and wrote."""

    out_dir: Path
    planned: int
    already_done: int
    computed: int
    files: tuple[Path, ...]
    summary: dict[str, Any]


Progress = Callable[[int, int, str], None]


def plan_campaign(config: CampaignConfig) -> list[PlannedPoint]:
    """The planned points of a campaign (benchmarks and sampled points, checked later)."""
    from alpseesaw.model.card import load_externals

    base = load_externals(config.card, ())
    return plan(
        base,
        config.n_points,
        families=config.families,
        benchmarks=DEFAULT_BENCHMARKS if config.benchmarks else (),
        seed=config.seed,
    )


def prepare_project(config: CampaignConfig, out_dir: Path, runner: Runner) -> Path:
    """The built project of the campaign: ``config.project``, or the model's generated project
    in ``out_dir/project`` (rebuilt only when its sources change; reuses the build cache)."""
    if config.project is not None:
        path = Path(config.project).resolve()
        if not (path / "main").is_file():
            msg = f"--project {path} holds no built micrOMEGAs project (no main)"
            raise InputError(msg)
        return path
    from alpseesaw.emit import generate_files
    from alpseesaw.model.card import load_point

    files, _ = generate_files("micromegas", load_point(config.card))
    project = out_dir / PROJECT_SUBDIR
    if project.exists() and any(
        not (project / rel).is_file() or (project / rel).read_text() != text
        for rel, text in files.items()
    ):
        shutil.rmtree(project)  # another model or card: its generated libraries are stale
    if not project.exists():
        write_files(files, project)
    build_project(project, config.backend.micromegas_dir, runner=runner)
    return project.resolve()


def run_campaign(
    config: CampaignConfig,
    out_dir: str | os.PathLike[str],
    executor: Executor | None = None,
    progress: Progress | None = None,
) -> CampaignResult:
    """Run (or resume) a campaign in ``out_dir``; see the module docstring.

    Raises:
        InputError: bad configuration, a point outside the allowed ranges, or another campaign
            running in the same directory.
        ToolRunError: the project cannot be built.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    executor = executor or DaskExecutor()
    with campaign_lock(out):
        planned = plan_campaign(config)
        journal = Journal(out)
        latest = journal.latest()
        done = {k for k, r in latest.items() if r.get("status") == "ok" or not config.retry_errors}
        todo_points = [p for p in planned if p.key not in done]
        made = [make_task(p) for p in todo_points]  # checks every point before any run
        already = len(planned) - len(todo_points)
        write_json(
            out / CONFIG_FILE,
            {"alpseesaw_version": __version__, **config.to_json(), "planned_points": len(planned)},
        )
        total = len(planned)
        count = already
        if progress is not None:
            progress(count, total, "")
        computed = 0
        if made:
            with journal:
                computed = _compute(config, out, made, executor, journal, progress, count, total)
        meta = {**config.to_json(), "project_model_hash": _model_hash(config, out)}
        summary, files = report.write_outputs(
            out, journal.read(), [p.key for p in planned], config.tolerances, meta
        )
    return CampaignResult(out, len(planned), already, computed, tuple(files), summary)


def _compute(
    config: CampaignConfig,
    out: Path,
    made: list[tuple[PointTask, dict[str, float | complex]]],
    executor: Executor,
    journal: Journal,
    progress: Progress | None,
    count: int,
    total: int,
) -> int:
    with _campaign_runner(config) as (run_id, runner):
        source = prepare_project(config, out, runner)
        coordinator = MicromegasProject(source, runner, timeout_s=config.timeout_s)
        tasks = [
            PointTask(
                t.key,
                t.label,
                t.family,
                t.inputs,
                t.externals,
                coordinator.point_values(values),
                config.solver_check,
            )
            for t, values in made
        ]
        computed = 0
        rows = report.CsvAppender(out, journal.read(), config.tolerances)

        def finished(record: dict[str, Any]) -> None:
            nonlocal count, computed
            if record.get("status") == ENGINE_UNAVAILABLE:
                msg = (
                    f"the container engine did not come back within {config.backend.engine_wait_s:g} s "
                    f"({record.get('error', '')}); {count} finished points are kept in {out}: "
                    "rerun the same command to resume"
                )
                raise EngineUnavailable("container", (), None, "", str(out), msg)
            journal.append(record)  # durable from here on
            rows.append(record)
            count += 1
            computed += 1
            if progress is not None:
                progress(count, total, str(record.get("label", "")))

        work_root = out / WORKERS_SUBDIR
        try:
            queue = list(tasks)
            # the first point generates the libraries: alone, here
            while queue and not coordinator.warm:
                finished(compute_record(coordinator, queue.pop(0)))
            if queue:
                # copies of earlier runs (we hold the lock)
                shutil.rmtree(work_root, ignore_errors=True)
                ctx = ToolContext(
                    run_id,
                    str(source),
                    str(work_root.resolve()),
                    config.backend,
                    config.timeout_s,
                )
                for record in executor.map_unordered(ctx, queue):
                    finished(record)
        finally:
            rows.close()
            shutil.rmtree(work_root, ignore_errors=True)
        return computed


@contextlib.contextmanager
def _campaign_runner(config: CampaignConfig) -> Iterator[tuple[str, Runner]]:
    """The campaign's runner under a fresh run id; its containers are removed at the end."""
    run_id = uuid.uuid4().hex
    runner = config.backend.runner(run_id)
    try:
        yield run_id, runner
    finally:
        _release(config, runner, run_id)


def _release(config: CampaignConfig, runner: Runner, run_id: str) -> None:
    """Remove every container of the campaign (the workers' warm ones included)."""
    if config.backend.kind != "container" or not isinstance(runner, ContainerRunner):
        return
    runner.close()
    with contextlib.suppress(Exception):
        cleanup_leftovers(runner.client, session=run_id)


def _model_hash(config: CampaignConfig, out: Path) -> str | None:
    """The model hash in the project's ``manifest.json`` (provenance), if there is one."""
    project = Path(config.project) if config.project else out / PROJECT_SUBDIR
    try:
        return str(json.loads((project / "manifest.json").read_text())["model_hash"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def read_records(out_dir: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """The latest record of every point in a campaign directory."""
    return list(Journal(out_dir).latest().values())


__all__ = [
    "Backend",
    "CampaignConfig",
    "CampaignResult",
    "DaskExecutor",
    "PointTask",
    "SerialExecutor",
    "ToolContext",
    "compute_record",
    "error_record",
    "evaluate",
    "make_task",
    "plan_campaign",
    "prepare_project",
    "read_records",
    "run_campaign",
    "user_family",
]
