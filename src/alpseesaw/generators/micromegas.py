"""The micrOMEGAs project generator: CalcHEP model files + a ``main.c`` that prints one JSON line.

:func:`render_project` is pure: it takes the CalcHEP model files (``{filename: text}``, as the
CalcHEP generator or LanHEP produce them) and a :class:`MicromegasProjectSpec`, and returns the
project as ``{relative path: text}``. Nothing is written to disk here; building is done by
:func:`alpseesaw.runners.micromegas.build_project`.

The project layout (micrOMEGAs' own, so that its runtime finds everything)::

    Makefile          builds ``main`` in place against $(MICROMEGAS_DIR) (nothing is written there)
    main.c            reads PARFILE, prints one JSON line on stdout (see README.md of the project)
    README.md         how to build and run, the JSON fields and their normalisations
    data.par          the default point, if the spec gives one
    work/models/      vars1.mdl func1.mdl prtcls1.mdl lgrng1.mdl extlib1.mdl

Everything that reaches C code from a spec (particle names, parameter names, JSON keys) is
validated and then written only as escaped C string literals; numbers are checked to be finite.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import sympy as sp

from alpseesaw import __version__
from alpseesaw.errors import GenerationError, ParameterError
from alpseesaw.generators.base import environment, manifest
from alpseesaw.generators.calchep import MODEL_FILES, CalcHEPModel, check_model_files
from alpseesaw.model import neutrinos
from alpseesaw.model.card import as_point
from alpseesaw.model.parameters import _unit
from alpseesaw.model.toolnames import (
    PARAMETER_RULE,
    check_particle_name,
    parameter_problem,
    tool_names,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    from alpseesaw.model.card import PointLike
    from alpseesaw.model.ir import ModelIR
    from alpseesaw.model.parameters import External

#: micrOMEGAs' ``vcs22`` returns sigma v in pb; 1 pb * c = 1e-36 cm^2 * 2.99792458e10 cm/s.
PB_TIMES_C_IN_CM3_PER_S = 2.99792458e-26

# JSON keys chosen by the generator: printable ASCII, no control characters.
_KEY_RE = re.compile(r"^[\x20-\x7e]{1,64}$")
# A C expression of a constraint: x[i], numbers, + - * / ( ) , and the functions sqrt, pow, M_PI.
_C_EXPR_RE = re.compile(r"^(?:x\[\d+\]|sqrt|pow|M_PI|[0-9.eE]+|[-+*/(), ])+$")
# A model name: printable ASCII (goes into C only as an escaped literal).
_MODEL_NAME_RE = re.compile(r"^[\x20-\x7e]{1,80}$")


@dataclass(frozen=True)
class FinalState:
    """One chi chi~ annihilation final state to report under ``sigmav_cm3_s[key]``.

    ``particles`` are the two CalcHEP names (e.g. ``("A", "A")`` or ``("m", "M")``); ``key`` is
    the JSON key (default: the two names joined by a blank, e.g. ``"m M"``); ``label`` is the
    model's own name of the final state (e.g. ``"mu- mu+"``, default: ``key``).
    """

    particles: tuple[str, str]
    key: str = ""
    label: str = ""

    def __post_init__(self) -> None:
        parts = tuple(self.particles)
        if len(parts) != 2:
            msg = f"a final state has exactly two particles, got {parts!r}"
            raise GenerationError(msg)
        object.__setattr__(self, "particles", parts)
        if not self.key:
            object.__setattr__(self, "key", " ".join(parts))
        if not self.label:
            object.__setattr__(self, "label", self.key)


@dataclass(frozen=True)
class ParameterSpec:
    """A model parameter accepted in the PARFILE under ``name`` and echoed in the JSON.

    ``calchep_name`` is the variable in ``vars1.mdl`` (default: ``name``). A parameter that is
    only in ``func1.mdl`` (a derived one) is echoed but cannot be set from the PARFILE.
    """

    name: str
    calchep_name: str = ""

    def __post_init__(self) -> None:
        if not self.calchep_name:
            object.__setattr__(self, "calchep_name", self.name)


@dataclass(frozen=True)
class MassSpec:
    """A particle mass to report as ``masses_GeV[key]``, computed by micrOMEGAs' ``pMass``."""

    key: str
    particle: str


