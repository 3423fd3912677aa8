"""Model-file generators: the IR in, ``{relative path: text}`` out; one module per target.

Pure: nothing here reads or writes files, caches or starts processes (that is the edge,
:mod:`alpseesaw.emit`). :func:`generate` gives one target's files with its ``manifest.json``;
:func:`generate_many` several at once, sharing the CalcHEP model between the CalcHEP files and
the micrOMEGAs project that embeds them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from alpseesaw.errors import GenerationError
from alpseesaw.generators.base import Files, manifest
from alpseesaw.model.card import as_point

if TYPE_CHECKING:
    from collections.abc import Sequence

    from alpseesaw.model.card import PointLike
    from alpseesaw.model.ir import ModelIR

#: target -> module providing ``generate(ir, externals) -> dict[str, str]``
TARGETS: dict[str, str] = {
    t: f"alpseesaw.generators.{t}" for t in ("calchep", "micromegas", "lanhep", "ufo")
}


#: Modules the generators of several targets import: :func:`prepare` imports them once in the
#: process that forks the workers (each worker would import them again, and make the template
#: environment again).
SHARED_MODULES = (
    "alpseesaw.generators.printers.fast",
    "alpseesaw.generators.printers.strict",
    "alpseesaw.generators.slha",
    "alpseesaw.model.forms",
    "alpseesaw.model.toolnames",
)


def prepare() -> None:
    """Import what the generators of several targets share (:data:`SHARED_MODULES`) and make the
    template environment, before workers fork: once instead of once per worker."""
    from alpseesaw.generators.base import environment

    for module in SHARED_MODULES:
        importlib.import_module(module)
    environment()


def available_targets() -> tuple[str, ...]:
    """Targets whose generator module is present."""
    return tuple(name for name, module in TARGETS.items() if importlib.util.find_spec(module))


def generate_many(targets: Sequence[str], ir: ModelIR, point: PointLike) -> dict[str, Files]:
    """The files of ``targets`` (each with ``manifest.json``) at the point (a validated
    :class:`~alpseesaw.model.card.Point`, or external values validated here)."""
    point = as_point(ir, point)
    unknown = [t for t in targets if t not in TARGETS]
    if unknown:
        msg = f"unknown target {unknown[0]!r}; choose from {', '.join(TARGETS)}"
        raise GenerationError(msg)
    shared = None
    if {"calchep", "micromegas"} <= set(targets):  # imported only where needed: a worker's time
        from alpseesaw.generators import calchep

        shared = calchep.model(ir, point)
    out: dict[str, Files] = {}
    for target in targets:
        if target == "calchep" and shared is not None:
            files = dict(shared.files)
        elif target == "micromegas":
            from alpseesaw.generators import micromegas

            files = micromegas.generate(ir, point, model=shared)
        else:
            files = dict(importlib.import_module(TARGETS[target]).generate(ir, point))
        if "manifest.json" not in files:  # the micrOMEGAs project writes its own (PARFILE names)
            files["manifest.json"] = manifest(target, ir.hash, point.externals, files)
        out[target] = files
    return out


def generate(target: str, ir: ModelIR, point: PointLike) -> Files:
    """The files of one target at the point, with ``manifest.json``."""
    return generate_many([target], ir, point)[target]
