"""The UFO model as frozen records, before rendering (one record per UFO object)."""

from __future__ import annotations

from dataclasses import dataclass, field

#: The files of the UFO directory, in the order they are listed in the docs.
UFO_FILES: tuple[str, ...] = (
    "__init__.py", "object_library.py", "function_library.py", "particles.py", "parameters.py",
    "couplings.py", "lorentz.py", "vertices.py", "coupling_orders.py", "propagators.py",
    "decays.py", "write_param_card.py", "param_card.dat", "paramcard_default.dat",
    "restrict_default.dat",
)  # fmt: skip


#: Coupling orders: name -> (expansion order, hierarchy).
COUPLING_ORDERS: dict[str, tuple[int, int]] = {"QCD": (99, 1), "QED": (99, 2), "NP": (99, 2)}


@dataclass(frozen=True)
class UFOParticle:
    name: str
    antiname: str
    pyname: str
    antipyname: str
    pdg: int
    spin: int
    colour: int
    mass: str
    width: str
    texname: str
    antitexname: str
    charge: str
    line: str
    self_conjugate: bool
    lepton_number: int


@dataclass(frozen=True)
class UFOParameter:
    name: str
    nature: str  # "external" | "internal"
    type: str  # "real" | "complex"
    value: str  # a number (external) or a UFO expression (internal)
    texname: str
    lhablock: str | None = None
    lhacode: tuple[int, ...] = ()
    comment: str = ""


@dataclass(frozen=True)
class UFOCoupling:
    name: str
    value: str
    orders: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class UFOLorentz:
    name: str
    spins: tuple[int, ...]
    structure: str


@dataclass(frozen=True)
class UFOVertex:
    name: str
    particles: tuple[str, ...]  # python names
    colour: tuple[str, ...]
    lorentz: tuple[str, ...]
    couplings: tuple[tuple[int, int, str], ...]  # (colour index, lorentz index, coupling name)
    ir_legs: tuple[str, ...]  # the IR vertex it comes from


@dataclass(frozen=True)
class UFODecay:
    particle: str  # python name
    channels: tuple[tuple[tuple[str, ...], str], ...]  # (product python names, width expression)


@dataclass(frozen=True)
class UFOModel:
    """Everything the templates need, already formatted (templates do no maths)."""

    name: str
    particles: tuple[UFOParticle, ...]
    parameters: tuple[UFOParameter, ...]
    couplings: tuple[UFOCoupling, ...]
    lorentz: tuple[UFOLorentz, ...]
    vertices: tuple[UFOVertex, ...]
    decays: tuple[UFODecay, ...]
    param_card: str
    restrict_card: str
    header: dict[str, str] = field(default_factory=dict)
