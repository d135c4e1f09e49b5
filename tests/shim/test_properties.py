"""Property-based differential tests (hypothesis, derandomized and bounded): the softmax family,
``compute_weighted_loss`` and every other family, against tf.compat.v1 on drawn shapes and weights."""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import tensorflow as tf
from _families import TF1, TF1_BY_NAME, Family
from _families import inputs as family_inputs
from _oracle import DTYPES, REDUCTIONS, assert_same, v1
from hypothesis import given, settings
from hypothesis import strategies as st

import tfcompat_losses as T

WEIGHT_VALUES = [0.0, 1.0, -1.0, 0.5, 2.0, 1e-3]


@st.composite
def cases(draw: Any) -> dict[str, Any]:
    batch = draw(st.integers(0, 5))
    time = draw(st.sampled_from([None, 1, 3]))
    classes = draw(st.integers(1, 5))
    outer = (batch,) if time is None else (batch, time)
    dtype = draw(st.sampled_from(DTYPES))
    seed = draw(st.integers(0, 2**16))
    rng = np.random.default_rng(seed)
    logits = tf.cast(rng.normal(size=(*outer, classes)) * draw(st.sampled_from([1.0, 30.0])), dtype)
    ids = rng.integers(0, classes, size=outer)
    kind = draw(st.sampled_from(["python", "scalar", "full", "broadcast"]))
    if kind == "python":
        weights: Any = draw(st.sampled_from(WEIGHT_VALUES))
    elif kind == "scalar":
        weights = tf.constant(draw(st.sampled_from(WEIGHT_VALUES)))
    else:
        shape = outer if kind == "full" or time is None else (batch, 1)
        weights = tf.constant(rng.choice(WEIGHT_VALUES, size=shape).astype(np.float32))
    return {
        "logits": logits,
        "labels": tf.one_hot(ids, classes),
        "ids": tf.constant(ids, tf.int64),
        "weights": weights,
        "reduction": draw(st.sampled_from(REDUCTIONS)),
        "label_smoothing": draw(st.sampled_from([0, 0.1])),
    }


@settings(max_examples=40, derandomize=True, deadline=None, database=None)
@given(cases())
def test_softmax_matches_tf1(case: dict[str, Any]) -> None:
    args = (case["labels"], case["logits"], case["weights"], case["label_smoothing"])
    kwargs = {"reduction": case["reduction"]}
    assert_same(
        T.softmax_cross_entropy(*args, **kwargs), v1.losses.softmax_cross_entropy(*args, **kwargs)
    )


@settings(max_examples=30, derandomize=True, deadline=None, database=None)
@given(cases())
def test_sparse_matches_tf1(case: dict[str, Any]) -> None:
    args = (case["ids"], case["logits"], case["weights"])
    kwargs = {"reduction": case["reduction"]}
    assert_same(
        T.sparse_softmax_cross_entropy(*args, **kwargs),
        v1.losses.sparse_softmax_cross_entropy(*args, **kwargs),
    )


@settings(max_examples=30, derandomize=True, deadline=None, database=None)
@given(
    st.lists(st.floats(-1e3, 1e3, width=32), min_size=0, max_size=8),
    st.lists(st.sampled_from(WEIGHT_VALUES), min_size=8, max_size=8),
    st.sampled_from(REDUCTIONS),
)
def test_weighted_loss_matches_tf1(
    losses: list[float], weights: list[float], reduction: str
) -> None:
    w = weights[: len(losses)]
    assert_same(
        T.compute_weighted_loss(losses, w, reduction=reduction),
        v1.losses.compute_weighted_loss(losses, w, reduction=reduction),
    )


# --- The other loss families -----------------------------------------------------------------

REDUCED = [f for f in TF1 if f.reduction]


@st.composite
def family_cases(draw: Any, reduced: bool = True) -> dict[str, Any]:
    family = (
        draw(st.sampled_from(REDUCED)) if reduced else TF1_BY_NAME["mean_pairwise_squared_error"]
    )
    rank = draw(st.integers(1, 3))
    shape = tuple(draw(st.integers(0 if i == 0 else 1, 4)) for i in range(rank))
    if family.name == "cosine_distance":
        shape = shape if rank > 1 else (shape[0], 2)
        family = dataclasses.replace(family, kwargs={"axis": len(shape) - 1})
    family = dataclasses.replace(family, shape=shape)
    dtype = draw(st.sampled_from(DTYPES))
    labels, predictions = family_inputs(family, dtype, seed=draw(st.integers(0, 2**16)))
    loss_shape = (*shape[:-1], 1) if family.name == "cosine_distance" else shape
    kind = draw(st.sampled_from(["python", "scalar", "broadcast"]))
    rng = np.random.default_rng(draw(st.integers(0, 2**16)))
    if kind == "python":
        weights: Any = draw(st.sampled_from(WEIGHT_VALUES))
    elif kind == "scalar":
        weights = tf.constant(draw(st.sampled_from(WEIGHT_VALUES)))
    else:
        w_shape = tuple(d if draw(st.booleans()) else 1 for d in loss_shape)
        weights = tf.constant(rng.choice(WEIGHT_VALUES, size=w_shape).astype(np.float32))
    return {
        "family": family,
        "labels": labels,
        "predictions": predictions,
        "weights": weights,
        "reduction": draw(st.sampled_from(REDUCTIONS)),
    }


@settings(max_examples=60, derandomize=True, deadline=None, database=None)
@given(family_cases())
def test_families_match_tf1(case: dict[str, Any]) -> None:
    """Any shape (empty batches included), broadcast weights, dtype and reduction."""
    family: Family = case["family"]
    args = (case["labels"], case["predictions"])
    kw = {"weights": case["weights"], "reduction": case["reduction"]}
    assert_same(family.call(family.shim, *args, **kw), family.call(family.oracle, *args, **kw))


@settings(max_examples=15, derandomize=True, deadline=None, database=None)
@given(family_cases(reduced=False))
def test_pairwise_matches_tf1_graph(case: dict[str, Any]) -> None:
    labels, predictions, weights = case["labels"], case["predictions"], case["weights"]
    oracle = tf.function(
        lambda: v1.losses.mean_pairwise_squared_error(labels, predictions, weights),
        autograph=False,
    )
    assert_same(T.mean_pairwise_squared_error(labels, predictions, weights), oracle())
