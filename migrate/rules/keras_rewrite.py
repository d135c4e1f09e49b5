"""Shared by the loss rules: the preconditions of an exact Keras rewrite, and the rewrite itself.

Each precondition is code; the first one that fails names the reason the call goes to the
fallback. The rewrite reuses the call's argument "slots" (commas, line breaks, comments) so
multi-line calls keep their layout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import libcst as cst

from migrate.engine.calls import (
    CONTRIB_SCE_SIGNATURE,
    CONTRIB_SPARSE_SIGNATURE,
    CORE_SCE_SIGNATURE,
    CORE_SPARSE_SIGNATURE,
    BoundCall,
    Signature,
)
from migrate.engine.facts import ModuleFacts
from migrate.engine.reductions import (
    TF1Reduction,
    Unmappable,
    WeightsKind,
    keras_reduction,
    literal_number,
    tf1_reduction,
    weights_kind,
)
from migrate.engine.text_facts import VARIABLE_CONSTRUCTORS
from migrate.rules.base import CallSite, code_of
from migrate.rules.layout import NewArg, relay

__all__ = ["LossSpec", "NativePlan", "collected", "impure", "plan_native"]


@dataclass(frozen=True)
class LossSpec:
    """How a source API's parameters map onto Keras."""

    keras_class: str
    """``CategoricalCrossentropy`` or ``SparseCategoricalCrossentropy``."""
    labels: str
    """Parameter name of the labels (``onehot_labels`` or ``labels``)."""
    sparse: bool
    contrib: bool
    """``tf.contrib``/slim semantics: no ``reduction``/``loss_collection`` parameters, always
    collected, label smoothing uses ``shape[1]`` as the number of classes."""


@dataclass(frozen=True)
class NativePlan:
    replacement: cst.Call
    notes: tuple[str, ...]


def impure(node: cst.CSTNode) -> bool:
    """True when evaluating ``node`` may have an effect (calls, awaits, yields, walrus)."""
    finder = _EffectFinder()
    node.visit(finder)
    return finder.found


class _EffectFinder(cst.CSTVisitor):
    def __init__(self) -> None:
        self.found = False

    def visit_Call(self, node: cst.Call) -> bool:
        self.found = True
        return False

    def visit_Await(self, node: cst.Await) -> bool:
        self.found = True
        return False

    def visit_Yield(self, node: cst.Yield) -> bool:
        self.found = True
        return False

    def visit_NamedExpr(self, node: cst.NamedExpr) -> bool:
        self.found = True
        return False

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        return False  # defining a lambda has no effect


def collected(site: CallSite, bound: BoundCall, contrib: bool) -> str | Unmappable | None:
    """Which collection TF1 adds the loss to (``None``: none)."""
    if contrib:
        return "GraphKeys.LOSSES"
    node = bound.value("loss_collection")
    if node is None:
        return "GraphKeys.LOSSES"
    if isinstance(node, cst.Name) and node.value == "None":
        return None
    if isinstance(node, cst.SimpleString) and node.evaluated_value == "losses":
        return "GraphKeys.LOSSES"
    if any(name.endswith("GraphKeys.LOSSES") for name in site.resolver.names(node)):
        return "GraphKeys.LOSSES"
    return Unmappable(
        f"the loss is added to the collection `{code_of(node)}`, which Keras does not do"
    )


