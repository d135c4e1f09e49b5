"""Reduction: TF1's values, order and validation."""

from __future__ import annotations

import pytest
from _oracle import v1

from tfcompat_losses import Reduction


@pytest.mark.parametrize(
    "name",
    [
        "NONE",
        "SUM",
        "MEAN",
        "SUM_OVER_BATCH_SIZE",
        "SUM_OVER_NONZERO_WEIGHTS",
        "SUM_BY_NONZERO_WEIGHTS",
    ],
)
def test_values_are_tf1_strings(name: str) -> None:
    assert getattr(Reduction, name) == getattr(v1.losses.Reduction, name)


def test_all_matches_tf1() -> None:
    assert Reduction.all() == v1.losses.Reduction.all()


@pytest.mark.parametrize("key", v1.losses.Reduction.all())
def test_tf1_members_validate(key: str) -> None:
    Reduction.validate(key)


@pytest.mark.parametrize("key", ["mean", "sum_over_batch_size", "", None, 3, ["none"]])
def test_invalid_keys_raise_value_error_like_tf1(key: object) -> None:
    if key != ["none"]:
        with pytest.raises(ValueError):
            v1.losses.Reduction.validate(key)
    with pytest.raises(
        ValueError, match=r"Invalid value for argument `reduction`\. Expected one of"
    ):
        Reduction.validate(key)


def test_keras_string_gets_a_hint() -> None:
    with pytest.raises(ValueError, match=r"Keras reduction string.*SUM_OVER_BATCH_SIZE"):
        Reduction.validate("sum_over_batch_size")
