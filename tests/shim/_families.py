"""The loss families beyond softmax, as data for the differential tests.

Each family names the shim function and its oracle (``tf.compat.v1.losses`` or ``tf_slim.losses``,
the ``tf.contrib.losses`` code), how to call both with ``(labels, predictions, weights)``, and
inputs in the family's domain. Expectations always come from the oracle run on the same inputs.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import tensorflow as tf
from _oracle import assert_same, v1

import tfcompat_losses as T

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import tf_slim

L = v1.losses
SHAPE = (4, 3)
COSINE_SHAPE = (4, 3, 2)  # the loss keeps the reduced axis: [4, 3, 1]


@dataclass(frozen=True)
class Family:
    name: str
    shim: Callable[..., Any]
    oracle: Callable[..., Any]
    domain: str  # "real", "probability", "binary" labels with real predictions, "unit" vectors
    kwargs: dict[str, Any] = field(default_factory=dict)
    reduction: bool = True
    logits_first: bool = False  # contrib: (predictions or logits, labels)
    shape: tuple[int, ...] = SHAPE
    keeps_dtype: bool = False  # the result has the predictions' dtype (else float32)
    label_gradient: bool = True  # what TF1 does: does a gradient flow into the labels?

    def call(self, fn: Callable[..., Any], labels: Any, predictions: Any, **kw: Any) -> Any:
        kw = {**self.kwargs, **kw}
        if self.logits_first:
            return fn(predictions, labels, **kw)
        return fn(labels, predictions, **kw)

    def loss_shape(self) -> tuple[int, ...]:
        if self.name.endswith("cosine_distance"):
            shape = self.shape[:-1]
            return shape if self.logits_first else (*shape, 1)
        return self.shape


def _family(name: str, domain: str, **kw: Any) -> Family:
    return Family(name, getattr(T, name), getattr(L, name), domain, **kw)


TF1 = [
    _family("absolute_difference", "real"),
    _family("mean_squared_error", "real"),
    _family("huber_loss", "real", kwargs={"delta": 0.7}),
    _family("log_loss", "probability"),
    _family("hinge_loss", "binary"),
    _family("cosine_distance", "unit", kwargs={"axis": 2}, shape=COSINE_SHAPE),
    _family("sigmoid_cross_entropy", "binary", kwargs={"label_smoothing": 0.1}, keeps_dtype=True),
    _family("mean_pairwise_squared_error", "real", reduction=False),
]
TF1_BY_NAME = {f.name: f for f in TF1}


def _contrib(name: str, domain: str, **kw: Any) -> Family:
    return Family(
        f"contrib.{name}",
        getattr(T.contrib, name),
        getattr(tf_slim.losses, name),
        domain,
        reduction=False,
        logits_first=True,
        **kw,
    )


CONTRIB = [
    _contrib("absolute_difference", "real"),
    _contrib("mean_squared_error", "real"),
    _contrib("log_loss", "probability", kwargs={"epsilon": 1e-6}),
    _contrib("cosine_distance", "unit", kwargs={"axis": 2}, shape=COSINE_SHAPE),
    _contrib("sigmoid_cross_entropy", "binary", kwargs={"label_smoothing": 0.2}, keeps_dtype=True),
    _contrib("mean_pairwise_squared_error", "real"),
]
CONTRIB_BY_NAME = {f.name: f for f in CONTRIB}


def inputs(
    family: Family,
    dtype: tf.DType = tf.float32,
    seed: int = 0,
    shape: tuple[int, ...] | None = None,
) -> tuple[tf.Tensor, tf.Tensor]:
    """``(labels, predictions)`` of ``dtype`` in the family's domain."""
    shape = shape or family.shape
    rng = np.random.default_rng(seed)
    if family.domain == "probability":
        labels = rng.random(shape).round()
        predictions = rng.uniform(0.02, 0.98, shape)
    elif family.domain == "binary":
        labels = rng.random(shape).round()
        predictions = rng.normal(size=shape) * 2.0
        if predictions.size:
            predictions.flat[0] = 0.0  # where TF's logistic loss switches branch
    elif family.domain == "unit":
        labels = rng.normal(size=shape)
        predictions = rng.normal(size=shape)
        labels /= np.linalg.norm(labels, axis=-1, keepdims=True)
        predictions /= np.linalg.norm(predictions, axis=-1, keepdims=True)
    else:
        labels = rng.normal(size=shape) * 2.0
        predictions = rng.normal(size=shape) * 2.0
        if predictions.size > 1:
            predictions.flat[1] = labels.flat[1]  # a zero difference (abs and min at a kink)
    return tf.cast(labels, dtype), tf.cast(predictions, dtype)


WEIGHT_KINDS = ["none", "py_scalar", "scalar", "zero", "per_example", "per_element"]


def weights_for(kind: str, loss_shape: tuple[int, ...], seed: int = 1) -> Any:
    """Weights of ``kind`` for losses of ``loss_shape``; ``"none"`` means TF1's default."""
    rng = np.random.default_rng(seed)
    if kind == "none":
        return None
    if kind == "py_scalar":
        return 0.5
    if kind == "scalar":
        return tf.constant(2.5)
    if kind == "zero":
        return tf.constant(0.0)
    if kind == "per_example":
        column = rng.uniform(0.5, 2.0, (loss_shape[0],) + (1,) * (len(loss_shape) - 1))
        column.flat[1] = 0.0
        return tf.constant(column, tf.float32)
    full = rng.uniform(0.5, 2.0, loss_shape)
    full[rng.random(loss_shape) < 0.3] = 0.0
    full.flat[0] = 0.0
    return tf.constant(full, tf.float32)


def contrib_weights_for(kind: str, loss_shape: tuple[int, ...], seed: int = 1) -> Any:
    """contrib's weight shapes: a per-example weight is ``[batch_size]``, no trailing ones."""
    weights = weights_for(kind, loss_shape, seed)
    if kind == "per_example":
        return tf.reshape(weights, [loss_shape[0]])
    return weights


def weight_kwargs(weights: Any) -> dict[str, Any]:
    return {} if weights is None else {"weights": weights}


def value_and_grads(
    family: Family, fn: Callable[..., Any], labels: Any, predictions: Any, weights: Any, **kw: Any
) -> list[Any]:
    """The loss and its gradients w.r.t. predictions, labels and (tensor) weights."""
    watched = [predictions, labels] + ([weights] if isinstance(weights, tf.Tensor) else [])
    with tf.GradientTape() as tape:
        tape.watch(watched)
        loss = family.call(fn, labels, predictions, **weight_kwargs(weights), **kw)
        total = tf.reduce_sum(loss)
    return [loss, *tape.gradient(total, watched)]


def assert_all_same(actual: list[Any], expected: list[Any], what: str) -> None:
    names = ["value", "d/dpredictions", "d/dlabels", "d/dweights"]
    assert len(actual) == len(expected)
    for a, e, name in zip(actual, expected, names, strict=False):
        assert_same(a, e, f"{what} {name}")
