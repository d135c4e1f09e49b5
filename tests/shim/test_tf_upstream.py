"""TensorFlow's own loss test cases, ported to run against the shim (and the TF1 oracle).

Sources (public repository tensorflow/tensorflow; inputs, expected numbers and exception types are
TF's own, only the harness is ours):

- ``tensorflow/python/kernel_tests/nn_ops/losses_test.py`` (formerly
  ``tensorflow/python/kernel_tests/losses_test.py``): ``SoftmaxCrossEntropyLossTest`` (10 cases),
  ``SparseSoftmaxCrossEntropyLossTest`` (23), ``SigmoidCrossEntropyLossTest.
  testSigmoidLabelSmoothingEqualsSoftmaxTwoLabel`` (1), ``AddLossTest.testNoCollectLossesBatch2``
  (1) and ``ComputeWeightedLossTest`` (17, every ``Reduction``). The other loss families' test
  classes of that file are ported in ``test_tf_upstream_families.py``.
- ``tensorflow/python/kernel_tests/nn_ops/xent_op_test_base.py``: ``XentOpTestBase`` (the public
  ``softmax_cross_entropy_with_logits`` v1 and ``_v2`` cases: 12, ``testNpXent`` is numpy only),
  plus the v1 counterpart of ``testGradientLabelWithV2`` (no gradient into the labels).
- ``tensorflow/python/kernel_tests/nn_ops/xent_op_deterministic_test.py``:
  ``XentOpDeterministicTest`` (its own ``testSingleClass``, ``testLabelsBroadcast``, ``testForward``
  and ``testBackward`` under op determinism, in a subprocess, one trial per dtype; slow).
- ``tensorflow/python/kernel_tests/nn_ops/xent_op_test.py``: ``XentOpTest``'s broadcast and
  zero-class inputs through the public functions, against the oracle (5 cases, v1 and v2).

Every case runs for ``lib`` = ``tfcompat_losses`` (``shim``) and ``tf.compat.v1`` (``oracle``, to
show TF's expectation still holds for TF 2.21), in a TF1 graph run by a Session as TF ran them
(``graph``) and eagerly, placeholders becoming ``tf.function`` arguments of the same shape
(``eager``). Where eager TF1 raises a kernel's ``InvalidArgumentError`` instead of the
``ValueError`` TF's graph-mode tests expect, the oracle is held to that and the shim to both
(``raises_like_tf``). TF's ``assertAlmostEqual(..., 3)`` and ``assertAllClose`` tolerances are kept.
"""

from __future__ import annotations

import collections
import gc
import os
import subprocess
import sys
from typing import Any

import numpy as np
import pytest
import tensorflow as tf
from _upstream import MODES, almost, as_np, build_only, op_name, raises_like_tf, run, v1
from _versions import skip_on_tf

import tfcompat_losses as T

LIBS = {"shim": T, "oracle": v1.losses}
NN = {"shim": T.nn, "oracle": v1.nn}


@pytest.fixture(params=list(LIBS))
def lib(request: pytest.FixtureRequest) -> Any:
    return LIBS[request.param]


@pytest.fixture(params=MODES)
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


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
MEASUREMENT_WEIGHTS = [[3, 4, 5], [2, 6, 0], [8, 0, 1]]
SCE_NAME = "softmax_cross_entropy_loss/value"
SPARSE_NAME = "sparse_softmax_cross_entropy_loss/value"
c = tf.constant


# --- SoftmaxCrossEntropyLossTest ------------------------------------------------------------


def test_softmax_none_weight_raises_value_error(lib: Any, mode: str) -> None:
    with pytest.raises(ValueError):
        build_only(lambda: lib.softmax_cross_entropy(c(RIGHT), c(LOGITS), weights=None), mode)


@pytest.mark.parametrize(
    ("labels", "expected"), [(RIGHT, 0.0), (WRONG, 10.0)], ids=["all_correct", "all_wrong"]
)
def test_softmax_all_correct_all_wrong(lib: Any, mode: str, labels: Any, expected: float) -> None:
    loss, value = run(lambda: lib.softmax_cross_entropy(c(labels), c(LOGITS)), mode)
    op_name(loss, mode, SCE_NAME)
    almost(value, expected)


SOFTMAX_WEIGHTED = {
    "python_scalar": (lambda: 2.3, 2.3 * 10.0),
    "scalar_tensor": (lambda: c(2.3), 2.3 * 10.0),
    "one_dim_batch_specific": (lambda: c((1.2, 3.4, 5.6)), (1.2 + 3.4 + 5.6) * 10.0 / 3.0),
    "all_weights_missing": (lambda: c([0, 0, 0], shape=[3]), 0.0),
    "some_weights_missing": (lambda: c([1.2, 0, 0], shape=[3]), 12.0),
}


