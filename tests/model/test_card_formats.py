"""Cards (issue 14): each format detected explicitly, every bad card one error naming file, line
and reason, never the defaults silently; generated junk never gets past the reader."""

from __future__ import annotations

import json
import os
import threading

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from alpseesaw.errors import CardError, InputError
from alpseesaw.model.card import inspect_card, load_point, read_card
from alpseesaw.model.inputs import parameter_set

PARAMS = parameter_set()
EXTERNALS = {p.name: p for p in PARAMS.externals}


@pytest.mark.parametrize(
    ("name", "text", "fmt"),
    [
        ("p.par", "Mchi 300\nMa 650  # the ALP\n", "parfile"),
        ("p.dat", "# PARFILE\n\nMchi 300\nMa 650\n", "parfile"),
        ("p.slha", "BLOCK MASS\n   52 300\n 9000005 650 # Ma\n", "slha"),
        ("p.json", '{"Mchi": 300, "Ma": 650.0}', "json"),
        ("p.txt", '{\n  "Mchi": 3e2,\n  "Ma": 650\n}\n', "json"),
        ("p.toml", "Mchi = 300\nMa = 650.0 # GeV\n", "toml"),
        ("p.cfg", "Mchi = 300\nMa = 650\n", "toml"),
    ],
)
def test_each_format_is_read(tmp_path, name, text, fmt) -> None:
    path = tmp_path / name
    path.write_text(text)
    entries = inspect_card(path)
    assert entries.format == fmt
    assert entries.values == {"Mchi": 300.0, "Ma": 650.0}
    point = load_point(path)
    assert point.externals["Mchi"] == 300.0  # not the default (10 TeV)
    assert point.externals["Ma"] == 650.0


