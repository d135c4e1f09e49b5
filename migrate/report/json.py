"""The JSON renderer: one stable document for the whole run (see docs/cli.md for the schema).

The schema is stable; ``version`` (``JSON_SCHEMA_VERSION``) changes on any incompatible change.
The JSON Schema itself ships as ``migrate/report_schema_v1.json``.
"""

from __future__ import annotations

import json
import os
from typing import Any

from migrate._version import __version__
from migrate.report.base import Reporter
from migrate.report.model import TOOL_NAME, Summary
from migrate.report.results import FileResult, Finding

__all__ = ["JSON_SCHEMA_VERSION", "JsonReporter"]

JSON_SCHEMA_VERSION = 1


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
