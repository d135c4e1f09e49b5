"""TF1's ``tf.nn`` cross-entropies: softmax (v1 and v2), sigmoid and weighted sigmoid.

The v1 softmax function stops the gradient into ``labels`` (TF1's
``tf.nn.softmax_cross_entropy_with_logits`` and ``tf.compat.v1.nn.softmax_cross_entropy_with_logits``);
``_v2`` lets it flow into both inputs (TF2's ``tf.nn.softmax_cross_entropy_with_logits``). The
sigmoid functions let it flow into the labels, as TF1's do; ``weighted_cross_entropy_with_logits``
keeps TF1's signature (``pos_weight`` optional by position, ``targets`` the deprecated name of
``labels``), which TF2 changed. All return the unreduced loss in the logits' dtype. Keras' losses
reduce (and average over the last axis).
"""

from __future__ import annotations

from typing import Any

import tensorflow as tf

from tfcompat_losses._xent import sigmoid_xent, softmax_xent

__all__ = [
    "sigmoid_cross_entropy_with_logits",
    "softmax_cross_entropy_with_logits",
    "softmax_cross_entropy_with_logits_v2",
    "weighted_cross_entropy_with_logits",
]


def _axis(axis: Any, dim: Any, default_dim: Any) -> int:
    if axis is not None and dim is not None and dim != default_dim and dim != axis:
        raise ValueError(
            "Invalid value for argument `axis`: cannot specify both 'dim' and 'axis' (`dim` is "
            f"the deprecated name of `axis`). Received: dim={dim}, axis={axis}"
        )
    chosen = axis if axis is not None else dim
    return -1 if chosen is None else chosen


def _check(labels: Any, logits: Any, fn: str) -> None:
    if labels is None or logits is None:
        raise ValueError(
            f"Both `labels` and `logits` must be provided for {fn}. Received: "
            f"labels={labels} and logits={logits}"
        )


def _convert(labels: Any, logits: Any) -> tuple[tf.Tensor, tf.Tensor]:
    if not isinstance(logits, tf.Tensor):
        logits = tf.convert_to_tensor(logits)
    if not isinstance(labels, tf.Tensor):
        labels = tf.convert_to_tensor(labels)
    # No cast to the logits' dtype here: TF casts the labels straight to the compute dtype (float32
    # for float16/bfloat16 logits), which ``softmax_xent`` does.
    return labels, logits


@tf.autograph.experimental.do_not_convert
def softmax_cross_entropy_with_logits(
    labels: Any = None,
    logits: Any = None,
    dim: int = -1,
    name: str | None = None,
    axis: int | None = None,
) -> tf.Tensor:
    """TF1's ``tf.nn.softmax_cross_entropy_with_logits`` (v1): no gradient into ``labels``.

    Args:
        labels: Probability distributions along the class axis (cast to the logits' dtype).
        logits: Unscaled log probabilities.
        dim: The class dimension (deprecated name of ``axis``).
        name: Name of the operation (graph mode).
        axis: The class dimension; overrides ``dim``.

    Returns:
        Per-example loss, the logits' dtype and shape without the class dimension.

    Raises:
        ValueError: ``labels`` or ``logits`` is missing, or ``dim`` and ``axis`` disagree.

    Difference from TF1: TF1 raises when ``axis`` is passed while ``dim`` keeps its default; here
    ``axis`` simply wins (any other explicit, different ``dim`` is still an error).
    """
    _check(labels, logits, "softmax_cross_entropy_with_logits")
    class_axis = _axis(axis, dim, -1)
    if tf.executing_eagerly():
        labels, logits = _convert(labels, logits)
        return softmax_xent(tf.stop_gradient(labels), logits, axis=class_axis)
    with tf.compat.v1.name_scope(name, "softmax_cross_entropy_with_logits_sg", (logits, labels)):
        labels, logits = _convert(labels, logits)
        labels = tf.stop_gradient(labels, name="labels_stop_gradient")
        return softmax_xent(labels, logits, axis=class_axis, name=name)