def plan_native(site: CallSite, spec: LossSpec) -> NativePlan | Unmappable:
    """Build the exact Keras rewrite of a bound loss call, or say which precondition fails."""
    signature = _signature(site, spec)
    bound_pair = site.bind(signature)
    if not isinstance(bound_pair, tuple):  # caller binds first; defensive
        return Unmappable(bound_pair.message)
    bound, updated = bound_pair
    notes: list[str] = []

    logits = bound.value("logits")
    assert logits is not None
    if isinstance(logits, cst.Call) and any(
        n.startswith("numpy.") for n in site.resolver.names(logits.func)
    ):
        return Unmappable(
            "the logits are a NumPy array (float64 by default); Keras casts to float32"
        )

    weights = bound.value("weights")
    kind = weights_kind(weights)
    reduction: TF1Reduction | Unmappable
    if spec.contrib:
        reduction = TF1Reduction.SUM_BY_NONZERO_WEIGHTS
    else:
        reduction = tf1_reduction(bound.value("reduction"), site.resolver)
    if isinstance(reduction, Unmappable):
        return reduction
    keras = keras_reduction(reduction, kind)
    if isinstance(keras, Unmappable):
        return keras
    if spec.sparse and keras.value == "none" and kind is WeightsKind.OTHER:
        return Unmappable(
            "with reduction NONE, TF1's sparse loss squeezes [batch, 1] weights to [batch] while "
            "Keras 3 returns [batch, 1] losses (weights here: tensor)"
        )
    if keras.value == "sum_over_batch_size" and site.facts.distributed:
        return Unmappable(
            "under a multi-replica tf.distribute strategy Keras 3 divides a sum_over_batch_size "
            f"loss by the number of replicas and TF1 does not ({site.facts.distributed_evidence})"
        )
    if reduction is TF1Reduction.SUM_BY_NONZERO_WEIGHTS and kind is WeightsKind.DEFAULT:
        notes.append("without weights SUM_BY_NONZERO_WEIGHTS equals Keras' sum_over_batch_size")
    else:
        notes.append(f"reduction {reduction.name} -> {keras.value!r}")

    smoothing = bound.value("label_smoothing")
    smoothing_value = literal_number(smoothing)
    if smoothing is not None and smoothing_value is None:
        return Unmappable(
            f"`label_smoothing={code_of(smoothing)}` is not a numeric literal (TF1 applies only "
            "values > 0, Keras any non-zero value)"
        )
    if smoothing_value is not None and smoothing_value < 0:
        return Unmappable("a negative `label_smoothing` is ignored by TF1 but applied by Keras")
    if spec.contrib and smoothing_value:
        return Unmappable(
            "contrib's label smoothing counts classes along axis 1, Keras along the last axis "
            "(different for rank-3 logits)"
        )

    where = collected(site, bound, spec.contrib)
    if isinstance(where, Unmappable):
        return where
    if where is not None and site.statement:
        return Unmappable(
            f"the result is unused (a whole statement, or assigned to `_` or to a local never "
            f"read), so adding the loss to "
            f"{where} is its only effect (read later, e.g. by `get_total_loss()`, maybe in "
            "another file); a Keras loss is not collected"
        )
    if where is not None and site.facts.collections_read:
        return Unmappable(
            f"TF1 adds the loss to {where}, which is read ({site.facts.collections_evidence}); "
            "a Keras loss is not collected"
        )

    for dropped in ("scope", "loss_collection", "reduction", "label_smoothing", "weights"):
        node = bound.value(dropped)
        if node is not None and impure(node):
            return Unmappable(
                f"`{dropped}={code_of(node)}` has effects that the rewrite would change"
            )
    # Module-wide assumptions last: a call's own reason, when it has one, is more telling.
    if site.facts.non_float32:
        return Unmappable(
            "Keras 3 computes the loss in float32 (floatx) while TF1 computes it in the logits' "
            f"dtype, and the logits may not be float32 ({site.facts.dtype_evidence})"
        )
    if site.facts.keras_masks:
        return Unmappable(
            "Keras 3 losses weight by the mask a Keras layer attaches to `y_pred` (padding "
            f"positions count 0) while TF1 losses ignore it ({site.facts.masks_evidence})"
        )
    for param in (spec.labels, "logits", "weights"):
        node = bound.value(param)
        if node is not None and _ref_variable(node, site.facts):
            return Unmappable(
                f"`{code_of(node)}` may be a TF1 ref variable (the module calls "
                f"`{site.facts.ref_evidence}`: resource variables are off), which Keras 3 "
                "rejects as a loss argument (`float32_ref`)"
            )
    if bound.value("scope") is not None:
        notes.append("dropped `scope` (it only names graph ops)")

    # Build the constructor.
    ctor_args = [_kw("from_logits", cst.Name("True"))]
    if smoothing is not None and smoothing_value:
        ctor_args.append(_kw("label_smoothing", updated.value("label_smoothing") or smoothing))
        notes.append("label_smoothing -> constructor")
    if not keras.is_default:
        ctor_args.append(_kw("reduction", cst.SimpleString(f'"{keras.value}"')))
    ctor = cst.Call(func=site.emitter.tf2(f"keras.losses.{spec.keras_class}"), args=ctor_args)

    labels_value = updated.value(spec.labels)
    logits_value = updated.value("logits")
    assert labels_value is not None and logits_value is not None
    original_labels = bound.value(spec.labels)
    assert original_labels is not None
    if not spec.sparse and not site.has_no_gradient(original_labels):
        labels_value = site.emitter.stop_gradient(labels_value)
        notes.append("labels wrapped in `tf.stop_gradient` (TF1 stops their gradient)")
    emitted: list[tuple[str, str, cst.BaseExpression]] = [
        (spec.labels, "y_true", labels_value),
        ("logits", "y_pred", logits_value),
    ]
    if kind is not WeightsKind.DEFAULT:
        weights_value = updated.value("weights")
        assert weights_value is not None
        emitted.append(("weights", "sample_weight", weights_value))
    elif weights is not None:
        notes.append("dropped `weights=1.0` (the default)")
    if where is not None and not site.facts.collections_read:
        notes.append("not added to GraphKeys.LOSSES (nothing in the module reads it)")

    source_order = [p for p in bound.order if p in {e[0] for e in emitted}]
    moved = [e[0] for e in emitted] != source_order
    effects = len([p for p, _, _ in emitted if impure(_required(bound, p))])
    keywords = moved and effects >= 2
    if keywords:
        by_param = {e[0]: e for e in emitted}
        emitted = [by_param[p] for p in source_order]
        notes.append("keyword arguments keep the source's evaluation order")
    args = _assemble(updated, site.updated, emitted, keywords=keywords)
    replacement = site.updated.with_changes(func=ctor, args=args)
    return NativePlan(replacement, tuple(notes))


