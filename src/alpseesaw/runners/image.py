"""Build the tool image from the recipe ``containers/micromegas.Dockerfile`` through the docker SDK.

:func:`build_image` makes the build context in a temporary file (the recipe, the source of the
warm-container server and the micrOMEGAs source: the release archive as it is, or an unpacked
tree) and streams the engine's build output to a progress callback. No network is needed when
the base images are present in the engine (``base``/``build_base``). The recipe is package
data of alpseesaw (``alpseesaw/data/containers/``, mapped from the repository's
``containers/`` in the wheel) or, in a source checkout, the repository's ``containers/``.
"""

from __future__ import annotations

import re
import tarfile
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from alpseesaw.errors import InputError, ToolRunError
from alpseesaw.runners.container import IMAGE_LABELS, EngineUnavailable, ImageTools

if TYPE_CHECKING:
    import os

#: The recipe files (in ``containers/``) and their names in the build context.
RECIPE = "micromegas.Dockerfile"
SERVER_SOURCE = "alpseesaw-serve.c"
#: Names of the micrOMEGAs source in the build context (build argument MICROMEGAS_SOURCE).
CONTEXT_ARCHIVE = "micromegas-source.tgz"
CONTEXT_TREE = "micromegas-source"
_STEP = re.compile(r"^Step (\d+)/(\d+) : (.*)$")


@dataclass(frozen=True)
class BuildEvent:
    """One piece of build progress: the current step of ``total`` and a line of output."""

    step: int
    total: int
    text: str
    is_step: bool


Progress = Callable[[BuildEvent], None]


def recipe_dir() -> Path:
    """The directory holding the recipe (package data, else the source checkout's ``containers/``).

    Raises:
        ToolRunError: neither is there (a broken installation).
    """
    packaged = resources.files("alpseesaw") / "data" / "containers"
    if packaged.is_dir() and (packaged / RECIPE).is_file():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parents[3] / "containers"
    if (checkout / RECIPE).is_file():
        return checkout
    raise ToolRunError(
        "image", (), None, "", None, f"the image recipe {RECIPE} is not installed with alpseesaw"
    )


def check_source(source: str | os.PathLike[str]) -> tuple[Path, str]:
    """The micrOMEGAs source and its kind (``"archive"`` or ``"tree"``).

    Raises:
        InputError: not an existing tar archive or micrOMEGAs tree (one line, exit code 2).
    """
    path = Path(source).expanduser()
    if path.is_file():
        if not tarfile.is_tarfile(path):
            msg = f"--source {path} is not a tar archive (expected the release micromegas_6.0.tgz)"
            raise InputError(msg)
        return path.resolve(), "archive"
    if path.is_dir():
        if not (path / "newProject").is_file() or not (path / "CalcHEP_src").is_dir():
            msg = (
                f"--source {path} is not a micrOMEGAs source tree (no newProject or CalcHEP_src); "
                "give the release archive micromegas_6.0.tgz or its unpacked directory"
            )
            raise InputError(msg)
        return path.resolve(), "tree"
    msg = (
        f"--source {path} does not exist; download micromegas_6.0.tgz from the micrOMEGAs home page"
    )
    raise InputError(msg)


def _reset(info: tarfile.TarInfo) -> tarfile.TarInfo:
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


def write_context(source: Path, kind: str, out: IO[bytes]) -> str:
    """Write the build context (an uncompressed tar) to ``out``; return the source's name in it."""
    recipes = recipe_dir()
    name = CONTEXT_ARCHIVE if kind == "archive" else CONTEXT_TREE
    with tarfile.open(fileobj=out, mode="w") as tar:
        tar.add(recipes / RECIPE, arcname="Dockerfile", filter=_reset)
        tar.add(recipes / SERVER_SOURCE, arcname=SERVER_SOURCE, filter=_reset)
        tar.add(source, arcname=name, recursive=True, filter=_reset)
    out.flush()
    out.seek(0)
    return name


