"""Neutrino sector of the paper (Sec. 3.1, 4): textures A/B, Takagi, observables, oscillation fit.

* ``textures`` -- the light mass matrices (3.5)/(3.6) of ``(kappa, y1, y2, y3, alpha, beta, phi)``;
* ``takagi`` -- batched, vectorised Takagi factorisation of complex symmetric 3x3 matrices;
* ``observables`` -- angles, splittings, delta_CP, sum m, m_eff, m_ee for NO or IO (eqs 3.7-3.9);
* ``data`` -- Table 2 (package data file) and the 3 sigma test;
* ``scan`` -- the viable region of (4.1): fits from random starts, walk, extremes;
* ``reproduce`` / ``output`` -- Table 3 and Fig. 2; ``card`` -- a viable point as model inputs.

The functions ``scan.scan`` and ``takagi.takagi`` share their module's name and are therefore not
re-exported here (the attribute would shadow the submodule): import them from their modules.
"""

from alpseesaw.physics.neutrino.card import CardPoint, card_values, kappa_of_card
from alpseesaw.physics.neutrino.data import OscillationData, load_oscillation_data
from alpseesaw.physics.neutrino.observables import (
    OBSERVABLE_NAMES,
    Observables,
    observables_from_matrix,
    texture_observables,
)
from alpseesaw.physics.neutrino.scan import ScanResult, ScanSettings
from alpseesaw.physics.neutrino.takagi import TakagiResult, takagi_robust
from alpseesaw.physics.neutrino.textures import (
    PAPER_BOUNDS,
    PARAM_NAMES,
    light_mass_matrix,
    light_mass_matrix_from_params,
)

__all__ = [
    "OBSERVABLE_NAMES",
    "PAPER_BOUNDS",
    "PARAM_NAMES",
    "CardPoint",
    "Observables",
    "OscillationData",
    "ScanResult",
    "ScanSettings",
    "TakagiResult",
    "card_values",
    "kappa_of_card",
    "light_mass_matrix",
    "light_mass_matrix_from_params",
    "load_oscillation_data",
    "observables_from_matrix",
    "takagi_robust",
    "texture_observables",
]
