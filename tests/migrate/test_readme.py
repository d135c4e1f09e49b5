"""The README is the catalogue: every ``diff`` block in it is what the codemod does.

A block is run through the engine (the ``-``/`` `` lines are the input, the ``+``/`` `` lines
the expected output), with the options an ``<!-- options: key=value -->`` line before it names.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from migrate.engine.options import Assumption, Denominator, Fallback, Options, TF1Mode
from migrate.engine.transform import transform_source

README = Path(__file__).resolve().parents[2] / "README.md"
_FIELDS = {
    "fallback": Fallback,
    "tf1": TF1Mode,
    "denominator": Denominator,
    "loss_collections": Assumption,
    "distributed": Assumption,
}
_BLOCK = re.compile(r"(?:<!-- options: (?P<options>[^>]*) -->\n)?```diff\n(?P<body>.*?)```", re.S)


def _blocks() -> list[tuple[str, str, Options]]:
    found = []
    for match in _BLOCK.finditer(README.read_text(encoding="utf-8")):
        lines = match.group("body").splitlines(keepends=True)
        before = "".join(line[1:] for line in lines if line[0] in " -")
        after = "".join(line[1:] for line in lines if line[0] in " +")
        options = Options()
        if match.group("options"):
            pairs = [pair.strip().split("=") for pair in match.group("options").split(",")]
            options = Options(**{key: _FIELDS[key](value) for key, value in pairs})
        found.append((before, after, options))
    return found


BLOCKS = _blocks()


def test_the_readme_has_its_catalogue() -> None:
    assert len(BLOCKS) >= 8


@pytest.mark.parametrize(("before", "after", "options"), BLOCKS)
def test_readme_diff(before: str, after: str, options: Options) -> None:
    result = transform_source(before, options=options)
    assert result.error is None
    assert result.output == after
