"""compute_weighted_loss against tf.compat.v1.losses.compute_weighted_loss, bit for bit."""

from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf
from _oracle import DTYPES, REDUCTIONS, WEIGHT_KINDS, assert_same, v1, weights_for

import tfcompat_losses as T

RNG = np.random.default_rng(7)
LOSSES = {
    (6,): RNG.normal(size=(6,)).astype(np.float32),
    (4, 3): RNG.normal(size=(4, 3)).astype(np.float32),
}


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("kind", WEIGHT_KINDS)
@pytest.mark.parametrize("shape", [(6,), (4, 3)], ids=["rank1", "rank2"])
def test_matches_tf1(reduction: str, kind: str, shape: tuple[int, ...]) -> None:
    losses = tf.constant(LOSSES[shape])
    weights = weights_for(kind, shape)
    expected = v1.losses.compute_weighted_loss(losses, weights, reduction=reduction)
    actual = T.compute_weighted_loss(losses, weights, reduction=reduction)
    assert_same(actual, expected, f"{reduction} {kind} {shape}")


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: d.name)
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_dtypes_reduce_in_float32_and_cast_back(dtype: tf.DType, reduction: str) -> None:
    losses = tf.cast(LOSSES[(6,)] * 1000.0, dtype)
    weights = weights_for("full", (6,))
    expected = v1.losses.compute_weighted_loss(losses, weights, reduction=reduction)
    actual = T.compute_weighted_loss(losses, weights, reduction=reduction)
    assert actual.dtype == dtype
    assert_same(actual, expected, dtype.name)


@pytest.mark.parametrize("weights", [[[1.0], [0.0], [2.0], [0.0]], [[0.0, 1.0, 2.0]], 0.0])
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_broadcast_and_zero_weights(weights: object, reduction: str) -> None:
    losses = tf.constant(LOSSES[(4, 3)])
    expected = v1.losses.compute_weighted_loss(losses, weights, reduction=reduction)
    assert_same(T.compute_weighted_loss(losses, weights, reduction=reduction), expected)


def test_all_zero_weights_give_zero_not_nan() -> None:
    loss = T.compute_weighted_loss([1.0, 2.0], weights=[0.0, 0.0])
    assert float(loss) == 0.0


def test_hand_computed_numbers() -> None:
    # (1*1 + 2*0 + 3*2) / 2 non-zero weights = 3.5; MEAN divides by 1 + 0 + 2 = 3.
    losses, weights = [1.0, 2.0, 3.0], [1.0, 0.0, 2.0]
    assert float(T.compute_weighted_loss(losses, weights)) == 3.5
    mean = T.compute_weighted_loss(losses, weights, reduction=T.Reduction.MEAN)
    assert mean.numpy() == np.float32(7.0) / np.float32(3.0)
    assert float(T.compute_weighted_loss(losses, weights, reduction="weighted_sum")) == 7.0
    batch = T.compute_weighted_loss(losses, weights, reduction=T.Reduction.SUM_OVER_BATCH_SIZE)
    assert batch.numpy() == np.float32(7.0) / np.float32(3.0)
    assert T.compute_weighted_loss(losses, weights, reduction="none").numpy().tolist() == [1, 0, 6]


@pytest.mark.parametrize("batch", [0, 1])
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_batch_zero_and_one(batch: int, reduction: str) -> None:
    losses = tf.ones([batch]) * 2.0
    for weights in (1.0, tf.ones([batch]) * 3.0):
        expected = v1.losses.compute_weighted_loss(losses, weights, reduction=reduction)
        assert_same(T.compute_weighted_loss(losses, weights, reduction=reduction), expected)


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_gradients_match(reduction: str) -> None:
    losses = tf.constant(LOSSES[(4, 3)])
    weights = tf.constant(weights_for("first_dim", (4, 3)))

    def grads(fn: object) -> list[tf.Tensor]:
        with tf.GradientTape() as tape:
            tape.watch([losses, weights])
            out = tf.reduce_sum(fn(losses, weights, reduction=reduction))  # type: ignore[operator]
        return tape.gradient(out, [losses, weights])

    for actual, expected in zip(
        grads(T.compute_weighted_loss), grads(v1.losses.compute_weighted_loss), strict=True
    ):
        assert_same(actual, expected, reduction)


class TestErrors:
    def test_none_losses(self) -> None:
        with pytest.raises(ValueError, match=r"`losses`.*Received: None"):
            T.compute_weighted_loss(None)

    def test_none_weights(self) -> None:
        with pytest.raises(ValueError) as oracle:
            v1.losses.compute_weighted_loss([1.0], weights=None)
        with pytest.raises(type(oracle.value), match=r"`weights`.*Received: weights=None"):
            T.compute_weighted_loss([1.0], weights=None)

    def test_bad_reduction_lists_valid_values(self) -> None:
        with pytest.raises(ValueError):
            v1.losses.compute_weighted_loss([1.0], reduction="mean")
        with pytest.raises(ValueError) as error:
            T.compute_weighted_loss([1.0], reduction="mean")
        message = str(error.value)
        assert "Invalid value for argument `reduction`" in message
        assert "Received: reduction='mean'" in message
        for key in REDUCTIONS:
            assert repr(key) in message

    @pytest.mark.parametrize(
        ("weights", "fragment"),
        [([1.0, 2.0], "Mismatch at dim 0"), ([[1.0], [2.0], [3.0]], "rank 2")],
    )
    def test_not_broadcastable(self, weights: list[object], fragment: str) -> None:
        losses = tf.ones([3])
        with pytest.raises(ValueError):
            v1.losses.compute_weighted_loss(losses, weights)
        with pytest.raises(ValueError, match=fragment) as error:
            T.compute_weighted_loss(losses, weights)
        assert "weights can not be broadcast to values" in str(error.value)
        assert "`weights`" in str(error.value)

    def test_nan_weights_propagate(self) -> None:
        expected = v1.losses.compute_weighted_loss([1.0, 2.0], [np.nan, 1.0])
        actual = T.compute_weighted_loss([1.0, 2.0], [np.nan, 1.0])
        assert np.isnan(actual.numpy())
        assert_same(actual, expected)