def test_slha_branching_ratios_and_scale_are_read(tmp_path) -> None:
    path = tmp_path / "c.slha"
    path.write_text(
        "BLOCK MASS Q= 91.2\n 52 300\nDECAY 9000005 1.5\n  0.5 2 22 22\n  5e-1 2 13 -13\n"
    )
    assert read_card(path) == {"Mchi": 300.0, "Wa": 1.5}


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("empty.dat", "", "empty.dat: empty card (it sets no parameter); omit --card"),
        ("blank.par", "\n  \n# only a comment\n", "blank.par: empty card"),
        ("blocks.slha", "BLOCK MASS\nBLOCK ALPVV\n", "blocks.slha: empty card"),
        ("empty.json", "{}", "empty.json: empty card"),
        ("empty.toml", "", "empty.toml: empty card"),
        (
            "p.yaml",
            "Mchi: 300\nMa: 650\n",
            "p.yaml, line 1: expected 'name value' (a PARFILE line)",
        ),
        ("dup.par", "Mchi 300\nMa 650\nMchi 400\n", "dup.par, line 3: duplicate entry for Mchi"),
        (
            "dup.slha",
            "BLOCK MASS\n 52 300\n 52 400\n",
            "dup.slha, line 3: duplicate entry for Mchi",
        ),
        ("dupb.slha", "BLOCK MASS\n 52 3\nBLOCK MASS\n", "dupb.slha, line 3: duplicate BLOCK MASS"),
        ("dup.json", '{"Mchi": 300,\n "Mchi": 400}', "dup.json, line 1: duplicate key 'Mchi'"),
        ("dup.toml", "Mchi = 300\nMchi = 400\n", "dup.toml, line 2: not valid TOML"),
        (
            "typo.par",
            "Mchi 300\nMcHi 650\n",
            "typo.par, line 2: unknown parameter 'McHi'; did you mean",
        ),
        ("typo.json", '{\n"Mchi": 3,\n"Mx": 6}', "typo.json, line 3: unknown parameter 'Mx'"),
        (
            "gauge.par",
            "CBB 1\n",
            "gauge.par, line 1: unknown parameter 'CBB' (it is an input of --alp-gauge unbroken)",
        ),
        (
            "outside.slha",
            "Mchi 300\nBLOCK MASS\n 52 3\n",
            "outside.slha, line 2: an SLHA BLOCK line in a 'name value' card",
        ),
        (
            "before.slha",
            "BLOCK MASS\n 52 3\nMa 650\n",
            "before.slha, line 3: a 'name value' line inside BLOCK MASS",
        ),
        (
            "extra.slha",
            "BLOCK MASS\n 52 3 4\n",
            "extra.slha, line 2: expected 'index value' in BLOCK MASS",
        ),
        ("extra.par", "Mchi 300 GeV\n", "extra.par, line 1: expected 'name value'"),
        ("nan.par", "Mchi nan\n", "nan.par, line 1: 'nan' is not a number for Mchi"),
        ("inf.slha", "BLOCK MASS\n 52 inf\n", "inf.slha, line 2: 'inf' is not a number for Mchi"),
        ("under.par", "Mchi 1_000\n", "under.par, line 1: '1_000' is not a number"),
        (
            "neg.par",
            "Mchi -300\n",
            "neg.par, line 1: parameter 'Mchi' = -300.0 is invalid; allowed: 0 < Mchi",
        ),
        (
            "neg.slha",
            "BLOCK MASS\n 52 -1.0\n",
            "neg.slha, line 2: parameter 'Mchi' = -1.0 is invalid",
        ),
        ("neg.json", '{"Mchi": -1}', "neg.json, line 1: parameter 'Mchi' = -1.0 is invalid"),
        ("str.json", '{"Mchi": "heavy"}', "str.json, line 1: 'heavy' is not a number for Mchi"),
        ("bool.json", '{"Mchi": true}', "bool.json, line 1: the value of Mchi must be a number"),
        ("nested.json", '{"MASS": {"52": 3}}', "nested.json, line 1: nested table 'MASS'"),
        ("list.json", "[1, 2]", "list.json, line 1: a JSON card is one object"),
        ("bad.json", '{"Mchi": 3,}', "bad.json, line 1: not valid JSON"),
        ("NaN.json", '{"Mchi": NaN}', "NaN.json: NaN is not a number a card may hold"),
        ("table.toml", "[MASS]\nMchi = 3\n", "table.toml, line 1: nested table 'MASS'"),
        ("bad.toml", "Mchi = = 3\n", "bad.toml, line 1: not valid TOML"),
        (
            "br.slha",
            "DECAY 9000005 1.0\n 0.5 3 22 22\n",
            "br.slha, line 2: expected a branching ratio",
        ),
        ("block.slha", "BLOCK NOPE\n 1 2\n", "block.slha, line 1: unknown block 'NOPE'"),
        ("entry.slha", "BLOCK MASS\n 999 1.0\n", "entry.slha, line 2: block MASS has no entry 999"),
        (
            "decay.slha",
            "DECAY 12345 1.0\n",
            "decay.slha, line 1: no width parameter for PDG code 12345",
        ),
        ("decay3.slha", "DECAY 25\n", "decay3.slha, line 1: expected 'DECAY pdg width'"),
        ("q.slha", "BLOCK MASS Q 91\n 52 3\n", "q.slha, line 1: expected 'BLOCK NAME'"),
        (
            "ctrl.par",
            "Mchi 300\n\x1b[2J 3\n",
            "ctrl.par, line 2: expected 'name value' (a PARFILE line) or an SLHA card (BLOCK/DECAY), got '\\x1b[2J 3'",
        ),
    ],
)
def test_bad_cards_name_file_line_and_reason(tmp_path, name, text, message) -> None:
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(InputError) as info:
        read_card(path)
    got = str(info.value)
    assert got.startswith(str(tmp_path / message.split(":", 1)[0]))
    assert message.split(" ", 0)[0] in got.replace(str(tmp_path) + "/", "")
    assert "\n" not in got


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"Mchi 300\n\x00\x01\x02",
            "line 2: not a text card (binary data: a NUL byte at offset 9)",
        ),
        (b"Mchi 300\nMa \xff650\n", "line 2: not UTF-8 text (byte 0xff at offset 12)"),
        (bytes(range(256)), "line 1: not a text card"),
    ],
)
def test_binary_cards_are_refused(tmp_path, data, message) -> None:
    path = tmp_path / "card.bin"
    path.write_bytes(data)
    with pytest.raises(CardError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_card(path)


def test_a_directory_or_unreadable_card_is_an_error(tmp_path) -> None:
    with pytest.raises(CardError, match="cannot read card"):
        read_card(tmp_path)


def test_a_device_a_fifo_or_a_huge_file_is_refused_not_read_forever(tmp_path) -> None:
    """Was: --card /dev/zero read until memory ran out, a FIFO with no writer hung in open."""
    with pytest.raises(CardError, match="not a regular file"):
        read_card("/dev/zero")
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    outcome: list[BaseException] = []

    def read() -> None:
        try:
            read_card(fifo)
        except CardError as exc:
            outcome.append(exc)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=30)
    if reader.is_alive():  # unblock the thread (a writer opens and closes) before failing
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail("reading a FIFO nobody writes to hangs")
    assert len(outcome) == 1
    assert "empty card" in str(outcome[0])  # nobody writes: empty, not a hang
    big = tmp_path / "big.par"
    big.write_bytes(b"Mchi 300\n" + b" " * (4 * 2**20))
    with pytest.raises(CardError, match="larger than 4 MiB"):
        read_card(big)


