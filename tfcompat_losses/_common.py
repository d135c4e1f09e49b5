"""Argument checks and the graph-mode name scope shared by every loss family (private).

Errors name the argument, what was expected and what was received, and have the type TF1 raises
(``ValueError`` for missing arguments and statically incompatible shapes).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import tensorflow as tf

__all__ = [
    "LogitsDtypeError",
    "as_float_logits",
    "check_compatible",
    "in_scope",
    "none_error",
    "require",
    "to_float32",
]

_F32 = tf.float32


def none_error(argument: str, expected: str) -> ValueError:
    return ValueError(
        f"Invalid value for argument `{argument}`. Expected {expected}. Received: {argument}=None"
    )


def require(**arguments: Any) -> None:
    """Raises TF1's ``ValueError`` for the first argument that is None (in the order given)."""
    for argument, value in arguments.items():
        if value is None:
            raise none_error(argument, "a tensor")


class LogitsDtypeError(TypeError, tf.errors.InvalidArgumentError):
    """Non-floating-point logits.

    TF1 raises ``TypeError`` for them in a graph and ``tf.errors.InvalidArgumentError`` eagerly:
    this error is both, so an ``except`` clause written for either keeps working.
    """

    def __init__(self, message: str) -> None:
        tf.errors.InvalidArgumentError.__init__(self, None, None, message)
        TypeError.__init__(self, message)


def as_float_logits(logits: Any) -> tf.Tensor:
    """Converts ``logits`` to a tensor and checks it is floating point."""
    if not isinstance(logits, tf.Tensor):
        logits = tf.convert_to_tensor(logits)
    if not logits.dtype.is_floating:
        raise LogitsDtypeError(
            "Invalid dtype for argument `logits`. Expected float16, bfloat16, float32 or float64. "
            f"Received: logits.dtype={logits.dtype.name}"
        )
    return logits


def to_float32(x: Any) -> tf.Tensor:
    """TF1's ``math_ops.cast(x, tf.float32)`` (a float32 tensor is returned as it is)."""
    if isinstance(x, tf.Tensor) and x.dtype == _F32:
        return x
    return tf.cast(x, _F32)


def check_compatible(
    labels: tf.Tensor, other: tf.Tensor, argument: str, other_name: str = "logits"
) -> None:
    """TF1's ``assert_is_compatible_with``: a ``ValueError`` naming both shapes."""
    if not other.shape.is_compatible_with(labels.shape):
        raise ValueError(
            f"Invalid value for argument `{argument}`: Shapes {other.shape} and {labels.shape} are "
            f"incompatible. Expected `{argument}` to have the shape of `{other_name}`. Received: "
            f"{argument}.shape={labels.shape}, {other_name}.shape={other.shape}"
        )


def in_scope(
    scope: str | None, default_name: str, values: Any, body: Callable[[str], tf.Tensor]
) -> tf.Tensor:
    """Runs ``body(scope_name)`` inside TF1's name scope in a graph; eagerly without one."""
    if tf.executing_eagerly():
        return body(scope or default_name)
    with tf.compat.v1.name_scope(scope, default_name, values) as name:
        return body(name)
