"""TensorFlow's own test cases for the loss families beyond softmax, against the shim and TF1.

Source (public repository tensorflow/tensorflow; inputs, expected numbers and exception types are
TF's own, only the harness is ours): ``tensorflow/python/kernel_tests/nn_ops/losses_test.py``
(formerly ``tensorflow/python/kernel_tests/losses_test.py``): ``AbsoluteDifferenceLossTest`` (11),
``SigmoidCrossEntropyLossTest`` (9; its softmax comparison is in ``test_tf_upstream.py``),
``LogLossTest`` (17), ``HingeLossTest`` (4), ``HuberLossTest`` (6), ``MeanSquaredErrorTest`` (11),
``MeanPairwiseSquaredErrorTest`` (13) and ``CosineDistanceLossTest`` (9).

As in ``test_tf_upstream.py``, every case runs for ``lib`` = ``tfcompat_losses`` (``shim``) and
``tf.compat.v1.losses`` (``oracle``), in a TF1 graph run by a Session as TF ran them (``graph``) and
eagerly, placeholders becoming ``tf.function`` arguments of the same shape (``eager``). One
exception: TF 2.21's eager ``mean_pairwise_squared_error`` with a non-zero scalar weight gives
other numbers than its graph (see ``pairwise.py``); there the oracle is held to differ and the shim
to TF's expectation.
"""

from __future__ import annotations

import collections
import gc
from typing import Any

import numpy as np
import pytest
import tensorflow as tf
from _upstream import MODES, almost, build_only, op_name, run, v1

import tfcompat_losses as T

LIBS = {"shim": T, "oracle": v1.losses}
c = tf.constant


@pytest.fixture(params=list(LIBS))
def lib(request: pytest.FixtureRequest) -> Any:
    return LIBS[request.param]


@pytest.fixture(params=MODES)
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def _no_memory_leaked(call: Any) -> None:
    """testEagerNoMemoryLeaked (assert_no_new_pyobjects_executing_eagerly): nothing is kept."""

    def counts() -> collections.Counter[str]:
        gc.collect()
        return collections.Counter(type(o).__name__ for o in gc.get_objects())

    for _ in range(2):  # warm-up, as TF's decorator
        call()
    grown: dict[str, int] = {}
    for _ in range(3):  # one-time lazy set-up shows once; a leak grows every round
        before = counts()
        for _ in range(3):
            call()
        after = counts()
        grown = {t: after[t] - before[t] for t in after if after[t] > before[t] + (t == "Counter")}
    assert not grown


# --- AbsoluteDifferenceLossTest and MeanSquaredErrorTest (same inputs) ---------------------

PREDICTIONS = ([4, 8, 12, 8, 1, 3], (2, 3))
LABELS = ([1, 9, 2, -5, -2, 6], (2, 3))
ABSOLUTE = {
    "all_correct_no_loss_weight": ("same", None, 0.0),
    "non_zero_loss": ("labels", None, 5.5),
    "python_scalar_weight": ("labels", lambda: 2.3, 5.5 * 2.3),
    "scalar_tensor_weight": ("labels", lambda: c(2.3), 5.5 * 2.3),
    "one_dim_batch_specific_weights": ("labels", lambda: c((1.2, 0.0), shape=(2, 1)), 5.6),
    "two_dim_batch_specific_weights": ("labels", lambda: c([1.2, 0.0], shape=[2, 1]), 5.6),
    "sample_specific_weights": ("labels", lambda: c([3, 6, 5, 0, 4, 2], shape=[2, 3]), 16.6),
    "sample_specific_weights_most_zero": (
        "labels",
        lambda: c([0, 0, 0, 0, 0, 2], shape=[2, 3]),
        6.0,
    ),
    "sample_specific_weights_all_zero": ("labels", lambda: tf.zeros((2, 3)), 0.0),
}
SQUARED = {
    "all_correct_no_loss_weight": ("same", None, 0.0),
    "non_zero_loss": ("labels", None, 49.5),
    "python_scalar_weight": ("labels", lambda: 2.3, 49.5 * 2.3),
    "scalar_tensor_weight": ("labels", lambda: c(2.3), 49.5 * 2.3),
    "one_dim_batch_specific_weights": ("labels", lambda: c([1.2, 3.4], shape=(2, 1)), 767.8 / 6.0),
    "two_dim_batch_specific_weights": ("labels", lambda: c([1.2, 3.4], shape=[2, 1]), 767.8 / 6.0),
    "sample_specific_weights": ("labels", lambda: c([3, 6, 5, 0, 4, 2], shape=[2, 3]), 587 / 5.0),
    "sample_specific_weights_most_zero": (
        "labels",
        lambda: c([0, 0, 0, 0, 0, 2], shape=[2, 3]),
        18.0,
    ),
    "sample_specific_weights_all_zero": ("labels", lambda: tf.zeros((2, 3)), 0.0),
}


