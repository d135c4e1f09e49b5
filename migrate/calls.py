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
    "CONTRIB_SPARSE_SIGNATURE",
    "CORE_SCE_SIGNATURE",
    "CORE_SPARSE_SIGNATURE",
    "NN_V1_SIGNATURE",
    "NN_V2_SIGNATURE",
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
