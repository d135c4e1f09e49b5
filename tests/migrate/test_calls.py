"""Binding to the source signature: contrib is logits first; stars are never guessed."""

from __future__ import annotations

import libcst as cst
import pytest

from migrate.calls import (
    CONTRIB_SCE_SIGNATURE,
    CORE_SCE_SIGNATURE,
    NN_V1_SIGNATURE,
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


def test_nn_v1_has_no_sentinel_in_tf_2_21() -> None:
    assert _names(_bind("f(y, x, 1)", NN_V1_SIGNATURE)) == {
        "labels": "y",
        "logits": "x",
        "dim": "1",
    }
    assert isinstance(_bind("f(_sentinel=None, labels=y, logits=x)", NN_V1_SIGNATURE), BindError)
