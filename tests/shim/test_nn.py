"""tfcompat_losses.nn v1 / v2 against tf.compat.v1.nn."""

from __future__ import annotations

from typing import Any

import pytest
import tensorflow as tf
from _oracle import DTYPES, assert_same, logits_labels, v1

from tfcompat_losses import nn

SOFT_LABELS = tf.nn.softmax(tf.random.stateless_normal([6, 5], seed=[1, 2]))


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: d.name)
@pytest.mark.parametrize("shape", [(6, 5), (2, 3, 5), (5,)], ids=["rank2", "rank3", "rank1"])
def test_values_match(dtype: tf.DType, shape: tuple[int, ...]) -> None:
    logits, labels, _ = logits_labels(shape, dtype, seed=8)
    assert_same(
        nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits),
        v1.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits),
    )
    assert_same(
        nn.softmax_cross_entropy_with_logits_v2(labels, logits),
        v1.nn.softmax_cross_entropy_with_logits_v2(labels, logits),
    )


@pytest.mark.parametrize("dtype", [tf.float16, tf.float32], ids=lambda d: d.name)
def test_soft_labels_and_axis(dtype: tf.DType) -> None:
    logits = tf.cast(tf.random.stateless_normal([6, 5], seed=[3, 4]), dtype)
    labels = SOFT_LABELS  # float32 labels with float16 logits: TF casts them straight to float32
    assert_same(
        nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits),
        v1.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits),
    )
    transposed = tf.transpose(logits)
    assert_same(
        nn.softmax_cross_entropy_with_logits(labels=tf.transpose(labels), logits=transposed, dim=0),
        v1.nn.softmax_cross_entropy_with_logits(
            labels=tf.transpose(labels), logits=transposed, dim=0
        ),
    )
    assert_same(
        nn.softmax_cross_entropy_with_logits_v2(tf.transpose(labels), transposed, axis=0),
        v1.nn.softmax_cross_entropy_with_logits_v2(tf.transpose(labels), transposed, axis=0),
    )
    # TF1 refuses axis= next to dim's default; here axis simply wins (documented difference).
    assert_same(
        nn.softmax_cross_entropy_with_logits(
            labels=tf.transpose(labels), logits=transposed, axis=0
        ),
        v1.nn.softmax_cross_entropy_with_logits(
            labels=tf.transpose(labels), logits=transposed, dim=0
        ),
    )


@pytest.mark.parametrize("version", ["v1", "v2"])
def test_gradients_into_labels(version: str) -> None:
    logits, _, _ = logits_labels((6, 5), seed=9)
    labels = SOFT_LABELS
    shim = (
        nn.softmax_cross_entropy_with_logits
        if version == "v1"
        else nn.softmax_cross_entropy_with_logits_v2
    )
    oracle = (
        v1.nn.softmax_cross_entropy_with_logits
        if version == "v1"
        else v1.nn.softmax_cross_entropy_with_logits_v2
    )

    def grads(fn: object) -> list[object]:
        with tf.GradientTape() as tape:
            tape.watch([labels, logits])
            loss = tf.reduce_sum(fn(labels=labels, logits=logits))  # type: ignore[operator]
        return tape.gradient(loss, [logits, labels])

    actual, expected = grads(shim), grads(oracle)
    assert_same(actual[0], expected[0], "logits")
    if version == "v1":
        assert actual[1] is None and expected[1] is None
    else:
        assert actual[1] is not None
        assert_same(actual[1], expected[1], "labels")


def test_in_function_and_xla() -> None:
    logits, labels, _ = logits_labels((6, 5), seed=10)
    for jit in (False, True):
        shim = tf.function(
            lambda y, x: nn.softmax_cross_entropy_with_logits(labels=y, logits=x), jit_compile=jit
        )
        assert_same(
            shim(labels, logits),
            v1.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits),
        )


def test_errors() -> None:
    logits, labels, _ = logits_labels((6, 5))
    with pytest.raises(ValueError):
        v1.nn.softmax_cross_entropy_with_logits(labels=None, logits=logits)
    with pytest.raises(ValueError, match="Both `labels` and `logits` must be provided"):
        nn.softmax_cross_entropy_with_logits(labels=None, logits=logits)
    with pytest.raises(ValueError, match="Both `labels` and `logits`"):
        nn.softmax_cross_entropy_with_logits_v2(labels, None)
    with pytest.raises(ValueError, match="both 'dim' and 'axis'"):
        nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits, dim=0, axis=1)


# --- sigmoid_cross_entropy_with_logits and weighted_cross_entropy_with_logits --------------


def _binary(shape: tuple[int, ...], dtype: tf.DType, seed: int) -> tuple[tf.Tensor, tf.Tensor]:
    logits = tf.random.stateless_normal(shape, seed=[seed, 1]) * 3.0
    logits = tf.tensor_scatter_nd_update(logits, [[0] * len(shape)], [0.0])  # the kink at 0
    labels = tf.random.stateless_uniform(shape, seed=[seed, 2])
    return tf.cast(labels, dtype), tf.cast(logits, dtype)


def _sigmoid_pair(name: str) -> tuple[Any, Any]:
    return getattr(nn, name), getattr(v1.nn, name)


def _xent_grads(fn: Any, labels: tf.Tensor, logits: tf.Tensor, **kw: Any) -> list[Any]:
    watched = [labels, logits] + [v for v in kw.values() if isinstance(v, tf.Tensor)]
    with tf.GradientTape() as tape:
        tape.watch(watched)
        loss = fn(labels=labels, logits=logits, **kw)
        total = tf.reduce_sum(loss)
    return [loss, *tape.gradient(total, watched)]


