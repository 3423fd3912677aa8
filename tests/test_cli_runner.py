"""The one runner switch of the tool-running commands, and ``alpseesaw image``, without an engine.

Everything here fails before any container would start: bad options, bad card values, a missing
source. The real-engine side is in ``tests/runners/test_container_engine.py`` (marker
``container``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from alpseesaw.cli import main
from alpseesaw.runners.image import CONTEXT_ARCHIVE, CONTEXT_TREE, check_source, write_context

TOOL_COMMANDS = (
    ["generate", "--target", "micromegas", "--build"],
    ["point"],
    ["crossval", "--points", "1"],
)


@pytest.mark.parametrize("command", TOOL_COMMANDS, ids=lambda c: c[0])
def test_every_tool_command_has_the_switch(command: list[str]) -> None:
    res = CliRunner().invoke(main, [command[0], "--help"])
    assert res.exit_code == 0
    for option in ("--runner [local|container]", "--image TAG", "--engine-url URL", "--memory"):
        assert option in res.output


@pytest.mark.parametrize("command", TOOL_COMMANDS, ids=lambda c: c[0])
def test_container_runner_without_image_is_one_line_exit_2(
    command: list[str], tmp_path: Path
) -> None:
    args = [*command, "--out", str(tmp_path / "o")] if command[0] != "point" else command
    res = CliRunner().invoke(main, [*args, "--runner", "container"], env={"ALPSEESAW_IMAGE": ""})
    assert res.exit_code == 2
    assert "'image'" in res.output
    assert "--image TAG or ALPSEESAW_IMAGE" in res.output


def test_the_environment_chooses_the_runner(tmp_path: Path) -> None:
    res = CliRunner().invoke(
        main,
        ["generate", "--target", "micromegas", "--build", "--out", str(tmp_path / "o")],
        env={"ALPSEESAW_RUNNER": "container", "ALPSEESAW_IMAGE": ""},
    )
    assert res.exit_code == 2
    assert "'image'" in res.output
    res = CliRunner().invoke(main, ["point", "--runner", "docker"])
    assert res.exit_code == 2


@pytest.mark.parametrize("value", ["1;touch /tmp/x", "$(id)", "`id`", "1 2"])
def test_card_values_are_numbers_before_any_tool_runs(value: str, tmp_path: Path) -> None:
    marker = tmp_path / "x"
    res = CliRunner().invoke(
        main,
        ["point", "--set", f"Mchi={value.replace('/tmp/x', str(marker))}", "--runner", "container",
         "--image", "no/such:image", "--engine-url", "unix:///nonexistent.sock"],
    )  # fmt: skip
    assert res.exit_code == 2
    assert "Mchi" in res.output
    assert len(res.output.strip().splitlines()) == 1
    assert not marker.exists()


def test_points_file_values_are_checked_too(tmp_path: Path) -> None:
    points = tmp_path / "p.csv"
    points.write_text("Mchi,Ma\n1000,1100\n$(id),1100\n")
    res = CliRunner().invoke(main, ["point", "--points", str(points)])
    assert res.exit_code == 2
    assert "Mchi" in res.output


def test_image_build_rejects_a_source_that_is_not_micromegas(tmp_path: Path) -> None:
    junk = tmp_path / "junk.tgz"
    junk.write_text("not an archive")
    res = CliRunner().invoke(main, ["image", "build", "--source", str(junk), "--tag", "a/b:1"])
    assert res.exit_code == 2
    assert "not a tar archive" in res.output
    res = CliRunner().invoke(main, ["image", "build", "--source", str(tmp_path), "--tag", "a/b:1"])
    assert res.exit_code == 2
    assert "not a micrOMEGAs source tree" in res.output


def test_build_context_holds_recipe_server_and_source(tmp_path: Path) -> None:
    import tarfile

    tree = tmp_path / "micromegas_6.0"
    (tree / "CalcHEP_src").mkdir(parents=True)
    (tree / "newProject").write_text("#!/bin/sh\n")
    src, kind = check_source(tree)
    assert kind == "tree"
    with (tmp_path / "ctx.tar").open("w+b") as fh:
        name = write_context(src, kind, fh)
        with tarfile.open(fileobj=fh) as tar:
            names = tar.getnames()
    assert name == CONTEXT_TREE
    assert {"Dockerfile", "alpseesaw-serve.c", f"{CONTEXT_TREE}/newProject"} <= set(names)
    archive = tmp_path / "m.tgz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(tree, arcname="micromegas_6.0")
    assert check_source(archive)[1] == "archive"
    with (tmp_path / "ctx2.tar").open("w+b") as fh:
        assert write_context(archive, "archive", fh) == CONTEXT_ARCHIVE
        with tarfile.open(fileobj=fh) as tar:
            assert CONTEXT_ARCHIVE in tar.getnames()
