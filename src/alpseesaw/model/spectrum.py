"""The mass spectrum at a card: every particle of the mass basis, by PDG code."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from alpseesaw.model.fields import particles
from alpseesaw.model.neutrinos import HEAVY, LIGHT

if TYPE_CHECKING:
    from collections.abc import Mapping

    from alpseesaw.model.parameters import Value


def spectrum(values: Mapping[str, Value]) -> dict[str, Any]:
    """JSON-able spectrum: ``masses_GeV`` by PDG code (as a string), names, widths, neutrinos.

    ``values`` are all parameters evaluated at a card (:func:`alpseesaw.model.load_values`).
    """
    masses: dict[str, float] = {}
    table: dict[str, dict[str, Any]] = {}
    for p in particles():
        m = 0.0 if p.mass == "ZERO" else float(abs(values[p.mass]))
        w = 0.0 if p.width == "ZERO" else float(values[p.width].real)
        masses[str(p.pdg)] = m
        table[str(p.pdg)] = {"name": p.name, "antiname": p.antiname, "mass_GeV": m, "width_GeV": w}
    light = [float(values[n].real) for n in LIGHT]
    heavy = [float(values[n].real) for n in HEAVY]
    return {
        "masses_GeV": masses,
        "particles": table,
        "neutrinos": {
            "light_meV": [m * 1e12 for m in light],
            "dm21_eV2": (light[1] ** 2 - light[0] ** 2) * 1e18,
            "dm31_eV2": (light[2] ** 2 - light[0] ** 2) * 1e18,
            "heavy_GeV": heavy,
            "heavy_pairs_GeV": [[heavy[0], heavy[1]], [heavy[2], heavy[3]]],
            "pair_splittings_GeV": [heavy[1] - heavy[0], heavy[3] - heavy[2]],
        },
    }
