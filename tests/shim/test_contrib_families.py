"""tfcompat_losses.contrib's losses beyond softmax against tf_slim.losses (tf.contrib.losses' code).

Every function x weight kind x dtype eagerly, with gradients w.r.t. predictions (or logits),
labels and weights; a sample in tf.function, XLA and a TF1 graph + Session; contrib's collection,
the TF 0.12 keyword names, ``hinge_loss`` (unreduced) and the helpers contrib exported.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pytest
import tensorflow as tf
from _families import (
    CONTRIB,
    CONTRIB_BY_NAME,
    WEIGHT_KINDS,
    Family,
    assert_all_same,
    contrib_weights_for,
    inputs,
    value_and_grads,
    weight_kwargs,
)
from _oracle import DTYPES, assert_same, v1

import tfcompat_losses as T
from tfcompat_losses import contrib

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import tf_slim

KINDS = [*WEIGHT_KINDS, "column"]
PAIRWISE = CONTRIB_BY_NAME["contrib.mean_pairwise_squared_error"]


@pytest.fixture(autouse=True)
def _clear_global_losses() -> Any:
    """tf_slim adds its losses to the global graph's collection even eagerly (a leak we avoid)."""
    yield
    v1.get_default_graph().clear_collection(v1.GraphKeys.LOSSES)


def contrib_weights(family: Family, kind: str) -> Any:
    if kind == "column":  # [batch_size, 1]: contrib squeezes the trailing 1
        return tf.reshape(contrib_weights_for("per_example", family.loss_shape()), [-1, 1])
    return contrib_weights_for(kind, family.loss_shape())


def _outcome(family: Family, fn: Any, labels: Any, predictions: Any, weights: Any) -> Any:
    try:
        return value_and_grads(family, fn, labels, predictions, weights)
    except (ValueError, tf.errors.InvalidArgumentError) as error:
        return error


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: d.name)
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("family", CONTRIB, ids=lambda f: f.name)
def test_matches_tf_slim(family: Family, kind: str, dtype: tf.DType) -> None:
    labels, predictions = inputs(family, dtype, seed=21)
    weights = contrib_weights(family, kind)
    actual = _outcome(family, family.shim, labels, predictions, weights)
    expected = _outcome(family, family.oracle, labels, predictions, weights)
    if isinstance(expected, Exception):
        # contrib's _scale_losses broadcasts [batch] by [batch, d]: tf_slim fails in a kernel.
        assert family is PAIRWISE and kind in ("per_element", "column"), expected
        assert isinstance(actual, type(expected)), actual
        return
    assert_all_same(actual, expected, f"{family.name} {kind} {dtype.name}")
    assert actual[0].dtype == (dtype if family.keeps_dtype else tf.float32)


@pytest.mark.parametrize("mode", ["function", "xla", "tf1_graph"])
@pytest.mark.parametrize("family", CONTRIB, ids=lambda f: f.name)
def test_modes_match_tf_slim(family: Family, mode: str) -> None:
    labels, predictions = inputs(family, seed=22)
    kinds = ["per_example", "scalar", "none"]
    tensors = [contrib_weights(family, k) for k in kinds[:2]]

    def step(fn: Any, y: Any, p: Any, w1: Any, w2: Any) -> list[Any]:
        out: list[Any] = []
        for w in (w1, w2, None):
            watched = [p, y] + ([w] if w is not None else [])
            loss = family.call(fn, y, p, **weight_kwargs(w))
            out += [loss, *tf.gradients(loss, watched)]
        return out

    if mode == "tf1_graph":
        results = []
        for fn in (family.shim, family.oracle):
            with tf.Graph().as_default() as graph:
                args = [
                    v1.placeholder(t.dtype, [None, *t.shape[1:]] if t.shape.rank else [])
                    for t in (labels, predictions, *tensors)
                ]
                out = step(fn, *args)
                assert len(v1.losses.get_losses()) == 3
                with v1.Session(graph=graph) as session:
                    values = (labels, predictions, *tensors)
                    feed = {a: v.numpy() for a, v in zip(args, values, strict=True)}
                    results.append(session.run(out, feed))
        actual, expected = results
    else:
        jit = mode == "xla"
        actual, expected = (
            tf.function(lambda *a, fn=fn: step(fn, *a), jit_compile=jit, autograph=False)(
                labels, predictions, *tensors
            )
            for fn in (family.shim, family.oracle)
        )
    for i, (a, e) in enumerate(zip(actual, expected, strict=True)):
        assert_same(a, e, f"{family.name} {mode} output {i}")


