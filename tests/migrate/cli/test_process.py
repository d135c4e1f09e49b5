"""The cheap text prefilter: which files are worth parsing at all."""

from __future__ import annotations

import pytest

from migrate.cli.process import may_contain_target


@pytest.mark.parametrize(
    "text",
    [
        "loss = tf.losses.softmax_cross_entropy(y, z)\n",
        "loss = tf.compat.v1.losses.sparse_softmax_cross_entropy(labels=i, logits=z)\n",
        "x = tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=z)\n",
        "x = tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=z)\n",
        "from tensorflow.compat.v1.losses import softmax_cross_entropy as xent\nxent(y, z)\n",
        "fn = tf.losses.softmax_cross_entropy  # a reference, no call\n",
        "# comment\nx = 1\ny = {'f': tf.losses.softmax_cross_entropy}\n",
    ],
)
def test_targets_pass(text: str) -> None:
    assert may_contain_target(text)


@pytest.mark.parametrize(
    "text",
    [
        "x = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=i, logits=z)\n",
        "    # TODO: use softmax_cross_entropy here\nx = 1\n",
        "x = my_softmax_cross_entropy_loss(y, z)\n",
        "x = 1\n",
    ],
)
def test_look_alikes_are_skipped(text: str) -> None:
    assert not may_contain_target(text)