@pytest.mark.parametrize("case", list(SOFTMAX_WEIGHTED))
def test_softmax_weighted(lib: Any, mode: str, case: str) -> None:
    weights, expected = SOFTMAX_WEIGHTED[case]
    _, value = run(lambda: lib.softmax_cross_entropy(c(WRONG), c(LOGITS), weights()), mode)
    almost(value, expected)


def test_softmax_measurement_specific_weights_raise(lib: Any, mode: str) -> None:
    with pytest.raises(ValueError):
        build_only(
            lambda: lib.softmax_cross_entropy(
                c(RIGHT), c(LOGITS_100), weights=c(MEASUREMENT_WEIGHTS)
            ),
            mode,
        )


def test_softmax_label_smoothing(lib: Any, mode: str) -> None:
    # -(1 - L + L/n) * 0 + 400 * L/n = 400 L/n
    loss, value = run(
        lambda: lib.softmax_cross_entropy(
            c([[1, 0, 0]]), c([[100.0, -100.0, -100.0]]), label_smoothing=0.1
        ),
        mode,
    )
    op_name(loss, mode, SCE_NAME)
    almost(value, 400.0 * 0.1 / 3.0)


def test_sigmoid_label_smoothing_equals_softmax_two_label(lib: Any, mode: str) -> None:
    def build() -> Any:
        sigmoid = lib.sigmoid_cross_entropy(
            c([[1, 0, 1]]), c([[100.0, -100.0, -100.0]]), label_smoothing=0.1
        )
        softmax = lib.softmax_cross_entropy(
            c([[0, 1], [1, 0], [0, 1]]),
            c([[0.0, 100.0], [100.0, 0.0], [100.0, 0.0]]),
            label_smoothing=0.1,
        )
        assert sigmoid.dtype == tf.float32
        return sigmoid, softmax

    _, (sigmoid, softmax) = run(build, mode)
    almost(softmax, float(sigmoid))


def test_add_loss_no_collect_losses_batch2(lib: Any) -> None:
    """AddLossTest.testNoCollectLossesBatch2: loss_collection=None adds nothing."""
    with tf.Graph().as_default():
        logits = c([[1.2, 0.4, -1.0, -1.1]] * 2)
        labels = c([[1.0, 0.0, 0.0, 1.0]] * 2)
        assert not v1.losses.get_losses()
        lib.absolute_difference(logits, labels, loss_collection=None)
        lib.log_loss(logits, labels, loss_collection=None)
        lib.mean_squared_error(logits, labels, loss_collection=None)
        lib.sigmoid_cross_entropy(logits, labels, loss_collection=None)
        lib.softmax_cross_entropy(logits, labels, loss_collection=None)
        assert not v1.losses.get_losses()


# --- SparseSoftmaxCrossEntropyLossTest ------------------------------------------------------


