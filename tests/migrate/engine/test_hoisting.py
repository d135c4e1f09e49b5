"""Which call of a statement may be computed in statements placed just before it."""

from __future__ import annotations

import libcst as cst
import pytest

from migrate.engine.hoisting import hoistable_call


def _found(statement: str) -> str | None:
    small = cst.parse_statement(statement)
    assert isinstance(small, cst.SimpleStatementLine)
    call = hoistable_call(
        small.body[0],
        lambda c: isinstance(c.func, cst.Attribute) and c.func.attr.value == "target",
    )
    return None if call is None else cst.Module([]).code_for_node(call)


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        ("loss = tf.target(y, net(x))", "tf.target(y, net(x))"),
        ("return tf.reduce_mean(tf.target(y, x)) + reg", "tf.target(y, x)"),
        ("self.total += 0.5 * tf.target(y, x)", "tf.target(y, x)"),
        ("tf.target(y, x)", "tf.target(y, x)"),
        ("loss: tf.Tensor = tf.target(y, x)", "tf.target(y, x)"),
        ("out[k] = tf.target(y, x)", "tf.target(y, x)"),  # the target's subscript comes after
        ("losses = [a.b, -c, tf.target(y, x)]", "tf.target(y, x)"),
        ("d = {'a': 1, 'b': tf.target(y, x)}", "tf.target(y, x)"),
    ],
)
def test_hoistable(statement: str, expected: str) -> None:
    assert _found(statement) == expected


@pytest.mark.parametrize(
    "statement",
    [
        "loss = f(z) + tf.target(y, x)",  # f(z) runs first
        "loss = tf.target(y, x) if train else 0",  # conditional branch
        "loss = train and tf.target(y, x)",  # conditional operand
        "fn = lambda: tf.target(y, x)",  # deferred
        "losses = [tf.target(y, x) for y in ys]",  # repeated
        "ok = a < tf.target(y, x) < b < tf.target(y, x)",  # first one is found, not the second
        "loss = (yield) + tf.target(y, x)",
        "self.cache[key()] += tf.target(y, x)",  # the target's own subscript calls first
        "del x",
        "import tensorflow as tf",
    ],
)
def test_not_hoistable(statement: str) -> None:
    found = _found(statement)
    if statement.startswith("ok ="):
        assert found == "tf.target(y, x)"  # the first, unconditional one only
    else:
        assert found is None


def test_the_first_candidate_only() -> None:
    """A later candidate could be overtaken by an earlier one left in place."""
    assert _found("loss = tf.target(a, b) + tf.target(c, d)") == "tf.target(a, b)"
