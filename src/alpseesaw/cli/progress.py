"""Progress of long steps on stderr (rich), never on stdout: ``--json`` output stays one clean
document.

Shown when stderr is a terminal and not ``--quiet``; silent otherwise (a log file or a pipe gets
no control codes). ``ALPSEESAW_PROGRESS=never`` silences it everywhere, ``ALPSEESAW_PROGRESS=always``
shows it even when stderr is not a terminal (a CI log that renders it; the tests).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any, Self

#: The environment switch: ``never``, ``always`` or (unset, anything else) ``auto``.
PROGRESS_ENV = "ALPSEESAW_PROGRESS"


def stderr_console(*, quiet: bool = False) -> Any:
    """A rich console on stderr if progress is to be shown, else None."""
    mode = os.environ.get(PROGRESS_ENV, "auto").strip().lower()
    if quiet or mode == "never":
        return None
    forced = mode == "always"
    if not forced and not sys.stderr.isatty():
        return None
    from rich.console import Console

    return Console(stderr=True, force_terminal=True if forced else None)


class StderrProgress:
    """One rich progress bar per key on stderr (see the module); nothing otherwise."""

    def __init__(
        self, *, remaining: bool = False, transient: bool = False, quiet: bool = False
    ) -> None:
        self.bar: Any = None
        self.tasks: dict[str, Any] = {}
        console = stderr_console(quiet=quiet)
        if console is None:
            return
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        columns: list[Any] = [
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        ]
        if remaining:
            columns += [TextColumn("ETA"), TimeRemainingColumn()]
        self.bar = Progress(*columns, console=console, transient=transient)
        self.bar.start()

    def update(self, key: str, description: str, done: int, total: int) -> None:
        """Show ``done`` of ``total`` on the bar of ``key`` (made on first use)."""
        if self.bar is None:
            return
        if key not in self.tasks:
            self.tasks[key] = self.bar.add_task(description, total=total)
        self.bar.update(self.tasks[key], completed=done, total=total, description=description)
        self.bar.refresh()  # every step is shown (steps are seconds apart: cheap)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class ScanProgress(StderrProgress):
    """A neutrino scan's callback ``(stage, done, total)``: one bar per stage."""

    def __init__(self, title: str, *, quiet: bool = False) -> None:
        super().__init__(transient=True, quiet=quiet)
        self.title = title

    def __call__(self, stage: str, done: int, total: int) -> None:
        self.update(stage, f"{self.title} {stage}", done, total)


class CampaignProgress(StderrProgress):
    """A campaign's callback ``(done, total, label)``: points done and failed, time elapsed and
    remaining. A failed point is read from the campaign's journal (``DIR/points.jsonl``), whose
    last record is the point just reported (it is appended, durably, before the callback)."""

    def __init__(self, out_dir: str | os.PathLike[str] | None = None, *, quiet: bool = False):
        super().__init__(remaining=True, quiet=quiet)
        from alpseesaw.validation.store import JOURNAL_FILE

        self.journal = None if out_dir is None else Path(out_dir) / JOURNAL_FILE
        self.failed = 0
        self.first: int | None = None

    def _last_status(self) -> str | None:
        if self.journal is None:
            return None
        try:
            with self.journal.open("rb") as fh:
                size = fh.seek(0, os.SEEK_END)
                fh.seek(max(0, size - 65536))
                last = fh.read().splitlines()[-1]
            return str(json.loads(last).get("status"))
        except (OSError, ValueError, IndexError, AttributeError):
            return None

    def __call__(self, done: int, total: int, label: str) -> None:
        if self.bar is None:
            return
        if self.first is None:
            self.first = done  # the points an earlier run finished
        elif done > self.first and self._last_status() not in (None, "ok"):
            self.failed += 1
        failed = f", {self.failed} failed" if self.failed else ""
        where = f" {label}" if label else ""
        self.update("campaign", f"crossval: points done{failed}{where}", done, total)


class Steps(StderrProgress):
    """A long job of known steps (``generate-model``: the model, then each target; ``model
    check``: the model, then each check): one bar, its text the step under way."""

    def __init__(self, title: str, total: int, *, quiet: bool = False) -> None:
        super().__init__(quiet=quiet)
        self.title = title
        self.total = total
        self.done = 0
        self.update("steps", f"{title}: starting", 0, total)

    def step(self, text: str, done: int | None = None) -> None:
        """Now doing ``text``; ``done`` steps finished (default: one more than before)."""
        self.done = self.done + 1 if done is None else done
        self.update("steps", f"{self.title}: {text}", min(self.done, self.total), self.total)

    def show(self, text: str) -> None:
        """Now doing ``text`` (no step finished)."""
        self.update("steps", f"{self.title}: {text}", self.done, self.total)


class Spinner:
    """One step of unknown length (``with Spinner("building the model"):``): a rich spinner with
    the elapsed time on stderr (see the module); nothing otherwise."""

    def __init__(self, text: str, *, quiet: bool = False) -> None:
        self.text = text
        self.status: Any = None
        console = stderr_console(quiet=quiet)
        if console is not None:
            self.status = console.status(text)

    def __enter__(self) -> Self:
        if self.status is not None:
            self.status.__enter__()
        return self

    def update(self, text: str) -> None:
        if self.status is not None:
            self.status.update(text)

    def __exit__(self, *exc: object) -> None:
        if self.status is not None:
            self.status.__exit__(*exc)
