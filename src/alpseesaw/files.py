"""The one way files reach the disk: atomically (a temporary sibling, then a rename).

* :func:`atomic_write` -- one file (text or bytes); readers see the old content or the new one.
* :func:`write_files` -- several files into an existing directory, each atomically.
* :func:`new_directory` -- build a directory under a temporary name and rename it into place as a
  whole; if another process put one there first, theirs is kept.
* :func:`write_tree` -- a whole output directory, replacing an old one as a whole (``force``).

Relative paths are checked: nothing is written outside the directory it is meant for.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import uuid
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from alpseesaw.errors import InputError, OutputExistsError

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping


def check_relative(rel: str) -> str:
    """``rel`` if it is a relative path inside a directory, else :class:`InputError`."""
    path = PurePosixPath(rel)
    if not rel or path.is_absolute() or ".." in path.parts or "\\" in rel:
        msg = f"refusing to write outside the output directory: {rel!r}"
        raise InputError(msg)
    return rel


def atomic_write(target: str | os.PathLike[str], content: str | bytes) -> Path:
    """Write ``content`` to ``target`` via a temporary file in the same directory, then rename.

    The file gets the usual permissions (``0o666`` less the umask); a ``.sh`` file is executable.
    """
    path = Path(target)
    data = content.encode("utf-8") if isinstance(content, str) else content
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:12]}.tmp")
    mode = 0o777 if path.suffix == ".sh" else 0o666
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)  # the umask applies
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def write_files(files: Mapping[str, str | bytes], root: str | os.PathLike[str]) -> Path:
    """Write ``files`` (relative path -> content) under ``root``, each atomically; return ``root``."""
    base = Path(root)
    for rel in files:
        check_relative(rel)
    for rel, content in sorted(files.items()):
        target = base / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, content)
    return base


@contextlib.contextmanager
def new_directory(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Build a directory at a temporary sibling path (yielded), then rename it to ``target``.

    On an exception nothing is left behind. If ``target`` appeared meanwhile (another process
    built the same thing), the new one is discarded and the existing one kept.
    """
    final = Path(target)
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{final.name}.", dir=final.parent))
    try:
        yield tmp
        try:
            tmp.rename(final)
        except OSError:  # someone else's is there: keep it
            shutil.rmtree(tmp, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def write_tree(
    files: Mapping[str, str | bytes], out: str | os.PathLike[str], *, force: bool = False
) -> Path:
    """Write ``files`` as the directory ``out``, atomically as a whole.

    Refuses a non-empty ``out`` unless ``force`` (then the old directory is replaced as a whole).
    """
    final = Path(out)
    if final.exists() and (not final.is_dir() or any(final.iterdir())) and not force:
        msg = f"output directory {final} is not empty; use --force to replace it"
        raise OutputExistsError(msg)
    for rel in files:
        check_relative(rel)
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{final.name}.", dir=final.parent))
    try:
        write_files(files, tmp)
        if final.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{final.name}.old.", dir=final.parent))
            old.rmdir()
            final.rename(old)
            tmp.rename(final)
            shutil.rmtree(old)
        else:
            tmp.rename(final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return final