def _regression_case(lib: Any, mode: str, name: str, table: dict[str, Any], case: str) -> None:
    first, weights, expected = table[case]

    def build() -> Any:
        predictions = c(PREDICTIONS[0], shape=PREDICTIONS[1])
        labels = predictions if first == "same" else c(LABELS[0], shape=LABELS[1])
        kwargs = {} if weights is None else {"weights": weights()}
        return getattr(lib, name)(labels, predictions, **kwargs)

    _, value = run(build, mode)
    almost(value, expected)


@pytest.mark.parametrize("case", list(ABSOLUTE))
def test_absolute_difference(lib: Any, mode: str, case: str) -> None:
    _regression_case(lib, mode, "absolute_difference", ABSOLUTE, case)


@pytest.mark.parametrize("case", list(SQUARED))
def test_mean_squared_error(lib: Any, mode: str, case: str) -> None:
    _regression_case(lib, mode, "mean_squared_error", SQUARED, case)


@pytest.mark.parametrize("name", ["absolute_difference", "mean_squared_error"])
def test_regression_none_weight_raises_value_error(lib: Any, mode: str, name: str) -> None:
    predictions = PREDICTIONS

    def build() -> Any:
        p = c(predictions[0], shape=predictions[1])
        return getattr(lib, name)(p, p, weights=None)

    with pytest.raises(ValueError):
        build_only(build, mode)


def test_mean_squared_error_scalar(lib: Any, mode: str) -> None:
    """MeanSquaredErrorTest.testScalar: rank-0 inputs."""
    _, value = run(lambda: lib.mean_squared_error(predictions=c(0), labels=c(0)), mode)
    assert value == 0.0


def test_absolute_difference_eager_no_memory_leaked(lib: Any) -> None:
    predictions = c(PREDICTIONS[0], shape=PREDICTIONS[1])
    labels = c(LABELS[0], shape=LABELS[1])
    _no_memory_leaked(lambda: lib.absolute_difference(labels, predictions))


# --- SigmoidCrossEntropyLossTest -----------------------------------------------------------

DIAGONAL = [[100.0, -100.0, -100.0], [-100.0, 100.0, -100.0], [-100.0, -100.0, 100.0]]
SIGMOID_NAME = "sigmoid_cross_entropy_loss/value"


@pytest.mark.parametrize(
    ("labels", "weights", "expected"),
    [
        ([[1, 0, 0], [0, 1, 0], [0, 0, 1]], None, 0.0),
        ([[0, 0, 1], [1, 0, 0], [0, 1, 0]], None, 600.0 / 9.0),
        ([[0, 0, 1], [1, 0, 0], [0, 1, 0]], [[3, 4, 5], [2, 6, 0], [8, 0, 1]], 1700.0 / 7.0),
    ],
    ids=["all_correct", "all_wrong", "all_wrong_measurement_specific_weights"],
)
def test_sigmoid(lib: Any, mode: str, labels: Any, weights: Any, expected: float) -> None:
    def build() -> Any:
        kwargs = {} if weights is None else {"weights": c(weights)}
        loss = lib.sigmoid_cross_entropy(c(labels), c(DIAGONAL), **kwargs)
        assert loss.dtype == tf.float32
        return loss

    loss, value = run(build, mode)
    op_name(loss, mode, SIGMOID_NAME)
    almost(value, expected)


@pytest.mark.parametrize("classes", [1, 2])
def test_sigmoid_single_dim_placeholder_for_logits_and_weights(
    lib: Any, mode: str, classes: int
) -> None:
    """testLossWithSingleDimPlaceholderForLogitsAndWeights1 and ...2."""

    def build(logits: tf.Tensor, labels: tf.Tensor) -> Any:
        weights = tf.ones_like(logits, dtype=tf.float32)
        loss = lib.sigmoid_cross_entropy(labels, logits, weights)
        assert loss.dtype == logits.dtype
        return loss

    ones = np.ones((32, classes))
    _, value = run(
        build, mode, [(tf.float32, (None, classes), ones), (tf.float32, (None, classes), ones)]
    )
    almost(value, 0.313)


