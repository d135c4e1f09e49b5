"""TF1's weight broadcasting rule (``weights_broadcast_ops.assert_broadcastable``), private.

Weights must be a scalar, or have the values' rank with every dimension either 1 or equal to the
values' dimension. Static shapes decide when they can (a ``ValueError``, as TF1's shape check);
otherwise, in a graph that XLA does not compile, an ``Assert`` op checks at run time
(``tf.errors.InvalidArgumentError``, as TF1). Eagerly shapes are always known.
"""

from __future__ import annotations

import tensorflow as tf

from tfcompat_losses._context import in_xla_context

__all__ = ["PREFIX", "RULE", "check_weights"]

PREFIX = "weights can not be broadcast to values."
RULE = (
    "TF1 accepts weights of rank 0, or of the same rank as the losses with each dimension "
    "either 1 or equal to the losses' dimension"
)


def check_weights(w: tf.Tensor, values: tf.Tensor, eager: bool) -> tf.Tensor:
    """Returns ``w``, with a run-time check attached when static shapes cannot decide."""
    proven = _static_check(w.shape, values.shape)
    if not proven and not eager and not in_xla_context():
        with tf.control_dependencies([_dynamic_assert(w, values)]):
            return tf.identity(w)
    return w


def _static_check(w_shape: tf.TensorShape, l_shape: tf.TensorShape) -> bool:
    """TF1's static ``assert_broadcastable``: True if proven, raises if disproven, else False."""
    if w_shape.rank == 0:
        return True
    if w_shape.rank is None or l_shape.rank is None:
        return False
    if w_shape.rank != l_shape.rank:
        raise ValueError(
            f"Invalid value for argument `weights`: {PREFIX} {RULE}. Received: "
            f"weights.shape={w_shape} (rank {w_shape.rank}) for losses.shape={l_shape} "
            f"(rank {l_shape.rank})"
        )
    if not (w_shape.is_fully_defined() and l_shape.is_fully_defined()):
        return False
    for i, (wd, ld) in enumerate(zip(w_shape.as_list(), l_shape.as_list(), strict=True)):
        if wd not in (1, ld):
            raise ValueError(
                f"Invalid value for argument `weights`: {PREFIX} Mismatch at dim {i}: "
                f"{RULE}. Received: weights.shape={w_shape} for losses.shape={l_shape}"
            )
    return True


def _dynamic_assert(w: tf.Tensor, values: tf.Tensor) -> tf.Operation:
    """Run-time form of TF1's rule (graph mode, shapes not fully known), with XLA-free ops."""
    with tf.name_scope("assert_broadcastable"):
        w_shape = tf.shape(w)
        l_shape = tf.shape(values)
        w_rank = tf.size(w_shape)
        l_rank = tf.size(l_shape)
        if w.shape.rank is not None and values.shape.rank is not None:
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
                PREFIX + " " + RULE + ". Received weights.shape=",
                w_shape,
                "values.shape=",
                l_shape,
            ],
        )
