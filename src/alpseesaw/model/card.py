"""The card edge: parameter cards and ``--set name=value`` overrides, validated once into
a :class:`Point` that everything downstream trusts (generators, runners, physics, campaigns).

A card holds external parameters only: SLHA (``BLOCK NAME`` / ``index value # comment`` lines, and
``DECAY pdg width`` lines), PARFILE ``name value`` lines, a JSON object or TOML ``name = value``
pairs, each detected explicitly (:mod:`alpseesaw.model.card_formats`). A card may be partial:
missing entries keep their defaults. Anything that does not parse, an unknown name, a duplicate
entry or an empty card is an error naming file and line (a typo must not be silently ignored).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from alpseesaw.errors import CardError, ParameterError
from alpseesaw.files import atomic_write, read_input
from alpseesaw.model import card_formats
from alpseesaw.model.inputs import ALP_GAUGE_MODES, parameter_set

if TYPE_CHECKING:
    import os
    from typing import TypeAlias

    from alpseesaw.model.card_formats import CardEntries
    from alpseesaw.model.ir import ModelIR
    from alpseesaw.model.parameters import ParameterSet, Value

    #: Where a card comes from (``None``: the defaults) and the ``--set`` overrides on top of it.
    CardPath: TypeAlias = str | os.PathLike[str] | None
    Overrides: TypeAlias = Sequence[str] | Mapping[str, float]


#: The largest card file read (a complete SLHA card is ~5 kB; anything this big is not one).
MAX_CARD_BYTES = 4 * 2**20


def read_card(path: str | os.PathLike[str], params: ParameterSet | None = None) -> dict[str, float]:
    """External values found in a card file (raises :class:`CardError` naming file and line)."""
    return dict(inspect_card(path, params).values)


def inspect_card(path: str | os.PathLike[str], params: ParameterSet | None = None) -> CardEntries:
    """What a card file sets, its format and the line of each entry (see
    :mod:`alpseesaw.model.card_formats`); :class:`CardError` naming file, line and reason."""
    params = params or parameter_set()
    path = Path(path)
    data = read_input(path, "card", MAX_CARD_BYTES, CardError)
    text = card_formats.decode(data, str(path))
    fmt = card_formats.detect_format(text, path.suffix)
    return card_formats.parse(text, params, str(path), fmt)


def parse_card(
    text: str, params: ParameterSet | None = None, source: str = "<card>", fmt: str | None = None
) -> dict[str, float]:
    """Parse the text of a card (its format detected unless ``fmt``); see :func:`read_card`."""
    params = params or parameter_set()
    fmt = fmt or card_formats.detect_format(text)
    return dict(card_formats.parse(text, params, source, fmt).values)


def parse_overrides(items: Iterable[str], params: ParameterSet | None = None) -> dict[str, float]:
    """Parse ``name=value`` strings; raise :class:`ParameterError` for unknown names or bad values."""
    params = params or parameter_set()
    out: dict[str, float] = {}
    for item in items:
        name, sep, text = item.partition("=")
        name, text = name.strip(), text.strip()
        if not sep or not name:
            raise ParameterError(item, None, "NAME=VALUE, e.g. Mchi=1000", "malformed --set")
        p = params.external(name)
        alias = card_formats.ALIASES.get(name, {})
        if text in alias:
            value = alias[text]
        else:
            try:
                value = float(text)
            except ValueError:
                raise ParameterError(name, text, p.allowed, "not a number") from None
        out[name] = p.validate(value)
    return out


def load_externals(
    card: CardPath = None, overrides: Overrides = (), params: ParameterSet | None = None
) -> dict[str, float]:
    """Complete external values: defaults, then the card, then the overrides."""
    params = params or parameter_set()
    values = {p.name: p.default for p in params.externals}
    if card is not None:
        values.update(read_card(card, params))
    if isinstance(overrides, Mapping):
        values.update({k: params.external(k).validate(float(v)) for k, v in overrides.items()})
    else:
        values.update(parse_overrides(overrides, params))
    return values


@dataclass(frozen=True)
class Point:
    """A parameter point, validated once: every external parameter's value (the card over the
    defaults) in its range, the cross-parameter constraints met (fa > v, ...), and every
    parameter (external, internal, numeric) evaluated there. Made by :func:`load_point` or
    :func:`make_point` only; read-only mappings inside; picklable (forked workers, Dask).
    """

    alp_gauge: str
    _externals: tuple[tuple[str, float], ...]
    _values: tuple[tuple[str, Value], ...]

    @property
    def externals(self) -> Mapping[str, float]:
        """Every external parameter's value (the full card)."""
        return MappingProxyType(dict(self._externals))

    @property
    def values(self) -> Mapping[str, Value]:
        """Every parameter's value at the point."""
        return MappingProxyType(dict(self._values))


#: What the library's doorways accept as a point: a :class:`Point` (trusted), or external
#: values to validate (``None``: the defaults).
PointLike = Point | Mapping[str, float] | None


def make_point(
    params: ParameterSet,
    externals: Mapping[str, float] | None = None,
    alp_gauge: str | None = None,
) -> Point:
    """The :class:`Point` of external values ``externals`` (defaults for the rest).

    Raises:
        ParameterError: an unknown name, a value outside its range, a violated constraint.
    """
    values = _evaluate(params, dict(externals or {}))
    full = tuple((p.name, float(values[p.name].real)) for p in params.externals)
    gauge = alp_gauge or next(
        (m for m in ALP_GAUGE_MODES if parameter_set(m) is params), ALP_GAUGE_MODES[0]
    )
    return Point(gauge, full, tuple(values.items()))


