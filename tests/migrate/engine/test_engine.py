"""The engine's contract: pure, typed, never raises, positions 1-based, options honoured."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from migrate.cli.process import may_contain_target
from migrate.engine.options import Fallback, Options
from migrate.engine.symbols import ALL_TARGETS, mentions_target
from migrate.engine.transform import reads_loss_collections, transform_source
from migrate.report.results import Action
from migrate.rules import ALL_RULES

CALL = "import tensorflow as tf\nloss = tf.losses.softmax_cross_entropy(y, logits)\n"


def test_python2_file_is_an_error_and_untouched() -> None:
    source = 'import tensorflow as tf\nprint "loss", tf.losses.softmax_cross_entropy(y, x)\n'
    result = transform_source(source, path="old.py")
    assert result.error is not None and "old.py" in result.error
    assert result.output == source
    assert result.findings == ()
    assert not result.changed


def test_source_without_marker_is_returned_as_is() -> None:
    source = "import tensorflow as tf\nx = tf.zeros(3)\n"
    assert transform_source(source).output == source


def test_finding_positions_are_one_based() -> None:
    result = transform_source(CALL)
    (finding,) = result.findings
    assert (finding.line, finding.column) == (2, 8)
    assert (finding.end_line, finding.end_column) == (2, 50)
    assert finding.code == "TFC101" and finding.action is Action.REWRITE


def test_multiline_positions() -> None:
    source = (
        "import tensorflow as tf\nloss = (\n    tf.losses.softmax_cross_entropy(\n        y, x))\n"
    )
    (finding,) = transform_source(source).findings
    assert (finding.line, finding.column, finding.end_line) == (3, 5, 4)


def test_crlf_line_endings_are_kept() -> None:
    source = CALL.replace("y, logits", "y, logits, weights=w").replace("\n", "\r\n")
    result = transform_source(source)
    assert result.changed
    assert "\r\n" in result.output
    assert "\n" not in result.output.replace("\r\n", "")
    assert "\r\nloss_xent = tf.nn.softmax_cross_entropy_with_logits(" in result.output  # plain ops


def test_comments_around_the_call_are_kept() -> None:
    source = (
        "import tensorflow as tf\n"
        "# the loss\n"
        "loss = tf.losses.softmax_cross_entropy(  # begin\n"
        "    y,  # labels\n"
        "    logits  # logits\n"
        ")  # end\n"
    )
    output = transform_source(source).output
    for comment in ("# the loss", "# begin", "# labels", "# logits", "# end"):
        assert comment in output


@pytest.mark.parametrize(
    "comment",
    [
        "# tfcompat: ignore",
        "#tfcompat:ignore",
        "# tfcompat: ignore[TFC101]",
        "# TFCOMPAT: IGNORE[tfc1]",
    ],
)
def test_suppression_comments(comment: str) -> None:
    source = (
        f"import tensorflow as tf\nloss = tf.losses.softmax_cross_entropy(y, logits)  {comment}\n"
    )
    if comment.endswith("[tfc1]"):  # a prefix is not a code: only exact codes silence
        assert transform_source(source).findings
        return
    result = transform_source(source)
    assert result.output == source and result.findings == ()


def test_suppression_for_another_code_does_not_silence() -> None:
    source = CALL.replace("logits)\n", "logits)  # tfcompat: ignore[TFC105]\n")
    assert transform_source(source).changed


def test_suppression_inside_a_multiline_call() -> None:
    source = "import tensorflow as tf\nloss = tf.losses.softmax_cross_entropy(\n    y,\n    logits)  # tfcompat: ignore\n"
    assert transform_source(source).findings == ()


def test_a_marker_in_a_string_is_not_a_suppression() -> None:
    source = CALL.replace("logits)\n", 'logits, scope="# tfcompat: ignore")\n')
    assert transform_source(source).findings


@pytest.mark.parametrize(
    ("options", "changed"),
    [
        (Options(select=frozenset({"TFC1"})), True),
        (Options(select=frozenset({"TFC105"})), False),
        (Options(ignore=frozenset({"TFC101"})), False),
        (Options(select=frozenset({"TFC101"}), ignore=frozenset({"TFC10"})), False),
    ],
)
def test_rule_selection(options: Options, changed: bool) -> None:
    assert transform_source(CALL, options=options).changed is changed


def test_report_fallback_never_changes_text() -> None:
    source = CALL.replace("logits)", "logits, weights=w)")
    result = transform_source(source, options=Options(fallback=Fallback.REPORT))
    assert result.output == source
    assert [f.action for f in result.findings] == [Action.REPORT]
    assert "non-zero" in result.findings[0].message


def test_tf2_alias_does_not_collide() -> None:
    source = (
        "import tensorflow.compat.v1 as tf\n"
        "tf2 = 'taken'\n"
        "loss = tf.losses.softmax_cross_entropy(y, logits)\n"
        "z = tf.zeros(1)\n"
    )
    output = transform_source(source).output
    assert "import tensorflow as tensorflow2\n" in output
    assert "tensorflow2.keras.losses.CategoricalCrossentropy" in output


def test_existing_tf2_import_is_reused() -> None:
    source = (
        "import tensorflow as tf2\nimport tensorflow.compat.v1 as tf\n"
        "loss = tf.losses.softmax_cross_entropy(y, logits)\nz = tf.zeros(1)\n"
    )
    output = transform_source(source).output
    assert output.count("import tensorflow as tf2") == 1
    assert "tf2.keras.losses" in output


def test_module_alias_assigned_twice_is_not_trusted() -> None:
    source = (
        "import tensorflow as tf\nslim = tf.contrib.slim\nslim = other\n"
        "loss = slim.losses.softmax_cross_entropy(x, y)\n"
    )
    result = transform_source(source)
    assert result.output == source
    assert [(f.code, f.action, f.line) for f in result.findings] == [("TFC107", Action.REPORT, 4)]
    assert "`slim = other` (line 3)" in result.findings[0].message


def test_unused_imports_are_removed_and_used_ones_kept() -> None:
    source = (
        "import tensorflow as tf\nfrom tensorflow.compat.v1.losses import softmax_cross_entropy\n"
        "loss = softmax_cross_entropy(y, logits)\n"
    )
    output = transform_source(source).output
    assert "from tensorflow.compat.v1.losses" not in output
    assert output.startswith("import tensorflow as tf\n")


def test_an_attribute_or_keyword_spelled_like_an_import_is_no_use_of_it() -> None:
    source = (
        "from tensorflow.contrib import losses\n"
        "l = losses.softmax_cross_entropy(x, y)\n"
        "m = model.losses\n"
        "n = f(losses=m)\n"
    )
    output = transform_source(source).output
    assert "from tensorflow.contrib import losses" not in output
    assert output.startswith("import tensorflow as tf\n")


def test_an_import_still_used_after_the_rewrite_is_kept() -> None:
    source = (
        "from tensorflow.contrib import losses\n"
        "l = losses.softmax_cross_entropy(x, y)\n"
        "m = losses.metric_learning.triplet_semihard_loss(x, y)\n"
    )
    assert "from tensorflow.contrib import losses\n" in transform_source(source).output


@pytest.mark.parametrize(
    ("source", "code"),
    [
        ("from tensorflow.contrib.losses import *\nl = softmax_cross_entropy(x, y)\n", "TFC103"),
        (
            "from tensorflow.compat.v1 import *\n"
            "l = nn.softmax_cross_entropy_with_logits(labels=y, logits=x)\n",
            "TFC106",
        ),
        ("from tensorflow.compat.v1.losses import *\nf = softmax_cross_entropy\n", "TFC100"),
    ],
)
def test_a_name_only_a_star_import_binds_is_reported_not_rewritten(source: str, code: str) -> None:
    result = transform_source(source)
    assert [(f.code, f.action) for f in result.findings] == [(code, Action.REPORT)]
    assert "import *" in result.findings[0].message
    assert result.output == source


@pytest.mark.parametrize(
    "source",
    [
        # bound by a definition the scope analysis sees
        "from tensorflow.compat.v1.losses import *\n"
        "def softmax_cross_entropy(a, b):\n    return a\n"
        "l = softmax_cross_entropy(y, x)\n",
        # a star import of another module
        "from mylib.losses import *\nl = softmax_cross_entropy(y, x)\n",
        # an attribute of an unrelated object
        "from tensorflow.compat.v1.losses import *\nl = model.softmax_cross_entropy(y, x)\n",
        # TF2 code: TF2's own function
        "from tensorflow import *\nl = nn.softmax_cross_entropy_with_logits(labels=y, logits=x)\n",
        "from tensorflow.compat.v1.losses import *\n"
        "l = softmax_cross_entropy(y, x)  # tfcompat: ignore\n",
    ],
)
def test_star_import_look_alikes_get_no_finding(source: str) -> None:
    assert transform_source(source).findings == ()


def test_reads_loss_collections() -> None:
    assert reads_loss_collections("total = tf.losses.get_total_loss()\n")
    assert reads_loss_collections("t = tf.get_collection(tf.GraphKeys.LOSSES)\n")
    assert reads_loss_collections("t = tf.get_collection('losses')\n")
    assert not reads_loss_collections("# get_total_loss() is gone\nx = 1\n")


def test_the_prefilter_passes_every_example() -> None:
    for rule in ALL_RULES:
        for example in rule.EXAMPLES:
            assert mentions_target(example.before), example.title
            assert may_contain_target(example.before), example.title


def test_every_target_leaf_passes_the_prefilter() -> None:
    for target in sorted(ALL_TARGETS):
        leaf = target.rsplit(".", 1)[-1]
        assert may_contain_target(f"x = tf.foo.{leaf}\n"), target
        assert not may_contain_target(f"# tf.foo.{leaf}\n"), target


@settings(max_examples=60, derandomize=True, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "import tensorflow as tf\n",
                "import tensorflow.compat.v1 as tf\n",
                "tf.losses.softmax_cross_entropy(",
                "tf.nn.softmax_cross_entropy_with_logits(",
                "y, x",
                "weights=",
                "**kw",
                ")",
                "(",
                "\n",
                "lambda: ",
                "# tfcompat: ignore\n",
                "reduction=tf.losses.Reduction.SUM",
                ", ",
                "'\u00e9'",
                "\t",
                "\r\n",
                "def f(",
            ]
        ),
        max_size=12,
    )
)
def test_never_raises(parts: list[str]) -> None:
    source = "".join(parts)
    result = transform_source(source)
    assert result.source == source
    if result.error is not None:
        assert result.output == source
    assert transform_source(result.output).output == result.output


_COMMENT_CASES = [
    "loss = tf.losses.softmax_cross_entropy(\n    y,  # labels\n    logits,  # logits\n"
    '    scope="xent",  # name only\n    loss_collection=None,  # not collected\n)\n',
    "loss = tf.losses.softmax_cross_entropy(\n    y,  # labels\n    logits,\n"
    '    scope="xent",  # name only\n    weights=1.0)\n',
    'loss = tf.losses.softmax_cross_entropy(y, logits, scope="xent"  # name only\n)\n',
    "loss = tf.losses.softmax_cross_entropy(  # open\n    logits=f(x),  # net\n"
    "    # the labels follow\n    onehot_labels=g(y),  # labels\n    weights=2.0,  # scale\n)  # close\n",
    "loss = tf.losses.softmax_cross_entropy(\n    y, logits,  # both\n"
    "    label_smoothing=0.1)  # end\n",
]


@pytest.mark.parametrize("body", _COMMENT_CASES)
def test_every_comment_survives_a_rewrite(body: str) -> None:
    import re

    source = "import tensorflow as tf\n" + body
    result = transform_source(source)
    assert result.changed and [f.action for f in result.findings] == [Action.REWRITE]
    comments = sorted(re.findall(r"#[^\n]*", source))
    assert sorted(re.findall(r"#[^\n]*", result.output)) == comments
    assert transform_source(result.output).output == result.output


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # Snippets in the style of tf_upgrade_v2's own test data: `tf` is never bound.
        (
            "tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits, dim=2)\n",
            "tf.nn.softmax_cross_entropy_with_logits(labels=tf.stop_gradient(labels), logits=logits, axis=2)\n",
        ),
        (
            "tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits, dim=2)\n",
            "tf.compat.v2.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits, axis=2)\n",
        ),
        (
            "loss = tf.losses.softmax_cross_entropy(labels, logits)\n",
            "loss = tf.keras.losses.CategoricalCrossentropy(from_logits=True)(tf.stop_gradient(labels), logits)\n",
        ),
    ],
)
def test_an_unbound_tf_is_tensorflow(source: str, expected: str) -> None:
    assert transform_source(source).output == expected


def test_a_bound_tf_is_never_assumed() -> None:
    source = "import mylib as tf\nloss = tf.losses.softmax_cross_entropy(y, x)\n"
    assert transform_source(source).findings == ()
    # a parameter or a call's result may hold anything, TensorFlow included (RLlib's
    # `tf = try_import_tf()`): never assumed, but reported
    for source, why in (
        ("def f(tf):\n    return tf.losses.softmax_cross_entropy(y, x)\n", "parameter of `f`"),
        ("tf = try_import_tf()\nloss = tf.losses.softmax_cross_entropy(y, x)\n", "try_import_tf()"),
    ):
        result = transform_source(source)
        assert result.output == source
        assert [(f.code, f.action) for f in result.findings] == [("TFC107", Action.REPORT)]
        assert why in result.findings[0].message


def test_imports_left_unused_are_removed_even_when_comments_mention_them() -> None:
    source = (
        "import tensorflow.compat.v1 as tf  # TF1\n"
        "import tf_slim as slim\n"
        "# tf and slim are mentioned here\n"
        'a = tf.losses.softmax_cross_entropy(y, x)  # "tf"\n'
        "b = slim.losses.softmax_cross_entropy(x, y)\n"
    )
    output = transform_source(source).output
    assert "import tf_slim" not in output and "tensorflow.compat.v1" not in output
    # `tf` became free: TF2's namespace takes the familiar name.
    assert "import tensorflow as tf" in output and "tf2" not in output
    assert (
        "b = tf.keras.losses.CategoricalCrossentropy(from_logits=True)(tf.stop_gradient(y), x)\n"
        in output
    )
    assert transform_source(output).output == output


def test_tf2_alias_kept_when_tf_is_still_used() -> None:
    source = "import tensorflow.compat.v1 as tf\nloss = tf.losses.softmax_cross_entropy(y, x)\nz = tf.zeros(1)\n"
    output = transform_source(source).output
    assert (
        "import tensorflow.compat.v1 as tf\n" in output and "import tensorflow as tf2\n" in output
    )


@pytest.mark.parametrize(
    ("body", "action"),
    [
        ("    loss = tf.losses.softmax_cross_entropy(y, x)\n    return 1\n", "shim"),
        ("    loss = tf.losses.softmax_cross_entropy(y, x)\n    return loss\n", "rewrite"),
        ("    loss = tf.losses.softmax_cross_entropy(y, x)\n    return lambda: loss\n", "rewrite"),
        ("    global loss\n    loss = tf.losses.softmax_cross_entropy(y, x)\n", "rewrite"),
        ("    loss = tf.losses.softmax_cross_entropy(y, x)\n    return locals()\n", "rewrite"),
        ("    loss = tf.losses.softmax_cross_entropy(y, x)\n    print(f'{loss}')\n", "rewrite"),
        ("    loss = 0\n    loss = tf.losses.softmax_cross_entropy(y, x)\n", "shim"),
        ("    loss: float = 0\n    loss = tf.losses.softmax_cross_entropy(y, x)\n", "shim"),
        ("    loss = tf.losses.softmax_cross_entropy(y, x)\n    loss += 1\n", "rewrite"),
        ("    loss = tf.losses.softmax_cross_entropy(y, x)\n    del loss\n", "rewrite"),
        (
            "    for loss in xs:\n        pass\n    loss = tf.losses.softmax_cross_entropy(y, x)\n",
            "rewrite",
        ),
    ],
)
def test_a_local_never_read_discards_the_loss(body: str, action: str) -> None:
    """Only the collection would keep such a loss: like a bare statement, it cannot become a
    Keras loss; it goes to the shim (``--fallback shim``), or plain ops that keep adding it to
    the collection (``tf.compat.v1.losses.add_loss``, the default)."""
    source = f"import tensorflow as tf\ndef f(x, y):\n{body}"
    result = transform_source(source, options=Options(fallback=Fallback.SHIM))
    assert [f.action.value for f in result.findings] == [action]
    plain = transform_source(source)
    assert [f.action.value for f in plain.findings] == ["rewrite"]
    assert ("add_loss(" in plain.output) is (action == "shim")


@pytest.mark.parametrize(
    "source",
    [
        "import tensorflow as tf\nloss = tf.losses.softmax_cross_entropy(y, x)\n",
        "import tensorflow as tf\nclass A:\n    loss = tf.losses.softmax_cross_entropy(y, x)\n",
    ],
)
def test_module_and_class_attributes_may_be_read_elsewhere(source: str) -> None:
    assert [f.action.value for f in transform_source(source).findings] == ["rewrite"]
