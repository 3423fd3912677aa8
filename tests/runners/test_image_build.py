"""``build_image`` against a fake docker SDK client (no engine): what it sends, what it reads back.

The real build is in the container tests (marker ``container``); here the client is a stub with
the two calls build_image makes (``api.build`` streaming decoded chunks, ``images.get``), so the
build arguments, the progress events, the failure message and the image's labels are checked on
every run of the default suite.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from alpseesaw.errors import ToolRunError
from alpseesaw.runners.container import IMAGE_LABELS, ImageTools
from alpseesaw.runners.image import CONTEXT_TREE, BuildEvent, build_image


@dataclass
class FakeImage:
    id: str
    labels: dict[str, str] | None


@dataclass
class FakeClient:
    """The part of ``docker.DockerClient`` build_image uses."""

    chunks: list[dict[str, Any]]
    image: FakeImage
    builds: list[dict[str, Any]] = field(default_factory=list)
    gets: list[str] = field(default_factory=list)

    @property
    def api(self) -> FakeClient:
        return self

    @property
    def images(self) -> FakeClient:
        return self

    def build(self, **kw: Any) -> Any:
        self.builds.append(kw)
        return iter(self.chunks)

    def get(self, name: str) -> FakeImage:
        self.gets.append(name)
        return self.image


def micromegas_tree(tmp_path: Path) -> Path:
    tree = tmp_path / "micromegas_6.0"
    (tree / "CalcHEP_src").mkdir(parents=True)
    (tree / "newProject").write_text("#!/bin/sh\n")
    return tree


STREAM = [
    {"stream": "Step 1/3 : FROM debian:bookworm AS build\n"},
    {"stream": " ---> 1234\n\n"},
    {"stream": "Step 2/3 : RUN make\n"},
    {"stream": "Step 3/3 : LABEL x=y\n"},
    {"aux": {"ID": "sha256:abcdef0123456789abcdef"}},
]


def test_the_image_labels_become_the_image_tools(tmp_path: Path) -> None:
    labels = {
        IMAGE_LABELS["micromegas_dir"]: "/opt/micromegas",
        IMAGE_LABELS["micromegas_version"]: "6.0",
        IMAGE_LABELS["lanhep"]: "/opt/micromegas/Packages/LanHEP/lhep",
        IMAGE_LABELS["serve"]: "/usr/local/bin/alpseesaw-serve",
        "unrelated": "x",
    }
    client = FakeClient(STREAM, FakeImage("sha256:abcdef0123456789abcdef", labels))
    events: list[BuildEvent] = []
    tools = build_image(micromegas_tree(tmp_path), "a/b:1", client=client, progress=events.append)
    assert tools == ImageTools(
        "sha256:abcdef0123456789abcdef",
        micromegas_dir="/opt/micromegas",
        micromegas_version="6.0",
        lanhep="/opt/micromegas/Packages/LanHEP/lhep",
        serve="/usr/local/bin/alpseesaw-serve",
    )
    # the image is looked up by the id the engine reported, not by the tag
    assert client.gets == ["sha256:abcdef0123456789abcdef"]
    # steps are numbered from the engine's "Step i/n" lines; blank lines are dropped
    assert [(e.step, e.total, e.is_step) for e in events[:-1]] == [
        (1, 3, True), (1, 3, False), (2, 3, True), (3, 3, True)
    ]  # fmt: skip
    assert events[-1].step == events[-1].total == 3
    assert events[-1].text.startswith("built a/b:1 (sha256:abcdef012345) in ")  # the short id


def test_an_image_without_labels_has_no_tools(tmp_path: Path) -> None:
    client = FakeClient(STREAM[:1], FakeImage("sha256:00", None))
    tools = build_image(micromegas_tree(tmp_path), "a/b:1", client=client)
    assert tools == ImageTools("sha256:00")
    assert client.gets == ["a/b:1"]  # no aux ID in the stream: the tag


@pytest.mark.parametrize(
    ("base", "build_base", "expected"),
    [
        (None, None, {}),
        ("img:1", None, {"BASE": "img:1", "BUILD_BASE": "img:1"}),
        (None, "bb:2", {"BUILD_BASE": "bb:2"}),
        ("img:1", "bb:2", {"BASE": "img:1", "BUILD_BASE": "bb:2"}),
    ],
)
def test_build_arguments(
    tmp_path: Path, base: str | None, build_base: str | None, expected: dict[str, str]
) -> None:
    client = FakeClient(STREAM, FakeImage("sha256:00", {}))
    build_image(
        micromegas_tree(tmp_path), "a/b:1", base=base, build_base=build_base, client=client,
        micromegas_version="6.1",
    )  # fmt: skip
    (kw,) = client.builds
    assert kw["buildargs"] == {
        "MICROMEGAS_VERSION": "6.1", "MICROMEGAS_SOURCE": CONTEXT_TREE, **expected
    }  # fmt: skip
    assert kw["tag"] == "a/b:1"
    assert kw["custom_context"] is True
    # no intermediate container is left on the engine, not even after a failed step
    assert (kw["rm"], kw["forcerm"]) == (True, True)
    assert kw["pull"] is False
    assert kw["decode"] is True


def test_a_failed_step_names_the_step_and_the_engine_message(tmp_path: Path) -> None:
    chunks = [*STREAM[:3], {"error": "pull access denied for nosuch/base\n"}]
    client = FakeClient(chunks, FakeImage("sha256:00", {}))
    with pytest.raises(ToolRunError) as exc:
        build_image(micromegas_tree(tmp_path), "a/b:1", base="nosuch/base", client=client)
    text = str(exc.value)
    assert "at step 2/3: pull access denied for nosuch/base" in text
    assert "--build-base and --base" in text  # the hint for a base image that is not there
    assert exc.value.returncode == 1
    assert exc.value.stderr_tail.splitlines()[-1] == "pull access denied for nosuch/base"
    assert client.gets == []


@pytest.mark.parametrize("keep", ["newProject", "CalcHEP_src"])
def test_a_tree_needs_both_newproject_and_calchep_src(tmp_path: Path, keep: str) -> None:
    from alpseesaw.errors import InputError
    from alpseesaw.runners.image import check_source

    tree = micromegas_tree(tmp_path)
    if keep == "newProject":
        (tree / "CalcHEP_src").rmdir()
    else:
        (tree / "newProject").unlink()
    with pytest.raises(InputError, match="not a micrOMEGAs source tree"):
        check_source(tree)
    assert check_source(micromegas_tree(tmp_path / "ok")) == (
        (tmp_path / "ok" / "micromegas_6.0").resolve(),
        "tree",
    )
