"""The UFO directory rendered from the records (one template per UFO file)."""

from __future__ import annotations

from alpseesaw import __version__
from alpseesaw.generators.base import render
from alpseesaw.generators.ufo.records import COUPLING_ORDERS, UFO_FILES, UFOModel


def _lit(x: str) -> str:
    """A Python string literal."""
    return repr(str(x))


def _indent(head: str) -> str:
    return " " * len(head)


def _views(model: UFOModel) -> dict[str, object]:
    """Template context: every field already formatted as Python source."""
    particles = [
        {
            "pyname": p.pyname, "antipyname": p.antipyname, "indent": _indent(f"{p.pyname} = Particle("),
            "pdg": p.pdg, "name": _lit(p.name), "antiname": _lit(p.antiname), "spin": p.spin, "colour": p.colour,
            "mass": p.mass, "width": p.width, "texname": _lit(p.texname), "antitexname": _lit(p.antitexname),
            "line": _lit(p.line), "charge": p.charge, "self_conjugate": p.self_conjugate,
            "lepton_number": p.lepton_number,
        }
        for p in model.particles
    ]  # fmt: skip
    parameters = [
        {
            "name": q.name, "name_lit": _lit(q.name), "indent": _indent(f"{q.name} = Parameter("),
            "nature": _lit(q.nature), "type": _lit(q.type),
            "value": q.value if q.nature == "external" else _lit(q.value), "texname": _lit(q.texname),
            "lhablock": _lit(q.lhablock) if q.lhablock else "", "lhacode": "[" + ", ".join(str(c) for c in q.lhacode) + "]",
            "comment": q.comment.replace("\n", " "),
        }
        for q in model.parameters
    ]  # fmt: skip
    couplings = [
        {
            "name": c.name, "name_lit": _lit(c.name), "indent": _indent(f"{c.name} = Coupling("), "value": _lit(c.value),
            "orders": "{" + ", ".join(f"{_lit(k)}: {v}" for k, v in c.orders) + "}",
        }
        for c in model.couplings
    ]  # fmt: skip
    lorentz = [
        {
            "name": lo.name, "name_lit": _lit(lo.name), "indent": _indent(f"{lo.name} = Lorentz("),
            "spins": "[" + ", ".join(str(s) for s in lo.spins) + "]", "structure": _lit(lo.structure),
        }
        for lo in model.lorentz
    ]  # fmt: skip
    vertices = [
        {
            "name": v.name, "name_lit": _lit(v.name), "indent": _indent(f"{v.name} = Vertex("), "ir": " ".join(v.ir_legs),
            "particles": ", ".join(f"P.{x}" for x in v.particles), "colour": ", ".join(_lit(c) for c in v.colour),
            "lorentz": ", ".join(f"L.{x}" for x in v.lorentz),
            "couplings": ", ".join(f"({c}, {lo}): C.{g}" for c, lo, g in v.couplings),
        }
        for v in model.vertices
    ]  # fmt: skip
    decays = [
        {
            "particle": d.particle, "indent": _indent(f"Decay_{d.particle} = Decay("),
            "channels": [(", ".join(f"P.{x}" for x in prods), _lit(w)) for prods, w in d.channels],
        }
        for d in model.decays
    ]  # fmt: skip
    return {
        "model": model, "version": __version__, "particles": particles, "parameters": parameters,
        "couplings": couplings, "lorentz": lorentz, "vertices": vertices, "decays": decays,
        "orders": [(k, e, h) for k, (e, h) in COUPLING_ORDERS.items()], "restrict_card": model.restrict_card,
    }  # fmt: skip


def render_files(model: UFOModel) -> dict[str, str]:
    """The UFO directory as ``{relative path: text}``."""
    ctx = _views(model)
    return {
        name: render(f"ufo/{name}.j2", **ctx)
        for name in UFO_FILES
        if name not in ("param_card.dat", "paramcard_default.dat")
    } | {
        "param_card.dat": model.param_card,
        # MadGraph's `output` copies this file as the process's param_card (otherwise it writes
        # one itself with %e, 7 digits: the heavy pairs' 2.5e-6 GeV splitting would be lost)
        "paramcard_default.dat": model.param_card,
    }
