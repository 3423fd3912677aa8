"""Cards through the command line (issue 14): a card is read or refused, never ignored."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from alpseesaw.cli import main


def _run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_relic_reads_a_parfile_card(tmp_path) -> None:
    card = tmp_path / "p.par"
    card.write_text("Mchi 300\nMa 650\n")
    default = json.loads(_run("relic", "--json").stdout)
    got = _run("relic", "--card", str(card), "--json")
    assert got.exit_code == 0, got.output
    same = json.loads(_run("relic", "--json", "--set", "Mchi=300", "--set", "Ma=650").stdout)
    assert json.loads(got.stdout)["omega_h2"] == same["omega_h2"] != default["omega_h2"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Mchi: 300\n", "p.card, line 1: expected 'name value' (a PARFILE line)"),
        ("", "p.card: empty card (it sets no parameter); omit --card to use the defaults"),
        ("Mchi 300\nMchi 3\n", "p.card, line 2: duplicate entry for Mchi"),
        ("Mchi 300\nMass 3\n", "p.card, line 2: unknown parameter 'Mass'"),
        ("BLOCK MASS\n 52 300\nMa 650\n", "p.card, line 3: a 'name value' line inside BLOCK MASS"),
        (
            "Mchi 300\nfa 100\n",
            (
                "p.card, line 2: parameter 'fa' = 100.0 is invalid (U(1)_PQ must break above the EW "
                "scale (fa > v)); allowed: fa > v = 242.197\n"
            ),
        ),
        (
            "Ma 1.1e304\n",
            (
                "p.card, line 1: parameter 'Ma' = 1.1e+304 is invalid (Numerical result out of range); "
                "allowed: a value at which every internal parameter is finite\n"
            ),
        ),
    ],
)
@pytest.mark.parametrize("command", [("relic",), ("card", "check"), ("model", "spectrum")])
def test_a_bad_card_is_one_line_exit_2(tmp_path, text, message, command) -> None:
    card = tmp_path / "p.card"
    card.write_text(text)
    args = [*command, str(card)] if command[0] == "card" else [*command, "--card", str(card)]
    got = _run(*args)
    assert got.exit_code == 2
    assert got.stderr == f"Error: {tmp_path}/{message}" + got.stderr.split(message, 1)[1]
    assert got.stderr.count("\n") == 1
    assert got.stdout == ""


def test_card_check_prints_the_resolved_point(tmp_path) -> None:
    card = tmp_path / "c.toml"
    card.write_text("Mchi = 300\nMa = 650.5 # GeV\n")
    got = _run("card", "check", str(card), "--set", "Ma=700")
    assert got.exit_code == 0, got.output
    lines = got.stdout.splitlines()
    assert lines[0] == f"{card}: valid toml card, sets 2 of 58 parameters (alp gauge broken)"
    row = {ln.split()[0]: ln.split() for ln in lines[1:]}
    assert row["Mchi"] == ["Mchi", "=", "300.0", "GeV", "line", "1"]
    assert row["Ma"] == ["Ma", "=", "700.0", "GeV", "--set"]
    assert row["fa"] == ["fa", "=", "10000.0", "GeV", "default"]
    doc = json.loads(_run("card", "check", str(card), "--json").stdout)
    assert doc["format"] == "toml"
    assert doc["parameters"]["Ma"] == {"value": 650.5, "unit": "GeV", "from": "line 2"}
    assert len(doc["parameters"]) == 58


def test_card_check_reads_a_pipe_once() -> None:
    """``card check <(printf ...)``: a pipe (here /dev/fd/N of an os.pipe, as bash's process
    substitution gives) can be read only once, so the card is read once."""
    import os

    read_end, write_end = os.pipe()
    os.write(write_end, b"Mchi 1000\nMa 2500\n")
    os.close(write_end)
    try:
        got = _run("card", "check", f"/dev/fd/{read_end}")
    finally:
        os.close(read_end)
    assert got.exit_code == 0, got.output
    assert got.stdout.splitlines()[0] == (
        f"/dev/fd/{read_end}: valid parfile card, sets 2 of 58 parameters (alp gauge broken)"
    )
    row = {ln.split()[0]: ln.split() for ln in got.stdout.splitlines()[1:]}
    assert row["Mchi"] == ["Mchi", "=", "1000.0", "GeV", "line", "1"]


def test_card_check_applies_the_constraints(tmp_path) -> None:
    card = tmp_path / "c.par"
    card.write_text("fa 100\n")
    got = _run("card", "check", str(card))
    assert got.exit_code == 2
    assert "parameter 'fa' = 100.0 is invalid" in got.stderr
    assert "fa > v = 242.19" in got.stderr


def test_a_binary_card_is_an_error_not_a_traceback(tmp_path) -> None:
    """Through the installed entry point, as a user runs it (the top-level handler)."""
    card = tmp_path / "card.dat"
    card.write_bytes(b"\x7fELF\x02\x01\x01\x00\x00\x00\xff\xfe")
    got = subprocess.run(
        [sys.executable, "-m", "alpseesaw", "relic", "--card", str(card)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert got.returncode == 2
    assert got.stderr == (
        f"Error: {card}, line 1: not a text card (binary data: a NUL byte at offset 7)\n"
    )
    assert got.stdout == ""


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        (
            "MW=1e-300",
            (
                "Error: parameter 'MW' = 1e-300 is invalid (float division by zero); allowed: a value "
                "at which every internal parameter is finite\n"
            ),
        ),
        (
            "fa=100",
            (
                "Error: parameter 'fa' = 100.0 is invalid (U(1)_PQ must break above the EW scale "
                "(fa > v)); allowed: fa > v = 242.197\n"
            ),
        ),
    ],
)
def test_a_set_that_breaks_the_evaluation_is_exit_2(setting, message) -> None:
    """Was exit 1 'internal error: ZeroDivisionError' before make_point named the parameter."""
    got = _run("model", "spectrum", "--json", "--set", setting)
    assert got.exit_code == 2, got.output
    assert got.stderr == message


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (None, "Error: cannot read points file /dev/zero: not a regular file (a device or a "),
        (b"Mchi,Ma\n\xff\n", "Error: --points {p}: not UTF-8 text (byte offset 8)\n"),
    ],
)
def test_a_points_file_that_is_a_device_or_binary_is_exit_2(tmp_path, data, message) -> None:
    """Was: 'point --points /dev/zero' read forever; a binary CSV an exit-2 decode message
    naming no file."""
    path = tmp_path / "p.csv"
    if data is not None:
        path.write_bytes(data)
    got = _run("point", "--points", "/dev/zero" if data is None else str(path))
    assert got.exit_code == 2, got.output
    assert got.stderr.startswith(message.format(p=path))
    assert got.stderr.count("\n") == 1


def test_a_bad_set_beside_a_good_card_blames_the_set_not_the_card(tmp_path) -> None:
    """The --set value breaks the constraint: the message names the parameter as --set gave it,
    without the card's name or a line of it (the card is fine)."""
    card = tmp_path / "p.par"
    card.write_text("Mchi 300\n")
    got = _run("model", "spectrum", "--json", "--card", str(card), "--set", "fa=100")
    assert got.exit_code == 2, got.output
    assert got.stderr.startswith(
        "Error: parameter 'fa' = 100.0 is invalid (U(1)_PQ must break above the EW scale (fa > v)); "
        "allowed: fa > v = 242.197"
    ), got.stderr
    assert str(card) not in got.stderr


@pytest.mark.parametrize("setting", ["Mchi", "=5", "Mchi 300"])
def test_a_set_without_name_or_value_is_malformed(setting) -> None:
    """``--set`` needs NAME=VALUE: a bare name or a bare value is one clear error naming what
    was given and the form allowed (not 'unknown parameter' or 'not a number')."""
    got = _run("model", "spectrum", "--json", "--set", setting)
    assert got.exit_code == 2, got.output
    assert got.stderr == (
        f"Error: parameter {setting!r} = None is invalid (malformed --set); "
        "allowed: NAME=VALUE, e.g. Mchi=1000\n"
    )
