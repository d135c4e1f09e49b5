"""Golden files (black-style): input, a ``# output`` line, the expected output.

Every case is re-run on its own output to prove the rewrite is stable (idempotent).
An optional first line ``# options: key=value, ...`` selects engine options.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.engine.options import Assumption, Fallback, Options, TF1Mode
from migrate.engine.transform import transform_source

CASES = sorted((Path(__file__).parents[1] / "cases").glob("*.py"))
_FIELDS = {
    "fallback": Fallback,
    "tf1": TF1Mode,
    "loss_collections": Assumption,
    "non_float32": Assumption,
}


def _read(path: Path) -> tuple[str, str, Options]:
    text = path.read_text(encoding="utf-8")
    source, expected = text.split("# output\n", 1)
    options = Options()
    first = source.splitlines()[0]
    if first.startswith("# options:"):
        pairs = [p.strip().split("=") for p in first.removeprefix("# options:").split(",")]
        options = Options(**{k: _FIELDS[k](v) for k, v in pairs})
    return source, expected, options


def test_there_are_cases() -> None:
    assert len(CASES) >= 5


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_golden(path: Path) -> None:
    source, expected, options = _read(path)
    result = transform_source(source, path=str(path), options=options)
    assert result.error is None
    assert result.output == expected
    again = transform_source(result.output, options=options)
    assert again.output == result.output
