"""The CalcHEP generator's conventions on the real CalcHEP: an eps vertex interfering with gamma5.

mu- mu+ -> a gamma has an s-channel photon into the a-gamma-gamma vertex (``eps``) and t/u-channel
muons with the derivative a-mu-mu coupling (``G5``): their interference fixes the sign of CalcHEP's
``eps`` relative to its ``G5``. CalcHEP's d sigma/d cos(theta), computed by micrOMEGAs' ``cs22`` on
the generated files, must equal the spin-averaged |M|^2 from the IR's Feynman rules (computed with
explicit Dirac matrices, ``alpseesaw.validation.amplitudes``) to 1e-4 (the bins' width). With the
``eps`` sign the manual suggests, the ratio is 0.939-0.950 (docs/lanhep.md).
"""

from __future__ import annotations

import subprocess

import numpy as np
import pytest

from alpseesaw.errors import ToolRunError
from alpseesaw.files import write_tree
from alpseesaw.generators import calchep
from alpseesaw.generators.micromegas import project_spec, render_project
from alpseesaw.model import build_model
from alpseesaw.runners import build_project, locate_micromegas
from alpseesaw.validation.amplitudes import mumu_to_a_photon

pytestmark = [pytest.mark.micromegas, pytest.mark.slow]

CARD = {
    "Mmu": 10.0,
    "Cgg": 50.0,
    "Cmm": 1.0,
    "fa": 1000.0,
    "Ma": 300.0,
    "Mphi": 300.0,
    "Mchi": 200.0,
}
ROOT_S = 1000.0
COS = (-0.8, -0.6, -0.2, 0.2, 0.6, 0.8)
GEV2_TO_PB = 0.3893793721e9

MAIN_C = r"""
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include "micromegas.h"
int main(int argc, char **argv) {
  char dm[20]; int err;
  if (sortOddParticles(dm)) { printf("sortOddParticles failed\n"); return 3; }
  numout *cc = newProcess("m,M->ax,A");
  if (!cc) { printf("no process\n"); return 3; }
  double rs = atof(argv[1]), mmu = findValW("Mmu");
  double p = sqrt(rs * rs / 4 - mmu * mmu);
  for (int i = 2; i < argc; i++) {
    double c = atof(argv[i]);
    double v = cs22(cc, 1, p, c - 1e-4, c + 1e-4, &err);
    printf("DSIGMA %.17g %.17g\n", c, v / 2e-4);
  }
  return 0;
}
"""


def test_mu_mu_to_a_gamma_interference(tmp_path) -> None:
    try:
        locate_micromegas()
    except ToolRunError as exc:
        pytest.skip(f"micrOMEGAs not available: {exc.reason}")
    ir = build_model()
    files = render_project(calchep.generate(ir, CARD), project_spec(ir, CARD))
    files["main.c"] = MAIN_C
    project = write_tree(files, tmp_path / "proj")
    exe = build_project(project, use_cache=False)  # the custom main has no relocation logic
    out = subprocess.run(
        [str(exe), str(ROOT_S), *map(str, COS)],
        capture_output=True,
        text=True,
        timeout=900,
        check=True,
    )
    rows = [line.split()[1:] for line in out.stdout.splitlines() if line.startswith("DSIGMA ")]
    got = {float(a): float(b) for a, b in rows}

    values = ir.evaluate(CARD)
    mmu, ma = values["Mmu"], values["Ma"]
    e, pin, kk = ROOT_S / 2, np.sqrt(ROOT_S**2 / 4 - mmu**2), (ROOT_S**2 - ma**2) / (2 * ROOT_S)
    for c in COS:
        st = np.sqrt(1 - c**2)
        p1, p2 = np.array([e, 0, 0, pin]), np.array([e, 0, 0, -pin])
        q = np.array([kk, kk * st, 0, kk * c])  # photon
        k = p1 + p2 - q  # ALP
        m2 = mumu_to_a_photon(ir, values, (p1, p2, k, q), mmu)
        want = m2 * kk / (32 * np.pi * ROOT_S**2 * pin) * GEV2_TO_PB  # d sigma / d cos(theta), pb
        assert got[c] == pytest.approx(want, rel=1e-4), c


QCD_MAIN_C = r"""
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include "micromegas.h"
int main(int argc, char **argv) {
  char dm[20]; int err;
  if (sortOddParticles(dm)) { printf("sortOddParticles failed\n"); return 3; }
  numout *cc = newProcess("u,U->G,G");
  if (!cc) { printf("no process\n"); return 3; }
  double rs = atof(argv[1]), mu = findValW("Mu");
  double p = sqrt(rs * rs / 4 - mu * mu);
  for (int i = 2; i < argc; i++) {
    double c = atof(argv[i]);
    double v = cs22(cc, 1, p, c - 1e-4, c + 1e-4, &err);
    printf("DSIGMA %.17g %.17g\n", c, v / 2e-4);
  }
  return 0;
}
"""


def test_quark_antiquark_to_gluons_fixes_the_three_gluon_sign(tmp_path) -> None:
    """u u~ -> g g: the s-channel three-gluon diagram interferes with t/u-channel quark exchange.

    Textbook (massless quarks, e.g. Ellis-Stirling-Webber Table 7.1): spin- and colour-averaged
    |M|^2 = g^4 [32/27 (t^2+u^2)/(t u) - 8/3 (t^2+u^2)/s^2]. The angular shape (ratios to
    cos = 0.2, free of the running coupling) must match to 1e-3; with the opposite ggg sign the
    amplitude is not gauge invariant and the shape changes.
    """
    try:
        locate_micromegas()
    except ToolRunError as exc:
        pytest.skip(f"micrOMEGAs not available: {exc.reason}")
    card = {"Mu": 1e-3}
    ir = build_model()
    files = render_project(calchep.generate(ir, card), project_spec(ir, card))
    files["main.c"] = QCD_MAIN_C
    project = write_tree(files, tmp_path / "qcd")
    exe = build_project(project, use_cache=False)  # the custom main has no relocation logic
    rs = 100.0
    out = subprocess.run(
        [str(exe), str(rs), *map(str, COS)], capture_output=True, text=True, timeout=900, check=True
    )
    rows = [line.split()[1:] for line in out.stdout.splitlines() if line.startswith("DSIGMA ")]
    got = {float(a): float(b) for a, b in rows}
    assert len(got) == len(COS)

    def textbook(c: float) -> float:
        s = rs**2
        t, u = -s / 2 * (1 - c), -s / 2 * (1 + c)
        return 32 / 27 * (t**2 + u**2) / (t * u) - 8 / 3 * (t**2 + u**2) / s**2

    # the running strong coupling cancels in the angular shape; the interference does not
    for c in COS:
        assert got[c] / got[0.2] == pytest.approx(textbook(c) / textbook(0.2), rel=1e-3), c
