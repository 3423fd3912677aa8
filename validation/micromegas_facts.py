"""Facts about what micrOMEGAs computes for this model, measured through the generated main.

For the built-in relic engine of issue 11 (docs/micromegas.md, section 6). Each measurement runs
the model's project (``main`` with the options of section 3) and writes one JSON record:

* ``widths``: micrOMEGAs' automatic widths ('!' in prtcls1.mdl, ``pWidth``) of a, phi and h
  against the IR's tree-level two-body widths (:mod:`alpseesaw.model.widths`), total and per
  channel, with the 3-body channels of a virtual W/Z on (micrOMEGAs' default) and off;
* ``omega_channels``: printChannels' shares of 1/Omega against (i) the split of vSigmaA at x_f
  and (ii) the split of the integral of g_*^{1/2}(T) <sigma v>_ch(T) dT from T_f down (the
  post-freeze-out annihilation), from ``--temperatures`` on a grid below T_f;
* ``vv_decays``: Omega h^2 (fast = 0) with VWdecay = VZdecay = 1 (default) and 0.

Usage::

    MICROMEGAS_DIR=/path/to/micromegas python validation/micromegas_facts.py \
        --out validation/records/micromegas_facts_DATE.json [--project DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from alpseesaw import __version__
from alpseesaw.emit import generate_files
from alpseesaw.files import write_tree
from alpseesaw.model import build_model, load_values
from alpseesaw.model import widths as widthlib
from alpseesaw.model.toolnames import tool_names
from alpseesaw.physics.relic import dof_table
from alpseesaw.runners import MicromegasProject, build_project
from alpseesaw.runners.micromegas import locate_micromegas, micromegas_version

#: points (card overrides) for the widths: a -> chi chi~ open, phi -> a a, phi with h mixing
#: (W W, Z Z, h h, t t~), a light phi with mixing (W W* only through VWdecay)
WIDTH_POINTS: dict[str, dict[str, float]] = {
    "default card": {},
    "a -> chi chi~ open": {"Mchi": 500.0, "Ma": 1100.0, "Mphi": 3000.0, "Cmm": -1e4},
    "phi with h mixing": {"Mchi": 1000.0, "Ma": 250.0, "Mphi": 600.0, "sth": 0.3},
    "light phi with mixing": {"Mchi": 500.0, "Ma": 700.0, "Mphi": 150.0, "sth": 0.3},
}
#: points for the shares of 1/Omega: s-wave + p-wave open (the issue's point), forbidden channels
#: (the default card: phi a needs Ma + Mphi > 2 Mchi)
SHARE_POINTS: dict[str, dict[str, float]] = {
    "issue point (p-wave phi phi, a a)": {"Mchi": 3000.0, "Ma": 2000.0, "Mphi": 2500.0},
    "default card (forbidden phi a, phi phi)": {},
}
#: points for VWdecay/VZdecay: two inside issue 11's box
VV_POINTS: dict[str, dict[str, float]] = {
    "box, Mchi = 64 GeV": {"Mchi": 64.29, "Ma": 32.44, "Mphi": 47.23, "fa": 8666.0, "Cgg": 273.4,
                           "Cmm": -761.3, "MN11": 834.1},
    "box, Mchi = 1 TeV": {"Mchi": 1000.0, "Ma": 1500.0, "Mphi": 2500.0, "Cgg": 30.0},
}  # fmt: skip
# Outside the box (sth = 0.2, Mchi = 78 GeV, Ma = 300, Mphi = 200 GeV: W W* below threshold)
# darkOmega with VWdecay = 1 tabulates chi chi~ -> W l nu for more than 10 CPU minutes even
# at fast = 1 (2026-12-03); not part of this record.


class Project:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.points = MicromegasProject(root)
        self.n = 0

    def run(self, card: dict[str, float], *options: str) -> dict[str, Any]:
        par = self.root / f"facts{self.n}.par"
        self.n += 1
        par.write_text(
            self.points.parfile_text(self.points.point_values(load_values(overrides=card)))
        )
        proc = subprocess.run(
            ["./main", *options, par.name],
            cwd=self.root,
            capture_output=True,
            text=True,
            check=False,
            timeout=3600,
        )
        out = json.loads(proc.stdout)
        if "error" in out:
            msg = f"{card} {options}: {out['error']}"
            raise RuntimeError(msg)
        return out


def ir_widths(ir: Any, names: dict[str, str], card: dict[str, float]) -> dict[str, Any]:
    values = load_values(overrides=card)
    out = {}
    for key in ("a", "phi", "h"):
        chans = {}
        for pw in widthlib.two_body_widths(ir, key):
            w = widthlib.evaluate_width(ir, pw, values)
            if w > 0:
                chans[",".join(names[p] for p in pw.products)] = w
        out[key] = {"width_GeV": sum(chans.values()), "partial_GeV": chans}
    return out


def _same_channel(a: str, b: str) -> bool:
    return sorted(a.split(",")) == sorted(b.split(","))


def compare_widths(project: Project, ir: Any, names: dict[str, str]) -> list[dict[str, Any]]:
    rows = []
    for label, card in WIDTH_POINTS.items():
        mo = {vv: project.run(card, f"--vv-decays={vv}")["decays"] for vv in (1, 0)}
        ref = ir_widths(ir, names, card)
        row: dict[str, Any] = {"point": label, "card": card, "particles": {}}
        for key in ("a", "phi", "h"):
            m1, m0, r = mo[1][key], mo[0][key], ref[key]
            partial_mo = {ch: br * m1["width_GeV"] for ch, br in m1["branchings"].items()}
            only_mo = [
                c for c in partial_mo if not any(_same_channel(c, d) for d in r["partial_GeV"])
            ]
            only_ir = [
                c for c in r["partial_GeV"] if not any(_same_channel(c, d) for d in partial_mo)
            ]
            ratios = {
                c: partial_mo[c]
                / next(v for d, v in r["partial_GeV"].items() if _same_channel(c, d))
                for c in partial_mo
                if c not in only_mo and partial_mo[c] > 1e-20 * m1["width_GeV"]
            }
            row["particles"][key] = {
                "micromegas_GeV": m1["width_GeV"],
                "micromegas_no_vv_GeV": m0["width_GeV"],
                "ir_two_body_GeV": r["width_GeV"],
                "ratio_total": m1["width_GeV"] / r["width_GeV"] if r["width_GeV"] else None,
                "partial_ratios": ratios,
                "channels_only_in_micromegas": only_mo,
                "channels_only_in_ir": only_ir,
            }
        rows.append(row)
    return rows


def compare_shares(project: Project) -> list[dict[str, Any]]:
    rows = []
    table = dof_table()
    for label, card in SHARE_POINTS.items():
        base = project.run(card, "--fast=0")
        mchi, xf = base["dm"]["mass_GeV"], base["xf"]
        temps = mchi / xf * np.geomspace(1.0, 1e-3, 61)
        temp_arg = ",".join(repr(float(t)) for t in temps)
        th = project.run(card, "--fast=0", f"--temperatures={temp_arg}")["thermal"]
        w = table.g_star_sqrt(temps) * temps  # dT = T dlnT
        lnt = np.log(temps)
        integral = {
            k: float(-np.trapezoid(np.asarray(v) * w, lnt))
            for k, v in th["vSigmaA_channels_cm3_s"].items()
        }
        total_int = sum(integral.values())
        at_xf = {k: v[0] / th["vSigmaA_cm3_s"][0] for k, v in th["vSigmaA_channels_cm3_s"].items()}
        shares = []
        for ch in base["omega_channels"][:5]:
            key = " ".join(ch["out"])
            shares.append({
                "final_state": key,
                "printChannels": ch["fraction"],
                "share_of_vSigmaA_at_xf": at_xf.get(key, 0.0),
                "share_of_integral_below_Tf": integral.get(key, 0.0) / total_int,
            })  # fmt: skip
        rows.append({"point": label, "card": card, "xf": xf, "shares": shares})
    return rows


def compare_vv(project: Project) -> list[dict[str, Any]]:
    rows = []
    for label, card in VV_POINTS.items():
        om = {vv: project.run(card, "--fast=0", f"--vv-decays={vv}") for vv in (1, 0)}
        rows.append({
            "point": label,
            "card": card,
            "omega_h2_vv1": om[1]["omega_h2"],
            "omega_h2_vv0": om[0]["omega_h2"],
            "ratio": om[1]["omega_h2"] / om[0]["omega_h2"],
            "top_channels_vv1": [[" ".join(c["out"]), c["fraction"]] for c in om[1]["omega_channels"][:3]],
        })  # fmt: skip
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--project", type=Path, default=None)
    args = ap.parse_args(argv)
    root = args.project or Path(tempfile.mkdtemp(prefix="alpseesaw-facts-")) / "project"
    if not (root / "main").is_file():
        files, _ = generate_files("micromegas")
        write_tree(files, root)
    build_project(root)
    project = Project(root)
    ir = build_model()
    ir = getattr(ir, "ir", ir)
    names = tool_names(ir).calchep
    record = {
        "what": "facts about micrOMEGAs' relic calculation for the model (docs/micromegas.md 6)",
        "date": dt.datetime.now(dt.UTC).date().isoformat(),
        "micromegas_version": micromegas_version(locate_micromegas()),
        "alpseesaw_version": __version__,
        "widths": compare_widths(project, ir, names),
        "omega_channels": compare_shares(project),
        "vv_decays": compare_vv(project),
    }
    tmp = args.out.with_suffix(".tmp")
    tmp.write_text(json.dumps(record, indent=1) + "\n")
    tmp.replace(args.out)
    sys.stdout.write(json.dumps(record, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
