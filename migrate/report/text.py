"""The text renderer (the default): diffs, one line per finding and per error, a closing sentence
and the per-rule coverage table."""

from __future__ import annotations

from migrate.report.base import Reporter, finding_location
from migrate.report.model import ACTION_LABELS, Summary
from migrate.report.results import Action, FileResult, FileStatus

__all__ = ["TextReporter", "rule_table"]


class TextReporter(Reporter):
    def file(self, result: FileResult) -> None:
        write = self.out.write
        if self.show_diff and result.diff:
            write(result.diff)
        for finding in result.findings:
            write(
                f"{finding_location(result.path, finding)}: {finding.code} "
                f"[{finding.action.value}] {finding.message}\n"
            )
        if result.status is FileStatus.ERROR:
            error = (result.error or "").rstrip().replace("\n", "\n    ")
            write(f"{result.path}: error: {error}\n")
        elif self.verbose:
            if result.status is FileStatus.SKIPPED:
                reason = result.extra.get("reason", "no target calls (not parsed)")
                write(f"{result.path}: skipped: {reason}\n")
            elif result.status is FileStatus.CHANGED:
                verb = "rewritten" if result.written else "would be rewritten"
                write(f"{result.path}: {verb}\n")
            else:
                write(f"{result.path}: unchanged\n")
        self.out.flush()

    def finish(self, summary: Summary, exit_code: int) -> None:
        if not self.quiet or summary.interrupted:
            self.out.write(summary.sentence() + "\n")
        if not self.quiet and summary.rules:
            for row in rule_table(summary, self.rules):
                self.out.write(f"  {row}".rstrip() + "\n")
        self.out.flush()


def rule_table(summary: Summary, names: dict[str, tuple[str, str]]) -> list[str]:
    """The per-rule coverage as aligned text rows: a header, then one row per rule code."""
    header = ["rule", *(ACTION_LABELS[action] for action in Action), "name"]
    rows = [
        [code, *(str(counts[action.value]) for action in Action), names.get(code, ("", ""))[0]]
        for code, counts in summary.rule_counts().items()
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header) - 1)]
    lines = []
    for row in [header, *rows]:
        cells = [row[0].ljust(widths[0])]
        cells += [cell.rjust(width) for cell, width in zip(row[1:-1], widths[1:], strict=True)]
        lines.append("  ".join([*cells, row[-1]]))
    return lines