def test_sigmoid_multi_correct(lib: Any, mode: str) -> None:
    def build() -> Any:
        logits = c([[100.0, -100.0, 100.0], [100.0, 100.0, -100.0], [-100.0, 100.0, 100.0]])
        return lib.sigmoid_cross_entropy(c([[1, 0, 1], [1, 1, 0], [0, 1, 1]]), logits)

    loss, value = run(build, mode)
    op_name(loss, mode, SIGMOID_NAME)
    almost(value, 0.0)


MIXED = ((100.0, -100.0, 100.0), (100.0, -100.0, 100.0), (100.0, 100.0, -100.0))
MIXED_LABELS = ((1, 0, 1), (1, 1, 0), (0, 1, 1))


def test_sigmoid_float64(lib: Any, mode: str) -> None:
    def build() -> Any:
        logits = c(MIXED, dtype=tf.float64)
        loss = lib.sigmoid_cross_entropy(c(MIXED_LABELS, dtype=tf.int64), logits)
        assert loss.dtype == tf.float64
        return loss

    _, value = run(build, mode)
    almost(value, 44.444)


def test_sigmoid_no_reduction(lib: Any, mode: str) -> None:
    def build() -> Any:
        reduction = lib.Reduction.NONE
        return lib.sigmoid_cross_entropy(c(MIXED_LABELS), c(MIXED), reduction=reduction)

    _, value = run(build, mode)
    expected = ((0.0, 0.0, 0.0), (0.0, 100.0, 100.0), (100.0, 0.0, 100.0))
    np.testing.assert_allclose(value, expected, atol=1e-3)


def test_sigmoid_label_smoothing_correct(lib: Any, mode: str) -> None:
    # 1/3 * (100 - 100 * (1 - 0.5 L) + 0 + 0 + 100 * (0.5 L) + 0 + 0 + 100 * (1 - 0.5 L) + 0)
    loss, value = run(
        lambda: lib.sigmoid_cross_entropy(
            c([[1, 0, 1]]), c([[100.0, -100.0, -100.0]]), label_smoothing=0.1
        ),
        mode,
    )
    op_name(loss, mode, SIGMOID_NAME)
    almost(value, (100.0 + 50.0 * 0.1) / 3.0)


# --- LogLossTest -----------------------------------------------------------------------------

LOG_PREDICTIONS = np.asarray([0.9, 0.2, 0.2, 0.8, 0.4, 0.6]).reshape((2, 3))
LOG_LABELS = np.asarray([1.0, 0.0, 1.0, 1.0, 0.0, 0.0]).reshape((2, 3))
LOG_EXPECTED = np.multiply(LOG_LABELS, np.log(LOG_PREDICTIONS + 1e-7)) + np.multiply(
    1 - LOG_LABELS, np.log(1 - LOG_PREDICTIONS + 1e-7)
)
SOME_ZERO = np.asarray([1.2, 1.2, 1.2, 0, 0, 0]).reshape((2, 3))
MEASUREMENT = np.array([3, 6, 5, 0, 4, 2]).reshape((2, 3))
MOST_ZERO = np.array([0, 0, 0, 0, 0, 2]).reshape((2, 3))
# name: (weights, expected, predictions placeholder shape or None for a constant)
LOG_CASES: dict[str, tuple[Any, float, Any]] = {
    "non_zero_loss": (None, -np.sum(LOG_EXPECTED) / 6.0, None),
    "python_scalar_weight": (lambda: 2.3, 2.3 * -np.sum(LOG_EXPECTED) / 6.0, None),
    "scalar_tensor_weight": (lambda: c(2.3), 2.3 * -np.sum(LOG_EXPECTED) / 6.0, None),
    "scalar_tensor_weight_and_placeholder": (
        lambda: c(2.3),
        2.3 * -np.sum(LOG_EXPECTED) / 6.0,
        (2, 3),
    ),
    "scalar_tensor_weight_and_placeholder_with_rank_only": (
        lambda: c(2.3),
        2.3 * -np.sum(LOG_EXPECTED) / 6.0,
        (None, None),
    ),
    "one_dim_batch_specific_weights": (
        lambda: c((1.2, 3.4), shape=(2, 1)),
        -np.sum(LOG_EXPECTED * np.asarray([1.2] * 3 + [3.4] * 3).reshape((2, 3))) / 6.0,
        None,
    ),
    "one_dim_batch_specific_weights_some_zero": (
        lambda: c((1.2, 0), shape=(2, 1)),
        -np.sum(LOG_EXPECTED * SOME_ZERO) / 3.0,
        None,
    ),
    "two_dim_batch_specific_weights_some_zero": (
        lambda: c([1.2, 0], shape=[2, 1]),
        -np.sum(LOG_EXPECTED * SOME_ZERO) / 3.0,
        None,
    ),
    "measurement_specific_weights": (
        lambda: c(MEASUREMENT, shape=(2, 3)),
        -np.sum(LOG_EXPECTED * MEASUREMENT) / 5.0,
        None,
    ),
    "measurement_specific_weights_with_placeholder": (
        lambda: c(MEASUREMENT, shape=(2, 3)),
        -np.sum(LOG_EXPECTED * MEASUREMENT) / 5.0,
        (2, 3),
    ),
    "sample_specific_weights_most_zero": (
        lambda: c(MOST_ZERO, shape=(2, 3)),
        -np.sum(LOG_EXPECTED * MOST_ZERO),
        None,
    ),
    "sample_specific_weights_most_zero_with_placeholder": (
        lambda: c(MOST_ZERO, shape=(2, 3)),
        -np.sum(LOG_EXPECTED * MOST_ZERO),
        (2, 3),
    ),
    "sample_specific_weights_all_zero": (lambda: tf.zeros((2, 3)), 0.0, None),
}


