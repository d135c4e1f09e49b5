"""Typed results of the codemod: what happened to each call and each file.

These are the contract between the engine (which decides and edits), the I/O layer
(which reads and writes files) and the renderers (text/json/github/sarif/junit).
Tests assert on these fields, never on rendered prose.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

__all__ = ["Action", "FileResult", "FileStatus", "Finding", "Outcome", "SourceResult"]


class Action(str, enum.Enum):
    """What the codemod did with one call site."""

    REWRITE = "rewrite"
    """Rewritten to native TF2/Keras; the result is proven equal (value, dtype, gradients, bookkeeping)."""
    SHIM = "shim"
    """Routed to ``tfcompat_losses`` (exact by construction) because a native rewrite is not provably exact."""
    REPORT = "report"
    """Left untouched and reported, with the reason."""


@dataclass(frozen=True)
class Finding:
    """One call site the codemod acted on or reports.

    ``line`` is 1-based and ``column`` is 1-based (as editors and ruff print them).
    For notebooks, ``cell`` is the 0-based index of the code cell and ``line`` is
    relative to that cell; ``None`` for plain Python files.
    """

    code: str
    """Rule code, e.g. ``TFC101``."""
    message: str
    """Human-readable reason: what was found, what was done, and why."""
    action: Action
    line: int
    column: int
    end_line: int | None = None
    end_column: int | None = None
    cell: int | None = None


@dataclass(frozen=True)
class SourceResult:
    """The engine's answer for one source text. The engine never raises for bad input.

    ``error`` is set (and ``output`` equals ``source``) when the text could not be
    parsed or transformed; the caller must then leave the file untouched.
    """

    source: str
    output: str
    findings: tuple[Finding, ...] = ()
    error: str | None = None

    @property
    def changed(self) -> bool:
        return self.error is None and self.output != self.source


class FileStatus(str, enum.Enum):
    UNCHANGED = "unchanged"
    """Read and processed; nothing to change (there may still be findings)."""
    CHANGED = "changed"
    """Would change (check/diff) or was changed (write)."""
    ERROR = "error"
    """Could not be read, decoded, parsed or written; the file is left byte-identical."""
    SKIPPED = "skipped"
    """Not processed on purpose (e.g. prefilter found no target); never an error."""


@dataclass(frozen=True)
class FileResult:
    """What happened to one file (or notebook, or stdin)."""

    path: str
    status: FileStatus
    findings: tuple[Finding, ...] = ()
    error: str | None = None
    diff: str | None = None
    """Unified diff of the change, when there is one."""
    written: bool = False
    """True only when the new content was written to disk."""
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Outcome:
    """What transforming one file's bytes gave: its result, and its new content when it changed."""

    result: FileResult
    new_data: bytes | None = None
    """The new file content when it changed (not written yet)."""
