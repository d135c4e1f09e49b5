"""Module- and repository-level evidence: text-based, comments ignored, errs on the safe side.

These tests are about the preconditions of a *Keras* rewrite, so they run with
``--fallback shim``: a refused Keras rewrite shows as the shim. With the default fallback those
calls are written out in plain TF2 ops (tests/migrate/rules/test_plain_rewrite.py).
"""

from __future__ import annotations

import dataclasses

import pytest

from migrate.engine.options import Assumption, Fallback, Options
from migrate.engine.text_facts import repository_evidence, suppressions
from migrate.engine.transform import transform_source as _transform
from migrate.report.results import Action, SourceResult


def transform_source(source: str, *, options: Options | None = None) -> SourceResult:
    options = dataclasses.replace(options or Options(), fallback=Fallback.SHIM)
    return _transform(source, options=options)


CALL = "loss = tf.losses.softmax_cross_entropy(y, logits)\n"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("t = tf.losses.get_total_loss()\n", {"loss_collections"}),
        ("tf.keras.mixed_precision.set_global_policy('mixed_float16')\n", {"non_float32"}),
        ("tf.keras.backend.set_floatx('float64')\n", {"non_float32"}),
        ("s = tf.distribute.MirroredStrategy()\n", {"distributed"}),
        ("cfg = tf.estimator.RunConfig(train_distribute=s)\n", {"distributed"}),
        ("e = tf.keras.layers.Embedding(100, 8, mask_zero=True)\n", {"keras_masks"}),
        ("x = keras.layers.Masking()(x)\n", {"keras_masks"}),
        ("from tensorflow.distribute import MirroredStrategy\n", {"distributed"}),
        ("s = tf.contrib.distribute.MirroredStrategy(num_gpus=2)\n", {"distributed"}),
        ("out = strategy.experimental_run_v2(step, args=(x,))\n", {"distributed"}),
        # tree-wide, only a real strategy counts: not any `...Strategy` class or the English word
        ("class PaddingStrategy(Enum): pass\n", set()),
        ('"""We distribute the shards evenly."""\n', set()),
        ("x = tf.cast(x, tf.float16)\n", set()),  # local evidence only, not a global policy
        ("# get_total_loss(), MirroredStrategy, mixed_float16\nx = 1\n", set()),
        # TF1's default collection spelled out adds to it, reads nothing
        ("l = f(y, x, loss_collection=tf.GraphKeys.LOSSES)\n", set()),
        ("l = f(y, x, loss_collection = tf.compat.v1.GraphKeys.LOSSES)\n", set()),
        ("l = f(y, x, loss_collection='losses')\n", set()),
        ("c = tf.get_collection(tf.GraphKeys.LOSSES)\n", {"loss_collections"}),
        ("same = loss_collection == tf.GraphKeys.LOSSES\n", {"loss_collections"}),
    ],
)
def test_repository_evidence(source: str, expected: set[str]) -> None:
    assert repository_evidence(source) == expected


@pytest.mark.parametrize(
    "line",
    [
        "logits = tf.cast(logits, tf.float16)\n",
        "logits = tf.cast(logits, 'bfloat16')\n",
        "logits = logits.double()\n",
        "tf.keras.backend.set_floatx('float64')\n",
    ],
)
def test_non_float32_evidence_routes_to_the_shim(line: str) -> None:
    result = transform_source(f"import tensorflow as tf\n{line}{CALL}")
    assert [f.action for f in result.findings] == [Action.SHIM]
    assert "float32" in result.findings[0].message


@pytest.mark.parametrize(
    "line",
    [
        "emb = tf.keras.layers.Embedding(10000, 64, mask_zero=True)\n",
        "x = tf.keras.layers.Masking(mask_value=0.0)(x)\n",
        "mask = layer.compute_mask(x)\n",
        "logits._keras_mask = m\n",
    ],
)
def test_keras_mask_evidence_routes_to_the_shim(line: str) -> None:
    """Keras 3 losses weight by the mask a Keras layer attaches to y_pred; TF1 ignores it."""
    result = transform_source(f"import tensorflow as tf\n{line}{CALL}")
    assert [f.action for f in result.findings] == [Action.SHIM]
    assert "mask" in result.findings[0].message
    vouched = transform_source(
        f"import tensorflow as tf\n{line}{CALL}", options=Options(keras_masks=Assumption.NO)
    )
    assert [f.action for f in vouched.findings] == [Action.REWRITE]


def test_a_comment_is_not_dtype_evidence() -> None:
    result = transform_source(f"import tensorflow as tf\n# float16 some day\n{CALL}")
    assert [f.action for f in result.findings] == [Action.REWRITE]


def test_the_user_can_vouch_for_float32() -> None:
    source = f"import tensorflow as tf\nx = tf.cast(x, tf.float16)\n{CALL}"
    result = transform_source(source, options=Options(non_float32=Assumption.NO))
    assert [f.action for f in result.findings] == [Action.REWRITE]


@pytest.mark.parametrize(
    ("value", "action"), [(Assumption.YES, Action.SHIM), (Assumption.NO, Action.REWRITE)]
)
def test_distributed_assumption(value: Assumption, action: Action) -> None:
    result = transform_source(
        f"import tensorflow as tf\n{CALL}", options=Options(distributed=value)
    )
    assert [f.action for f in result.findings] == [action]


