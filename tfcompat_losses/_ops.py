"""Op helpers shared by the reductions (private).

Eagerly, ops are called through ``tf.raw_ops`` (the same kernels and gradients as ``tf.math``
without its dispatch layers, about half the per-op cost) and small constants are cached. In a graph
the public ops are used, with TF1's op names; they cost only at trace time. Every normalising
division goes through :func:`safe_divide`, whose denominator passes
:func:`tfcompat_losses.distribute.reduce_denominator` (the seam for ``tf.distribute``).
"""

from __future__ import annotations

from typing import Any

import tensorflow as tf

from tfcompat_losses import distribute as _distribute

__all__ = [
    "EXACT_COUNT",
    "F32",
    "const",
    "host_countable",
    "mul",
    "num_elements",
    "safe_divide",
    "scalar",
    "shape_of",
    "sum_all",
]

F32 = tf.float32
EXACT_COUNT = 2**24  # float32 represents every integer count below this exactly
_R = tf.raw_ops
_cache: dict[tuple[str, Any], tf.Tensor] = {}


def const(value: Any, dtype: tf.DType = F32) -> tf.Tensor:
    """A cached eager constant (eager tensors are immutable, so sharing them is safe)."""
    key = (dtype.name, value)
    tensor = _cache.get(key)
    if tensor is None:
        if len(_cache) > 512:
            _cache.clear()
        tensor = _cache[key] = tf.constant(value, dtype)
    return tensor


def scalar(value: float, eager: bool) -> tf.Tensor:
    """A float32 scalar: cached eagerly, a fresh ``Const`` op in a graph."""
    return const(value) if eager else tf.constant(value, F32)


def sum_all(x: tf.Tensor, eager: bool, name: str = "Sum") -> tf.Tensor:
    """``tf.reduce_sum(x)`` over every axis."""
    if eager:
        return _R.Sum(input=x, axis=const(tuple(range(x.shape.rank)), tf.int32))
    return tf.reduce_sum(x, name=name)


def mul(x: tf.Tensor, y: tf.Tensor, eager: bool) -> tf.Tensor:
    return _R.Mul(x=x, y=y) if eager else tf.multiply(x, y)


def num_elements(losses: tf.Tensor, eager: bool) -> tf.Tensor:
    """Element count as a float32 tensor (TF1's ``_num_elements``)."""
    n = losses.shape.num_elements()
    if n is not None:
        return scalar(float(n), eager)
    return tf.cast(tf.size(losses), F32)


def shape_of(losses: tf.Tensor) -> Any:
    return losses.shape if losses.shape.is_fully_defined() else tf.shape(losses)


def host_countable(w: tf.Tensor, losses: tf.Tensor) -> bool:
    """Whether non-zero weights may be counted on the host (eager, CPU, an exact count)."""
    n = losses.shape.num_elements()
    return n is not None and 0 < n < EXACT_COUNT and "CPU" in w.device


def broadcast_countable(w: tf.Tensor, losses: tf.Tensor) -> bool:
    """Whether static shapes prove that every weight covers the same exact number of elements."""
    n = losses.shape.num_elements()
    n_w = w.shape.num_elements()
    return n is not None and n_w is not None and n_w > 0 and 0 < n < EXACT_COUNT


def safe_divide(total: tf.Tensor, denominator: tf.Tensor, eager: bool) -> tf.Tensor:
    """``div_no_nan(total, denominator)`` named ``value``, over the (global) denominator."""
    denominator = _distribute.reduce_denominator(denominator)
    if eager:
        return _R.DivNoNan(x=total, y=denominator)
    return tf.math.divide_no_nan(total, denominator, name="value")