def test_sparse_none_weight_raises_value_error(lib: Any, mode: str) -> None:
    with pytest.raises(ValueError):
        build_only(
            lambda: lib.sparse_softmax_cross_entropy(c([[0], [1], [2]]), c(LOGITS), weights=None),
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
    loss, value = run(lambda: lib.sparse_softmax_cross_entropy(c(labels, dtype), c(LOGITS)), mode)
    op_name(loss, mode, SPARSE_NAME)
    almost(value, expected)


MEAN_123 = (1.2 + 3.4 + 5.6) * 10.0 / 3.0
SPARSE_WEIGHTED = {
    "python_scalar": (lambda: 2.3, 2.3 * 10.0),
    "scalar_tensor": (lambda: c(2.3), 2.3 * 10.0),
    "1d_tensor_weight": (lambda: c((2.3,)), 2.3 * 10.0),
    "one_dim_batch_specific": (lambda: c([1.2, 3.4, 5.6], shape=(3, 1)), MEAN_123),
    "column_weights": (lambda: c([[1.2], [3.4], [5.6]]), MEAN_123),
    "all_weights_missing": (lambda: c([0, 0, 0], shape=(3, 1)), 0.0),
    "some_weights_missing": (lambda: c([1.2, 0, 0], shape=(3, 1)), 12.0),
}


@pytest.mark.parametrize("case", list(SPARSE_WEIGHTED))
def test_sparse_weighted(lib: Any, mode: str, case: str) -> None:
    weights, expected = SPARSE_WEIGHTED[case]
    _, value = run(
        lambda: lib.sparse_softmax_cross_entropy(c([[2], [0], [1]]), c(LOGITS), weights()), mode
    )
    almost(value, expected)


def test_sparse_placeholder_for_weights(lib: Any, mode: str) -> None:
    _, value = run(
        lambda w: lib.sparse_softmax_cross_entropy(c([[2], [0], [1]]), c(LOGITS), w),
        mode,
        [(tf.float32, None, ((1.2,), (3.4,), (5.6,)))],
    )
    almost(value, MEAN_123)


def test_sparse_placeholder_for_logits_labels_and_weights(lib: Any, mode: str) -> None:
    _, value = run(
        lambda logits, labels, w: lib.sparse_softmax_cross_entropy(labels, logits, w),
        mode,
        [
            (tf.float32, (None, 3), LOGITS),
            (tf.int32, (None, 1), [[2], [0], [1]]),
            (tf.float32, None, ((1.2,), (3.4,), (5.6,))),
        ],
    )
    almost(value, MEAN_123)


SPARSE_RAISES = {
    "measurement_specific_weights": (LOGITS_100, [[0], [1], [2]], MEASUREMENT_WEIGHTS),
    "inconsistent_weight_size": (LOGITS_100, [[0], [1], [2]], [1.2, 3.4, 5.6, 7.8]),
    "inconsistent_label_size": (LOGITS_100, [[0], [1], [2], [3]], [1.2, 3.4, 5.6]),
    "inconsistent_weight_shape": (LOGITS_100_4, [[0], [1], [2], [3]], [[1.2, 3.4], [5.6, 7.8]]),
}


@pytest.mark.parametrize("case", list(SPARSE_RAISES))
def test_sparse_raises_value_error(lib: Any, mode: str, case: str) -> None:
    logits, labels, weights = SPARSE_RAISES[case]
    # Eagerly TF1 squeezes a [batch, k] weight's last dimension and the kernel raises.
    eager_tf1 = tf.errors.InvalidArgumentError if "measurement" in case or "shape" in case else None
    with raises_like_tf(lib is T, mode, eager_tf1=eager_tf1):
        build_only(
            lambda: lib.sparse_softmax_cross_entropy(c(labels), c(logits), weights=c(weights)),
            mode,
        )


def test_sparse_inconsistent_label_shape_raises(lib: Any, mode: str) -> None:
    """The newest TF matches the rank message; older TF matched 'dimension' (shim only: TF 2.21's
    own message no longer has the word)."""
    with pytest.raises(ValueError, match=r"`labels.shape.rank` must equal `logits.shape.rank - 1`"):
        build_only(
            lambda: lib.sparse_softmax_cross_entropy(
                c([[0, 1], [2, 3]]), c(LOGITS_100_4), weights=c(1.2)
            ),
            mode,
        )
    if lib is T:
        with pytest.raises(ValueError, match="dimension"):
            build_only(
                lambda: lib.sparse_softmax_cross_entropy(
                    c([[0, 1], [2, 3]]), c(LOGITS_100_4), weights=c(1.2)
                ),
                mode,
            )


def test_sparse_unknown_shape_placeholder_for_logits_labels_but_scalar_weights(
    lib: Any, mode: str
) -> None:
    _, value = run(
        lambda logits, labels: lib.sparse_softmax_cross_entropy(labels, logits, 1.0),
        mode,
        [(tf.float32, None, LOGITS), (tf.int32, None, [[2], [0], [1]])],
    )
    almost(value, (1.0 + 1.0 + 1.0) * 10.0 / 3.0)


def test_sparse_eager_no_memory_leaked(lib: Any) -> None:
    """testEagerNoMemoryLeaked (test_util.assert_no_new_pyobjects_executing_eagerly): nothing is
    kept per call, e.g. in a global collection."""
    logits = c(LOGITS)
    labels = c([[0], [1], [2]], dtype=tf.int32)

    def counts() -> collections.Counter[str]:
        gc.collect()
        return collections.Counter(type(o).__name__ for o in gc.get_objects())

    for _ in range(2):  # warm-up, as TF's decorator
        lib.sparse_softmax_cross_entropy(labels, logits)
    grown: dict[str, int] = {}
    for _ in range(3):  # one-time lazy set-up (TF's or ours) shows once; a leak grows every round
        before = counts()
        for _ in range(3):
            lib.sparse_softmax_cross_entropy(labels, logits)
        after = counts()
        grown = {t: after[t] - before[t] for t in after if after[t] > before[t] + (t == "Counter")}
    assert not grown


# --- ComputeWeightedLossTest (newest form: every reduction) ---------------------------------

SHAPE = (3, 2, 4)
RAW = np.arange(24, dtype=np.float64).reshape(SHAPE)  # 0, 1, 2, ... as TF's setUp builds them
RAW.setflags(write=False)
REDUCTIONS = list(dict.fromkeys(v1.losses.Reduction.all()))
UNWEIGHTED_SHAPES = [
    None,
    (1, 1, 1),
    (1, 1, 4),
    (1, 2, 1),
    (1, 2, 4),
    (3, 1, 1),
    (3, 1, 4),
    (3, 2, 1),
    SHAPE,
]


def _unweighted_expectation(reduction: str) -> Any:
    if reduction == v1.losses.Reduction.NONE:
        return RAW
    if reduction == v1.losses.Reduction.SUM:
        return np.sum(RAW)
    return np.mean(RAW)  # MEAN, SUM_OVER_NONZERO_WEIGHTS, SUM_BY_NONZERO_WEIGHTS, SUM_OVER_BATCH


def _cwl_kwargs(shape: Any) -> dict[str, Any]:
    return {} if shape is None else {"weights": np.ones(shape)}


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_cwl_unweighted(lib: Any, mode: str, reduction: str) -> None:
    def build() -> Any:
        before = len(v1.losses.get_losses())
        out = [
            lib.compute_weighted_loss(RAW, reduction=reduction, **_cwl_kwargs(shape))
            for shape in UNWEIGHTED_SHAPES
        ]
        if mode == "graph":
            assert before == 0
            assert len(v1.losses.get_losses()) == 9
        return out

    _, values = run(build, mode)
    for value in values:
        np.testing.assert_allclose(value, _unweighted_expectation(reduction), rtol=1e-6)


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_cwl_unweighted_from_placeholder(lib: Any, mode: str, reduction: str) -> None:
    def build(raw: tf.Tensor) -> Any:
        out = [
            lib.compute_weighted_loss(raw, reduction=reduction, **_cwl_kwargs(shape))
            for shape in UNWEIGHTED_SHAPES[:3]
        ]
        if mode == "graph":
            assert len(v1.losses.get_losses()) == 3
        return out

    _, values = run(build, mode, [(tf.float32, None, RAW)])
    for value in values:
        np.testing.assert_allclose(value, _unweighted_expectation(reduction), rtol=1e-6)


def test_cwl_scalar_weight(lib: Any, mode: str) -> None:
    def build() -> Any:
        loss = lib.compute_weighted_loss(RAW, weights=17.0)
        if mode == "graph":
            assert len(v1.losses.get_losses()) == 1
        return loss

    _, value = run(build, mode)
    np.testing.assert_allclose(value, np.mean(17.0 * RAW), rtol=1e-6)


BROADCAST_ERROR = "weights can not be broadcast to values"
INVALID_WEIGHTS = {
    "too_many_dims": np.zeros(shape=(2, 2, 2, 2)),
    "3": (17.0, 5.0, 2.0),
    "3x1": ((17.0,), (5.0,), (2.0,)),
    "3x2": ((17.0, 3.0), (5.0, 31.0), (2.0, 7.0)),
    "1x2": (17.0, 3.0),
    "scalar_1d": (17.0,),
}


def _check_invalid(lib: Any, mode: str, losses: Any, weights: Any) -> None:
    # Static check.
    with pytest.raises(ValueError, match=BROADCAST_ERROR):
        build_only(lambda: lib.compute_weighted_loss(losses(), weights=weights), mode)

    # Dynamic check: the weights' shape is known only when the loss runs.
    def build(w: tf.Tensor) -> Any:
        loss = lib.compute_weighted_loss(losses(), weights=w)
        if mode == "graph":
            assert len(v1.losses.get_losses()) == 1
        return loss

    with pytest.raises(tf.errors.OpError, match=BROADCAST_ERROR):
        run(build, mode, [(tf.float32, None, weights)])


@pytest.mark.parametrize("case", list(INVALID_WEIGHTS))
def test_cwl_invalid_weights(lib: Any, mode: str, case: str) -> None:
    _check_invalid(lib, mode, lambda: RAW, INVALID_WEIGHTS[case])


def test_cwl_invalid_weight_mismatched_dim(lib: Any, mode: str) -> None:
    _check_invalid(
        lib, mode, lambda: tf.reshape(RAW, shape=(3, 2, 4, 1)), np.ones(shape=(3, 2, 4, 2))
    )


VALID_WEIGHTS = {
    "1x1x1": (((17.0,),),),
    "1x2x1": (((17.0,), (3.0,)),),
    "1x1x4": (((17.0, 0.0, 2.0, 5.0),),),
    "3x1x1": (((17.0,),), ((5.0,),), ((2.0,),)),
    "3x2x1": (((17.0,), (3.0,)), ((5.0,), (31.0,)), ((2.0,), (7.0,))),
    "3x1x4": (
        ((17.0, 0.0, 2.0, 5.0),),
        ((5.0, 31.0, 17.0, 5.0),),
        ((7.0, 3.0, 11.0, 5.0),),
    ),
    "1x2x4": (((17.0, 0.0, 2.0, 5.0), (3.0, 13.0, 11.0, 2.0)),),
    "3x2x4": (
        ((17.0, 0.0, 2.0, 5.0), (3.0, 13.0, 11.0, 2.0)),
        ((5.0, 31.0, 17.0, 5.0), (13.0, 3.0, 0.0, 11.0)),
        ((0.0, 3.0, 11.0, 5.0), (13.0, 11.0, 1.0, 7.0)),
    ),
}


def _valid_expectation(weights: Any, reduction: str) -> Any:
    r = v1.losses.Reduction
    weights = np.asarray(weights)
    weighted = weights * RAW
    total = np.sum(weighted)
    broadcast = weights * np.ones_like(RAW)
    return {
        r.NONE: weighted,
        r.SUM: total,
        r.MEAN: total / np.sum(broadcast),
        r.SUM_BY_NONZERO_WEIGHTS: total / np.count_nonzero(broadcast),
        r.SUM_OVER_BATCH_SIZE: total / RAW.size,
    }[reduction]


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("case", list(VALID_WEIGHTS))
def test_cwl_valid_weights(lib: Any, mode: str, case: str, reduction: str) -> None:
    weights = VALID_WEIGHTS[case]

    def build() -> Any:
        loss = lib.compute_weighted_loss(RAW, weights=weights, reduction=reduction)
        if mode == "graph":
            assert len(v1.losses.get_losses()) == 1
        return loss

    _, value = run(build, mode)
    np.testing.assert_allclose(value, _valid_expectation(weights, reduction), rtol=1e-6)


# --- XentOpTestBase: softmax_cross_entropy_with_logits (v1) and _v2 -------------------------


@pytest.fixture(params=list(NN))
def nn(request: pytest.FixtureRequest) -> Any:
    return NN[request.param]


def _np_xent(labels: np.ndarray, logits: np.ndarray, dim: int = -1) -> tuple[Any, Any]:
    """XentOpTestBase._npXent, verbatim in numpy."""
    if dim == -1:
        dim = len(logits.shape) - 1
    one_only_on_dim = list(logits.shape)
    one_only_on_dim[dim] = 1
    e = np.exp(logits - np.reshape(np.amax(logits, axis=dim), one_only_on_dim))
    probs = e / np.reshape(np.sum(e, axis=dim), one_only_on_dim)
    bp = probs - labels
    loss = -np.sum(labels * np.log(probs + 1.0e-20), axis=dim)
    return loss, bp


def _fwd_bwd(nn: Any, labels: Any, logits: Any, axis: int = -1) -> tuple[Any, Any]:
    """XentOpTestBase._opFwdBwd: the v1 function forwards and backwards (into the logits)."""
    logits = tf.convert_to_tensor(logits)
    with tf.GradientTape() as tape:
        tape.watch(logits)
        loss = nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits, dim=axis)
    return loss, tape.gradient(loss, logits)


