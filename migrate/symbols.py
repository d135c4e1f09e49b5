"""Qualified names of every target, and resolution of a node to the names it means.

Names are matched by meaning, never by spelling: ``import tensorflow.compat.v1 as tf``,
``from tensorflow.contrib import losses as L``, ``import tf_slim as slim`` and a
module-level alias such as ``slim = tf.contrib.slim`` all resolve to the same
qualified name through libcst's scope analysis (``ScopeProvider.get_qualified_names_for``, what
``QualifiedNameProvider`` returns, asked only for the nodes that matter), plus a small alias table
for module-level assignments, which libcst does not follow. ``migrate.bindings`` gives libcst's
answer without the analysis where Python's symbol tables prove it (the common case).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import libcst as cst
import libcst.matchers as m
from libcst.metadata import MetadataWrapper, Scope, ScopeProvider

from migrate.bindings import ModuleIndex

__all__ = [
    "ALL_TARGETS",
    "CONTRIB_SCE",
    "CONTRIB_SPARSE",
    "CORE_SCE",
    "CORE_SPARSE",
    "NN_AMBIGUOUS",
    "NN_V1",
    "NN_V2",
    "NO_GRADIENT_CALLS",
    "STOP_GRADIENT",
    "TARGET_MARKER",
    "TF1_ONLY",
    "NameResolver",
    "canonical",
    "reduction_member",
    "root_name",
]

TARGET_MARKER = "softmax_cross_entropy"
"""Text contained in every module that has a target call (the CLI's cheap prefilter)."""


def _spellings(prefixes: Iterable[str], leaf: str) -> frozenset[str]:
    return frozenset(f"{prefix}.{leaf}" for prefix in prefixes)


_CORE_PREFIXES = (
    "tensorflow.losses",
    "tensorflow.compat.v1.losses",
    "tensorflow.python.ops.losses.losses",
    "tensorflow.python.ops.losses.losses_impl",
)
_CONTRIB_PREFIXES = (
    "tensorflow.contrib.losses",
    "tensorflow.contrib.losses.python.losses",
    "tensorflow.contrib.losses.python.losses.loss_ops",
    "tensorflow.contrib.slim.losses",
    "tensorflow.contrib.slim.python.slim.losses",
    "tf_slim.losses",
    "tf_slim.losses.loss_ops",
)

CORE_SCE = _spellings(_CORE_PREFIXES, "softmax_cross_entropy")
"""``tf.compat.v1.losses.softmax_cross_entropy(onehot_labels, logits, ...)``."""
CORE_SPARSE = _spellings(_CORE_PREFIXES, "sparse_softmax_cross_entropy")
"""``tf.compat.v1.losses.sparse_softmax_cross_entropy(labels, logits, ...)``."""
CONTRIB_SCE = _spellings(_CONTRIB_PREFIXES, "softmax_cross_entropy")
"""``tf.contrib.losses.softmax_cross_entropy(logits, onehot_labels, ...)`` (logits first)."""
CONTRIB_SPARSE = _spellings(_CONTRIB_PREFIXES, "sparse_softmax_cross_entropy")
"""``tf.contrib.losses.sparse_softmax_cross_entropy(logits, labels, ...)`` (logits first)."""
NN_V1 = frozenset(
    {
        "tensorflow.compat.v1.nn.softmax_cross_entropy_with_logits",
        "tensorflow.python.ops.nn_ops.softmax_cross_entropy_with_logits",
    }
)
"""Always TF1's v1 function (stops the gradient into labels)."""
NN_AMBIGUOUS = frozenset({"tensorflow.nn.softmax_cross_entropy_with_logits"})
"""v1 in TF1 code, v2 (TF2's function) in TF2 code."""
NN_V2 = frozenset(
    {
        "tensorflow.nn.softmax_cross_entropy_with_logits_v2",
        "tensorflow.compat.v1.nn.softmax_cross_entropy_with_logits_v2",
        "tensorflow.python.ops.nn_ops.softmax_cross_entropy_with_logits_v2",
    }
)
"""TF1's name for TF2's ``tf.nn.softmax_cross_entropy_with_logits``."""

ALL_TARGETS = CORE_SCE | CORE_SPARSE | CONTRIB_SCE | CONTRIB_SPARSE | NN_V1 | NN_AMBIGUOUS | NN_V2

STOP_GRADIENT = frozenset(
    {
        "tensorflow.stop_gradient",
        "tensorflow.compat.v1.stop_gradient",
        "tensorflow.compat.v2.stop_gradient",
        "tensorflow.python.ops.array_ops.stop_gradient",
    }
)
NO_GRADIENT_CALLS = STOP_GRADIENT | frozenset(
    {"tensorflow.one_hot", "tensorflow.compat.v1.one_hot", "tensorflow.compat.v2.one_hot"}
)
"""Calls whose result carries no gradient to anything upstream (``OneHot`` is not differentiable)."""

TF1_ONLY = frozenset(
    {
        "tensorflow.placeholder",
        "tensorflow.placeholder_with_default",
        "tensorflow.Session",
        "tensorflow.InteractiveSession",
        "tensorflow.get_variable",
        "tensorflow.variable_scope",
        "tensorflow.get_collection",
        "tensorflow.add_to_collection",
        "tensorflow.GraphKeys",
        "tensorflow.global_variables_initializer",
        "tensorflow.initialize_all_variables",
        "tensorflow.trainable_variables",
        "tensorflow.to_float",
        "tensorflow.to_int32",
        "tensorflow.to_int64",
        "tensorflow.train.GradientDescentOptimizer",
        "tensorflow.train.AdamOptimizer",
        "tensorflow.train.MomentumOptimizer",
        "tensorflow.train.RMSPropOptimizer",
        "tensorflow.train.AdagradOptimizer",
        "tensorflow.train.Saver",
        "tensorflow.layers",
        "tensorflow.app",
        "tensorflow.contrib",
        "tensorflow.losses.softmax_cross_entropy",
        "tensorflow.losses.sparse_softmax_cross_entropy",
        "tensorflow.nn.softmax_cross_entropy_with_logits_v2",
        "tensorflow.disable_v2_behavior",
        "tensorflow.disable_eager_execution",
        # common TF 1.x names removed from TF2's namespace (checked against TF 2.21)
        "tensorflow.truncated_normal",
        "tensorflow.random_normal",
        "tensorflow.random_uniform",
        "tensorflow.set_random_seed",
        "tensorflow.log",
        "tensorflow.arg_max",
        "tensorflow.arg_min",
        "tensorflow.div",
        "tensorflow.squared_difference",
        "tensorflow.count_nonzero",
        "tensorflow.is_nan",
        "tensorflow.Print",
        "tensorflow.assign",
        "tensorflow.assign_add",
        "tensorflow.to_double",
        "tensorflow.reset_default_graph",
        "tensorflow.get_default_session",
        "tensorflow.global_variables",
        "tensorflow.all_variables",
        "tensorflow.model_variables",
        "tensorflow.local_variables_initializer",
        "tensorflow.tables_initializer",
        "tensorflow.variables_initializer",
        "tensorflow.get_variable_scope",
        "tensorflow.make_template",
        "tensorflow.AUTO_REUSE",
        "tensorflow.sparse_placeholder",
        "tensorflow.ConfigProto",
        "tensorflow.GPUOptions",
        "tensorflow.gfile",
        "tensorflow.logging",
        "tensorflow.flags",
        "tensorflow.python_io",
        "tensorflow.summary.FileWriter",
        "tensorflow.summary.merge_all",
        "tensorflow.train.Optimizer",
        "tensorflow.train.get_or_create_global_step",
        "tensorflow.train.get_global_step",
        "tensorflow.image.resize_images",
        "tensorflow.nn.rnn_cell",
        "tensorflow.losses.get_total_loss",
        # TF 0.x names (gone by TF 1.0): TF 0.x code is TF1 code for the v1 semantics
        "tensorflow.mul",
        "tensorflow.sub",
        "tensorflow.neg",
        "tensorflow.pack",
        "tensorflow.unpack",
        "tensorflow.select",
        "tensorflow.concat_v2",
        "tensorflow.scalar_summary",
        "tensorflow.histogram_summary",
        "tensorflow.image_summary",
        "tensorflow.merge_all_summaries",
        "tensorflow.initialize_variables",
        "tensorflow.train.SummaryWriter",
    }
)
"""Names under TF's *plain* namespace that exist only in TF 1.x: evidence that the module was
written for TF 1.x, where ``tf.nn.softmax_cross_entropy_with_logits`` is the v1 function.
``tensorflow.compat.v1.*`` is no such evidence: it exists in TF2, where ``tf.nn`` is TF2's."""

_REDUCTION_RE = re.compile(
    r"^tensorflow(?:\.compat\.v1)?(?:\.python\.ops)?\.losses(?:\.losses_impl|\.losses_utils)?"
    r"\.Reduction\.(?P<member>[A-Z_]+)$"
)


def reduction_member(qualified_name: str) -> str | None:
    """``"tensorflow.compat.v1.losses.Reduction.SUM"`` -> ``"SUM"``; anything else -> ``None``."""
    match = _REDUCTION_RE.match(qualified_name)
    return match.group("member") if match else None


_COMPAT_CHAIN = re.compile(r"^tensorflow(?:\.compat\.v[12])*(\.compat\.v[12])(?=\.|$)")


def canonical(qualified_name: str) -> str:
    """Collapse a chain of ``compat`` namespaces to the last one, which alone decides.

    ``tensorflow.compat.v1.compat.v1.losses.X`` (``tf.compat.v1.losses.X`` under
    ``import tensorflow.compat.v1 as tf``) and ``tensorflow.compat.v2.compat.v1.losses.X`` are
    the very object ``tensorflow.compat.v1.losses.X`` in TF 2.x (checked on TF 2.21): every
    ``compat.vN`` module re-exports the ``compat`` package.
    """
    return _COMPAT_CHAIN.sub(r"tensorflow\1", qualified_name, count=1)


def _dotted(node: cst.BaseExpression) -> str | None:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = _dotted(node.value)
        return None if base is None else f"{base}.{node.attr.value}"
    return None


_ALIASED = ("tensorflow", "tf_slim")
"""Packages whose modules a module-level alias (``slim = tf.contrib.slim``) may name."""


def root_name(node: cst.CSTNode) -> str | None:
    """``tf`` for ``tf.losses.x``; ``None`` when the chain does not start with a name."""
    while isinstance(node, cst.Attribute):
        node = node.value
    return node.value if isinstance(node, cst.Name) else None


class NameResolver:
    """Resolves expression nodes of one module to the qualified names they mean.

    Asks the cheap ``ModuleIndex`` first (names bound only by module-level imports, the common
    case) and libcst's scope analysis, run at most once, for everything it cannot prove.
    """

    def __init__(
        self, wrapper: MetadataWrapper, source: str | None = None, *, index: bool = True
    ) -> None:
        self._wrapper = wrapper
        self._libcst_scopes: Mapping[cst.CSTNode, Scope | None] | None = None
        self._index: ModuleIndex | None = None
        if index:
            text = wrapper.module.code if source is None else source
            self._index = ModuleIndex(wrapper.module, text)
            if not self._index.usable:
                self._index = None
        self._aliases = self._module_aliases(wrapper.module)
        self._stars: tuple[str, ...] | None = None
        unbound = None if self._index is None else self._index.unbound("tf")
        self._tf_unbound_everywhere = unbound is True
        """The index proved ``tf`` bound nowhere (so unbound at every node with a scope)."""
        if unbound is None:
            module_scope = self._scopes.get(wrapper.module)
            unbound = module_scope is not None and "tf" not in module_scope
        self.implicit_tf = unbound
        """``tf`` is never bound in the module (a snippet, a notebook fragment, ``exec``'d code):
        as ``tf_upgrade_v2`` does, an unbound ``tf`` is read as ``tensorflow``."""

    @property
    def _scopes(self) -> Mapping[cst.CSTNode, Scope | None]:
        """libcst's scope of every node (the analysis runs on first use)."""
        if self._libcst_scopes is None:
            # QualifiedNameProvider's own pass only wraps ScopeProvider's answer in a lazy value
            # for every node; asking the scope directly, for the nodes that matter, is cheaper.
            self._libcst_scopes = self._wrapper.resolve(ScopeProvider)
        return self._libcst_scopes

    def names(self, node: cst.CSTNode) -> frozenset[str]:
        """Every qualified name ``node`` may mean (empty when it is not a name)."""
        found: set[str] = set()
        for qualified in self._qualified(node):
            found.add(qualified)
            head, _, rest = qualified.partition(".")
            target = self._aliases.get(head)
            if target is not None:
                found.add(f"{target}.{rest}" if rest else target)
        if not found and self.implicit_tf and isinstance(node, cst.Name | cst.Attribute):
            dotted = _dotted(node)
            if (
                dotted is not None
                and (dotted == "tf" or dotted.startswith("tf."))
                and self._tf_unbound_at(node)
            ):
                found.add("tensorflow" + dotted[2:])
        if any(".compat.v" in name for name in found):
            return frozenset({canonical(name) for name in found})
        return frozenset(found)

    def _tf_unbound_at(self, node: cst.CSTNode) -> bool:
        """``tf`` is unbound where ``node`` is (and ``node`` has a scope)."""
        index = self._index
        if self._tf_unbound_everywhere and index is not None and node not in index.unsure:
            return node in index.scoped
        scope = self._scopes.get(node)
        return scope is not None and "tf" not in scope

    def star_import(self, node: cst.CSTNode, table: frozenset[str]) -> tuple[str, str] | None:
        """``(qualified name in table, star-imported module)`` that ``node`` may mean, if any.

        After ``from tensorflow.compat.v1.losses import *`` a bare ``softmax_cross_entropy``
        is bound by no statement libcst can see: it may be the target, or shadowed by a later
        star import or a name defined at run time. Only names unbound where they are used, whose
        root is not resolved otherwise, are considered.
        """
        if not isinstance(node, cst.Name | cst.Attribute) or self.names(node):
            return None
        if self._index is not None:
            return None  # the index is only used in modules without star imports
        dotted = _dotted(node)
        scope = self._scopes.get(node)
        if dotted is None or scope is None or dotted.split(".")[0] in scope:
            return None
        for module in self._star_modules():
            name = canonical(f"{module}.{dotted}")
            if name in table:
                return name, module
        return None

    def _star_modules(self) -> tuple[str, ...]:
        """Modules star-imported anywhere in the module (last first: the last import wins)."""
        if self._stars is None:
            stars = [
                _dotted(node.module)
                for node in self._scopes
                if isinstance(node, cst.ImportFrom)
                and isinstance(node.names, cst.ImportStar)
                and node.module is not None
                and not node.relative
            ]
            self._stars = tuple(reversed([s for s in stars if s is not None]))
        return self._stars

    def names_of_leaves(self, leaves: frozenset[str], package: str) -> frozenset[str]:
        """Qualified names under ``package`` of every name/attribute whose last component is in
        ``leaves``."""
        found: set[str] = set()
        index = self._index
        nodes: Iterable[cst.CSTNode] = self._scopes if index is None else index.nodes()
        for node in nodes:
            if (isinstance(node, cst.Attribute) and node.attr.value in leaves) or (
                isinstance(node, cst.Name) and node.value in leaves
            ):
                if (
                    index is not None
                    and not self._aliases  # `slim = tf.contrib.slim` adds names
                    and not (
                        self.implicit_tf and root_name(node) == "tf"
                    )  # so does an unbound `tf`
                    and index.cannot_mean(node, package)
                ):
                    continue  # e.g. `self.layers`: spares libcst's analysis of the module
                found |= self.names(node)
        return frozenset(n for n in found if n == package or n.startswith(package + "."))

    def binding_imports(self, node: cst.CSTNode) -> list[cst.Import | cst.ImportFrom] | None:
        """Module-level imports bound to the dotted name of ``node`` (``None``: not known here)."""
        return None if self._index is None else self._index.imports_named(node)

    def first(self, node: cst.CSTNode, table: frozenset[str]) -> str | None:
        """The qualified name of ``node`` found in ``table``, if any."""
        hits = sorted(self.names(node) & table)
        return hits[0] if hits else None

    def _qualified(self, node: cst.CSTNode) -> Iterable[str]:
        if not isinstance(node, cst.Name | cst.Attribute):
            return ()
        if self._index is not None:
            known = self._index.qualified_names(node)
            if known is not None:
                return known
        scope = self._scopes.get(node)
        if scope is None:
            return ()
        return {qualified.name for qualified in scope.get_qualified_names_for(node)}

    def _module_aliases(self, module: cst.Module) -> dict[str, str]:
        """``slim = tf.contrib.slim`` at module level -> ``{"slim": "tensorflow.contrib.slim"}``.

        Only names bound exactly once in the whole module, to a dotted name that resolves to a
        TensorFlow or tf_slim module, are trusted.
        """
        candidates: dict[str, str] = {}
        for statement in module.body:
            if not m.matches(
                statement,
                m.SimpleStatementLine(body=[m.Assign(targets=[m.AssignTarget(target=m.Name())])]),
            ):
                continue
            assign = cst.ensure_type(
                cst.ensure_type(statement, cst.SimpleStatementLine).body[0], cst.Assign
            )
            target = cst.ensure_type(assign.targets[0].target, cst.Name).value
            if _dotted(assign.value) is None:
                continue
            if self._index is not None and all(
                self._index.cannot_mean(assign.value, package) for package in _ALIASED
            ):
                continue
            for qualified in sorted(self._qualified(assign.value)):
                if qualified.split(".")[0] in _ALIASED and qualified not in ALL_TARGETS:
                    candidates[target] = qualified
                    break
        if not candidates:
            return {}
        counter = _BindingCounter(set(candidates))
        module.visit(counter)
        return {name: q for name, q in candidates.items() if counter.counts.get(name, 0) == 1}


class _BindingCounter(cst.CSTVisitor):
    def __init__(self, names: set[str]) -> None:
        self.names = names
        self.counts: dict[str, int] = {}

    def _bind(self, node: cst.CSTNode) -> None:
        if isinstance(node, cst.Name) and node.value in self.names:
            self.counts[node.value] = self.counts.get(node.value, 0) + 1
        elif isinstance(node, cst.Tuple | cst.List):
            for element in node.elements:
                self._bind(element.value)

    def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
        self._bind(node.target)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._bind(node.target)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._bind(node.target)

    def visit_For(self, node: cst.For) -> None:
        self._bind(node.target)

    def visit_AsName(self, node: cst.AsName) -> None:
        self._bind(node.name)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._bind(node.name)

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._bind(node.name)

    def visit_Param(self, node: cst.Param) -> None:
        self._bind(node.name)

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        self._bind(node.target)
