"""The oscillation data of Table 2 (best fit and 3 sigma ranges, NO and IO) and the 3 sigma test.

The numbers live in the package data file ``alpseesaw/data/oscillation_table2.toml`` (with their
source); this module only reads them (``importlib.resources``) and turns them into intervals.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, cast

import numpy as np

from alpseesaw.physics.neutrino.observables import OBSERVABLE_NAMES, Observables, check_ordering

if TYPE_CHECKING:
    from numpy.typing import NDArray

DATA_FILE = "oscillation_table2.toml"

#: The fitted observables, in the order of ``OscillationData.pulls`` columns.
FIT_NAMES: tuple[str, ...] = OBSERVABLE_NAMES[:6]


@dataclass(frozen=True)
class Measurement:
    """Best fit and asymmetric 3 sigma errors; the 3 sigma range is ``[best - minus, best + plus]``."""

    best: float
    minus: float
    plus: float

    @property
    def low(self) -> float:
        return self.best - self.minus

    @property
    def high(self) -> float:
        return self.best + self.plus

    @property
    def center(self) -> float:
        return 0.5 * (self.low + self.high)

    @property
    def half_width(self) -> float:
        return 0.5 * (self.high - self.low)


@dataclass(frozen=True)
class OscillationData:
    """Table 2 for one ordering. ``delta_cp_deg`` may extend past 360 (an arc on the circle)."""

    ordering: str
    measurements: tuple[tuple[str, Measurement], ...]
    source: str

    def __getitem__(self, name: str) -> Measurement:
        return dict(self.measurements)[name]

    def pulls(self, obs: Observables) -> NDArray[np.float64]:
        """``(value - centre) / half_width`` of the six fitted observables, shape ``(..., 6)``.

        The 3 sigma range is ``|pull| <= 1``. For ``delta_cp_deg`` the difference is taken on the
        circle (in ``(-180, 180]``), so the wrapped NO arc is handled.
        """
        cols = []
        for name in FIT_NAMES:
            m = self[name]
            x = np.asarray(getattr(obs, name), dtype=float)
            d = x - m.center
            if name == "delta_cp_deg":
                d = np.mod(d + 180.0, 360.0) - 180.0
            cols.append(d / m.half_width)
        return np.stack(cols, axis=-1)

    def consistent(self, obs: Observables) -> NDArray[np.bool_]:
        """True where all six observables lie inside their 3 sigma ranges."""
        if obs.ordering != self.ordering:
            msg = f"observables are for {obs.ordering}, data for {self.ordering}"
            raise ValueError(msg)
        p = self.pulls(obs)
        return np.all(np.abs(p) <= 1.0, axis=-1) & np.all(np.isfinite(p), axis=-1)

    def delta_in_window(self, delta_deg: NDArray[np.float64]) -> NDArray[np.float64]:
        """``delta`` expressed on the data's arc: ``low + ((delta - low) mod 360)`` (degrees)."""
        low = self["delta_cp_deg"].low
        return low + np.mod(np.asarray(delta_deg) - low, 360.0)


@cache
def _raw() -> dict[str, object]:
    text = resources.files("alpseesaw").joinpath("data", DATA_FILE).read_text(encoding="utf-8")
    return tomllib.loads(text)


def load_oscillation_data(ordering: str = "NO") -> OscillationData:
    """Table 2 of the paper for ``ordering`` (``"NO"`` or ``"IO"``), read from the package data."""
    check_ordering(ordering)
    raw = _raw()
    block = cast("dict[str, dict[str, float]]", raw[ordering])
    meas = tuple((name, Measurement(**block[name])) for name in FIT_NAMES)
    src = cast("dict[str, str]", raw["source"])
    return OscillationData(ordering=ordering, measurements=meas, source=str(src["reference"]))