@dataclass(frozen=True)
class SlhaSlot:
    """Where ``main`` reads the vars1.mdl variable ``calchep_name`` in an SLHA spectrum file:
    ``block`` with the indices ``keys`` (``block == "DECAY"``: the total width of PDG ``keys[0]``).
    """

    calchep_name: str
    block: str
    keys: tuple[int, ...]


@dataclass(frozen=True)
class RangeCheck:
    """The allowed range of the card parameter ``name`` (vars1.mdl's ``calchep_name``), which
    ``main`` checks on every value a PARFILE, an SLHA file or a POINTSFILE gives it (exit 2),
    as main.c's tables hold it: ``flags`` (1: a lower bound, 2: it is excluded, 4: an upper
    bound, 8: it is excluded), the bounds (0 where there is none), the allowed values
    ``choices`` (empty: any) at offset ``first_choice`` of the table of all choices; ``allowed``
    and ``unit`` (e.g. ``" [GeV]"``) are the text of Python's message. Made by
    :func:`range_checks` from :class:`alpseesaw.model.parameters.External`.
    """

    name: str
    calchep_name: str
    flags: int
    lower: float
    upper: float
    choices: tuple[float, ...]
    first_choice: int
    allowed: str
    unit: str


def range_checks(
    externals: Iterable[External], calchep_names: Mapping[str, str]
) -> tuple[RangeCheck, ...]:
    """The :class:`RangeCheck` of every external parameter, in order."""
    out: list[RangeCheck] = []
    offset = 0
    for e in externals:
        flags = (
            (1 if e.lower is not None else 0)
            + (2 if e.lower_open else 0)
            + (4 if e.upper is not None else 0)
            + (8 if e.upper_open else 0)
        )
        choices = tuple(float(c) for c in e.choices)
        lower = e.lower if e.lower is not None else 0.0
        upper = e.upper if e.upper is not None else 0.0
        out.append(
            RangeCheck(
                e.name,
                calchep_names[e.name],
                flags,
                lower,
                upper,
                choices,
                offset,
                e.allowed,
                _unit(e.unit),
            )
        )
        offset += len(choices)
    return tuple(out)


@dataclass(frozen=True)
class ConstraintCheck:
    """A condition ``lhs > rhs`` between parameters (the IR's ``Constraint``), checked by ``main``
    after a point is read. ``lhs`` and ``rhs`` are C expressions of ``x[i]``, the values of the
    vars1.mdl variables ``variables[i]``; generated from the IR's SymPy expressions, never from a
    card. The message names ``blame`` (``calchep_blame`` in vars1.mdl): Python's text, ``text``
    followed by the value of ``rhs`` (``%.6g``), then ``description``.
    """

    blame: str
    calchep_blame: str
    variables: tuple[str, ...]
    lhs: str
    rhs: str
    text: str
    description: str


