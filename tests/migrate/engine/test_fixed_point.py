"""The output is a fixed point, under every option, and no target reference is passed over.

Issue 9: whatever the codemod emits must read, on the next run, as what it means. Every input
the test suite has (rule examples and look-alikes, golden cases, the real-code corpus, the
example project, the benchmark generator's modules) is run through each option set and each
way a module may be written (as is, TF1 code by its own evidence, through
``tensorflow.compat.v1``); the output is transformed again and must not change by a byte, and
the second run may only report. Random modules built from spellings of the targets (every
import form, aliases in every scope, calls and references in every context) check the same,
and that every target reference the generator wrote was rewritten or reported (its ground
truth is the generator's, not the engine's).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_bindings import SOURCES

from migrate.engine.options import Assumption, Fallback, Options, TF1Mode
from migrate.engine.transform import transform_source
from migrate.report.results import Action

OPTION_SETS = {
    "default": Options(),
    "tf1-yes": Options(tf1=TF1Mode.YES),
    "tf1-no": Options(tf1=TF1Mode.NO),
    "report": Options(fallback=Fallback.REPORT),
    "guarded": Options(
        loss_collections=Assumption.YES,
        distributed=Assumption.YES,
        non_float32=Assumption.YES,
        keras_masks=Assumption.YES,
    ),
}

_TF1_LINE = "_tf1_evidence = tf.placeholder\n"


def _variants(source: str) -> dict[str, str]:
    """The source as is, as TF1 code by its own evidence, and through ``compat.v1``."""
    variants = {"as-is": source}
    if "import tensorflow as tf\n" in source:
        variants["tf1-evidence"] = source.replace(
            "import tensorflow as tf\n", "import tensorflow as tf\n" + _TF1_LINE, 1
        )
        variants["compat-v1"] = source.replace(
            "import tensorflow as tf\n", "import tensorflow.compat.v1 as tf\n", 1
        )
    return variants


def _assert_fixed_point(source: str, options: Options, where: str) -> None:
    first = transform_source(source, options=options)
    if first.error is not None:
        return  # left byte-identical: trivially stable
    second = transform_source(first.output, options=options)
    assert second.error is None, where
    assert second.output == first.output, f"{where}: a second run changed the output"
    moved = [f for f in second.findings if f.action is not Action.REPORT]
    assert moved == [], f"{where}: a second run acted again: {moved}"


@pytest.mark.parametrize("options", sorted(OPTION_SETS))
@pytest.mark.parametrize("name", sorted(SOURCES))
def test_every_test_input_is_a_fixed_point(name: str, options: str) -> None:
    for variant, source in _variants(SOURCES[name]).items():
        _assert_fixed_point(source, OPTION_SETS[options], f"{name} [{variant}, {options}]")


# --- generated modules --------------------------------------------------------------------


@dataclass(frozen=True)
class Spelling:
    header: str
    """Import lines (and alias lines) that make ``prefix`` name a namespace of targets."""
    prefix: str
    """How the code reaches the namespace (``tf.losses``, ``slim.losses``...)."""
    family: str
    """``core`` (labels first), ``contrib`` (logits first) or ``nn``."""


SPELLINGS = [
    Spelling("import tensorflow as tf\n", "tf.losses", "core"),
    Spelling("import tensorflow as tf\n", "tf.compat.v1.losses", "core"),
    Spelling("import tensorflow.compat.v1 as tf\n", "tf.losses", "core"),
    Spelling("from tensorflow.compat.v1 import losses as L\n", "L", "core"),
    Spelling("import tensorflow as tf\nlosses = tf.losses\n", "losses", "core"),
    Spelling("from tensorflow.python.ops.losses import losses\n", "losses", "core"),
    Spelling("import tensorflow as tf\n", "tf.contrib.losses", "contrib"),
    Spelling("import tensorflow as tf\nslim = tf.contrib.slim\n", "slim.losses", "contrib"),
    Spelling("import tf_slim as slim\n", "slim.losses", "contrib"),
    Spelling("from tensorflow.contrib import slim\n", "slim.losses", "contrib"),
    Spelling("import tensorflow as tf\n", "tf.nn", "nn"),
    Spelling("import tensorflow.compat.v1 as tf\n", "tf.nn", "nn"),
    Spelling("import tensorflow as tf\ntf = tf.compat.v1\n", "tf.nn", "nn"),
    Spelling("from tensorflow.python.ops import nn\n", "nn", "nn"),
]

CALLS = {
    "core": [
        "softmax_cross_entropy(y, logits)",
        "softmax_cross_entropy(onehot_labels=y, logits=logits, weights=w)",
        "softmax_cross_entropy(y, logits, weights=2.0, label_smoothing=0.1)",
        "sparse_softmax_cross_entropy(ids, logits, reduction=REDUCTION)",
        "sparse_softmax_cross_entropy(labels=ids, logits=logits, weights=0.5)",
        "mean_squared_error(y, logits)",
        "absolute_difference(y, logits, weights=w)",
        "huber_loss(y, logits, delta=2.0, reduction=REDUCTION)",
        "log_loss(labels=y, predictions=probs, epsilon=1e-5)",
        "hinge_loss(y, logits, weights=2.0)",
        "cosine_distance(y, logits, axis=1)",
        "mean_pairwise_squared_error(y, logits)",
        "sigmoid_cross_entropy(y, logits, label_smoothing=0.1)",
        "compute_weighted_loss(per_example, weights=w)",
        "get_total_loss()",
    ],
    "contrib": [
        "softmax_cross_entropy(logits, y)",
        "softmax_cross_entropy(logits, y, weights=w, label_smoothing=0.1)",
        "sparse_softmax_cross_entropy(logits, ids, weight=2.0)",
        "mean_squared_error(logits, y)",
        "log_loss(probs, targets=y, weight=0.5)",
        "hinge_loss(logits, y)",
        "cosine_distance(logits, y, dim=1, weights=w)",
        "sigmoid_cross_entropy(logits, y)",
        "compute_weighted_loss(per_example)",
        "get_total_loss(add_regularization_losses=False)",
    ],
    "nn": [
        "softmax_cross_entropy_with_logits(labels=y, logits=logits)",
        "softmax_cross_entropy_with_logits(labels=tf_stop(y), logits=logits, dim=-1)",
        "softmax_cross_entropy_with_logits_v2(labels=y, logits=logits)",
        "softmax_cross_entropy_with_logits_v2(logits=logits, labels=y, dim=1)",
        "sigmoid_cross_entropy_with_logits(labels=y, logits=logits)",
        "sigmoid_cross_entropy_with_logits(_sentinel=None, labels=y, logits=logits)",
        "weighted_cross_entropy_with_logits(targets=y, logits=logits, pos_weight=2.0)",
    ],
}

CONTEXTS = [
    "loss = {call}\n",
    "def f(y, logits, w, ids):\n    return {call}\n",
    "def f(y, logits, w, ids):\n    {call}\n",
    "class M:\n    def loss(self, y, logits):\n        self.value = {call}\n",
    "with scope():\n    loss = {call} + 1.0\n",
    "fn = lambda y, logits: {call}\n",
    "losses_ = [{call} for y in ys]\n",
    "total = tf_reduce(\n    {call},\n)  # comment\n",
]

REFERENCES = [
    "fn = {ref}\n",
    "fns = {{'xent': {ref}}}\n",
    "run({ref}, y, logits)\n",
    "partial = functools.partial({ref}, weights=2.0)\n",
    "def g():\n    alias = {ref}\n    return alias(y, logits)\n",
]


@dataclass
class Generated:
    source: str
    targets: int
    """Target references written (calls and references), the ground truth."""


def _generate(rng: random.Random, pieces: int) -> Generated:
    spelling = rng.choice(SPELLINGS)
    parts = [spelling.header, "import functools\n"]
    if rng.random() < 0.5 and "tensorflow as tf" in spelling.header:
        parts.append("x = tf.placeholder(tf.float32)\n")  # TF1 code by its own evidence
    targets = 0
    for _ in range(pieces):
        kind = rng.random()
        if kind < 0.7:
            call = f"{spelling.prefix}.{rng.choice(CALLS[spelling.family])}"
            call = (
                call.replace("tf_stop(", "tf.stop_gradient(") if "tf" in spelling.header else call
            )
            parts.append(rng.choice(CONTEXTS).format(call=call))
            targets += 1
        elif kind < 0.9:
            leaf = rng.choice(CALLS[spelling.family]).split("(")[0]
            parts.append(rng.choice(REFERENCES).format(ref=f"{spelling.prefix}.{leaf}"))
            targets += 1
        else:
            parts.append("y = make_labels()\nlogits = model(x)  # softmax_cross_entropy\n")
    return Generated("".join(parts), targets)


_NAMES = sorted({call.split("(")[0] for calls in CALLS.values() for call in calls}, key=len)
_NAME = re.compile(r"\b(?:" + "|".join(_NAMES[::-1]) + r")\b")
"""The target names the generator writes (its own ground truth, not the engine's list)."""


def _target_lines(source: str) -> list[int]:
    """Lines holding a target's name in code (the generator writes one per target)."""
    pattern = _NAME
    return [
        number
        for number, line in enumerate(source.splitlines(), start=1)
        if pattern.search(line.split("#")[0]) and "import" not in line
    ]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 2**32 - 1),
    pieces=st.integers(1, 6),
    options=st.sampled_from(sorted(OPTION_SETS)),
)
def test_generated_modules_are_fixed_points_and_nothing_is_silent(
    seed: int, pieces: int, options: str
) -> None:
    generated = _generate(random.Random(seed), pieces)
    source = generated.source
    option = OPTION_SETS[options]
    _assert_fixed_point(source, option, source)
    first = transform_source(source, options=option)
    assert first.error is None, source
    lines = _target_lines(source)
    assert len(lines) == generated.targets  # the ground truth, read back
    before = source.splitlines()
    after = first.output.splitlines()
    reported = {f.line for f in first.findings}
    for line in lines:
        # Rewritten (the line no longer reads the same: imports may shift lines, so compare the
        # text) or reported on that line; an nn call in TF2 code whose meaning is TF2's already,
        # or whose labels carry no gradient, needs neither.
        if line in reported or before[line - 1] not in after:
            continue
        text = before[line - 1]
        assert _needs_nothing(text, source, option), f"silent on line {line}:\n{source}"


