"""JUnit XML renderer: one test case per processed file."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from migrate.report.base import Reporter, finding_location
from migrate.report.model import TOOL_NAME, Summary
from migrate.report.results import Action, FileResult, FileStatus

__all__ = ["JunitReporter"]


class JunitReporter(Reporter):
    """JUnit XML: one test case per processed file; findings fail it, file errors error it."""

    def _keep(self, result: FileResult) -> None:
        if result.status is not FileStatus.SKIPPED:
            self.kept.append(
                FileResult(
                    result.path,
                    result.status,
                    result.findings,
                    error=result.error,
                    written=result.written,
                )
            )

    def finish(self, summary: Summary, exit_code: int) -> None:
        suite = ET.Element("testsuite", name=TOOL_NAME)
        if summary.rules:  # the run's coverage: rules.<code>.<action> = count
            properties = ET.SubElement(suite, "properties")
            for code, counts in summary.rule_counts().items():
                for action, count in counts.items():
                    ET.SubElement(
                        properties, "property", name=f"rules.{code}.{action}", value=str(count)
                    )
        failures = errors = 0
        for r in self.kept:
            case = ET.SubElement(suite, "testcase", classname=TOOL_NAME, name=r.path)
            problems = [f for f in r.findings if f.action is Action.REPORT or not r.written]
            if r.status is FileStatus.ERROR:
                errors += 1
                ET.SubElement(case, "error", message=r.error or "", type="error").text = r.error
            elif problems or (r.status is FileStatus.CHANGED and not r.written):
                failures += 1
                lines = [
                    f"{finding_location(r.path, f)}: {f.code} [{f.action.value}] {f.message}"
                    for f in problems
                ]
                if r.status is FileStatus.CHANGED and not r.written:
                    lines.append(f"{r.path}: would be rewritten (run with --write)")
                ET.SubElement(
                    case,
                    "failure",
                    message=lines[0],
                    type=problems[0].code if problems else "change",
                ).text = "\n".join(lines)
        suite.set("tests", str(len(self.kept)))
        suite.set("failures", str(failures))
        suite.set("errors", str(errors))
        suites = ET.Element("testsuites", name=TOOL_NAME)
        suites.append(suite)
        ET.indent(suites)
        self.out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        self.out.write(ET.tostring(suites, encoding="unicode"))
        self.out.write("\n")
        self.out.flush()