def _evaluate(params: ParameterSet, externals: dict[str, float]) -> dict[str, Value]:
    """``params.evaluate(externals)``; a point where an internal parameter is not finite (an
    overflow, a division by zero) is a :class:`ParameterError` naming the external parameter
    that causes it (the first that does so alone on the defaults), its value and what is allowed."""
    try:
        return params.evaluate(externals)
    except (ArithmeticError, ParameterError) as exc:
        if isinstance(exc, ParameterError) and exc.name != "card":
            raise
        if isinstance(exc, ParameterError):
            reason = exc.reason
        else:  # OverflowError((34, 'Numerical result out of range')): the words only
            words = [a for a in exc.args if isinstance(a, str)]
            reason = words[-1] if words else type(exc).__name__
    defaults = {p.name: p.default for p in params.externals}
    moved = [k for k, v in externals.items() if defaults.get(k) != v]
    blame = moved[0] if moved else "card"
    for name in moved:
        try:
            params.evaluate({name: externals[name]})
        except (ArithmeticError, ParameterError):
            blame = name
            break
    allowed = "a value at which every internal parameter is finite"
    raise ParameterError(blame, externals.get(blame), allowed, reason) from None


def load_point(
    card: CardPath = None, overrides: Overrides = (), alp_gauge: str = "broken"
) -> Point:
    """The card edge: defaults, then the card, then the overrides, validated once.

    A constraint the card breaks (``fa > v``, ...) is a :class:`CardError` naming the card (and
    the line of the parameter if the card sets it), the parameter, its value and what is allowed.
    """
    return inspect_point(card, overrides, alp_gauge)[0]


def inspect_point(
    card: CardPath = None, overrides: Overrides = (), alp_gauge: str = "broken"
) -> tuple[Point, CardEntries | None]:
    """:func:`load_point` and what the card itself sets (``None`` without a card), the card read
    once (a pipe such as ``<(...)`` can be read only once)."""
    params = parameter_set(alp_gauge)
    values = {p.name: p.default for p in params.externals}
    entries = inspect_card(card, params) if card is not None else None
    if entries is not None:
        values.update(entries.values)
    if isinstance(overrides, Mapping):
        values.update({k: params.external(k).validate(float(v)) for k, v in overrides.items()})
        set_here = set(overrides)
    else:
        values.update(parse_overrides(overrides, params))
        set_here = {item.partition("=")[0].strip() for item in overrides}
    try:
        return make_point(params, values, alp_gauge), entries
    except ParameterError as exc:
        if entries is None or exc.name in set_here:  # the --set value is the bad one
            raise
        line = entries.lines.get(exc.name)
        where = f"{card}, line {line}" if line is not None else f"{card}"
        msg = f"{where}: {exc}"
        raise CardError(msg) from None


def as_point(ir: ModelIR, point: PointLike) -> Point:
    """``point`` if it is one (trusted), else the :class:`Point` of the IR's parameters at the
    external values ``point`` (validated here, at the library's doorway)."""
    if isinstance(point, Point):
        return point
    return make_point(ir.parameter_set, point, dict(ir.options).get("alp_gauge"))


def load_values(
    card: CardPath = None, overrides: Overrides = (), params: ParameterSet | None = None
) -> dict[str, Value]:
    """Every parameter (external, internal, numeric) evaluated at the card plus overrides."""
    params = params or parameter_set()
    return dict(make_point(params, load_externals(card, overrides, params)).values)


def format_card(
    values: Mapping[str, float] | None = None, params: ParameterSet | None = None
) -> str:
    """The text of a complete SLHA card: defaults, with ``values`` replacing them."""
    params = params or parameter_set()
    vals = {p.name: p.default for p in params.externals}
    for name, value in (values or {}).items():
        vals[name] = params.external(name).validate(float(value))
    lines = ["# alpseesaw parameter card (SLHA format); units: GeV unless stated"]
    blocks: dict[str, list] = {}
    for p in params.externals:
        blocks.setdefault(p.block, []).append(p)
    for block, members in blocks.items():
        if block == "DECAY":
            continue
        lines.append(f"BLOCK {block}")
        lines.extend(
            f"  {p.index:>8d} {_num(vals[p.name])}  # {p.name}{_unit(p.unit)}: {p.description}"
            for p in sorted(members, key=lambda q: q.index)
        )
    for p in sorted(blocks.get("DECAY", []), key=lambda q: q.index):
        lines.append(f"DECAY {p.index:>8d} {_num(vals[p.name])}  # {p.name}: {p.description}")
    return "\n".join(lines) + "\n"


def _unit(unit: str) -> str:
    return f" [{unit}]" if unit not in ("1", "") else ""


def _num(x: float) -> str:
    """17 significant digits: every float reads back exactly."""
    return f"{x: .16e}"


def write_card(
    path: str | os.PathLike[str],
    values: Mapping[str, float] | None = None,
    params: ParameterSet | None = None,
) -> Path:
    """Write a complete card atomically (temporary file in the same directory, then rename)."""
    path = Path(path)
    text = format_card(values, params)
    path.parent.mkdir(parents=True, exist_ok=True)
    return atomic_write(path, text)
