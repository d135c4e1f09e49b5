"""``tfcompat_losses.per_replica``: the same losses, in TF1's per-replica denominator mode.

The numbers under a real strategy are checked by tests/shim/test_distribute.py (the mode) and
tests/equivalence/test_equivalence.py (the codemod's per-replica shim calls against TF1).
"""

from __future__ import annotations

import inspect

import pytest

tf = pytest.importorskip("tensorflow")

import tfcompat_losses  # noqa: E402
import tfcompat_losses.per_replica as per_replica  # noqa: E402
from tfcompat_losses.distribute import DenominatorMode, get_denominator_mode  # noqa: E402


@pytest.mark.parametrize("module", ["top", "contrib"])
def test_every_loss_has_the_same_signature(module: str) -> None:
    mine = per_replica if module == "top" else per_replica.contrib
    theirs = tfcompat_losses if module == "top" else tfcompat_losses.contrib
    names = [n for n in mine.__all__ if n not in ("contrib", "per_replica")]
    assert len(names) >= 9
    for name in names:
        assert inspect.signature(getattr(mine, name)) == inspect.signature(getattr(theirs, name))
        assert getattr(mine, name).__doc__ == getattr(theirs, name).__doc__


def test_the_call_runs_in_per_replica_mode_and_restores_the_default() -> None:
    seen = []
    probe = per_replica.per_replica(lambda: seen.append(get_denominator_mode()))
    probe()
    assert seen == [DenominatorMode.PER_REPLICA]
    assert get_denominator_mode() is DenominatorMode.GLOBAL


def test_same_numbers_outside_a_strategy() -> None:
    y = tf.constant([[0.0, 1.0], [1.0, 0.0]])
    x = tf.constant([[0.3, -1.0], [2.0, 0.5]])
    w = tf.constant([1.0, 0.0])
    expected = tfcompat_losses.softmax_cross_entropy(y, x, weights=w)
    assert float(per_replica.softmax_cross_entropy(y, x, weights=w)) == float(expected)