@dataclass(frozen=True)
class MicromegasProjectSpec:
    """What the generated ``main.c`` computes and reports.

    Attributes:
        model_name: a label for the JSON output and the README.
        dm: CalcHEP name of the dark-matter particle (starts with ``~``), e.g. ``"~chi"``.
        anti_dm: its antiparticle, e.g. ``"~Chi"`` (equal to ``dm`` for a self-conjugate one).
        final_states: the chi chi~ -> X Y channels whose sigma v at v -> 0 is reported.
        extra_final_states: further channels, reported with ``main --all-final-states``.
        parameters: names accepted in the PARFILE (besides every vars1.mdl name) and echoed.
        masses: particle masses to report (GeV).
        decays: particles whose total width and branching fractions (``pWidth``) are reported.
        fast: ``darkOmega``'s ``fast`` flag (1: fast integration, 0: accurate).
        beps: ``darkOmega``'s ``Beps`` (Boltzmann suppression cut for co-annihilations).
        channel_cut: channels contributing less than this fraction of 1/Omega are not listed.
        all_pairs: also report micrOMEGAs' sigma v averaged over all DM pairs (``calcSpectrum``).
        default_point: values written to ``data.par`` (by card name); empty: no ``data.par``.
        slha: the vars1.mdl variables an SLHA spectrum file sets (``main [PARFILE] SPECTRUM``).
        spectrum_inputs: CalcHEP names and values at the card of the inputs the numeric block
            (the neutrino Takagi factorisation) was computed from: ``main`` refuses a point
            where they differ from the values of the spectrum it uses (exit 2).
        unitary: ``(re, im)`` CalcHEP names of the entries of a unitary matrix (row-major,
            square) that ``main`` checks after reading a point (exit 2 if not unitary).
        ranges: the card parameters' allowed ranges, checked on every value ``main`` reads.
        constraints: conditions between parameters, checked once a point is read.
        exact_values: ``(CalcHEP name, value)`` of vars1.mdl variables that ``main`` assigns at
            start: CalcHEP compiles vars1.mdl's defaults with ``%E`` (7 digits, ``VandP.c``),
            which loses the splitting of the heavy pseudo-Dirac pairs (5e-10 relative).
    """

    model_name: str
    dm: str
    anti_dm: str
    final_states: tuple[FinalState, ...] = ()
    extra_final_states: tuple[FinalState, ...] = ()
    parameters: tuple[ParameterSpec, ...] = ()
    masses: tuple[MassSpec, ...] = ()
    decays: tuple[MassSpec, ...] = ()
    fast: int = 1
    beps: float = 1e-5
    channel_cut: float = 1e-4
    all_pairs: bool = True
    default_point: Mapping[str, float] = field(default_factory=dict)
    slha: tuple[SlhaSlot, ...] = ()
    spectrum_inputs: tuple[tuple[str, float], ...] = ()
    unitary: tuple[tuple[str, str], ...] = ()
    ranges: tuple[RangeCheck, ...] = ()
    constraints: tuple[ConstraintCheck, ...] = ()
    exact_values: tuple[tuple[str, float], ...] = ()

    @property
    def exact_names_are_slha(self) -> bool:
        """The exact values name the SLHA variables in their order (so for this model, where every
        vars1.mdl variable has an SLHA slot): ``main`` then reads their names from ``SLHA_VAR``."""
        return tuple(n for n, _ in self.exact_values) == tuple(q.calchep_name for q in self.slha)

    def __post_init__(self) -> None:
        object.__setattr__(self, "final_states", tuple(self.final_states))
        object.__setattr__(self, "extra_final_states", tuple(self.extra_final_states))
        object.__setattr__(self, "parameters", tuple(self.parameters))
        object.__setattr__(self, "masses", tuple(self.masses))
        object.__setattr__(self, "decays", tuple(self.decays))
        object.__setattr__(self, "default_point", dict(self.default_point))


# --------------------------------------------------------------------------- escaping


def c_string_literal(text: str) -> str:
    """Return ``text`` as a C string literal (with quotes): safe for any input.

    Printable ASCII passes through except ``"``, ``\\`` and ``?`` (trigraphs); everything else,
    including non-ASCII (as UTF-8 bytes), becomes a three-digit octal escape.
    """
    out = ['"']
    for byte in text.encode("utf-8"):
        ch = chr(byte)
        if ch in '"\\?':
            out.append("\\" + ch)
        elif 0x20 <= byte < 0x7F:
            out.append(ch)
        else:
            out.append(f"\\{byte:03o}")
    out.append('"')
    return "".join(out)


def json_string(text: str) -> str:
    """Return ``text`` JSON-encoded (with quotes, ASCII only)."""
    return json.dumps(text, ensure_ascii=True)


def c_double(value: float) -> str:
    """Return a finite float as a C double literal that round-trips exactly."""
    if not math.isfinite(value):
        msg = f"cannot write the non-finite number {value!r} into C code"
        raise GenerationError(msg)
    text = repr(float(value))
    return text if any(c in text for c in ".eE") else text + ".0"


# --------------------------------------------------------------------------- validation


def _check_particle(name: str, what: str, known: frozenset[str]) -> None:
    check_particle_name(name, what)
    if name not in known:
        msg = f"{what} {name!r} is not declared in prtcls1.mdl (known: {', '.join(sorted(known))})"
        raise GenerationError(msg)


