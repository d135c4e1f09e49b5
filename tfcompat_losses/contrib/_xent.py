"""contrib's cross-entropies: softmax, sparse softmax and sigmoid, logits first (private).

They funnel into :func:`tfcompat_losses.weighting.contrib_weighted_mean`, contrib's own
``compute_weighted_loss`` (always the mean over the non-zero weights).
"""

from __future__ import annotations

from typing import Any

import tensorflow as tf

from tfcompat_losses._common import as_float_logits, check_compatible, in_scope, require
from tfcompat_losses._errors import ShapeError
from tfcompat_losses._xent import softmax_xent, sparse_xent
from tfcompat_losses.contrib._legacy import accepts_old_names
from tfcompat_losses.sigmoid import smoothed_sigmoid_loss
from tfcompat_losses.softmax import smooth_and_stop
from tfcompat_losses.weighting import contrib_weighted_mean

__all__ = ["sigmoid_cross_entropy", "softmax_cross_entropy", "sparse_softmax_cross_entropy"]


def check_weights_given(weights: Any) -> None:
    if weights is None:
        raise ValueError(
            "Invalid value for argument `weights`. Expected a number or a tensor of shape [], "
            "[batch_size] or [batch_size, d1, ... dK]. Received: weights=None"
        )


@accepts_old_names(weight="weights")
@tf.autograph.experimental.do_not_convert
def softmax_cross_entropy(
    logits: Any,
    onehot_labels: Any,
    weights: Any = 1.0,
    label_smoothing: Any = 0,
    scope: str | None = None,
) -> tf.Tensor:
    """``tf.contrib.losses.softmax_cross_entropy`` (TF 1.x): logits first, mean over non-zero weights.

    Args:
        logits: ``[batch_size, num_classes]`` logits.
        onehot_labels: ``[batch_size, num_classes]`` one-hot labels (cast to the logits' dtype).
        weights: Scalar, ``[batch_size]`` or ``[batch_size, 1]`` coefficients.
        label_smoothing: Smooth the labels towards ``1 / num_classes`` when greater than 0.
        scope: Name scope (graph mode; default ``softmax_cross_entropy_loss``).
        weight: (keyword) The name of ``weights`` before TF 1.0; pass one of the two.

    Returns:
        Scalar mean loss of the logits' dtype. No gradient flows into the labels (contrib used
        TF1's ``tf.nn.softmax_cross_entropy_with_logits``, which stops it).

    Raises:
        ValueError: ``weights`` (or labels/logits) is None, both ``weights`` and ``weight`` are
            given, or the shapes are incompatible.
    """
    require(logits=logits, onehot_labels=onehot_labels)
    check_weights_given(weights)

    def body(_: str) -> tf.Tensor:
        x = as_float_logits(logits)
        if isinstance(onehot_labels, tf.Tensor) and onehot_labels.dtype == x.dtype:
            labels = onehot_labels
        else:
            labels = tf.cast(onehot_labels, x.dtype)
        check_compatible(labels, x, "onehot_labels")
        labels = smooth_and_stop(labels, x, label_smoothing, class_axis=1)
        return contrib_weighted_mean(softmax_xent(labels, x, name="xentropy"), weights)

    return in_scope(scope, "softmax_cross_entropy_loss", (logits, onehot_labels), body)


@accepts_old_names(weight="weights")
@tf.autograph.experimental.do_not_convert
def sparse_softmax_cross_entropy(
    logits: Any,
    labels: Any,
    weights: Any = 1.0,
    scope: str | None = None,
) -> tf.Tensor:
    """``tf.contrib.losses.sparse_softmax_cross_entropy`` (TF 1.x): logits first.

    Args:
        logits: ``[batch_size, num_classes]`` logits.
        labels: ``[batch_size]`` or ``[batch_size, 1]`` int32/int64 class ids.
        weights: Scalar, ``[batch_size]`` or ``[batch_size, 1]`` coefficients.
        scope: Name scope (graph mode; default ``sparse_softmax_cross_entropy_loss``).
        weight: (keyword) The name of ``weights`` before TF 1.0; pass one of the two.

    Returns:
        Scalar mean loss of the logits' dtype.
    """
    require(logits=logits, labels=labels)
    check_weights_given(weights)

    def body(_: str) -> tf.Tensor:
        x = as_float_logits(logits)
        ids = labels if isinstance(labels, tf.Tensor) else tf.convert_to_tensor(labels)
        if ids.shape.rank != 1:
            l_shape = ids.shape
            if l_shape.rank and l_shape.is_fully_defined() and l_shape.num_elements() != l_shape[0]:
                # contrib's reshape to [batch_size] fails: ValueError in a graph, the kernel's
                # InvalidArgumentError eagerly.
                raise ShapeError(
                    "Invalid value for argument `labels`. Expected shape [batch_size] or "
                    f"[batch_size, 1]: cannot reshape a tensor with {l_shape.num_elements()} "
                    f"elements to shape [{l_shape[0]}]. Received: labels.shape={l_shape}"
                )
            ids = tf.reshape(ids, [tf.shape(ids)[0]])
        return contrib_weighted_mean(sparse_xent(ids, x, name="xentropy"), weights)

    return in_scope(scope, "sparse_softmax_cross_entropy_loss", (logits, labels), body)


@accepts_old_names(weight="weights")
@tf.autograph.experimental.do_not_convert
def sigmoid_cross_entropy(
    logits: Any,
    multi_class_labels: Any,
    weights: Any = 1.0,
    label_smoothing: Any = 0,
    scope: str | None = None,
) -> tf.Tensor:
    """``tf.contrib.losses.sigmoid_cross_entropy`` (TF 1.x): logits first, mean over non-zero weights.

    With ``label_smoothing > 0`` the labels become
    ``multi_class_labels * (1 - label_smoothing) + 0.5 * label_smoothing``.

    Args:
        logits: ``[batch_size, num_classes]`` logits.
        multi_class_labels: ``[batch_size, num_classes]`` labels in [0, 1] (cast to the logits'
            dtype).
        weights: Scalar, ``[batch_size]`` or ``[batch_size, num_classes]`` coefficients.
        label_smoothing: Smooth the labels towards 1/2 when greater than 0.
        scope: Name scope (graph mode; default ``sigmoid_cross_entropy_loss``).
        weight: (keyword) The name of ``weights`` before TF 1.0; pass one of the two.

    Returns:
        Scalar mean loss of the logits' dtype; the gradient flows into the labels, as in contrib.

    Raises:
        ValueError: An argument is None, both ``weights`` and ``weight`` are given, or the shapes
            are incompatible.
    """
    require(logits=logits, multi_class_labels=multi_class_labels)
    check_weights_given(weights)

    def body(_: str) -> tf.Tensor:
        losses = smoothed_sigmoid_loss(multi_class_labels, logits, label_smoothing)
        return contrib_weighted_mean(losses, weights)

    return in_scope(
        scope, "sigmoid_cross_entropy_loss", (logits, multi_class_labels, weights), body
    )
