"""Plain-ops rewrites: where they go, what they are named, when they give way to the shim.

The numbers are proven by execution in tests/equivalence; these tests pin the shape of the
emitted code and the preconditions.
"""

from __future__ import annotations

import pytest

from migrate.engine.options import Assumption, Denominator, Fallback, Options
from migrate.engine.transform import transform_source
from migrate.report.results import Action

WEIGHTED = "tf.losses.softmax_cross_entropy(y, logits, weights=w)"


def _run(body: str, options: Options | None = None) -> tuple[str, list[Action], str]:
    result = transform_source(f"import tensorflow as tf\n{body}", options=options)
    assert result.error is None
    again = transform_source(result.output, options=options)
    assert again.output == result.output  # a fixed point
    losses = [f for f in result.findings if f.code != "TFC119"]  # not the readers' renames
    return (
        result.output,
        [f.action for f in losses],
        " ".join(f.message for f in losses),
    )


def test_block_before_the_statement_named_after_its_target() -> None:
    output, actions, message = _run(
        f"def f(y, logits, w):\n    # comment\n    loss = {WEIGHTED}\n    return loss\n"
    )
    assert actions == [Action.REWRITE]
    assert "plain TF2 ops" in message and "number of non-zero weights" in message
    assert output == (
        "import tensorflow as tf\n"
        "def f(y, logits, w):\n"
        "    # comment\n"
        "    loss_xent = tf.nn.softmax_cross_entropy_with_logits(labels=tf.stop_gradient(tf.cast(y, logits.dtype)), logits=logits)\n"
        "    loss_weights = tf.cast(w, tf.float32)\n"
        "    loss_total = tf.reduce_sum(tf.cast(loss_xent, tf.float32) * loss_weights)\n"
        "    loss_nonzero = tf.math.count_nonzero(tf.broadcast_to(loss_weights, tf.shape(loss_xent)), dtype=tf.float32)\n"
        "    # TF1's softmax_cross_entropy: SUM_BY_NONZERO_WEIGHTS divides by the number of non-zero weights\n"
        "    loss = tf.cast(tf.math.divide_no_nan(loss_total, loss_nonzero), loss_xent.dtype)\n"
        "    return loss\n"
    )


def test_new_names_never_take_a_name_of_the_module() -> None:
    output, _, _ = _run(f"loss_xent = 1\nxent = 2\nloss = {WEIGHTED}\n")
    assert "loss_xent_1 = tf.nn.softmax_cross_entropy_with_logits(" in output
    assert output.startswith("import tensorflow as tf\nloss_xent = 1\nxent = 2\n")


def test_arguments_with_effects_are_evaluated_once_in_source_order() -> None:
    output, _, _ = _run(
        "loss = tf.losses.softmax_cross_entropy(weights=f(), logits=g(), onehot_labels=h())\n"
    )
    lines = output.splitlines()
    assert lines[1:4] == ["loss_weights = f()", "loss_logits = g()", "loss_labels = h()"]
    assert output.count("f()") == output.count("g()") == output.count("h()") == 1


@pytest.mark.parametrize(
    "body",
    [
        f"fn = lambda y, logits, w: {WEIGHTED}\n",  # nothing can go before a lambda's body
        f"losses = [{WEIGHTED} for w in ws]\n",
        f"loss = f(x) + {WEIGHTED}\n",  # f(x) runs before the call
    ],
)
def test_one_expression_where_no_statement_can_go_before(body: str) -> None:
    output, actions, _ = _run(body)
    assert actions == [Action.REWRITE]
    assert output.count("\n") == body.count("\n") + 2  # the import and the comment line only
    assert "tf.math.divide_no_nan(" in output


def test_inputs_with_effects_where_nothing_can_go_before_go_to_the_shim() -> None:
    _, actions, message = _run(
        "fn = lambda y, w: tf.losses.softmax_cross_entropy(y, net(x), weights=w)\n"
    )
    assert actions == [Action.SHIM]
    assert "evaluated" in message


@pytest.mark.parametrize(
    "call",
    [
        "tf.compat.v1.losses.mean_squared_error(y, net(x), weights=w)",
        "tf.compat.v1.losses.absolute_difference(y, net(x), weights=w)",
        "tf.compat.v1.losses.hinge_loss(y, net(x), weights=w)",
    ],
)
def test_one_expression_never_evaluates_an_argument_twice(call: str) -> None:
    # the one-expression form computes the losses twice (their sum and their count): an
    # argument with effects would run twice (found by executing the output: `net` ran twice)
    output, actions, message = _run(f"fn = lambda y, x, w: {call}\n")
    assert actions == [Action.SHIM]
    assert "would evaluate `net(x)` twice" in message
    assert output.count("net(x)") == 1


def test_log_loss_casts_each_input_once() -> None:
    output, actions, _ = _run("loss = tf.losses.log_loss(y, p, weights=w)\n")
    assert actions == [Action.REWRITE]
    assert output.count("tf.cast(y, tf.float32)") == output.count("tf.cast(p, tf.float32)") == 1
    assert "loss_labels32 = tf.cast(y, tf.float32)\n" in output


