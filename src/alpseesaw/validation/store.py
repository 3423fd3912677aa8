"""Campaign storage: an append-only journal of finished points, a lock, atomic output files.

The journal (``points.jsonl``) holds one JSON object per finished point, one line each. A line is
written with a single ``write`` on a descriptor opened with ``O_APPEND`` and then ``fsync``-ed, so
once :meth:`Journal.append` returns the point survives a SIGKILL of the campaign (or a power cut,
as far as the file system honours fsync). A process killed in the middle of a write can leave at
most one incomplete last line; :meth:`Journal.read` ignores it and :meth:`Journal.open` cuts it
off before appending, so it never glues onto the next record.

Everything else in a campaign directory (``results.csv``, ``summary.json``, the plot) is derived
from the journal and written atomically (temporary file in the same directory, then rename).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import math
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Self

from alpseesaw.errors import InputError
from alpseesaw.files import atomic_write

#: File names inside a campaign directory.
JOURNAL_FILE = "points.jsonl"
LOCK_FILE = ".crossval.lock"


def clean_json(obj: Any) -> Any:
    """``obj`` with every non-finite float replaced by ``None`` (strict JSON)."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, Mapping):
        return {str(k): clean_json(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [clean_json(v) for v in obj]
    return obj


def dumps_line(record: Mapping[str, Any]) -> bytes:
    """One journal line: compact strict JSON plus a newline."""
    return (json.dumps(clean_json(record), allow_nan=False, separators=(",", ":")) + "\n").encode()


class Journal:
    """The append-only record of finished points of one campaign directory."""

    def __init__(self, directory: str | os.PathLike[str]) -> None:
        self.path = Path(directory) / JOURNAL_FILE
        self._fd: int | None = None

    def read(self) -> list[dict[str, Any]]:
        """All complete records, in the order written (an incomplete last line is skipped).

        Raises:
            InputError: a complete line in the middle of the file is not a JSON object (the
                file was edited or damaged otherwise than by an interrupted append).
        """
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return []
        lines = data.split(b"\n")
        complete, tail = lines[:-1], lines[-1]  # tail: b"" after a final newline
        out = []
        for number, line in enumerate(complete, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except ValueError as exc:
                msg = f"{self.path}, line {number}: not a JSON record ({exc})"
                raise InputError(msg) from exc
            if not isinstance(obj, dict) or "key" not in obj:
                msg = f"{self.path}, line {number}: not a point record"
                raise InputError(msg)
            out.append(obj)
        del tail  # an interrupted append: never a finished point
        return out

    def latest(self) -> dict[str, dict[str, Any]]:
        """The last record of every point key."""
        return {r["key"]: r for r in self.read()}

    def open(self) -> None:
        """Open for appending; cut off an incomplete last line left by a killed writer."""
        if self._fd is not None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o666)
        try:
            size = os.fstat(fd).st_size
            if size:
                keep = _complete_length(fd, size)
                if keep != size:
                    os.ftruncate(fd, keep)
                    os.fsync(fd)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        _fsync_dir(self.path.parent)

    def append(self, record: Mapping[str, Any]) -> None:
        """Append one record durably (single write, then fsync)."""
        if self._fd is None:
            self.open()
        assert self._fd is not None
        data = dumps_line(record)
        view = memoryview(data)
        while view:
            written = os.write(self._fd, view)
            view = view[written:]
        os.fsync(self._fd)

    def close(self) -> None:
        """Close the descriptor (records are already durable)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> Self:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _complete_length(fd: int, size: int) -> int:
    """Length of the file up to and including its last newline."""
    block = 65536
    end = size
    while end > 0:
        start = max(0, end - block)
        chunk = os.pread(fd, end - start, start)
        i = chunk.rfind(b"\n")
        if i >= 0:
            return start + i + 1
        end = start
    return 0


def _fsync_dir(path: Path) -> None:
    """fsync a directory so a newly created file's entry is durable (best effort)."""
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def campaign_lock(directory: str | os.PathLike[str]) -> Iterator[None]:
    """Hold an exclusive lock on a campaign directory (released on exit, also by SIGKILL).

    Raises:
        InputError: another process holds the lock (a campaign is running in that directory).
    """
    path = Path(directory) / LOCK_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            msg = f"another crossval campaign is running in {Path(directory)} (lock {path} is held)"
            raise InputError(msg) from exc
        yield
    finally:
        os.close(fd)


def write_json(path: str | os.PathLike[str], obj: Any) -> Path:
    """Write ``obj`` as indented strict JSON atomically; return the path."""
    target = Path(path)
    atomic_write(target, json.dumps(clean_json(obj), indent=1, allow_nan=False) + "\n")
    return target


def write_text(path: str | os.PathLike[str], text: str | bytes) -> Path:
    """Write a text or bytes file atomically; return the path."""
    target = Path(path)
    atomic_write(target, text)
    return target
