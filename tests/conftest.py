"""Isolation of the whole test session from the user's home and cache.

Every test runs with ``HOME``, ``XDG_CACHE_HOME``, ``XDG_CONFIG_HOME``, ``MPLCONFIGDIR`` and
``ALPSEESAW_CACHE_DIR`` pointing into one temporary directory of the session, so nothing a test
does (or a subprocess it starts: they inherit the environment) writes into ``~/.cache`` or the
user's configuration. One directory per session, not per test: the micrOMEGAs builds of the
real-tool tests are shared between tests (a test of the cache itself sets its own directory).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

_APPROX = pytest.approx


def _relative_approx(
    expected: object, rel: float | None = None, abs: float | None = None, nan_ok: bool = False
) -> object:
    """``pytest.approx`` with no absolute tolerance unless one is given (relative 1e-6 by
    default, as pytest's): pytest's default ``abs = 1e-12`` let any comparison of a cross section
    (~1e-26 cm^3/s) or of a small width (1e-12 GeV) pass whatever the value (found by the mutation
    runs). A comparison with zero needs its own ``abs``, which says on what scale zero is meant."""
    if abs is None:
        return _APPROX(expected, rel=1e-6 if rel is None else rel, abs=0.0, nan_ok=nan_ok)
    return _APPROX(expected, rel=rel, abs=abs, nan_ok=nan_ok)


def pytest_configure(config: pytest.Config) -> None:  # noqa: ARG001 (pytest's hook)
    """Hypothesis keeps its example database and patches in a temporary directory, not in the
    checkout (``.hypothesis/``); the property tests also pass ``database=None``. Every test
    module sees :func:`_relative_approx` as ``pytest.approx`` (collected after this hook)."""
    import tempfile

    pytest.approx = _relative_approx  # type: ignore[assignment]

    from hypothesis import configuration

    configuration.set_hypothesis_home_dir(tempfile.mkdtemp(prefix="alpseesaw-hypothesis-"))


@pytest.fixture(scope="session", autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HOME", str(root))
        mp.setenv("XDG_CACHE_HOME", str(root / ".cache"))
        mp.setenv("XDG_CONFIG_HOME", str(root / ".config"))
        mp.setenv("MPLCONFIGDIR", str(root / ".config" / "matplotlib"))
        mp.setenv("ALPSEESAW_CACHE_DIR", str(root / ".cache" / "alpseesaw"))
        yield root


# --------------------------------------------------------------------------- container engine
# Tests marked ``container`` use a running Docker (or Podman) engine and the tool image; they
# start no engine and build no image themselves, and skip saying what is missing.

#: The tool image the container tests use (build it with ``alpseesaw image build``).
TEST_IMAGE = os.environ.get("ALPSEESAW_TEST_IMAGE", "alpseesaw/micromegas:6.0")


@pytest.fixture(scope="session")
def engine():
    """A docker SDK client of the engine at ``DOCKER_HOST`` (skip when none answers)."""
    import docker

    host = os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock")
    if host.startswith("unix://") and not Path(host.removeprefix("unix://")).exists():
        pytest.skip(f"no container engine: the socket of DOCKER_HOST={host} does not exist")
    try:
        client = docker.from_env(timeout=30)
        client.ping()
    except Exception as exc:  # noqa: BLE001 - any failure means: no usable engine
        pytest.skip(f"no container engine answers at DOCKER_HOST={host}: {exc}")
    yield client
    client.close()


@pytest.fixture(scope="session")
def tool_image(engine) -> str:
    """The tool image's name (skip when the engine does not hold it)."""
    import docker

    try:
        engine.images.get(TEST_IMAGE)
    except docker.errors.ImageNotFound:
        pytest.skip(
            f"image {TEST_IMAGE} is not in the engine: build it with 'alpseesaw image build "
            f"--source micromegas_6.0.tgz --tag {TEST_IMAGE}' (or set ALPSEESAW_TEST_IMAGE)"
        )
    return TEST_IMAGE


def alpseesaw_containers(client) -> set[str]:
    """Ids of every container (running or not) that carries alpseesaw's session label."""
    from alpseesaw.runners.container import LABEL_SESSION

    listed = client.containers.list(all=True, filters={"label": LABEL_SESSION}, sparse=True)
    return {c.id for c in listed}


@pytest.fixture
def no_leftovers(engine):
    """Fail the test if it leaves an alpseesaw container behind in the engine."""
    before = alpseesaw_containers(engine)
    yield engine
    left = alpseesaw_containers(engine) - before
    assert not left, f"containers left behind: {sorted(left)}"
