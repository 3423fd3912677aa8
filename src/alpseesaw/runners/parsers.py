"""Pure parsers of tool output (no I/O, no tools needed to test them).

- :func:`parse_micromegas_output`: the one JSON line printed by the generated micrOMEGAs
  ``main`` -> :class:`MicromegasResult`, or :class:`ToolReportedError` for its error object.
- :func:`parse_lanhep_output`: LanHEP's messages -> :class:`LanhepReport`. LanHEP exits with 0
  even when it reports errors, so this is how failures are detected.
- :func:`compiler_errors`: the error lines of a failed ``make``/``gcc`` run.

Parsers raise :class:`OutputFormatError` for output they cannot read; the drivers turn both
exception types into :class:`~alpseesaw.errors.ToolRunError` with the argv and stderr.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from collections.abc import Mapping

#: Relative size (to the largest channel) below which a negative sigma v is round-off, i.e. zero.
SIGMAV_ROUNDOFF = 1e-10


class OutputFormatError(ValueError):
    """The tool's output is not in the expected format (the message says what is wrong)."""


class ToolReportedError(Exception):
    """The tool reported a failure itself (e.g. micrOMEGAs' negative Omega)."""

    def __init__(self, kind: str, message: str, exit_code: int | None = None) -> None:
        self.kind = kind
        self.message = message
        self.exit_code = exit_code
        super().__init__(f"{kind}: {message}")


# --------------------------------------------------------------------------- micrOMEGAs


@dataclass(frozen=True)
class OmegaChannel:
    """One channel's share of 1/Omega (micrOMEGAs ``omegaCh``)."""

    initial: tuple[str, str]
    final: tuple[str, str]
    fraction: float


@dataclass(frozen=True)
class MicromegasResult:
    """One parameter point computed by the generated micrOMEGAs ``main``.

    Attributes:
        omega_h2: relic density Omega h^2 (dimensionless).
        xf: x_f = M_DM / T_f at freeze-out (dimensionless).
        dm_name, dm_mass_GeV: the dark-matter particle found by micrOMEGAs and its mass (GeV).
        sigmav_cm3_s: final-state key -> sigma v at v -> 0 per DM DM~ pair, cm^3/s.
        sigmav_normalisation: the normalisation of ``sigmav_cm3_s``, as stated by ``main``.
        sigmav_all_pairs_cm3_s: micrOMEGAs' calcSpectrum sigma v (all pairs averaged), cm^3/s;
            None if the project was generated without it.
        omega_channels: channels contributing to 1/Omega, largest first.
        masses_GeV: particle masses used (GeV).
        parameters: model parameter values used.
        micromegas_version, calchep_version: the tools ``main`` was built with.
        timing_s: wall-clock seconds of the steps inside ``main``.
        raw: the whole JSON object.
    """

    omega_h2: float
    xf: float
    dm_name: str
    dm_mass_GeV: float
    sigmav_cm3_s: Mapping[str, float]
    sigmav_normalisation: str
    sigmav_all_pairs_cm3_s: float | None
    omega_channels: tuple[OmegaChannel, ...]
    masses_GeV: Mapping[str, float]
    parameters: Mapping[str, float]
    micromegas_version: str
    calchep_version: str
    timing_s: Mapping[str, float] = field(default_factory=dict)
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)


def _reject_constant(name: str) -> float:
    msg = f"non-finite number {name} in the JSON output"
    raise OutputFormatError(msg)


def _number(obj: Mapping[str, Any], key: str) -> float:
    value = obj.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        msg = f"field {key!r} is {value!r}, not a finite number"
        raise OutputFormatError(msg)
    return float(value)


def _number_map(obj: Mapping[str, Any], key: str) -> Mapping[str, float]:
    value = obj.get(key)
    if not isinstance(value, dict):
        msg = f"field {key!r} is {value!r}, not an object"
        raise OutputFormatError(msg)
    return MappingProxyType({str(k): _number(value, k) for k in value})


def _string(obj: Mapping[str, Any], key: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str):
        msg = f"field {key!r} is {value!r}, not a string"
        raise OutputFormatError(msg)
    return value


