"""``compute_weighted_loss``: the one funnel every loss of the shim goes through.

Exact re-implementation of ``tf.compat.v1.losses.compute_weighted_loss`` on public TF2 ops. The
numbers are bit-for-bit TF1's: losses and weights are cast to float32, multiplied, summed, divided
"safely" (``div_no_nan``: a zero denominator gives 0, never NaN) and cast back to the losses' dtype.
What differs from TF1 is only the cost: eagerly there is no name scope, no shape-assertion graph
when static shapes already prove the weights broadcastable, and no cast or multiply that cannot
change a bit (``x * 1.0``, a float32 -> float32 cast).

Every normalising denominator goes through :func:`tfcompat_losses.distribute.reduce_denominator`
(as a float32 tensor) right before the division, so that under ``tf.distribute`` the loss can be
normalised across replicas; the numerator stays local.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import tensorflow as tf

from tfcompat_losses import collections as _collections
from tfcompat_losses import distribute as _distribute
from tfcompat_losses._context import in_xla_context
from tfcompat_losses.reduction import Reduction

__all__ = ["compute_weighted_loss"]

_F32 = tf.float32
_EXACT_COUNT = 2**24  # float32 represents every integer count below this exactly
_BROADCAST_PREFIX = "weights can not be broadcast to values."
_RULE = (
    "TF1 accepts weights of rank 0, or of the same rank as the losses with each dimension "
    "either 1 or equal to the losses' dimension"
)


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
) -> tf.Tensor:
    """The funnel's body, without name scope or reduction validation (callers do both)."""
    if losses is None:
        raise ValueError("Invalid value for argument `losses`. Expected a tensor. Received: None")
    if weights is None:
        raise ValueError(
            "Invalid value for argument `weights`. Expected a number or a tensor broadcastable to "
            f"the losses ({_RULE}). Received: weights=None"
        )
    if not isinstance(losses, tf.Tensor):
        losses = tf.convert_to_tensor(losses)
    input_dtype = losses.dtype
    if input_dtype != _F32:
        losses = tf.cast(losses, _F32)

    if type(weights) is float or type(weights) is int:
        loss = _python_weight(losses, float(weights), reduction)
    else:
        loss = _tensor_weight(losses, weights, reduction)

    if input_dtype != _F32:
        loss = tf.cast(loss, input_dtype)
    if loss_collection:
        _collections.record(loss, loss_collection, record_name)
    return loss


# Eagerly, ops are called through ``tf.raw_ops`` (the same kernels and gradients as ``tf.math``
# without its dispatch layers, about half the per-op cost) and small constants are cached. In a
# graph the public ops are used, with TF1's op names; they cost only at trace time.
_R = tf.raw_ops
_cache: dict[tuple[str, Any], tf.Tensor] = {}


def _const(value: Any, dtype: tf.DType = _F32) -> tf.Tensor:
    """A cached eager constant (eager tensors are immutable, so sharing them is safe)."""
    key = (dtype.name, value)
    tensor = _cache.get(key)
    if tensor is None:
        if len(_cache) > 512:
            _cache.clear()
        tensor = _cache[key] = tf.constant(value, dtype)
    return tensor


def _sum(x: tf.Tensor, eager: bool, name: str = "Sum") -> tf.Tensor:
    if eager:
        return _R.Sum(input=x, axis=_const(tuple(range(x.shape.rank)), tf.int32))
    return tf.reduce_sum(x, name=name)


def _mul(x: tf.Tensor, y: tf.Tensor, eager: bool) -> tf.Tensor:
    return _R.Mul(x=x, y=y) if eager else tf.multiply(x, y)


def _num_elements(losses: tf.Tensor, eager: bool) -> tf.Tensor:
    """Element count as a float32 tensor (TF1's ``_num_elements``)."""
    n = losses.shape.num_elements()
    if n is not None:
        return _const(float(n)) if eager else tf.constant(float(n), _F32)
    return tf.cast(tf.size(losses), _F32)


def _zero(eager: bool) -> tf.Tensor:
    return _const(0.0) if eager else tf.constant(0.0, _F32)


def _shape_of(losses: tf.Tensor) -> Any:
    return losses.shape if losses.shape.is_fully_defined() else tf.shape(losses)


def _safe_divide(total: tf.Tensor, denominator: tf.Tensor, eager: bool) -> tf.Tensor:
    denominator = _distribute.reduce_denominator(denominator)
    if eager:
        return _R.DivNoNan(x=total, y=denominator)
    return tf.math.divide_no_nan(total, denominator, name="value")


def _python_weight(losses: tf.Tensor, w: float, reduction: str) -> tf.Tensor:
    """Weights given as a Python number: rank 0, so always broadcastable, and known statically."""
    eager = tf.executing_eagerly()
    # x * 1.0 == x bit for bit (and so is its gradient): skip the multiply.
    if w == 1.0:
        weighted = losses
    else:
        weighted = _mul(losses, _const(w) if eager else tf.constant(w, _F32), eager)
    if reduction == Reduction.NONE:
        return weighted
    total = _sum(weighted, eager)
    if reduction == Reduction.SUM:
        return total
    if reduction == Reduction.MEAN:
        # TF1 sums ones_like(losses) * w: N float32 additions, not N * w.
        denominator = _sum(tf.fill(_shape_of(losses), tf.constant(w, _F32)), eager)
    elif reduction == Reduction.SUM_OVER_BATCH_SIZE or w != 0.0:  # NaN != 0 counts, as in TF1
        denominator = _num_elements(losses, eager)
    else:
        denominator = _zero(eager)
    return _safe_divide(total, denominator, eager)


