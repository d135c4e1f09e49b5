"""Generate a synthetic TF1 repository for the codemod benchmarks.

Two shapes:

* ``realistic`` (default): ``--files`` modules of about ``--lines`` lines each (5,000 x 200 =
  about 1M lines) of ordinary Python (functions, classes, docstrings, comments, numeric code),
  of which ``--target-percent`` contain softmax cross-entropy calls in every form the codemod
  meets in real repositories (compat.v1 and TF1 spellings, keyword and positional, multi-line,
  reductions, weights, contrib/slim logits-first, nn v1/v2, ``from`` imports, lambdas, dicts,
  ``**kwargs``, TF2 modules, notebooks, Python 2 files), plus look-alikes that only mention
  the name (comments, ``sparse_softmax_cross_entropy_with_logits``).
* ``dense`` (``--dense``): every module is full of target calls (worst case for the codemod).

Deterministic for a given ``--seed``. Usage::

    python benchmarks/gen_repo.py OUT_DIR [--files 5000] [--lines 200] [--dense]
"""

from __future__ import annotations

import argparse
import json
import os
import random

__all__ = ["generate"]

HEADERS = [
    "import tensorflow as tf\n",
    "import tensorflow.compat.v1 as tf\ntf.disable_v2_behavior()\n",
    "import tensorflow as tf\nfrom tensorflow.contrib import losses as contrib_losses\n",
    "import tensorflow.compat.v1 as tf\nimport tf_slim as slim\n",
    "import tensorflow as tf\nfrom tensorflow.compat.v1.losses import softmax_cross_entropy as xent\n",
]

# Each target block uses names the header of its form provides.
TARGETS = [
    (0, "    loss = tf.losses.softmax_cross_entropy(onehot_labels=labels, logits=logits)\n"),
    (1, "    loss = tf.losses.softmax_cross_entropy(labels, logits, weights=2.0)\n"),
    (
        0,
        "    loss = tf.compat.v1.losses.softmax_cross_entropy(\n"
        "        onehot_labels=labels,\n"
        "        logits=logits,\n"
        "        label_smoothing=0.1,\n"
        "        reduction=tf.compat.v1.losses.Reduction.SUM,\n"
        "    )\n",
    ),
    (1, "    loss = tf.losses.sparse_softmax_cross_entropy(labels=ids, logits=logits)\n"),
    (1, "    loss = tf.losses.softmax_cross_entropy(labels, logits, weights=mask)\n"),
    (2, "    loss = contrib_losses.softmax_cross_entropy(logits, labels)\n"),
    (0, "    loss = tf.contrib.losses.sparse_softmax_cross_entropy(logits, ids, weights=1.0)\n"),
    (3, "    loss = slim.losses.softmax_cross_entropy(logits, labels, label_smoothing=0.2)\n"),
    (
        0,
        "    loss = tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits, dim=-1)\n",
    ),
    (
        1,
        "    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits))\n",
    ),
    (4, "    loss = xent(labels, logits, reduction='weighted_sum')\n"),
    (
        1,
        "    fn = lambda y, z: tf.losses.softmax_cross_entropy(y, z)\n    loss = fn(labels, logits)\n",
    ),
    (
        1,
        "    table = {'xent': tf.losses.softmax_cross_entropy(labels, logits)}\n    loss = table['xent']\n",
    ),
    (1, "    loss = tf.losses.softmax_cross_entropy(**loss_kwargs)\n"),
    (
        1,
        "    loss = tf.losses.softmax_cross_entropy(labels, logits)\n    total = tf.losses.get_total_loss()\n",
    ),
    (0, "    loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=ids, logits=logits)\n"),
    # the rest of tf.compat.v1.losses (issue 11)
    (1, "    loss = tf.losses.mean_squared_error(labels, logits)\n"),
    (1, "    loss = tf.losses.huber_loss(labels, logits, weights=mask, delta=2.0)\n"),
    (1, "    loss = tf.losses.sigmoid_cross_entropy(labels, logits, label_smoothing=0.1)\n"),
    (1, "    loss = tf.losses.log_loss(labels, tf.sigmoid(logits), weights=mask)\n"),
    (
        0,
        "    loss = tf.compat.v1.losses.absolute_difference(\n"
        "        labels, logits, reduction=tf.compat.v1.losses.Reduction.SUM\n"
        "    )\n",
    ),
    (1, "    loss = tf.losses.hinge_loss(labels, logits)\n"),
    (1, "    loss = tf.losses.cosine_distance(labels, logits, axis=-1)\n"),
    (3, "    loss = slim.losses.mean_squared_error(logits, labels)\n"),
    (2, "    loss = contrib_losses.sigmoid_cross_entropy(logits, labels, weights=0.5)\n"),
    (
        0,
        "    loss = tf.nn.weighted_cross_entropy_with_logits(\n"
        "        targets=labels, logits=logits, pos_weight=2.0\n"
        "    )\n",
    ),
    (1, "    loss = tf.losses.compute_weighted_loss(tf.square(logits - labels), weights=mask)\n"),
    (
        1,
        "    loss = tf.losses.mean_squared_error(labels, logits)\n    total = tf.losses.get_total_loss()\n",
    ),
]
TF2_TARGET = (
    "    loss = tf.nn.softmax_cross_entropy_with_logits(labels, logits)  # TF2: v2 semantics\n"
)
LOOKALIKE = (
    "    # TODO: replace softmax_cross_entropy with focal loss\n    loss = focal(labels, logits)\n"
)

