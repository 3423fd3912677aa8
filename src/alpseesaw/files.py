"""The one way files reach the disk: atomically (a temporary sibling, then a rename).

* :func:`atomic_write` -- one file (text or bytes); readers see the old content or the new one.
* :func:`write_files` -- several files into an existing directory, each atomically.
* :func:`new_directory` -- build a directory under a temporary name and rename it into place as a
  whole; if another process put one there first, theirs is kept.
* :func:`write_tree` -- a whole output directory, replacing an old one as a whole (``force``).
* :func:`staged_directory` -- fill (and build) a directory at a temporary sibling, put it in place
  only on success: all or nothing.
* :func:`check_output_dir` -- every check of an output directory that can fail, before any work.
* :func:`output_directory` -- a command's output files in a directory: checked first, an old file
  replaced (``force``) only if alpseesaw wrote it (:data:`OUTPUT_MARKER` lists it), all or nothing.
* :func:`check_output_file`, :func:`write_output_file` -- the same for one output file (its first
  lines prove alpseesaw wrote it).

Directories get the user's usual modes (``0o777`` less the umask), files ``0o666`` less it.

Relative paths are checked: nothing is written outside the directory it is meant for.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import uuid
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from alpseesaw.errors import InputError, OutputExistsError

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping, Sequence


def read_input(
    path: str | os.PathLike[str], what: str, limit: int, error: type[InputError] = InputError
) -> bytes:
    """The bytes of an input file the user named (a card, a CSV of points): a regular file or a
    pipe (``<(...)``), at most ``limit`` bytes; else ``error`` naming ``what`` and the problem.
    A device (``/dev/zero``) is refused instead of read forever; a FIFO is opened non-blocking,
    so one nobody writes to reads as empty instead of hanging."""
    import stat

    path = Path(path)
    try:
        mode = path.stat().st_mode
        if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode)):
            msg = f"cannot read {what} {path}: not a regular file (a device or a directory)"
            raise error(msg)
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        msg = f"cannot read {what} {path}: {exc.strerror or exc}"
        raise error(msg) from None
    if len(data) > limit:
        size = f"{limit // 2**20} MiB" if limit >= 2**20 else f"{limit} bytes"
        msg = f"cannot read {what} {path}: larger than {size} (not a {what})"
        raise error(msg)
    return data


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
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)  # the umask applies
    except OSError as exc:  # name the file the user asked for, not the temporary
        raise OSError(exc.errno, exc.strerror, str(path)) from None
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


def temp_dir(parent: str | os.PathLike[str], prefix: str) -> Path:
    """A new empty directory in ``parent`` with the user's usual mode (``0o777`` less the
    umask; :func:`tempfile.mkdtemp` would make it ``0700``)."""
    for _ in range(100):
        path = Path(parent) / f"{prefix}{uuid.uuid4().hex[:12]}"
        try:
            path.mkdir(0o777)  # the umask applies
        except FileExistsError:
            continue
        return path
    msg = f"cannot make a temporary directory in {parent}"
    raise FileExistsError(msg)


def make_parents(path: Path) -> list[Path]:
    """Create the missing ancestors of ``path`` (usual modes); return those created, outermost
    first, so that a failure can remove them again (:func:`remove_created`)."""
    missing = []
    for parent in [path.parent, *path.parent.parents]:
        if parent.exists():
            break
        missing.append(parent)
    created = []
    for d in reversed(missing):
        d.mkdir()
        created.append(d)
    return created


def remove_created(created: list[Path]) -> None:
    """Remove directories :func:`make_parents` created, if still empty (innermost first)."""
    for d in reversed(created):
        with contextlib.suppress(OSError):
            d.rmdir()


@contextlib.contextmanager
def new_directory(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Build a directory at a temporary sibling path (yielded), then rename it to ``target``.

    On an exception nothing is left behind. If ``target`` appeared meanwhile (another process
    built the same thing), the new one is discarded and the existing one kept.
    """
    final = Path(target)
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_dir(final.parent, f".{final.name}.")
    try:
        yield tmp
        try:
            tmp.rename(final)
        except OSError:  # someone else's is there: keep it
            shutil.rmtree(tmp, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


@contextlib.contextmanager
def staged_directory(out: str | os.PathLike[str], *, replace: bool = False) -> Iterator[Path]:
    """All or nothing: yield a temporary sibling of ``out`` to fill (write, build), then put it
    in place as a whole; with ``replace`` an existing ``out`` is replaced (renamed aside, then
    removed). On an exception (a failed build, Ctrl-C) the temporary directory and any parent
    directory made for it are removed and ``out`` is as before. A symbolic link ``out`` stays:
    the directory it points to is the one replaced."""
    final = Path(out)
    if final.is_symlink():
        final = final.resolve()
    created = make_parents(final)
    try:
        tmp = temp_dir(final.parent, f".{final.name}.")
    except BaseException:
        remove_created(created)
        raise
    try:
        yield tmp
        if final.exists() and replace:
            old = temp_dir(final.parent, f".{final.name}.old.")
            old.rmdir()
            final.rename(old)
            tmp.rename(final)
            shutil.rmtree(old, ignore_errors=True)  # the new one is in place: no failure now
        else:
            tmp.rename(final)  # an empty directory is replaced; a non-empty one raises
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        remove_created(created)
        raise


def check_output_dir(out: str | os.PathLike[str]) -> Path:
    """Every check of an output directory that can fail, before any work: not the current
    directory or one of its parents, not a file, not below a file, and a writable place to
    create it (its nearest existing ancestor: a probe directory is made there and removed).
    Returns the path; raises :class:`InputError` naming the problem."""
    final = Path(out)
    resolved = final.resolve()
    cwd = Path.cwd().resolve()
    if resolved == cwd or resolved in cwd.parents:
        msg = (
            f"output directory {str(out)!r} is the current directory or one of its parents; "
            "give a new directory for --out"
        )
        raise InputError(msg)
    if final.exists() and not final.is_dir():
        msg = f"output directory {final} is a file, not a directory"
        raise InputError(msg)
    for parent in resolved.parents:
        if parent.exists():
            if not parent.is_dir():
                msg = f"cannot create output directory {final}: {parent} is a file"
                raise InputError(msg)
            try:
                temp_dir(parent, ".alpseesaw-probe.").rmdir()
            except OSError as exc:
                why = exc.strerror or str(exc)
                msg = f"cannot create output directory {final}: {parent} is not writable ({why})"
                raise InputError(msg) from None
            break
    return final


def write_tree(
    files: Mapping[str, str | bytes], out: str | os.PathLike[str], *, force: bool = False
) -> Path:
    """Write ``files`` as the directory ``out``, atomically as a whole.

    Refuses a non-empty ``out`` unless ``force`` (then the old directory is replaced as a whole;
    the caller decides whether it may be replaced).
    """
    final = Path(out)
    if final.exists() and (not final.is_dir() or any(final.iterdir())) and not force:
        msg = f"output directory {final} is not empty; use --force to replace it"
        raise OutputExistsError(msg)
    for rel in files:
        check_relative(rel)
    with staged_directory(final, replace=True) as tmp:
        write_files(files, tmp)
    return final


#: The file an output directory of a command (``reproduce``, ``neutrino scan``) carries: which
#: files of it alpseesaw wrote (and by which command), so that ``--force`` replaces only those.
OUTPUT_MARKER = ".alpseesaw-output.json"


def _read_marker(out: Path) -> dict[str, str]:
    """The files of ``out`` alpseesaw wrote (name -> command), from its :data:`OUTPUT_MARKER`;
    :class:`OutputExistsError` if that file is there but not alpseesaw's."""
    marker = out / OUTPUT_MARKER
    if not (marker.exists() or marker.is_symlink()):
        return {}
    try:
        if marker.is_symlink() or not marker.is_file():
            raise ValueError  # noqa: TRY301
        doc = json.loads(marker.read_text(encoding="utf-8"))
        files = doc["files"]
        if "alpseesaw_version" not in doc or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in files.items()
        ):
            raise ValueError  # noqa: TRY301
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        msg = f"refusing to write into {out}: {marker} is not a marker alpseesaw wrote"
        raise OutputExistsError(msg) from None
    return dict(files)


