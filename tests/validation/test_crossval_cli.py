"""``alpseesaw crossval`` through click's CliRunner (stand-in project, in-process executor)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from click.testing import CliRunner

from alpseesaw.cli import main

if TYPE_CHECKING:
    from pathlib import Path

REGION = [
    "--region",
    "Mchi=200:1000",
    "--region",
    "Ma/Mchi=3:4",
    "--region",
    "Mphi/Mchi=3",
    "--region",
    "fa=2000",
    "--region",
    "Cgg=100:1000",
    "--region",
    "Cmm=-100",
]


def test_crossval_json_and_exit_status(standin: Path, tmp_path: Path) -> None:
    out = tmp_path / "camp"
    args = [
        "crossval",
        "--project",
        str(standin),
        "--points",
        "3",
        "--no-benchmarks",
        *REGION,
        "--workers",
        "0",
        "--out",
        str(out),
    ]
    res = CliRunner().invoke(main, [*args, "--json"])
    assert res.exit_code == 0, res.output  # --json reports, it does not judge the exit status
    doc = json.loads(res.output)
    assert doc["planned"] == doc["computed"] == 3
    assert doc["verdicts"]["by_status"] == {"unexplained": 3}
    assert doc["verdicts"]["points"] == 3

    res = CliRunner().invoke(main, args)
    assert res.exit_code == 1  # unexplained disagreements (the stand-in is not a Boltzmann solver)
    assert "3 points (3 already done, 0 computed)" in res.output
    assert "verdicts: agree 0, explained 0, unexplained 3, error 0" in res.output
    assert f"wrote {out / 'summary.json'}" in res.output


def test_crossval_input_errors(standin: Path, tmp_path: Path) -> None:
    base = ["crossval", "--project", str(standin), "--out", str(tmp_path / "c")]
    res = CliRunner().invoke(main, [*base, "--region", "Mgluino=1:2"])
    assert res.exit_code == 2
    assert "'Mgluino'" in res.output
    assert "unknown sampling key" in res.output
    res = CliRunner().invoke(main, [*base, "--workers", "2", "--scheduler", "tcp://127.0.0.1:1"])
    assert res.exit_code == 2
    assert "either --workers or --scheduler" in res.output
    res = CliRunner().invoke(main, [*base, "--runner", "container"], env={"ALPSEESAW_IMAGE": ""})
    assert res.exit_code == 2
    assert "'image'" in res.output
    res = CliRunner().invoke(
        main, [*base, "--no-benchmarks", "--points", "1", "--region", "fa=10", "--workers", "0"]
    )
    assert res.exit_code == 2  # fa must exceed v: the message names the parameter and the point
    assert "'fa'" in res.output
    assert "region-000" in res.output
