"""The reduction table, checked against hand-derived denominators (see docs/migration.md)."""

from __future__ import annotations

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper

from migrate.engine.reductions import (
    KerasReduction,
    TF1Reduction,
    Unmappable,
    WeightsKind,
    keras_reduction,
    literal_number,
    tf1_reduction,
    weights_kind,
)
from migrate.engine.resolver import NameResolver

R, W = TF1Reduction, WeightsKind


@pytest.mark.parametrize(
    ("reduction", "weights", "expected"),
    [
        (R.NONE, W.OTHER, "none"),
        (R.SUM, W.OTHER, "sum"),
        (R.SUM_OVER_BATCH_SIZE, W.OTHER, "sum_over_batch_size"),
        (R.SUM_BY_NONZERO_WEIGHTS, W.DEFAULT, "sum_over_batch_size"),
        (R.SUM_BY_NONZERO_WEIGHTS, W.NONZERO_LITERAL, "sum_over_batch_size"),
        (R.SUM_BY_NONZERO_WEIGHTS, W.ZERO_LITERAL, None),
        (R.SUM_BY_NONZERO_WEIGHTS, W.OTHER, None),
        (R.MEAN, W.DEFAULT, "sum_over_batch_size"),
        (R.MEAN, W.NONZERO_LITERAL, None),
        (R.MEAN, W.OTHER, None),
    ],
)
def test_keras_reduction(
    reduction: TF1Reduction, weights: WeightsKind, expected: str | None
) -> None:
    result = keras_reduction(reduction, weights)
    if expected is None:
        assert isinstance(result, Unmappable)
    else:
        assert result == KerasReduction(expected)


@pytest.mark.parametrize(
    ("code", "value"),
    [
        ("1", 1.0),
        ("1.0", 1.0),
        ("-1.5", -1.5),
        ("+2", 2.0),
        ("0.", 0.0),
        ("1e-3", 0.001),
        ("w", None),
        ("f(1)", None),
    ],
)
def test_literal_number(code: str, value: float | None) -> None:
    assert literal_number(cst.parse_expression(code)) == value


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("1.0", W.DEFAULT),
        ("1", W.DEFAULT),
        ("0.5", W.NONZERO_LITERAL),
        ("-2", W.NONZERO_LITERAL),
        ("0", W.ZERO_LITERAL),
        ("mask", W.OTHER),
    ],
)
def test_weights_kind(code: str, kind: WeightsKind) -> None:
    assert weights_kind(cst.parse_expression(code)) is kind
    assert weights_kind(None) is W.DEFAULT


def _reduction_of(module_code: str) -> TF1Reduction | Unmappable:
    wrapper = MetadataWrapper(cst.parse_module(module_code))
    resolver = NameResolver(wrapper)
    statement = wrapper.module.body[-1]
    assert isinstance(statement, cst.SimpleStatementLine)
    expr = statement.body[0]
    assert isinstance(expr, cst.Expr)
    return tf1_reduction(expr.value, resolver)


@pytest.mark.parametrize(
    ("module_code", "expected"),
    [
        ("import tensorflow as tf\ntf.losses.Reduction.SUM\n", R.SUM),
        ("import tensorflow as tf\ntf.compat.v1.losses.Reduction.NONE\n", R.NONE),
        ("import tensorflow.compat.v1 as tf\ntf.losses.Reduction.MEAN\n", R.MEAN),
        (
            "from tensorflow.compat.v1.losses import Reduction as R\nR.SUM_OVER_NONZERO_WEIGHTS\n",
            R.SUM_BY_NONZERO_WEIGHTS,
        ),
        ("'weighted_sum_over_batch_size'\n", R.SUM_OVER_BATCH_SIZE),
        ("'none'\n", R.NONE),
    ],
)
def test_tf1_reduction(module_code: str, expected: TF1Reduction) -> None:
    assert _reduction_of(module_code) is expected


@pytest.mark.parametrize(
    "module_code",
    ["reduction\n", "'sum'\n", "import keras\nkeras.losses.Reduction.SUM\n", "cfg.reduction\n"],
)
def test_unmappable_reductions(module_code: str) -> None:
    assert isinstance(_reduction_of(module_code), Unmappable)


def test_default_reduction() -> None:
    wrapper = MetadataWrapper(cst.parse_module("x\n"))
    assert tf1_reduction(None, NameResolver(wrapper)) is R.SUM_BY_NONZERO_WEIGHTS


def test_invalid_string_error_says_expected_and_received() -> None:
    result = _reduction_of("'sum'\n")
    assert isinstance(result, Unmappable)
    assert "Expected one of" in result.reason and "Received: reduction='sum'" in result.reason