# -- generated junk ------------------------------------------------------------------------------

_tokens = st.sampled_from(
    [
        *EXTERNALS,
        "BLOCK",
        "DECAY",
        "MASS",
        "ALPVV",
        "52",
        "9000005",
        "1e3",
        "-1",
        "nan",
        "inf",
        "#",
        "=",
        "{",
        "}",
        "[",
        "]",
        ":",
        '"Mchi"',
        ",",
        "Q=",
        "0.5",
        "2",
        "22",
        "1d2",
        "\t",
        "\x00",
    ]
)
_line = st.lists(_tokens | st.text(max_size=6), max_size=5).map(" ".join)
_junk_text = st.lists(_line, max_size=8).map("\n".join)


def _check_outcome(path) -> None:
    """The reader's contract: valid values of known parameters, or one-line InputError."""
    try:
        values = read_card(path)
    except InputError as exc:
        message = str(exc)
    else:
        message = ""
    if message:
        assert message.startswith(str(path))
        assert "\n" not in message
        return
    assert values  # never an empty success
    for name, value in values.items():
        assert EXTERNALS[name].validate(value) == value


@settings(
    database=None,
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(text=_junk_text, suffix=st.sampled_from(["", ".par", ".slha", ".json", ".toml", ".yaml"]))
def test_junk_text_never_gets_past_the_reader(tmp_path, text, suffix) -> None:
    path = tmp_path / f"card{suffix}"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    _check_outcome(path)


@settings(
    database=None,
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.binary(max_size=200))
def test_junk_bytes_never_get_past_the_reader(tmp_path, data) -> None:
    path = tmp_path / "card.dat"
    path.write_bytes(data)
    _check_outcome(path)


def _valid(name: str, value: float) -> bool:
    try:
        EXTERNALS[name].validate(value)
    except InputError:
        return False
    return True


@settings(
    database=None,
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    chosen=st.dictionaries(
        st.sampled_from([n for n, p in EXTERNALS.items() if not p.choices and p.lower is not None]),
        st.floats(min_value=1e-3, max_value=1e6, allow_nan=False),
        min_size=1,
    ),
    fmt=st.sampled_from(["parfile", "json", "toml", "slha"]),
)
def test_every_format_reads_back_what_was_written(tmp_path, chosen, fmt) -> None:
    chosen = {k: v for k, v in chosen.items() if _valid(k, v)}
    if not chosen:
        return
    if fmt == "parfile":
        text = "".join(f"{k} {v!r}\n" for k, v in chosen.items())
    elif fmt == "json":
        text = json.dumps(chosen)
    elif fmt == "toml":
        text = "".join(f"{k} = {v!r}\n" for k, v in chosen.items())
    else:
        by_block: dict[str, list[str]] = {}
        for k, v in chosen.items():
            p = EXTERNALS[k]
            by_block.setdefault(p.block, []).append(
                f"DECAY {p.index} {v!r}" if p.block == "DECAY" else f" {p.index} {v!r}"
            )
        text = "".join(
            ("\n".join(lines) + "\n") if b == "DECAY" else f"BLOCK {b}\n" + "\n".join(lines) + "\n"
            for b, lines in by_block.items()
        )
    path = tmp_path / "card.any"
    path.write_text(text)
    entries = inspect_card(path)
    assert entries.format == fmt
    assert entries.values == chosen


# -- generated cards, all the way to a Point and through the command line -------------------------

_values = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(min_value=-(10**400), max_value=10**400).map(str),
    st.sampled_from(["0", "-0", "1e-300", "52", "100", "242", "1e999", "0x10", "1_000", "+", ""]),
)
_factors = st.sampled_from([0.0, 1e-300, 1e-30, 1e-3, 0.5, 0.99, 1.0, 1.01, 2.0, 1e3, 1e30, 1e300])
#: a parameter at a multiple of its default (or of 1), either sign: ranges, constraints (fa > v,
#: MZ > MW), overflow of the internal parameters
_scaled = st.builds(
    lambda n, f, sign: (n, repr(sign * f * (EXTERNALS[n].default or 1.0))),
    st.sampled_from(list(EXTERNALS)),
    _factors,
    st.sampled_from([1.0, -1.0]),
)
_entry = st.tuples(st.sampled_from([*EXTERNALS, "mchi", "Mchi2"]), _values) | _scaled
_card_text = st.lists(_entry, min_size=1, max_size=6).map(
    lambda es: "".join(f"{n} {v}\n" for n, v in es)
)
_card = _card_text | _junk_text


