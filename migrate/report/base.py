"""The renderers' common base: ``file`` for each result as it streams in, ``finish`` once.

Renderers depend on this module and on the report model (``migrate.report.model``), never
the reverse.
"""

from __future__ import annotations

from typing import TextIO

from migrate.report.model import Summary
from migrate.report.results import FileResult, FileStatus, Finding

__all__ = ["Reporter", "finding_location"]


def finding_location(path: str, finding: Finding) -> str:
    cell = f"cell {finding.cell + 1}:" if finding.cell is not None else ""
    return f"{path}:{cell}{finding.line}:{finding.column}"


class Reporter:
    """Base renderer: ``file`` is called for each result as it arrives, ``finish`` once."""

    def __init__(
        self,
        out: TextIO,
        *,
        mode: str,
        show_diff: bool = False,
        quiet: bool = False,
        verbose: bool = False,
        rules: dict[str, tuple[str, str]] | None = None,
    ) -> None:
        self.out = out
        self.mode = mode
        self.show_diff = show_diff
        self.quiet = quiet
        self.verbose = verbose
        self.rules = rules or {}
        self.kept: list[FileResult] = []

    def _keep(self, result: FileResult) -> None:
        """Keep what a whole-document format needs; drop sources and (unless asked) diffs."""
        if result.status is FileStatus.SKIPPED and not self.verbose:
            return
        if result.status is FileStatus.UNCHANGED and not result.findings:
            return
        if not self.show_diff and result.diff is not None:
            result = FileResult(
                result.path,
                result.status,
                result.findings,
                error=result.error,
                written=result.written,
                extra=result.extra,
            )
        self.kept.append(result)

    def file(self, result: FileResult) -> None:
        self._keep(result)

    def finish(self, summary: Summary, exit_code: int) -> None:
        raise NotImplementedError
