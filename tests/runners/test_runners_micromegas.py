"""The micrOMEGAs driver without micrOMEGAs: build caching and the error paths of run_point.

A fake micrOMEGAs tree (the files the driver checks for) and a stand-in ``main``: a small Python
program, written by the tests, that reads the PARFILE and prints one JSON line like the generated
main.c (or an error object, a crash, a hang, garbage, depending on Mchi). ``make`` is emulated by
a runner that writes the stand-in and counts builds; the points run as real subprocesses.
"""

from __future__ import annotations

import json
import signal
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from alpseesaw.errors import InputError, ParameterError, ToolRunError
from alpseesaw.files import write_files
from alpseesaw.generators.micromegas import (
    FinalState,
    MassSpec,
    MicromegasProjectSpec,
    ParameterSpec,
    render_project,
)
from alpseesaw.runners import LocalRunner, MicromegasProject, RunResult, RunSpec, build_project
from alpseesaw.runners.micromegas import (
    STAMP_FILE,
    WARM_MARKER,
    build_key,
    format_parfile,
    locate_micromegas,
    micromegas_version,
)

TOY = Path(__file__).parents[1] / "data" / "micromegas" / "alp_toy"

STAND_IN_MAIN = """
import json, os, signal, sys, time
values = {}
for line in open(sys.argv[1]):
    name, value = line.split()[:2]
    values[name] = float(value)
open("last_parfile.txt", "w").write(open(sys.argv[1]).read())
with open("runs.log", "a") as log:
    log.write(f"start {os.getpid()} {time.time()}\\n")
time.sleep(values.get("Cgg", 0.0))  # Cgg = seconds to sleep
m = values.get("Mchi", 1000.0)
if m < 0:
    print(json.dumps({"error": {"kind": "relic_density",
                                "message": "darkOmega returned Omega h^2 = -1", "exit_code": 3}}))
    print("micrOMEGAs: negative Omega", file=sys.stderr)
    sys.exit(3)
if m == 666:
    os.kill(os.getpid(), signal.SIGSEGV)
if m == 777:
    time.sleep(30)
if m == 888:
    print("Segmentation fault in the middle of things")
    sys.exit(0)
with open("runs.log", "a") as log:
    log.write(f"end {os.getpid()} {time.time()}\\n")
omega = 0.12 * (m / 1000.0) ** 2
print(json.dumps({
    "tool": "micromegas", "micromegas_version": "6.0", "calchep_version": "3.8.9",
    "model": "ALP toy", "parfile": sys.argv[1],
    "dm": {"name": "~chi", "antiparticle": "~Chi", "mass_GeV": m},
    "omega_h2": omega, "xf": 25.0, "omega_channels": [],
    "sigmav_cm3_s": {"A A": 2.6e-26 * 0.12 / omega},
    "sigmav_normalisation": "per ~chi ~Chi pair",
    "masses_GeV": {"chi": m}, "parameters": values, "timing_s": {"total": 0.001},
}))
"""


def toy_files() -> dict[str, str]:
    return {p.name: p.read_text() for p in sorted(TOY.glob("*.mdl"))}


def toy_spec() -> MicromegasProjectSpec:
    return MicromegasProjectSpec(
        model_name="ALP toy",
        dm="~chi",
        anti_dm="~Chi",
        final_states=(FinalState(("A", "A")),),
        parameters=(ParameterSpec("Mchi"), ParameterSpec("fa")),
        masses=(MassSpec("chi", "~chi"),),
    )


def fake_make(workdir: Path) -> None:
    """What a successful ``make`` leaves: the stand-in main and the build products."""
    main = workdir / "main"
    main.write_text(f"#!{sys.executable}\n{STAND_IN_MAIN}")
    main.chmod(0o755)
    for rel in ("work/work_aux.a", "work/VandP.c", "work/path.c", "work/autoprot.h"):
        (workdir / rel).write_text("built\n")


@dataclass
class MakeEmulatingRunner(LocalRunner):
    """A LocalRunner whose ``make`` is emulated (counted); everything else really runs."""

    fail_make: bool = False
    makes: list[RunSpec] = field(default_factory=list)
    runs: list[RunSpec] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__()

    def run(self, spec: RunSpec) -> RunResult:
        if spec.argv[0] != "make":
            self.runs.append(spec)
            return super().run(spec)
        self.makes.append(spec)
        if self.fail_make:
            return RunResult(
                spec,
                2,
                "",
                "main.c:7:3: error: unknown type name 'numout'\n"
                "make: *** [Makefile:52: main] Error 1\n",
                0.1,
            )
        fake_make(spec.workdir)
        return RunResult(spec, 0, "", "", 0.1)


class ElsewhereRunner(MakeEmulatingRunner):
    """Stands for a non-local runner (e.g. a container): tools are not checked on the host."""

    name = "elsewhere"
    runs_on_host = False

    def identity(self) -> str:
        return "elsewhere:image-1"