@pytest.mark.parametrize("case", list(LOG_CASES))
def test_log_loss(lib: Any, mode: str, case: str) -> None:
    weights, expected, placeholder = LOG_CASES[case]
    kwargs = lambda: {} if weights is None else {"weights": weights()}  # noqa: E731
    if placeholder is None:
        _, value = run(lambda: lib.log_loss(c(LOG_LABELS), c(LOG_PREDICTIONS), **kwargs()), mode)
    else:
        _, value = run(
            lambda p: lib.log_loss(c(LOG_LABELS), p, **kwargs()),
            mode,
            [(tf.float32, placeholder, LOG_PREDICTIONS)],
        )
    almost(value, expected)


@pytest.mark.parametrize("placeholder", [False, True], ids=["constant", "placeholder"])
def test_log_loss_all_correct_no_loss_weight(lib: Any, mode: str, placeholder: bool) -> None:
    if placeholder:
        feeds = [(tf.float32, (2, 3), LOG_LABELS)]
        _, value = run(lambda p: lib.log_loss(c(LOG_LABELS), p), mode, feeds)
    else:
        _, value = run(lambda: lib.log_loss(c(LOG_LABELS), c(LOG_LABELS)), mode)
    almost(value, 0.0)


@pytest.mark.parametrize(
    "weights", [None, np.random.default_rng(0).normal(size=(2, 4))], ids=["none", "wrong_shape"]
)
def test_log_loss_bad_weights_raise_value_error(lib: Any, mode: str, weights: Any) -> None:
    """testValueErrorThrownWhenWeightIsNone, testWeightsWithSameNumDimsButWrongShapeThrows..."""
    with pytest.raises(ValueError):
        build_only(
            lambda: lib.log_loss(
                c(LOG_LABELS), c(LOG_PREDICTIONS), None if weights is None else c(weights)
            ),
            mode,
        )


# --- HingeLossTest and HuberLossTest ---------------------------------------------------------


@pytest.mark.parametrize("name", ["hinge_loss", "huber_loss"])
def test_incompatible_shapes(lib: Any, mode: str, name: str) -> None:
    with pytest.raises(ValueError):
        build_only(lambda: getattr(lib, name)(c([0.0, 1.0]), c([[-1.0], [2.1]])), mode)


HINGE = {
    "all_outside_margin": ([1.2, -1.4, -1.0, 2.1], [1.0, 0.0, 0.0, 1.0], 0.0),
    "some_inside_margin": ([[-0.7], [-1.4], [1.4], [0.6]], [[0.0], [0.0], [1.0], [1.0]], 0.175),
    "some_misclassified": ([[[1.2], [0.4], [-1.0], [-1.1]]], [[[1.0], [0.0], [0.0], [1.0]]], 0.875),
}


