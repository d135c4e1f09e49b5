"""No comment is ever lost: comments written inside a target call survive its rewrite.

A call written out in plain ops is built anew, so the comments between its arguments have no
node to stay on; they go, in order, on their own lines before the statement (or before the
compound statement whose header held the call). Found by an audit: a call with a comment on
each argument's line lost all four. Every test input gets a comment after the opening
parenthesis of every target call, and every comment must come out exactly once.
"""

from __future__ import annotations

import ast
import re

import pytest
from test_bindings import SOURCES

from migrate.engine.options import Fallback, Options
from migrate.engine.symbols import TARGET_LEAVES
from migrate.engine.transform import transform_source

_CALL = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, TARGET_LEAVES), key=len, reverse=True)) + r")\("
)


def _with_comments(source: str) -> tuple[str, int]:
    count = 0

    def mark(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return f"{match.group(1)}(  # note-{count}\n"

    return _CALL.sub(mark, source), count


def _inputs() -> list[str]:
    names = []
    for name, source in sorted(SOURCES.items()):
        marked, count = _with_comments(source)
        try:
            ast.parse(marked)
        except SyntaxError:  # a name inside a string or a comment: not a call
            continue
        if count:
            names.append(name)
    return names


@pytest.mark.parametrize("fallback", [Fallback.PLAIN, Fallback.SHIM])
@pytest.mark.parametrize("name", _inputs())
def test_comments_inside_target_calls_survive(name: str, fallback: Fallback) -> None:
    marked, count = _with_comments(SOURCES[name])
    options = Options(fallback=fallback)
    result = transform_source(marked, options=options)
    if result.error is not None:
        return
    for n in range(1, count + 1):
        assert result.output.count(f"# note-{n}\n") == 1, f"# note-{n} in\n{result.output}"
    assert transform_source(result.output, options=options).output == result.output


BODY = (
    "def f(labels, predictions, w):\n"
    "    loss = tf.losses.mean_squared_error(  # the regression head\n"
    "        labels,  # ground truth\n"
    "        predictions,  # model output\n"
    "        weights=w,  # mask padded rows\n"
    "    )\n"
    "    return loss\n"
)


def test_a_written_out_call_keeps_its_comments_in_order_before_its_statement() -> None:
    source = "import tensorflow as tf\nx = tf.placeholder(tf.float32)\n" + BODY
    output = transform_source(source).output
    assert (
        "    # the regression head\n    # ground truth\n    # model output\n"
        "    # mask padded rows\n    loss_losses = "
    ) in output


def test_comments_of_a_call_in_a_compound_statement_header_go_before_it() -> None:
    source = (
        "import tensorflow as tf\nx = tf.placeholder(tf.float32)\n"
        "def f(y, p, w):\n"
        "    while tf.losses.absolute_difference(y, p,  # the gap\n"
        "                                        weights=w) > 0:\n"
        "        p = step(p)\n"
    )
    output = transform_source(source).output
    assert "    # the gap\n    while " in output


_PARENTHESISED = [
    "tf.losses.softmax_cross_entropy(y, x, weights=w)",
    "tf.losses.sparse_softmax_cross_entropy(ids, x, weights=w)",
    "tf.losses.sigmoid_cross_entropy(y, x, weights=w)",
    "tf.losses.mean_squared_error(y, x, weights=w)",
    "tf.losses.huber_loss(y, x, weights=w, delta=2.0)",
    "tf.losses.log_loss(y, x, weights=w)",
    "tf.losses.absolute_difference(y, x, weights=w, reduction=tf.losses.Reduction.SUM)",
    "tf.contrib.losses.softmax_cross_entropy(x, y, weights=w)",
    "slim.losses.softmax_cross_entropy(x, y, label_smoothing=0.1)",
]


@pytest.mark.parametrize("fallback", [Fallback.PLAIN, Fallback.SHIM])
@pytest.mark.parametrize("call", _PARENTHESISED)
def test_comments_on_the_parentheses_around_a_call_survive(call: str, fallback: Fallback) -> None:
    """The call's own parentheses hold comments its recorded range does not cover (audit)."""
    source = (
        "import tensorflow as tf\n"
        "slim = tf.contrib.slim\n"
        "def f(y, x, w, ids):\n"
        f"    loss = (  # before the call\n        {call}  # after the call\n    )\n"
        "    return loss\n"
    )
    result = transform_source(source, options=Options(fallback=fallback))
    assert result.error is None
    assert result.output != source
    for comment in ("# before the call\n", "# after the call\n"):
        assert result.output.count(comment) == 1, result.output