def single_json_line(stdout: str) -> dict[str, Any]:
    """The JSON object of the only non-blank line of ``stdout``.

    Raises:
        OutputFormatError: no line, several lines, invalid JSON, NaN/Infinity, not an object.
    """
    lines = [line for line in stdout.splitlines() if line.strip()]
    if not lines:
        msg = "no output on stdout (expected one JSON line)"
        raise OutputFormatError(msg)
    if len(lines) > 1:
        msg = f"{len(lines)} lines on stdout (expected one JSON line); first: {lines[0][:200]!r}"
        raise OutputFormatError(msg)
    try:
        obj = json.loads(lines[0], parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        msg = f"invalid JSON on stdout ({exc.msg} at column {exc.colno}): {lines[0][:200]!r}"
        raise OutputFormatError(msg) from exc
    if not isinstance(obj, dict):
        msg = f"stdout holds JSON {type(obj).__name__}, expected an object"
        raise OutputFormatError(msg)
    return obj


def parse_micromegas_output(stdout: str) -> MicromegasResult:
    """Parse the stdout of the generated micrOMEGAs ``main``.

    Raises:
        ToolReportedError: ``main`` printed an error object (bad input, negative Omega, ...).
        OutputFormatError: the output is not one JSON line of the expected shape, or Omega or
            a cross section is negative.
    """
    obj = single_json_line(stdout)
    if "error" in obj:
        err = obj["error"]
        if not isinstance(err, dict):
            raise ToolReportedError("unknown", str(err))
        code = err.get("exit_code")
        return_code = code if isinstance(code, int) and not isinstance(code, bool) else None
        raise ToolReportedError(
            str(err.get("kind", "unknown")), str(err.get("message", "")), return_code
        )
    omega = _number(obj, "omega_h2")
    if omega <= 0:
        msg = f"omega_h2 = {omega} is not positive (micrOMEGAs signals failures so)"
        raise OutputFormatError(msg)
    dm = obj.get("dm")
    if not isinstance(dm, dict):
        msg = f"field 'dm' is {dm!r}, not an object"
        raise OutputFormatError(msg)
    sigmav = _number_map(obj, "sigmav_cm3_s")
    # A channel that vanishes at v -> 0 (p-wave, e.g. chi chi~ -> a a) comes back as round-off of
    # either sign; such values (below SIGMAV_ROUNDOFF of the largest channel) are zero.
    scale = max((abs(v) for v in sigmav.values()), default=0.0)
    negative = {k: v for k, v in sigmav.items() if v < 0 and -v > SIGMAV_ROUNDOFF * scale}
    if negative:
        msg = f"negative sigma v in {negative}"
        raise OutputFormatError(msg)
    sigmav = MappingProxyType({k: max(v, 0.0) for k, v in sigmav.items()})
    channels = []
    for ch in obj.get("omega_channels", []):
        if not isinstance(ch, dict):
            msg = f"omega channel {ch!r} is not an object"
            raise OutputFormatError(msg)
        initial, final = ch.get("in"), ch.get("out")
        if not (isinstance(initial, list) and isinstance(final, list)):
            msg = f"omega channel {ch!r} lacks 'in'/'out' lists"
            raise OutputFormatError(msg)
        channels.append(
            OmegaChannel(
                cast("tuple[str, str]", tuple(map(str, initial))),
                cast("tuple[str, str]", tuple(map(str, final))),
                _number(ch, "fraction"),
            )
        )
    all_pairs = _number(obj, "sigmav_all_pairs_cm3_s") if "sigmav_all_pairs_cm3_s" in obj else None
    return MicromegasResult(
        omega_h2=omega,
        xf=_number(obj, "xf"),
        dm_name=_string(dm, "name"),
        dm_mass_GeV=_number(dm, "mass_GeV"),
        sigmav_cm3_s=sigmav,
        sigmav_normalisation=_string(obj, "sigmav_normalisation"),
        sigmav_all_pairs_cm3_s=all_pairs,
        omega_channels=tuple(channels),
        masses_GeV=_number_map(obj, "masses_GeV"),
        parameters=_number_map(obj, "parameters"),
        micromegas_version=_string(obj, "micromegas_version"),
        calchep_version=_string(obj, "calchep_version"),
        timing_s=_number_map(obj, "timing_s") if "timing_s" in obj else MappingProxyType({}),
        raw=MappingProxyType(obj),
    )


# --------------------------------------------------------------------------- LanHEP


@dataclass(frozen=True)
class LanhepMessage:
    """One error or warning of LanHEP, with its file and line when LanHEP names them."""

    severity: str  # "error" or "warning"
    text: str
    file: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}: " if self.file and self.line else ""
        return f"{where}{self.severity}: {self.text}"


@dataclass(frozen=True)
class LanhepReport:
    """What LanHEP said: its errors, its warnings and the files it processed."""

    errors: tuple[LanhepMessage, ...]
    warnings: tuple[LanhepMessage, ...]
    processed: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """True when LanHEP reported no error."""
        return not self.errors


_LH_LOCATED = re.compile(
    r'^File "(?P<file>[^"]*)", line (?P<line>\d+):\s*(?P<sev>Error|Warning)\s*:?\s*(?P<text>.*)$'
)
_LH_PLAIN = re.compile(r"^(?P<sev>Error|Warning)\s*:\s*(?P<text>.*)$")
_LH_PROCESSED = re.compile(r"^File (?P<file>.+?) processed")
_LH_SUMMARY = "THERE WERE ERRORS DURING PROCESSING"


def parse_lanhep_output(text: str) -> LanhepReport:
    """Parse LanHEP's stdout/stderr (its messages go to stdout; its exit status is always 0).

    Lines ``File "x.lhp", line 3: Error: ...`` and ``Error: ...`` are errors (likewise for
    warnings); the summary ``THERE WERE ERRORS DURING PROCESSING`` counts as an error if no
    individual error was seen.
    """
    errors: list[LanhepMessage] = []
    warnings: list[LanhepMessage] = []
    processed: list[str] = []
    summary = False
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if m := _LH_LOCATED.match(line):
            msg = LanhepMessage(m["sev"].lower(), m["text"].strip(), m["file"], int(m["line"]))
        elif m := _LH_PLAIN.match(line):
            msg = LanhepMessage(m["sev"].lower(), m["text"].strip())
        else:
            if m := _LH_PROCESSED.match(line):
                processed.append(m["file"])
            elif _LH_SUMMARY in line:
                summary = True
            continue
        (errors if msg.severity == "error" else warnings).append(msg)
    if summary and not errors:
        errors.append(LanhepMessage("error", "LanHEP reported errors during processing"))
    return LanhepReport(tuple(errors), tuple(warnings), tuple(processed))


# --------------------------------------------------------------------------- make / gcc

_COMPILER_ERROR = re.compile(
    r"(^|\s)(fatal )?error[:\s]|^make(\[\d+\])?: \*\*\*|undefined reference"
)


def compiler_errors(text: str, limit: int = 20) -> tuple[str, ...]:
    """The error lines of ``make``/``gcc``/``ld`` output (at most ``limit``), in order."""
    found = [line.rstrip() for line in text.splitlines() if _COMPILER_ERROR.search(line)]
    return tuple(found[:limit])
