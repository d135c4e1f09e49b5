"""contrib's element-wise losses, predictions (or logits) first (private).

``absolute_difference``, ``mean_squared_error``, ``log_loss`` and ``cosine_distance`` cast their
inputs to float32 and funnel into :func:`tfcompat_losses.weighting.contrib_weighted_mean`;
``hinge_loss`` returns the unreduced losses and records nothing, as contrib did. The formulas are
TF1's (shared with the ``tf.compat.v1.losses`` functions); the gradient flows into the labels.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import tensorflow as tf

from tfcompat_losses._common import check_compatible, in_scope, require, to_float32
from tfcompat_losses.classification import hinge_formula, log_loss_formula
from tfcompat_losses.contrib._legacy import accepts_old_names
from tfcompat_losses.contrib._xent import check_weights_given
from tfcompat_losses.cosine import resolve_axis
from tfcompat_losses.regression import absolute_formula, squared_formula
from tfcompat_losses.weighting import contrib_weighted_mean

__all__ = [
    "absolute_difference",
    "cosine_distance",
    "hinge_loss",
    "log_loss",
    "mean_squared_error",
]

_ARGS = """
    Args:
        predictions: The predicted values; cast to float32.
        labels: The ground truth, the shape of ``predictions``; cast to float32.
        weights: Scalar, ``[batch_size]`` or ``[batch_size, d1, ... dK]`` coefficients.
        scope: Name scope (graph mode).
        weight, targets: (keywords) The names of ``weights`` and ``labels`` before TF 1.0.

    Returns:
        A float32 scalar: the weighted mean over the non-zero weights (contrib's reduction).
"""


def _mean(
    formula: Callable[[tf.Tensor, tf.Tensor], tf.Tensor],
    default_scope: str,
    predictions: Any,
    labels: Any,
    weights: Any,
    scope: str | None,
) -> tf.Tensor:
    require(predictions=predictions, labels=labels)
    check_weights_given(weights)

    def body(_: str) -> tf.Tensor:
        p, y = to_float32(predictions), to_float32(labels)
        check_compatible(y, p, "labels", "predictions")
        return contrib_weighted_mean(formula(p, y), weights)

    return in_scope(scope, default_scope, (predictions, labels, weights), body)


@accepts_old_names(weight="weights", targets="labels")
@tf.autograph.experimental.do_not_convert
def absolute_difference(
    predictions: Any, labels: Any = None, weights: Any = 1.0, scope: str | None = None
) -> tf.Tensor:
    return _mean(absolute_formula, "absolute_difference", predictions, labels, weights, scope)


absolute_difference.__doc__ = (
    "``tf.contrib.losses.absolute_difference`` (TF 1.x): ``|predictions - labels|``.\n" + _ARGS
)


@accepts_old_names(weight="weights", targets="labels")
@tf.autograph.experimental.do_not_convert
def mean_squared_error(
    predictions: Any, labels: Any = None, weights: Any = 1.0, scope: str | None = None
) -> tf.Tensor:
    return _mean(squared_formula, "mean_squared_error", predictions, labels, weights, scope)


mean_squared_error.__doc__ = (
    "``tf.contrib.losses.mean_squared_error`` (TF 1.x): ``(predictions - labels)**2``.\n" + _ARGS
)


@accepts_old_names(weight="weights", targets="labels")
@tf.autograph.experimental.do_not_convert
def log_loss(
    predictions: Any,
    labels: Any = None,
    weights: Any = 1.0,
    epsilon: Any = 1e-7,
    scope: str | None = None,
) -> tf.Tensor:
    return _mean(log_loss_formula(epsilon), "log_loss", predictions, labels, weights, scope)


log_loss.__doc__ = (
    "``tf.contrib.losses.log_loss`` (TF 1.x): ``-y log(p + epsilon) - (1 - y) log(1 - p + "
    "epsilon)``.\n" + _ARGS
)


@accepts_old_names(weight="weights", targets="labels")
@tf.autograph.experimental.do_not_convert
def cosine_distance(
    predictions: Any,
    labels: Any = None,
    axis: Any = None,
    weights: Any = 1.0,
    scope: str | None = None,
    dim: Any = None,
) -> tf.Tensor:
    axis = resolve_axis(axis, dim)

    def formula(p: tf.Tensor, y: tf.Tensor) -> tf.Tensor:
        return 1 - tf.reduce_sum(tf.multiply(p, y), axis=[axis])  # contrib keeps no dimension

    return _mean(formula, "cosine_distance_loss", predictions, labels, weights, scope)


cosine_distance.__doc__ = (
    "``tf.contrib.losses.cosine_distance`` (TF 1.x): ``1 - sum(predictions * labels, axis)`` "
    "on unit-normalised inputs; ``dim`` is the deprecated name of ``axis`` (one is required). "
    "Unlike ``tf.compat.v1.losses.cosine_distance`` the axis is not kept, so ``[batch_size]`` "
    "weights scale whole examples.\n" + _ARGS
)


@accepts_old_names(target="labels")
@tf.autograph.experimental.do_not_convert
def hinge_loss(logits: Any, labels: Any = None, scope: str | None = None) -> tf.Tensor:
    """``tf.contrib.losses.hinge_loss`` (TF 1.x): the unreduced hinge losses, logits first.

    Labels in {0, 1} become {-1, 1}; the result is ``relu(1 - label * logit)``, float32, of the
    logits' shape. Nothing is reduced or added to a collection, as in contrib.

    Args:
        logits: float32 logits (contrib does not cast them).
        labels: Labels in {0, 1}, the shape of ``logits``; cast to float32.
        scope: Name scope (graph mode; default ``hinge_loss``).
        target: (keyword) The name of ``labels`` before TF 1.0.

    Raises:
        ValueError: ``logits`` or ``labels`` is None, or their shapes are incompatible.
    """
    require(logits=logits, labels=labels)

    def body(_: str) -> tf.Tensor:
        x = logits if isinstance(logits, tf.Tensor) else tf.convert_to_tensor(logits)
        y = to_float32(labels)
        check_compatible(y, x, "labels")
        return hinge_formula(x, y)

    return in_scope(scope, "hinge_loss", (logits, labels), body)