BF16 = tf.bfloat16.as_numpy_dtype
# assertAllCloseAccordingToType's tolerances.
TOL = {np.dtype(np.float16): 1e-3, np.dtype(BF16): 1e-2}


def _xent_2d(nn: Any, mode: str, labels: Any, logits: Any, placeholders: bool, grad: Any = None):
    np_loss, np_grad = _np_xent(as_np(labels), as_np(logits))
    if grad is not None:
        np_grad = grad
    if placeholders:
        dtype = tf.as_dtype(logits.dtype)
        _, (loss, gradient) = run(
            lambda lab, log: _fwd_bwd(nn, lab, log),
            mode,
            [(dtype, None, labels), (dtype, None, logits)],
        )
    else:
        _, (loss, gradient) = run(lambda: _fwd_bwd(nn, labels, logits), mode)
    tol = TOL.get(np.dtype(logits.dtype), 1e-6)
    loss_rtol = 1e-2 if logits.dtype == np.float16 else tol
    np.testing.assert_allclose(as_np(loss), np_loss, rtol=loss_rtol, atol=tol)
    np.testing.assert_allclose(as_np(gradient), np_grad, rtol=tol, atol=tol)


def test_xent_single_class(nn: Any, mode: str) -> None:
    for dtype in np.float16, np.float32, BF16:
        _, (loss, gradient) = run(
            lambda dtype=dtype: _fwd_bwd(
                nn,
                labels=np.array([[-1.0], [0.0], [1.0], [1.0]]).astype(dtype),
                logits=np.array([[1.0], [-1.0], [0.0], [1.0]]).astype(dtype),
            ),
            mode,
        )
        np.testing.assert_allclose(as_np(loss), [0.0, 0.0, 0.0, 0.0], atol=1e-6)
        np.testing.assert_allclose(as_np(gradient), [[2.0], [1.0], [0.0], [0.0]], atol=1e-6)


