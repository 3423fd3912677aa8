"""Progress bars on stderr (rich) when it is a terminal; silent otherwise."""

from __future__ import annotations

import sys
from typing import Any


class StderrProgress:
    """One rich progress bar per key on stderr if it is a terminal; nothing otherwise."""

    def __init__(self, *, remaining: bool = False, transient: bool = False) -> None:
        self.bar: Any = None
        self.tasks: dict[str, Any] = {}
        if not sys.stderr.isatty():
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

    def __init__(self, title: str) -> None:
        super().__init__(transient=True)
        self.title = title

    def __call__(self, stage: str, done: int, total: int) -> None:
        self.update(stage, f"{self.title} {stage}", done, total)


class CampaignProgress(StderrProgress):
    """A campaign's callback ``(done, total, label)``: one bar with time remaining."""

    def __init__(self) -> None:
        super().__init__(remaining=True)

    def __call__(self, done: int, total: int, label: str) -> None:
        self.update("campaign", f"crossval {label}", done, total)
