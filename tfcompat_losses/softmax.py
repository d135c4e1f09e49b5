"""``softmax_cross_entropy`` and ``sparse_softmax_cross_entropy`` with TF1's exact semantics.

Drop-in replacements for ``tf.compat.v1.losses.softmax_cross_entropy`` and
``tf.compat.v1.losses.sparse_softmax_cross_entropy``: same signatures and defaults, same numbers
(bit for bit), same exception types, same graph collections and name scopes. Unlike
``tf.keras.losses.CategoricalCrossentropy(from_logits=True)``: the default reduction divides by the
number of non-zero weights (Keras: by the batch size), no gradient flows into the labels, the
reduction runs in float32 whatever the logits' dtype, weights follow TF1's broadcasting rule, and
the loss is added to a loss collection.
"""

from __future__ import annotations

from typing import Any

import tensorflow as tf

from tfcompat_losses._common import as_float_logits, check_compatible, none_error
from tfcompat_losses._errors import ShapeError
from tfcompat_losses._xent import softmax_xent, sparse_xent
from tfcompat_losses.collections import LOSSES
from tfcompat_losses.reduction import Reduction
from tfcompat_losses.weighting import weighted_loss

__all__ = ["softmax_cross_entropy", "sparse_softmax_cross_entropy"]


def smooth_and_stop(
    labels: tf.Tensor, logits: tf.Tensor, label_smoothing: Any, class_axis: int = -1
) -> tf.Tensor:
    """TF1's label smoothing (in the logits' dtype), then ``stop_gradient`` on the labels."""
    if label_smoothing > 0:
        num_classes = tf.cast(tf.shape(labels)[class_axis], logits.dtype)
        smooth_positives = 1.0 - label_smoothing
        smooth_negatives = label_smoothing / num_classes
        labels = labels * smooth_positives + smooth_negatives
    if tf.executing_eagerly():
        return tf.raw_ops.StopGradient(input=labels)
    return tf.stop_gradient(labels, name="labels_stop_gradient")


@tf.autograph.experimental.do_not_convert
def softmax_cross_entropy(
    onehot_labels: Any,
    logits: Any,
    weights: Any = 1.0,
    label_smoothing: Any = 0,
    scope: str | None = None,
    loss_collection: str | None = LOSSES,
    reduction: str = Reduction.SUM_BY_NONZERO_WEIGHTS,
) -> tf.Tensor:
    """Softmax cross-entropy, exactly as ``tf.compat.v1.losses.softmax_cross_entropy``.

    With ``label_smoothing > 0`` the labels become
    ``onehot_labels * (1 - label_smoothing) + label_smoothing / num_classes``.

    Args:
        onehot_labels: One-hot (or soft) labels, the shape of ``logits``; cast to its dtype.
        logits: Floating-point logits ``[batch_size, num_classes]`` (or ``[d0, ..., num_classes]``).
        weights: Python number, or tensor broadcastable to the per-example loss by TF1's rule.
        label_smoothing: Smooth the labels towards ``1 / num_classes`` when greater than 0.
        scope: Name scope of the ops (graph mode; default ``softmax_cross_entropy_loss``).
        loss_collection: Collection the loss is added to (see ``compute_weighted_loss``).
        reduction: A :class:`Reduction` key; TF1's default divides by the non-zero weight count.

    Returns:
        Loss of the logits' dtype: shape ``[batch_size]`` with ``Reduction.NONE``, else scalar.

    Raises:
        ValueError: ``onehot_labels``, ``logits`` or ``weights`` is None, the shapes of labels and
            logits are incompatible, ``weights`` is not broadcastable, or ``reduction`` is unknown.
        TypeError: ``logits`` is not floating point.

    >>> import tensorflow as tf
    >>> loss = softmax_cross_entropy([[0.0, 1.0], [1.0, 0.0]], [[0.0, 0.0], [0.0, 0.0]],
    ...                              weights=[1.0, 0.0])
    >>> round(float(loss), 4)  # divided by 1 non-zero weight, not by the batch size 2
    0.6931
    """
    if onehot_labels is None:
        raise none_error("onehot_labels", "one-hot labels of the shape of `logits`")
    if logits is None:
        raise none_error("logits", "floating-point logits")
    Reduction.validate(reduction)
    if tf.executing_eagerly():
        return _softmax(
            onehot_labels,
            logits,
            weights,
            label_smoothing,
            loss_collection,
            reduction,
            scope or "softmax_cross_entropy_loss",
        )
    with tf.compat.v1.name_scope(
        scope, "softmax_cross_entropy_loss", (logits, onehot_labels, weights)
    ) as name:
        return _softmax(
            onehot_labels, logits, weights, label_smoothing, loss_collection, reduction, name
        )


def _softmax(
    onehot_labels: Any,
    logits: Any,
    weights: Any,
    label_smoothing: Any,
    loss_collection: str | None,
    reduction: str,
    name: str,
) -> tf.Tensor:
    logits = as_float_logits(logits)
    if isinstance(onehot_labels, tf.Tensor) and onehot_labels.dtype == logits.dtype:
        labels = onehot_labels
    else:
        labels = tf.cast(onehot_labels, logits.dtype)
    check_compatible(labels, logits, "onehot_labels")
    labels = smooth_and_stop(labels, logits, label_smoothing)
    losses = softmax_xent(labels, logits, name="xentropy")
    return weighted_loss(losses, weights, reduction, loss_collection, name)