def _needs_nothing(text: str, source: str, options: Options) -> bool:
    """A reference the engine may rightly leave without a finding."""
    tf1 = options.tf1 is TF1Mode.YES or (
        options.tf1 is TF1Mode.AUTO and ("tf.placeholder" in source or _tf1_only(source))
    )
    plain = "import tensorflow as tf\n" in source and "tf = tf.compat.v1" not in source
    if "get_total_loss" in text:  # TF2 has it in tf.compat.v1.losses: stays there
        return "tensorflow.compat.v1 " in source or "tf.compat.v1.losses." in text
    if re.search(r"\bsigmoid_cross_entropy_with_logits\(labels=", text):
        return plain  # TF2's function, in TF2's spelling already
    if re.search(r"\b(?:sigmoid|weighted)_cross_entropy_with_logits\b(?!\()", text):
        return plain and not tf1  # a reference in TF2 code: TF2's function
    if re.search(
        r"\b(?:tf|losses)\.losses\.mean_squared_error\b|\blosses\.mean_squared_error\b", text
    ):
        return plain and not tf1 and "contrib" not in source and "slim" not in source
    if not re.search(r"\bsoftmax_cross_entropy_with_logits\b(?!_v2)", text):
        return False
    if "stop_gradient(" in text and "dim=" not in text:
        return True  # v1 and v2 agree
    return plain and not tf1  # TF2 code: TF2's function already


