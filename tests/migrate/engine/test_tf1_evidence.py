"""The pre-scan's TF1 test (text + ``ast``) agrees with the engine's (libcst + resolver)."""

from __future__ import annotations

import re

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper
from test_bindings import SOURCES, TRAPS

from migrate.engine.facts import module_facts
from migrate.engine.options import Options
from migrate.engine.resolver import NameResolver
from migrate.engine.tf1_evidence import tf1_evidence


def _engine_says(source: str) -> bool | None:
    try:
        module = cst.parse_module(source)
    except cst.ParserSyntaxError:
        return None
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    resolver = NameResolver(wrapper, source)
    if resolver.implicit_tf:
        return None  # snippets with an unbound `tf`: the pre-scan reads imports only
    return module_facts(wrapper.module, resolver, source, Options()).tf1


ALL = {**SOURCES, **{f"trap:{k}": v for k, v in TRAPS.items()}}


@pytest.mark.parametrize("name", sorted(ALL))
def test_agrees_with_the_engine(name: str) -> None:
    source = ALL[name]
    engine = _engine_says(source)
    if engine is None:
        pytest.skip("not comparable")
    assert (tf1_evidence(source) is not None) is engine


def test_both_answers_occur() -> None:
    """Not a vacuous agreement: the sources hold TF1 modules and TF2 modules."""
    answers = {_engine_says(source) for source in ALL.values()}
    assert {True, False} <= answers


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import tensorflow as tf\nx = tf.placeholder(tf.float32)\n", "`tf.placeholder` (line 2)"),
        ("import tensorflow as t\nopt = t.train.AdamOptimizer(0.1)\n", "`t.train.AdamOptimizer`"),
        ("from tensorflow.contrib import slim\n", "`from tensorflow.contrib import ...`"),
        ("import tensorflow.contrib.slim as slim\n", "`import tensorflow.contrib.slim`"),
        ("import tensorflow as tf\nprint 'py2'\ns = tf.Session()\n", "`tf.Session` (line 3)"),
        ("import tensorflow\nv = tensorflow.get_variable('v', [1])\n", "`tensorflow.get_variable`"),
    ],
)
def test_evidence(source: str, expected: str) -> None:
    found = tf1_evidence(source)
    assert found is not None and expected in found


@pytest.mark.parametrize(
    "source",
    [
        "import tensorflow.compat.v1 as tf\nx = tf.placeholder(tf.float32)\n",
        "import tensorflow as tf\nx = tf.compat.v1.placeholder(tf.float32)\n",
        "import tensorflow as tf\n# x = tf.placeholder(tf.float32)\ny = 'tf.Session()'\n",
        "import tensorflow as tf\ndef f(tf):\n    return tf.placeholder\n",
        "import mylib as tf\nx = tf.placeholder\n",
        "import tensorflow as tf\nlayer = tf.keras.layers.Dense(3)\n",
        "import tensorflow as tf\nprint 'py2'\n# tf.Session()\n",
    ],
)
def test_no_evidence(source: str) -> None:
    assert tf1_evidence(source) is None


def test_every_tf1_only_name_is_found() -> None:
    from migrate.engine.symbols import TF1_ONLY

    for name in sorted(TF1_ONLY):
        use = re.sub(r"^tensorflow", "tf", name)
        assert tf1_evidence(f"import tensorflow as tf\nx = {use}\n") is not None, name
