"""A tiny stand-in engine for CLI/I-O tests: a deterministic text rewrite with findings.

It lets the repository layer be tested independently of the real rules: every
``tf.losses.softmax_cross_entropy(`` becomes ``tfcompat_losses.softmax_cross_entropy(`` (a SHIM
finding each) and a line holding ``REPORTME`` yields a REPORT finding without a change. Sources
that ``ast`` cannot parse come back with ``error`` set, like the real engine.

The CLI runs every file in a forked worker process, which inherits the patched engine; the
calls are logged to a file so that the test (the parent) sees them.
"""

from __future__ import annotations

import ast
import atexit
import json
import os
import re
import tempfile
from collections.abc import Iterator

import pytest

from migrate.engine.options import Options
from migrate.report.results import Action, Finding, SourceResult

OLD = "tf.losses.softmax_cross_entropy("
NEW = "tfcompat_losses.softmax_cross_entropy("
_PATTERN = re.compile(re.escape(OLD))


class CallLog:
    """The paths the fake engine was called with, in any process forked from this one."""

    def __init__(self) -> None:
        handle, self.path = tempfile.mkstemp(prefix="fake-engine-", suffix=".jsonl")
        os.close(handle)
        atexit.register(os.unlink, self.path)  # forked workers leave by os._exit: not them

    def append(self, path: str) -> None:
        with open(self.path, "a", encoding="utf-8") as log:  # one short write: atomic
            log.write(json.dumps(path) + "\n")

    def clear(self) -> None:
        open(self.path, "w").close()

    def calls(self) -> list[str]:
        with open(self.path, encoding="utf-8") as log:
            return [json.loads(line) for line in log]

    def __eq__(self, other: object) -> bool:
        return self.calls() == other

    def __getitem__(self, index: int) -> str:
        return self.calls()[index]

    def __len__(self) -> int:
        return len(self.calls())

    def __iter__(self) -> Iterator[str]:
        return iter(self.calls())

    def __repr__(self) -> str:
        return repr(self.calls())

    __hash__ = None  # type: ignore[assignment]


CALLS = CallLog()


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
    """Replace the engine by ``fake_transform``; returns the paths it was called with (it
    compares equal to a list, and reads the log on every use)."""
    import migrate.engine.transform

    CALLS.clear()
    monkeypatch.setattr(migrate.engine.transform, "transform_source", fake_transform)
    return CALLS  # type: ignore[return-value]  # a list in all but name


FIXED_CALL = f"loss = {NEW}y, z)\n"