def test_distributed_sum_stays_native() -> None:
    source = "import tensorflow as tf\nloss = tf.losses.softmax_cross_entropy(y, x, reduction='weighted_sum')\n"
    result = transform_source(source, options=Options(distributed=Assumption.YES))
    assert [f.action for f in result.findings] == [Action.REWRITE]


def test_suppressions_parse_codes() -> None:
    found = suppressions("a = 1  # tfcompat: ignore\nb = 2  # tfcompat: ignore[TFC101, tfc105]\n")
    assert found == {1: None, 2: frozenset({"TFC101", "TFC105"})}


@pytest.mark.parametrize(
    "value", ["tf.GraphKeys.LOSSES", "tf.compat.v1.GraphKeys.LOSSES", '"losses"']
)
def test_default_loss_collection_spelled_out_is_rewritten(value: str) -> None:
    source = (
        "import tensorflow as tf\n"
        f"loss = tf.losses.softmax_cross_entropy(y, x, loss_collection={value})\n"
    )
    result = transform_source(source)
    assert [f.action for f in result.findings] == [Action.REWRITE]
    assert "not added to GraphKeys.LOSSES" in result.findings[0].message
    assert "loss_collection" not in result.output


def test_default_loss_collection_next_to_a_reader_goes_to_the_shim() -> None:
    source = (
        "import tensorflow as tf\n"
        "loss = tf.losses.softmax_cross_entropy(y, x, loss_collection=tf.GraphKeys.LOSSES)\n"
        "total = tf.losses.get_total_loss()\n"
    )
    findings = transform_source(source).findings
    [finding] = [f for f in findings if f.code == "TFC101"]
    assert finding.action is Action.SHIM
    assert "get_total_loss" in finding.message
    [renamed] = [f for f in findings if f.code == "TFC119"]  # TF1's reader, TF2's name
    assert renamed.action is Action.REWRITE


@pytest.mark.parametrize(
    ("line", "action"),
    [
        ("W = tf.Variable(np.random.randn(4, 3))\n", Action.SHIM),
        ("x = tf.constant(numpy.random.rand(2, 4))\n", Action.SHIM),
        ("x = tf.convert_to_tensor(np.zeros((2, 4)))\n", Action.SHIM),
        ("rng = np.random.RandomState(0)\nW = tf.Variable(rng.randn(4, 3))\n", Action.SHIM),
        ("W = tf.Variable(tf.random.normal([4, 3]))\n", Action.REWRITE),  # TF's: float32
        ("x = tf.constant(np.random.rand(2, 4).astype(np.float32))\n", Action.REWRITE),
        ("x = tf.constant(np.random.rand(2, 4), dtype=tf.float32)\n", Action.REWRITE),
        ("feed = {x: np.random.randn(2, 4)}\n", Action.REWRITE),  # a placeholder fixes the dtype
    ],
)
def test_numpy_float64_tensors_are_dtype_evidence(line: str, action: Action) -> None:
    """NumPy arrays default to float64, and so does a tensor made from one without a dtype."""
    result = transform_source(f"import numpy as np\nimport tensorflow as tf\n{line}{CALL}")
    assert [f.action for f in result.findings] == [action]


REF = "import tensorflow.compat.v1 as tf\ntf.disable_v2_behavior()\n"


@pytest.mark.parametrize(
    ("body", "action"),
    [
        ("logits = tf.Variable(v)\nloss = tf.losses.softmax_cross_entropy(y, logits)\n", "shim"),
        (
            "lam = tf.get_variable('lam', [])\nloss = tf.losses.softmax_cross_entropy("
            "y, x, weights=lam, reduction=tf.losses.Reduction.SUM)\n",
            "shim",
        ),
        (
            "logits = tf.matmul(x, w)\nloss = tf.losses.softmax_cross_entropy(y, logits)\n",
            "rewrite",
        ),
    ],
)
def test_ref_variables_are_not_passed_to_keras(body: str, action: str) -> None:
    """With resource variables disabled, a tf.Variable is a ref variable (`float32_ref`), which
    Keras 3 rejects as y_pred or sample_weight; TF1 and the shim accept it."""
    result = transform_source(REF + body)
    assert [f.action.value for f in result.findings] == [action]
    if action == "shim":
        assert "ref variable" in result.findings[0].message
    # resource variables (TF2's default) are fine
    plain = transform_source(REF.replace("tf.disable_v2_behavior()\n", "") + body)
    assert [f.action.value for f in plain.findings] == ["rewrite"]


@pytest.mark.parametrize(
    ("call", "action"),
    [
        ("tf.losses.sparse_softmax_cross_entropy(ids, x, weights=w, reduction=R.NONE)", "shim"),
        (
            "tf.losses.sparse_softmax_cross_entropy(ids, x, weights=0.5, reduction=R.NONE)",
            "rewrite",
        ),
        ("tf.losses.sparse_softmax_cross_entropy(ids, x, weights=w, reduction=R.SUM)", "rewrite"),
    ],
)
def test_sparse_none_with_weight_tensors_keeps_tf1_shape(call: str, action: str) -> None:
    """TF1's sparse loss squeezes [B, 1] weights to [B]; Keras 3 returns [B, 1] for "none"."""
    source = f"import tensorflow as tf\nR = tf.losses.Reduction\nloss = {call}\n"
    findings = transform_source(source).findings
    assert [f.action.value for f in findings if f.code == "TFC102"] == [action]
    assert [f.code for f in findings if f.code != "TFC102"] == ["TFC119"]  # `R`, TF1's enum
