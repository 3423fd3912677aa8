"""Progress on stderr (rich) when it is a terminal and not ``--quiet``; silent otherwise (never
on stdout, so ``--json`` output stays one clean document)."""

from __future__ import annotations

import sys
from typing import Any, Self


class StderrProgress:
    """One rich progress bar per key on stderr if it is a terminal; nothing otherwise."""

    def __init__(
        self, *, remaining: bool = False, transient: bool = False, quiet: bool = False
    ) -> None:
        self.bar: Any = None
        self.tasks: dict[str, Any] = {}
        if quiet or not sys.stderr.isatty():
            return
        from rich.console import Console
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
            columns.append(TimeRemainingColumn())
        self.bar = Progress(*columns, console=Console(stderr=True), transient=transient)
        self.bar.start()

    def update(self, key: str, description: str, done: int, total: int) -> None:
        """Show ``done`` of ``total`` on the bar of ``key`` (made on first use)."""
        if self.bar is None:
            return
        if key not in self.tasks:
            self.tasks[key] = self.bar.add_task(description, total=total)
        self.bar.update(self.tasks[key], completed=done, total=total, description=description)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


class ScanProgress(StderrProgress):
    """A neutrino scan's callback ``(stage, done, total)``: one bar per stage."""

    def __init__(self, title: str, *, quiet: bool = False) -> None:
        super().__init__(transient=True, quiet=quiet)
        self.title = title

    def __call__(self, stage: str, done: int, total: int) -> None:
        self.update(stage, f"{self.title} {stage}", done, total)


class CampaignProgress(StderrProgress):
    """A campaign's callback ``(done, total, label)``: one bar with time remaining."""

    def __init__(self, *, quiet: bool = False) -> None:
        super().__init__(remaining=True, quiet=quiet)

    def __call__(self, done: int, total: int, label: str) -> None:
        self.update("campaign", f"crossval {label}", done, total)


class Spinner:
    """One step of unknown length (``with Spinner("building the model"):``): a rich spinner with
    the elapsed time on stderr if it is a terminal and not quiet; nothing otherwise."""

    def __init__(self, text: str, *, quiet: bool = False) -> None:
        self.text = text
        self.status: Any = None
        if quiet or not sys.stderr.isatty():
            return
        from rich.console import Console

        self.status = Console(stderr=True).status(text)

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
