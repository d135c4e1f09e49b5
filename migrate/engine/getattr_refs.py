"""Targets reached through ``getattr`` (private to the engine): never rewritten, always reported.

``getattr(tf.losses, "softmax_cross_entropy")`` names a target in a string; ``getattr(tf.losses,
name)`` reaches some member of TF1's losses module chosen at run time, which may be any of its
losses. Neither can be rewritten safely; both are reported (TFC107) so that none passes silently.
"""

from __future__ import annotations

import libcst as cst

from migrate.engine.resolver import NameResolver
from migrate.engine.symbols import ALL_TARGETS, LOSS_MODULES, TARGET_LEAVES, canonical
from migrate.rules.base import Decision, code_of
from migrate.rules.unresolved import UnresolvedRule

__all__ = ["getattr_reference"]


def getattr_reference(call: cst.Call, resolver: NameResolver, tf1: bool) -> Decision | None:
    """The report for ``call`` when it is the builtin ``getattr`` reaching a target, else None."""
    if len(call.args) < 2 or not isinstance(call.func, cst.Name):
        return None
    if call.func.value != "getattr" or "builtins.getattr" not in resolver.names(call.func):
        return None
    owner, name = call.args[0].value, call.args[1].value
    meanings = resolver.resolve(owner).meanings
    if not isinstance(name, cst.SimpleString):
        modules = sorted(
            namespace
            for namespace in meanings
            if canonical(namespace) in LOSS_MODULES
            and (tf1 or canonical(namespace) != "tensorflow.losses")  # TF2 code: Keras' module
        )
        if not modules:
            return None
        return UnresolvedRule.report(
            f"`{code_of(call)}` reaches a member of TF1's `{modules[0]}` by a name known only "
            "at run time, which may be any of its losses: name the function to migrate it"
        )
    leaf = name.evaluated_value
    if not isinstance(leaf, str) or leaf not in TARGET_LEAVES:
        return None
    reached = sorted(
        f"{namespace}.{leaf}"
        for namespace in meanings
        if canonical(f"{namespace}.{leaf}") in ALL_TARGETS
    )
    if not reached:
        return None
    return UnresolvedRule.report(
        f"`{code_of(call)}` is `{reached[0]}` reached through `getattr` with its name: write "
        "the attribute out to migrate it"
    )
