"""What the engine knows about a whole module before it decides on any call (``ModuleFacts``).

All evidence is read from the text (the patterns are in ``migrate.engine.text_facts``) and the
syntax tree; nothing is imported or executed. Each fact errs on the safe side: evidence that
*might* mean trouble sends a call to the fallback (shim or report), never to a native rewrite.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import libcst as cst
from libcst.helpers import get_full_name_for_node_or_raise

from migrate.engine.cst_walk import children
from migrate.engine.options import Assumption, Options, TF1Mode
from migrate.engine.resolver import NameResolver
from migrate.engine.symbols import TF1_ONLY
from migrate.engine.text_facts import (
    DISTRIBUTED,
    KERAS_MASKS,
    REF_VARIABLES,
    code_text,
    collection_reader,
    non_float32_evidence,
    variable_targets,
)

__all__ = ["ModuleFacts", "module_facts"]


@dataclass(frozen=True)
class ModuleFacts:
    tf1: bool
    """The module is TF1 code: ``tf.nn.softmax_cross_entropy_with_logits`` is v1 there."""
    tf1_evidence: str | None
    collections_read: bool
    """Some code may read ``GraphKeys.LOSSES``: a loss must stay in that collection."""
    collections_evidence: str | None
    non_float32: bool
    """Logits may be float16/bfloat16/float64: Keras 3 would compute in float32."""
    dtype_evidence: str | None
    distributed: bool
    """Losses may run under a multi-replica strategy (Keras 3 then scales sum_over_batch_size)."""
    distributed_evidence: str | None
    keras_masks: bool
    """Logits may carry a Keras mask: Keras 3 would weight by it, TF1 ignores it."""
    masks_evidence: str | None
    ref_variables: frozenset[str]
    """Names (``w``, ``self.w``) bound to variables while resource variables are off: ref
    variables, which Keras 3 rejects as a loss argument (``float32_ref``)."""
    ref_evidence: str | None
    tf2_alias: str
    """The name to emit for TF2's ``tensorflow`` namespace."""
    tf2_import_needed: bool
    """``import tensorflow as <tf2_alias>`` must be added when the alias is used."""


def _assumed(
    options: Options, name: str, found: re.Match[str] | None, evidence: str
) -> tuple[bool, str | None]:
    """An option's answer: the user's YES/NO, else (AUTO) the module's own evidence."""
    option = getattr(options, name)
    if option is Assumption.YES:
        return True, options.why(name)
    if option is Assumption.NO:
        return False, None
    return (True, evidence.format(found.group(0))) if found else (False, None)


def module_facts(
    module: cst.Module, resolver: NameResolver, source: str, options: Options
) -> ModuleFacts:
    code = code_text(source)
    tf1, tf1_evidence = _tf1(module, source, resolver, options)
    collections = collection_reader(code)
    read, read_evidence = _assumed(
        options, "loss_collections", collections, "the module reads them (`{}`)"
    )
    dtype = non_float32_evidence(code)
    non32, dtype_evidence = _assumed(options, "non_float32", dtype, "the module mentions `{}`")
    strategy = DISTRIBUTED.search(code)
    distributed, distributed_evidence = _assumed(
        options, "distributed", strategy, "the module mentions `{}`"
    )
    mask = KERAS_MASKS.search(code)
    masks, masks_evidence = _assumed(options, "keras_masks", mask, "the module mentions `{}`")
    refs = REF_VARIABLES.search(code)
    ref_names = frozenset(variable_targets(code)) if refs else frozenset()
    alias, needed = _tf2_alias(module, source, resolver)
    if needed and resolver.implicit_tf and re.search(r"\btf\s*\.", source):
        alias, needed = "tf", False  # the module relies on an unbound `tf` already
    return ModuleFacts(
        tf1,
        tf1_evidence,
        read,
        read_evidence,
        non32,
        dtype_evidence,
        distributed,
        distributed_evidence,
        masks,
        masks_evidence,
        ref_names,
        refs.group(0) if refs else None,
        alias,
        needed,
    )


_TF1_MODULES = ("tensorflow.contrib",)


_CONTRIB_IMPORT = re.compile(r"\b(?:import|from)\s+tensorflow\.contrib\b|import\s+contrib\b")


def _tf1(
    module: cst.Module, source: str, resolver: NameResolver, options: Options
) -> tuple[bool, str | None]:
    if options.tf1 is TF1Mode.YES:
        return True, options.why("tf1")
    if options.tf1 is TF1Mode.NO:
        return False, None
    if _CONTRIB_IMPORT.search(source):
        for imported in _imported_modules(module):
            if any(imported == p or imported.startswith(p + ".") for p in _TF1_MODULES):
                return True, f"imports `{imported}`"
    leaves = frozenset(prefix.rsplit(".", 1)[-1] for prefix in TF1_ONLY)
    if not any(leaf in source for leaf in leaves):
        return False, None
    for name in sorted(resolver.names_of_leaves(leaves, "tensorflow")):
        for prefix in TF1_ONLY:
            if name == prefix or name.startswith(prefix + "."):
                return True, f"uses TF1-only `{name}`"
    return False, None


def _tf2_alias(module: cst.Module, source: str, resolver: NameResolver) -> tuple[str, bool]:
    """The name under which to emit TF2's namespace, and whether its import must be added.

    An existing ``import tensorflow [as tf]`` is reused only when nothing else binds that name
    anywhere (``tf = tf.compat.v1``, a parameter named ``tf``...).
    """
    for statement in module.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if not isinstance(small, cst.Import):
                continue
            for alias in small.names:
                if isinstance(alias.name, cst.Name) and alias.name.value == "tensorflow":
                    name = alias.asname.name if alias.asname is not None else alias.name
                    if isinstance(name, cst.Name) and resolver.bound_only_to(
                        name.value, "tensorflow"
                    ):
                        return name.value, False
    # Any appearance in the text (code, string or comment) counts as taken: safe and cheap.
    used = set(re.findall(r"\btf\w*|\btensorflow\w*", source))
    for candidate in ("tf", "tf2", "tensorflow2", "tf2_"):
        if candidate not in used:
            return candidate, True
    index = 3
    while f"tf2_{index}" in used:
        index += 1
    return f"tf2_{index}", True


def _imported_modules(module: cst.Module) -> list[str]:
    """Dotted names of every imported module (and ``from`` module + name), in source order.

    What a ``CSTVisitor`` with ``visit_Import``/``visit_ImportFrom`` collects, but walking the
    dataclass fields (statements only: no import lives inside an expression) instead of
    rebuilding every node, ~7x cheaper.
    """
    modules: list[str] = []
    stack: list[cst.CSTNode] = [module]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.Import):
            for alias in node.names:
                modules.append(get_full_name_for_node_or_raise(alias.name))
            continue
        if isinstance(node, cst.ImportFrom):
            if node.module is None or node.relative:
                continue
            base = get_full_name_for_node_or_raise(node.module)
            modules.append(base)
            if not isinstance(node.names, cst.ImportStar):
                for alias in node.names:
                    modules.append(f"{base}.{get_full_name_for_node_or_raise(alias.name)}")
            continue
        if isinstance(node, cst.BaseExpression):
            continue
        stack.extend(reversed(children(node)))  # first child on top: source order
    return modules