def _check_collisions(out: Path, names: Sequence[str], *, force: bool) -> None:
    """Files of ``out`` matching ``names`` (glob patterns) may be replaced only if alpseesaw
    wrote them (its marker lists them) and only with ``force``; anything else is refused."""
    import fnmatch

    if not out.is_dir():
        return
    ours = _read_marker(out)
    hits = sorted(
        e for e in out.iterdir() if any(fnmatch.fnmatchcase(e.name, pat) for pat in names)
    )
    foreign = [e for e in hits if e.name not in ours or e.is_dir() or e.is_symlink()]
    if foreign:
        shown = ", ".join(repr(e.name) for e in foreign[:3])
        msg = (
            f"refusing to write into {out}: it holds {shown}, which alpseesaw did not write "
            "(choose another --out, or move it away)"
        )
        raise OutputExistsError(msg)
    if hits and not force:
        shown = ", ".join(repr(e.name) for e in hits[:3])
        msg = f"{out} already holds {shown} (from an earlier run); use --force to replace"
        raise OutputExistsError(msg)


@contextlib.contextmanager
def output_directory(
    out: str | os.PathLike[str],
    names: Sequence[str],
    *,
    force: bool = False,
    command: str = "",
) -> Iterator[Path]:
    """A command's output files ``names`` (glob patterns) in the directory ``out``, all or
    nothing. Every check first: the directory can be made or written (:func:`check_output_dir`),
    and a file of these names that is already there is replaced only with ``force`` and only if
    alpseesaw wrote it (listed in ``out``'s :data:`OUTPUT_MARKER`); other files of ``out`` are
    never touched. The caller writes into the yielded staging directory; on success its files
    are moved into ``out`` (each rename atomic) and the marker lists them. On an exception (a
    failure, Ctrl-C) ``out`` is as before and nothing half-written is left."""
    final = check_output_dir(out)
    _check_collisions(final, names, force=force)
    if not final.exists():
        with staged_directory(final) as tmp:
            yield tmp
            _write_marker(tmp, {}, _staged_names(tmp), command)
        return
    try:
        tmp = temp_dir(final, ".alpseesaw-stage.")
    except OSError as exc:
        msg = f"cannot write into output directory {final}: {exc.strerror or exc}"
        raise InputError(msg) from None
    try:
        yield tmp
        written = _staged_names(tmp)
        _check_collisions(final, written, force=force)  # the names actually written
        ours = _read_marker(final)
        for name in written:
            (tmp / name).replace(final / name)
        _write_marker(final, ours, written, command)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _staged_names(tmp: Path) -> list[str]:
    return sorted(e.name for e in tmp.iterdir() if e.name != OUTPUT_MARKER)