@pytest.mark.parametrize("case", list(HINGE))
def test_hinge_loss(lib: Any, mode: str, case: str) -> None:
    logits, labels, expected = HINGE[case]
    _, value = run(lambda: lib.hinge_loss(c(labels), c(logits)), mode)
    np.testing.assert_allclose(value, expected, atol=1e-3)


HUBER_P = [1.5, -1.4, -1.0, 0.0]
QUADRATIC = 0.5 * (0.25 + 0.16 + 1.0 + 0.25) / 4.0
LINEAR = (1.5 + 2.4 + 1.0 + 1.5) / 4.0 - 0.5
HUBER = {
    "all_quadratic": (HUBER_P, [1.0, -1.0, 0.0, 0.5], {}, QUADRATIC),
    "all_linear": (HUBER_P, [0.0, 1.0, 0.0, 1.5], {}, LINEAR),
    "mixed_quadratic_linear": (
        [HUBER_P, HUBER_P],
        [[1.0, -1.0, 0.0, 0.5], [0.0, 1.0, 0.0, 1.5]],
        {},
        (QUADRATIC + LINEAR) / 2.0,
    ),
    "all_quadratic_delta": (
        [1.5, -1.4, -0.5, 0.0],
        [1.0, -1.0, 0.0, 0.5],
        {"delta": 0.5},
        0.5 * np.array([0.5**2, 0.4**2, 0.5**2, 0.5**2]).mean(),
    ),
    "all_linear_delta": (
        HUBER_P,
        [0.0, 1.0, 0.0, 1.5],
        {"delta": 0.5},
        0.5 * np.array([1.5, 2.4, 1.0, 1.5]).mean() - 0.5 * 0.5**2,
    ),
}


@pytest.mark.parametrize("case", list(HUBER))
def test_huber_loss(lib: Any, mode: str, case: str) -> None:
    predictions, labels, kwargs, expected = HUBER[case]
    _, value = run(lambda: lib.huber_loss(c(labels), c(predictions), **kwargs), mode)
    np.testing.assert_allclose(value, expected, atol=1e-5)


# --- MeanPairwiseSquaredErrorTest ------------------------------------------------------------

PAIR_PREDICTIONS = np.array([[4, 8, 12], [8, 1, 3]])
PAIR_LABELS = np.array([[1, 9, 2], [-5, -5, 7]])


def _pairwise_expected() -> np.ndarray:
    """TF's setUp: the expected losses computed 'manually', pair by pair."""
    batch_size, dims = PAIR_LABELS.shape
    total = np.zeros((batch_size,))
    for b in range(batch_size):
        for i in range(dims - 1):
            for j in range(i + 1, dims):
                x = PAIR_PREDICTIONS[b, i].item() - PAIR_PREDICTIONS[b, j].item()
                y = PAIR_LABELS[b, i].item() - PAIR_LABELS[b, j].item()
                total[b] += (x - y) ** 2
    return np.divide(total, 3.0)


PAIR_EXPECTED = _pairwise_expected()
LABELS_3D = np.array([[[1, 9, 2], [12, 11, 10], [9, 8, 7]], [[-5, -5, 7], [6, 5, 4], [3, 2, 1]]])
PREDICTIONS_3D = np.array(
    [[[4, 8, 12], [1, 2, 3], [4, 5, 6]], [[8, 1, 3], [7, 8, 9], [10, 11, 12]]]
)
PAIR_VALID = {
    "all_correct_no_loss_weight": (PAIR_LABELS, PAIR_LABELS, 0.0, 1.0),
    "non_zero_loss": (PAIR_LABELS, PAIR_PREDICTIONS, np.sum(PAIR_EXPECTED), 1.0),
    "python_scalar_weight": (PAIR_LABELS, PAIR_PREDICTIONS, 2.3 * np.sum(PAIR_EXPECTED), 2.3),
    "scalar_zero_weight": (PAIR_LABELS, PAIR_PREDICTIONS, 0.0, 0.0),
    "3d": (LABELS_3D, PREDICTIONS_3D, 137.5, 1.0),
    "3d_weighted_scalar": (LABELS_3D, PREDICTIONS_3D, 3.0 * 137.5, 3.0),
    # TF's "TODO(ptucker): This doesn't look right." -- but it is TF1's number.
    "3d_weighted_2x3x3": (LABELS_3D, PREDICTIONS_3D, 9 * 137.5, np.ones((2, 3, 3))),
    "all_zero_batch_specific_weights": (PAIR_LABELS, PAIR_PREDICTIONS, 0.0, np.zeros((2, 1))),
}


