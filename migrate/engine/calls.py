"""Bind a call's arguments to the *source* API's signature before anything is rewritten.

Core TF1 losses take ``onehot_labels`` first, ``tf.contrib``/slim losses take ``logits``
first: positional arguments only mean something once bound to the right signature.
``*args``/``**kwargs`` cannot be bound statically and are reported, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

__all__ = [
    "CONTRIB_SCE_SIGNATURE",
    "CONTRIB_SIGNATURES",
    "CONTRIB_SPARSE_SIGNATURE",
    "CORE_SCE_SIGNATURE",
    "CORE_SIGNATURES",
    "CORE_SPARSE_SIGNATURE",
    "NN_SIGMOID_SIGNATURE",
    "NN_V1_SIGNATURE",
    "NN_V2_SIGNATURE",
    "NN_WEIGHTED_SIGNATURE",
    "BindError",
    "BoundCall",
    "Signature",
    "bind",
]


@dataclass(frozen=True)
class Signature:
    """Parameter names in positional order; ``required`` ones have no default."""

    name: str
    params: tuple[str, ...]
    required: frozenset[str] = frozenset()
    sentinel: str | None = None
    """TF 1.x's keyword-only ``_sentinel`` guard: bound only as ``_sentinel=None`` (TF1 raises
    for any other value), never positionally (TF 2.21's ``tf.compat.v1`` dropped it)."""
    aliases: tuple[tuple[str, str], ...] = ()
    """Deprecated keyword names and the parameter they mean (contrib's TF 0.x ``weight``)."""


CORE_SCE_SIGNATURE = Signature(
    "tf.compat.v1.losses.softmax_cross_entropy",
    (
        "onehot_labels",
        "logits",
        "weights",
        "label_smoothing",
        "scope",
        "loss_collection",
        "reduction",
    ),
    frozenset({"onehot_labels", "logits"}),
)
CORE_SPARSE_SIGNATURE = Signature(
    "tf.compat.v1.losses.sparse_softmax_cross_entropy",
    ("labels", "logits", "weights", "scope", "loss_collection", "reduction"),
    frozenset({"labels", "logits"}),
)
CONTRIB_SCE_SIGNATURE = Signature(
    "tf.contrib.losses.softmax_cross_entropy",
    ("logits", "onehot_labels", "weights", "label_smoothing", "scope"),
    frozenset({"logits", "onehot_labels"}),
    aliases=(("weight", "weights"),),
)
"""TF 1.x's signature; TF 0.12 also took ``weight=`` for ``weights`` (so does the shim)."""
CONTRIB_SPARSE_SIGNATURE = Signature(
    "tf.contrib.losses.sparse_softmax_cross_entropy",
    ("logits", "labels", "weights", "scope"),
    frozenset({"logits", "labels"}),
    aliases=(("weight", "weights"),),
)
NN_V1_SIGNATURE = Signature(
    "tf.compat.v1.nn.softmax_cross_entropy_with_logits",
    ("labels", "logits", "dim", "name", "axis"),
    frozenset({"labels", "logits"}),
    sentinel="_sentinel",
)
"""As shipped in TF 2.21's ``tf.compat.v1``, plus TF 1.x's leading ``_sentinel=None`` keyword."""
NN_V2_SIGNATURE = Signature(
    "tf.compat.v1.nn.softmax_cross_entropy_with_logits_v2",
    ("labels", "logits", "axis", "name", "dim"),
    frozenset({"labels", "logits"}),
    sentinel="_sentinel",
)
"""As shipped in TF 2.21's ``tf.compat.v1``, plus the ``_sentinel=None`` keyword of early TF 1.x."""


@dataclass(frozen=True)
class BindError:
    """Why a call cannot be bound; ``message`` names the argument."""

    message: str


@dataclass(frozen=True)
class BoundCall:
    """A call's arguments by parameter name, in source order."""

    signature: Signature
    arguments: dict[str, cst.Arg]
    order: tuple[str, ...]
    """Parameter names in the order their arguments appear in the source."""
    positional: frozenset[str]
    """Parameters that were passed positionally."""

    def value(self, param: str) -> cst.BaseExpression | None:
        arg = self.arguments.get(param)
        return None if arg is None else arg.value

    def __contains__(self, param: str) -> bool:
        return param in self.arguments


def bind(call: cst.Call, signature: Signature) -> BoundCall | BindError:
    """Bind ``call``'s arguments to ``signature`` as Python would, or say why not."""
    arguments: dict[str, cst.Arg] = {}
    order: list[str] = []
    positional: set[str] = set()
    index = 0
    for arg in call.args:
        if arg.star == "*":
            return BindError(
                f"cannot bind `*{_code(arg.value)}` to `{signature.name}`: "
                "positional arguments unknown until run time"
            )
        if arg.star == "**":
            return BindError(
                f"cannot bind `**{_code(arg.value)}` to `{signature.name}`: "
                "keyword arguments unknown until run time"
            )
        if arg.keyword is None:
            if index >= len(signature.params):
                return BindError(
                    f"`{signature.name}` takes at most {len(signature.params)} positional "
                    f"arguments. Received: {index + 1}"
                )
            name = signature.params[index]
            index += 1
            positional.add(name)
        else:
            name = arg.keyword.value
            if name == signature.sentinel:
                if not (isinstance(arg.value, cst.Name) and arg.value.value == "None"):
                    return BindError(
                        f"Invalid value for argument `{name}` of `{signature.name}`. Expected: "
                        f"None (TF1 raises for any other value). Received: {name}={_code(arg.value)}"
                    )
            elif name in dict(signature.aliases):
                name = dict(signature.aliases)[name]
            elif name not in signature.params:
                return BindError(
                    f"Invalid keyword argument `{name}` for `{signature.name}`. "
                    f"Expected one of {signature.params}"
                )
            if name in arguments:
                return BindError(f"`{signature.name}` got multiple values for argument `{name}`")
        arguments[name] = arg
        order.append(name)
    if signature.sentinel in arguments and positional:
        return BindError(
            f"`{signature.name}` got multiple values for argument `{signature.sentinel}`: "
            "TF 1.x binds the first positional argument to it"
        )
    missing = sorted(signature.required - arguments.keys())
    if missing:
        return BindError(f"`{signature.name}` is missing required argument(s): {missing}")
    return BoundCall(signature, arguments, tuple(order), frozenset(positional))


def _code(node: cst.BaseExpression) -> str:
    return cst.Module(body=[]).code_for_node(node)


_CORE_TAIL = ("scope", "loss_collection", "reduction")
_CONTRIB_ALIASES = (("weight", "weights"), ("targets", "labels"), ("target", "labels"))
"""TF 0.12's contrib keywords: ``weight`` for ``weights``, ``targets``/``target`` for ``labels``."""


def _core(name: str, *params: str, required: tuple[str, ...] = ()) -> Signature:
    head = tuple(p for p in params)
    return Signature(f"tf.compat.v1.losses.{name}", (*head, *_CORE_TAIL), frozenset(required))


def _contrib(name: str, *params: str, required: tuple[str, ...] = ()) -> Signature:
    return Signature(
        f"tf.contrib.losses.{name}", params, frozenset(required), aliases=_CONTRIB_ALIASES
    )


CORE_SIGNATURES: dict[str, Signature] = {
    "absolute_difference": _core(
        "absolute_difference",
        "labels",
        "predictions",
        "weights",
        required=("labels", "predictions"),
    ),
    "mean_squared_error": _core(
        "mean_squared_error", "labels", "predictions", "weights", required=("labels", "predictions")
    ),
    "huber_loss": Signature(
        "tf.compat.v1.losses.huber_loss",
        ("labels", "predictions", "weights", "delta", *_CORE_TAIL),
        frozenset({"labels", "predictions"}),
    ),
    "log_loss": Signature(
        "tf.compat.v1.losses.log_loss",
        ("labels", "predictions", "weights", "epsilon", *_CORE_TAIL),
        frozenset({"labels", "predictions"}),
    ),
    "hinge_loss": _core("hinge_loss", "labels", "logits", "weights", required=("labels", "logits")),
    "cosine_distance": Signature(
        "tf.compat.v1.losses.cosine_distance",
        ("labels", "predictions", "axis", "weights", *_CORE_TAIL, "dim"),
        frozenset({"labels", "predictions"}),
    ),
    "mean_pairwise_squared_error": Signature(
        "tf.compat.v1.losses.mean_pairwise_squared_error",
        ("labels", "predictions", "weights", "scope", "loss_collection"),
        frozenset({"labels", "predictions"}),
    ),
    "sigmoid_cross_entropy": Signature(
        "tf.compat.v1.losses.sigmoid_cross_entropy",
        ("multi_class_labels", "logits", "weights", "label_smoothing", *_CORE_TAIL),
        frozenset({"multi_class_labels", "logits"}),
    ),
    "compute_weighted_loss": _core(
        "compute_weighted_loss", "losses", "weights", required=("losses",)
    ),
}
"""``tf.compat.v1.losses`` signatures as TF 2.21 ships them (labels first)."""

CONTRIB_SIGNATURES: dict[str, Signature] = {
    "absolute_difference": _contrib(
        "absolute_difference",
        "predictions",
        "labels",
        "weights",
        "scope",
        required=("predictions", "labels"),
    ),
    "mean_squared_error": _contrib(
        "mean_squared_error",
        "predictions",
        "labels",
        "weights",
        "scope",
        required=("predictions", "labels"),
    ),
    "log_loss": _contrib(
        "log_loss",
        "predictions",
        "labels",
        "weights",
        "epsilon",
        "scope",
        required=("predictions", "labels"),
    ),
    "hinge_loss": _contrib(
        "hinge_loss", "logits", "labels", "scope", required=("logits", "labels")
    ),
    "cosine_distance": _contrib(
        "cosine_distance",
        "predictions",
        "labels",
        "axis",
        "weights",
        "scope",
        "dim",
        required=("predictions", "labels"),
    ),
    "mean_pairwise_squared_error": _contrib(
        "mean_pairwise_squared_error",
        "predictions",
        "labels",
        "weights",
        "scope",
        required=("predictions", "labels"),
    ),
    "sigmoid_cross_entropy": _contrib(
        "sigmoid_cross_entropy",
        "logits",
        "multi_class_labels",
        "weights",
        "label_smoothing",
        "scope",
        required=("logits", "multi_class_labels"),
    ),
    "compute_weighted_loss": _contrib(
        "compute_weighted_loss", "losses", "weights", "scope", required=("losses",)
    ),
}
"""``tf.contrib.losses`` signatures of TF 1.x (predictions or logits first)."""

NN_SIGMOID_SIGNATURE = Signature(
    "tf.nn.sigmoid_cross_entropy_with_logits",
    ("labels", "logits", "name"),
    frozenset({"labels", "logits"}),
    sentinel="_sentinel",
    aliases=(("targets", "labels"),),
)
"""TF 1.x's, with TF 0.x's ``targets=`` (its ``(logits, targets)`` order is never read from
positions: TF 1.x rejected positional calls)."""
NN_WEIGHTED_SIGNATURE = Signature(
    "tf.compat.v1.nn.weighted_cross_entropy_with_logits",
    ("labels", "logits", "pos_weight", "name"),
    frozenset({"logits", "pos_weight"}),
    aliases=(("targets", "labels"),),
)
"""TF1 named the labels ``targets`` (positionally first, as TF2's ``labels``)."""
