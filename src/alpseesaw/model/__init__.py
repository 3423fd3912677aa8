"""The model: SymPy Lagrangian -> checks -> Feynman rules -> one frozen IR.

Public doorway:

* :func:`load_values` -- every parameter evaluated at a card plus ``--set`` overrides;
* :func:`build_model` -- the frozen :class:`~alpseesaw.model.ir.ModelIR` (cached per process);
* :func:`run_checks` -- gauge/PQ invariance, hermiticity, vacuum, spectrum, charge conservation;
* :func:`spectrum` -- masses of every particle of the mass basis, by PDG code.
"""

from alpseesaw.model.build import build_model
from alpseesaw.model.card import load_values
from alpseesaw.model.checks import run_checks
from alpseesaw.model.ir import ModelIR
from alpseesaw.model.spectrum import spectrum

__all__ = ["ModelIR", "build_model", "load_values", "run_checks", "spectrum"]
