"""The Jinja2 templates, precompiled: each template's Python module as Jinja2's own
``Environment.compile_templates`` writes it, shipped in ``templates/compiled/``.

Compiling the templates (Jinja2's lexer, parser and code generator, then Python's ``compile``)
took a cold ``generate-model --target all`` about 0.07 CPU seconds in its workers; imported as
modules they cost what an import costs. They are used only if their **key** matches: SHA-256 of
Jinja2's version, the environment's options and the name and bytes of every template
(:func:`templates_key`); any edit of a template makes the environment compile it from the
source as before. ``tests/generators/test_precompiled_templates.py`` compiles every template
and compares (a stale copy fails there, naming the command). Regenerate with::

    python -m alpseesaw.generators.precompiled          # rewrites templates/compiled/
    python -m alpseesaw.generators.precompiled --check  # exit 1 if stale
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

import jinja2

#: The package's templates and their compiled modules.
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
COMPILED = TEMPLATES / "compiled"
KEY_FILE = COMPILED / "KEY"


def template_names() -> list[str]:
    """Every template, by its name in the environment (``calchep/vars1.mdl.j2``, ...)."""
    return sorted(
        p.relative_to(TEMPLATES).as_posix()
        for p in TEMPLATES.rglob("*.j2")
        if COMPILED not in p.parents
    )


def templates_key() -> str:
    """The key the compiled modules must carry: Jinja2's version, the options, the templates."""
    from alpseesaw.generators.base import OPTIONS

    options = sorted((k, getattr(v, "__name__", v)) for k, v in OPTIONS.items())
    h = hashlib.sha256(f"jinja2 {jinja2.__version__} {options}".encode())
    for name in template_names():
        h.update(name.encode() + b"\0" + (TEMPLATES / name).read_bytes() + b"\0")
    return h.hexdigest()


def loader() -> jinja2.BaseLoader | None:
    """A loader of the compiled modules, or ``None`` if they are missing or stale."""
    try:
        shipped = KEY_FILE.read_text().strip()
    except OSError:
        return None
    return jinja2.ModuleLoader(COMPILED) if shipped == templates_key() else None


def compiled() -> dict[str, str]:
    """The compiled modules, fresh from the sources: file name -> Python source (what
    ``compile_templates`` writes, without a file name in it), and the key file."""
    from alpseesaw.generators.base import OPTIONS

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), **OPTIONS)
    out = {}
    for name in template_names():
        source = (TEMPLATES / name).read_text(encoding="utf-8")
        code = env.compile(source, name, None, raw=True, defer_init=True)
        out[jinja2.ModuleLoader.get_module_filename(name)] = code
    out[KEY_FILE.name] = templates_key() + "\n"
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Precompile the Jinja2 templates (or check them).")
    ap.add_argument("--check", action="store_true", help="exit 1 if the compiled copy is stale")
    args = ap.parse_args(argv)
    fresh = compiled()
    on_disk = {p.name for p in COMPILED.glob("*") if p.is_file()}
    stale = sorted(
        n for n in fresh if n not in on_disk or (COMPILED / n).read_text() != fresh[n]
    ) + sorted(on_disk - set(fresh))
    if args.check:
        for name in stale:
            sys.stdout.write(f"{COMPILED / name}: STALE: run python -m {__spec__.name}\n")
        return 1 if stale else 0
    from alpseesaw.files import atomic_write

    COMPILED.mkdir(exist_ok=True)
    for name in sorted(on_disk - set(fresh)):
        (COMPILED / name).unlink()
    for name, text in fresh.items():
        atomic_write(COMPILED / name, text)
    sys.stdout.write(f"wrote {len(fresh)} files to {COMPILED}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