def _tf_2_21_eager_quirk(lib: Any, mode: str, weights: Any) -> bool:
    scalar = np.ndim(weights) == 0 and float(weights) != 0.0
    return lib is not T and mode == "eager" and scalar  # (TF may reload tf.compat.v1 modules)


@pytest.mark.parametrize("case", list(PAIR_VALID))
def test_pairwise_valid_weights(lib: Any, mode: str, case: str) -> None:
    """_test_valid_weights: static inputs, then placeholders of the same shapes."""
    labels, predictions, expected, weights = PAIR_VALID[case]
    _, static = run(
        lambda: lib.mean_pairwise_squared_error(
            predictions=c(predictions), labels=c(labels), weights=weights
        ),
        mode,
    )
    if _tf_2_21_eager_quirk(lib, mode, weights) and expected != 0.0:
        assert round(abs(float(static) - expected), 3) != 0  # the oracle's eager numbers differ
    else:
        almost(static, expected)
    _, dynamic = run(
        lambda p, y, w: lib.mean_pairwise_squared_error(predictions=p, labels=y, weights=w),
        mode,
        [
            (tf.float32, np.shape(predictions), predictions),
            (tf.int32, np.shape(labels), labels),
            (tf.float32, np.shape(weights), weights),
        ],
    )
    almost(dynamic, expected)


def test_pairwise_scalar_tensor_weight(lib: Any, mode: str) -> None:
    _, value = run(
        lambda: lib.mean_pairwise_squared_error(
            predictions=c(PAIR_PREDICTIONS), labels=c(PAIR_LABELS), weights=c(2.3)
        ),
        mode,
    )
    if _tf_2_21_eager_quirk(lib, mode, 2.3):
        assert round(abs(float(value) - 2.3 * np.sum(PAIR_EXPECTED)), 3) != 0
    else:
        almost(value, 2.3 * np.sum(PAIR_EXPECTED))


def test_pairwise_none_weight_raises_value_error(lib: Any, mode: str) -> None:
    with pytest.raises(ValueError):
        build_only(
            lambda: lib.mean_pairwise_squared_error(
                predictions=c(PAIR_LABELS), labels=c(PAIR_LABELS), weights=None
            ),
            mode,
        )


def test_pairwise_invalid_3d_weighted_2x0(lib: Any, mode: str) -> None:
    """_test_invalid_weights: statically a ValueError, at run time an OpError, TF's message."""
    weights = np.asarray((1.2, 3.4))
    with pytest.raises(ValueError, match="weights can not be broadcast to values"):
        build_only(
            lambda: lib.mean_pairwise_squared_error(
                predictions=c(PREDICTIONS_3D), labels=c(LABELS_3D), weights=weights
            ),
            mode,
        )
    with pytest.raises(tf.errors.OpError, match="weights can not be broadcast to values"):
        run(
            lambda p, y, w: lib.mean_pairwise_squared_error(predictions=p, labels=y, weights=w),
            mode,
            [
                (tf.float32, None, PREDICTIONS_3D),
                (tf.int32, None, LABELS_3D),
                (tf.float32, None, weights),
            ],
        )


def test_pairwise_gradient_with_zero_weight(lib: Any) -> None:
    """testGradientWithZeroWeight: no NaN in the gradients of a zero-weighted loss."""
    with tf.Graph().as_default():
        v1.set_random_seed(0)
        weights = v1.get_variable(
            "weights", shape=[3, 4], initializer=v1.truncated_normal_initializer()
        )
        predictions = tf.matmul(tf.ones((2, 3)), weights)
        loss = lib.mean_pairwise_squared_error(predictions, predictions, 0)
        gradients = tf.gradients(loss, [weights])
        with v1.Session() as session:
            session.run(v1.global_variables_initializer())
            for gradient in session.run(gradients):
                assert not np.isnan(gradient).any()


def test_pairwise_is_associative_across_batch_elements(lib: Any, mode: str) -> None:
    rng = np.random.default_rng(0)
    shape = (1, 3, 4, 1)
    labels0, predictions0, labels1, predictions1 = (rng.uniform(size=shape) for _ in range(4))

    def build() -> Any:
        loss0 = lib.mean_pairwise_squared_error(labels=c(labels0), predictions=c(predictions0))
        loss1 = lib.mean_pairwise_squared_error(labels=c(labels1), predictions=c(predictions1))
        loss0_1 = lib.mean_pairwise_squared_error(
            labels=tf.concat([c(labels0), c(labels1)], 0),
            predictions=tf.concat([c(predictions0), c(predictions1)], 0),
        )
        return loss0, loss1, loss0_1

    _, (loss0, loss1, loss0_1) = run(build, mode)
    assert loss0 > 0 and loss1 > 0
    if lib is not T and mode == "eager":  # TF 2.21's eager count spans the batch
        return
    almost(loss0 + loss1, float(loss0_1), places=5)