SIGMOID_CASES = {
    "sigmoid_cross_entropy_with_logits": {},
    "weighted_cross_entropy_with_logits": {"pos_weight": 2.5},
    "weighted_tensor_pos_weight": {"pos_weight": "tensor"},
}


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: d.name)
@pytest.mark.parametrize("shape", [(6, 5), (2, 3, 4), (5,)], ids=["rank2", "rank3", "rank1"])
@pytest.mark.parametrize("case", list(SIGMOID_CASES))
def test_sigmoid_values_and_gradients(case: str, shape: tuple[int, ...], dtype: tf.DType) -> None:
    """Gradients flow into labels (and pos_weight) as in TF1; every value and gradient bit-equal."""
    name = case if case in nn.__all__ else "weighted_cross_entropy_with_logits"
    kw: dict[str, Any] = dict(SIGMOID_CASES[case])
    if kw.get("pos_weight") == "tensor":
        kw["pos_weight"] = tf.cast(tf.linspace(0.5, 3.0, shape[-1]), dtype)
    labels, logits = _binary(shape, dtype, seed=len(shape))
    shim, oracle = _sigmoid_pair(name)
    actual, expected = (
        _xent_grads(shim, labels, logits, **kw),
        _xent_grads(oracle, labels, logits, **kw),
    )
    assert actual[1] is not None  # the labels' gradient flows
    for a, e, what in zip(
        actual, expected, ["loss", "labels", "logits", "pos_weight"], strict=False
    ):
        assert_same(a, e, f"{case} {what}")
    assert actual[0].dtype == dtype


@pytest.mark.parametrize("mode", ["function", "xla", "graph"])
def test_sigmoid_modes(mode: str) -> None:
    labels, logits = _binary((6, 5), tf.float32, seed=9)

    def step(lib: Any, y: tf.Tensor, x: tf.Tensor) -> list[Any]:
        out: list[Any] = []
        for loss in (
            lib.sigmoid_cross_entropy_with_logits(labels=y, logits=x, name="sig"),
            lib.weighted_cross_entropy_with_logits(labels=y, logits=x, pos_weight=1.5),
        ):
            out += [loss, *tf.gradients(tf.reduce_sum(loss), [y, x])]
        return out

    if mode == "graph":
        results = []
        for lib in (nn, v1.nn):
            with tf.Graph().as_default() as graph:
                y, x = v1.placeholder(tf.float32, [None, 5]), v1.placeholder(tf.float32, [None, 5])
                out = step(lib, y, x)
                assert out[0].op.name == "sig" and out[3].op.name == "logistic_loss"
                with v1.Session(graph=graph) as session:
                    results.append(session.run(out, {y: labels.numpy(), x: logits.numpy()}))
        actual, expected = results
    else:
        actual, expected = (
            tf.function(lambda y, x, lib=lib: step(lib, y, x), jit_compile=mode == "xla")(
                labels, logits
            )
            for lib in (nn, v1.nn)
        )
    for a, e in zip(actual, expected, strict=True):
        assert_same(a, e, mode)


def test_weighted_targets_keyword() -> None:
    """TF1's ``targets=`` (TF2 renamed it ``labels``), as TF1 spells it."""
    labels, logits = _binary((6, 5), tf.float32, seed=10)
    expected = v1.nn.weighted_cross_entropy_with_logits(
        targets=labels, logits=logits, pos_weight=2.0
    )
    assert_same(
        nn.weighted_cross_entropy_with_logits(targets=labels, logits=logits, pos_weight=2.0),
        expected,
    )
    assert_same(nn.weighted_cross_entropy_with_logits(labels, logits, 2.0), expected)
    for lib in (v1.nn, nn):
        with pytest.raises(ValueError, match="Cannot specify both 'targets' and 'labels'"):
            lib.weighted_cross_entropy_with_logits(
                labels=labels, targets=labels, logits=logits, pos_weight=2.0
            )


def test_sigmoid_errors() -> None:
    labels, logits = _binary((6, 5), tf.float32, seed=11)
    for lib in (v1.nn, nn):
        with pytest.raises(ValueError, match="Both `labels` and `logits` must be provided"):
            lib.sigmoid_cross_entropy_with_logits(labels=None, logits=logits)
        with pytest.raises(ValueError, match="must have the same shape"):
            lib.sigmoid_cross_entropy_with_logits(labels=labels[:2], logits=logits)
        with pytest.raises(ValueError, match="must have the same shape"):
            lib.weighted_cross_entropy_with_logits(labels[:2], logits, 2.0)
        with pytest.raises(tf.errors.InvalidArgumentError):  # labels are not cast, as in TF
            lib.sigmoid_cross_entropy_with_logits(labels=tf.cast(labels, tf.float64), logits=logits)
        with pytest.raises(TypeError):
            lib.weighted_cross_entropy_with_logits(labels=labels, logits=logits)
        with pytest.raises(ValueError):
            lib.weighted_cross_entropy_with_logits(logits=logits, pos_weight=2.0)
    with pytest.raises(TypeError, match=r"`pos_weight`.*Received: pos_weight=None"):
        nn.weighted_cross_entropy_with_logits(labels=labels, logits=logits)
    # TF 2.21's signature (no TF 1.x `_sentinel`): positional calls work, as in the oracle.
    assert_same(
        nn.sigmoid_cross_entropy_with_logits(labels, logits),
        v1.nn.sigmoid_cross_entropy_with_logits(labels, logits),
    )
