"""docs/rules.md is generated from the rule classes and must not go stale."""

from __future__ import annotations

from pathlib import Path

from migrate.rules import ALL_RULES
from migrate.rules.catalogue import render

DOC = Path(__file__).parents[3] / "docs" / "rules.md"


def test_docs_rules_md_is_up_to_date() -> None:
    assert DOC.read_text(encoding="utf-8") == render(), (
        "docs/rules.md is stale: run `python -m migrate.rules.catalogue > docs/rules.md`"
    )


def test_every_rule_is_in_the_catalogue() -> None:
    text = render()
    for rule in ALL_RULES:
        assert f"## {rule.code} `{rule.name}`" in text
        assert rule.brief in text
