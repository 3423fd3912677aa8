"""Gamma-ray line limits on <sigma v>(DM DM -> gamma gamma), read from data files.

The data live outside the repository (``shared/data/gamma_lines``, with a README giving the
provenance of every file). The data directory is, in order: the ``data_dir`` argument, the
environment variable ``ALPSEESAW_DATA_DIR`` (pointing at ``shared/data``), or ``../shared/data``
relative to the repository root (found from this file's location).

Formats: the uniform CSV ``mass_GeV,sigmav_cm3_s`` and MadDM's ``ExpData`` line files
(``#`` comments, whitespace columns ``mass [GeV]  <sigma v> [cm^3/s]  [flux]``).

Normalisation: every published limit assumes self-conjugate (Majorana) dark matter. For Dirac dark
matter with n_chi = n_chibar = rho/2m the line flux per unit <sigma(chi chi~) v> is halved, so the
limit on <sigma(chi chi~) v> is ``DIRAC_FACTOR = 2`` times the tabulated one.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from alpseesaw.errors import InputError

#: Multiply a tabulated (Majorana) limit by this to get the limit on sigma(chi chi~) v for Dirac DM.
DIRAC_FACTOR: float = 2.0

ENV_VAR = "ALPSEESAW_DATA_DIR"


@dataclass(frozen=True)
class LineLimit:
    """A 95% CL upper limit (or projected sensitivity) on <sigma v>_gamma gamma versus DM mass.

    ``sigmav_cm3_s`` is as published: self-conjugate dark matter, two photons per annihilation.
    """

    name: str
    label: str
    mass_gev: np.ndarray = field(repr=False)
    sigmav_cm3_s: np.ndarray = field(repr=False)
    profile: str
    projected: bool
    source: str

    def limit(self, mass_gev: np.ndarray | float, dirac: bool = True) -> np.ndarray:
        """Log-log interpolated limit at the given DM masses (NaN outside the tabulated range);
        multiplied by ``DIRAC_FACTOR`` for Dirac DM (the limit on sigma(chi chi~) v)."""
        m = np.asarray(mass_gev, dtype=float)
        order = np.argsort(self.mass_gev, kind="stable")
        lm, ls = np.log(self.mass_gev[order]), np.log(self.sigmav_cm3_s[order])
        val = np.exp(np.interp(np.log(m), lm, ls))
        inside = (m >= self.mass_gev.min()) & (m <= self.mass_gev.max())
        return np.where(inside, val * (DIRAC_FACTOR if dirac else 1.0), np.nan)


#: The files of shared/data/gamma_lines used by default, with what the README says about them.
KNOWN: dict[str, tuple[str, str, str, bool]] = {
    # name: (file, label, profile / target, projected)
    "fermi2015": (
        "fermi2015_R16_Einasto_sigmav.csv",
        "Fermi-LAT 2015 (R16)",
        "Galactic centre R16, Einasto (alpha=0.17, r_s=20 kpc), rho_sun=0.4 GeV/cm^3",
        False,
    ),
    "hess2018": (
        "hess2018_GC_Einasto_sigmav_maddm.csv",
        "H.E.S.S. 2018",
        "inner Galactic halo R1, Einasto (alpha=0.17, r_s=20 kpc), rho_sun=0.39 GeV/cm^3",
        False,
    ),
    "magic2014": (
        "magic2014_Segue1_sigmav.csv",
        "MAGIC 2014 (Segue 1)",
        "dwarf galaxy Segue 1 (J-factor of the MAGIC paper)",
        False,
    ),
    "cta2019": (
        "cta2019_GC_Einasto_500h_sensitivity_sigmav.csv",
        "CTA 500 h (projected)",
        "Galactic centre, Einasto, 500 h, projected sensitivity",
        True,
    ),
}


def repo_data_dir() -> Path:
    """``../shared/data`` relative to the repository root (the directory holding ``src/``)."""
    root = Path(__file__).resolve().parents[3]
    return root.parent / "shared" / "data"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The shared data directory (see module docstring); raises InputError if it does not exist."""
    if override is not None:
        path, how = Path(override), "given explicitly"
    elif os.environ.get(ENV_VAR):
        path, how = Path(os.environ[ENV_VAR]), f"from ${ENV_VAR}"
    else:
        path, how = repo_data_dir(), "default ../shared/data next to the repository"
    if not path.is_dir():
        msg = (
            f"gamma-line data directory {str(path)!r} ({how}) does not exist; set {ENV_VAR} to the "
            "shared/data directory or pass --data-dir"
        )
        raise InputError(msg)
    return path


def read_table(path: str | os.PathLike[str]) -> tuple[np.ndarray, np.ndarray]:
    """Read (mass in GeV, <sigma v> in cm^3/s) from a uniform CSV or a MadDM ExpData file."""
    p = Path(path)
    if not p.is_file():
        msg = f"gamma-line limit file {str(p)!r} does not exist"
        raise InputError(msg)
    masses: list[float] = []
    values: list[float] = []
    header_allowed = True
    for lineno, raw in enumerate(p.read_text().splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split(",") if "," in line else line.split()
        try:
            m, sv = float(parts[0]), float(parts[1])
        except (ValueError, IndexError):
            if header_allowed:  # the first non-comment line may be a header: mass_GeV,sigmav_cm3_s
                header_allowed = False
                continue
            msg = f"{p}: line {lineno}: expected 'mass_GeV, sigmav_cm3_s' numbers, got {raw!r}"
            raise InputError(msg) from None
        header_allowed = False
        if not (m > 0 and sv > 0 and math.isfinite(m) and math.isfinite(sv)):
            msg = f"{p}: line {lineno}: mass and <sigma v> must be positive, got {raw!r}"
            raise InputError(msg)
        masses.append(m)
        values.append(sv)
    if len(masses) < 2:
        msg = f"{p}: fewer than two data rows"
        raise InputError(msg)
    return np.array(masses), np.array(values)


def load(name: str, data_directory: str | os.PathLike[str] | None = None) -> LineLimit:
    """Load one of :data:`KNOWN` (e.g. ``"hess2018"``) or a file path relative to ``gamma_lines/``."""
    base = data_dir(data_directory) / "gamma_lines"
    if name in KNOWN:
        fname, label, profile, proj = KNOWN[name]
    else:
        fname, label, profile, proj = (
            name,
            Path(name).stem,
            "see the data README",
            "sens" in name.lower(),
        )
    m, sv = read_table(base / fname)
    return LineLimit(name, label, m, sv, profile, proj, str(Path("gamma_lines") / fname))


def load_default(data_directory: str | os.PathLike[str] | None = None) -> dict[str, LineLimit]:
    """All :data:`KNOWN` limits."""
    return {name: load(name, data_directory) for name in KNOWN}
