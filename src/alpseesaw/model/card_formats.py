"""Reading a parameter card's text: the formats, each detected explicitly, and strict parsing.

Four formats are read (:data:`CARD_FORMATS`):

* ``slha`` -- ``BLOCK NAME`` headers with ``index value`` lines, and ``DECAY pdg width`` lines
  (optionally followed by SLHA branching-ratio lines ``BR NDA ID1 ... IDn``, which are not
  parameters and are only checked for shape). The first line that is not blank or a comment is a
  ``BLOCK`` or ``DECAY`` line.
* ``parfile`` -- ``name value`` lines with the card's parameter names (the format of the generated
  micrOMEGAs main's PARFILE). The first line starts with a known parameter name.
* ``json`` -- one JSON object ``{"name": value, ...}`` (a ``.json`` file, or text starting with
  ``{``).
* ``toml`` -- top-level ``name = value`` pairs (a ``.toml`` file, or a first line ``name = value``).

Anything else is an error naming the file, the line and the reason, as are a line that does not
parse, an unknown block, entry or name, a duplicate entry, a binary file and a card that sets no
parameter: a card is never silently ignored (``#`` starts a comment in SLHA, PARFILE and TOML).
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from alpseesaw.errors import CardError, ParameterError

if TYPE_CHECKING:
    from collections.abc import Iterator

    from alpseesaw.model.parameters import ParameterSet

#: The card formats read, in the order they are described in the docs.
CARD_FORMATS = ("slha", "parfile", "json", "toml")

#: Symbolic spellings accepted for discrete parameters (``--set`` and the non-SLHA formats).
ALIASES = {"texture": {"A": 1.0, "B": 2.0}}

_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eEdD][+-]?\d+)?")
_INTEGER = re.compile(r"[+-]?\d+")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_TOML_START = re.compile(r"""\s*(?:\[|[A-Za-z0-9_"'-]+\s*=)""")


@dataclass(frozen=True)
class CardEntries:
    """What a card sets: ``values`` (name -> value), the ``lines`` they were read from (name ->
    line number) and the card's ``format`` (one of :data:`CARD_FORMATS`)."""

    format: str
    values: dict[str, float] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)


def decode(data: bytes, source: str) -> str:
    """The text of a card file's bytes (UTF-8, an optional BOM), or :class:`CardError`."""
    nul = data.find(b"\0")
    if nul >= 0:
        line = data[:nul].count(b"\n") + 1
        msg = f"{source}, line {line}: not a text card (binary data: a NUL byte at offset {nul})"
        raise CardError(msg)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        bad = data[exc.start : exc.start + 1].hex()
        msg = f"{source}, line {line}: not UTF-8 text (byte 0x{bad} at offset {exc.start})"
        raise CardError(msg) from None


def detect_format(text: str, suffix: str = "") -> str:
    """The card's format: ``.json``/``.toml`` by the file's suffix, else by its first line."""
    suffix = suffix.lower()
    if suffix == ".json":
        return "json"
    if suffix == ".toml":
        return "toml"
    for raw in _lines(text):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("{"):
            return "json"
        head = line.split()[0]
        if head.upper() in ("BLOCK", "DECAY"):
            return "slha"
        if _TOML_START.match(line):
            return "toml"
        return "parfile"
    return "parfile"  # empty: refused by the parser, whatever the format


def parse(text: str, params: ParameterSet, source: str, fmt: str) -> CardEntries:
    """Parse ``text`` as a card of format ``fmt`` (see the module's description)."""
    readers = {"slha": _slha, "parfile": _parfile, "json": _json, "toml": _toml}
    if fmt not in readers:
        msg = f"{source}: unknown card format {fmt!r}; known: {', '.join(CARD_FORMATS)}"
        raise CardError(msg)
    entries = readers[fmt](text, params, source)
    if not entries.values:
        msg = f"{source}: empty card (it sets no parameter); omit --card to use the defaults"
        raise CardError(msg)
    return entries


def _lines(text: str) -> list[str]:
    """The card's lines, numbered as an editor numbers them (``\\n``; ``\\r\\n`` too)."""
    return [s.removesuffix("\r") for s in text.split("\n")]


def _card_lines(text: str, source: str) -> Iterator[tuple[int, str, str, list[str]]]:
    """``(line number, raw line, "SOURCE, line N", fields)`` of every line with content once its
    ``#`` comment is removed (SLHA and PARFILE cards)."""
    for lineno, raw in enumerate(_lines(text), start=1):
        line = raw.split("#", 1)[0].strip()
        if line:
            yield lineno, raw, f"{source}, line {lineno}", line.split()


def _show(raw: str) -> str:
    """A line of the card quoted for a one-line message (escapes control characters)."""
    s = raw.strip()
    return repr(s if len(s) <= 60 else s[:57] + "...")


class _Collector:
    """Entries in order, refusing a duplicate name and checking each value's range."""

    def __init__(self, fmt: str, params: ParameterSet, source: str) -> None:
        self.entries = CardEntries(fmt)
        self.params = params
        self.source = source

    def add(self, name: str, value: float, lineno: int, what: str) -> None:
        where = f"{self.source}, line {lineno}"
        first = self.entries.lines.get(name)
        if first is not None:
            msg = f"{where}: duplicate entry for {name} ({what}); first set at line {first}"
            raise CardError(msg)
        try:
            self.params.external(name).validate(value)
        except ParameterError as exc:
            msg_0 = f"{where}: {exc}"
            raise CardError(msg_0) from None
        self.entries.values[name] = float(value)
        self.entries.lines[name] = lineno


def _number(s: str, where: str, name: str = "") -> float:
    if not _NUMBER.fullmatch(s):
        of = f" for {name}" if name else ""
        msg = f"{where}: {s!r} is not a number{of}"
        raise CardError(msg)
    return float(s.replace("d", "e").replace("D", "E"))


def _integer(s: str, where: str, what: str) -> int:
    if not _INTEGER.fullmatch(s):
        msg = f"{where}: {s!r} is not an integer {what}"
        raise CardError(msg)
    return int(s)


def _other_mode_hint(params: ParameterSet, name: str) -> str:
    from alpseesaw.model.inputs import ALP_GAUGE_MODES, parameter_set

    for mode in ALP_GAUGE_MODES:
        other = parameter_set(mode)
        if other is not params and name in {p.name for p in other.externals}:
            return f" (it is an input of --alp-gauge {mode})"
    return ""


def _slha(text: str, params: ParameterSet, source: str) -> CardEntries:
    table = {(p.block.upper(), p.index): p.name for p in params.externals}
    blocks = {b for b, _ in table if b != "DECAY"}
    out = _Collector("slha", params, source)
    block: str | None = None  # the open BLOCK, or "DECAY" after a DECAY line
    seen_blocks: dict[str, int] = {}
    for lineno, raw, where, fields in _card_lines(text, source):
        head = fields[0].upper()
        if head == "BLOCK":
            if len(fields) < 2:
                msg = f"{where}: BLOCK without a name"
                raise CardError(msg)
            name = fields[1].upper()
            if len(fields) > 2 and not (
                len(fields) == 4 and fields[2].upper() == "Q=" and _NUMBER.fullmatch(fields[3])
            ):
                msg = f"{where}: expected 'BLOCK NAME' (or 'BLOCK NAME Q= scale'), got {_show(raw)}"
                raise CardError(msg)
            if name not in blocks:
                msg = f"{where}: unknown block {fields[1]!r}; known: {', '.join(sorted(blocks))}"
                raise CardError(msg)
            if name in seen_blocks:
                msg = f"{where}: duplicate BLOCK {name}; first at line {seen_blocks[name]}"
                raise CardError(msg)
            seen_blocks[name] = lineno
            block = name
            continue
        if head == "DECAY":
            if len(fields) != 3:
                msg = f"{where}: expected 'DECAY pdg width', got {_show(raw)}"
                raise CardError(msg)
            pdg = _integer(fields[1], where, "PDG code")
            width = table.get(("DECAY", pdg))
            if width is None:
                msg = f"{where}: no width parameter for PDG code {fields[1]}"
                raise CardError(msg)
            out.add(width, _number(fields[2], where, width), lineno, f"DECAY {pdg}")
            block = "DECAY"
            continue
        if block is None:
            msg = f"{where}: {_show(raw)} is outside any BLOCK (an SLHA card starts with BLOCK or DECAY)"
            raise CardError(msg)
        if block == "DECAY":
            _branching_ratio(fields, where, raw)
            continue
        if len(fields) != 2:
            msg = f"{where}: expected 'index value' in BLOCK {block}, got {_show(raw)}"
            raise CardError(msg)
        if fields[0] in {p.name for p in params.externals}:
            msg = f"{where}: a 'name value' line inside BLOCK {block} (one format per card)"
            raise CardError(msg)
        index = _integer(fields[0], where, f"index in BLOCK {block}")
        entry = table.get((block, index))
        if entry is None:
            others = [
                p
                for p in _other_mode_params(params)
                if (p.block.upper(), p.index) == (block, index)
            ]
            hint = _other_mode_hint(params, others[0].name) if others else ""
            msg = f"{where}: block {block} has no entry {fields[0]}{hint}"
            raise CardError(msg)
        out.add(entry, _number(fields[1], where, entry), lineno, f"BLOCK {block} {index}")
    return out.entries


def _other_mode_params(params: ParameterSet) -> list[Any]:
    from alpseesaw.model.inputs import ALP_GAUGE_MODES, parameter_set

    return [
        p
        for m in ALP_GAUGE_MODES
        if parameter_set(m) is not params
        for p in parameter_set(m).externals
    ]


def _branching_ratio(fields: list[str], where: str, raw: str) -> None:
    """An SLHA branching-ratio line ``BR NDA ID1 ... IDn`` under a DECAY line (not a parameter)."""
    ok = (
        len(fields) >= 4
        and _NUMBER.fullmatch(fields[0]) is not None
        and _INTEGER.fullmatch(fields[1]) is not None
        and int(fields[1]) == len(fields) - 2
        and all(_INTEGER.fullmatch(f) for f in fields[2:])
    )
    if not ok:
        msg = f"{where}: expected a branching ratio 'BR NDA ID1 ... IDn' under DECAY, got {_show(raw)}"
        raise CardError(msg)


def _value(value: object, where: str, name: str) -> float:
    """A value of a JSON/TOML card or PARFILE token: a number, or an alias (``texture = "B"``)."""
    alias = ALIASES.get(name, {})
    if isinstance(value, str):
        if value in alias:
            return alias[value]
        return _number(value.strip(), where, name)
    if isinstance(value, bool) or not isinstance(value, int | float):
        msg = f"{where}: the value of {name} must be a number, got {type(value).__name__} {value!r}"
        raise CardError(msg)
    return float(value)


def _name(params: ParameterSet, name: str, where: str) -> str:
    import difflib

    known = [p.name for p in params.externals]
    if name in known:
        return name
    hint = _other_mode_hint(params, name)
    if not hint:
        close = difflib.get_close_matches(name, known, n=3) or [
            k for k in known if k.lower() == name.lower()
        ]
        hint = f"; did you mean {', '.join(close)}?" if close else ""
    msg = f"{where}: unknown parameter {name!r}{hint} (the names: `alpseesaw model show`)"
    raise CardError(msg)


def _parfile(text: str, params: ParameterSet, source: str) -> CardEntries:
    out = _Collector("parfile", params, source)
    for lineno, raw, where, fields in _card_lines(text, source):
        if fields[0].upper() in ("BLOCK", "DECAY"):
            msg = f"{where}: an SLHA {fields[0].upper()} line in a 'name value' card (one format per card)"
            raise CardError(msg)
        if len(fields) != 2 or not _NAME.fullmatch(fields[0]):
            msg = (
                f"{where}: expected 'name value' (a PARFILE line) or an SLHA card (BLOCK/DECAY), "
                f"got {_show(raw)}"
            )
            raise CardError(msg)
        name = _name(params, fields[0], where)
        out.add(name, _value(fields[1], where, name), lineno, "PARFILE line")
    return out.entries


def _line_of(text: str, key: str) -> int:
    """The first line of ``text`` holding ``key`` (JSON/TOML: where a name is), else 1."""
    for lineno, raw in enumerate(_lines(text), start=1):
        if key in raw:
            return lineno
    return 1


def _mapping(
    doc: dict[str, Any], text: str, params: ParameterSet, source: str, fmt: str
) -> CardEntries:
    out = _Collector(fmt, params, source)
    for key, value in doc.items():
        lineno = _line_of(text, key)
        where = f"{source}, line {lineno}"
        if isinstance(value, dict):
            msg = f"{where}: nested table {key!r}; a {fmt} card maps parameter names to numbers"
            raise CardError(msg)
        name = _name(params, key, where)
        out.add(name, _value(value, where, name), lineno, f"{fmt} key")
    return out.entries


def _json(text: str, params: ParameterSet, source: str) -> CardEntries:
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        doc: dict[str, Any] = {}
        for key, value in items:
            if key in doc:
                msg = f"{source}, line {_line_of(text, json.dumps(key))}: duplicate key {key!r}"
                raise CardError(msg)
            doc[key] = value
        return doc

    def constant(name: str) -> float:
        msg = f"{source}: {name} is not a number a card may hold"
        raise CardError(msg)

    try:
        doc = json.loads(text, object_pairs_hook=pairs, parse_constant=constant)
    except json.JSONDecodeError as exc:
        msg = f"{source}, line {exc.lineno}: not valid JSON ({exc.msg}, column {exc.colno})"
        raise CardError(msg) from None
    except RecursionError:
        msg = f"{source}: not a JSON card (nested too deeply)"
        raise CardError(msg) from None
    if not isinstance(doc, dict):
        msg = f'{source}, line 1: a JSON card is one object {{"name": value, ...}}, got {type(doc).__name__}'
        raise CardError(msg)
    return _mapping(doc, text, params, source, "json")


def _toml(text: str, params: ParameterSet, source: str) -> CardEntries:
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        reason = str(exc).replace("\n", " ")
        m = re.search(r"line (\d+)", reason)
        at = f", line {m.group(1)}" if m else ""
        msg = f"{source}{at}: not valid TOML ({reason})"
        raise CardError(msg) from None
    except RecursionError:
        msg = f"{source}: not a TOML card (nested too deeply)"
        raise CardError(msg) from None
    return _mapping(doc, text, params, source, "toml")
