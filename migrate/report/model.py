"""The report model: counts over a run, per file status, per action and per rule.

Renderers (``migrate.report.text``, ``json``, ``github``, ``sarif``, ``junit``) depend on this
module; it depends on the typed results only. ``Summary.exit_code`` is the CLI's contract.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from migrate.report.results import Action, FileResult, FileStatus

__all__ = ["INFO_URI", "TOOL_NAME", "Summary"]

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
    """Findings per action (``Action.value``), over every rule."""
    rules: dict[str, Counter[Action]] = field(default_factory=dict)
    """Findings per rule code, then per action: the run's coverage rule by rule."""
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
            self.rules.setdefault(finding.code, Counter())[finding.action] += 1

    @property
    def findings(self) -> int:
        return sum(self.actions.values())

    def rule_counts(self) -> dict[str, dict[str, int]]:
        """``{rule code: {action value: count}}``, codes sorted, every action present."""
        return {
            code: {action.value: self.rules[code][action] for action in Action}
            for code in sorted(self.rules)
        }

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
            "rules": self.rule_counts(),
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
            f"{self.actions[action.value]} {ACTION_LABELS[action]}"
            for action in Action
            if self.actions[action.value]
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


ACTION_LABELS: dict[Action, str] = {
    Action.REWRITE: "to native TF2",
    Action.SHIM: "to the shim",
    Action.REPORT: "reported",
}
"""How each action reads in the summary sentence and the per-rule table."""


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
