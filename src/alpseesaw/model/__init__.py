"""The model: SymPy Lagrangian -> checks -> Feynman rules -> one frozen IR.

Public doorway:

* :func:`load_values` -- every parameter evaluated at a card plus ``--set`` overrides;
* :func:`build_model` -- the frozen :class:`~alpseesaw.model.ir.ModelIR` (cached per process).
"""

from alpseesaw.model.card import load_values

__all__ = ["load_values"]