@pytest.mark.parametrize("dtype", [tf.float32, tf.float64], ids=lambda d: d.name)
def test_hinge_loss_is_unreduced_and_collects_nothing(dtype: tf.DType) -> None:
    rng = np.random.default_rng(23)
    logits = tf.constant(rng.normal(size=(4, 3)), tf.float32)
    labels = tf.constant(rng.random((4, 3)).round(), dtype)

    def run(fn: Any) -> list[Any]:
        with tf.GradientTape() as tape:
            tape.watch([logits, labels])
            loss = fn(logits, labels)
        return [loss, *tape.gradient(loss, [logits, labels])]

    for a, e in zip(run(contrib.hinge_loss), run(tf_slim.losses.hinge_loss), strict=True):
        assert_same(a, e)
    with tf.Graph().as_default():
        loss = contrib.hinge_loss(logits.numpy(), labels.numpy(), scope="margin")
        assert loss.op.name == "margin/Relu"
        assert not v1.losses.get_losses()
    # contrib does not cast the logits: float16 logits meet float32 labels in a multiply.
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf_slim.losses.hinge_loss(tf.cast(logits, tf.float16), labels)
    with pytest.raises(tf.errors.InvalidArgumentError):
        contrib.hinge_loss(tf.cast(logits, tf.float16), labels)


@pytest.mark.parametrize("kind", ["none", "scalar", "per_example", "column", "per_element"])
def test_compute_weighted_loss_matches_tf_slim(kind: str) -> None:
    losses = tf.constant(np.random.default_rng(24).normal(size=(4, 3, 2)), tf.float32)
    weights = contrib_weights_for(kind, (4, 3, 2)) if kind != "column" else tf.ones([4, 1])
    if kind == "per_element":
        weights = weights[:, :, :1]  # [4, 3, 1]: squeezed to [4, 3], scaling [4, 3] sums
    kw = weight_kwargs(weights)
    assert_same(
        contrib.compute_weighted_loss(losses, **kw),
        tf_slim.losses.compute_weighted_loss(losses, **kw),
    )


def test_collection_and_total_loss_in_a_graph() -> None:
    family = CONTRIB_BY_NAME["contrib.mean_squared_error"]
    labels, predictions = (t.numpy() for t in inputs(family, seed=25))
    graph = tf.Graph()
    with graph.as_default():
        made = [
            contrib.mean_squared_error(predictions, labels, scope="head"),
            contrib.mean_pairwise_squared_error(predictions, labels),
            contrib.compute_weighted_loss(predictions),
        ]
        v1.add_to_collection(v1.GraphKeys.REGULARIZATION_LOSSES, tf.constant(0.5))
        assert made[0].op.name == "head/value"
        assert made[1].op.name == "mean_pairwise_squared_error/value_2"
        assert made[2].op.name == "weighted_loss/value"
        assert contrib.get_losses() == v1.losses.get_losses() == made
        assert contrib.get_losses(scope="head") == [made[0]]
        assert len(contrib.get_regularization_losses()) == 1
        shim_total = contrib.get_total_loss()
        oracle_total = tf_slim.losses.get_total_loss()
        without = contrib.get_total_loss(add_regularization_losses=False)
        with v1.Session(graph=graph) as session:
            got = session.run([shim_total, oracle_total, without, made])
    assert got[0] == got[1]
    assert got[2] == pytest.approx(float(np.sum(got[3])), rel=1e-6)


