"""The removed ``tf.contrib.losses`` softmax losses, with TF 1.x contrib semantics (logits first).

``tf.contrib`` is gone from TF2; ``tf_slim.losses`` keeps the same code and is this module's test
oracle. Semantics differ from ``tf.compat.v1.losses``: the argument order is ``(logits, labels)``,
there is no ``reduction`` (always the weighted mean over the non-zero weights), weights of shape
``[batch_size, 1]`` are squeezed, scalar weights scale the sum before the division, and the loss
always goes into ``tf.compat.v1.GraphKeys.LOSSES``. Unlike tf_slim, eager losses are not pushed
into the global graph's collection (a leak); they go to active ``collect_losses()`` blocks.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np
import tensorflow as tf

from tfcompat_losses import collections as _collections
from tfcompat_losses import distribute as _distribute
from tfcompat_losses._errors import ShapeError
from tfcompat_losses._xent import softmax_xent, sparse_xent
from tfcompat_losses.losses import as_float_logits, check_compatible, smooth_and_stop
from tfcompat_losses.weighting import _EXACT_COUNT, _const, _mul, _sum

__all__ = ["softmax_cross_entropy", "sparse_softmax_cross_entropy"]

_F32 = tf.float32


def _check_weights(weights: Any) -> None:
    if weights is None:
        raise ValueError(
            "Invalid value for argument `weights`. Expected a number or a tensor of shape [], "
            "[batch_size] or [batch_size, 1]. Received: weights=None"
        )


_F = TypeVar("_F", bound=Callable[..., Any])


def _accepts_weight(fn: _F) -> _F:
    """Also accepts ``weight=``, the name of ``weights`` before TF 1.0 (TF 0.12 took both).

    The signature stays TF 1.x's (``inspect`` follows ``__wrapped__``); only calls written for
    TF 0.x, and TensorFlow's own contrib tests of that time, pass ``weight``.
    """

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if "weight" in kwargs:
            weight = kwargs.pop("weight")
            if "weights" in kwargs or len(args) > 2:
                raise ValueError(
                    "Invalid value for argument `weight`: it is the deprecated name of "
                    "`weights`; pass only one of them. Received both."
                )
            kwargs["weights"] = weight
        return fn(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


@_accepts_weight
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
        Scalar mean loss of the logits' dtype.

    Raises:
        ValueError: ``weights`` (or labels/logits) is None, both ``weights`` and ``weight`` are
            given, or the shapes are incompatible.
    """
    if logits is None or onehot_labels is None:
        name = "logits" if logits is None else "onehot_labels"
        raise ValueError(f"Invalid value for argument `{name}`. Expected a tensor. Received: None")
    _check_weights(weights)
    if tf.executing_eagerly():
        return _softmax(logits, onehot_labels, weights, label_smoothing)
    with tf.compat.v1.name_scope(scope, "softmax_cross_entropy_loss", (logits, onehot_labels)):
        return _softmax(logits, onehot_labels, weights, label_smoothing)


def _softmax(logits: Any, onehot_labels: Any, weights: Any, label_smoothing: Any) -> tf.Tensor:
    logits = as_float_logits(logits)
    if isinstance(onehot_labels, tf.Tensor) and onehot_labels.dtype == logits.dtype:
        labels = onehot_labels
    else:
        labels = tf.cast(onehot_labels, logits.dtype)
    check_compatible(labels, logits, "onehot_labels")
    labels = smooth_and_stop(labels, logits, label_smoothing, class_axis=1)
    losses = softmax_xent(labels, logits, name="xentropy")
    return _weighted_mean(losses, weights)


@_accepts_weight
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
    if logits is None or labels is None:
        name = "logits" if logits is None else "labels"
        raise ValueError(f"Invalid value for argument `{name}`. Expected a tensor. Received: None")
    _check_weights(weights)
    if tf.executing_eagerly():
        return _sparse(logits, labels, weights)
    with tf.compat.v1.name_scope(scope, "sparse_softmax_cross_entropy_loss", (logits, labels)):
        return _sparse(logits, labels, weights)


