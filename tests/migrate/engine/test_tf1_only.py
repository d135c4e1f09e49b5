"""TF1-only evidence must really be TF1-only: each name is missing from TF2's namespace.

A wrong entry would make TF2 code look like TF1 code, and the v1 rule would then stop the
gradient into the labels of TF2's ``tf.nn.softmax_cross_entropy_with_logits``.
"""

from __future__ import annotations

from typing import Any

import pytest

from migrate.engine.symbols import TF1_ONLY

tf = pytest.importorskip("tensorflow")

TF0_ONLY = frozenset(
    "tensorflow." + name
    for name in [
        "mul",
        "sub",
        "neg",
        "pack",
        "unpack",
        "select",
        "concat_v2",
        "scalar_summary",
        "histogram_summary",
        "image_summary",
        "merge_all_summaries",
        "initialize_variables",
        "train.SummaryWriter",
    ]
)
"""Gone by TF 1.0 (so not in ``tf.compat.v1`` either)."""
NEEDS_TF_KERAS = frozenset({"tensorflow.layers"})
"""``tf.compat.v1.layers`` exists only with tf-keras (Keras 2) installed."""


def _lookup(module: Any, dotted: str) -> bool:
    for part in dotted.split("."):
        if not hasattr(module, part):
            return False
        module = getattr(module, part)
    return True


@pytest.mark.parametrize("name", sorted(TF1_ONLY))
def test_tf1_only_name_is_not_in_tf2(name: str) -> None:
    rest = name.removeprefix("tensorflow.")
    assert not _lookup(tf, rest), f"`tf.{rest}` exists in TF {tf.__version__}"
    if name in TF0_ONLY or name in NEEDS_TF_KERAS or rest == "contrib":
        return
    if rest.startswith(("losses.softmax", "losses.sparse_softmax")):
        return  # the targets themselves: tf.compat.v1.losses has them (checked elsewhere)
    assert _lookup(tf.compat.v1, rest), f"`tf.compat.v1.{rest}` is missing: not a TF1 name?"
