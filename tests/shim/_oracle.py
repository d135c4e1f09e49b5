"""Helpers for the shim's differential tests: the oracle is TF1 as shipped with TF 2.21.

Expectations always come from ``tf.compat.v1`` (or ``tf_slim`` for contrib), run on the same
inputs; these helpers only compare, bit for bit.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import tensorflow as tf

v1 = tf.compat.v1
DTYPES = [tf.float16, tf.bfloat16, tf.float32, tf.float64]
REDUCTIONS = list(dict.fromkeys(v1.losses.Reduction.all()))


def as_f64(x: Any) -> np.ndarray:
    """Exact float64 copy of a tensor of any float dtype (bfloat16 included)."""
    return tf.cast(tf.convert_to_tensor(x), tf.float64).numpy()


def assert_same(actual: Any, expected: Any, what: str = "") -> None:
    """Same dtype, same shape, same bits (NaNs at the same places)."""
    if expected is None or actual is None:
        assert actual is None and expected is None, f"{what}: {actual!r} vs {expected!r}"
        return
    actual, expected = tf.convert_to_tensor(actual), tf.convert_to_tensor(expected)
    assert actual.dtype == expected.dtype, f"{what}: dtype {actual.dtype} != {expected.dtype}"
    assert actual.shape == expected.shape, f"{what}: shape {actual.shape} != {expected.shape}"
    a, e = as_f64(actual), as_f64(expected)
    assert np.array_equal(a, e, equal_nan=True), f"{what}: {a!r} != {e!r}"


def logits_labels(
    shape: tuple[int, ...], dtype: tf.DType = tf.float32, seed: int = 0, scale: float = 3.0
) -> tuple[tf.Tensor, tf.Tensor, tf.Tensor]:
    """Logits, one-hot labels and class ids for ``shape`` (last dim = classes)."""
    rng = np.random.default_rng(seed)
    logits = tf.cast(rng.normal(size=shape) * scale, dtype)
    ids = tf.constant(rng.integers(0, shape[-1], size=shape[:-1]), tf.int32)
    return logits, tf.one_hot(ids, shape[-1]), ids


def weights_for(kind: str, batch_shape: tuple[int, ...], seed: int = 1) -> Any:
    """Weights of many kinds for per-example losses of ``batch_shape``."""
    rng = np.random.default_rng(seed)
    full = rng.normal(size=batch_shape).astype(np.float32)
    full[rng.random(batch_shape) < 0.3] = 0.0
    kinds: dict[str, Any] = {
        "py_one": 1.0,
        "py_zero": 0.0,
        "py_neg": -1.5,
        "py_int": 2,
        "t0_zero": tf.constant(0.0),
        "t0": tf.constant(2.5),
        "full": tf.constant(full),
        "numpy": full,
        "list": full.tolist(),
        "zeros": tf.zeros(batch_shape),
        "float64": tf.constant(full.astype(np.float64)),
        "first_dim": tf.constant(full[(...,) + (slice(0, 1),) * (len(batch_shape) - 1)])
        if len(batch_shape) > 1
        else tf.constant(full),
        "nan": tf.constant(np.where(full == 0, np.nan, full).astype(np.float32)),
    }
    return kinds[kind]


WEIGHT_KINDS = [
    "py_one",
    "py_zero",
    "py_neg",
    "py_int",
    "t0_zero",
    "t0",
    "full",
    "numpy",
    "list",
    "zeros",
    "float64",
    "first_dim",
    "nan",
]