FILLERS = [
    '''

def {f}(values, scale=1.0):
    """Scale and clip a list of values (helper for {c})."""
    out = []
    for v in values:
        if v is None:
            continue
        x = v * scale
        if x > {n}:
            x = {n}
        elif x < -{n}:
            x = -{n}
        out.append(x)
    return out
''',
    '''

class {C}:
    """Keeps running statistics for {c}."""

    def __init__(self, decay={d}):
        self.decay = decay
        self.mean = 0.0
        self.count = 0

    def update(self, value):
        # exponential moving average, bias-corrected below
        self.count += 1
        self.mean = self.decay * self.mean + (1 - self.decay) * value
        return self.mean / (1 - self.decay ** self.count)

    def __repr__(self):
        return f"{C}(mean={{self.mean:.3f}}, count={{self.count}})"
''',
    '''

def {f}(path, *, retries={k}):
    """Read a config file with a few retries."""
    import json
    import time

    last_error = None
    for attempt in range(retries):
        try:
            with open(path) as handle:
                return json.load(handle)
        except OSError as exc:  # transient NFS errors
            last_error = exc
            time.sleep(0.1 * attempt)
    raise RuntimeError(f"cannot read {{path}}") from last_error
''',
    '''

def {f}(inputs, units={k}, name="{c}"):
    """A dense layer built from raw variables (TF1 style)."""
    with tf.variable_scope(name):
        shape = [int(inputs.shape[-1]), units]
        w = tf.get_variable("w", shape, initializer=tf.glorot_uniform_initializer())
        b = tf.get_variable("b", [units], initializer=tf.zeros_initializer())
        return tf.nn.relu(tf.matmul(inputs, w) + b)
''',
    """

{U} = {{
    "learning_rate": {d},
    "batch_size": {k},
    "epochs": {n},
    "optimizer": "adam",
    "schedule": [0.1, 0.01, 0.001],
}}


def {f}(overrides=None):
    params = dict({U})
    params.update(overrides or {{}})
    return params
""",
]


def _names(rng: random.Random) -> dict[str, object]:
    word = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(4, 9)))
    return {
        "f": f"{word}_{rng.randint(0, 999)}",
        "C": f"{word.capitalize()}Tracker{rng.randint(0, 99)}",
        "c": word,
        "U": f"{word.upper()}_PARAMS",
        "n": rng.randint(2, 100),
        "k": rng.randint(1, 512),
        "d": round(rng.random(), 3),
    }


def _filler(rng: random.Random, lines: int) -> str:
    out = []
    count = 0
    while count < lines:
        block = rng.choice(FILLERS).format(**_names(rng))
        out.append(block)
        count += block.count("\n")
    return "".join(out)


def _target_function(rng: random.Random, body: str, index: int) -> str:
    return (
        f"\n\ndef model_loss_{index}(labels, logits, ids=None, mask=None, loss_kwargs=None):\n"
        f'    """Training loss (legacy TF1)."""\n{body}    return loss\n'
    )


