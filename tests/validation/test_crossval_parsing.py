"""Round-off in micrOMEGAs' sigma v at v -> 0, as met in the campaign (point bench-aa-open).

chi chi~ -> a a (two pseudoscalars) is p-wave: micrOMEGAs' vcs22 at v = 0 returns round-off,
e.g. -4.0e-46 cm^3/s beside sigma v(gamma gamma) = 1e-29 cm^3/s (Mchi = 1 TeV, Ma = 500 GeV).
That is zero; a negative value comparable to the channels is still an error.
"""

from __future__ import annotations

import json

import pytest

from alpseesaw.runners.parsers import OutputFormatError, parse_micromegas_output

GOOD = {
    "tool": "micromegas", "micromegas_version": "6.0", "calchep_version": "3.8.9", "model": "m",
    "parfile": "p.par", "dm": {"name": "~chi", "antiparticle": "~Chi", "mass_GeV": 1000.0},
    "omega_h2": 92.26, "xf": 20.0, "omega_channels": [],
    "sigmav_normalisation": "per ~chi ~Chi pair", "masses_GeV": {"chi": 1000.0}, "parameters": {},
}  # fmt: skip


def test_negative_round_off_of_a_p_wave_channel_is_zero() -> None:
    res = parse_micromegas_output(
        json.dumps({**GOOD, "sigmav_cm3_s": {"A A": 1.0e-29, "ax ax": -4.0e-46}})
    )
    assert res.sigmav_cm3_s["ax ax"] == 0.0
    assert res.sigmav_cm3_s["A A"] == 1.0e-29


def test_significant_negative_sigma_v_is_still_an_error() -> None:
    with pytest.raises(OutputFormatError, match="negative sigma v"):
        parse_micromegas_output(
            json.dumps({**GOOD, "sigmav_cm3_s": {"A A": 1.0e-29, "ax ax": -1.0e-35}})
        )
    with pytest.raises(OutputFormatError, match="negative sigma v"):
        parse_micromegas_output(json.dumps({**GOOD, "sigmav_cm3_s": {"ax ax": -4.0e-46}}))
