"""Benchmark of the shim against the peers it replaces, measured side by side in one process.

Softmax peers: ``tf.compat.v1.losses.softmax_cross_entropy`` (TF1),
``tf.keras.losses.CategoricalCrossentropy(from_logits=True)`` with the same sample weights (Keras),
and ``tf.nn.softmax_cross_entropy_with_logits`` plus a hand-written sum-over-non-zero-weights
reduction (raw). Two of the other families, eagerly and in ``tf.function``: ``mean_squared_error``
(peers: TF1's, Keras' ``MeanSquaredError`` and ``tf.math.squared_difference`` + the reduction) and
``sigmoid_cross_entropy`` (TF1's, Keras' ``BinaryCrossentropy(from_logits=True)`` and
``tf.nn.sigmoid_cross_entropy_with_logits`` + the reduction). Keras averages over the last axis
before weighting, so its numbers differ; it is a speed peer only. Every case uses per-example
weights with zeros (TF1's default reduction). Each round times every peer in turn (the order
rotates from round to round) and the table keeps each peer's best round: on a shared, noisy
machine the minimum is the stable estimate of what a call costs. Only the ratios are meaningful.

    python benchmarks/bench_shim.py            # all shapes, eager / tf.function / XLA, fwd and fwd+bwd
    python benchmarks/bench_shim.py --quick    # fewer shapes and rounds (about a minute)
    python benchmarks/bench_shim.py --family mean_squared_error   # one family
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np
import tensorflow as tf

import tfcompat_losses

SHAPES = [(32, 10), (4096, 1000), (1024, 32000)]
QUICK_SHAPES = [(32, 10), (4096, 1000)]
MODES = ["eager", "function", "xla"]


Loss = Callable[[tf.Tensor, tf.Tensor, tf.Tensor], tf.Tensor]


def _nonzero_mean(losses: tf.Tensor, weights: tf.Tensor) -> tf.Tensor:
    """Sum over the non-zero weights' elements, by hand (what TF1's default reduction computes)."""
    weights = tf.broadcast_to(weights, tf.shape(losses))
    total = tf.reduce_sum(losses * weights)
    return tf.math.divide_no_nan(total, tf.cast(tf.math.count_nonzero(weights), tf.float32))


def _raw(labels: tf.Tensor, logits: tf.Tensor, weights: tf.Tensor) -> tf.Tensor:
    losses = tf.nn.softmax_cross_entropy_with_logits(labels=tf.stop_gradient(labels), logits=logits)
    total = tf.reduce_sum(losses * weights)
    return tf.math.divide_no_nan(total, tf.cast(tf.math.count_nonzero(weights), tf.float32))


def peers() -> dict[str, Loss]:
    keras_loss = tf.keras.losses.CategoricalCrossentropy(from_logits=True)
    return {
        "tf1": lambda y, x, w: tf.compat.v1.losses.softmax_cross_entropy(y, x, weights=w),
        "keras": lambda y, x, w: keras_loss(y, x, sample_weight=w),
        "raw": _raw,
        "shim": lambda y, x, w: tfcompat_losses.softmax_cross_entropy(y, x, weights=w),
    }


def mse_peers() -> dict[str, Loss]:
    keras_loss = tf.keras.losses.MeanSquaredError()
    return {
        "tf1": lambda y, x, w: tf.compat.v1.losses.mean_squared_error(y, x, w[:, None]),
        "keras": lambda y, x, w: keras_loss(y, x, sample_weight=w),
        "raw": lambda y, x, w: _nonzero_mean(tf.math.squared_difference(x, y), w[:, None]),
        "shim": lambda y, x, w: tfcompat_losses.mean_squared_error(y, x, w[:, None]),
    }


def sigmoid_peers() -> dict[str, Loss]:
    keras_loss = tf.keras.losses.BinaryCrossentropy(from_logits=True)
    return {
        "tf1": lambda y, x, w: tf.compat.v1.losses.sigmoid_cross_entropy(y, x, w[:, None]),
        "keras": lambda y, x, w: keras_loss(y, x, sample_weight=w),
        "raw": lambda y, x, w: _nonzero_mean(
            tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=x), w[:, None]
        ),
        "shim": lambda y, x, w: tfcompat_losses.sigmoid_cross_entropy(y, x, w[:, None]),
    }


def _onehot(rng: np.random.Generator, batch: int, classes: int) -> tf.Tensor:
    return tf.one_hot(rng.integers(0, classes, batch), classes)


def _targets(rng: np.random.Generator, batch: int, classes: int) -> tf.Tensor:
    return tf.constant(rng.normal(size=(batch, classes)).astype(np.float32))


def _multilabels(rng: np.random.Generator, batch: int, classes: int) -> tf.Tensor:
    return tf.constant((rng.random((batch, classes)) > 0.5).astype(np.float32))


# family: (peers, labels maker, shapes, quick shapes, modes)
FAMILIES: dict[str, tuple[Callable[[], dict[str, Loss]], Any, list[Any], list[Any], list[str]]] = {
    "softmax_cross_entropy": (peers, _onehot, SHAPES, QUICK_SHAPES, MODES),
    "mean_squared_error": (mse_peers, _targets, QUICK_SHAPES, QUICK_SHAPES, ["eager", "function"]),
    "sigmoid_cross_entropy": (
        sigmoid_peers,
        _multilabels,
        QUICK_SHAPES,
        QUICK_SHAPES,
        ["eager", "function"],
    ),
}


def make_step(
    fn: Callable[[tf.Tensor, tf.Tensor, tf.Tensor], tf.Tensor], mode: str, backward: bool
) -> Callable[[tf.Tensor, tf.Tensor, tf.Tensor], object]:
    def step(y: tf.Tensor, x: tf.Tensor, w: tf.Tensor) -> object:
        if not backward:
            return fn(y, x, w)
        with tf.GradientTape() as tape:
            tape.watch(x)
            loss = fn(y, x, w)
        return tape.gradient(loss, x)

    if mode == "eager":
        return step
    return tf.function(step, jit_compile=(mode == "xla"))


def _sync(result: object) -> None:
    if isinstance(result, tf.Tensor):
        result.numpy()  # eager ops are asynchronous-free on CPU, but functions may not be


def _graph_ops(step: Callable[..., object], args: tuple[tf.Tensor, ...]) -> int:
    """Ops in the traced graph: a noise-free view of what each peer asks the runtime to do."""
    return len(step.get_concrete_function(*args).graph.get_operations())  # type: ignore[attr-defined]


def measure(
    steps: dict[str, Callable[..., object]], args: tuple[tf.Tensor, ...], rounds: int, budget: float
) -> dict[str, float]:
    """Best (minimum) seconds per call for each step over rounds interleaved across peers."""
    for step in steps.values():  # warm up: trace, compile
        _sync(step(*args))
        _sync(step(*args))
    start = time.perf_counter()
    _sync(steps["shim"](*args))
    once = max(time.perf_counter() - start, 1e-6)
    number = max(1, min(200, int(budget / rounds / len(steps) / once)))
    samples: dict[str, list[float]] = {name: [] for name in steps}
    names = list(steps)
    for round_index in range(rounds):
        shift = round_index % len(names)
        for name in names[shift:] + names[:shift]:
            step = steps[name]
            start = time.perf_counter()
            for _ in range(number):
                result = step(*args)
            _sync(result)
            samples[name].append((time.perf_counter() - start) / number)
    return {name: min(values) for name, values in samples.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer shapes and rounds")
    parser.add_argument("--rounds", type=int, default=None, help="interleaved rounds per case")
    parser.add_argument(
        "--family", choices=["all", *FAMILIES], default="all", help="which loss to measure"
    )
    options = parser.parse_args(argv)
    rounds = options.rounds or (5 if options.quick else 9)
    budget = 1.0 if options.quick else 3.0  # seconds of timed calls per case

    print(
        f"TensorFlow {tf.__version__}, {os.cpu_count()} CPUs; best of {rounds} interleaved rounds"
    )
    header = (
        f"{'shape':>12} {'mode':>8} {'pass':>8} | {'tf1 us':>9} {'keras us':>9} {'raw us':>9} "
        f"{'shim us':>9} | {'shim/tf1':>8} {'shim/keras':>10} {'shim/best':>9} | "
        "graph ops tf1/keras/raw/shim"
    )
    rng = np.random.default_rng(0)
    families = list(FAMILIES) if options.family == "all" else [options.family]
    for family in families:
        make_peers, make_labels, shapes, quick_shapes, modes = FAMILIES[family]
        print(f"\n{family}")
        print(header)
        print("-" * len(header))
        all_peers = make_peers()
        for batch, classes in quick_shapes if options.quick else shapes:
            logits = tf.constant(rng.normal(size=(batch, classes)).astype(np.float32))
            labels = make_labels(rng, batch, classes)
            weights = tf.constant(
                (rng.random(batch) * (rng.random(batch) > 0.25)).astype(np.float32)
            )
            args = (labels, logits, weights)
            for mode in modes:
                for backward in (False, True):
                    steps = {name: make_step(fn, mode, backward) for name, fn in all_peers.items()}
                    t = measure(steps, args, rounds, budget)
                    best = min(t["tf1"], t["keras"], t["raw"])
                    ops = (
                        ""
                        if mode == "eager"
                        else "/".join(str(_graph_ops(steps[name], args)) for name in steps)
                    )
                    print(
                        f"{f'{batch}x{classes}':>12} {mode:>8} "
                        f"{'fwd+bwd' if backward else 'fwd':>8} | "
                        f"{t['tf1'] * 1e6:9.1f} {t['keras'] * 1e6:9.1f} {t['raw'] * 1e6:9.1f} "
                        f"{t['shim'] * 1e6:9.1f} | {t['shim'] / t['tf1']:8.2f} "
                        f"{t['shim'] / t['keras']:10.2f} {t['shim'] / best:9.2f} | {ops}",
                        flush=True,
                    )
    print("shim/tf1: target <= 0.5 eager at 32x10; shim/best: target <= 1.05 for function and xla.")
    print("best = the fastest of tf1, keras and raw in the same row.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
