"""Renderers for the run's results: text, json, github here; sarif and junit in report_sarif.py
and report_junit.py. The only layer that writes to the user (with cli.py); it consumes
``FileResult`` objects as they stream in.

The JSON schema (``--output-format json``) is stable; ``version`` changes on any incompatible
change. See docs/cli.md for the full schema.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import Any, ClassVar, TextIO

from migrate._version import __version__
from migrate.report_base import Reporter, finding_location
from migrate.report_junit import JunitReporter
from migrate.report_model import ACTION_LABELS, INFO_URI, TOOL_NAME, Summary
from migrate.report_sarif import SarifReporter
from migrate.results import Action, FileResult, FileStatus, Finding

__all__ = [
    "FORMATS",
    "INFO_URI",
    "JSON_SCHEMA_VERSION",
    "TOOL_NAME",
    "Reporter",
    "Summary",
    "finding_location",
    "github_escape",
    "make_reporter",
    "rule_table",
]

JSON_SCHEMA_VERSION = 1
FORMATS = ("text", "json", "github", "sarif", "junit")


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


def github_escape(value: str, *, prop: bool = False) -> str:
    """Escape text for a GitHub workflow command (properties also escape ``:`` and ``,``)."""
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


class GithubReporter(Reporter):
    """GitHub Actions workflow commands: one annotation per finding and per file error."""

    LEVELS: ClassVar[dict[Action, str]] = {
        Action.REPORT: "warning",
        Action.REWRITE: "notice",
        Action.SHIM: "notice",
    }

    def file(self, result: FileResult) -> None:
        path = github_escape(result.path.replace(os.sep, "/"), prop=True)
        for f in result.findings:
            title = github_escape(f"{TOOL_NAME} {f.code} ({f.action.value})", prop=True)
            if f.cell is None:
                where = f"file={path},line={f.line},col={f.column}"
                if f.end_line is not None:
                    where += f",endLine={f.end_line}"
                if f.end_column is not None and f.end_line == f.line:
                    where += f",endColumn={f.end_column}"
                message = f.message
            else:  # a notebook: lines are relative to a cell, not to the JSON file
                where = f"file={path}"
                message = f"cell {f.cell + 1}, line {f.line}, column {f.column}: {f.message}"
            self.out.write(
                f"::{self.LEVELS[f.action]} {where},title={title}::{github_escape(message)}\n"
            )
        if result.status is FileStatus.ERROR:
            title = github_escape(f"{TOOL_NAME} error", prop=True)
            self.out.write(
                f"::error file={path},title={title}::{github_escape(result.error or '')}\n"
            )
        elif result.status is FileStatus.CHANGED and not result.written:
            title = github_escape(f"{TOOL_NAME} would rewrite", prop=True)
            self.out.write(
                f"::notice file={path},title={title}::"
                f"{github_escape('run tfcompat-migrate --write to apply the changes')}\n"
            )

    def finish(self, summary: Summary, exit_code: int) -> None:
        self.out.flush()


class JsonReporter(Reporter):
    """The stable JSON document (schema ``version`` 1; see docs/cli.md)."""

    def finish(self, summary: Summary, exit_code: int) -> None:
        doc = {
            "version": JSON_SCHEMA_VERSION,
            "tool": {"name": TOOL_NAME, "version": __version__},
            "mode": self.mode,
            "exit_code": exit_code,
            "summary": summary.to_json(),
            "files": [_file_json(r) for r in self.kept],
        }
        json.dump(doc, self.out, indent=2, ensure_ascii=False)
        self.out.write("\n")
        self.out.flush()


def _finding_json(f: Finding) -> dict[str, Any]:
    return {
        "code": f.code,
        "action": f.action.value,
        "message": f.message,
        "line": f.line,
        "column": f.column,
        "end_line": f.end_line,
        "end_column": f.end_column,
        "cell": f.cell,
    }


def _file_json(r: FileResult) -> dict[str, Any]:
    return {
        "path": r.path.replace(os.sep, "/"),
        "status": r.status.value,
        "written": r.written,
        "error": r.error,
        "findings": [_finding_json(f) for f in r.findings],
        "diff": r.diff,
    }


def make_reporter(fmt: str, out: TextIO, **kwargs: Any) -> Reporter:
    """The renderer for ``fmt`` (one of ``FORMATS``)."""
    reporters: dict[str, Callable[..., Reporter]] = {
        "text": TextReporter,
        "json": JsonReporter,
        "github": GithubReporter,
        "sarif": SarifReporter,
        "junit": JunitReporter,
    }
    return reporters[fmt](out, **kwargs)
