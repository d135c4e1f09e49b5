"""Loss normalisation under tf.distribute (issue 5).

SEAM (skeleton): ``reduce_denominator`` is called by ``weighting.compute_weighted_loss`` on every
normalising denominator. Until issue 5 lands it returns the denominator unchanged (TF1's
per-replica behaviour).
"""

from __future__ import annotations

from typing import Any

__all__ = ["reduce_denominator"]


def reduce_denominator(denominator: Any) -> Any:
    return denominator
