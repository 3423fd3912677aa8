"""alpseesaw: the inverse-seesaw + ALP-portal fermion dark-matter model, end to end.

Data flow, left to right::

    model/  (SymPy Lagrangian -> checks -> Feynman rules -> frozen ModelIR)
      -> generators/ + templates/  (LanHEP, CalcHEP, micrOMEGAs, UFO)
      -> runners/   (local / container execution of LanHEP and micrOMEGAs)
      -> physics/   (built-in observables: neutrino fit, relic density, g-2, gamma lines)
      -> validation/ (cross-validation campaigns and reports)
"""

#: The package's version, written here only: the build reads it from this line
#: (``[tool.hatch.version]`` in pyproject.toml), so no command reads the installed metadata for it.
__version__ = "0.1.0"

__all__ = ["__version__"]