def _sparse(logits: Any, labels: Any, weights: Any) -> tf.Tensor:
    logits = as_float_logits(logits)
    if not isinstance(labels, tf.Tensor):
        labels = tf.convert_to_tensor(labels)
    if labels.shape.rank != 1:
        l_shape = labels.shape
        if l_shape.rank and l_shape.is_fully_defined() and l_shape.num_elements() != l_shape[0]:
            # contrib's reshape to [batch_size] fails: ValueError in a graph, the kernel's
            # InvalidArgumentError eagerly.
            raise ShapeError(
                "Invalid value for argument `labels`. Expected shape [batch_size] or "
                f"[batch_size, 1]: cannot reshape a tensor with {l_shape.num_elements()} "
                f"elements to shape [{l_shape[0]}]. Received: labels.shape={l_shape}"
            )
        labels = tf.reshape(labels, [tf.shape(labels)[0]])
    return _weighted_mean(sparse_xent(labels, logits, name="xentropy"), weights)


def _broadcastable(a: tf.TensorShape, b: tf.TensorShape) -> bool:
    """Whether the weights and the losses they scale broadcast (unknown dimensions do)."""
    try:
        tf.broadcast_static_shape(a, b)
    except ValueError:
        return False
    return True


def _weighted_mean(losses: tf.Tensor, weights: Any) -> tf.Tensor:
    """tf.contrib's ``compute_weighted_loss``: sum of scaled losses over the non-zero count."""
    input_dtype = losses.dtype
    if input_dtype != _F32:
        losses = tf.cast(losses, _F32)
    python_weight = type(weights) is float or type(weights) is int
    if python_weight:
        w: Any = float(weights)
        w_rank = 0
    else:
        w = tf.cast(weights, _F32)
        w_rank = w.shape.rank
        if w_rank is None:
            raise ValueError(
                "Invalid value for argument `weights`. Expected a known rank. Received: weights "
                f"of unknown rank, shape {w.shape}"
            )
    l_rank = losses.shape.rank
    if l_rank is None:
        raise ValueError("losses.get_shape().ndims cannot be None")
    if w_rank > 1 and w.shape[-1] in (None, 1):
        w = tf.squeeze(w, [-1])
        w_rank -= 1

    if w_rank > l_rank or (w_rank > 0 and not _broadcastable(w.shape, losses.shape[:w_rank])):
        # ValueError in a graph (shape inference), the kernel's InvalidArgumentError eagerly.
        raise ShapeError(
            "Invalid value for argument `weights`. Expected a scalar, [batch_size] or "
            f"[batch_size, 1] (rank at most {l_rank} after squeezing a trailing 1). Received: "
            f"weights.shape={w.shape} for per-example losses of shape {losses.shape}"
        )
    eager = tf.executing_eagerly()
    # _scale_losses: reduce the losses down to the weights' rank, scale, sum.
    axis = list(range(w_rank, l_rank))
    if not axis:
        reduced = losses
    elif len(axis) == l_rank:
        reduced = _sum(losses, eager)
    else:
        reduced = tf.reduce_sum(losses, axis=axis)
    if not (python_weight and w == 1.0):  # x * 1.0 == x bit for bit
        scale = (_const(w) if eager else tf.constant(w, _F32)) if python_weight else w
        reduced = _mul(reduced, scale, eager)
    total = reduced if reduced.shape.rank == 0 else _sum(reduced, eager)

    # _num_present: integer counts, exact in float32 below 2**24 whatever the summation order.
    n = losses.shape.num_elements()
    if w_rank == 0:
        nonzero = bool(w != 0.0) if python_weight or eager else None
        if nonzero is None:
            present = tf.cast(tf.size(losses), _F32) * tf.cast(tf.not_equal(w, 0.0), _F32)
        elif not nonzero:
            present = _const(0.0) if eager else tf.constant(0.0, _F32)
        elif n is not None:
            present = _const(float(n)) if eager else tf.constant(float(n), _F32)
        else:
            present = tf.cast(tf.size(losses), _F32)
    elif eager and n is not None and n < _EXACT_COUNT and "CPU" in w.device:
        per_weight = int(np.prod(losses.shape.as_list()[w_rank:], dtype=np.int64))
        present = _const(float(int(np.count_nonzero(w.numpy())) * per_weight))
    else:
        nonzero_per_batch = tf.reduce_sum(
            tf.cast(tf.not_equal(w, 0.0), _F32), axis=list(range(1, w_rank))
        )
        broadcast = tf.cast(tf.reduce_prod(tf.shape(losses)[w_rank:]), _F32)
        present = tf.reduce_sum(nonzero_per_batch * broadcast)
    present = _distribute.reduce_denominator(present)
    if eager:
        loss = tf.raw_ops.DivNoNan(x=total, y=present)
    else:
        loss = tf.math.divide_no_nan(total, present, name="value")
    if input_dtype != _F32:
        loss = tf.cast(loss, input_dtype)
    _collections.record(loss, _collections.LOSSES, "")
    return loss
