"""Where alpseesaw keeps files of its own."""

from __future__ import annotations

import os
from pathlib import Path


def cache_root() -> Path:
    """The cache directory: ``$ALPSEESAW_CACHE_DIR``, ``$XDG_CACHE_HOME/alpseesaw`` or
    ``~/.cache/alpseesaw``."""
    if explicit := os.environ.get("ALPSEESAW_CACHE_DIR"):
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "alpseesaw"