def _module(rng: random.Random, lines: int, kind: str, dense: bool) -> str:
    if kind == "py2":
        return (
            'import tensorflow as tf\n\nprint "building the loss"\n'
            "loss = tf.losses.softmax_cross_entropy(labels, logits)\n" + _filler(rng, lines - 4)
        )
    if kind == "tf2":
        return (
            '"""TF2 module."""\nimport tensorflow as tf\n'
            + _target_function(rng, TF2_TARGET, 0)
            + _filler(rng, lines - 8)
        )
    if kind == "lookalike":
        return (
            '"""Losses."""\nimport tensorflow as tf\n'
            + _target_function(rng, LOOKALIKE, 0)
            + _filler(rng, lines - 8)
        )
    if kind == "plain":
        return f'"""Module {rng.randint(0, 10**6)}."""\nimport os\nimport math\n' + _filler(
            rng, lines - 3
        )
    header_index = rng.randrange(len(HEADERS))
    forms = [t for t in TARGETS if t[0] in (header_index, 0, 1) or header_index == 1]
    header = HEADERS[header_index]
    parts = [f'"""Training code {rng.randint(0, 10**6)}."""\n', header]
    if dense:
        count = 0
        index = 0
        while count < lines:
            _, body = rng.choice(forms)
            block = _target_function(rng, body, index)
            parts.append(block)
            count += block.count("\n")
            index += 1
        return "".join(parts)
    picks = rng.sample(forms, k=min(len(forms), rng.randint(1, 4)))
    for index, (_, body) in enumerate(picks):
        parts.append(_target_function(rng, body, index))
    parts.append(_filler(rng, lines - 12 * len(picks)))
    return "".join(parts)


def _notebook(rng: random.Random) -> str:
    def cell(source: str) -> dict[str, object]:
        return {
            "cell_type": "code",
            "execution_count": None,
            "id": f"{rng.getrandbits(32):08x}",
            "metadata": {},
            "outputs": [],
            "source": source.splitlines(keepends=True),
        }

    nb = {
        "cells": [
            {
                "cell_type": "markdown",
                "id": f"{rng.getrandbits(32):08x}",
                "metadata": {},
                "source": ["# Train"],
            },
            cell("%pip install tensorflow\nimport tensorflow.compat.v1 as tf"),
            cell("!nvidia-smi\nloss = tf.losses.softmax_cross_entropy(onehot_labels=y, logits=z)"),
            cell("print(loss)"),
        ],
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def generate(
    out: str,
    *,
    files: int = 5000,
    lines: int = 200,
    target_percent: float = 3.0,
    dense: bool = False,
    seed: int = 0,
    per_dir: int = 50,
) -> dict[str, int]:
    """Write the tree under ``out``; return counts by kind."""
    rng = random.Random(seed)
    counts: dict[str, int] = {}
    for i in range(files):
        directory = os.path.join(out, f"pkg{i // per_dir:04d}")
        os.makedirs(directory, exist_ok=True)
        if dense:
            kind = "target"
        else:
            roll = rng.random() * 100
            if roll < target_percent:
                kind = rng.choices(["target", "py2", "tf2", "notebook"], weights=[85, 2, 9, 4])[0]
            elif roll < target_percent + 1.0:
                kind = "lookalike"
            else:
                kind = "plain"
        counts[kind] = counts.get(kind, 0) + 1
        if kind == "notebook":
            with open(
                os.path.join(directory, f"nb_{i:05d}.ipynb"), "w", encoding="utf-8"
            ) as handle:
                handle.write(_notebook(rng))
            continue
        with open(os.path.join(directory, f"mod_{i:05d}.py"), "w", encoding="utf-8") as handle:
            handle.write(_module(rng, lines, kind, dense))
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out")
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--lines", type=int, default=200)
    parser.add_argument("--target-percent", type=float, default=3.0)
    parser.add_argument("--dense", action="store_true")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    counts = generate(
        args.out,
        files=args.files,
        lines=args.lines,
        target_percent=args.target_percent,
        dense=args.dense,
        seed=args.seed,
    )
    print(json.dumps(counts, sort_keys=True))


if __name__ == "__main__":
    main()
