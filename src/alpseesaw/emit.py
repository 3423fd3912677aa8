"""The edge where model files leave the house: the IR is built once per process, targets are
generated (pure, :mod:`alpseesaw.generators`) in forked workers that inherit it, outputs are
cached on disk, and trees are written atomically (:mod:`alpseesaw.files`).

The cache (under :func:`alpseesaw.paths.cache_root`) is keyed by the package's source (so an
edited model is rebuilt), the target, ``alp_gauge`` and the card; a hit skips building the model.
A second, smaller record keys a *request* (target, card file bytes, ``--set`` texts, gauge,
source) to the validated card values it led to, so a repeated request finds its files without
evaluating the card again: that warm path imports no SymPy (:func:`request_key`,
:func:`lookup_request`, :func:`remember_request`). Only requests that passed validation are
recorded; anything else takes the full path and gets its error there.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from alpseesaw import __version__
from alpseesaw.files import atomic_write
from alpseesaw.paths import cache_root

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping, Sequence

    from alpseesaw.generators.base import Files
    from alpseesaw.model.card import Point, PointLike

#: Targets that share work (the micrOMEGAs project embeds the CalcHEP files) run in one worker.
_GROUPS = (("calchep", "micromegas"), ("ufo",), ("lanhep",))


@functools.cache
def source_fingerprint() -> str:
    """SHA-256 of everything that shapes the output: the model, generators, templates, version
    (read once per process)."""
    h = hashlib.sha256(__version__.encode())
    root = Path(__file__).parent  # the package's directory, as importlib.resources has it
    for sub in ("model", "generators", "templates"):
        for path in sorted((root / sub).rglob("*")):
            if path.is_file() and path.suffix in (
                ".py",
                ".j2",
                ".txt",
                ".c",
                ".json",
                ".mdl",
                ".lhp",
            ):
                h.update(str(path.relative_to(root)).encode())
                h.update(path.read_bytes())
    return h.hexdigest()


def _cache_entry(target: str, externals: Mapping[str, float], alp_gauge: str) -> Path:
    key_text = json.dumps(
        {
            "source": source_fingerprint(),
            "target": target,
            "alp_gauge": alp_gauge,
            "card": dict(externals),
        },
        sort_keys=True,
    )
    digest = hashlib.sha256(key_text.encode()).hexdigest()
    return cache_root() / "generated" / f"{target}-{digest}.json"


def _read_cache(entry: Path) -> Files | None:
    if not entry.is_file():
        return None
    try:
        return json.loads(entry.read_text())["files"]
    except (OSError, ValueError, KeyError):
        return None  # a damaged entry is regenerated


def _write_cache(entry: Path, files: Files) -> None:
    entry.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(entry, json.dumps({"files": files}))


def request_key(
    target: str, card: str | os.PathLike[str] | None, overrides: Sequence[str], alp_gauge: str
) -> str | None:
    """Key of a ``generate-model`` request: the source, the target as asked (``all`` too), the
    card file's bytes and suffix (``.json``/``.toml`` select the format), the ``--set`` texts
    in order and the gauge; ``None`` if the card cannot be read (the full path reports it)."""
    try:
        card_text = None if card is None else Path(card).read_bytes().hex()
    except OSError:
        return None
    suffix = None if card is None else Path(card).suffix.lower()
    text = json.dumps(
        [source_fingerprint(), target, card_text, suffix, list(overrides), alp_gauge],
        sort_keys=True,
    )
    return hashlib.sha256(text.encode()).hexdigest()


def _request_entry(key: str) -> Path:
    return cache_root() / "requests" / f"{key}.json"


def lookup_request(key: str) -> dict[str, Files] | None:
    """The files of every target of a recorded request, or ``None`` (not recorded, an entry
    gone or damaged)."""
    try:
        record = json.loads(_request_entry(key).read_text())
        targets, externals, alp_gauge = record["targets"], record["card"], record["alp_gauge"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    out: dict[str, Files] = {}
    for t in targets:
        files = _read_cache(_cache_entry(t, externals, alp_gauge))
        if files is None:
            return None
        out[t] = files
    return out


def remember_request(key: str, targets: Sequence[str], point: Point) -> None:
    """Record that request ``key`` was validated into ``point`` and asks for ``targets``."""
    record = {"targets": list(targets), "card": dict(point.externals), "alp_gauge": point.alp_gauge}
    entry = _request_entry(key)
    entry.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(entry, json.dumps(record, sort_keys=True))


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for a cold generation (and on again after, if it
    was): the generation makes about a million SymPy nodes, lists and tuples and no garbage
    cycles to speak of, and the collector's passes over them were 15-25 % of the CPU of a cold
    ``generate-model --target all`` (measured; peak RSS +12 MB without them). Forked workers
    inherit the state."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _generate_group(group: tuple[str, ...], point: PointLike, alp_gauge: str) -> dict[str, Files]:
    from alpseesaw.generators import generate_many
    from alpseesaw.model import build_model

    return generate_many(group, build_model(alp_gauge), point)


def generate_targets(
    targets: Sequence[str],
    point: PointLike = None,
    alp_gauge: str = "broken",
    *,
    use_cache: bool = True,
    workers: int | None = None,
    progress: Callable[[str, str], None] | None = None,
) -> tuple[dict[str, Files], bool]:
    """Files of several targets at ``point`` (a validated :class:`~alpseesaw.model.card.Point`,
    whose ``alp_gauge`` then wins, or external values); ``({target: files}, all_from_cache)``.

    Targets missing from the cache are generated after building the model once; on a machine with
    several cores, independent targets run in forked worker processes that inherit the built model.
    ``progress(what, state)`` hears ``("model", "start")``, ``("model", "done")`` around the
    build and ``(target, "done")`` as each generated target's files arrive (the CLI's display).
    """
    from alpseesaw.model.card import Point

    if isinstance(point, Point):
        alp_gauge = point.alp_gauge
        externals = dict(point.externals)
    else:
        externals = dict(point or {})
    out: dict[str, Files] = {}
    missing: list[str] = []
    for t in targets:
        cached = _read_cache(_cache_entry(t, externals, alp_gauge)) if use_cache else None
        if cached is None:
            missing.append(t)
        else:
            out[t] = cached
    if not missing:
        return out, True
    with gc_paused():
        results = _generate_missing(missing, point, alp_gauge, workers, progress)
    for t in missing:
        if use_cache:
            _write_cache(_cache_entry(t, externals, alp_gauge), results[t])
        out[t] = results[t]
    return {t: out[t] for t in targets}, False


def _generate_missing(
    missing: Sequence[str],
    point: PointLike,
    alp_gauge: str,
    workers: int | None,
    progress: Callable[[str, str], None] | None,
) -> dict[str, Files]:
    import concurrent.futures
    import multiprocessing

    from alpseesaw.model import build_model

    report = progress or (lambda _what, _state: None)
    report("model", "start")
    build_model(alp_gauge)  # built once here; forked workers inherit it
    report("model", "done")
    groups = [tuple(t for t in g if t in missing) for g in _GROUPS]
    groups = [g for g in groups if g] + [(t,) for t in missing if not any(t in g for g in _GROUPS)]
    # one worker per group, even beyond the cores: the groups' CPU is uneven (UFO, CalcHEP with
    # micrOMEGAs, LanHEP: about 0.6, 0.6, 0.55 s), and three processes on two cores end together
    # where two workers finish the third group one after the other (measured, docs/performance.md)
    n = workers if workers is not None else (len(groups) if (os.cpu_count() or 1) > 1 else 1)
    results: dict[str, Files] = {}
    if n > 1 and len(groups) > 1 and "fork" in multiprocessing.get_all_start_methods():
        from alpseesaw.generators import prepare

        prepare()  # what several workers import, imported once before they fork
        ctx = multiprocessing.get_context("fork")
        with concurrent.futures.ProcessPoolExecutor(max_workers=n, mp_context=ctx) as pool:
            for part in pool.map(
                _generate_group, groups, [point] * len(groups), [alp_gauge] * len(groups)
            ):
                results.update(part)
                for t in part:
                    report(t, "done")
    else:
        for g in groups:
            part = _generate_group(g, point, alp_gauge)
            results.update(part)
            for t in part:
                report(t, "done")
    return results


def generate_files(
    target: str,
    point: PointLike = None,
    alp_gauge: str = "broken",
    *,
    use_cache: bool = True,
) -> tuple[Files, bool]:
    """Files of ``target`` at ``point``; returns ``(files, cache_hit)``."""
    files, hit = generate_targets([target], point, alp_gauge, use_cache=use_cache, workers=1)
    return files[target], hit