def _point_outcome(path, alp_gauge: str) -> str:
    """``load_point`` on ``path``: a valid Point (returns "") or one CardError naming the card,
    and for a bad value the parameter, the value and what is allowed (returns the message).
    Anything else (a ParameterError without the card's name, a traceback) fails the test."""
    from alpseesaw.model.card import Point

    error: CardError | None = None
    try:
        point = load_point(path, (), alp_gauge)
    except CardError as exc:
        error = exc
    if error is not None:
        message = str(error)
        assert type(error) is CardError
        assert message.startswith(str(path)), message
        assert "\n" not in message
        if "is invalid" in message:  # a value: parameter, value and range all named
            assert "parameter '" in message
            assert "' = " in message
            assert "allowed: " in message
        return message
    assert isinstance(point, Point)
    params = parameter_set(alp_gauge)
    for p in params.externals:  # every value in its range, the constraints held
        assert p.validate(point.externals[p.name]) == point.externals[p.name]
    params.evaluate(dict(point.externals))
    return ""


@settings(
    database=None,
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(text=_card, gauge=st.sampled_from(["broken", "unbroken"]))
@example(text="fa 100\n", gauge="broken")  # the constraint fa > v
@example(text="Mchi 300\nMZ 50\n", gauge="unbroken")  # MZ > MW
@example(text="Ma 1.1e+304\n", gauge="broken")  # found by this test: an OverflowError
@example(text="MW 1e-300\n", gauge="broken")  # a ZeroDivisionError inside the evaluation
def test_any_card_is_a_valid_point_or_one_card_error(tmp_path, text, gauge) -> None:
    """Planted: load_point without the card's name on a broken constraint (a bare
    ParameterError) -> fails at 'fa 100'; removed. The generated cards found 'Ma 1.1e+304'
    (an OverflowError, exit 1 'internal error' on the command line) before make_point named
    the parameter."""
    path = tmp_path / "card.par"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    _point_outcome(path, gauge)


@settings(
    database=None,
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(text=_card)
def test_card_check_exits_0_or_2_with_one_line(tmp_path, text) -> None:
    """The command line over the same cards: exit 0 with the resolved point, or exit 2 with the
    reader's one line on stderr (the same message as the library's), never a traceback."""
    from click.testing import CliRunner

    from alpseesaw.cli import main

    path = tmp_path / "card.par"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    expected = _point_outcome(path, "broken")
    r = CliRunner().invoke(main, ["card", "check", str(path), "--json"])
    assert "Traceback" not in r.output
    if expected:
        assert r.exit_code == 2, r.output
        assert r.stderr == f"Error: {expected}\n"
        assert r.stdout == ""
    else:
        assert r.exit_code == 0, r.output
        doc = json.loads(r.stdout)
        assert doc["set_by_card"] >= 1
