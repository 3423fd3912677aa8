"""What every generator shares: the one Jinja2 environment and the manifest.

A generator is a pure function ``(ModelIR, card values) -> {relative path: text}``; files reach
the disk at the edge (:func:`alpseesaw.files.write_tree`). Output must be byte-identical between
runs (no timestamps).
"""

from __future__ import annotations

import functools
import hashlib
import json
from typing import TYPE_CHECKING, Any

import jinja2

from alpseesaw import __version__

if TYPE_CHECKING:
    from collections.abc import Mapping

Files = dict[str, str]


#: The model title the generated files carry unless the caller gives one.
TITLE = "alpseesaw ISS + ALP-portal DM"


@functools.cache
def environment() -> jinja2.Environment:
    """The one Jinja2 environment: package templates, strict undefined, deterministic output."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("alpseesaw", "templates"),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )


def render(template: str, **context: Any) -> str:
    """Render ``templates/<template>`` with ``context``."""
    return environment().get_template(template).render(**context)


def manifest(
    target: str,
    model_hash: str | None,
    card: Mapping[str, float] | None,
    files: Mapping[str, str],
    interface: Mapping[str, Any] | None = None,
) -> str:
    """``manifest.json``: target, model hash, package version, card, the interface of the
    output to the runners (``interface``, e.g. a micrOMEGAs project's PARFILE names), checksums.

    ``model_hash`` and ``card`` are left out for a model that is not the IR's (a project made from
    LanHEP's or hand-written CalcHEP files)."""
    body: dict[str, Any] = {"target": target}
    if model_hash is not None:
        body["model_hash"] = model_hash
    body["alpseesaw_version"] = __version__
    if card is not None:
        body["card"] = {k: card[k] for k in sorted(card)}
    body.update(interface or {})
    body["files"] = {
        name: hashlib.sha256(text.encode()).hexdigest() for name, text in sorted(files.items())
    }
    return json.dumps(body, indent=2, sort_keys=False) + "\n"
