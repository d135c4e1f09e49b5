"""Loss collections: TF1's graph collection, and collect_losses() for eager code."""

from __future__ import annotations

import pytest
import tensorflow as tf
from _oracle import assert_same, logits_labels, v1

import tfcompat_losses as T

LOGITS, LABELS, IDS = logits_labels((4, 3), seed=12)


@pytest.fixture(autouse=True)
def _clean_global_collection() -> None:
    # Oracles run eagerly in the same worker (tf_slim) may leave losses in the global graph.
    v1.get_default_graph().clear_collection(v1.GraphKeys.LOSSES)


def test_nothing_recorded_outside_a_block() -> None:
    T.softmax_cross_entropy(LABELS, LOGITS)
    assert T.get_losses() == []
    assert v1.get_collection(v1.GraphKeys.LOSSES) == []
    with pytest.raises(ValueError, match="No losses to total"):
        T.get_total_loss()


def test_eager_block_records_every_loss() -> None:
    with T.collect_losses() as losses:
        a = T.softmax_cross_entropy(LABELS, LOGITS)
        b = T.sparse_softmax_cross_entropy(IDS, LOGITS, scope="head")
        c = T.compute_weighted_loss([1.0, 3.0])
        T.softmax_cross_entropy(LABELS, LOGITS, loss_collection=None)
        T.add_loss(tf.constant(0.5))
        assert T.get_losses() == list(losses)
        assert T.get_losses(scope="head") == [b]
        assert_same(T.get_total_loss(), a + b + c + 0.5)
    assert len(losses) == 4
    assert losses[:3] == [a, b, c]
    assert_same(losses.total(), a + b + c + 0.5)
    assert T.get_losses() == []  # the block is closed


def test_nested_blocks_and_other_collections() -> None:
    with T.collect_losses() as outer:
        T.compute_weighted_loss([1.0])
        with T.collect_losses() as inner, T.collect_losses("aux") as aux:
            T.compute_weighted_loss([2.0])
            T.compute_weighted_loss([4.0], loss_collection="aux")
    assert [float(x) for x in outer] == [1.0, 2.0]
    assert [float(x) for x in inner] == [2.0]
    assert [float(x) for x in aux] == [4.0]
    outer.clear()
    assert len(outer) == 0 and float(outer.total()) == 0.0


def test_tf_function_traced_inside_a_block() -> None:
    @tf.function
    def step(labels: tf.Tensor, logits: tf.Tensor) -> tf.Tensor:
        T.softmax_cross_entropy(labels, logits)
        T.sparse_softmax_cross_entropy(IDS, logits)
        # TF1 code reads the graph collection inside the function, as in a TF1 graph.
        assert len(v1.losses.get_losses()) == 2
        return T.get_total_loss()

    with T.collect_losses() as losses:
        total = step(LABELS, LOGITS)
    expected = v1.losses.softmax_cross_entropy(
        LABELS, LOGITS
    ) + v1.losses.sparse_softmax_cross_entropy(IDS, LOGITS)
    assert_same(total, expected)
    assert len(losses) == 2 and all(tf.is_symbolic_tensor(x) for x in losses)
    assert float(losses.total()) == 0.0  # symbolic tensors of the function are not usable eagerly


def test_block_inside_tf_function() -> None:
    @tf.function
    def step(logits: tf.Tensor) -> tf.Tensor:
        with T.collect_losses() as losses:
            T.softmax_cross_entropy(LABELS, logits)
            T.softmax_cross_entropy(LABELS, logits, weights=2.0)
        return losses.total()

    expected = v1.losses.softmax_cross_entropy(LABELS, LOGITS) * 3.0
    assert float(step(LOGITS)) == pytest.approx(float(expected), rel=1e-6)


def test_tf1_graph_collection_is_the_real_one() -> None:
    graph = tf.Graph()
    with graph.as_default():
        loss = T.softmax_cross_entropy(LABELS.numpy(), LOGITS.numpy())
        other = T.compute_weighted_loss([1.0, 2.0], loss_collection="mine")
        T.softmax_cross_entropy(LABELS.numpy(), LOGITS.numpy(), loss_collection=None)
        T.add_loss(tf.constant(1.0))
        v1.add_to_collection(v1.GraphKeys.REGULARIZATION_LOSSES, tf.constant(0.25))
        assert len(v1.losses.get_losses()) == 2
        assert v1.losses.get_losses()[0] is loss
        assert T.get_losses(loss_collection="mine") == [other]
        assert T.get_losses() == v1.losses.get_losses()
        total, ref_total = T.get_total_loss(), v1.losses.get_total_loss()
        no_reg = T.get_total_loss(add_regularization_losses=False)
        with v1.Session(graph=graph) as session:
            got = session.run([total, ref_total, no_reg])
    assert got[0] == got[1]
    assert got[2] == pytest.approx(got[0] - 0.25)


def test_add_loss_none() -> None:
    with pytest.raises(ValueError, match="`loss`"):
        T.add_loss(None)
