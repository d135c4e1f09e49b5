"""Renderers for the run's results: text, json, github here; sarif and junit in report_sarif.py
and report_junit.py. The only layer that writes to the user (with cli.py); it consumes
``FileResult`` objects as they stream in.

The JSON schema (``--output-format json``) is stable; ``version`` changes on any incompatible
change. See docs/cli.md for the full schema.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar, TextIO

from migrate._version import __version__
from migrate.results import Action, FileResult, FileStatus, Finding

__all__ = [
    "FORMATS",
    "JSON_SCHEMA_VERSION",
    "Reporter",
    "Summary",
    "github_escape",
    "make_reporter",
]

JSON_SCHEMA_VERSION = 1
FORMATS = ("text", "json", "github", "sarif", "junit")
TOOL_NAME = "tfcompat-migrate"
INFO_URI = "https://pypi.org/project/tfcompat-losses/"


@dataclass
class Summary:
    """Counts over the whole run; ``exit_code`` is the CLI's contract."""

    mode: str
    files: int = 0
    changed: int = 0
    written: int = 0
    unchanged: int = 0
    skipped: int = 0
    errors: int = 0
    actions: Counter[str] = field(default_factory=Counter)
    interrupted: bool = False

    def add(self, result: FileResult) -> None:
        self.files += 1
        if result.status is FileStatus.CHANGED:
            self.changed += 1
            self.written += result.written
        elif result.status is FileStatus.UNCHANGED:
            self.unchanged += 1
        elif result.status is FileStatus.SKIPPED:
            self.skipped += 1
        else:
            self.errors += 1
        for finding in result.findings:
            self.actions[finding.action.value] += 1

    @property
    def findings(self) -> int:
        return sum(self.actions.values())

    def exit_code(self, *, exit_zero: bool = False) -> int:
        """0 clean; 1 changes pending or findings; 2 errors (``exit_zero``: always 0)."""
        if exit_zero:
            return 0
        if self.errors or self.interrupted:
            return 2
        if self.mode == "write":
            pending = self.changed - self.written
            return 1 if pending or self.actions[Action.REPORT.value] else 0
        return 1 if self.changed or self.findings else 0

    def to_json(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "changed": self.changed,
            "written": self.written,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "errors": self.errors,
            "findings": self.findings,
            "actions": {a.value: self.actions[a.value] for a in Action},
            "interrupted": self.interrupted,
        }

    def sentence(self) -> str:
        """One-line human summary."""
        n = _plural
        if self.mode == "write":
            head = f"{n(self.written, 'file')} rewritten"
        else:
            head = f"{n(self.changed, 'file')} would be rewritten"
        parts = [head]
        calls = [
            f"{self.actions[a.value]} {label}"
            for a, label in (
                (Action.REWRITE, "to native TF2"),
                (Action.SHIM, "to the shim"),
                (Action.REPORT, "reported"),
            )
            if self.actions[a.value]
        ]
        if calls:
            parts.append(f"{n(self.findings, 'call')}: {', '.join(calls)}")
        if self.errors:
            parts.append(f"{n(self.errors, 'error')}")
        tail = f"{n(self.files, 'file')} checked ({self.skipped} without targets)"
        text = "; ".join(parts) + f". {tail}."
        if self.interrupted:
            text = "Interrupted: every file is either untouched or completely rewritten. " + text
        return text[0].upper() + text[1:]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


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
        self.out.flush()


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
    }
    if fmt == "sarif":
        from migrate.report_sarif import SarifReporter

        return SarifReporter(out, **kwargs)
    if fmt == "junit":
        from migrate.report_junit import JunitReporter

        return JunitReporter(out, **kwargs)
    return reporters[fmt](out, **kwargs)