def _check_key(key: str, what: str) -> None:
    if not _KEY_RE.fullmatch(key):
        msg = f"{what} {key!r} must be 1-64 printable ASCII characters"
        raise GenerationError(msg)


def _check_parameter_name(name: str) -> None:
    if problem := parameter_problem(name):
        raise ParameterError(name, name, PARAMETER_RULE, problem)


def validate_spec(spec: MicromegasProjectSpec, model: CalcHEPModel) -> None:
    """Check a spec against the model; raise GenerationError or ParameterError."""
    if not _MODEL_NAME_RE.fullmatch(spec.model_name):
        msg = f"model name {spec.model_name!r} must be 1-80 printable ASCII characters"
        raise GenerationError(msg)
    particles = model.particles
    for name, what in ((spec.dm, "dark-matter particle"), (spec.anti_dm, "its antiparticle")):
        _check_particle(name, what, particles)
        if not name.startswith("~"):
            msg = f"{what} {name!r} must start with '~' (micrOMEGAs' dark-sector convention)"
            raise GenerationError(msg)
    keys: set[str] = set()
    for fs in spec.final_states + spec.extra_final_states:
        for p in fs.particles:
            _check_particle(p, f"final-state particle of {fs.key!r}", particles)
        _check_key(fs.key, "final-state key")
        _check_key(fs.label, "final-state label")
        if fs.key in keys:
            msg = f"final-state key {fs.key!r} appears twice"
            raise GenerationError(msg)
        keys.add(fs.key)
    for what, specs in (("mass", spec.masses), ("decay", spec.decays)):
        seen: set[str] = set()
        for m in specs:
            _check_key(m.key, f"{what} key")
            _check_particle(m.particle, f"particle of {what} key {m.key!r}", particles)
            if m.key in seen:
                msg = f"{what} key {m.key!r} appears twice"
                raise GenerationError(msg)
            seen.add(m.key)
    independent, derived = model.independent, model.derived
    declared: set[str] = set()
    for par in spec.parameters:
        _check_parameter_name(par.name)
        _check_parameter_name(par.calchep_name)
        if par.calchep_name not in independent | derived:
            raise ParameterError(
                par.name,
                par.calchep_name,
                "a parameter of vars1.mdl or func1.mdl",
                "unknown to the CalcHEP model",
            )
        if par.name in declared:
            msg = f"parameter {par.name!r} appears twice in the spec"
            raise GenerationError(msg)
        declared.add(par.name)
    aliases = {p.name: p.calchep_name for p in spec.parameters}
    for name, value in spec.default_point.items():
        _check_parameter_name(name)
        target = aliases.get(name, name)
        if target not in independent:
            raise ParameterError(
                name, value, "an independent parameter (vars1.mdl)", "cannot be set in data.par"
            )
        if not isinstance(value, int | float) or not math.isfinite(value):  # type: ignore[redundant-expr]
            raise ParameterError(name, value, "a finite number")
    for r in spec.ranges:
        _check_parameter_name(r.name)
        if r.calchep_name not in independent:
            raise ParameterError(r.name, r.calchep_name, "a variable of vars1.mdl", "has a range")
        _check_key(r.allowed, "allowed range")
        if r.unit:
            _check_key(r.unit, "unit")
        for x in (r.lower, r.upper, *r.choices):
            if not math.isfinite(x):
                raise ParameterError(r.name, x, "a finite bound")
    for name, value in spec.exact_values:
        if name not in independent:
            raise ParameterError(name, value, "a variable of vars1.mdl", "has an exact value")
        if not math.isfinite(value):
            raise ParameterError(name, value, "a finite number")
    for c in spec.constraints:
        _check_parameter_name(c.blame)
        for var in (c.calchep_blame, *c.variables):
            if var not in independent:
                raise ParameterError(c.blame, var, "a variable of vars1.mdl", "in a constraint")
        for code in (c.lhs, c.rhs):
            if not _C_EXPR_RE.fullmatch(code):
                msg = f"constraint on {c.blame!r}: {code!r} is not a C expression of x[i]"
                raise GenerationError(msg)
        _check_key(c.text, "constraint text")
        _check_key(c.description, "constraint description")
    if spec.fast not in (0, 1):
        raise ParameterError("fast", spec.fast, "0 or 1")
    if not (0 < spec.beps < 1):
        raise ParameterError("beps", spec.beps, "0 < beps < 1")
    if not (0 <= spec.channel_cut < 1):
        raise ParameterError("channel_cut", spec.channel_cut, "0 <= channel_cut < 1")


