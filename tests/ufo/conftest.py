"""Fixtures of the UFO tests: the IR and one UFO directory, built once per test session.

The UFO is generated at ``UFO_CARD``: the paper's benchmark shape, but with an ALP light enough
for phi -> a a (Ma = 300 GeV < Mphi/2) and heavy neutrinos lighter than the W (MN11 = 30 GeV, so
m(N1,N2) ~ 31 GeV and m(N3,N4) ~ 62 GeV) for W -> l N; sth, Cee and the ALP-gauge couplings are
switched on so that no class of vertex vanishes.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from alpseesaw.files import write_tree
from alpseesaw.generators import ufo
from alpseesaw.model import build_model

sys.path.insert(0, str(Path(__file__).parent))

#: The card the session's UFO is generated at (documented in docs/ufo.md).
UFO_CARD: dict[str, float] = {
    "Ma": 300.0, "Mphi": 1100.0, "MN11": 30.0, "sth": 0.1,
    "Cee": 5.0, "Cglu": 1.5, "CgZ": 2.0, "CZZ": 3.0, "CWW": 4.0, "Ctt": 2.0,
}  # fmt: skip


@pytest.fixture(scope="session")
def ir():
    return build_model()


@pytest.fixture(scope="session")
def card() -> dict[str, float]:
    return dict(UFO_CARD)


@pytest.fixture(scope="session")
def values(ir, card):
    return ir.evaluate(card)


@pytest.fixture(scope="session")
def ufo_files(ir, card) -> dict[str, str]:
    return ufo.generate(ir, card)


@pytest.fixture(scope="session")
def ufo_dir(ufo_files, tmp_path_factory) -> Path:
    return write_tree(ufo_files, tmp_path_factory.mktemp("ufo") / "alpseesaw_UFO")


@pytest.fixture(scope="session")
def ufo_module(ufo_dir):
    import ufo_numeric

    return ufo_numeric.load(ufo_dir)


@pytest.fixture(scope="session")
def amp_model(ufo_dir):
    """The UFO as ufoamp loads it."""
    import ufo_numeric

    return ufo_numeric.load_ufoamp(ufo_dir)
