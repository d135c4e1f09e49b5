"""A tiny stand-in engine for CLI/I-O tests: a deterministic text rewrite with findings.

It lets the repository layer be tested independently of the real rules: every
``tf.losses.softmax_cross_entropy(`` becomes ``tfcompat_losses.softmax_cross_entropy(`` (a SHIM
finding each) and a line holding ``REPORTME`` yields a REPORT finding without a change. Sources
that ``ast`` cannot parse come back with ``error`` set, like the real engine.
"""

from __future__ import annotations

import ast
import re

import pytest

from migrate.options import Options
from migrate.results import Action, Finding, SourceResult

OLD = "tf.losses.softmax_cross_entropy("
NEW = "tfcompat_losses.softmax_cross_entropy("
_PATTERN = re.compile(re.escape(OLD))
CALLS: list[str] = []


def fake_transform(
    source: str, *, path: str = "<string>", options: Options | None = None
) -> SourceResult:
    CALLS.append(path)
    try:
        ast.parse(source)
    except SyntaxError as exc:
        return SourceResult(source, source, error=f"cannot parse: {exc.msg} (line {exc.lineno})")
    findings = []
    for number, line in enumerate(source.split("\n"), start=1):
        for match in _PATTERN.finditer(line):
            findings.append(
                Finding("TFC999", "routed to the shim", Action.SHIM, number, match.start() + 1)
            )
        if "REPORTME" in line:
            findings.append(
                Finding(
                    "TFC998",
                    "cannot be rewritten",
                    Action.REPORT,
                    number,
                    line.index("REPORTME") + 1,
                )
            )
    return SourceResult(source, _PATTERN.sub(NEW, source), tuple(findings))


@pytest.fixture(name="fake_engine")
def fake_engine_fixture(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Replace the engine by ``fake_transform``; returns the list of paths it was called with."""
    import migrate.engine

    CALLS.clear()
    monkeypatch.setattr(migrate.engine, "transform_source", fake_transform)
    return CALLS


FIXED_CALL = f"loss = {NEW}y, z)\n"
