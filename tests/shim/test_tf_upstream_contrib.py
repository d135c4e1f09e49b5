"""TensorFlow's own ``tf.contrib.losses`` test cases, ported to run against ``tfcompat_losses.contrib``.

Source: ``tensorflow/contrib/losses/python/losses/loss_ops_test.py`` (TF 1.x), as kept by
tf_slim in the public repository google-research/tf-slim, ``tf_slim/losses/loss_ops_test.py``:
``SoftmaxCrossEntropyLossTest`` (12 cases), ``SparseSoftmaxCrossEntropyLossTest`` (20) and
``SigmoidCrossEntropyLossTest.testSigmoidLabelSmoothingEqualsSoftmaxTwoLabel`` (1; the rest of the
file is ported in ``test_tf_upstream_contrib_families.py``),
``ComputeWeightedLossTest`` (1) and ``AddLossTest`` (2 of 4: the other two need tf_slim's
``arg_scope``). Inputs, expected numbers and exception types are TF's own; logits come first, as
in contrib. The TF 0.x version of that file in tensorflow/tensorflow (same path, before TF 1.0)
passes the weights as ``weight=``: its softmax and sparse cases with that keyword are ported too.

Every case runs for ``lib`` = ``tfcompat_losses.contrib`` (``shim``) and ``tf_slim.losses``
(``oracle``), in a TF1 graph run by a Session (TF ran the file with eager execution disabled) and
eagerly, placeholders becoming ``tf.function`` arguments of the same shape.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pytest
import tensorflow as tf
from _upstream import MODES, almost, build_only, op_name, raises_like_tf, run, v1

import tfcompat_losses as T

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import tf_slim

LIBS = {"shim": T.contrib, "oracle": tf_slim.losses}


@pytest.fixture(params=list(LIBS))
def lib(request: pytest.FixtureRequest) -> Any:
    return LIBS[request.param]


@pytest.fixture(params=MODES)
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(autouse=True)
def _clear_global_losses() -> Any:
    """tf_slim adds its losses to the global graph's collection even eagerly (a leak we avoid)."""
    yield
    v1.get_default_graph().clear_collection(v1.GraphKeys.LOSSES)