def _tensor_weight(losses: tf.Tensor, weights: Any, reduction: str) -> tf.Tensor:
    if isinstance(weights, tf.Tensor) and weights.dtype == _F32:
        w = weights
    else:
        w = tf.cast(weights, _F32)
    eager = tf.executing_eagerly()
    proven = _static_broadcast_check(w.shape, losses.shape)
    if not proven and not eager and not in_xla_context():
        with tf.control_dependencies([_dynamic_broadcast_assert(w, losses)]):
            w = tf.identity(w)

    weighted = _mul(losses, w, eager)
    if reduction == Reduction.NONE:
        return weighted
    total = _sum(weighted, eager)
    if reduction == Reduction.SUM:
        return total
    same_shape = losses.shape.is_fully_defined() and w.shape == losses.shape
    if reduction == Reduction.MEAN:
        full = w if same_shape else tf.broadcast_to(w, _shape_of(losses))
        denominator = _sum(full, eager)
    elif reduction == Reduction.SUM_OVER_BATCH_SIZE:
        denominator = _num_elements(losses, eager)
    elif eager and w.shape.rank == 0:
        # TF1's eager shortcut: a non-zero scalar weight counts every element.
        denominator = _num_elements(losses, eager) if w.numpy() != 0.0 else _zero(eager)
    elif eager and _host_countable(w, losses):
        # The count of non-zero broadcast weights is an integer below 2**24, which TF1's float32
        # sum of 0/1 values gives exactly whatever the summation order: count it on the host
        # (the weights are already there) instead of running three kernels.
        count = int(np.count_nonzero(w.numpy()))
        denominator = _const(float(count * (losses.shape.num_elements() // w.shape.num_elements())))
    else:
        if eager:
            present = _R.Cast(x=_R.NotEqual(x=w, y=_const(0.0)), DstT=_F32)
        else:
            present = tf.cast(tf.not_equal(w, 0.0), _F32)
        if not same_shape:
            present = tf.broadcast_to(present, _shape_of(losses))
        denominator = _sum(present, eager, name="num_present")
    return _safe_divide(total, denominator, eager)


def _host_countable(w: tf.Tensor, losses: tf.Tensor) -> bool:
    n = losses.shape.num_elements()
    return n is not None and 0 < n < _EXACT_COUNT and "CPU" in w.device


def _static_broadcast_check(w_shape: tf.TensorShape, l_shape: tf.TensorShape) -> bool:
    """TF1's static ``assert_broadcastable``: True if proven, raises if disproven, else False."""
    if w_shape.rank == 0:
        return True
    if w_shape.rank is None or l_shape.rank is None:
        return False
    if w_shape.rank != l_shape.rank:
        raise ValueError(
            f"Invalid value for argument `weights`: {_BROADCAST_PREFIX} {_RULE}. Received: "
            f"weights.shape={w_shape} (rank {w_shape.rank}) for losses.shape={l_shape} "
            f"(rank {l_shape.rank})"
        )
    if not (w_shape.is_fully_defined() and l_shape.is_fully_defined()):
        return False
    for i, (wd, ld) in enumerate(zip(w_shape.as_list(), l_shape.as_list(), strict=True)):
        if wd not in (1, ld):
            raise ValueError(
                f"Invalid value for argument `weights`: {_BROADCAST_PREFIX} Mismatch at dim {i}: "
                f"{_RULE}. Received: weights.shape={w_shape} for losses.shape={l_shape}"
            )
    return True


def _dynamic_broadcast_assert(w: tf.Tensor, losses: tf.Tensor) -> tf.Operation:
    """Run-time form of TF1's rule (graph mode, shapes not fully known), with XLA-free ops."""
    with tf.name_scope("assert_broadcastable"):
        w_shape = tf.shape(w)
        l_shape = tf.shape(losses)
        w_rank = tf.size(w_shape)
        l_rank = tf.size(l_shape)
        if w.shape.rank is not None and losses.shape.rank is not None:
            # Same static rank (checked statically): compare dimension by dimension.
            valid = tf.reduce_all(tf.logical_or(tf.equal(w_shape, 1), tf.equal(w_shape, l_shape)))
        else:

            def _dims_ok() -> tf.Tensor:
                return tf.reduce_all(
                    tf.logical_or(tf.equal(w_shape, 1), tf.equal(w_shape, l_shape))
                )

            valid = tf.logical_or(
                tf.equal(w_rank, 0),
                tf.cond(tf.equal(w_rank, l_rank), _dims_ok, lambda: tf.constant(False)),
            )
        return tf.debugging.Assert(
            valid,
            [
                _BROADCAST_PREFIX + " " + _RULE + ". Received weights.shape=",
                w_shape,
                "values.shape=",
                l_shape,
            ],
        )