# --------------------------------------------------------------------------- rendering


def render_project(
    model: CalcHEPModel | Mapping[str, str],
    spec: MicromegasProjectSpec,
    *,
    model_hash: str | None = None,
    card: Mapping[str, float] | None = None,
) -> dict[str, str]:
    """Render a micrOMEGAs project: ``{relative path: text}``, byte-deterministic.

    Args:
        model: the CalcHEP model, or its files (``vars1.mdl func1.mdl prtcls1.mdl lgrng1.mdl``
            and ``extlib1.mdl``; an empty library table is emitted when it is absent, as after
            ``lhep -ca``), whose names are then read from their tables.
        spec: what ``main`` computes and reports.
        model_hash, card: the IR's hash and the card, recorded in ``manifest.json``.

    The project's ``manifest.json`` carries ``parfile``: every name a point may set (the
    model's, and the spec's aliases) with its PARFILE variables; runners read it.

    Raises:
        GenerationError: a model file is missing or a name in the spec is not usable.
        ParameterError: a parameter name or a default value is not acceptable.
    """
    if not isinstance(model, CalcHEPModel):
        model = CalcHEPModel.read(model)
    files = check_model_files(model.files)
    validate_spec(spec, model)
    env = environment()
    context = {
        "cstr": c_string_literal,
        "jsonstr": json_string,
        "cdouble": c_double,
        "spec": spec,
        "sigmav_normalisation": sigmav_normalisation(spec),
        "sigmav_all_pairs_normalisation": sigmav_all_pairs_normalisation(spec),
        "generator_version": __version__,
        "pb_times_c": PB_TIMES_C_IN_CM3_PER_S,
        "model_files": MODEL_FILES,
    }
    if "extlib1.mdl" not in files:
        files["extlib1.mdl"] = env.get_template("micromegas/extlib1.mdl.j2").render(context)
    out: dict[str, str] = {f"work/models/{name}": files[name] for name in MODEL_FILES}
    out["main.c"] = env.get_template("micromegas/main.c.j2").render(context)
    out["Makefile"] = env.get_template("micromegas/Makefile.j2").render(context)
    out["README.md"] = env.get_template("micromegas/README.md.j2").render(context)
    if spec.default_point:
        out["data.par"] = env.get_template("micromegas/data.par.j2").render(context)
    parfile = dict(model.parfile)
    for p in spec.parameters:
        if p.calchep_name in model.independent:
            parfile.setdefault(p.name, (p.calchep_name,))
    out["manifest.json"] = manifest(
        "micromegas", model_hash, card, out, {"parfile": {k: list(v) for k, v in parfile.items()}}
    )
    return out


def sigmav_normalisation(spec: MicromegasProjectSpec) -> str:
    """The text of ``sigmav_normalisation`` in the JSON line (names the pair it is for)."""
    pair = f"{spec.dm} {spec.anti_dm}"
    text = (
        f"per {pair} pair: sigma({pair} -> final state) * v_rel at v -> 0 (micrOMEGAs "
        f"newProcess + vcs22, Q = 2 Mcdm, s-channel widths only near their poles)"
    )
    if spec.dm != spec.anti_dm:
        text += f", not averaged with {spec.dm} {spec.dm} or {spec.anti_dm} {spec.anti_dm} pairs"
    return text


def sigmav_all_pairs_normalisation(spec: MicromegasProjectSpec) -> str:
    """The text of ``sigmav_all_pairs_normalisation`` in the JSON line."""
    text = (
        "micrOMEGAs calcSpectrum: sigma v at galactic velocity, all final states, averaged "
        "over all dark-matter pairs of a symmetric population"
    )
    if spec.dm != spec.anti_dm:
        pair = f"{spec.dm} {spec.anti_dm}"
        text += (
            f" ({spec.dm} {spec.dm}, {pair}, {spec.anti_dm} {spec.anti_dm}): "
            f"sigma({pair}) v / 2 when only {pair} annihilates"
        )
    return text