LOGITS = [[10.0, 0.0, 0.0], [0.0, 10.0, 0.0], [0.0, 0.0, 10.0]]
LOGITS_100 = [[100.0, -100.0, -100.0], [-100.0, 100.0, -100.0], [-100.0, -100.0, 100.0]]
LOGITS_100_4 = [
    [100.0, -100.0, -100.0, -100.0],
    [-100.0, 100.0, -100.0, -100.0],
    [-100.0, -100.0, 100.0, -100.0],
    [-100.0, -100.0, -100.0, 100.0],
]
RIGHT = [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
WRONG = [[0, 0, 1], [1, 0, 0], [0, 1, 0]]
SCE_NAME = "softmax_cross_entropy_loss/value"
SPARSE_NAME = "sparse_softmax_cross_entropy_loss/value"
MEAN_123 = (1.2 + 3.4 + 5.6) * 10.0 / 3.0
c = tf.constant


# --- SoftmaxCrossEntropyLossTest ------------------------------------------------------------


def test_softmax_none_weight_raises_value_error(lib: Any, mode: str) -> None:
    with pytest.raises(ValueError):
        build_only(lambda: lib.softmax_cross_entropy(c(LOGITS), c(RIGHT), weights=None), mode)


@pytest.mark.parametrize(
    ("labels", "expected"), [(RIGHT, 0.0), (WRONG, 10.0)], ids=["all_correct", "all_wrong"]
)
def test_softmax_all_correct_all_wrong(lib: Any, mode: str, labels: Any, expected: float) -> None:
    loss, value = run(lambda: lib.softmax_cross_entropy(c(LOGITS), c(labels)), mode)
    op_name(loss, mode, SCE_NAME)
    almost(value, expected)


SOFTMAX_WEIGHTED = {
    "python_scalar": (lambda: 2.3, 2.3 * 10.0),
    "scalar_tensor": (lambda: c(2.3), 2.3 * 10.0),
    "one_dim_batch_specific": (lambda: c([1.2, 3.4, 5.6], shape=[3]), MEAN_123),
    "all_weights_missing": (lambda: c([0, 0, 0], shape=[3]), 0.0),
    "some_weights_missing": (lambda: c([1.2, 0, 0], shape=[3]), 12.0),
}


@pytest.mark.parametrize("case", list(SOFTMAX_WEIGHTED))
def test_softmax_weighted(lib: Any, mode: str, case: str) -> None:
    weights, expected = SOFTMAX_WEIGHTED[case]
    _, value = run(lambda: lib.softmax_cross_entropy(c(LOGITS), c(WRONG), weights()), mode)
    almost(value, expected)


def test_softmax_measurement_specific_weights_raise(lib: Any, mode: str) -> None:
    # Eagerly, tf_slim fails in a Slice kernel.
    with raises_like_tf(lib is T.contrib, mode, eager_tf1=tf.errors.InvalidArgumentError):
        build_only(
            lambda: lib.softmax_cross_entropy(
                c(LOGITS_100), c(RIGHT), weights=c([[3, 4, 5], [2, 6, 0], [8, 0, 1]])
            ),
            mode,
        )


def test_softmax_label_smoothing(lib: Any, mode: str) -> None:
    loss, value = run(
        lambda: lib.softmax_cross_entropy(
            c([[100.0, -100.0, -100.0]]), c([[1, 0, 0]]), label_smoothing=0.1
        ),
        mode,
    )
    op_name(loss, mode, SCE_NAME)
    almost(value, 400.0 * 0.1 / 3.0)


@pytest.mark.parametrize(
    ("weights", "shape"),
    [([2.3, 2.4, 2.5], [None]), ([[2.3], [2.4], [2.5]], [None, None])],
    ids=["1d", "2d"],
)
def test_softmax_dynamically_shaped_weights(lib: Any, mode: str, weights: Any, shape: Any) -> None:
    _, value = run(
        lambda w: lib.softmax_cross_entropy(c(LOGITS), c(WRONG), w),
        mode,
        [(tf.float32, shape, weights)],
    )
    almost(value, np.average(weights) * 10.0)


def test_sigmoid_label_smoothing_equals_softmax_two_label(lib: Any, mode: str) -> None:
    def build() -> Any:
        sigmoid = lib.sigmoid_cross_entropy(
            c([[100.0, -100.0, -100.0]]), c([[1, 0, 1]]), label_smoothing=0.1
        )
        softmax = lib.softmax_cross_entropy(
            c([[0.0, 100.0], [100.0, 0.0], [100.0, 0.0]]),
            c([[0, 1], [1, 0], [0, 1]]),
            label_smoothing=0.1,
        )
        return sigmoid, softmax

    _, (sigmoid, softmax) = run(build, mode)
    almost(softmax, float(sigmoid))


# --- SparseSoftmaxCrossEntropyLossTest ------------------------------------------------------


def test_sparse_none_weight_raises_value_error(lib: Any, mode: str) -> None:
    with pytest.raises(ValueError):
        build_only(
            lambda: lib.sparse_softmax_cross_entropy(c(LOGITS), c([[0], [1], [2]]), weights=None),
            mode,
        )


SPARSE_UNWEIGHTED = {
    "all_correct_int32": (([[0], [1], [2]], tf.int32), 0.0),
    "all_correct_int64": (([[0], [1], [2]], tf.int64), 0.0),
    "all_correct_non_column": (([0, 1, 2], tf.int32), 0.0),
    "all_wrong_int32": (([[2], [0], [1]], tf.int32), 10.0),
    "all_wrong_int64": (([[2], [0], [1]], tf.int64), 10.0),
    "all_wrong_non_column": (([2, 0, 1], tf.int32), 10.0),
}


@pytest.mark.parametrize("case", list(SPARSE_UNWEIGHTED))
def test_sparse_unweighted(lib: Any, mode: str, case: str) -> None:
    (labels, dtype), expected = SPARSE_UNWEIGHTED[case]
    loss, value = run(lambda: lib.sparse_softmax_cross_entropy(c(LOGITS), c(labels, dtype)), mode)
    op_name(loss, mode, SPARSE_NAME)
    almost(value, expected)


SPARSE_WEIGHTED = {
    "python_scalar": (lambda: 2.3, 2.3 * 10.0),
    "scalar_tensor": (lambda: c(2.3), 2.3 * 10.0),
    "one_dim_batch_specific": (lambda: c([1.2, 3.4, 5.6], shape=[3]), MEAN_123),
    "column_weights": (lambda: c([[1.2], [3.4], [5.6]]), MEAN_123),
    "all_weights_missing": (lambda: c([0, 0, 0], shape=[3]), 0.0),
    "some_weights_missing": (lambda: c([1.2, 0, 0], shape=[3]), 12.0),
}


@pytest.mark.parametrize("case", list(SPARSE_WEIGHTED))
def test_sparse_weighted(lib: Any, mode: str, case: str) -> None:
    weights, expected = SPARSE_WEIGHTED[case]
    _, value = run(
        lambda: lib.sparse_softmax_cross_entropy(c(LOGITS), c([[2], [0], [1]]), weights()), mode
    )
    almost(value, expected)


SPARSE_RAISES = {
    "measurement_specific_weights": (
        LOGITS_100,
        [[0], [1], [2]],
        [[3, 4, 5], [2, 6, 0], [8, 0, 1]],
    ),
    "inconsistent_weight_size": (LOGITS_100, [[0], [1], [2]], [1.2, 3.4, 5.6, 7.8]),
    "inconsistent_label_size": (LOGITS_100, [[0], [1], [2], [3]], [1.2, 3.4, 5.6]),
    "inconsistent_weight_shape": (LOGITS_100_4, [[0], [1], [2], [3]], [[1.2, 3.4], [5.6, 7.8]]),
    "inconsistent_label_shape": (LOGITS_100_4, [[0, 1], [2, 3]], [1.2, 3.4, 5.6, 7.8]),
}


@pytest.mark.parametrize("case", list(SPARSE_RAISES))
def test_sparse_raises_value_error(lib: Any, mode: str, case: str) -> None:
    logits, labels, weights = SPARSE_RAISES[case]
    # Eagerly, tf_slim fails in a kernel (Slice, Mul or Reshape) but for the label size, which
    # the xent op's shape check catches.
    eager_tf1 = None if case == "inconsistent_label_size" else tf.errors.InvalidArgumentError
    with raises_like_tf(lib is T.contrib, mode, eager_tf1=eager_tf1):
        build_only(
            lambda: lib.sparse_softmax_cross_entropy(c(logits), c(labels), weights=c(weights)),
            mode,
        )


@pytest.mark.parametrize(
    ("weights", "shape"),
    [([2.3, 2.4, 2.5], [None]), ([[2.3], [2.4], [2.5]], [None, None])],
    ids=["1d", "2d"],
)
def test_sparse_dynamically_shaped_weights(lib: Any, mode: str, weights: Any, shape: Any) -> None:
    _, value = run(
        lambda w: lib.sparse_softmax_cross_entropy(c(LOGITS), c([2, 0, 1]), w),
        mode,
        [(tf.float32, shape, weights)],
    )
    almost(value, np.average(weights) * 10.0)


# --- ComputeWeightedLossTest / AddLossTest (TF1 graph; hinge losses come from tf_slim) -------
# The shim has one loss-collection API, the top-level tf.compat.v1 one; contrib's add_loss,
# get_losses and get_total_loss work on the same collection. Eagerly the shim records losses in
# collect_losses() blocks instead (a documented difference), so these run in a graph only.

COLLECTIONS = {"shim": T, "oracle": tf_slim.losses}


@pytest.fixture(params=list(COLLECTIONS))
def coll(request: pytest.FixtureRequest) -> Any:
    return COLLECTIONS[request.param]


def _hinge(rank: int = 2) -> Any:
    logits = [1.2, 0.4, -1.0, -1.1]
    labels = [1.0, 0.0, 0.0, 1.0]
    if rank == 2:
        logits, labels = [logits], [labels]  # type: ignore[list-item]
    return tf_slim.losses.hinge_loss(c(logits), c(labels))


def test_compute_weighted_loss_hinge_loss(coll: Any) -> None:
    with tf.Graph().as_default() as graph:
        losses = _hinge(rank=1)
        assert not coll.get_losses()
        loss = coll.compute_weighted_loss(losses)
        assert coll.get_losses()
        with v1.Session(graph=graph) as sess:
            values, value = sess.run([losses, loss])
    np.testing.assert_allclose(values, [0.0, 1.4, 0.0, 2.1], atol=1e-3)
    np.testing.assert_allclose(value, 3.5 / 4.0, atol=1e-3)


def test_add_external_loss(coll: Any) -> None:
    with tf.Graph().as_default() as graph:
        losses = _hinge()
        assert not coll.get_losses()
        coll.add_loss(tf.reduce_mean(losses))
        assert coll.get_losses()
        total_loss = coll.get_total_loss()
        with v1.Session(graph=graph) as sess:
            values, total = sess.run([losses, total_loss])
    np.testing.assert_allclose(values, [[0.0, 1.4, 0.0, 2.1]], atol=1e-3)
    np.testing.assert_allclose(total, 3.5 / 4.0, atol=1e-3)


def test_none_loss_collection(coll: Any) -> None:
    with tf.Graph().as_default():
        losses = _hinge()
        assert not coll.get_losses()
        coll.add_loss(tf.reduce_mean(losses), loss_collection=None)
        assert not coll.get_losses()


# --- The TF 0.x contrib tests: the deprecated ``weight=`` keyword ------------------------------
# tensorflow/tensorflow's own tensorflow/contrib/losses/python/losses/loss_ops_test.py before
# TF 1.0 calls the losses with ``weight=`` (renamed ``weights`` in TF 1.0; TF 0.12 accepted both).
# Legacy code written then still passes it. tf_slim has no ``weight``: the oracle gets
# ``weights=`` with the same value.


def _call(lib: Any, fn: str, *args: Any, weight: Any) -> Any:
    if lib is T.contrib:
        return getattr(lib, fn)(*args, weight=weight)
    return getattr(lib, fn)(*args, weights=weight)


def test_old_softmax_none_weight_raises_value_error(lib: Any, mode: str) -> None:
    with pytest.raises(ValueError):
        build_only(
            lambda: _call(lib, "softmax_cross_entropy", c(LOGITS), c(RIGHT), weight=None), mode
        )


def test_old_sparse_none_weight_raises_value_error(lib: Any, mode: str) -> None:
    with pytest.raises(ValueError):
        build_only(
            lambda: _call(
                lib, "sparse_softmax_cross_entropy", c(LOGITS), c([[0], [1], [2]]), weight=None
            ),
            mode,
        )


def test_old_softmax_measurement_specific_weights_raise(lib: Any, mode: str) -> None:
    with raises_like_tf(lib is T.contrib, mode, eager_tf1=tf.errors.InvalidArgumentError):
        build_only(
            lambda: _call(
                lib,
                "softmax_cross_entropy",
                c(LOGITS_100),
                c(RIGHT),
                weight=c([[3, 4, 5], [2, 6, 0], [8, 0, 1]]),
            ),
            mode,
        )


@pytest.mark.parametrize("case", [k for k in SPARSE_RAISES if k != "inconsistent_label_shape"])
def test_old_sparse_raises_value_error(lib: Any, mode: str, case: str) -> None:
    logits, labels, weights = SPARSE_RAISES[case]
    eager_tf1 = None if case == "inconsistent_label_size" else tf.errors.InvalidArgumentError
    with raises_like_tf(lib is T.contrib, mode, eager_tf1=eager_tf1):
        build_only(
            lambda: _call(
                lib, "sparse_softmax_cross_entropy", c(logits), c(labels), weight=c(weights)
            ),
            mode,
        )


def test_old_sparse_inconsistent_label_shape_raises_invalid_argument(lib: Any, mode: str) -> None:
    """TF 0.x expected the kernel's InvalidArgumentError when run (newer: ValueError)."""
    logits, labels, weights = SPARSE_RAISES["inconsistent_label_shape"]
    expected = tf.errors.InvalidArgumentError if lib is T.contrib or mode == "eager" else ValueError
    with pytest.raises(expected):
        run(
            lambda: _call(
                lib, "sparse_softmax_cross_entropy", c(logits), c(labels), weight=c(weights)
            ),
            mode,
        )


@pytest.mark.parametrize("case", list(SOFTMAX_WEIGHTED))
def test_old_softmax_weighted(lib: Any, mode: str, case: str) -> None:
    weights, expected = SOFTMAX_WEIGHTED[case]
    _, value = run(
        lambda: _call(lib, "softmax_cross_entropy", c(LOGITS), c(WRONG), weight=weights()), mode
    )
    almost(value, expected)


def test_weight_and_weights_together_raise() -> None:
    with pytest.raises(ValueError, match="weight"):
        T.contrib.softmax_cross_entropy(c(LOGITS), c(WRONG), weights=c(2.0), weight=c(2.0))
    with pytest.raises(ValueError, match="weight"):
        T.contrib.sparse_softmax_cross_entropy(c(LOGITS), c([2, 0, 1]), c(2.0), weight=2.0)
