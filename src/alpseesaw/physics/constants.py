"""Physical constants and unit conversions used by the dark-matter and g-2 calculators.

Natural units (hbar = c = k_B = 1) with energies in GeV throughout; conversions to cm^3/s are
explicit. Values are PDG 2024 unless stated.
"""

from __future__ import annotations

import math

#: 1 GeV^-2 expressed in cm^3/s: (hbar c)^2 * c = (1.973269804e-14 GeV cm)^2 * 2.99792458e10 cm/s.
GEV2_TO_CM3_S: float = (1.973269804e-14) ** 2 * 2.99792458e10  # = 1.1673e-17

#: 1 GeV^-2 in picobarn (micrOMEGAs' 3.8937966e8).
GEV2_TO_PB: float = 3.8937966e8

#: Non-reduced Planck mass in GeV (PDG: 1.220890(14) x 10^19 GeV).
M_PLANCK: float = 1.220890e19

#: Entropy density today in cm^-3 (PDG, T0 = 2.7255 K, h_eff = 43/11 for instantaneous decoupling).
S0_CM3: float = 2891.2

#: Critical density / h^2 in GeV cm^-3 (PDG: 1.053 672(24) x 10^-5 h^2 GeV cm^-3).
RHO_CRIT_H2_GEV_CM3: float = 1.053672e-5

#: Omega h^2 = OMEGA_Y_FACTOR * (m / GeV) * Y_0 (Y_0 = n / s today, all dark-matter particles counted).
OMEGA_Y_FACTOR: float = S0_CM3 / RHO_CRIT_H2_GEV_CM3  # = 2.7439e8 (micrOMEGAs 6.0 uses 2.742e8)

#: Fine-structure constant in the Thomson limit, alpha(0) (PDG: 1/137.035999084).
ALPHA_0: float = 1.0 / 137.035999084

#: Planck 2018 dark-matter density, eq (3.13) of the paper: Omega h^2 = 0.120 +- 0.0012.
OMEGA_PLANCK: float = 0.120
OMEGA_PLANCK_ERR: float = 0.0012

#: The paper's thermal-relic cross section and its nominal band (Section 3.2), in cm^3/s.
#: It is the usual value for a self-conjugate particle; see ``relic.freeze_out_estimate`` for the
#: Dirac normalisation used with it.
SIGMAV_THERMAL_CM3_S: float = 2.6e-26
SIGMAV_THERMAL_BAND_CM3_S: float = 0.4e-26

#: Muon g-2 discrepancy, eq (3.14): Delta a_mu = (249 +- 48) x 10^-11.
DELTA_A_MU: float = 249e-11
DELTA_A_MU_ERR: float = 48e-11

PI: float = math.pi
