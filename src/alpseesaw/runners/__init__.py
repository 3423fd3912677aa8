"""Run external tools (micrOMEGAs, LanHEP) locally or in a container, behind one interface.

- :class:`RunSpec` / :class:`RunResult` / :class:`Resources`: what to run and what came back.
- :class:`LocalRunner` (subprocess) and :class:`ContainerRunner` (docker SDK, Docker or Podman).
- :func:`build_project` and :class:`MicromegasProject`: build a generated micrOMEGAs project
  once (cached by its sources and the tool) and compute points. The project directory and its
  ``manifest.json`` are the interface to the generators (runners import none of them).
- :func:`run_lanhep`: LanHEP model sources -> CalcHEP/UFO files.

Every failure raises :class:`alpseesaw.errors.ToolRunError`.
"""

from __future__ import annotations

from alpseesaw.runners.container import ContainerRunner
from alpseesaw.runners.lanhep import LanhepOutput, find_lhep, run_lanhep
from alpseesaw.runners.local import LocalRunner
from alpseesaw.runners.micromegas import (
    MicromegasProject,
    build_project,
    locate_micromegas,
)
from alpseesaw.runners.parsers import MicromegasResult, OmegaChannel
from alpseesaw.runners.spec import Resources, Runner, RunResult, RunSpec

__all__ = [
    "ContainerRunner",
    "LanhepOutput",
    "LocalRunner",
    "MicromegasProject",
    "MicromegasResult",
    "OmegaChannel",
    "Resources",
    "RunResult",
    "RunSpec",
    "Runner",
    "build_project",
    "find_lhep",
    "locate_micromegas",
    "run_lanhep",
]
