"""Loss collections: TF1's graph collection, and collect_losses() for eager code."""

from __future__ import annotations

from typing import Any

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
    assert len(losses) == 2 and all(not hasattr(x, "numpy") for x in losses)  # symbolic
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


# --- Regularization losses -------------------------------------------------------------------

REG = v1.GraphKeys.REGULARIZATION_LOSSES


@pytest.fixture
def _clean_regularization() -> Any:
    v1.get_default_graph().clear_collection(REG)
    yield
    v1.get_default_graph().clear_collection(REG)


def test_regularization_in_a_graph_is_tf1s_collection() -> None:
    graph = tf.Graph()
    with graph.as_default():
        assert T.get_regularization_losses() == v1.losses.get_regularization_losses() == []
        empty, ref_empty = T.get_regularization_loss(), v1.losses.get_regularization_loss()
        assert empty.name == ref_empty.name.replace("_1", "") == "Const:0"
        with tf.name_scope("tower"):
            first = tf.constant(0.5)
        T.add_loss(first, loss_collection=REG)
        v1.add_to_collection(REG, tf.constant(0.25))
        T.compute_weighted_loss([1.0, 3.0])
        assert T.get_regularization_losses() == v1.losses.get_regularization_losses()
        assert T.get_regularization_losses(scope="tower") == [first]
        total, ref = T.get_regularization_loss(), v1.losses.get_regularization_loss(name="ref")
        assert total.name == "total_regularization_loss:0"
        scoped = T.get_regularization_loss(scope="tower", name="tower_reg")
        assert scoped.name == "tower_reg:0"
        with v1.Session(graph=graph) as session:
            got = session.run(
                [total, ref, scoped, empty, T.get_total_loss(), v1.losses.get_total_loss()]
            )
    assert got[:4] == [0.75, 0.75, 0.5, 0.0]
    assert got[4] == got[5] == 2.75


@pytest.mark.usefixtures("_clean_regularization")
def test_eager_blocks_record_regularization_losses_apart() -> None:
    with T.collect_losses() as block:
        loss = T.compute_weighted_loss([1.0, 3.0])
        T.add_loss(tf.constant(0.5), loss_collection=REG)
        assert [float(x) for x in T.get_regularization_losses()] == [0.5]
        assert float(T.get_regularization_loss()) == 0.5
        assert float(T.get_total_loss()) == 2.5
        assert float(T.get_total_loss(add_regularization_losses=False)) == 2.0
    assert list(block) == [loss]  # the block's sequence is its own collection
    assert [float(x) for x in block.regularization_losses()] == [0.5]
    assert float(block.total()) == 2.0
    # Outside a block TF1 returns (and the shim adds) the global graph's collection, which
    # tf.compat.v1.add_to_collection fills even eagerly; nothing of the block's is left.
    assert T.get_regularization_losses() == v1.losses.get_regularization_losses() == []
    v1.add_to_collection(REG, tf.constant(0.125))
    assert [float(x) for x in T.get_regularization_losses()] == [0.125]
    with T.collect_losses():
        T.add_loss(tf.constant(0.5), loss_collection=REG)
        assert [float(x) for x in T.get_regularization_losses()] == [0.5, 0.125]
    assert float(T.get_regularization_loss()) == float(v1.losses.get_regularization_loss())


@pytest.mark.usefixtures("_clean_regularization")
def test_a_block_for_the_regularization_collection() -> None:
    with T.collect_losses(REG) as reg, T.collect_losses() as main:
        T.add_loss(tf.constant(0.5), loss_collection=REG)
        T.compute_weighted_loss([2.0])
    assert [float(x) for x in reg] == [0.5]
    assert [float(x) for x in main] == [2.0]
    assert [float(x) for x in main.regularization_losses()] == [0.5]
    main.clear()
    assert main.regularization_losses() == []


def test_every_loss_function_is_recorded_eagerly() -> None:
    y, p = tf.constant([[1.0, 0.0]]), tf.constant([[0.7, 0.2]])
    with T.collect_losses() as block:
        made = [
            T.absolute_difference(y, p),
            T.mean_squared_error(y, p),
            T.huber_loss(y, p),
            T.log_loss(y, p),
            T.hinge_loss(y, p),
            T.cosine_distance(y, p, axis=1),
            T.sigmoid_cross_entropy(y, p),
            T.mean_pairwise_squared_error(y, p),
            T.contrib.sigmoid_cross_entropy(p, y),
        ]
        for fn in (T.absolute_difference, T.mean_squared_error, T.sigmoid_cross_entropy):
            fn(y, p, loss_collection=None)
    assert list(block) == made
