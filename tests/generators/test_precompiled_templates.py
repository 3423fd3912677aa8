"""The precompiled Jinja2 templates are the templates, compiled; never used stale.

``generators.base.environment`` loads ``templates/compiled/`` (Jinja2's own compiled modules)
when the key there matches the templates' sources; these tests compile every template and
compare, and a stale copy fails with the command that regenerates it.
"""

from __future__ import annotations

import jinja2

from alpseesaw.generators import base, precompiled

REGENERATE = "python -m alpseesaw.generators.precompiled"


def test_the_compiled_templates_are_the_templates_compiled() -> None:
    fresh = precompiled.compiled()
    shipped = {
        p.name: p.read_text(encoding="utf-8") for p in precompiled.COMPILED.glob("*") if p.is_file()
    }
    assert set(shipped) == set(fresh), f"run {REGENERATE}"
    for name, text in fresh.items():
        assert shipped[name] == text, f"{name} is stale: run {REGENERATE}"


def test_the_environment_loads_them_only_when_the_key_matches(tmp_path, monkeypatch) -> None:
    """A template edited after compiling (one byte) changes the key: the environment compiles
    the sources again, and renders the edit (planted: ``loader()`` without the key comparison ->
    the stale module renders, fails)."""
    assert isinstance(precompiled.loader(), jinja2.ModuleLoader)
    templates = tmp_path / "templates"
    compiled = templates / "compiled"
    for name in precompiled.template_names():
        (templates / name).parent.mkdir(parents=True, exist_ok=True)
        (templates / name).write_bytes((precompiled.TEMPLATES / name).read_bytes())
    compiled.mkdir()
    for path in precompiled.COMPILED.glob("*"):
        if path.is_file():
            (compiled / path.name).write_bytes(path.read_bytes())
    monkeypatch.setattr(precompiled, "TEMPLATES", templates)
    monkeypatch.setattr(precompiled, "COMPILED", compiled)
    monkeypatch.setattr(precompiled, "KEY_FILE", compiled / "KEY")
    assert isinstance(precompiled.loader(), jinja2.ModuleLoader)
    name = "ufo/function_library.py.j2"
    edited = templates / name
    edited.write_text(edited.read_text() + "# an edited template\n")
    assert precompiled.loader() is None
    monkeypatch.setattr(
        base.jinja2, "PackageLoader", lambda *_a: jinja2.FileSystemLoader(templates)
    )
    base.environment.cache_clear()
    try:
        text = base.render(name, version="0")
    finally:
        base.environment.cache_clear()
    assert text.endswith("# an edited template\n")


def test_the_environment_renders_from_the_compiled_modules() -> None:
    """With the shipped key the environment's loader is the compiled modules' (the golden
    files and the byte comparisons of every target check what they render)."""
    base.environment.cache_clear()
    try:
        assert isinstance(base.environment().loader, jinja2.ModuleLoader)
        assert base.render("ufo/function_library.py.j2", version="0").startswith("# Functions")
    finally:
        base.environment.cache_clear()
