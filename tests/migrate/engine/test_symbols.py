"""Every spelling of a target resolves to one qualified name; look-alikes do not."""

from __future__ import annotations

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper

from migrate.engine.facts import module_facts
from migrate.engine.options import Options, TF1Mode
from migrate.engine.resolver import NameResolver
from migrate.engine.symbols import ALL_TARGETS, CONTRIB_SCE, CORE_SCE, CORE_SPARSE, NN_V1


def _target(code: str) -> str | None:
    wrapper = MetadataWrapper(cst.parse_module(code))
    resolver = NameResolver(wrapper)
    statement = wrapper.module.body[-1]
    assert isinstance(statement, cst.SimpleStatementLine)
    expr = statement.body[0]
    assert isinstance(expr, cst.Expr) and isinstance(expr.value, cst.Call)
    return resolver.first(expr.value.func, ALL_TARGETS)


@pytest.mark.parametrize(
    ("code", "table"),
    [
        ("import tensorflow as tf\ntf.losses.softmax_cross_entropy(a, b)\n", CORE_SCE),
        ("import tensorflow as tf1\ntf1.compat.v1.losses.softmax_cross_entropy(a, b)\n", CORE_SCE),
        ("import tensorflow.compat.v1 as tf\ntf.losses.softmax_cross_entropy(a, b)\n", CORE_SCE),
        (
            "from tensorflow.compat.v1 import losses\nlosses.sparse_softmax_cross_entropy(a, b)\n",
            CORE_SPARSE,
        ),
        ("from tensorflow.compat.v1.losses import softmax_cross_entropy as x\nx(a, b)\n", CORE_SCE),
        (
            "import tensorflow.compat.v1\ntensorflow.compat.v1.losses.softmax_cross_entropy(a, b)\n",
            CORE_SCE,
        ),
        (
            "from tensorflow.contrib import losses as L\nL.softmax_cross_entropy(a, b)\n",
            CONTRIB_SCE,
        ),
        (
            "import tensorflow as tf\ntf.contrib.slim.losses.softmax_cross_entropy(a, b)\n",
            CONTRIB_SCE,
        ),
        (
            "from tensorflow.contrib import slim\nslim.losses.softmax_cross_entropy(a, b)\n",
            CONTRIB_SCE,
        ),
        ("import tf_slim as slim\nslim.losses.softmax_cross_entropy(a, b)\n", CONTRIB_SCE),
        (
            "import tensorflow as tf\nslim = tf.contrib.slim\nslim.losses.softmax_cross_entropy(a, b)\n",
            CONTRIB_SCE,
        ),
        (
            "import tensorflow.compat.v1 as tf\ntf.nn.softmax_cross_entropy_with_logits(a, b)\n",
            NN_V1,
        ),
        # `compat.vN` re-exports `compat`: the last namespace of a chain decides (TF 2.21)
        (
            "import tensorflow.compat.v1 as tf\ntf.compat.v1.losses.softmax_cross_entropy(a, b)\n",
            CORE_SCE,
        ),
        (
            "import tensorflow as tf\ntf.compat.v2.compat.v1.nn.softmax_cross_entropy_with_logits(a)\n",
            NN_V1,
        ),
    ],
)
def test_spellings(code: str, table: frozenset[str]) -> None:
    assert _target(code) in table


@pytest.mark.parametrize(
    "code",
    [
        "import mylib as tf\ntf.losses.softmax_cross_entropy(a, b)\n",
        "softmax_cross_entropy(a, b)\n",
        "import tensorflow as tf\ntf.keras.losses.categorical_crossentropy(a, b)\n",
        "import tensorflow as tf\ntf.nn.sparse_softmax_cross_entropy_with_logits(a, b)\n",
        "import tensorflow as tf\ndef f(tf):\n    tf.losses.softmax_cross_entropy(a, b)\nf(1)\n",
        # the last compat namespace is v2: TF2's function, already native
        "import tensorflow.compat.v1 as tf\ntf.compat.v2.nn.softmax_cross_entropy_with_logits(a)\n",
    ],
)
def test_look_alikes(code: str) -> None:
    assert _target(code) is None


def _tf1(code: str, options: Options | None = None) -> bool:
    wrapper = MetadataWrapper(cst.parse_module(code))
    return module_facts(wrapper.module, NameResolver(wrapper), code, options or Options()).tf1


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("import tensorflow as tf\nx = tf.placeholder(tf.float32)\n", True),
        ("import tensorflow as tf\nwith tf.Session() as s: pass\n", True),
        ("import tensorflow as tf\nl = tf.contrib.layers\n", True),
        ("from tensorflow.contrib import slim\n", True),
        ("import tensorflow as tf\nx = tf.zeros(1)\n", False),
        ("import tensorflow as tf\nx = tf.compat.v1.placeholder(tf.float32)\n", False),
        ("import tensorflow.compat.v1 as tf\nimport tensorflow as tf2\n", False),
    ],
)
def test_tf1_evidence(code: str, expected: bool) -> None:
    assert _tf1(code) is expected


def test_tf1_mode_overrides() -> None:
    assert _tf1("x = 1\n", Options(tf1=TF1Mode.YES)) is True
    assert _tf1("import tensorflow as tf\ntf.placeholder\n", Options(tf1=TF1Mode.NO)) is False
