"""The ``Reduction`` enum of TF1 losses (``tf.compat.v1.losses.Reduction``).

Values are TF1's own strings, so ``tf.compat.v1.losses.Reduction.MEAN`` and ``Reduction.MEAN`` are
interchangeable. Keras 3 has no public reduction enum and uses different strings
(``"sum_over_batch_size"``...); those are rejected here with a hint, never silently mapped.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Reduction"]

# Keras 3 reduction strings, to give a useful hint when one is passed to a TF1-style API.
_KERAS_HINTS = {
    "sum_over_batch_size": "SUM_OVER_BATCH_SIZE",
    "sum": "SUM",
    "mean": "MEAN",
    "mean_with_sample_weight": "MEAN",
}


class Reduction:
    """Types of loss reduction, as ``tf.compat.v1.losses.Reduction``.

    * ``NONE``: un-reduced weighted losses, same shape as the input.
    * ``SUM``: scalar sum of the weighted losses.
    * ``MEAN``: ``SUM`` divided by the sum of the (broadcast) weights.
    * ``SUM_OVER_BATCH_SIZE``: ``SUM`` divided by the number of elements of the losses.
    * ``SUM_BY_NONZERO_WEIGHTS`` (TF1's default) and its alias ``SUM_OVER_NONZERO_WEIGHTS``: ``SUM``
      divided by the number of non-zero (broadcast) weights. Keras has no equivalent: Keras'
      ``"sum_over_batch_size"`` divides by the element count whatever the weights.

    Every division is "safe": a zero denominator gives 0, never NaN (TF1's ``div_no_nan``).

    >>> Reduction.validate(Reduction.MEAN)
    >>> Reduction.SUM_OVER_NONZERO_WEIGHTS == Reduction.SUM_BY_NONZERO_WEIGHTS
    True
    """

    NONE = "none"
    SUM = "weighted_sum"
    SUM_OVER_BATCH_SIZE = "weighted_sum_over_batch_size"
    MEAN = "weighted_mean"
    SUM_BY_NONZERO_WEIGHTS = "weighted_sum_by_nonzero_weights"
    SUM_OVER_NONZERO_WEIGHTS = SUM_BY_NONZERO_WEIGHTS

    @classmethod
    def all(cls) -> tuple[str, ...]:
        """All valid reduction keys, in TF1's order (the alias appears twice, as in TF1)."""
        return (
            cls.NONE,
            cls.SUM,
            cls.MEAN,
            cls.SUM_OVER_BATCH_SIZE,
            cls.SUM_OVER_NONZERO_WEIGHTS,
            cls.SUM_BY_NONZERO_WEIGHTS,
        )

    @classmethod
    def validate(cls, key: Any) -> None:
        """Raises ``ValueError`` unless ``key`` is one of :meth:`all` (TF1 raises ``ValueError`` too)."""
        try:
            if key in _VALID:
                return
        except TypeError:  # unhashable
            pass
        raise ValueError(_invalid_message(key))


_VALID = frozenset(Reduction.all())


def _invalid_message(key: Any) -> str:
    expected = ", ".join(repr(k) for k in dict.fromkeys(Reduction.all()))
    message = (
        f"Invalid value for argument `reduction`. Expected one of ({expected}), i.e. a "
        f"`tf.compat.v1.losses.Reduction` / `tfcompat_losses.Reduction` member. Received: "
        f"reduction={key!r}"
    )
    if isinstance(key, str) and key.lower() in _KERAS_HINTS:
        message += (
            f". {key!r} is a Keras reduction string; the TF1 API takes "
            f"Reduction.{_KERAS_HINTS[key.lower()]} (check the denominator: they differ)"
        )
    return message
