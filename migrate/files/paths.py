"""Walking up the directory tree (shared by config discovery and file discovery)."""

from __future__ import annotations

import os
from collections.abc import Iterator

__all__ = ["ancestors", "git_root"]


def ancestors(start: str) -> Iterator[str]:
    """``start`` and every directory above it, up to the filesystem root."""
    current = start
    while True:
        yield current
        parent = os.path.dirname(current)
        if parent == current:
            return
        current = parent


def git_root(start: str) -> str | None:
    """The closest directory at or above ``start`` that holds ``.git``, or ``None``."""
    for directory in ancestors(start):
        if os.path.exists(os.path.join(directory, ".git")):
            return directory
    return None