def test_xent_labels_broadcast(nn: Any, mode: str) -> None:
    """TF ran it with placeholders in a graph (run_deprecated_v1)."""
    f16 = np.float16
    _xent_2d(
        nn,
        mode,
        np.array([[0.0, 0.0, 0.0, 1.0]]).astype(f16),
        np.array([[1.0, 1.0, 1.0, 1.0], [1.0, 2.0, 3.0, 4.0]]).astype(f16),
        placeholders=True,
    )
    _xent_2d(
        nn,
        mode,
        np.array([[1.0]]).astype(f16),
        np.array([[1.0], [2.0]]).astype(f16),
        placeholders=True,
    )
    _xent_2d(
        nn,
        mode,
        np.array([[0.0], [2.0], [0.25]]).astype(f16),
        np.array([[1.0, 1.0, 1.0, 1.0], [1.0, 2.0, 3.0, 4.0], [1.0, 2.0, 3.0, 4.0]]).astype(f16),
        placeholders=True,
        grad=[
            [0.25, 0.25, 0.25, 0.25],
            [-1.968, -1.913, -1.763, -1.355],
            [-0.218, -0.163, -0.013, 0.394],
        ],
    )


def test_xent_shape_mismatch(nn: Any, mode: str) -> None:
    with raises_like_tf(nn is T.nn, mode, eager_tf1=tf.errors.InvalidArgumentError):
        build_only(
            lambda: _fwd_bwd(
                nn, labels=[[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]], logits=[[0.0, 1.0], [2.0, 3.0]]
            ),
            mode,
        )


