"""TensorFlow's own ``tf.contrib.losses`` test cases for the families beyond softmax.

Source: ``tensorflow/contrib/losses/python/losses/loss_ops_test.py`` (TF 1.x), as kept by tf_slim in
the public repository google-research/tf-slim, ``tf_slim/losses/loss_ops_test.py``:
``AbsoluteDifferenceLossTest`` (10), ``SigmoidCrossEntropyLossTest`` (7; its softmax comparison is
in ``test_tf_upstream_contrib.py``), ``LogLossTest`` (17), ``HingeLossTest`` (4),
``MeanSquaredErrorTest`` (10), ``MeanPairwiseSquaresErrorTest`` (13) and
``CosineDistanceLossTest`` (10). Inputs, expected numbers and exception types are TF's own;
predictions (or logits) come first, as in contrib.

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
from _upstream import MODES, almost, build_only, op_name, run, v1

import tfcompat_losses as T

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import tf_slim

LIBS = {"shim": T.contrib, "oracle": tf_slim.losses}
c = tf.constant


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


# --- AbsoluteDifferenceLossTest and MeanSquaredErrorTest -----------------------------------

PREDICTIONS = ([4, 8, 12, 8, 1, 3], (2, 3))
LABELS = ([1, 9, 2, -5, -2, 6], (2, 3))


def _table(loss: float, one_dim: tuple[Any, float], sample: float, most_zero: float) -> Any:
    return {
        "all_correct_no_loss_weight": ("same", None, 0.0),
        "non_zero_loss": ("labels", None, loss),
        "python_scalar_weight": ("labels", lambda: 2.3, loss * 2.3),
        "scalar_tensor_weight": ("labels", lambda: c(2.3), loss * 2.3),
        "one_dim_batch_specific_weights": ("labels", lambda: c(one_dim[0], shape=[2]), one_dim[1]),
        "two_dim_batch_specific_weights": (
            "labels",
            lambda: c(one_dim[0], shape=[2, 1]),
            one_dim[1],
        ),
        "sample_specific_weights": ("labels", lambda: c([3, 6, 5, 0, 4, 2], shape=[2, 3]), sample),
        "sample_specific_weights_most_zero": (
            "labels",
            lambda: c([0, 0, 0, 0, 0, 2], shape=[2, 3]),
            most_zero,
        ),
        "sample_specific_weights_all_zero": ("labels", lambda: tf.zeros((2, 3)), 0.0),
    }


TABLES = {
    "absolute_difference": _table(5.5, ([1.2, 0.0], 5.6), 16.6, 6.0),
    "mean_squared_error": _table(49.5, ([1.2, 3.4], 767.8 / 6.0), 587 / 5.0, 18.0),
}
REGRESSION_CASES = [(name, case) for name, table in TABLES.items() for case in table]


@pytest.mark.parametrize(("name", "case"), REGRESSION_CASES)
def test_regression(lib: Any, mode: str, name: str, case: str) -> None:
    first, weights, expected = TABLES[name][case]

    def build() -> Any:
        predictions = c(PREDICTIONS[0], shape=PREDICTIONS[1])
        labels = predictions if first == "same" else c(LABELS[0], shape=LABELS[1])
        kwargs = {} if weights is None else {"weights": weights()}
        return getattr(lib, name)(predictions, labels, **kwargs)

    _, value = run(build, mode)
    almost(value, expected)


@pytest.mark.parametrize("name", list(TABLES))
def test_regression_none_weight_raises_value_error(lib: Any, mode: str, name: str) -> None:
    def build() -> Any:
        p = c(PREDICTIONS[0], shape=PREDICTIONS[1])
        return getattr(lib, name)(p, p, weights=None)

    with pytest.raises(ValueError):
        build_only(build, mode)


# --- SigmoidCrossEntropyLossTest -----------------------------------------------------------

DIAGONAL = [[100.0, -100.0, -100.0], [-100.0, 100.0, -100.0], [-100.0, -100.0, 100.0]]
SIGMOID_NAME = "sigmoid_cross_entropy_loss/value"
SIGMOID = {
    "all_correct": (DIAGONAL, [[1, 0, 0], [0, 1, 0], [0, 0, 1]], None, 0.0),
    "all_wrong": (DIAGONAL, [[0, 0, 1], [1, 0, 0], [0, 1, 0]], None, 600.0 / 9.0),
    "all_wrong_measurement_specific_weights": (
        DIAGONAL,
        [[0, 0, 1], [1, 0, 0], [0, 1, 0]],
        [[3, 4, 5], [2, 6, 0], [8, 0, 1]],
        1700.0 / 7.0,
    ),
    "multi_correct": (
        [[100.0, -100.0, 100.0], [100.0, 100.0, -100.0], [-100.0, 100.0, 100.0]],
        [[1, 0, 1], [1, 1, 0], [0, 1, 1]],
        None,
        0.0,
    ),
}


@pytest.mark.parametrize("case", list(SIGMOID))
def test_sigmoid(lib: Any, mode: str, case: str) -> None:
    logits, labels, weights, expected = SIGMOID[case]
    kwargs = {} if weights is None else {"weights": weights}
    loss, value = run(
        lambda: lib.sigmoid_cross_entropy(
            c(logits), c(labels), **{k: c(v) for k, v in kwargs.items()}
        ),
        mode,
    )
    op_name(loss, mode, SIGMOID_NAME)
    almost(value, expected)


@pytest.mark.parametrize("classes", [1, 2])
def test_sigmoid_single_dim_placeholder_for_logits_and_weights(
    lib: Any, mode: str, classes: int
) -> None:
    def build(logits: tf.Tensor, labels: tf.Tensor) -> Any:
        return lib.sigmoid_cross_entropy(logits, labels, tf.ones_like(logits, dtype=tf.float32))

    ones = np.ones((32, classes))
    feeds = [(tf.float32, (None, classes), ones), (tf.float32, (None, classes), ones)]
    _, value = run(build, mode, feeds)
    almost(value, 0.313)


def test_sigmoid_label_smoothing_correct(lib: Any, mode: str) -> None:
    loss, value = run(
        lambda: lib.sigmoid_cross_entropy(
            c([[100.0, -100.0, -100.0]]), c([[1, 0, 1]]), label_smoothing=0.1
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
SCALED = 2.3 * -np.sum(LOG_EXPECTED) / 6.0
LOG_CASES: dict[str, tuple[Any, float, Any]] = {
    "non_zero_loss": (None, -np.sum(LOG_EXPECTED) / 6.0, None),
    "python_scalar_weight": (lambda: 2.3, SCALED, None),
    "scalar_tensor_weight": (lambda: c(2.3), SCALED, None),
    "scalar_tensor_weight_and_placeholder": (lambda: c(2.3), SCALED, (2, 3)),
    "scalar_tensor_weight_and_placeholder_with_rank_only": (lambda: c(2.3), SCALED, (None, None)),
    "one_dim_batch_specific_weights": (
        lambda: c([1.2, 3.4], shape=[2]),
        -np.sum(LOG_EXPECTED * np.asarray([1.2] * 3 + [3.4] * 3).reshape((2, 3))) / 6.0,
        None,
    ),
    "one_dim_batch_specific_weights_some_zero": (
        lambda: c([1.2, 0], shape=[2]),
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
    "sample_specific_weights_all_zero": (lambda: tf.zeros(shape=(2, 3)), 0.0, None),
}


@pytest.mark.parametrize("case", list(LOG_CASES))
def test_log_loss(lib: Any, mode: str, case: str) -> None:
    weights, expected, placeholder = LOG_CASES[case]

    def kwargs() -> dict[str, Any]:
        return {} if weights is None else {"weights": weights()}

    if placeholder is None:
        _, value = run(lambda: lib.log_loss(c(LOG_PREDICTIONS), c(LOG_LABELS), **kwargs()), mode)
    else:
        _, value = run(
            lambda p: lib.log_loss(p, c(LOG_LABELS), **kwargs()),
            mode,
            [(tf.float32, placeholder, LOG_PREDICTIONS)],
        )
    almost(value, expected)


@pytest.mark.parametrize("placeholder", [False, True], ids=["constant", "placeholder"])
def test_log_loss_all_correct_no_loss_weight(lib: Any, mode: str, placeholder: bool) -> None:
    if placeholder:
        feeds = [(tf.float32, (2, 3), LOG_LABELS)]
        _, value = run(lambda p: lib.log_loss(p, c(LOG_LABELS)), mode, feeds)
    else:
        _, value = run(lambda: lib.log_loss(c(LOG_LABELS), c(LOG_LABELS)), mode)
    almost(value, 0.0)


@pytest.mark.parametrize(
    "weights", [None, np.random.default_rng(0).normal(size=(2, 4))], ids=["none", "wrong_shape"]
)
def test_log_loss_bad_weights_raise_value_error(lib: Any, mode: str, weights: Any) -> None:
    """Eagerly tf_slim fails on [2, 4] weights in a kernel: the shim raises an error of both
    types (ShapeError), as for the softmax family."""
    eager_kernel = weights is not None and mode == "eager" and lib is not T.contrib
    expected = tf.errors.InvalidArgumentError if eager_kernel else ValueError
    with pytest.raises(expected) as info:
        build_only(
            lambda: lib.log_loss(
                c(LOG_PREDICTIONS), c(LOG_LABELS), None if weights is None else c(weights)
            ),
            mode,
        )
    if weights is not None and lib is T.contrib:
        assert isinstance(info.value, tf.errors.InvalidArgumentError)


# --- HingeLossTest (unreduced in contrib) ----------------------------------------------------

HINGE = {
    "all_outside_margin": ([1.2, -1.4, -1.0, 2.1], [1.0, 0.0, 0.0, 1.0], [0.0, 0.0, 0.0, 0.0]),
    "some_inside_margin": (
        [[-0.7], [-1.4], [1.4], [0.6]],
        [[0.0], [0.0], [1.0], [1.0]],
        [[0.3], [0.0], [0.0], [0.4]],
    ),
    "some_misclassified": (
        [[[1.2], [0.4], [-1.0], [-1.1]]],
        [[[1.0], [0.0], [0.0], [1.0]]],
        [[[0.0], [1.4], [0.0], [2.1]]],
    ),
}


@pytest.mark.parametrize("case", list(HINGE))
def test_hinge_loss(lib: Any, mode: str, case: str) -> None:
    logits, labels, expected = HINGE[case]
    _, value = run(lambda: lib.hinge_loss(c(logits), c(labels)), mode)
    np.testing.assert_allclose(value, expected, atol=1e-3)


def test_hinge_incompatible_shapes(lib: Any, mode: str) -> None:
    with pytest.raises(ValueError):
        build_only(lambda: lib.hinge_loss(c([[-1.0], [2.1]]), c([0.0, 1.0])), mode)


# --- MeanPairwiseSquaresErrorTest ------------------------------------------------------------

PAIR_PREDICTIONS = np.array([[4, 8, 12], [8, 1, 3]])
PAIR_LABELS = np.array([[1, 9, 2], [-5, -5, 7]])


def _pairwise_expected() -> np.ndarray:
    """TF's setUp: every ordered pair (i, j), divided by 9 (contrib's n**2)."""
    batch_size, dims = PAIR_LABELS.shape
    total = np.zeros((batch_size, 1))
    for b in range(batch_size):
        for i in range(dims):
            for j in range(dims):
                x = PAIR_PREDICTIONS[b, i].item() - PAIR_PREDICTIONS[b, j].item()
                y = PAIR_LABELS[b, i].item() - PAIR_LABELS[b, j].item()
                total[b] += (x - y) * (x - y)
    return np.divide(total, 9.0)


PAIR_EXPECTED = _pairwise_expected()
PAIR = {
    "all_correct_no_loss_weight": (PAIR_LABELS, None, 0.0),
    "non_zero_loss": (PAIR_PREDICTIONS, None, np.sum(PAIR_EXPECTED)),
    "python_scalar_weight": (PAIR_PREDICTIONS, lambda: 2.3, 2.3 * np.sum(PAIR_EXPECTED)),
    "scalar_tensor_weight": (PAIR_PREDICTIONS, lambda: c(2.3), 2.3 * np.sum(PAIR_EXPECTED)),
    "scalar_zero_weight": (PAIR_PREDICTIONS, lambda: c(0), 0.0),
    "one_dim_batch_specific_weights": (
        PAIR_PREDICTIONS,
        lambda: c([2.0, 1.0], shape=[2]),
        np.sum(np.asarray([[2.0], [1.0]]) * PAIR_EXPECTED),
    ),
    "zero_loss_with_one_dim_batch_zero_weights": (
        PAIR_PREDICTIONS,
        lambda: c([0.0, 0.0], shape=[2]),
        0.0,
    ),
    "all_zero_batch_specific_weights": (
        PAIR_PREDICTIONS,
        lambda: c(np.zeros((2, 1)), shape=[2]),
        0.0,
    ),
}


@pytest.mark.parametrize("case", list(PAIR))
def test_pairwise(lib: Any, mode: str, case: str) -> None:
    predictions, weights, expected = PAIR[case]

    def build() -> Any:
        kwargs = {} if weights is None else {"weights": weights()}
        return lib.mean_pairwise_squared_error(
            predictions=c(predictions), labels=c(PAIR_LABELS), **kwargs
        )

    _, value = run(build, mode)
    almost(value, expected)


@pytest.mark.parametrize(
    ("weights", "labels_dtype", "expected"),
    [
        (2.3, tf.float32, 2.3 * np.sum(PAIR_EXPECTED)),
        ([1.2, 3.4], tf.int32, np.sum(np.asarray([[1.2], [3.4]]) * PAIR_EXPECTED)),
    ],
    ids=[
        "scalar_tensor_weight_with_placeholder",
        "one_dim_batch_specific_weights_and_placeholders",
    ],
)
def test_pairwise_placeholders(
    lib: Any, mode: str, weights: Any, labels_dtype: tf.DType, expected: float
) -> None:
    _, value = run(
        lambda p, y: lib.mean_pairwise_squared_error(predictions=p, labels=y, weights=c(weights)),
        mode,
        [(tf.float32, (2, 3), PAIR_PREDICTIONS), (labels_dtype, (2, 3), PAIR_LABELS)],
    )
    almost(value, expected)


def test_pairwise_none_weight_raises_value_error(lib: Any, mode: str) -> None:
    with pytest.raises(ValueError):
        build_only(
            lambda: lib.mean_pairwise_squared_error(
                predictions=c(PAIR_LABELS), labels=c(PAIR_LABELS), weights=None
            ),
            mode,
        )


def test_pairwise_gradient_with_zero_weight(lib: Any) -> None:
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
    rng = np.random.default_rng(1)
    shape = (1, 3, 4, 1)
    labels0, predictions0, labels1, predictions1 = (rng.uniform(size=shape) for _ in range(4))

    def build() -> Any:
        loss0 = lib.mean_pairwise_squared_error(predictions=c(predictions0), labels=c(labels0))
        loss1 = lib.mean_pairwise_squared_error(predictions=c(predictions1), labels=c(labels1))
        loss0_1 = lib.mean_pairwise_squared_error(
            predictions=tf.concat([c(predictions0), c(predictions1)], 0),
            labels=tf.concat([c(labels0), c(labels1)], 0),
        )
        return loss0, loss1, loss0_1

    _, (loss0, loss1, loss0_1) = run(build, mode)
    assert loss0 > 0 and loss1 > 0
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


@pytest.mark.parametrize(
    ("predictions", "expected"), [(COS_LABELS, 0.0), (COS_PREDICTIONS, 1.0)], ids=["all", "some"]
)
def test_cosine_correct(lib: Any, mode: str, predictions: Any, expected: float) -> None:
    """testAllCorrectNoWeights, testPartiallyCorrectWithIntegerValues."""
    _, value = run(
        lambda: lib.cosine_distance(predictions=c(predictions), labels=c(COS_LABELS), dim=2), mode
    )
    almost(value, expected, places=5)


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
        return lib.cosine_distance(tf_preds, tf_labels, dim=2)

    _, value = run(build, mode)
    almost(value, 1.0, places=5)


COS_WEIGHTS = {
    "sample_specific_weights": (lambda: c([1, 0, 0]), 1.0),
    "measurement_specific_weights": (lambda: c([1, 0, 0, 1, 1, 1], shape=(3, 2)), 3.0 / 4.0),
    "zero_loss_when_all_sample_specific_weights_are_zero": (lambda: tf.zeros((3,)), 0.0),
    "zero_loss_when_all_measurement_specific_weights_are_zero": (lambda: tf.zeros((3, 2)), 0.0),
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


def test_cosine_value_error_with_shapeless_placeholder(lib: Any, mode: str) -> None:
    with pytest.raises(ValueError):
        run(
            lambda p: lib.cosine_distance(
                predictions=p,
                labels=c(COS_LABELS),
                dim=2,
                weights=c([1, 0, 0, 1, 1, 1], shape=(3, 2)),
            ),
            mode,
            [(tf.float32, None, COS_PREDICTIONS)],
        )


def test_cosine_measurement_specific_weights_with_placeholder_with_shape(
    lib: Any, mode: str
) -> None:
    _, value = run(
        lambda p: lib.cosine_distance(
            predictions=p,
            labels=c(COS_LABELS),
            dim=2,
            weights=c([1, 0, 0, 1, 1, 1], shape=(3, 2)),
        ),
        mode,
        [(tf.float32, COS_LABELS.shape, COS_PREDICTIONS)],
    )
    assert value == 3.0 / 4.0
