"""Campaigns through containers on a real engine (markers ``container``, ``slow``).

- 21 points (the benchmarks and 10 sampled) on a ``dask.distributed`` LocalCluster of two worker
  processes, each with its own warm container: every point computed once, by both workers, no
  container left.
- A point over its memory limit (the first point of a project, which compiles micrOMEGAs'
  matrix elements, at 40 MiB) is recorded as failed, out of memory, and the others go on.
- The engine stopped in the middle of a campaign and started again (only when
  ``ALPSEESAW_TEST_ENGINE_STOP`` and ``ALPSEESAW_TEST_ENGINE_START`` give the commands; the
  tests never touch the engine otherwise): the campaign waits, resumes, loses no finished point
  and computes none twice.

The model's project is built in the image once for the module (and warmed up once).
"""

from __future__ import annotations

import dataclasses
import json
import os
import shlex
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from alpseesaw.emit import generate_files
from alpseesaw.files import write_files
from alpseesaw.runners import (
    ContainerRunner,
    MicromegasProject,
    Resources,
    RunResult,
    RunSpec,
    build_project,
)
from alpseesaw.validation import campaign as cv
from alpseesaw.validation.store import JOURNAL_FILE

pytestmark = [pytest.mark.container, pytest.mark.slow, pytest.mark.usefixtures("no_leftovers")]


@pytest.fixture(scope="module")
def cold_project(tool_image: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The model's project, built in the image (its matrix elements not compiled yet)."""
    files, _ = generate_files("micromegas", None)
    project = write_files(files, tmp_path_factory.mktemp("container-project") / "project")
    with ContainerRunner(tool_image) as runner:
        build_project(project, runner=runner)
    return project


@pytest.fixture(scope="module")
def warm_project(
    cold_project: Path, tool_image: str, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """A copy of the built project whose matrix elements one point has compiled."""
    project = (
        MicromegasProject(cold_project)
        .copy_to(tmp_path_factory.mktemp("warm-project") / "project")
        .project_dir
    )
    with ContainerRunner(tool_image) as runner:
        calc = MicromegasProject(project, runner, timeout_s=600.0)
        point = cv.make_task(cv.plan_campaign(cv.CampaignConfig(n_points=0))[0])[1]
        calc.run_point(calc.point_values(point))
    return project


def config(project: Path, image: str, n: int, **backend: Any) -> cv.CampaignConfig:
    return cv.CampaignConfig(
        n_points=n,
        project=str(project),
        backend=cv.Backend("container", image=image, **backend),
    )


def journal_keys(out: Path) -> list[str]:
    return [json.loads(line)["key"] for line in (out / JOURNAL_FILE).read_text().splitlines()]


def test_a_campaign_on_two_dask_worker_processes(
    warm_project: Path, tool_image: str, tmp_path: Path, record_property: Any
) -> None:
    out = tmp_path / "camp"
    t0 = time.perf_counter()
    # 11 random points + the benchmarks (9): at least 20 points over two workers
    res = cv.run_campaign(config(warm_project, tool_image, 11), out, cv.DaskExecutor(workers=2))
    record_property("points", res.planned)
    record_property("seconds", round(time.perf_counter() - t0, 1))
    assert res.planned >= 20
    assert res.computed == res.planned
    records = cv.read_records(out)
    assert [r["status"] for r in records] == ["ok"] * res.planned
    assert len(set(journal_keys(out))) == len(journal_keys(out)) == res.planned
    workers = {r["worker"] for r in records}
    record_property("workers", len(workers))
    assert len(workers) == 2  # two processes, each its own warm container
    assert os.getpid() not in {int(w.rsplit(":", 1)[1]) for w in workers}


class OneHungryPoint(ContainerRunner):
    """The first micrOMEGAs point gets a memory limit too small for what it must do: compile
    micrOMEGAs' matrix elements (gcc's cc1 needs more than 40 MiB; a compiled point needs 6)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.points = 0

    def run(self, spec: RunSpec) -> RunResult:
        if spec.tool == "micromegas":
            self.points += 1
            if self.points == 1:
                spec = dataclasses.replace(spec, resources=Resources(memory_bytes=40 * 2**20))
        return super().run(spec)


def test_a_point_out_of_memory_is_recorded_and_the_others_continue(
    cold_project: Path,
    tool_image: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    record_property: Any,
) -> None:
    project = MicromegasProject(cold_project).copy_to(tmp_path / "project").project_dir
    runner = OneHungryPoint(tool_image, warm=True)
    monkeypatch.setattr(cv.Backend, "runner", lambda _self, _session=None: runner)
    out = tmp_path / "camp"
    try:
        res = cv.run_campaign(config(project, tool_image, 2), out, cv.SerialExecutor())
    finally:
        runner.close()
    records = cv.read_records(out)
    failed = [r for r in records if r["status"] == "error"]
    record_property("points", len(records))
    record_property("failed", len(failed))
    record_property("error", failed[0]["error"].splitlines()[0][-300:] if failed else "")
    assert len(failed) == 1
    assert failed[0]["key"] == records[0]["key"]  # the first point, the one that compiles
    assert "out of memory" in failed[0]["error"]
    assert "40 MiB" in failed[0]["error"]
    assert failed[0]["builtin"]["physical"]["omega_h2"] > 0  # the built-in side is there
    assert [r["status"] for r in records[1:]] == ["ok"] * (res.planned - 1)


ENGINE_STOP = os.environ.get("ALPSEESAW_TEST_ENGINE_STOP")
ENGINE_START = os.environ.get("ALPSEESAW_TEST_ENGINE_START")


@pytest.mark.skipif(
    not (ENGINE_STOP and ENGINE_START),
    reason="stopping the engine needs ALPSEESAW_TEST_ENGINE_STOP and ALPSEESAW_TEST_ENGINE_START "
    "(the commands that stop and start it; the tests never do so on their own)",
)
def test_the_engine_stopped_and_restarted_mid_campaign(
    warm_project: Path, tool_image: str, tmp_path: Path, record_property: Any
) -> None:
    assert ENGINE_STOP
    assert ENGINE_START
    out = tmp_path / "camp"
    journal = out / JOURNAL_FILE
    events: dict[str, Any] = {}

    def restart_when_some_points_are_done() -> None:
        while not journal.is_file() or journal.read_text().count("\n") < 5:
            time.sleep(0.1)
        events["done_at_stop"] = journal.read_text().count("\n")
        t0 = time.monotonic()
        events["stop"] = subprocess.run(shlex.split(ENGINE_STOP), check=False, capture_output=True)
        time.sleep(3.0)
        events["start"] = subprocess.run(
            shlex.split(ENGINE_START), check=False, capture_output=True
        )
        events["down_s"] = time.monotonic() - t0

    chaos = threading.Thread(target=restart_when_some_points_are_done, daemon=True)
    chaos.start()
    res = cv.run_campaign(
        config(warm_project, tool_image, 20, engine_wait_s=180.0), out, cv.DaskExecutor(workers=2)
    )
    chaos.join(timeout=300)
    assert events["stop"].returncode == 0, events["stop"]
    assert events["start"].returncode == 0, events["start"]
    assert 5 <= events["done_at_stop"] < res.planned  # the engine really went away mid-campaign
    keys = journal_keys(out)
    for name in ("done_at_stop", "down_s"):
        record_property(name, round(events[name], 1))
    record_property("points", res.planned)
    record_property("journal_lines", len(keys))
    record_property("distinct_points", len(set(keys)))
    assert len(keys) == len(set(keys)) == res.planned  # nothing lost, nothing twice
    assert [r["status"] for r in cv.read_records(out)] == ["ok"] * res.planned