def final_states_from_pairs(pairs: Sequence[tuple[str, str]]) -> tuple[FinalState, ...]:
    """Convenience: ``[("A", "A"), ("m", "M")]`` -> FinalStates keyed ``"A A"``, ``"m M"``."""
    return tuple(FinalState((a, b)) for a, b in pairs)


# --------------------------------------------------------------------------- the model's project

#: chi chi~ final states whose sigma v (v -> 0) the project reports, as CalcHEP name pairs; channels
#: closed at v -> 0 report 0.
DEFAULT_FINAL_STATES: tuple[tuple[str, str], ...] = (
    ("A", "A"), ("m", "M"), ("e", "E"), ("l", "L"), ("A", "Z"), ("Z", "Z"), ("W+", "W-"),
    ("G", "G"), ("ax", "ax"), ("phi", "ax"), ("h", "ax"),
)  # fmt: skip

#: Card parameters echoed in the JSON line (the dark sector).
ECHOED_PARAMETERS: tuple[str, ...] = (
    "fa", "Mchi", "Ma", "Mphi", "sth", "Cgg", "CgZ", "CZZ", "CWW", "Cglu", "Cee", "Cmm", "Ctautau",
)  # fmt: skip


def model_final_states(ir: ModelIR) -> tuple[FinalState, ...]:
    """Every chi chi~ -> X Y final state of the IR (:func:`alpseesaw.model.channels.
    annihilation_channels`), with CalcHEP names; the IR's name of each is its label."""
    from alpseesaw.model.channels import annihilation_channels

    names = tool_names(ir).calchep
    return tuple(
        FinalState((names[fs.particles[0]], names[fs.particles[1]]), label=fs.key)
        for fs in annihilation_channels(ir)
    )


def project_spec(ir: ModelIR, point: PointLike = None) -> MicromegasProjectSpec:
    """The project specification of the alpseesaw model (CalcHEP names from the CalcHEP generator).

    ``main`` reports the DEFAULT_FINAL_STATES; ``main --all-final-states`` every final state of
    the IR.
    """
    names = tool_names(ir).calchep
    every = model_final_states(ir)
    labels = {frozenset(fs.particles): fs.label for fs in every}
    reported_fs = tuple(
        FinalState((a, b), label=labels.get(frozenset((a, b)), "")) for a, b in DEFAULT_FINAL_STATES
    )
    reported = {frozenset(fs.particles) for fs in reported_fs}
    extra = tuple(fs for fs in every if frozenset(fs.particles) not in reported)
    card = as_point(ir, point).externals
    echoed = tuple(ParameterSpec(n) for n in ECHOED_PARAMETERS if n in card)
    masses = tuple(MassSpec(k, names[k]) for k in ("chi", "a", "phi", "h", "N1", "N3"))
    default_point = {p.name: card[p.name] for p in echoed}
    slots, input_names, unitary = spectrum_slots(ir)
    inputs = tuple(zip(input_names, (card[n] for n in neutrinos.BLOCK_INPUTS), strict=True))
    ranges, constraints = parameter_checks(ir)
    return MicromegasProjectSpec(
        model_name=ir.name,
        dm=names["chi"],
        anti_dm=names["chi~"],
        final_states=reported_fs,
        extra_final_states=extra,
        parameters=echoed,
        masses=masses,
        decays=tuple(MassSpec(k, names[k]) for k in ("a", "phi", "h")),
        default_point=default_point,
        slha=slots,
        spectrum_inputs=inputs,
        unitary=unitary,
        ranges=ranges,
        constraints=constraints,
        exact_values=exact_values(ir, point),
    )


def exact_values(ir: ModelIR, point: PointLike = None) -> tuple[tuple[str, float], ...]:
    """Every vars1.mdl variable of the IR (externals and numeric outputs, complex ones as their
    parts) with its value at the card, as the CalcHEP generator declares them."""
    names = tool_names(ir)
    pmap = dict(names.parameters)
    values = as_point(ir, point).values
    out: list[tuple[str, float]] = []
    for q in ir.parameters:
        if q.kind == "internal":
            continue
        val = complex(values[q.name])
        if q.is_complex:
            re_name, im_name = names.parts[q.name]
            out += [(re_name, val.real), (im_name, val.imag)]
        else:
            out.append((pmap[q.name], val.real))
    return tuple(out)


