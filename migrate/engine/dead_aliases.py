"""Module-level aliases of ``tf.contrib`` modules that a rewrite left unused (private to the
engine): ``slim = tf.contrib.slim`` once every ``slim.losses.*`` call is rewritten.

``tf.contrib`` does not exist in TF2, so the line alone would stop the migrated module from
importing. Like an import the rewrite leaves unused, such an alias is removed, when it is safe:
a module-level statement of one plain assignment to one name, whose value is a dotted name that
resolves only to ``tensorflow.contrib...``, with no comment on its line, a name nothing else in
the module uses (nor ``__all__`` lists), and a name only the rewrite stopped using (it was the
root of a replaced call or reference). An alias the rewrite left unused but that is not safe to
remove (a comment on it, ``__all__`` in the module, the name bound twice) is returned with the
reason it stays, for a finding: never left in place in silence.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import libcst as cst

from migrate.engine.cst_walk import used_names
from migrate.engine.resolver import NameResolver
from migrate.rules.base import code_of

__all__ = ["KeptAlias", "remove_dead_contrib_aliases"]


@dataclass(frozen=True)
class KeptAlias:
    """A ``tf.contrib`` alias the rewrite left unused, kept: ``statement`` binds ``name``."""

    statement: cst.SimpleStatementLine
    name: str
    why: str
    """Why it stays: ``it has a comment``, ``the module has `__all__` ``..."""

    @property
    def message(self) -> str:
        return (
            f"`{code_of(self.statement.body[0])}` is no longer used once its loss calls are "
            f"rewritten, but it stays because {self.why}: TF2 has no `tf.contrib`, so this line "
            f"alone stops the module from importing; delete it unless another module imports "
            f"`{self.name}` from here"
        )


def _alias(statement: cst.BaseStatement, resolver: NameResolver) -> str | None:
    """The name ``statement`` binds when it is ``<name> = <tf.contrib dotted name>``."""
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return None
    small = statement.body[0]
    if not isinstance(small, cst.Assign) or len(small.targets) != 1:
        return None
    target = small.targets[0].target
    if not isinstance(target, cst.Name) or not isinstance(small.value, cst.Name | cst.Attribute):
        return None
    meanings = resolver.resolve(small.value).meanings
    if not meanings or not all(m.startswith("tensorflow.contrib") for m in meanings):
        return None
    return target.value


def _commented(statement: cst.SimpleStatementLine) -> bool:
    return statement.trailing_whitespace.comment is not None or any(
        line.comment is not None for line in statement.leading_lines
    )


def remove_dead_contrib_aliases(
    module: cst.Module, roots: Collection[str], resolver: NameResolver
) -> tuple[cst.Module, list[KeptAlias]]:
    """``module`` without the ``tf.contrib`` aliases among ``roots`` that nothing uses any more,
    and those of them it keeps although nothing uses them (with the reason)."""
    candidates = {
        index: name
        for index, statement in enumerate(module.body)
        if (name := _alias(statement, resolver)) is not None and name in roots
    }
    if not candidates:
        return module, []
    rest = module.with_changes(body=[s for i, s in enumerate(module.body) if i not in candidates])
    used = used_names(rest, skip_imports=False)
    dead = {i: name for i, name in candidates.items() if name not in used}
    if not dead:
        return module, []
    exported = "__all__" in used
    names = list(dead.values())
    kept: list[KeptAlias] = []
    removed: set[int] = set()
    for index, name in dead.items():
        statement = module.body[index]
        assert isinstance(statement, cst.SimpleStatementLine)  # `_alias` checked it
        if exported:
            why = "the module has `__all__`, which may export it"
        elif names.count(name) > 1:
            why = f"`{name}` is bound twice"
        elif _commented(statement):
            why = "a comment is on or above it"
        else:
            removed.add(index)
            continue
        kept.append(KeptAlias(statement, name, why))
    if removed:
        module = module.with_changes(
            body=[s for i, s in enumerate(module.body) if i not in removed]
        )
    return module, kept
