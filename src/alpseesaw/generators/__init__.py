"""Model-file generators: the IR in, ``{relative path: text}`` out; one module per target.

:func:`generate_files` is the doorway: it builds the model (or takes the output from the cache,
keyed by the package's source, the target, the options and the card) and returns the files of a
target, with ``manifest.json``. :func:`write_tree` (in :mod:`.base`) puts them on disk atomically.
"""

from __future__ import annotations

import hashlib
import importlib
import json
from collections.abc import Mapping
from importlib import resources
from pathlib import Path

from alpseesaw import __version__
from alpseesaw.errors import GenerationError
from alpseesaw.generators.base import Files, manifest
from alpseesaw.paths import cache_root

#: target -> module providing ``generate(ir, externals) -> dict[str, str]``
TARGETS: dict[str, str] = {
    "calchep": "alpseesaw.generators.calchep",
    "micromegas": "alpseesaw.generators.micromegas",
    "lanhep": "alpseesaw.generators.lanhep",
    "ufo": "alpseesaw.generators.ufo",
}


def available_targets() -> tuple[str, ...]:
    """Targets whose generator module is present."""
    out = []
    for name, module in TARGETS.items():
        if importlib.util.find_spec(module) is not None:
            out.append(name)
    return tuple(out)


def source_fingerprint() -> str:
    """SHA-256 of everything that shapes the output: the model, generators, templates, version."""
    h = hashlib.sha256(__version__.encode())
    root = resources.files("alpseesaw")
    for sub in ("model", "generators", "templates"):
        for path in sorted(Path(str(root / sub)).rglob("*")):
            if path.is_file() and path.suffix in (".py", ".j2", ".txt", ".c", ".json", ".mdl", ".lhp"):
                h.update(str(path.relative_to(Path(str(root)))).encode())
                h.update(path.read_bytes())
    return h.hexdigest()


def _generate_uncached(target: str, externals: Mapping[str, float], alp_gauge: str) -> tuple[Files, str]:
    from alpseesaw.model import build_model

    if target not in TARGETS:
        msg = f"unknown target {target!r}; choose from {', '.join(TARGETS)}"
        raise GenerationError(msg)
    ir = build_model(alp_gauge)
    module = importlib.import_module(TARGETS[target])
    files = dict(module.generate(ir, externals))
    files["manifest.json"] = manifest(target, ir.hash, _full_card(ir, externals), files)
    return files, ir.hash


def _full_card(ir: object, externals: Mapping[str, float]) -> dict[str, float]:
    return {p.name: float(externals.get(p.name, p.value)) for p in ir.externals}  # type: ignore[attr-defined]


def generate_files(
    target: str,
    externals: Mapping[str, float] | None = None,
    alp_gauge: str = "broken",
    *,
    use_cache: bool = True,
) -> tuple[Files, bool]:
    """Files of ``target`` for the card ``externals``; returns ``(files, cache_hit)``.

    The cache (under :func:`alpseesaw.paths.cache_root`) is keyed by the source fingerprint (so an
    edited model is rebuilt), the target, ``alp_gauge`` and the card; a hit skips building the model.
    """
    externals = dict(externals or {})
    key_text = json.dumps(
        {"source": source_fingerprint(), "target": target, "alp_gauge": alp_gauge, "card": externals}, sort_keys=True
    )
    key = hashlib.sha256(key_text.encode()).hexdigest()
    entry = cache_root() / "generated" / f"{target}-{key}.json"
    if use_cache and entry.is_file():
        try:
            return json.loads(entry.read_text())["files"], True
        except (OSError, ValueError, KeyError):
            pass  # a damaged entry is regenerated
    files, model_hash = _generate_uncached(target, externals, alp_gauge)
    if use_cache:
        entry.parent.mkdir(parents=True, exist_ok=True)
        tmp = entry.with_suffix(".tmp")
        tmp.write_text(json.dumps({"model_hash": model_hash, "files": files}))
        tmp.replace(entry)
    return files, False
