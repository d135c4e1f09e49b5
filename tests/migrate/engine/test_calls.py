"""Binding to the source signature: contrib is logits first; stars are never guessed."""

from __future__ import annotations

import libcst as cst
import pytest

from migrate.engine.calls import (
    CONTRIB_SCE_SIGNATURE,
    CORE_SCE_SIGNATURE,
    NN_V1_SIGNATURE,
    NN_V2_SIGNATURE,
    BindError,
    BoundCall,
    bind,
)


def _bind(code: str, signature=CORE_SCE_SIGNATURE) -> BoundCall | BindError:  # type: ignore[no-untyped-def]
    return bind(cst.ensure_type(cst.parse_expression(code), cst.Call), signature)


def _names(bound: BoundCall | BindError) -> dict[str, str]:
    assert isinstance(bound, BoundCall), bound
    module = cst.Module(body=[])
    return {k: module.code_for_node(a.value) for k, a in bound.arguments.items()}


def test_core_positional_is_labels_first() -> None:
    assert _names(_bind("f(a, b, 0.5)")) == {"onehot_labels": "a", "logits": "b", "weights": "0.5"}


def test_contrib_positional_is_logits_first() -> None:
    bound = _bind("f(a, b, 0.5, 0.1)", CONTRIB_SCE_SIGNATURE)
    assert _names(bound) == {
        "logits": "a",
        "onehot_labels": "b",
        "weights": "0.5",
        "label_smoothing": "0.1",
    }


def test_keywords_in_any_order_and_source_order_recorded() -> None:
    bound = _bind("f(logits=x, weights=w, onehot_labels=y)")
    assert isinstance(bound, BoundCall)
    assert bound.order == ("logits", "weights", "onehot_labels")
    assert bound.positional == frozenset()


def test_mixed() -> None:
    bound = _bind("f(y, logits=x, reduction=r)")
    assert isinstance(bound, BoundCall)
    assert bound.positional == frozenset({"onehot_labels"})
    assert _names(bound)["reduction"] == "r"


@pytest.mark.parametrize(
    ("code", "needle"),
    [
        ("f(*args)", "`*args`"),
        ("f(y, x, **kwargs)", "`**kwargs`"),
        ("f(y, x, weight=2.0)", "Invalid keyword argument `weight`"),
        ("f(y, x, logits=x)", "multiple values for argument `logits`"),
        ("f(logits=x)", "missing required argument(s): ['onehot_labels']"),
        ("f(1, 2, 3, 4, 5, 6, 7, 8)", "at most 7 positional arguments. Received: 8"),
    ],
)
def test_errors_name_the_argument(code: str, needle: str) -> None:
    error = _bind(code)
    assert isinstance(error, BindError)
    assert needle in error.message


def test_nn_v1_positional_order_is_tf_2_21s_without_sentinel() -> None:
    # inspect.signature(tf.compat.v1.nn.softmax_cross_entropy_with_logits) on TF 2.21:
    # (labels=None, logits=None, dim=-1, name=None, axis=None)
    assert _names(_bind("f(y, x, 1)", NN_V1_SIGNATURE)) == {
        "labels": "y",
        "logits": "x",
        "dim": "1",
    }


@pytest.mark.parametrize("signature", [NN_V1_SIGNATURE, NN_V2_SIGNATURE])
def test_nn_binds_tf1s_sentinel_keyword_only_as_none(signature) -> None:  # type: ignore[no-untyped-def]
    # TF 1.x: softmax_cross_entropy_with_logits(_sentinel=None, labels=None, logits=None, ...)
    # and `if sentinel is not None: raise ValueError(...)`
    bound = _bind("f(_sentinel=None, labels=y, logits=x)", signature)
    assert _names(bound) == {"_sentinel": "None", "labels": "y", "logits": "x"}
    assert isinstance(bound, BoundCall) and bound.order == ("_sentinel", "labels", "logits")


@pytest.mark.parametrize(
    ("code", "needle"),
    [
        ("f(_sentinel=y, labels=y, logits=x)", "Received: _sentinel=y"),
        ("f(_sentinel=0, labels=y, logits=x)", "Received: _sentinel=0"),
        ("f(y, x, _sentinel=None)", "multiple values for argument `_sentinel`"),
        ("f(labels=y, logits=x, sentinel=None)", "Invalid keyword argument `sentinel`"),
    ],
)
def test_nn_sentinel_errors_name_the_argument(code: str, needle: str) -> None:
    error = _bind(code, NN_V1_SIGNATURE)
    assert isinstance(error, BindError)
    assert needle in error.message


def test_sentinel_is_not_a_parameter_of_the_losses() -> None:
    error = _bind("f(_sentinel=None, onehot_labels=y, logits=x)")
    assert isinstance(error, BindError)
    assert "Invalid keyword argument `_sentinel`" in error.message