@tf.autograph.experimental.do_not_convert
def sparse_softmax_cross_entropy(
    labels: Any,
    logits: Any,
    weights: Any = 1.0,
    scope: str | None = None,
    loss_collection: str | None = LOSSES,
    reduction: str = Reduction.SUM_BY_NONZERO_WEIGHTS,
) -> tf.Tensor:
    """Sparse softmax cross-entropy, exactly as ``tf.compat.v1.losses.sparse_softmax_cross_entropy``.

    Args:
        labels: Integer class ids (int32/int64) of shape ``[d0, ..., d_{r-1}]``; a trailing
            dimension of 1 is squeezed, as in TF1.
        logits: Floating-point logits ``[d0, ..., d_{r-1}, num_classes]``.
        weights: Python number, or tensor broadcastable to ``labels`` by TF1's rule (a trailing
            dimension of 1 beyond the labels' rank is squeezed, as in TF1).
        scope: Name scope of the ops (graph mode; default ``sparse_softmax_cross_entropy_loss``).
        loss_collection: Collection the loss is added to (see ``compute_weighted_loss``).
        reduction: A :class:`Reduction` key.

    Returns:
        Loss of the logits' dtype: the shape of ``labels`` with ``Reduction.NONE``, else scalar.

    Raises:
        ValueError: None arguments, incompatible ranks or shapes, non-broadcastable weights, or
            an unknown reduction. Out-of-range ids raise ``tf.errors.InvalidArgumentError`` on CPU.
        TypeError: ``logits`` is not floating point.
    """
    if labels is None:
        raise none_error("labels", "integer class ids")
    if logits is None:
        raise none_error("logits", "floating-point logits")
    Reduction.validate(reduction)
    if tf.executing_eagerly():
        return _sparse(
            labels,
            logits,
            weights,
            loss_collection,
            reduction,
            scope or "sparse_softmax_cross_entropy_loss",
        )
    with tf.compat.v1.name_scope(
        scope, "sparse_softmax_cross_entropy_loss", (logits, labels, weights)
    ) as name:
        return _sparse(labels, logits, weights, loss_collection, reduction, name)


def _sparse(
    labels: Any,
    logits: Any,
    weights: Any,
    loss_collection: str | None,
    reduction: str,
    name: str,
) -> tf.Tensor:
    logits = as_float_logits(logits)
    if not isinstance(labels, tf.Tensor):
        labels = tf.convert_to_tensor(labels)
    labels, logits, weights = remove_squeezable_dimensions(labels, logits, weights)
    l_rank, p_rank = labels.shape.rank, logits.shape.rank
    if l_rank is not None and p_rank is not None and l_rank != p_rank - 1:
        # TF's own message, plus the word its tests match ("dimension").
        raise ValueError(
            "`labels.shape.rank` must equal `logits.shape.rank - 1` (labels have no class "
            f"dimension). Received: labels.shape={labels.shape} of rank {l_rank} and "
            f"logits.shape={logits.shape} of rank {p_rank}"
        )
    losses = sparse_xent(labels, logits, name="xentropy")
    return weighted_loss(losses, weights, reduction, loss_collection, name)


def _squeeze_last(x: tf.Tensor, condition: tf.Tensor) -> tf.Tensor:
    return tf.cond(condition, lambda: tf.squeeze(x, [-1]), lambda: x)


def remove_squeezable_dimensions(
    labels: tf.Tensor, logits: tf.Tensor, weights: Any
) -> tuple[tf.Tensor, tf.Tensor, Any]:
    """TF1's ``_remove_squeezable_dimensions(..., expected_rank_diff=1)`` on public ops.

    Squeezes a trailing dimension of 1 from ``labels`` (or ``logits``) when their ranks differ
    from the expected ``rank(logits) - rank(labels) == 1`` by one, then from ``weights`` when it
    has one dimension more than the labels. Static ranks are used when known, else ``tf.cond``.
    """
    l_shape, p_shape = labels.shape, logits.shape
    if l_shape.rank is not None and p_shape.rank is not None:
        diff = p_shape.rank - l_shape.rank
        if diff == 2 and p_shape[-1] in (None, 1):
            logits = tf.squeeze(logits, [-1])
        elif diff == 0 and l_shape[-1] in (None, 1):
            labels = tf.squeeze(labels, [-1])
    else:
        rank_diff = tf.rank(logits) - tf.rank(labels)
        if p_shape.rank is None or p_shape[-1] in (None, 1):
            logits = _squeeze_last(logits, tf.equal(rank_diff, 2))
        if l_shape.rank is None or l_shape[-1] in (None, 1):
            labels = _squeeze_last(labels, tf.equal(rank_diff, 0))

    if type(weights) is float or type(weights) is int or weights is None:
        return labels, logits, weights
    if not isinstance(weights, tf.Tensor):
        weights = tf.convert_to_tensor(weights)
    labels_rank, w_shape = labels.shape.rank, weights.shape
    if labels_rank is not None and w_shape.rank is not None:
        if w_shape.rank - labels_rank == 1:
            if w_shape[-1] not in (None, 1):
                # TF1's squeeze fails: ValueError in a graph, InvalidArgumentError eagerly.
                raise ShapeError(
                    "Invalid value for argument `weights`: Can not squeeze dim[-1], expected a "
                    f"dimension of 1, got {w_shape[-1]}. Expected a scalar or weights "
                    f"broadcastable to the labels' shape {labels.shape} (a trailing dimension of "
                    f"1 is squeezed). Received: weights.shape={w_shape}"
                )
            weights = tf.squeeze(weights, [-1])
        return labels, logits, weights
    if w_shape.rank is None or (w_shape.rank > 0 and w_shape[-1] in (None, 1)):
        weights = _squeeze_last(weights, tf.equal(tf.rank(weights) - tf.rank(labels), 1))
    return labels, logits, weights
