"""Every rule's own examples and look-alikes: adding a rule adds its tests."""

from __future__ import annotations

import pytest

from migrate.engine.transform import transform_source
from migrate.rules import ALL_RULES
from migrate.rules.base import Example, Noop

EXAMPLES = [
    pytest.param(rule, example, id=f"{rule.code}-{index}")
    for rule in ALL_RULES
    for index, example in enumerate(rule.EXAMPLES)
]
NOOPS = [
    pytest.param(rule, noop if isinstance(noop, Noop) else Noop(noop), id=f"{rule.code}-noop{i}")
    for rule in ALL_RULES
    for i, noop in enumerate(rule.NOOPS)
]


@pytest.mark.parametrize(("rule", "example"), EXAMPLES)
def test_example(rule: type, example: Example) -> None:
    result = transform_source(example.before, options=example.options)
    assert result.error is None
    assert result.output == example.after
    assert tuple((f.code, f.action) for f in result.findings) == example.findings
    assert all(f.code == rule.code for f in result.findings)  # type: ignore[attr-defined]


@pytest.mark.parametrize(("rule", "example"), EXAMPLES)
def test_example_is_idempotent(rule: type, example: Example) -> None:
    first = transform_source(example.before, options=example.options)
    second = transform_source(first.output, options=example.options)
    assert second.output == first.output
    changed = [f for f in second.findings if f.action.value != "report"]
    assert changed == []


@pytest.mark.parametrize(("rule", "noop"), NOOPS)
def test_noop(rule: type, noop: Noop) -> None:
    result = transform_source(noop.source, options=noop.options)
    assert result.error is None
    assert result.output == noop.source
    assert result.findings == ()


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.code)
def test_rule_is_documented(rule: type) -> None:
    assert rule.code.startswith("TFC") and len(rule.code) == 6  # type: ignore[attr-defined]
    assert rule.summary.strip()  # type: ignore[attr-defined]
    assert rule.EXAMPLES  # type: ignore[attr-defined]


def test_codes_are_unique() -> None:
    codes = [rule.code for rule in ALL_RULES]
    assert len(codes) == len(set(codes))
