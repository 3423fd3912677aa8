"""Campaigns with the stand-in project: records, resume, errors, private copies, Dask, containers.

The stand-in (conftest.py) computes Omega h^2 with the paper's freeze-out estimate, so the
Boltzmann solver disagrees with it by 30-50 %: the campaign must report these points as failures
of the 5 % check, and the freeze-out estimate as agreeing with it.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from alpseesaw.errors import InputError, ParameterError
from alpseesaw.model.inputs import parameter_set
from alpseesaw.runners import ContainerRunner, LocalRunner, MicromegasProject, RunResult, RunSpec
from alpseesaw.runners.container import CONTAINER_WORKDIR, EngineUnavailable
from alpseesaw.validation import campaign as cv
from alpseesaw.validation.sampling import parse_region
from alpseesaw.validation.store import JOURNAL_FILE

if TYPE_CHECKING:
    from collections.abc import Callable

REGION = ["Mchi=200:1000", "Ma/Mchi=3:4", "Mphi/Mchi=3", "fa=2000", "Cgg=100:1000", "Cmm=-100"]
KNOWN = [p.name for p in parameter_set().externals]


def config(
    project: Path, n: int = 5, region: list[str] | None = None, **kw: Any
) -> cv.CampaignConfig:
    families = cv.user_family(parse_region(region or REGION, KNOWN))
    # the stand-in's Omega disagrees at every point: these tests count one run per point, the
    # solver check's second run has its own test
    kw.setdefault("solver_check", False)
    return cv.CampaignConfig(
        project=str(project), n_points=n, families=families, benchmarks=False, **kw
    )


@pytest.fixture
def log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "standin.log"
    monkeypatch.setenv("STANDIN_LOG", str(path))
    return path


def starts(
    read_log: Callable[[Path], list[tuple[str, float, float, int, str]]], log: Path
) -> list[Any]:
    return [e for e in read_log(log) if e[0] == "start"]


def test_serial_campaign_writes_everything_and_resumes(
    standin: Path, tmp_path: Path, log: Path, standin_log: Callable[..., Any]
) -> None:
    out = tmp_path / "camp"
    progress: list[tuple[int, int, int, int]] = []

    def seen(
        done: int, total: int, _label: str
    ) -> None:  # what is on disk when a point is reported
        journal = (
            (out / JOURNAL_FILE).read_text().count("\n") if (out / JOURNAL_FILE).exists() else 0
        )
        csv_rows = len((out / "results.csv").read_text().splitlines()) - 1 if done else 0
        progress.append((done, total, journal, csv_rows))

    res = cv.run_campaign(config(standin), out, cv.SerialExecutor(), seen)
    assert (res.planned, res.already_done, res.computed) == (5, 0, 5)
    assert progress[0] == (0, 5, 0, 0)
    assert progress[1:] == [(k, 5, k, k) for k in range(1, 6)]  # journal line and csv row per point
    records = cv.read_records(out)
    assert len(records) == 5
    assert {r["status"] for r in records} == {"ok"}
    rows = list(csv.DictReader((out / "results.csv").read_text().splitlines()))
    assert len(rows) == 5
    # the stand-in's Omega is the paper's freeze-out estimate, not a Boltzmann solution: every
    # point disagrees and no convention of micrOMEGAs explains it
    assert {r["verdict"] for r in rows} == {"unexplained"}
    for r in rows:
        assert 0.4 < float(r["ratio"]) < 0.8
        # ... and the built-in's own freeze-out estimate equals it (s-wave, narrow ALP)
        assert float(r["ratio_freeze_out"]) == pytest.approx(1.0, abs=2e-3)
    summary = json.loads((out / "summary.json").read_text())
    assert summary["verdicts"]["by_status"] == {"unexplained": 5}
    assert summary["verdicts"]["points"] == 5
    assert summary["verdicts"]["tolerances"]["omega"] == 0.02
    assert (out / "ratio_vs_mass.png").read_bytes()[:4] == b"\x89PNG"
    assert not (out / cv.WORKERS_SUBDIR).exists()
    n_runs = len(starts(standin_log, log))
    assert n_runs == 5

    again = cv.run_campaign(config(standin), out, cv.SerialExecutor())
    assert (again.already_done, again.computed) == (5, 0)
    assert len(starts(standin_log, log)) == n_runs  # nothing ran again

    bigger = cv.run_campaign(config(standin, n=8), out, cv.SerialExecutor())
    assert (bigger.planned, bigger.already_done, bigger.computed) == (8, 5, 3)


def test_points_run_in_private_copies_after_the_first_point_of_a_cold_project(
    make_standin: Callable[..., Path], tmp_path: Path, log: Path, standin_log: Callable[..., Any]
) -> None:
    source = make_standin(tmp_path / "cold", warm=False)
    out = tmp_path / "camp"
    cv.run_campaign(config(source, n=4), out, cv.SerialExecutor())
    cwds = [Path(e[4]) for e in starts(standin_log, log)]
    assert cwds[0] == source.resolve()  # the first point generates the libraries, alone
    assert (source / "work" / ".alpseesaw-warm").exists()
    assert all(c.parent == (out / cv.WORKERS_SUBDIR).resolve() for c in cwds[1:])
    assert len(set(cwds[1:])) == 1  # one copy for the one (serial) worker
    assert not (out / cv.WORKERS_SUBDIR).exists()  # removed at the end


def test_tool_errors_are_recorded_and_retried_on_request(
    standin: Path, tmp_path: Path, log: Path, standin_log: Callable[..., Any]
) -> None:
    out = tmp_path / "camp"
    region = ["Mchi=500", "Ma/Mchi=3", "Mphi/Mchi=3", "fa=2000", "Cgg=-100:100", "Cmm=-100"]
    cfg = config(standin, n=6, region=region)
    cv.run_campaign(cfg, out, cv.SerialExecutor())
    records = cv.read_records(out)
    errors = [r for r in records if r["status"] == "error"]
    assert errors  # Cgg < 0: the stand-in reports a micrOMEGAs error
    assert any("darkOmega returned Omega h^2 = -1" in r["error"] for r in errors)
    summary = json.loads((out / "summary.json").read_text())
    assert summary["verdicts"]["by_status"]["error"] == len(errors)
    n_runs = len(starts(standin_log, log))
    res = cv.run_campaign(cfg, out, cv.SerialExecutor())
    assert res.computed == 0
    res = cv.run_campaign(
        config(standin, n=6, region=region, retry_errors=True), out, cv.SerialExecutor()
    )
    assert res.computed == len(errors)
    assert len(starts(standin_log, log)) == n_runs + len(errors)


def test_a_crash_becomes_an_error_record(standin: Path, tmp_path: Path, log: Path) -> None:
    del log
    region = ["Mchi=500", "Ma/Mchi=3", "Mphi/Mchi=3", "fa=2000", "Cgg=666", "Cmm=-100"]
    cv.run_campaign(config(standin, n=1, region=region), tmp_path / "c", cv.SerialExecutor())
    (rec,) = cv.read_records(tmp_path / "c")
    assert rec["status"] == "error"
    assert "signal 11" in rec["error"]


def test_dask_local_cluster_two_workers(
    standin: Path, tmp_path: Path, log: Path, standin_log: Callable[..., Any]
) -> None:
    out = tmp_path / "camp"
    res = cv.run_campaign(config(standin, n=6), out, cv.DaskExecutor(workers=2))
    assert res.computed == 6
    assert len(cv.read_records(out)) == 6
    entries = starts(standin_log, log)
    assert len(entries) == 6
    copies = {Path(e[4]) for e in entries}
    assert standin.resolve() not in copies
    assert all(c.parent == (out / cv.WORKERS_SUBDIR).resolve() for c in copies)
    assert 1 <= len(copies) <= 2  # at most one private copy per worker process


def test_bad_inputs(standin: Path, tmp_path: Path) -> None:
    with pytest.raises(ParameterError, match=r"'Mchi'.*point region-000"):
        cv.run_campaign(
            config(standin, n=2, region=["Mchi=-5"]), tmp_path / "c", cv.SerialExecutor()
        )
    with pytest.raises(InputError, match="no built micrOMEGAs project"):
        cv.run_campaign(config(tmp_path, n=1), tmp_path / "d", cv.SerialExecutor())
    with pytest.raises(ParameterError, match="container image"):
        cv.Backend("container")
    with pytest.raises(ParameterError, match="'runner'"):
        cv.Backend("cloud")
    with pytest.raises(ParameterError, match="'workers'"):
        cv.DaskExecutor(workers=0)


def test_journal_of_another_process_is_kept(standin: Path, tmp_path: Path, log: Path) -> None:
    del log
    out = tmp_path / "camp"
    out.mkdir()
    foreign = {
        "key": "0123456789abcdef",
        "label": "x",
        "status": "error",
        "error": "from elsewhere",
    }
    (out / JOURNAL_FILE).write_text(json.dumps(foreign) + "\n")
    cv.run_campaign(config(standin, n=2), out, cv.SerialExecutor())
    keys = [json.loads(line)["key"] for line in (out / JOURNAL_FILE).read_text().splitlines()]
    assert keys[0] == foreign["key"]
    assert len(keys) == 3


# --------------------------------------------------------------------------- project and tool values


def test_point_values_split_complex_parameters(standin: Path) -> None:
    points = MicromegasProject(standin, cv.Backend().runner())
    values = {
        "Mchi": 1.0,
        "Ma": 2.0,
        "Mphi": 3.0,
        "fa": 4.0,
        "Cgg": 5.0,
        "Cmm": 6.0,
        "aEWM1": 127.9,
        "aEW0M1": 137.036,
        "Mmu": 0.1,
        "MH": 125.0,
        "Mnh1": 5000.0,
        "VN11": 0.3 + 0.4j,
        "Lam4": 7.0,
    }
    point = points.point_values(values)
    assert "Lam4" not in point  # not a parameter of the project
    lines = dict(line.split() for line in points.parfile_text(point).splitlines())
    assert float(lines["VNr11"]) == 0.3
    assert float(lines["VNi11"]) == 0.4
    assert float(lines["Mchi"]) == 1.0
    with pytest.raises(InputError, match="does not define: VN11"):
        points.point_values({k: v for k, v in values.items() if k != "VN11"})
    with pytest.raises(ParameterError, match=r"Mchi.*complex value"):
        points.parfile_text({"Mchi": 1 + 1j})
    with pytest.raises(ParameterError, match="'Nonsense'"):
        points.point_spec({"Nonsense": 1.0})


def test_copy_leaves_out_scratch(standin: Path, tmp_path: Path) -> None:
    (standin / "points").mkdir()
    (standin / "points" / "p.par").write_text("x")
    (standin / "work" / "_host_123_").mkdir()
    (standin / "work" / "so_generated").mkdir()
    (standin / "work" / "so_generated" / "lib.so").write_text("lib")
    (standin / ".alpseesaw-serve").mkdir()  # a warm container's FIFOs (copytree cannot copy them)
    os.mkfifo(standin / ".alpseesaw-serve" / "requests")
    copy = MicromegasProject(standin).copy_to(tmp_path / "copies" / "w1").project_dir
    assert (copy / "main").is_file()
    assert (copy / "work" / "so_generated" / "lib.so").read_text() == "lib"
    assert (copy / "work" / ".alpseesaw-warm").exists()
    assert not (copy / "work" / "_host_123_").exists()
    assert not (copy / ".alpseesaw-serve").exists()
    assert list((copy / "points").iterdir()) == []
    assert [p.name for p in (tmp_path / "copies").iterdir()] == ["w1"]


def test_the_generated_manifest_covers_every_variable_of_the_model(tmp_path: Path) -> None:
    # every independent variable of the model's real vars1.mdl (read here from the table, as
    # micrOMEGAs does) is reached by exactly one name of the manifest, set from a card's values
    from alpseesaw.emit import generate_files
    from alpseesaw.generators.calchep import model_variables
    from alpseesaw.model import load_values

    files, _ = generate_files("micromegas", use_cache=False)
    variables, _ = model_variables(files["work/models/vars1.mdl"], files["work/models/func1.mdl"])
    parfile = json.loads(files["manifest.json"])["parfile"]
    reached = [n for names in parfile.values() for n in names]
    assert sorted(reached) == sorted(variables)
    (tmp_path / "main").write_text("")
    (tmp_path / "manifest.json").write_text(files["manifest.json"])
    project = MicromegasProject(tmp_path)
    values = load_values(None, {"Mchi": 700.0})
    lines = dict(
        line.split() for line in project.parfile_text(project.point_values(values)).splitlines()
    )
    assert set(lines) == set(variables)
    assert float(lines["Mchi"]) == 700.0
    assert float(lines["VNr11"]) == pytest.approx(complex(values["VN11"]).real, rel=1e-15)


# --------------------------------------------------------------------------- container backend


class LocalEngineContainers:
    """A fake docker engine that runs the container's command on the host in the mounted dir."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def run(self, **kwargs: Any) -> Any:
        self.calls.append(kwargs)
        ((host, bind),) = kwargs["volumes"].items()
        assert bind["bind"] == kwargs["working_dir"] == CONTAINER_WORKDIR
        proc = subprocess.run(kwargs["command"], cwd=host, capture_output=True, check=False)
        return _Done(proc)


