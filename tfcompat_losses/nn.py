"""``tf.nn.softmax_cross_entropy_with_logits`` in its TF1 (v1) and v2 forms.

The v1 function stops the gradient into ``labels`` (TF1's ``tf.nn.softmax_cross_entropy_with_logits``
and ``tf.compat.v1.nn.softmax_cross_entropy_with_logits``); ``_v2`` lets it flow into both inputs
(TF2's ``tf.nn.softmax_cross_entropy_with_logits``). Both return the unreduced per-example loss in
the logits' dtype. Keras' ``CategoricalCrossentropy(from_logits=True)`` reduces, and lets gradients
into the labels.
"""

from __future__ import annotations

from typing import Any

import tensorflow as tf

from tfcompat_losses._xent import softmax_xent

__all__ = ["softmax_cross_entropy_with_logits", "softmax_cross_entropy_with_logits_v2"]


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