@pytest.mark.parametrize("dtype", [np.float16, BF16, np.float32, np.float64], ids=str)
def test_xent_dtypes(nn: Any, mode: str, dtype: Any) -> None:
    """testHalf, testBfloat16, testFloat, testDouble."""
    labels = np.array([[0.0, 0.0, 0.0, 1.0], [0.0, 0.5, 0.5, 0.0]]).astype(dtype)
    logits = np.array([[1.0, 1.0, 1.0, 1.0], [1.0, 2.0, 3.0, 4.0]]).astype(dtype)
    _xent_2d(nn, mode, labels, logits, placeholders=False)


GRAD_LABELS = [0.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.5, 0.0, 0.5]
GRAD_LOGITS = [0.1, 0.2, 0.3, 0.4, 0.1, 0.4, 0.9, 1.6, 0.1, 0.8, 2.7, 6.4]


def _gradient_error(f: Any, x: tf.Tensor) -> float:
    """gradient_checker.compute_gradient_error with TF2's public tf.test.compute_gradient."""
    theoretical, numerical = tf.test.compute_gradient(f, [x])
    return max(float(np.max(np.abs(t - n))) for t, n in zip(theoretical, numerical, strict=True))


def _ops_of_gradient(fn: Any) -> set[str]:
    with tf.Graph().as_default() as graph:
        labels = c(GRAD_LABELS, shape=[3, 4], dtype=tf.float64)
        logits = c(GRAD_LOGITS, shape=[3, 4], dtype=tf.float64)
        tf.gradients(fn(labels, logits), [logits])
        return {op.type for op in graph.get_operations()}


def test_xent_gradient(nn: Any) -> None:
    """testGradient: v1 gradient w.r.t. logits; no second derivative (BatchMatMul) is built."""
    labels = c(GRAD_LABELS, shape=[3, 4], dtype=tf.float64)
    logits = c(GRAD_LOGITS, shape=[3, 4], dtype=tf.float64)
    err = _gradient_error(
        lambda x: nn.softmax_cross_entropy_with_logits(labels=labels, logits=x), logits
    )
    assert err < 5e-8
    ops = _ops_of_gradient(
        lambda lab, log: nn.softmax_cross_entropy_with_logits(labels=lab, logits=log, name="xent")
    )
    assert "BatchMatMul" not in ops and "BatchMatMulV2" not in ops


def test_xent_gradient_label_with_v2(nn: Any) -> None:
    """testGradientLabelWithV2: _v2 lets the gradient into the labels, and it is right."""
    labels = c(GRAD_LABELS, shape=[3, 4], dtype=tf.float64)
    logits = c(GRAD_LOGITS, shape=[3, 4], dtype=tf.float64)
    err = _gradient_error(
        lambda y: nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=logits), labels
    )
    assert err < 5e-8