class _Done:
    def __init__(self, proc: subprocess.CompletedProcess[bytes]) -> None:
        self.proc = proc

    def wait(self, timeout: float | None = None) -> dict[str, int]:
        del timeout
        return {"StatusCode": self.proc.returncode}

    def logs(self, stdout: bool = True, stderr: bool = True) -> bytes:
        return (self.proc.stdout if stdout else b"") + (self.proc.stderr if stderr else b"")

    def remove(self, force: bool = False) -> None:
        del force


class _Image:
    def __init__(self) -> None:
        self.id = "sha256:local-engine"
        self.labels: dict[str, str] = {}


class _Images:
    def get(self, name: str) -> _Image:
        del name
        return _Image()


class _Client:
    def __init__(self) -> None:
        self.containers = LocalEngineContainers()
        self.images = _Images()


def test_container_backend_run_specs(
    standin: Path, tmp_path: Path, log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    del log
    client = _Client()
    backend = cv.Backend("container", image="me/micromegas:6.0", micromegas_dir="/opt/micromegas")
    monkeypatch.setattr(
        cv.Backend,
        "runner",
        lambda self, session=None: ContainerRunner(self.image, client=client, session=session),
    )
    out = tmp_path / "camp"
    cv.run_campaign(config(standin, n=3, backend=backend), out, cv.SerialExecutor())
    assert [r["status"] for r in cv.read_records(out)] == ["ok"] * 3
    calls = client.containers.calls
    assert len(calls) == 3
    for kw in calls:
        assert kw["image"] == "me/micromegas:6.0"
        assert kw["command"][0] == "./main"
        assert list(kw["command"][1:-1]) == list(cv.MICROMEGAS_OPTIONS)
        assert kw["command"][-1].startswith("points/p")
        assert kw["command"][-1].endswith(".par")
        ((host, _),) = kw["volumes"].items()
        assert Path(host).parent == (out / cv.WORKERS_SUBDIR).resolve()  # the worker's own copy
        assert kw["network_mode"] == "none"
        assert kw["user"] not in ("0", "root", "0:0")
        assert kw["cap_drop"] == ["ALL"]


def test_dask_executor_with_a_scheduler_address(
    standin: Path, tmp_path: Path, log: Path, standin_log: Callable[..., Any]
) -> None:
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as cluster:
        res = cv.run_campaign(
            config(standin, n=3),
            tmp_path / "camp",
            cv.DaskExecutor(address=cluster.scheduler_address),
        )
    assert res.computed == 3
    assert len(starts(standin_log, log)) == 3


# --------------------------------------------------------------------------- the generated project


class EmulatedMake(LocalRunner):
    """A LocalRunner whose ``make`` writes the stand-in main (counted); points really run."""

    def __init__(self, writer: Callable[..., Path]) -> None:
        super().__init__()
        self.writer = writer
        self.makes: list[Path] = []

    def run(self, spec: RunSpec) -> RunResult:
        if spec.argv[0] != "make":
            return super().run(spec)
        self.makes.append(spec.workdir)
        manifest = (spec.workdir / "manifest.json").read_text()
        self.writer(spec.workdir, warm=False)  # the stand-in main (and its manifest) ...
        (spec.workdir / "manifest.json").write_text(manifest)  # ... keep the real one
        for rel in ("work/work_aux.a", "work/VandP.c", "work/path.c", "work/autoprot.h"):
            (spec.workdir / rel).write_text("built\n")
        return RunResult(spec, 0, "", "", 0.0)


def test_generated_project_is_built_once_and_replaced_when_it_changes(
    make_standin: Callable[..., Path],
    tmp_path: Path,
    log: Path,
    standin_log: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tree = tmp_path / "micromegas_6.0"
    for rel in ("lib/micromegas.a", "CalcHEP_src/FlagsForMake", "CalcHEP_src/bin/s_calchep"):
        (tree / rel).parent.mkdir(parents=True, exist_ok=True)
        (tree / rel).write_text("stand-in\n")
    monkeypatch.setenv("MICROMEGAS_DIR", str(tree))
    monkeypatch.setenv("ALPSEESAW_CACHE_DIR", str(tmp_path / "cache"))
    runner = EmulatedMake(make_standin)
    monkeypatch.setattr(cv.Backend, "runner", lambda _self, _session=None: runner)
    out = tmp_path / "camp"

    def campaign(n: int) -> cv.CampaignResult:
        families = cv.user_family(parse_region(REGION, KNOWN))
        return cv.run_campaign(
            cv.CampaignConfig(n_points=n, families=families, benchmarks=False),
            out,
            cv.SerialExecutor(),
        )

    assert campaign(2).computed == 2
    assert len(runner.makes) == 1
    project = (out / cv.PROJECT_SUBDIR).resolve()
    cwds = [Path(e[4]) for e in starts(standin_log, log)]
    assert cwds[0] == project  # cold: the first point ran in the project itself
    records = cv.read_records(out)
    assert [r["status"] for r in records] == ["ok", "ok"]
    summary = json.loads((out / "summary.json").read_text())
    assert (
        summary["campaign"]["project_model_hash"]
        == json.loads((project / "manifest.json").read_text())["model_hash"]
    )

    assert campaign(3).computed == 1  # unchanged sources: no build
    assert len(runner.makes) == 1

    (project / "README.md").write_text("edited\n")  # e.g. written by another alpseesaw version
    assert campaign(4).computed == 1
    assert (project / "README.md").read_text() != "edited\n"  # regenerated ...
    assert len(runner.makes) == 1  # ... and its build copied from the cache
    assert (
        Path(starts(standin_log, log)[-1][4]) == project
    )  # cold again: generated libraries are gone


class OutageRunner(LocalRunner):
    """A LocalRunner whose engine 'goes away' from the third point on, until ``back``."""

    def __init__(self) -> None:
        super().__init__()
        self.points = 0
        self.back = False

    def run(self, spec: RunSpec) -> RunResult:
        self.points += 1
        if self.points >= 3 and not self.back:
            msg = "container engine did not answer: connection refused"
            raise EngineUnavailable("container", spec.argv, None, "", None, msg)
        return super().run(spec)


def test_an_engine_outage_stops_the_campaign_without_recording_the_point(
    standin: Path, tmp_path: Path, log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    del log
    runner = OutageRunner()
    monkeypatch.setattr(cv.Backend, "runner", lambda _self, _session=None: runner)
    out = tmp_path / "camp"
    with pytest.raises(EngineUnavailable, match=r"did not come back .* 2 finished points are kept"):
        cv.run_campaign(config(standin, n=5), out, cv.SerialExecutor())
    records = cv.read_records(out)
    assert [r["status"] for r in records] == ["ok", "ok"]  # the outage is nobody's error record
    runner.back = True
    res = cv.run_campaign(config(standin, n=5), out, cv.SerialExecutor())
    assert (res.already_done, res.computed) == (2, 3)
    keys = [json.loads(line)["key"] for line in (out / JOURNAL_FILE).read_text().splitlines()]
    assert len(keys) == len(set(keys)) == 5  # no point lost, none twice


def test_a_local_cluster_starts_while_another_holds_the_dashboard_port(
    standin: Path, tmp_path: Path, log: Path
) -> None:
    # another Dask cluster on the machine (port 8787 busy) must not stop a campaign: with
    # dashboard_address=None the scheduler still asked for 8787 and warned (an error here)
    del log
    import socket

    with socket.socket() as holder:
        with contextlib.suppress(OSError):  # already busy: the same situation
            holder.bind(("0.0.0.0", 8787))
            holder.listen()
        res = cv.run_campaign(config(standin, n=2), tmp_path / "camp", cv.DaskExecutor(workers=1))
    assert res.computed == 2


def test_unexplained_points_get_the_solver_check(standin: Path, tmp_path: Path, log: Path) -> None:
    # every stand-in point is unexplained: micrOMEGAs runs a second time for <sigma v>(T) on the
    # built-in's x grid and the built-in solver integrates the equation with it
    import numpy as np

    from alpseesaw.physics import boltzmann
    from alpseesaw.physics.constants import GEV2_TO_CM3_S, OMEGA_Y_FACTOR

    out = tmp_path / "camp"
    cv.run_campaign(config(standin, n=2, solver_check=True), out, cv.SerialExecutor())
    records = cv.read_records(out)
    assert len(records) == 2
    for r in records:
        check = r["builtin"]["micromegas-sv"]
        # the stand-in's table is a constant <sigma v>_eff = sigma v / 2 (cm^3/s): the check is
        # the Boltzmann solution for it with micrOMEGAs' Omega = 2.742e8 m Y_0 (the solver itself
        # is pinned against an independent Radau solution in tests/physics)
        m = r["micromegas"]["masses_GeV"]["chi"]
        sv_eff = sum(r["micromegas"]["sigmav_cm3_s"].values()) / 2 / GEV2_TO_CM3_S
        expect = boltzmann.solve(
            np.array([m]), np.full((1, boltzmann.X_GRID.size), sv_eff)
        ).omega_h2[0]
        assert check["omega_h2"] == pytest.approx(expect * 2.742e8 / OMEGA_Y_FACTOR, rel=1e-12)
        assert check["omega_h2_micromegas_rerun"] == r["micromegas"]["omega_h2"]
    lines = log.read_text().splitlines()
    assert sum(ln.startswith("start") for ln in lines) == 4  # two runs per point
