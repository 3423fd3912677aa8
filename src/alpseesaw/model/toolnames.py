"""The external tools' naming rules, in one place, and the names of the IR's particles and
parameters in each tool, derived from the IR.

CalcHEP (and micrOMEGAs, and LanHEP, which writes CalcHEP files) -- its manual and what was
measured on the tool (../shared/TOOLS.md):

* a parameter name is a letter then ``[A-Za-z0-9_]``, at most 11 characters; ``p``/``m``/``M``
  followed only by digits, ``G5``, ``g5``, ``i``, ``I`` are forbidden; ``GG`` (the running strong
  coupling), ``pi``, ``Sqrt2``, ``i``, ``0`` are predefined; names differing only by case clash;
* a particle name has at most 8 characters, none of blank, tab, ``( ) % | , " \\``; the
  dark sector's names start with ``~`` (micrOMEGAs);
* a complex parameter is two real ones, ``VN11`` -> ``VNr11`` (real) and ``VNi11`` (imaginary);
  an automatic width is ``!wd<name>``.

Particle names: the Standard Model's particles keep CalcHEP's own names (by PDG code: ``e E``,
``m M``, ``l L``, quarks ``d D`` ..., ``A Z W+ W- G h``); the others keep their IR names, the
dark ones with ``~`` (``~chi ~Chi``), and a name that differs from another only by case gets an
``x`` (the ALP ``a`` beside the photon ``A``: ``ax``). UFO uses the IR names with the same
case rule. :func:`tool_names` gives every map at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from alpseesaw.errors import GenerationError

if TYPE_CHECKING:
    from collections.abc import Mapping

    from alpseesaw.model.fields import Particle
    from alpseesaw.model.ir import ModelIR

#: IR parameter -> CalcHEP name (everything else keeps its name).
PARAMETER_RENAMES: dict[str, str] = {"gs": "GG"}
#: Predefined by CalcHEP; never declared in the model files.
PREDEFINED = frozenset({"GG", "pi", "Sqrt2", "i", "0"})
#: What a CalcHEP parameter name may be (for messages).
PARAMETER_RULE = (
    "a letter then letters, digits or '_', at most 11 characters; not p/m/M+digits, G5, g5, i, I"
)
#: What a CalcHEP particle name may be (for messages).
PARTICLE_RULE = "1-8 characters from letters, digits and ~+-*_.'/"

_PARAMETER_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,10}$")
_RESERVED_RE = re.compile(r"^([pmM][0-9]+|[Gg]5|i|I)$")
_PARTICLE_RE = re.compile(r"^[A-Za-z0-9~+\-*_.'/]{1,8}$")

#: CalcHEP's names of the Standard Model's particles (its SM model files), by PDG code.
SM_NAMES: dict[int, tuple[str, str]] = {
    11: ("e", "E"), 13: ("m", "M"), 15: ("l", "L"),
    1: ("d", "D"), 2: ("u", "U"), 3: ("s", "S"), 4: ("c", "C"), 5: ("b", "B"), 6: ("t", "T"),
    21: ("G", "G"), 22: ("A", "A"), 23: ("Z", "Z"), 24: ("W+", "W-"), 25: ("h", "h"),
}  # fmt: skip
#: PDG codes of the Standard Model's particles (the others are new physics, UFO's order NP).
SM_PDG = frozenset({1, 2, 3, 4, 5, 6, 11, 12, 13, 14, 15, 16, 21, 22, 23, 24, 25})


def parameter_problem(name: object) -> str:
    """Why ``name`` cannot be a CalcHEP parameter ("" if it can)."""
    if (
        not isinstance(name, str)
        or not _PARAMETER_RE.fullmatch(name)
        or _RESERVED_RE.fullmatch(name)
    ):
        return "not a valid CalcHEP parameter name"
    return ""


def check_parameter_name(name: str) -> str:
    """A CalcHEP parameter name that a model may declare, or :class:`GenerationError`."""
    if parameter_problem(name) or name in PREDEFINED:
        msg = (
            f"parameter name {name!r} is not valid in CalcHEP: {PARAMETER_RULE}; "
            "pi, Sqrt2, GG are predefined"
        )
        raise GenerationError(msg)
    return name


def particle_problem(name: object) -> str:
    """Why ``name`` cannot be a CalcHEP particle ("" if it can)."""
    if not isinstance(name, str) or not _PARTICLE_RE.fullmatch(name):
        return f"not a valid CalcHEP particle name ({PARTICLE_RULE})"
    return ""


def check_particle_name(name: str, what: str = "particle name") -> str:
    """A valid CalcHEP particle name, or :class:`GenerationError` naming ``what`` it is."""
    if problem := particle_problem(name):
        msg = f"{what} {name!r} is {problem}"
        raise GenerationError(msg)
    return name


def complex_parts(name: str) -> tuple[str, str]:
    """Names of the real and imaginary parts of a complex parameter: ``VN11`` -> ``VNr11``,
    ``VNi11`` (the letters, then ``r``/``i``, then the digits)."""
    m = re.match(r"^([A-Za-z_]+)(\d*)$", name)
    stem, digits = (m.group(1), m.group(2)) if m else (name, "")
    return f"{stem}r{digits}", f"{stem}i{digits}"


def width_name(calchep_name: str) -> str:
    """The automatic width parameter of a CalcHEP particle: ``wd`` + its letters and digits."""
    return "wd" + re.sub(r"[^A-Za-z0-9]", "", calchep_name)


def is_new(particle: Particle) -> bool:
    """Not a particle of the Standard Model (by its PDG code)."""
    return abs(particle.pdg) not in SM_PDG


@dataclass(frozen=True)
class ToolNames:
    """The IR's names in the tools.

    Attributes:
        calchep: particle or antiparticle name -> CalcHEP (and LanHEP, micrOMEGAs) name.
        ufo: particle or antiparticle name -> UFO name.
        parameters: IR parameter -> CalcHEP name (``gs`` is CalcHEP's ``GG``).
        parts: complex IR parameter -> CalcHEP names of its real and imaginary parts.
    """

    calchep: Mapping[str, str]
    ufo: Mapping[str, str]
    parameters: Mapping[str, str]
    parts: Mapping[str, tuple[str, str]]

    def parfile(self, names: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
        """IR parameter -> the CalcHEP variables that set it (its parts if complex)."""
        return {n: self.parts.get(n, (self.parameters[n],)) for n in names}


def _unclash(names: dict[str, str]) -> dict[str, str]:
    """Append ``x`` to a name that differs from an earlier one only by case."""
    out: dict[str, str] = {}
    seen: set[str] = set()
    for key, name in names.items():
        new = name
        while new.lower() in seen:
            new += "x"
        seen.add(new.lower())
        out[key] = new
    return out


def _calchep_pair(p: Particle) -> tuple[str, str]:
    if abs(p.pdg) in SM_NAMES:
        return SM_NAMES[abs(p.pdg)]
    if p.dark:
        return f"~{p.name}", f"~{p.name[:1].upper()}{p.name[1:]}"
    return p.name, p.antiname


def _tool_names(ir: ModelIR) -> ToolNames:
    pairs = {p.name: _calchep_pair(p) for p in ir.particles}
    # case clashes are resolved particle by particle (a particle and its antiparticle may differ
    # only by case in CalcHEP: e E)
    first = _unclash({k: a for k, (a, _b) in pairs.items()})
    calchep: dict[str, str] = {}
    for p in ir.particles:
        n, an = pairs[p.name]
        suffix = first[p.name][len(n) :]
        calchep[p.name] = check_particle_name(n + suffix)
        calchep[p.antiname] = check_particle_name(an + suffix if an != n else n + suffix)
        if p.dark and not (calchep[p.name].startswith("~") and calchep[p.antiname].startswith("~")):
            msg = f"dark-sector particle {p.name!r} needs a CalcHEP name starting with '~'"
            raise GenerationError(msg)
    ufo_first = _unclash({p.name: p.name for p in ir.particles})
    ufo: dict[str, str] = {}
    for p in ir.particles:
        suffix = ufo_first[p.name][len(p.name) :]
        ufo[p.name] = p.name + suffix
        ufo[p.antiname] = p.antiname + suffix
    params: dict[str, str] = {}
    parts: dict[str, tuple[str, str]] = {}
    lowered: dict[str, str] = {}
    for q in ir.parameters:
        cname = PARAMETER_RENAMES.get(q.name, q.name)
        params[q.name] = cname
        if cname in PREDEFINED:
            continue
        check_parameter_name(cname)
        if q.is_complex:
            parts[q.name] = complex_parts(cname)
        for declared in parts.get(q.name, (cname,)):
            other = lowered.setdefault(declared.lower(), q.name)
            if other != q.name:
                msg = (
                    f"parameters {other!r} and {q.name!r} differ only by case; "
                    "CalcHEP cannot tell them apart"
                )
                raise GenerationError(msg)
    return ToolNames(calchep, ufo, params, parts)


def tool_names(ir: ModelIR) -> ToolNames:
    """Every tool name of the IR's particles and parameters (validated; computed once per IR).

    Raises:
        GenerationError: a name no tool accepts, or two names that differ only by case.
    """
    if ir.hash not in _CACHE:
        _CACHE[ir.hash] = _tool_names(ir)
    return _CACHE[ir.hash]


_CACHE: dict[str, ToolNames] = {}