_TF1_ONLY = re.compile(
    r"\btf\.losses\.(?!mean_squared_error\b)\w+\(|\blosses\.(?!mean_squared_error\b)\w+\("
    r"|\btf\.nn\.softmax_cross_entropy_with_logits_v2\b"
)


def _tf1_only(source: str) -> bool:
    """TF1 code by a TF1-only name of ``import tensorflow as tf`` (``tf.losses.log_loss``...),
    as the engine's TF1 evidence reads it: in TF2 ``tf.losses`` has Keras' names only."""
    plain = "import tensorflow as tf\n" in source and "tf = tf.compat.v1" not in source
    return plain and bool(_TF1_ONLY.search(source.split("losses = tf.losses")[-1]))


# --- notebooks ----------------------------------------------------------------------------


def _notebook(cells: list[str]) -> bytes:
    import json

    return json.dumps(
        {
            "nbformat": 4,
            "nbformat_minor": 5,
            "metadata": {"language_info": {"name": "python"}},
            "cells": [
                {
                    "cell_type": "code",
                    "id": f"c{i}",
                    "metadata": {},
                    "execution_count": None,
                    "outputs": [],
                    "source": cell.splitlines(keepends=True),
                }
                for i, cell in enumerate(cells)
            ],
        },
        indent=1,
    ).encode()


def _split_cells(source: str) -> list[str]:
    """The imports in a first cell, the rest in a second (as notebooks are written)."""
    lines = source.splitlines(keepends=True)
    head = [line for line in lines if line.startswith(("import ", "from "))]
    rest = [line for line in lines if line not in head]
    return ["".join(head), "%matplotlib inline\n" + "".join(rest)]


NOTEBOOK_SOURCES = sorted(
    name for name in SOURCES if name.startswith(("TFC", "case:")) and "-after" not in name
)


@pytest.mark.parametrize("options", ["default", "tf1-yes", "report"])
@pytest.mark.parametrize("name", NOTEBOOK_SOURCES)
def test_notebooks_are_fixed_points(name: str, options: str) -> None:
    from migrate.cli.process import transform_bytes

    option = OPTION_SETS[options]
    for variant, source in _variants(SOURCES[name]).items():
        data = _notebook(_split_cells(source))
        first = transform_bytes(
            data, display="nb.ipynb", options=option, notebook=True, want_diff=False
        )
        if first.new_data is None:
            continue
        second = transform_bytes(
            first.new_data, display="nb.ipynb", options=option, notebook=True, want_diff=False
        )
        assert second.new_data is None, f"{name} [{variant}]: a second run changed the notebook"
        moved = [f for f in second.result.findings if f.action is not Action.REPORT]
        assert moved == [], f"{name} [{variant}]"


def test_notebook_inputs_are_mostly_rewritten() -> None:
    """Not a vacuous pass: most notebooks above change on the first run."""
    from migrate.cli.process import transform_bytes

    changed = sum(
        transform_bytes(
            _notebook(_split_cells(source)),
            display="nb.ipynb",
            options=Options(),
            notebook=True,
            want_diff=False,
        ).new_data
        is not None
        for name in NOTEBOOK_SOURCES
        for source in _variants(SOURCES[name]).values()
    )
    assert changed >= 100
