"""The generated micrOMEGAs project at the five points of issue 3, against the analytic results.

For each point (Mchi, Ma, fa, Cgg, Cmm) with Mphi = Ma: micrOMEGAs' sigma v(chi chi~ -> gamma gamma)
against eq (3.10) with alpha(0) (on-shell photons, docs/model.md), and the built-in's;
at two more points with C_gamma Z != 0, sigma v(chi chi~ -> gamma Z) against the formula derived
here (one photon at alpha(0), one Z at alpha(MZ)); sigma v(chi chi~ -> mu+ mu-) against the result derived from (2.10)/(2.22)
(``docs/dark_matter.md``: prefactor 2/pi, the printed (3.11) has 8/pi); Omega h^2 beside the
freeze-out estimate and the Boltzmann solver restricted to gamma gamma + mu mu, and the channels
micrOMEGAs found (which explain any difference: heavy neutrinos, forbidden channels).

Run with ``python -m alpseesaw.validation.paper_points OUT.json`` (needs ``MICROMEGAS_DIR``).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Mapping

#: (Mchi, Ma, fa, Cgg, Cmm) of issue 3; Mphi = Ma.
POINTS: tuple[tuple[float, float, float, float, float], ...] = (
    (1000.0, 1100.0, 1e4, 10.0, -100.0),
    (9.09e4, 1e5, 1e4, 200.0, -1e4),
    (3000.0, 3300.0, 1e5, 100.0, -1e4),
    (500.0, 1200.0, 1e4, 0.5, -50.0),
    (2e4, 4.1e4, 1e5, 1.0, -1e3),
)

#: 1 GeV^-2 in cm^3/s (hbar^2 c^3): 0.3893794 mb GeV^2 * 2.99792458e10 cm/s.
GEV2_TO_CM3_S = 0.3893793721e-27 * 2.99792458e10


#: Points 1 and 5 with C_gamma Z switched on: (Mchi, Ma, fa, Cgg, Cmm, CgZ).
GAMMA_Z_POINTS: tuple[tuple[float, float, float, float, float, float], ...] = (
    (1000.0, 1100.0, 1e4, 10.0, -100.0, 5.0),
    (2e4, 4.1e4, 1e5, 1.0, -1e3, 3.0),
)


def point_card(point: tuple[float, ...]) -> dict[str, float]:
    mchi, ma, fa, cgg, cmm, *cgz = point
    card = {"Mchi": mchi, "Ma": ma, "Mphi": ma, "fa": fa, "Cgg": cgg, "Cmm": cmm}
    return card | ({"CgZ": cgz[0]} if cgz else {})


def analytic(values: Mapping[str, float]) -> dict[str, float]:
    """sigma v at v -> 0 per chi chi~ pair (cm^3/s): eq (3.10), the derived muon result, (3.11).

    (3.10) with alpha = alpha(0) (``aEW0``): the photons are on shell (docs/model.md).
    """
    a = values["aEW0"]
    m, ma, fa = values["Mchi"], values["Ma"], values["fa"]
    cgg, cmm, mmu = values["Cgg"], values["Cmm"], values["Mmu"]
    den = (ma**2 - 4 * m**2) ** 2 * fa**4
    beta = math.sqrt(1 - mmu**2 / m**2)
    gg = a**2 * cgg**2 * m**6 / (4 * math.pi**3 * den)
    mumu = 2 / math.pi * cmm**2 * mmu**2 * m**4 * beta / den
    printed = 8 / math.pi * cmm**2 * mmu**2 * m**4 * math.sqrt(1 - 4 * mmu**2 / m**2) / den
    gg_mz = gg * (values["aEW"] / a) ** 2  # (3.10) with alpha(MZ): what the model gave before
    # gamma Z: L = K_gZ (a/fa) F Ztilde, K_gZ = 2 CgZ sqrt(alpha0 alpha)/(4 pi sw cw); Gamma(a* -> Z gamma)
    # = K^2 k^3/(pi fa^2) at M = 2m, k = (4m^2 - MZ^2)/(4m); sigma v = (m/fa)^2 2m Gamma / (Ma^2 - 4m^2)^2
    cw = values["MW"] / values["MZ"]
    k_gz = (
        2
        * values.get("CgZ", 0.0)
        * math.sqrt(a * values["aEW"])
        / (4 * math.pi * math.sqrt(1 - cw**2) * cw)
    )
    k = max(0.0, 4 * m**2 - values["MZ"] ** 2) / (4 * m)
    gz = m**2 * 2 * m * k_gz**2 * k**3 / math.pi / den
    rows = (
        ("gamma gamma (3.10)", gg),
        ("gamma gamma (3.10, alpha(MZ))", gg_mz),
        ("gamma Z (derived)", gz),
        ("mu mu (derived)", mumu),
        ("mu mu (3.11 printed)", printed),
    )
    return {key: v * GEV2_TO_CM3_S for key, v in rows}


def run(micromegas_dir: str | None = None) -> dict[str, Any]:
    """Build the project once, compute every point, return the record (JSON-able)."""
    from alpseesaw import __version__
    from alpseesaw.emit import generate_files
    from alpseesaw.files import write_tree
    from alpseesaw.model import load_values
    from alpseesaw.physics.annihilation import DarkSectorInputs, sigma_v_zero
    from alpseesaw.physics.relic import relic_density
    from alpseesaw.runners import build_project
    from alpseesaw.runners.local import LocalRunner
    from alpseesaw.runners.micromegas import format_parfile, interpret_run, locate_micromegas
    from alpseesaw.runners.spec import RunSpec

    files, _ = generate_files("micromegas")
    rows = []
    with tempfile.TemporaryDirectory(prefix="alpseesaw-points-") as tmp:
        project = write_tree(files, Path(tmp) / "project")
        exe = build_project(project, micromegas_dir)
        runner = LocalRunner()
        for point in POINTS + GAMMA_Z_POINTS:
            card = point_card(point)
            par = project / "point.par"
            par.write_text(format_parfile(card))
            result = interpret_run(
                runner.run(
                    RunSpec(
                        tool="micromegas",
                        argv=(str(exe), str(par)),
                        workdir=project,
                        timeout_s=1800,
                    )
                )
            )
            values = load_values(overrides=card)
            ref = analytic({k: complex(v).real for k, v in values.items()})
            inp = DarkSectorInputs.from_values(values)
            fo = relic_density(inp, "freeze-out")
            bz = relic_density(inp, "boltzmann")
            narrow = sigma_v_zero(
                inp.with_(width_a=1e-9 * inp.ma)
            )  # (3.10) and CalcHEP here: no width
            sv = result.sigmav_cm3_s
            rows.append(
                {
                    "card": card,
                    "micromegas": {
                        "omega_h2": result.omega_h2,
                        "xf": result.xf,
                        "sigmav_cm3_s": dict(sv),
                        "omega_channels": [
                            {"out": list(c.final), "fraction": c.fraction}
                            for c in result.omega_channels[:6]
                        ],
                    },
                    "analytic_cm3_s": ref,
                    "ratio_gamma_gamma_to_3_10": sv["A A"] / ref["gamma gamma (3.10)"],
                    "ratio_gamma_gamma_to_3_10_alpha_mz": sv["A A"]
                    / ref["gamma gamma (3.10, alpha(MZ))"],
                    "builtin_ratio_gamma_gamma_to_3_10": narrow["gamma gamma"]
                    / ref["gamma gamma (3.10)"],
                    **(
                        {
                            "ratio_gamma_z_to_derived": sv["A Z"] / ref["gamma Z (derived)"],
                            "builtin_ratio_gamma_z_to_derived": narrow["Z gamma"]
                            / ref["gamma Z (derived)"],
                        }
                        if "CgZ" in card
                        else {}
                    ),
                    "ratio_mu_mu_to_derived": sv["m M"] / ref["mu mu (derived)"],
                    "ratio_mu_mu_to_3_11_printed": sv["m M"] / ref["mu mu (3.11 printed)"],
                    "freeze_out": {"omega_h2": fo.omega_h2, "xf": fo.xf},
                    "boltzmann_gamma_gamma_mu_mu": {"omega_h2": bz.omega_h2, "xf": bz.xf},
                }
            )
        version = result.micromegas_version
    return {
        "what": (
            "issue 3 points (+2 with CgZ): generated micrOMEGAs project vs eq (3.10) with alpha(0), the "
            "derived gamma Z and mu mu results, the built-in, freeze-out"
        ),
        "date": dt.datetime.now(dt.UTC).date().isoformat(),
        "micromegas_version": version,
        "alpseesaw_version": __version__,
        "micromegas_dir": str(locate_micromegas(micromegas_dir).name),
        "normalisation": "sigma v per chi chi~ pair at v -> 0 (micrOMEGAs newProcess + vcs22)",
        "points": rows,
    }


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    record = run()
    text = json.dumps(record, indent=1) + "\n"
    if argv:
        Path(argv[0]).write_text(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