@tf.autograph.experimental.do_not_convert
def softmax_cross_entropy_with_logits_v2(
    labels: Any,
    logits: Any,
    axis: int | None = None,
    name: str | None = None,
    dim: int | None = None,
) -> tf.Tensor:
    """``tf.compat.v1.nn.softmax_cross_entropy_with_logits_v2``: gradients into both inputs.

    Args:
        labels: Probability distributions along the class axis (cast to the logits' dtype).
        logits: Unscaled log probabilities.
        axis: The class dimension (default -1).
        name: Name of the operation (graph mode).
        dim: Deprecated alias of ``axis``.

    Returns:
        Per-example loss, the logits' dtype and shape without the class dimension.
    """
    _check(labels, logits, "softmax_cross_entropy_with_logits_v2")
    class_axis = _axis(axis, dim, None)
    labels, logits = _convert(labels, logits)
    return softmax_xent(labels, logits, axis=class_axis, name=name)


@tf.autograph.experimental.do_not_convert
def sigmoid_cross_entropy_with_logits(
    labels: Any = None,
    logits: Any = None,
    name: str | None = None,
) -> tf.Tensor:
    """``tf.compat.v1.nn.sigmoid_cross_entropy_with_logits``: element-wise logistic loss.

    ``max(x, 0) - x * z + log(1 + exp(-abs(x)))`` for ``x = logits``, ``z = labels``, computed in
    the logits' dtype with TF's ops (the gradient flows into both inputs, as in TF1).

    Args:
        labels: Values in [0, 1], the dtype and shape of ``logits`` (not cast, as in TF).
        logits: Floating-point logits.
        name: Name of the operation (graph mode; default scope ``logistic_loss``).

    Returns:
        The element-wise losses, the logits' dtype and shape.

    Raises:
        ValueError: ``labels`` or ``logits`` is missing, or their shapes differ.

    TF 1.x's signature began with ``_sentinel`` to refuse positional calls; TF 2.21's
    ``tf.compat.v1`` (this signature) accepts ``(labels, logits)`` by position. Unlike Keras'
    ``BinaryCrossentropy(from_logits=True)``: unreduced, no mean over the last axis.

    >>> [round(float(v), 4) for v in sigmoid_cross_entropy_with_logits([1.0, 0.0], [0.0, 0.0])]
    [0.6931, 0.6931]
    """
    _check(labels, logits, "sigmoid_cross_entropy_with_logits")
    if not tf.executing_eagerly():
        return tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=logits, name=name)
    labels, logits = _convert(labels, logits)
    return sigmoid_xent(labels, logits)


@tf.autograph.experimental.do_not_convert
def weighted_cross_entropy_with_logits(
    labels: Any = None,
    logits: Any = None,
    pos_weight: Any = None,
    name: str | None = None,
    targets: Any = None,
) -> tf.Tensor:
    """``tf.compat.v1.nn.weighted_cross_entropy_with_logits``: logistic loss, positives weighted.

    ``(1 - z) * x + (1 + (q - 1) * z) * (log(1 + exp(-abs(x))) + max(-x, 0))`` for ``x = logits``,
    ``z = labels`` and ``q = pos_weight``, computed by TF's own ops (TF2's function).

    Args:
        labels: Values in [0, 1], the dtype and shape of ``logits``.
        logits: Floating-point logits.
        pos_weight: Coefficient of the positive examples' term (required, although TF1's signature
            gives it a default of None).
        name: Name of the operation (graph mode; default scope ``logistic_loss``).
        targets: The deprecated (TF 1.x) name of ``labels``; TF2's function calls it ``labels``.

    Returns:
        The element-wise weighted losses, the logits' dtype and shape.

    Raises:
        ValueError: ``labels`` (or ``targets``) or ``logits`` is missing, both ``labels`` and
            ``targets`` are given, or the shapes differ.
        TypeError: ``pos_weight`` is missing (TF1 fails with a ``TypeError`` too).

    >>> round(float(weighted_cross_entropy_with_logits([1.0], [0.0], 2.0)[0]), 4)  # 2 * log(2)
    1.3863
    """
    if targets is not None:
        if labels is not None:
            raise ValueError(
                "Invalid value for argument `targets`: Cannot specify both 'targets' and 'labels' "
                "(`targets` is the deprecated name of `labels`). Received: both"
            )
        labels = targets
    _check(labels, logits, "weighted_cross_entropy_with_logits")
    if pos_weight is None:
        raise TypeError(
            "Invalid value for argument `pos_weight`. Expected a number or a tensor (the "
            "coefficient of the positive examples). Received: pos_weight=None"
        )
    return tf.nn.weighted_cross_entropy_with_logits(labels, logits, pos_weight, name=name)
