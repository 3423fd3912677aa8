"""``particles.py``: UFO particle names and records."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from alpseesaw.errors import GenerationError
from alpseesaw.generators.ufo.records import UFOParticle
from alpseesaw.model.toolnames import tool_names

if TYPE_CHECKING:
    from alpseesaw.model.fields import Particle
    from alpseesaw.model.ir import ModelIR


def ufo_name(ir: ModelIR, ir_name: str) -> str:
    """UFO particle name of an IR particle or antiparticle name (:mod:`alpseesaw.model.toolnames`)."""
    return tool_names(ir).ufo[ir_name]


def python_name(name: str) -> str:
    """FeynRules' Python identifier of a particle name (``e+`` -> ``e__plus__``)."""
    out = name.replace("+", "__plus__").replace("-", "__minus__").replace("~", "__tilde__")
    if not out.isidentifier():
        msg = f"particle name {name!r} has no Python identifier ({out!r})"
        raise GenerationError(msg)
    return out


def anti_name(ir: ModelIR, name: str) -> str:
    p = ir.particle(name)
    return p.antiname if name == p.name else p.name


def particle_record(ir: ModelIR, p: Particle) -> UFOParticle:
    name, anti = ufo_name(ir, p.name), ufo_name(ir, p.antiname)
    tex = p.texname or name
    if p.self_conjugate:
        anti_tex = tex
    elif tex.endswith(("^-", "^+")):
        anti_tex = tex[:-1] + ("+" if tex.endswith("-") else "-")
    else:
        anti_tex = "\\bar{" + tex + "}"
    charge = Fraction(p.charge)
    charge_s = (
        str(charge.numerator)
        if charge.denominator == 1
        else f"{charge.numerator}/{charge.denominator}"
    )
    return UFOParticle(
        name=name, antiname=anti, pyname=python_name(name), antipyname=python_name(anti), pdg=p.pdg,
        spin=p.spin, colour=p.colour, mass=p.mass, width=p.width, texname=tex, antitexname=anti_tex,
        charge=charge_s, line=p.line, self_conjugate=p.self_conjugate,
        lepton_number=1 if p.spin == 2 and p.colour == 1 and not p.self_conjugate and not p.dark else 0,
    )  # fmt: skip