def parameter_checks(ir: ModelIR) -> tuple[tuple[RangeCheck, ...], tuple[ConstraintCheck, ...]]:
    """The card's validation, for ``main``: every external's range and every constraint of the
    IR's parameter set (the checks of :meth:`ParameterSet.evaluate`, with its messages)."""

    pmap = dict(tool_names(ir).parameters)
    ranges = range_checks(ir.parameter_set.externals, pmap)
    internal = {q.name: q.expr for q in ir.parameters if q.kind == "internal"}
    externals = {e.name for e in ir.parameter_set.externals}
    constraints = []
    for c in ir.parameter_set.constraints:
        sides = [_in_externals(x, internal, externals) for x in (c.lhs, c.rhs)]
        symbols = sorted({s.name for x in sides for s in x.free_symbols})
        local = {sp.Symbol(n, real=True): sp.Symbol(f"x[{i}]") for i, n in enumerate(symbols)}
        local.update({sp.Symbol(n): sp.Symbol(f"x[{i}]") for i, n in enumerate(symbols)})
        lhs, rhs = (sp.ccode(x.xreplace(local)) for x in sides)
        constraints.append(
            ConstraintCheck(
                c.blame,
                pmap[c.blame],
                tuple(pmap[n] for n in symbols),
                lhs,
                rhs,
                f"{c.lhs} > {c.rhs} = ",
                c.description,
            )
        )
    return ranges, tuple(constraints)


def _in_externals(expr: sp.Expr, internal: Mapping[str, sp.Expr], externals: set[str]) -> sp.Expr:
    """``expr`` with every internal parameter replaced by its expression, down to externals."""
    for _ in range(len(internal) + 1):
        subs = {s: internal[s.name] for s in expr.free_symbols if s.name in internal}
        if not subs:
            break
        expr = expr.xreplace(subs)
    unknown = {s.name for s in expr.free_symbols} - externals
    if unknown:
        msg = f"a constraint depends on {sorted(unknown)}, which are not card parameters"
        raise GenerationError(msg)
    return expr


def spectrum_slots(
    ir: ModelIR,
) -> tuple[tuple[SlhaSlot, ...], tuple[str, ...], tuple[tuple[str, str], ...]]:
    """Every vars1.mdl variable's place in ``alpseesaw spectrum``'s SLHA file, the CalcHEP names
    of the neutrino block's inputs, and the parts of the 7x7 mixing matrix."""
    from alpseesaw.generators.slha import numeric_slot

    names = tool_names(ir)
    pmap = dict(names.parameters)
    slots: list[SlhaSlot] = []
    for q in ir.parameters:
        if q.kind == "external" and q.slha is not None:
            slots.append(SlhaSlot(pmap[q.name], q.slha[0].upper(), (q.slha[1],)))
        elif q.kind == "numeric":
            block, code = numeric_slot(ir.particles, q.name)
            if q.is_complex:
                re_name, im_name = names.parts[q.name]
                slots += [SlhaSlot(re_name, block, code), SlhaSlot(im_name, "IM" + block, code)]
            else:
                slots.append(SlhaSlot(pmap[q.name], block, code))
    inputs = tuple(pmap[n] for n in neutrinos.BLOCK_INPUTS)
    unitary = tuple(names.parts[n] for n in neutrinos.mixing_names())
    return tuple(slots), inputs, unitary


def generate(
    ir: ModelIR, point: PointLike = None, *, model: CalcHEPModel | None = None
) -> dict[str, str]:
    """The micrOMEGAs project of the model at a card: CalcHEP files + main.c + Makefile + README
    (``model``: the CalcHEP model of this IR and card, if already made)."""
    from alpseesaw.generators import calchep

    point = as_point(ir, point)
    return render_project(
        model or calchep.model(ir, point),
        project_spec(ir, point),
        model_hash=ir.hash,
        card=point.externals,
    )