def _write_marker(where: Path, ours: dict[str, str], written: list[str], command: str) -> None:
    from alpseesaw import __version__

    files = ours | dict.fromkeys(written, command)
    doc = {"alpseesaw_version": __version__, "files": dict(sorted(files.items()))}
    atomic_write(where / OUTPUT_MARKER, json.dumps(doc, indent=1) + "\n")


def _head(path: Path, lines: int = 3) -> str:
    try:
        with path.open("rb") as fh:
            data = fh.read(4096)
    except OSError:
        return ""
    return "\n".join(data.decode("utf-8", "replace").splitlines()[:lines])


def check_output_file(
    out: str | os.PathLike[str], *, force: bool = False, marker: str = "alpseesaw"
) -> Path:
    """Every check of an output file that can fail, before any work: not a directory, its
    directory creatable (:func:`check_output_dir` on it) and an existing file replaced only with
    ``force`` and only if alpseesaw wrote it (``marker`` in its first three lines). Returns the
    path; :class:`InputError` naming the problem."""
    path = Path(out)
    if path.is_dir():
        msg = f"output file {path} is a directory"
        raise InputError(msg)
    if path.is_symlink() or path.exists():
        if not force:
            msg = f"output file {path} exists; use --force to replace it"
            raise OutputExistsError(msg)
        if not path.is_file() or path.is_symlink() or marker not in _head(path):
            msg = (
                f"refusing to replace {path} with --force: alpseesaw did not write it (no "
                f"{marker!r} in its first lines); choose another name, or remove it yourself"
            )
            raise OutputExistsError(msg)
    parent = path.parent
    if parent.is_dir():
        try:  # a probe, not os.access: root, read-only mounts and /proc answer it truthfully
            temp_dir(parent, ".alpseesaw-probe.").rmdir()
        except OSError as exc:
            why = exc.strerror or str(exc)
            msg = f"cannot write output file {path}: {parent} is not writable ({why})"
            raise InputError(msg) from None
        return path
    for above in [parent, *parent.parents]:
        if above.exists() and not above.is_dir():
            msg = f"cannot write output file {path}: {above} is a file"
            raise InputError(msg)
    check_output_dir(parent)  # a writable place to make the missing directories
    return path


def write_output_file(out: str | os.PathLike[str], content: str | bytes) -> Path:
    """Write an output file checked by :func:`check_output_file`: missing parent directories
    are made (usual modes), the file written atomically; on a failure the parents made here
    are removed again."""
    path = Path(out)
    created = make_parents(path)
    try:
        return atomic_write(path, content)
    except BaseException:
        remove_created(created)
        raise
