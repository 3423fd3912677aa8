"""A stand-in micrOMEGAs project for the campaign tests.

``main`` is a small Python program written by the tests: it reads the PARFILE (``name value``
lines, as the real ``main`` does), computes sigma v(chi chi~ -> gamma gamma) by eq (3.10) and
sigma v(mu mu) by the derived (2/pi) formula at v -> 0 (narrow ALP, as micrOMEGAs off the pole),
Omega h^2 by the paper's freeze-out estimate 0.12 x 2.6e-26 / (sigma v / 2), and prints one JSON
line in the format of the generated main.c. It logs ``start``/``end`` with Mchi, Ma and its
working directory to ``$STANDIN_LOG``, sleeps ``$STANDIN_SLEEP`` seconds, reports a micrOMEGAs
error for Cgg < 0 and crashes (SIGSEGV) for Cgg = 666. With ``--temperatures=T1,..`` it adds the
thermal table (``vSigmaA`` = sigma v / 2 at every T, an s-wave).
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from pathlib import Path

STANDIN_MAIN = r"""
import json, math, os, signal, sys, time
vals = {}
temps = [float(t) for a in sys.argv if a.startswith("--temperatures=") for t in a[15:].split(",")]
with open(sys.argv[-1]) as fh:
    for line in fh:
        name, value = line.split()[:2]
        vals[name] = float(value)
log = os.environ.get("STANDIN_LOG")
def note(event):
    if log:
        with open(log, "a") as fh:
            fh.write(f"{event} {vals['Mchi']!r} {vals['Ma']!r} {os.getpid()} {os.getcwd()}\n")
note("start")
time.sleep(float(os.environ.get("STANDIN_SLEEP", "0")))
if vals["Cgg"] == 666:
    os.kill(os.getpid(), signal.SIGSEGV)
if vals["Cgg"] < 0:
    print(json.dumps({"error": {"kind": "relic_density",
                                "message": "darkOmega returned Omega h^2 = -1", "exit_code": 3}}))
    sys.exit(3)
m, ma, fa, mmu = vals["Mchi"], vals["Ma"], vals["fa"], vals["Mmu"]
alpha = 1.0 / vals["aEW0M1"]  # on-shell photons: alpha(0), as the generated model
gev2 = (1.973269804e-14) ** 2 * 2.99792458e10
d2 = (ma**2 - 4 * m**2) ** 2
sv_aa = alpha**2 * vals["Cgg"]**2 * m**6 / (4 * math.pi**3 * d2 * fa**4) * gev2
sv_mm = (2 / math.pi) * vals["Cmm"]**2 * mmu**2 * m**4 * math.sqrt(1 - mmu**2 / m**2) / (d2 * fa**4) * gev2
sv = sv_aa + sv_mm
print(json.dumps({
    "tool": "micromegas", "micromegas_version": "stand-in", "calchep_version": "stand-in",
    "model": "stand-in", "parfile": sys.argv[-1],
    "dm": {"name": "~chi", "antiparticle": "~Chi", "mass_GeV": m},
    "omega_h2": 0.12 * 2.6e-26 / (sv / 2), "xf": 25.0,
    "omega_channels": [{"in": ["~chi", "~Chi"], "out": ["A", "A"], "fraction": sv_aa / sv},
                       {"in": ["~chi", "~Chi"], "out": ["m", "M"], "fraction": sv_mm / sv}],
    "sigmav_cm3_s": {"A A": sv_aa, "m M": sv_mm},
    "sigmav_normalisation": "per ~chi ~Chi pair",
    "masses_GeV": {"chi": m, "a": ma}, "parameters": {"Mchi": m, "Ma": ma},
    "timing_s": {"total": 0.001},
    **({"thermal": {"T_GeV": temps, "vSigmaA_cm3_s": [sv / 2 for _ in temps]}} if temps else {}),
}))
note("end")
"""

#: The stand-in's PARFILE interface (its manifest): the dark sector plus one complex
#: neutrino-mixing entry (split into real and imaginary parts).
STANDIN_PARFILE = {
    **{n: [n] for n in ("Mchi", "Ma", "Mphi", "fa", "Cgg", "Cmm", "aEWM1", "aEW0M1", "Mmu", "MH", "Mnh1")},
    "VN11": ["VNr11", "VNi11"],
}  # fmt: skip


def write_standin(project: Path, *, warm: bool = True) -> Path:
    """Write the stand-in project into ``project`` (main, manifest; warm marker)."""
    (project / "work").mkdir(parents=True, exist_ok=True)
    (project / "manifest.json").write_text(
        json.dumps({"target": "micromegas", "parfile": STANDIN_PARFILE})
    )
    main = project / "main"
    main.write_text(f"#!{sys.executable}\n{STANDIN_MAIN}")
    main.chmod(0o755)
    if warm:
        (project / "work" / ".alpseesaw-warm").write_text("")
    return project


@pytest.fixture
def standin(tmp_path: Path) -> Path:
    """A warm stand-in project directory."""
    return write_standin(tmp_path / "standin")


@pytest.fixture
def make_standin():
    """The writer of stand-in projects (for cold ones: ``make_standin(path, warm=False)``)."""
    return write_standin


@pytest.fixture
def standin_log():
    """The reader of the stand-in's log file."""
    return read_log


def read_log(path: Path) -> list[tuple[str, float, float, int, str]]:
    """The stand-in's log: (event, Mchi, Ma, pid, cwd) per line."""
    if not path.exists():
        return []
    out = []
    for line in path.read_text().splitlines():
        event, m, ma, pid, cwd = line.split(" ", 4)
        out.append((event, float(m), float(ma), int(pid), cwd))
    return out
