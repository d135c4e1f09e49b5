"""``compute_weighted_loss``: the one funnel every loss of the shim goes through.

Exact re-implementation of ``tf.compat.v1.losses.compute_weighted_loss`` on public TF2 ops. The
numbers are bit-for-bit TF1's: losses and weights are cast to float32, multiplied, summed, divided
"safely" (``div_no_nan``: a zero denominator gives 0, never NaN) and cast back to the losses' dtype.
What differs from TF1 is only the cost: eagerly there is no name scope, no shape-assertion graph
when static shapes already prove the weights broadcastable, and no cast or multiply that cannot
change a bit (``x * 1.0``, a float32 -> float32 cast).

``tf.contrib.losses`` (TF 1.x) had a reduction of its own, always a mean over the non-zero weights
with weights of shape ``[]``, ``[batch_size]`` or ``[batch_size, d1, ... dK]`` (K < rank); its
losses funnel into :func:`contrib_weighted_mean`, the same module's second entry.

Every normalising denominator goes through :func:`tfcompat_losses.distribute.reduce_denominator`
(as a float32 tensor) right before the division, so that under ``tf.distribute`` the loss can be
normalised across replicas; the numerator stays local.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import tensorflow as tf

from tfcompat_losses import _ops
from tfcompat_losses import collections as _collections
from tfcompat_losses._broadcast import check_weights
from tfcompat_losses._errors import ShapeError
from tfcompat_losses.reduction import Reduction

__all__ = ["compute_weighted_loss"]

_F32 = _ops.F32
_RULE_HINT = "a number or a tensor broadcastable to the losses"


@tf.autograph.experimental.do_not_convert
def compute_weighted_loss(
    losses: Any,
    weights: Any = 1.0,
    scope: str | None = None,
    loss_collection: str | None = _collections.LOSSES,
    reduction: str = Reduction.SUM_BY_NONZERO_WEIGHTS,
) -> tf.Tensor:
    """Computes the weighted loss, exactly as ``tf.compat.v1.losses.compute_weighted_loss``.

    Args:
        losses: Tensor (or list / numpy array) of shape ``[batch_size, d1, ... dN]``.
        weights: Python number, or tensor of rank 0 or of the same rank as ``losses`` with each
            dimension either 1 or equal to the corresponding dimension of ``losses``.
        scope: Name scope of the ops (graph mode; ignored eagerly, where ops have no names).
        loss_collection: Collection the loss is added to: the graph collection in a TF1 graph or a
            ``tf.function``, and every active :func:`tfcompat_losses.collect_losses` block. ``None``
            adds it nowhere.
        reduction: A :class:`Reduction` key (TF1's default ``SUM_BY_NONZERO_WEIGHTS``).

    Returns:
        The weighted loss, with the dtype of ``losses`` (computed in float32 as TF1 does): the
        same shape as ``losses`` for ``Reduction.NONE``, else a scalar.

    Raises:
        ValueError: ``losses`` or ``weights`` is None, ``reduction`` is unknown, or ``weights`` is
            statically not broadcastable by TF1's rule. Dynamically non-broadcastable weights
            raise ``tf.errors.InvalidArgumentError`` when run (except under XLA, as TF1).

    Differences from Keras: Keras' ``sample_weight`` broadcasting is more permissive, and Keras has
    no ``SUM_BY_NONZERO_WEIGHTS`` (TF1's default divides by the count of non-zero weights; Keras'
    ``"sum_over_batch_size"`` divides by the element count).

    >>> float(compute_weighted_loss([1.0, 2.0, 3.0], weights=[1.0, 0.0, 1.0]))
    2.0
    """
    Reduction.validate(reduction)
    if tf.executing_eagerly():
        return weighted_loss(losses, weights, reduction, loss_collection, scope or "weighted_loss")
    with tf.compat.v1.name_scope(scope, "weighted_loss", (losses, weights)) as name:
        return weighted_loss(losses, weights, reduction, loss_collection, name)


def weighted_loss(
    losses: Any,
    weights: Any,
    reduction: str,
    loss_collection: str | None,
    record_name: str,
    checked: bool = False,
) -> tf.Tensor:
    """The funnel's body, without name scope or reduction validation (callers do both).

    ``checked=True`` skips the weights' broadcast check against ``losses``, for a caller that
    checked them against other values, as TF1 does (``mean_pairwise_squared_error``).
    """
    if losses is None:
        raise ValueError("Invalid value for argument `losses`. Expected a tensor. Received: None")
    if weights is None:
        raise ValueError(
            f"Invalid value for argument `weights`. Expected {_RULE_HINT} (weights of rank 0, or "
            "of the losses' rank with each dimension 1 or equal). Received: weights=None"
        )
    if not isinstance(losses, tf.Tensor):
        losses = tf.convert_to_tensor(losses)
    input_dtype = losses.dtype
    if input_dtype != _F32:
        losses = tf.cast(losses, _F32)

    if type(weights) is float or type(weights) is int:
        loss = _python_weight(losses, float(weights), reduction)
    else:
        loss = _tensor_weight(losses, weights, reduction, checked)

    if input_dtype != _F32:
        loss = tf.cast(loss, input_dtype)
    if loss_collection:
        _collections.record(loss, loss_collection, record_name)
    return loss


def _python_weight(losses: tf.Tensor, w: float, reduction: str) -> tf.Tensor:
    """Weights given as a Python number: rank 0, so always broadcastable, and known statically."""
    eager = tf.executing_eagerly()
    # x * 1.0 == x bit for bit (and so is its gradient): skip the multiply.
    weighted = losses if w == 1.0 else _ops.mul(losses, _ops.scalar(w, eager), eager)
    if reduction == Reduction.NONE:
        return weighted
    total = _ops.sum_all(weighted, eager)
    if reduction == Reduction.SUM:
        return total
    if reduction == Reduction.MEAN:
        # TF1 sums ones_like(losses) * w: N float32 additions, not N * w.
        denominator = _ops.sum_all(tf.fill(_ops.shape_of(losses), tf.constant(w, _F32)), eager)
    elif reduction == Reduction.SUM_OVER_BATCH_SIZE or w != 0.0:  # NaN != 0 counts, as in TF1
        denominator = _ops.num_elements(losses, eager)
    else:
        denominator = _ops.scalar(0.0, eager)
    return _ops.safe_divide(total, denominator, eager)


def _tensor_weight(losses: tf.Tensor, weights: Any, reduction: str, checked: bool) -> tf.Tensor:
    if isinstance(weights, tf.Tensor) and weights.dtype == _F32:
        w = weights
    else:
        w = tf.cast(weights, _F32)
    eager = tf.executing_eagerly()
    if not checked:
        w = check_weights(w, losses, eager)

    weighted = _ops.mul(losses, w, eager)
    if reduction == Reduction.NONE:
        return weighted
    total = _ops.sum_all(weighted, eager)
    if reduction == Reduction.SUM:
        return total
    same_shape = losses.shape.is_fully_defined() and w.shape == losses.shape
    if reduction == Reduction.MEAN:
        full = w if same_shape else tf.broadcast_to(w, _ops.shape_of(losses))
        denominator = _ops.sum_all(full, eager)
    elif reduction == Reduction.SUM_OVER_BATCH_SIZE:
        denominator = _ops.num_elements(losses, eager)
    elif eager and w.shape.rank == 0:
        # TF1's eager shortcut: a non-zero scalar weight counts every element.
        denominator = (
            _ops.num_elements(losses, eager) if w.numpy() != 0.0 else _ops.scalar(0.0, eager)
        )
    elif eager and _ops.host_countable(w, losses):
        # The count of non-zero broadcast weights is an integer below 2**24, which TF1's float32
        # sum of 0/1 values gives exactly whatever the summation order: count it on the host
        # (the weights are already there) instead of running three kernels.
        count = int(np.count_nonzero(w.numpy()))
        per_weight = losses.shape.num_elements() // w.shape.num_elements()
        denominator = _ops.const(float(count * per_weight))
    else:
        if eager:
            present = tf.raw_ops.Cast(x=tf.raw_ops.NotEqual(x=w, y=_ops.const(0.0)), DstT=_F32)
        else:
            present = tf.cast(tf.not_equal(w, 0.0), _F32)
        if same_shape:
            denominator = _ops.sum_all(present, eager, name="num_present")
        elif _ops.broadcast_countable(w, losses):
            # Each weight covers the same number of elements: the count of non-zero weights
            # times that number is the integer TF1's float32 sum of broadcast 0/1 values gives
            # (exact below 2**24), without materialising the broadcast.
            per_weight = losses.shape.num_elements() // w.shape.num_elements()
            count = _ops.sum_all(present, eager, name="num_present")
            denominator = _ops.mul(count, _ops.scalar(float(per_weight), eager), eager)
        else:
            present = tf.broadcast_to(present, _ops.shape_of(losses))
            denominator = _ops.sum_all(present, eager, name="num_present")
    return _ops.safe_divide(total, denominator, eager)


# --- tf.contrib.losses (TF 1.x) -------------------------------------------------------------


def _broadcastable(a: tf.TensorShape, b: tf.TensorShape) -> bool:
    """Whether the weights and the losses they scale broadcast (unknown dimensions do)."""
    try:
        tf.broadcast_static_shape(a, b)
    except ValueError:
        return False
    return True


def contrib_weighted_mean(losses: Any, weights: Any) -> tf.Tensor:
    """tf.contrib's ``compute_weighted_loss``: sum of scaled losses over the non-zero count.

    contrib squeezes a trailing dimension of 1 from weights of rank > 1, sums the losses down to
    the weights' rank, scales them, and divides by the non-zero weights times the elements each
    weight covers. The loss goes into ``GraphKeys.LOSSES``.
    """
    if not isinstance(losses, tf.Tensor):
        losses = tf.convert_to_tensor(losses)
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
            f"[batch_size, d1, ... dK] with K < {l_rank} (after squeezing a trailing 1). "
            f"Received: weights.shape={w.shape} for losses of shape {losses.shape}"
        )
    eager = tf.executing_eagerly()
    total = contrib_scaled_sum(losses, w, w_rank, python_weight, eager)
    present = _contrib_num_present(losses, w, w_rank, python_weight, eager)
    loss = _ops.safe_divide(total, present, eager)
    if input_dtype != _F32:
        loss = tf.cast(loss, input_dtype)
    _collections.record(loss, _collections.LOSSES, "")
    return loss


def contrib_scaled_sum(
    losses: tf.Tensor, w: Any, w_rank: int, python_weight: bool, eager: bool
) -> tf.Tensor:
    """contrib's ``_scale_losses``: sum the losses down to the weights' rank, scale, sum.

    No broadcast check: a ``[batch_size]`` loss scaled by ``[batch_size, 1]`` weights broadcasts
    to ``[batch_size, batch_size]``, as in contrib (``mean_pairwise_squared_error`` does that).
    """
    l_rank = losses.shape.rank
    axis = list(range(w_rank, l_rank))
    if not axis:
        reduced = losses
    elif len(axis) == l_rank:
        reduced = _ops.sum_all(losses, eager)
    else:
        reduced = tf.reduce_sum(losses, axis=axis)
    if not (python_weight and w == 1.0):  # x * 1.0 == x bit for bit
        scale = _ops.scalar(w, eager) if python_weight else w
        reduced = _ops.mul(reduced, scale, eager)
    return reduced if reduced.shape.rank == 0 else _ops.sum_all(reduced, eager)


def _contrib_num_present(
    losses: tf.Tensor, w: Any, w_rank: int, python_weight: bool, eager: bool
) -> tf.Tensor:
    """contrib's ``_num_present``: integer counts, exact in float32 below 2**24."""
    n = losses.shape.num_elements()
    if w_rank == 0:
        nonzero = bool(w != 0.0) if python_weight or eager else None
        if nonzero is None:
            return tf.cast(tf.size(losses), _F32) * tf.cast(tf.not_equal(w, 0.0), _F32)
        if not nonzero:
            return _ops.scalar(0.0, eager)
        return _ops.num_elements(losses, eager)
    if eager and n is not None and n < _ops.EXACT_COUNT and "CPU" in w.device:
        per_weight = int(np.prod(losses.shape.as_list()[w_rank:], dtype=np.int64))
        return _ops.const(float(int(np.count_nonzero(w.numpy())) * per_weight))
    nonzero_per_batch = tf.reduce_sum(
        tf.cast(tf.not_equal(w, 0.0), _F32), axis=list(range(1, w_rank))
    )
    broadcast = tf.cast(tf.reduce_prod(tf.shape(losses)[w_rank:]), _F32)
    return tf.reduce_sum(nonzero_per_batch * broadcast)