@pytest.fixture
def fake_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "micromegas_6.0"
    for rel, text in {
        "lib/micromegas.a": "archive",
        "CalcHEP_src/FlagsForMake": "CC = gcc\n",
        "CalcHEP_src/bin/s_calchep": "binary",
        "README": "micromegas_6.0 was tested for  Linux, and  Darwin\n",
    }.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    monkeypatch.setenv("MICROMEGAS_DIR", str(root))
    monkeypatch.setenv("ALPSEESAW_CACHE_DIR", str(tmp_path / "cache"))
    return root


def project(tmp_path: Path, name: str, files: dict[str, str] | None = None) -> Path:
    return write_files(render_project(files or toy_files(), toy_spec()), tmp_path / name)


# --------------------------------------------------------------------------- locating


def test_locate_micromegas(fake_tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert locate_micromegas() == fake_tree.resolve()
    assert micromegas_version(fake_tree) == "6.0"
    monkeypatch.delenv("MICROMEGAS_DIR")
    with pytest.raises(ToolRunError, match="set MICROMEGAS_DIR") as info:
        locate_micromegas()
    assert info.value.returncode is None
    (fake_tree / "lib" / "micromegas.a").unlink()
    with pytest.raises(ToolRunError, match=r"lacks lib/micromegas\.a"):
        locate_micromegas(fake_tree)


# --------------------------------------------------------------------------- building


def test_build_once_then_stamp_then_cache_copy(fake_tree: Path, tmp_path: Path) -> None:
    runner = MakeEmulatingRunner()
    first = project(tmp_path, "p1")
    main = build_project(first, runner=runner)
    assert main == first.resolve() / "main"
    assert len(runner.makes) == 1
    assert runner.makes[0].argv == (
        "make",
        f"MICROMEGAS_DIR={fake_tree.resolve()}",
        "MICROMEGAS_VERSION=6.0",
    )
    assert json.loads((first / STAMP_FILE).read_text())["version"] == "6.0"

    build_project(first, runner=runner)  # unchanged: stamp hit
    assert len(runner.makes) == 1

    second = project(tmp_path, "p2")  # same sources elsewhere: copied from the cache
    build_project(second, runner=runner)
    assert len(runner.makes) == 1
    assert (second / "main").read_text() == main.read_text()
    assert (second / "work" / "so_generated").is_dir()

    third = project(tmp_path, "p3")
    build_project(third, runner=runner, use_cache=False)
    assert len(runner.makes) == 2


def test_changed_model_or_tool_rebuilds(fake_tree: Path, tmp_path: Path) -> None:
    runner = MakeEmulatingRunner()
    p = project(tmp_path, "p")
    build_project(p, runner=runner)
    files = toy_files()
    files["vars1.mdl"] = files["vars1.mdl"].replace("|1100 ", "|1200 ")
    write_files(render_project(files, toy_spec()), p)
    build_project(p, runner=runner)
    assert len(runner.makes) == 2
    (fake_tree / "lib" / "micromegas.a").write_text("a rebuilt, longer archive")
    build_project(p, runner=runner)
    assert len(runner.makes) == 3


def test_build_key_covers_sources_and_tool() -> None:
    sources = render_project(toy_files(), toy_spec())
    key = build_key(sources, "tool-a")
    assert build_key(dict(sources), "tool-a") == key
    assert build_key(sources, "tool-b") != key
    assert build_key({**sources, "main.c": sources["main.c"] + "\n"}, "tool-a") != key
    assert build_key({**sources, "README.md": "other"}, "tool-a") == key  # not a build input
    with pytest.raises(InputError, match="Makefile is missing"):
        build_key({k: v for k, v in sources.items() if k != "Makefile"}, "tool-a")


@pytest.mark.usefixtures("fake_tree")
def test_failed_compilation_raises_with_the_error_lines(tmp_path: Path) -> None:
    p = project(tmp_path, "p")
    with pytest.raises(ToolRunError) as info:
        build_project(p, runner=MakeEmulatingRunner(fail_make=True))
    err = info.value
    assert err.tool == "micromegas"
    assert err.returncode == 2
    assert err.argv[0] == "make"
    assert "unknown type name 'numout'" in err.reason
    assert "make: ***" in err.stderr_tail
    assert not (p / STAMP_FILE).exists()


@pytest.mark.usefixtures("fake_tree")
def test_unusable_project_paths(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot pass to the shell"):
        build_project(project(tmp_path, "has space"), runner=MakeEmulatingRunner())
    with pytest.raises(InputError, match=r"main\.c is missing"):
        build_project(tmp_path, runner=MakeEmulatingRunner())


@pytest.mark.usefixtures("fake_tree")
def test_missing_micromegas_is_a_tool_run_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MICROMEGAS_DIR")
    with pytest.raises(ToolRunError, match="micrOMEGAs not found"):
        build_project(project(tmp_path, "p"), runner=MakeEmulatingRunner())


# --------------------------------------------------------------------------- running points


def driver(runner: MakeEmulatingRunner, **kw: object) -> MicromegasProject:
    files = render_project(toy_files(), toy_spec())
    return MicromegasProject.from_files(files, runner=runner, **kw)  # type: ignore[arg-type]


@pytest.mark.usefixtures("fake_tree")
def test_run_point_and_build_cache_across_drivers() -> None:
    runner = MakeEmulatingRunner()
    d = driver(runner)
    result = d.run_point({"Mchi": 1000.0, "fa": 12345.678901234567})
    assert result.omega_h2 == pytest.approx(0.12, rel=1e-12)
    assert result.sigmav_cm3_s == {"A A": pytest.approx(2.6e-26, rel=1e-12)}
    # the PARFILE carries full precision and is removed afterwards
    written = (d.project_dir / "last_parfile.txt").read_text()
    assert written == "Mchi 1000.0\nfa 12345.678901234567\n"
    assert not list((d.project_dir / "points").iterdir())
    assert len(runner.makes) == 1
    again = driver(runner)  # a new driver, same model and tool: the cached build
    assert again.project_dir == d.project_dir
    again.run_point({"Mchi": 500.0})
    assert len(runner.makes) == 1


@pytest.mark.usefixtures("fake_tree")
def test_run_point_rejects_bad_input_before_running() -> None:
    runner = MakeEmulatingRunner()
    d = driver(runner)
    with pytest.raises(ParameterError, match="'Mnope'"):
        d.run_point({"Mnope": 1.0})
    with pytest.raises(ParameterError, match="finite"):
        d.run_point({"Mchi": float("nan")})
    assert runner.runs == []
    # any independent parameter of vars1.mdl is accepted, not only the spec's
    assert d.run_point({"Cgg": 2.0}).parameters["Cgg"] == 2.0


@pytest.mark.parametrize(
    ("mchi", "returncode", "match"),
    [
        (-1.0, 3, r"relic_density: darkOmega returned Omega h\^2 = -1"),
        (666.0, -signal.SIGSEGV, f"killed by signal {int(signal.SIGSEGV)}"),
        (888.0, 0, "unparsable output: invalid JSON"),
    ],
)
@pytest.mark.usefixtures("fake_tree")
def test_run_point_failures(mchi: float, returncode: int, match: str) -> None:
    d = driver(MakeEmulatingRunner())
    with pytest.raises(ToolRunError, match=match) as info:
        d.run_point({"Mchi": mchi})
    err = info.value
    assert err.tool == "micromegas"
    assert err.returncode == returncode
    assert err.argv[0] == "./main"
    assert err.argv[1].startswith("points/")
    assert err.workdir == str(d.project_dir)
    if mchi < 0:
        assert "negative Omega" in err.stderr_tail


@pytest.mark.usefixtures("fake_tree")
def test_run_point_timeout() -> None:
    d = driver(MakeEmulatingRunner())
    with pytest.raises(ToolRunError, match=r"timed out after 0\.5 s") as info:
        d.run_point({"Mchi": 777.0}, timeout_s=0.5)
    assert info.value.returncode is None


@pytest.mark.usefixtures("fake_tree")
def test_other_runners_use_the_given_path_and_their_identity(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("MICROMEGAS_DIR")  # nothing is looked up on the host
    runner = ElsewhereRunner()
    with pytest.raises(InputError, match="give micromegas_dir"):
        driver(runner)
    d = driver(runner, micromegas_dir="/opt/micromegas")
    assert d.run_point({"Mchi": 1000.0}).omega_h2 == pytest.approx(0.12)
    assert runner.makes[0].argv == ("make", "MICROMEGAS_DIR=/opt/micromegas")
    point = runner.runs[0]
    assert point.argv[0] == "./main"
    assert not Path(point.argv[1]).is_absolute()  # resolvable inside a mounted workdir


def test_format_parfile() -> None:
    assert format_parfile({"Mchi": 1000, "fa": 0.1}) == "Mchi 1000.0\nfa 0.1\n"
    for bad in ({"1x": 1.0}, {"Mchi": float("inf")}, {"Mchi": "3"}, {"Mchi": True}):
        with pytest.raises(ParameterError):
            format_parfile(bad)  # type: ignore[arg-type]


def _runs(project: Path) -> list[tuple[float, float]]:
    """(start, end) of every stand-in run, in order of start."""
    start: dict[str, float] = {}
    spans = []
    for line in (project / "runs.log").read_text().splitlines():
        what, pid, when = line.split()
        if what == "start":
            start[pid] = float(when)
        else:
            spans.append((start[pid], float(when)))
    return sorted(spans)


@pytest.mark.usefixtures("fake_tree")
def test_first_point_runs_alone_then_points_run_in_parallel() -> None:
    d = driver(MakeEmulatingRunner())
    project = d.project_dir
    with ThreadPoolExecutor(3) as pool:
        list(pool.map(lambda m: d.run_point({"Mchi": m, "Cgg": 0.2}), [1000.0, 1100.0, 1200.0]))
    cold = _runs(project)
    assert len(cold) == 3
    assert all(later[0] >= cold[0][1] for later in cold[1:])  # nobody ran beside the first
    assert (project / WARM_MARKER).exists()
    (project / "runs.log").unlink()
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(lambda m: d.run_point({"Mchi": m, "Cgg": 0.5}), [1000.0, 1100.0]))
    (a, b) = _runs(project)
    assert b[0] < a[1]  # warm: the two points overlapped (each sleeps 0.5 s)
