"""tfcompat_losses.nn v1 / v2 against tf.compat.v1.nn."""

from __future__ import annotations

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