def test_xent_v1_no_gradient_into_labels(nn: Any, mode: str) -> None:
    """The v1 counterpart of testGradientLabelWithV2 (TF1's stop_gradient): no label gradient."""

    def build() -> Any:
        labels = c(GRAD_LABELS, shape=[3, 4], dtype=tf.float64)
        logits = c(GRAD_LOGITS, shape=[3, 4], dtype=tf.float64)
        with tf.GradientTape() as tape:
            tape.watch(labels)
            loss = nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits)
        return tape.gradient(loss, labels)

    assert build_only(build, mode) is None


def test_xent_second_gradient(nn: Any) -> None:
    labels = c(
        [0.0, 0.0, 1.0 / 3, 0.0, 1.0 / 3, 0.0, 0.0, 0.0, 0.0, 0.5 / 3, 0.0, 0.5 / 3],
        shape=[12],
        dtype=tf.float64,
    )
    logits = c(GRAD_LOGITS, shape=[12], dtype=tf.float64)

    def first_gradient(x: tf.Tensor) -> tf.Tensor:
        with tf.GradientTape() as tape:
            tape.watch(x)
            loss = tf.reduce_sum(nn.softmax_cross_entropy_with_logits(labels=labels, logits=x))
        return tape.gradient(loss, x)

    assert _gradient_error(first_gradient, logits) < 5e-8
    with tf.Graph().as_default() as graph:
        lab = c(labels.numpy())
        log = c(logits.numpy())
        loss = tf.reduce_sum(nn.softmax_cross_entropy_with_logits(labels=lab, logits=log))
        (grad,) = tf.gradients(loss, [log])
        tf.gradients(grad, [log])
        assert "BatchMatMulV2" in {op.type for op in graph.get_operations()}


@pytest.mark.parametrize("dim", [0, 1, -1])
def test_xent_3d(nn: Any, mode: str, dim: int) -> None:
    labels = np.array(
        [
            [[0.0, 0.0, 0.0, 1.0], [0.0, 1.0, 0.0, 0.0]],
            [[0.0, 0.5, 0.5, 0.0], [0.5, 0.5, 0.0, 0.0]],
            [[0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0]],
        ]
    ).astype(np.float32)
    logits = np.array(
        [
            [[1.0, 1.0, 1.0, 1.0], [1.0, 2.0, 3.0, 4.0]],
            [[2.0, 3.0, 4.0, 5.0], [6.0, 7.0, 8.0, 9.0]],
            [[5.0, 4.0, 3.0, 2.0], [1.0, 2.0, 3.0, 4.0]],
        ]
    ).astype(np.float32)
    np_loss, _ = _np_xent(labels, logits, dim=dim)
    _, loss = run(
        lambda: nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits, dim=dim), mode
    )
    np.testing.assert_allclose(loss, np_loss, rtol=1e-6, atol=1e-6)


def test_xent_zero_dimension(nn: Any, mode: str) -> None:
    labels = np.zeros([0, 2, 4]).astype(np.float32)
    logits = np.zeros([0, 2, 4]).astype(np.float32)
    np_loss, _ = _np_xent(labels, logits)
    _, loss = run(lambda: nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits), mode)
    np.testing.assert_array_equal(loss, np_loss)


# --- XentOpDeterministicTest (xent_op_deterministic_test.py) --------------------------------
# Op determinism is process-wide and must be on before the first loss: a subprocess runs TF's
# deterministic expectations for the shim and the oracle.

