"""``alpseesaw image``: build the tool image from the repository's recipe; remove leftovers."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from alpseesaw.cli.common import QUIET_OPTION, echo_json, handle_errors
from alpseesaw.cli.progress import StderrProgress

if TYPE_CHECKING:
    from alpseesaw.runners.image import BuildEvent


@click.group()
def image() -> None:
    """The container image of the tools (micrOMEGAs 6.0 with CalcHEP and LanHEP)."""


class _BuildProgress(StderrProgress):
    """A bar over the recipe's steps on a terminal; the step lines on stderr otherwise (a log
    of a build of many minutes); nothing with ``--quiet``."""

    def __init__(self, tag: str, *, quiet: bool = False) -> None:
        super().__init__(quiet=quiet)
        self.tag = tag
        self.quiet = quiet

    def __call__(self, event: BuildEvent) -> None:
        if self.quiet:
            return
        if self.bar is None:
            if event.is_step or event.text.startswith("built "):
                click.echo(event.text, err=True)
            return
        if event.total:
            self.update("build", f"{self.tag}: {event.text[:60]}", event.step, event.total)


@image.command("build")
@click.option(
    "--source",
    required=True,
    type=click.Path(exists=True),
    help="The micrOMEGAs 6.0 release archive micromegas_6.0.tgz (micrOMEGAs home page, LAPTh) "
    "or its unpacked directory.",
)
@click.option("--tag", required=True, help="Name of the image, e.g. alpseesaw/micromegas:6.0.")
@click.option(
    "--base",
    default=None,
    metavar="IMAGE",
    help="Base of the final stage [default: debian:bookworm, pulled]; e.g. a local "
    "local/debian:bookworm where no registry is reachable.",
)
@click.option(
    "--build-base",
    default=None,
    metavar="IMAGE",
    help="Base of the build stage, with or without a C/Fortran toolchain and X11 headers "
    "[default: --base, else debian:bookworm].",
)
@click.option(
    "--engine-url",
    default=None,
    envvar="ALPSEESAW_ENGINE_URL",
    metavar="URL",
    help="Container engine socket [default: DOCKER_HOST].",
)
@QUIET_OPTION
@handle_errors
def image_build(
    source: str,
    tag: str,
    base: str | None,
    build_base: str | None,
    engine_url: str | None,
    quiet: bool,
) -> None:
    """Build micrOMEGAs (CalcHEP, LanHEP) from its release archive into image TAG, offline.

    The recipe is containers/micromegas.Dockerfile; then run the tools with
    --runner container --image TAG.
    """
    from alpseesaw.runners.image import build_image

    bar = _BuildProgress(tag, quiet=quiet)
    try:
        tools = build_image(
            source, tag, base=base, build_base=build_base, base_url=engine_url, progress=bar
        )
    finally:
        bar.close()
    click.echo(f"built {tag} ({tools.image_id}); use: --runner container --image {tag}", err=True)
    click.echo(tag)


@image.command("cleanup")
@click.option(
    "--all", "everything", is_flag=True, help="Every alpseesaw container, also of live runs."
)
@click.option("--engine-url", default=None, envvar="ALPSEESAW_ENGINE_URL", metavar="URL")
@click.option("--json", "as_json", is_flag=True, help="Print the removed containers as JSON.")
@handle_errors
def image_cleanup(everything: bool, engine_url: str | None, as_json: bool) -> None:
    """Remove containers left by alpseesaw runs that died (crash, kill -9; found by label)."""
    from alpseesaw.runners.container import cleanup_leftovers, connect

    removed = cleanup_leftovers(connect(engine_url), everything=everything)
    if as_json:
        echo_json({"removed": removed})
    else:
        click.echo(
            f"removed {len(removed)} container(s)" + (": " + " ".join(removed) if removed else "")
        )
