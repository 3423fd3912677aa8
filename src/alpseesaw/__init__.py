"""alpseesaw: the inverse-seesaw + ALP-portal fermion dark-matter model, end to end.

Data flow, left to right::

    model/  (SymPy Lagrangian -> checks -> Feynman rules -> frozen ModelIR)
      -> generators/ + templates/  (LanHEP, CalcHEP, micrOMEGAs, UFO)
      -> runners/   (local / container execution of LanHEP and micrOMEGAs)
      -> physics/   (built-in observables: neutrino fit, relic density, g-2, gamma lines)
      -> validation/ (cross-validation campaigns and reports)
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("alpseesaw")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