def _ref_variable(node: cst.BaseExpression, facts: ModuleFacts) -> bool:
    """With resource variables off, ``node`` is a name bound to a variable, or a variable
    constructor call: a TF1 ref variable."""
    if facts.ref_evidence is None:
        return False
    if isinstance(node, cst.Call):
        func = node.func
        leaf = func.attr.value if isinstance(func, cst.Attribute) else getattr(func, "value", None)
        return leaf in VARIABLE_CONSTRUCTORS
    return re.sub(r"\s+", "", code_of(node)) in facts.ref_variables


def _required(bound: BoundCall, param: str) -> cst.BaseExpression:
    value = bound.value(param)
    assert value is not None
    return value


def _signature(site: CallSite, spec: LossSpec) -> Signature:
    if spec.contrib:
        return CONTRIB_SPARSE_SIGNATURE if spec.sparse else CONTRIB_SCE_SIGNATURE
    return CORE_SPARSE_SIGNATURE if spec.sparse else CORE_SCE_SIGNATURE


_NO_SPACE = cst.AssignEqual(
    whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
)


def _kw(name: str, value: cst.BaseExpression) -> cst.Arg:
    return cst.Arg(value=value, keyword=cst.Name(name), equal=_NO_SPACE)


def _assemble(
    updated: BoundCall,
    call: cst.Call,
    emitted: list[tuple[str, str, cst.BaseExpression]],
    *,
    keywords: bool,
) -> list[cst.Arg]:
    """New arguments in the old call's layout (commas, newlines, every comment kept)."""
    return relay(
        call,
        [
            NewArg(
                value,
                keras_name if keywords or keras_name == "sample_weight" else None,
                updated.arguments.get(param),
            )
            for param, keras_name, value in emitted
        ],
    )