# --- CosineDistanceLossTest ------------------------------------------------------------------

COS_PREDICTIONS = np.asarray(
    [[1, 0, 0], [0, 0, -1], [1, 0, 0], [1, 0, 0], [0, 0, -1], [1, 0, 0]]
).reshape((3, 2, 3))
COS_LABELS = np.asarray([[1, 0, 0], [0, 0, 1], [0, 1, 0], [1, 0, 0], [0, 0, 1], [0, 1, 0]]).reshape(
    (3, 2, 3)
)


def test_cosine_none_weight_raises_value_error(lib: Any, mode: str) -> None:
    with pytest.raises(ValueError):
        build_only(
            lambda: lib.cosine_distance(
                predictions=c(COS_LABELS), labels=c(COS_LABELS), dim=2, weights=None
            ),
            mode,
        )


def test_cosine_all_correct_no_weights(lib: Any, mode: str) -> None:
    _, value = run(
        lambda: lib.cosine_distance(predictions=c(COS_LABELS), labels=c(COS_LABELS), dim=2), mode
    )
    almost(value, 0.0, places=5)


def test_cosine_partially_correct_with_integer_values(lib: Any, mode: str) -> None:
    _, value = run(
        lambda: lib.cosine_distance(predictions=c(COS_PREDICTIONS), labels=c(COS_LABELS), dim=2),
        mode,
    )
    almost(value, 1.0, places=5)


def test_cosine_partially_correct_floating_point_values(lib: Any, mode: str) -> None:
    predictions = np.array(
        [
            [0.819031913261206, 0.567041924552012, 0.087465312324590],
            [-0.665139432070255, -0.739487441769973, -0.103671883216994],
            [0.707106781186548, -0.707106781186548, 0],
        ]
    )
    labels = np.array(
        [
            [0.819031913261206, 0.567041924552012, 0.087465312324590],
            [0.665139432070255, 0.739487441769973, 0.103671883216994],
            [0.707106781186548, 0.707106781186548, 0],
        ]
    )

    def build() -> Any:
        tf_preds = c(predictions, shape=(3, 1, 3), dtype=tf.float32)
        tf_labels = c(labels, shape=(3, 1, 3), dtype=tf.float32)
        return lib.cosine_distance(tf_labels, tf_preds, dim=2)

    _, value = run(build, mode)
    almost(value, 1.0, places=5)


COS_WEIGHTS = {
    "sample_specific_weights": (lambda: np.asarray((1, 0, 0)).reshape((3, 1, 1)), 1.0),
    "measurement_specific_weights": (lambda: c([1, 0, 0, 1, 1, 1], shape=(3, 2, 1)), 3.0 / 4.0),
    "zero_loss_when_all_sample_specific_weights_are_zero": (lambda: tf.zeros((3, 1, 1)), 0.0),
    "zero_loss_when_all_measurement_specific_weights_are_zero": (
        lambda: tf.zeros((3, 2, 1)),
        0.0,
    ),
}


@pytest.mark.parametrize("case", list(COS_WEIGHTS))
def test_cosine_weights(lib: Any, mode: str, case: str) -> None:
    weights, expected = COS_WEIGHTS[case]
    _, value = run(
        lambda: lib.cosine_distance(
            predictions=c(COS_PREDICTIONS), labels=c(COS_LABELS), dim=2, weights=weights()
        ),
        mode,
    )
    assert value == expected  # TF's assertEqual: exact


def test_cosine_measurement_specific_weights_with_placeholder_with_shape(
    lib: Any, mode: str
) -> None:
    _, value = run(
        lambda p: lib.cosine_distance(
            predictions=p,
            labels=c(COS_LABELS),
            dim=2,
            weights=c([1, 0, 0, 1, 1, 1], shape=(3, 2, 1)),
        ),
        mode,
        [(tf.float32, COS_LABELS.shape, COS_PREDICTIONS)],
    )
    assert value == 3.0 / 4.0
