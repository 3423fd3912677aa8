"""What every generator shares: the Jinja2 environment, the atomic directory writer, the manifest.

A generator is a pure function ``(ModelIR, card values) -> {relative path: text}``; only
:func:`write_tree` touches disk. Output must be byte-identical between runs (no timestamps).
"""

from __future__ import annotations

import functools
import hashlib
import json
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from alpseesaw import __version__
from alpseesaw.errors import OutputExistsError

if TYPE_CHECKING:
    import os
    from collections.abc import Mapping

Files = dict[str, str]


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


def write_tree(
    files: Mapping[str, str | bytes], out: str | os.PathLike[str], *, force: bool = False
) -> Path:
    """Write ``files`` under ``out`` atomically: build a sibling temporary directory, then rename.

    Refuses a non-empty ``out`` unless ``force`` (then the old directory is replaced as a whole).
    Executable bits: paths ending in ``.sh`` or named ``main`` wrappers are made executable.
    """
    out = Path(out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())) and not force:
        msg = f"output directory {out} is not empty; use --force to replace it"
        raise OutputExistsError(msg)
    for rel in files:
        if Path(rel).is_absolute() or ".." in Path(rel).parts:
            msg = f"refusing to write outside the output directory: {rel!r}"
            raise ValueError(msg)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        for rel, content in sorted(files.items()):
            path = tmp / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content)
            if rel.endswith(".sh"):
                path.chmod(0o755)
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old.", dir=out.parent))
            old.rmdir()
            out.rename(old)
            tmp.rename(out)
            shutil.rmtree(old)
        else:
            tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out