_D9M_SCRIPT = r"""
import numpy as np
import tensorflow as tf

tf.config.experimental.enable_op_determinism()
import tfcompat_losses as T

BF16 = tf.bfloat16.as_numpy_dtype


def fwd_bwd(nn, labels, logits):
    logits = tf.convert_to_tensor(logits)
    with tf.GradientTape() as tape:
        tape.watch(logits)
        loss = nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits, dim=-1)
    return loss, tape.gradient(loss, logits)


def f64(x):
    return tf.cast(x, tf.float64).numpy()


for nn in (T.nn, tf.compat.v1.nn):
    # testSingleClass, deterministic expectation.
    for dtype in (np.float16, np.float32, BF16):
        loss, grad = fwd_bwd(
            nn,
            np.array([[-1.0], [0.0], [1.0], [1.0]]).astype(dtype),
            np.array([[1.0], [-1.0], [0.0], [1.0]]).astype(dtype),
        )
        np.testing.assert_allclose(f64(loss), [0.0, 0.0, 0.0, 0.0], atol=1e-6)
        np.testing.assert_allclose(f64(grad), [[0.0], [0.0], [0.0], [0.0]], atol=1e-6)
    # testLabelsBroadcast (third case), deterministic expectation.
    f16 = np.float16
    _, grad = fwd_bwd(
        nn,
        np.array([[0.0], [2.0], [0.25]]).astype(f16),
        np.array([[1.0, 1.0, 1.0, 1.0], [1.0, 2.0, 3.0, 4.0], [1.0, 2.0, 3.0, 4.0]]).astype(f16),
    )
    expected = [[0.0, 0.0, 0.0, 0.0], [-1.743, -1.303, -0.105, 3.150], [-0.218, -0.163, -0.013, 0.394]]
    np.testing.assert_allclose(f64(grad), expected, rtol=1e-3, atol=1e-3)
    # testForward / testBackward (one trial per dtype): bit-identical reruns.
    for dtype in (np.float16, np.float32, np.float64):
        np.random.seed(123)
        labels = (2 * np.random.random_sample((1024, 3000)) - 1).astype(dtype)
        labels = tf.constant(labels / labels.sum(axis=1, keepdims=True))
        logits = tf.constant((2 * np.random.random_sample((1024, 3000)) - 1).astype(dtype))
        a = nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits)
        b = nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits)
        assert np.array_equal(a.numpy(), b.numpy())
        upstream = tf.constant((2 * np.random.random_sample(1024) - 1).astype(dtype))

        def gradients():
            with tf.GradientTape() as tape:
                tape.watch(logits)
                out = nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits)
                out = out * upstream
            return tape.gradient(out, logits)

        assert np.array_equal(gradients().numpy(), gradients().numpy())
print("ok")
"""


@pytest.mark.slow
def test_xent_deterministic() -> None:
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"}
    done = subprocess.run(
        [sys.executable, "-c", _D9M_SCRIPT], capture_output=True, text=True, env=env, timeout=300
    )
    assert done.returncode == 0 and done.stdout.strip().endswith("ok"), done.stderr[-3000:]


# --- XentOpTest (xent_op_test.py) cases, through the public functions -----------------------
# TF runs them on the raw op (gen_nn_ops); the functions users call reshape the kernel's result to
# the logits' batch shape, so TF 2.21 itself rejects what the raw op broadcasts. The shim must do
# what the oracle does: the same numbers, or an error of the oracle's type. (testSmallGradient*,
# testDoublePreserves* and testRejectsZeroClasses test kernel fixes newer than TF 2.21: the oracle
# fails them, so they are not ported.)

XENT_OP_CASES = {
    "features_broadcast": ([[0.0, 0.0, 0.0, 1.0], [0.0, 0.5, 0.5, 0.0]], [[1.0, 2.0, 3.0, 4.0]]),
    "features_broadcast_1": ([[1.0], [1.0]], [[1.0]]),
    "labels_broadcast": ([[0.0, 0.0, 0.0, 1.0]], [[1.0, 2.0, 3.0, 4.0], [1.0, 1.0, 1.0, 1.0]]),
    "zero_batch_zero_classes": (np.zeros((0, 0)), np.zeros((0, 0))),
    "one_batch_zero_classes": (np.zeros((1, 0)), np.zeros((1, 0))),
}


def _outcome(fn: Any, labels: Any, logits: Any, mode: str) -> Any:
    try:
        return run(lambda: fn(labels=c(labels, tf.float32), logits=c(logits, tf.float32)), mode)[1]
    except Exception as error:  # the outcome is what is compared
        return error


_TF216_CRASH = skip_on_tf(
    ((2, 16),), "SoftmaxCrossEntropyWithLogits segfaults on a zero-size class dimension"
)


@pytest.mark.parametrize("fn", ["softmax_cross_entropy_with_logits", "_v2"])
@pytest.mark.parametrize(
    "case",
    [
        pytest.param(c, marks=_TF216_CRASH) if c.endswith("zero_classes") else c
        for c in XENT_OP_CASES
    ],
)
def test_xent_op_cases_through_public_functions(mode: str, case: str, fn: str) -> None:
    name = "softmax_cross_entropy_with_logits_v2" if fn == "_v2" else fn
    labels, logits = XENT_OP_CASES[case]
    expected = _outcome(getattr(v1.nn, name), labels, logits, mode)
    actual = _outcome(getattr(T.nn, name), labels, logits, mode)
    if isinstance(expected, Exception):
        assert isinstance(actual, type(expected)), f"{actual!r} is not a {type(expected)}"
    else:
        assert not isinstance(actual, Exception), actual
        np.testing.assert_array_equal(actual, expected)
