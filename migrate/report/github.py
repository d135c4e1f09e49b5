"""The GitHub Actions renderer: workflow commands, one annotation per finding and per file error."""

from __future__ import annotations

import os
from typing import ClassVar

from migrate.report.base import Reporter
from migrate.report.model import TOOL_NAME, Summary
from migrate.report.results import Action, FileResult, FileStatus

__all__ = ["GithubReporter", "github_escape"]


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
