"""The `alpseesaw model ...` commands."""

from __future__ import annotations

import json

from click.testing import CliRunner

from alpseesaw.cli import main


def test_spectrum_json_default_card() -> None:
    result = CliRunner().invoke(main, ["model", "spectrum", "--json"])
    assert result.exit_code == 0, result.output
    spec = json.loads(result.output)
    m = spec["masses_GeV"]
    assert m["25"] == 125.0
    assert m["23"] == 91.1876
    assert m["24"] == 80.379
    assert m["52"] == 10000.0
    assert m["9000005"] == m["9000006"] == 11000.0
    # one massless light neutrino; the others at the oscillation scale
    light = sorted([m["12"], m["14"], m["16"]])
    assert light[0] < 1e-25 * light[1]
    assert 5e-12 < light[1] < 1e-11
    # inverse seesaw: heavy neutrinos in two pseudo-Dirac pairs split by ~ mu_S
    h = spec["neutrinos"]["heavy_GeV"]
    assert abs(h[1] - h[0]) < 1e-6 * h[0]
    assert abs(h[3] - h[2]) < 1e-6 * h[2]
    assert h[2] > 1.5 * h[1]


def test_spectrum_follows_set() -> None:
    result = CliRunner().invoke(
        main, ["model", "spectrum", "--json", "--set", "Mchi=3000", "--set", "Ma=3300"]
    )
    m = json.loads(result.output)["masses_GeV"]
    assert m["52"] == 3000.0
    assert m["9000005"] == 3300.0


def test_bad_input_exits_2(tmp_path) -> None:
    runner = CliRunner()
    for args, fragment in (
        (["--set", "Mchi=-1"], "'Mchi'"),
        (["--set", "sth=2"], "-1 <= sth <= 1"),
        (["--set", "fa=1"], "fa > v"),
        (["--set", "nonsense=1"], "'nonsense'"),
    ):
        result = runner.invoke(main, ["model", "spectrum", "--json", *args])
        assert result.exit_code == 2, args
        assert fragment in result.output
    bad = tmp_path / "bad.dat"
    bad.write_text("BLOCK MASS\n 52 twelve\n")
    result = runner.invoke(main, ["model", "spectrum", "--card", str(bad)])
    assert result.exit_code == 2
    assert "line 2" in result.output


def test_model_check_exit_code_and_show() -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["model", "check"])
    assert result.exit_code == 0, result.output
    assert "FAIL" not in result.output
    result = runner.invoke(main, ["model", "show"])
    assert result.exit_code == 0
    assert "yukawa_neutrino_Y" in result.output