def build_image(
    source: str | os.PathLike[str],
    tag: str,
    *,
    base: str | None = None,
    build_base: str | None = None,
    client: Any | None = None,
    base_url: str | None = None,
    progress: Progress | None = None,
    micromegas_version: str = "6.0",
) -> ImageTools:
    """Build the micrOMEGAs image ``tag`` from ``source``; return its id and labels.

    Args:
        source: the release archive (``micromegas_6.0.tgz``) or an unpacked tree of it.
        tag: the image name, e.g. ``alpseesaw/micromegas:6.0``.
        base: the final stage's base image (default: the recipe's, ``debian:bookworm``).
        build_base: the build stage's base (default: ``base`` when given, else the recipe's).
        client: a docker SDK client (default: from ``base_url`` or ``DOCKER_HOST``).
        progress: called with every step and output line of the build.
        micromegas_version: the version the source must be (checked against its README).

    Raises:
        InputError: bad source or tag.
        EngineUnavailable: no engine answers.
        ToolRunError: the build failed (the end of its output is in the error).
    """
    import docker

    src, kind = check_source(source)
    if not re.fullmatch(r"[a-z0-9][a-z0-9._/-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?", tag):
        msg = f"--tag {tag!r} is not an image name such as alpseesaw/micromegas:6.0"
        raise InputError(msg)
    if client is None:
        try:
            client = docker.DockerClient(base_url=base_url) if base_url else docker.from_env()
            client.ping()
        except Exception as exc:
            raise EngineUnavailable(
                "image",
                ["docker", "build"],
                None,
                "",
                None,
                f"no container engine reachable: {exc}",
            ) from exc
    buildargs = {"MICROMEGAS_VERSION": micromegas_version}
    if base:
        buildargs["BASE"] = base
    if build_base or base:
        buildargs["BUILD_BASE"] = build_base or base or ""
    lines: list[str] = []
    step = total = 0
    with tempfile.TemporaryFile(prefix="alpseesaw-image-context-") as context:
        buildargs["MICROMEGAS_SOURCE"] = write_context(src, kind, context)
        started = time.perf_counter()
        try:
            stream = client.api.build(
                fileobj=context,
                custom_context=True,
                tag=tag,
                buildargs=buildargs,
                rm=True,
                forcerm=True,
                pull=False,
                decode=True,
            )
            image_id = None
            for chunk in stream:
                if "error" in chunk:
                    lines.append(str(chunk["error"]).rstrip())
                    raise ToolRunError(
                        "image",
                        ["docker", "build", "-t", tag],
                        1,
                        "\n".join(lines[-60:]),
                        None,
                        f"the image build failed at step {step}/{total}: {lines[-1]}"
                        + _hint(lines[-1], base, build_base),
                    )
                if aux := chunk.get("aux"):
                    image_id = aux.get("ID", image_id)
                for text in str(chunk.get("stream", "")).splitlines():
                    if not text.strip():
                        continue
                    lines.append(text)
                    m = _STEP.match(text)
                    if m:
                        step, total = int(m.group(1)), int(m.group(2))
                    if progress is not None:
                        progress(BuildEvent(step, total, text, m is not None))
        except docker.errors.DockerException as exc:
            raise ToolRunError(
                "image",
                ["docker", "build", "-t", tag],
                None,
                "\n".join(lines[-60:]),
                None,
                str(exc),
            ) from exc
    image = client.images.get(image_id or tag)
    labels = dict(image.labels or {})
    if progress is not None:
        progress(
            BuildEvent(
                total,
                total,
                f"built {tag} ({image.id[:19]}) in {time.perf_counter() - started:.0f} s",
                False,
            )
        )
    return ImageTools(str(image.id), **{k: labels.get(v) for k, v in IMAGE_LABELS.items()})


def _hint(message: str, base: str | None, build_base: str | None) -> str:
    if "pull access denied" in message or "dial tcp" in message or "not found" in message.lower():
        return (
            f" (base images {build_base or base or 'debian:bookworm'} / {base or 'debian:bookworm'} "
            "must be in the engine or pullable; without registry access pass local ones with "
            "--build-base and --base)"
        )
    return ""
