"""SARIF 2.1.0 renderer (validated against the OASIS schema in the tests)."""

from __future__ import annotations

import json
import os
import urllib.parse
from typing import Any, ClassVar

from migrate._version import __version__
from migrate.report.base import Reporter
from migrate.report.model import INFO_URI, TOOL_NAME, Summary
from migrate.report.results import Action, FileStatus

__all__ = ["SarifReporter"]


class SarifReporter(Reporter):
    """SARIF 2.1.0 (validated against the OASIS schema in the tests)."""

    LEVELS: ClassVar[dict[Action, str]] = {
        Action.REPORT: "warning",
        Action.REWRITE: "note",
        Action.SHIM: "note",
    }

    def finish(self, summary: Summary, exit_code: int) -> None:
        codes = sorted({f.code for r in self.kept for f in r.findings} | set(self.rules))
        index = {code: i for i, code in enumerate(codes)}
        rules = []
        for code in codes:
            name, text = self.rules.get(code, (code, ""))
            rule: dict[str, Any] = {
                "id": code,
                "name": name,
                "shortDescription": {"text": f"{code} {name}"},
                "helpUri": f"{INFO_URI}#{code.lower()}",
            }
            if text:
                rule["fullDescription"] = {"text": text}
            rules.append(rule)
        results = []
        notifications = []
        for r in self.kept:
            uri = urllib.parse.quote(r.path.replace(os.sep, "/"))
            artifact = {"uri": uri, "uriBaseId": "%SRCROOT%"}
            for f in r.findings:
                physical: dict[str, Any] = {"artifactLocation": artifact}
                message = f.message
                if f.cell is None:
                    region: dict[str, Any] = {"startLine": f.line, "startColumn": f.column}
                    if f.end_line is not None:
                        region["endLine"] = f.end_line
                    if f.end_column is not None:
                        region["endColumn"] = f.end_column
                    physical["region"] = region
                else:
                    message = f"cell {f.cell + 1}, line {f.line}, column {f.column}: {message}"
                result: dict[str, Any] = {
                    "ruleId": f.code,
                    "ruleIndex": index[f.code],
                    "level": self.LEVELS[f.action],
                    "kind": "fail",
                    "message": {"text": message},
                    "locations": [{"physicalLocation": physical}],
                    "properties": {"action": f.action.value},
                }
                if f.cell is not None:
                    result["properties"]["cell"] = f.cell
                results.append(result)
            if r.status is FileStatus.ERROR:
                notifications.append(
                    {
                        "level": "error",
                        "message": {"text": f"{r.path}: {r.error}"},
                        "locations": [{"physicalLocation": {"artifactLocation": artifact}}],
                    }
                )
        root = urllib.parse.quote(os.getcwd().replace(os.sep, "/").rstrip("/") + "/")
        doc = {
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": TOOL_NAME,
                            "version": __version__,
                            "informationUri": INFO_URI,
                            "rules": rules,
                        }
                    },
                    "originalUriBaseIds": {"%SRCROOT%": {"uri": "file://" + root}},
                    "invocations": [
                        {
                            "executionSuccessful": not summary.errors and not summary.interrupted,
                            "toolExecutionNotifications": notifications,
                        }
                    ],
                    "results": results,
                    "properties": {
                        "actions": {a.value: summary.actions[a.value] for a in Action},
                        "rules": summary.rule_counts(),
                    },
                }
            ],
        }
        json.dump(doc, self.out, indent=2, ensure_ascii=False)
        self.out.write("\n")
        self.out.flush()
