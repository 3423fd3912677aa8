"""The model: SymPy Lagrangian -> checks -> Feynman rules -> one frozen IR.

Public doorway:

* :func:`load_values` -- every parameter evaluated at a card plus ``--set`` overrides;
* :func:`build_model` -- the frozen :class:`~alpseesaw.model.ir.ModelIR` (cached per process);
* :func:`run_checks` -- gauge/PQ invariance, hermiticity, vacuum, spectrum, charge conservation;
* :func:`spectrum` -- masses of every particle of the mass basis, by PDG code.
"""

from typing import TYPE_CHECKING, Any

from alpseesaw.model.build import build_model
from alpseesaw.model.card import load_values
from alpseesaw.model.ir import ModelIR
from alpseesaw.model.spectrum import spectrum

if TYPE_CHECKING:
    from alpseesaw.model.checks import run_checks

__all__ = ["ModelIR", "build_model", "load_values", "run_checks", "spectrum"]


def __getattr__(name: str) -> Any:
    """``run_checks``, imported when first asked for (a generation does not check the model:
    ``checks`` is 800 lines of SymPy and numpy)."""
    if name == "run_checks":
        from alpseesaw.model.checks import run_checks

        return run_checks
    raise AttributeError(name)