def test_eager_losses_go_to_collect_losses_blocks_only() -> None:
    family = CONTRIB_BY_NAME["contrib.absolute_difference"]
    labels, predictions = inputs(family, seed=26)
    with T.collect_losses() as block:
        a = contrib.absolute_difference(predictions, labels)
        b = contrib.mean_pairwise_squared_error(predictions, labels)
        contrib.hinge_loss(predictions, labels)  # unreduced: recorded nowhere, as in contrib
        contrib.add_loss(tf.constant(1.0))
        assert_same(contrib.get_total_loss(), a + b + 1.0)
    assert list(block)[:2] == [a, b] and len(block) == 3
    assert v1.get_collection(v1.GraphKeys.LOSSES) == []


OLD_NAMES = {
    "absolute_difference": ("weight", "targets"),
    "mean_squared_error": ("weight", "targets"),
    "log_loss": ("weight", "targets"),
    "cosine_distance": ("weight", "targets"),
    "mean_pairwise_squared_error": ("weight", "targets"),
    "sigmoid_cross_entropy": ("weight", None),
}


@pytest.mark.parametrize("name", list(OLD_NAMES))
def test_tf_0_12_keyword_names(name: str) -> None:
    """TF 0.12 accepted ``weight=`` and ``targets=`` (the names before TF 1.0) next to the new
    ones; tf_slim has only the new names, so the oracle gets those, with the same values."""
    family = CONTRIB_BY_NAME[f"contrib.{name}"]
    labels, predictions = inputs(family, seed=27)
    weights = contrib_weights_for("per_example", family.loss_shape())
    weight_name, labels_name = OLD_NAMES[name]
    fn, oracle = family.shim, family.oracle
    expected = oracle(predictions, labels, weights=weights, **family.kwargs)
    old: dict[str, Any] = {weight_name: weights, **family.kwargs}
    if labels_name:
        assert_same(fn(predictions, **{labels_name: labels}, **old), expected)
    assert_same(fn(predictions, labels, **old), expected)
    with pytest.raises(ValueError, match=f"`{weight_name}`.*deprecated name of `weights`"):
        fn(predictions, labels, weights=weights, **old)
    if labels_name:
        with pytest.raises(ValueError, match=f"`{labels_name}`.*deprecated name of `labels`"):
            fn(predictions, labels, **{labels_name: labels})


def test_hinge_target_keyword() -> None:
    logits, labels = tf.constant([[0.5, -2.0]]), tf.constant([[1.0, 0.0]])
    assert_same(
        contrib.hinge_loss(logits, target=labels), tf_slim.losses.hinge_loss(logits, labels)
    )


@pytest.mark.parametrize("name", [f.name.removeprefix("contrib.") for f in CONTRIB])
def test_errors(name: str) -> None:
    family = CONTRIB_BY_NAME[f"contrib.{name}"]
    labels, predictions = inputs(family, seed=28)
    fn = family.shim
    with pytest.raises(ValueError, match=r"`weights`.*Received: weights=None"):
        fn(predictions, labels, weights=None, **family.kwargs)
    with pytest.raises(ValueError, match="Received"):
        fn(predictions, None, **family.kwargs)
    with pytest.raises(ValueError):
        family.oracle(predictions, labels[:2], **family.kwargs)
    with pytest.raises(ValueError, match=r"Shapes .* are incompatible"):
        fn(predictions, labels[:2], **family.kwargs)


def test_cosine_axis_and_dim() -> None:
    family = CONTRIB_BY_NAME["contrib.cosine_distance"]
    labels, predictions = inputs(family, seed=29)
    expected = tf_slim.losses.cosine_distance(predictions, labels, dim=2)
    assert_same(contrib.cosine_distance(predictions, labels, dim=2), expected)
    assert_same(contrib.cosine_distance(predictions, labels, 2), expected)
    for kwargs in ({}, {"axis": 2, "dim": 2}):
        with pytest.raises(ValueError):
            tf_slim.losses.cosine_distance(predictions, labels, **kwargs)
        with pytest.raises(ValueError, match="`axis`"):
            contrib.cosine_distance(predictions, labels, **kwargs)