@pytest.mark.parametrize(
    ("prefix", "action"), [("", Action.REWRITE), ("x = tf.float16\n", Action.SHIM)]
)
def test_log_loss_in_one_expression_only_for_float32_inputs(prefix: str, action: Action) -> None:
    # one expression casts each input twice: the identity for float32 inputs, two roundings
    # of a float16/float64 input's gradient otherwise
    _, actions, message = _run(f"{prefix}fn = lambda y, p: tf.losses.log_loss(y, p)\n")
    assert actions == [action]
    if action is Action.SHIM:
        assert "rounds a float16/float64 input's gradient twice" in message


def test_class_bodies_get_no_new_attributes() -> None:
    output, actions, _ = _run(f"class M:\n    loss = {WEIGHTED}\n")
    assert actions == [Action.REWRITE]
    assert "loss_xent" not in output  # one expression, no temporaries as class attributes


@pytest.mark.parametrize(
    ("body", "options", "why"),
    [
        (f"fn = lambda: {WEIGHTED}\ntotal = tf.losses.get_total_loss()\n", None, "collection"),
        ("loss = tf.losses.softmax_cross_entropy(y, x, reduction=red)\n", None, "run time"),
        (
            "fn = lambda x, y, w: tf.contrib.losses.softmax_cross_entropy(x, y, weights=w)\n",
            None,
            "takes several statements",
        ),
        (
            f"loss = {WEIGHTED}\n",
            Options(distributed=Assumption.YES, denominator=Denominator.GLOBAL),
            "global denominator",
        ),
    ],
)
def test_where_plain_ops_are_not_exact_the_shim_is(
    body: str, options: Options | None, why: str
) -> None:
    _, actions, message = _run(body, options)
    assert actions == [Action.SHIM]
    assert why in message


def test_contrib_weights_tensors_are_weighed_by_static_rank_in_plain_ops() -> None:
    # TF 1.x contrib's compute_weighted_loss: squeeze a trailing 1, sum the loss axes the
    # weights do not cover, divide by non-zero weights times the elements each one weighs
    output, actions, _ = _run("loss = tf.contrib.losses.softmax_cross_entropy(x, y, weights=w)\n")
    assert actions == [Action.REWRITE]
    assert "tf.squeeze(loss_weights, [-1]) if len(loss_weights.shape) > 1" in output
    assert "tf.reduce_prod(tf.shape(loss_xent)[len(loss_w.shape):])" in output
    assert output.endswith(
        "loss = tf.cast(tf.math.divide_no_nan(loss_total, loss_present), loss_xent.dtype)\n"
    )
    assert "tfcompat_losses" not in output


def test_the_shim_fallback_keeps_one_line_diffs() -> None:
    output, actions, _ = _run(f"loss = {WEIGHTED}\n", Options(fallback=Fallback.SHIM))
    assert actions == [Action.SHIM]
    assert output.endswith("loss = tfcompat_losses.softmax_cross_entropy(y, logits, weights=w)\n")


@pytest.mark.parametrize(
    ("body", "added"),
    [
        (
            f"loss = {WEIGHTED}\ntotal = tf.losses.get_total_loss()\n",
            "loss = tf.cast(tf.math.divide_no_nan(loss_total, loss_nonzero), loss_xent.dtype)\n"
            "tf.compat.v1.losses.add_loss(loss)  # TF1 adds the loss to its collection (graph mode)\n",
        ),
        (
            f"{WEIGHTED}\n",
            "tf.compat.v1.losses.add_loss(tf.cast(tf.math.divide_no_nan(total, nonzero), xent.dtype))\n",
        ),
        (
            "out = 2 * tf.losses.softmax_cross_entropy(y, logits, loss_collection='mine')\n",
            "out_value = tf.cast(tf.math.divide_no_nan(out_total, tf.cast(tf.size(out_xent), "
            "tf.float32)), out_xent.dtype)\n"
            "tf.compat.v1.losses.add_loss(out_value, loss_collection='mine')  # TF1 adds",
        ),
    ],
)
def test_a_loss_that_must_stay_collected_joins_its_collection(body: str, added: str) -> None:
    """Read elsewhere (get_total_loss), discarded, or a custom collection: plain ops add the loss
    with tf.compat.v1.losses.add_loss, which is what TF1 did (a no-op when executing eagerly)."""
    output, actions, _ = _run(body)
    assert actions == [Action.REWRITE]
    assert added in output


def test_new_names_avoid_parameters_and_imports_in_any_scope() -> None:
    body = (
        "def f(y, logits, w, xent):\n"
        "    import numpy as total\n"
        f"    return {WEIGHTED}\n"
        "def g():\n"
        "    nonzero = 1\n"
    )
    output, _, _ = _run(body)
    assert "    xent_1 = tf.nn.softmax_cross_entropy_with_logits(" in output
    assert "    total_1 = tf.reduce_sum(" in output and "    nonzero_1 = " in output
    assert "    weights = tf.cast(w, tf.float32)" in output  # a keyword `weights=` binds nothing
