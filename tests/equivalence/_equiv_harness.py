"""Execute a TF1-style snippet and its rewrite on the same inputs; compare value, dtype, grads.

One interpreter runs every snippet (``exec``), eagerly under a ``GradientTape`` or in a TF1
graph. ``tf.compat.v1`` (and ``tf_slim`` for contrib) as shipped with TF 2.21 is the oracle.
Also runnable as a script (``python _equiv_harness.py cases.json``) for the tf-keras check.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from typing import Any

import numpy as np
import tensorflow as tf

v1 = tf.compat.v1
BATCH = {2: (6,), 3: (4, 3)}
CLASSES = 5


@dataclass
class Outcome:
    value: np.ndarray
    dtype: str
    grads: dict[str, np.ndarray]
    collected: int | None = None


def inputs(rank: int) -> dict[str, Any]:
    rng = np.random.default_rng(rank)
    batch = BATCH[rank]
    ids = rng.integers(0, CLASSES, size=batch)
    weights = rng.normal(size=batch).astype(np.float32)
    weights.flat[[0, 1, 4]] = 0.0  # uneven: the halves of a batch of 6 hold 1 and 2 non-zero
    return {
        "labels": tf.Variable(np.eye(CLASSES, dtype=np.float32)[ids], name="labels"),
        "ids": tf.constant(ids, tf.int32),
        "logits": tf.Variable((rng.normal(size=(*batch, CLASSES)) * 3).astype(np.float32)),
        "w": tf.Variable(weights),
        "w_col": tf.Variable(weights.reshape(batch[0], -1)[:, :1]),
        "red": v1.losses.Reduction.SUM,
        "probs": tf.Variable(rng.uniform(0.02, 0.98, size=(*batch, CLASSES)).astype(np.float32)),
        "w_el": tf.Variable(
            np.where(
                rng.uniform(size=(*batch, CLASSES)) < 0.3, 0.0, rng.normal(size=(*batch, CLASSES))
            ).astype(np.float32)
        ),
    }


_WATCHED = ("logits", "labels", "w", "w_col", "probs", "w_el")


def run_eager(source: str, rank: int) -> Outcome:
    namespace = inputs(rank)
    variables = [namespace[n] for n in _WATCHED]
    with tf.GradientTape(persistent=True) as tape:
        # Plain tensors, as a model would produce (TF1 code rejects some variable kinds).
        namespace.update({n: tf.identity(namespace[n]) for n in _WATCHED})
        exec(compile(source, "<snippet>", "exec"), namespace)
    loss = tf.convert_to_tensor(namespace["loss"])
    grads = tape.gradient(loss, variables)
    return Outcome(
        value=tf.cast(loss, tf.float64).numpy(),
        dtype=loss.dtype.name,
        grads={
            name: np.zeros(var.shape) if g is None else tf.cast(g, tf.float64).numpy()
            for name, var, g in zip(_WATCHED, variables, grads, strict=True)
        },
    )


def run_function(source: str, rank: int, *, jit_compile: bool) -> Outcome:
    """The snippet traced in a ``tf.function`` (under XLA with ``jit_compile``), with gradients."""
    namespace = inputs(rank)
    variables = [namespace[n] for n in _WATCHED]
    code = compile(source, "<snippet>", "exec")

    @tf.function(jit_compile=jit_compile)
    def step() -> tuple[Any, list[Any]]:
        with tf.GradientTape() as tape:
            local = dict(namespace)
            local.update({n: tf.identity(namespace[n]) for n in _WATCHED})
            exec(code, local)
            loss = tf.convert_to_tensor(local["loss"])
        return loss, tape.gradient(loss, variables)

    loss, grads = step()
    return Outcome(
        value=tf.cast(loss, tf.float64).numpy(),
        dtype=loss.dtype.name,
        grads={
            name: np.zeros(var.shape) if g is None else tf.cast(g, tf.float64).numpy()
            for name, var, g in zip(_WATCHED, variables, grads, strict=True)
        },
    )


def run_graph(source: str, rank: int) -> Outcome:
    """Build the snippet in a TF1 graph on placeholders, run it in a Session."""
    values = {k: (v.numpy() if hasattr(v, "numpy") else v) for k, v in inputs(rank).items()}
    graph = tf.Graph()
    with graph.as_default():
        feeds = {}
        namespace: dict[str, Any] = {"red": values["red"]}
        for name in ("labels", "ids", "logits", "w", "w_col", "probs", "w_el"):
            placeholder = v1.placeholder(tf.as_dtype(values[name].dtype), values[name].shape)
            namespace[name] = placeholder
            feeds[placeholder] = values[name]
        exec(compile(source, "<snippet>", "exec"), namespace)
        loss = tf.convert_to_tensor(namespace["loss"])
        grad = v1.gradients(loss, [namespace["logits"], namespace["labels"], namespace["probs"]])
        collected = len(v1.get_collection(v1.GraphKeys.LOSSES))
        with v1.Session(graph=graph) as session:
            fetched = session.run([loss] + [g for g in grad if g is not None], feed_dict=feeds)
    out_grads = iter(fetched[1:])
    grads = {
        name: np.zeros(values[name].shape) if g is None else np.asarray(next(out_grads), np.float64)
        for name, g in zip(("logits", "labels", "probs"), grad, strict=True)
    }
    return Outcome(np.asarray(fetched[0], np.float64), loss.dtype.name, grads, collected)


def differences(before: Outcome, after: Outcome, *, rtol: float = 1e-6) -> list[str]:
    """Human-readable differences (empty when equal)."""
    problems = []
    if before.dtype != after.dtype:
        problems.append(f"dtype {before.dtype} -> {after.dtype}")
    if before.value.shape != after.value.shape:
        problems.append(f"shape {before.value.shape} -> {after.value.shape}")
    elif not np.allclose(before.value, after.value, rtol=rtol, atol=1e-6):
        problems.append(f"value {before.value!r} -> {after.value!r}")
    for name, grad in before.grads.items():
        other = after.grads[name]
        if grad.shape != other.shape or not np.allclose(grad, other, rtol=rtol, atol=1e-6):
            problems.append(f"d/d{name} differs (max |diff| {np.max(np.abs(grad - other))})")
    if before.collected != after.collected:
        problems.append(f"GraphKeys.LOSSES holds {before.collected} -> {after.collected}")
    return problems


def compare_all(cases: list[dict[str, Any]]) -> list[str]:
    """Each case: ``{"id", "before", "after", "rank"}``; returns failures."""
    failures = []
    for case in cases:
        try:
            problems = differences(
                run_eager(case["before"], case["rank"]), run_eager(case["after"], case["rank"])
            )
        except Exception as exc:
            problems = [f"{type(exc).__name__}: {exc}"]
        failures += [f"{case['id']}: {p}" for p in problems]
    return failures


def compare_distributed(cases: list[dict[str, Any]], replicas: int = 2) -> list[str]:
    """Run before/after inside ``strategy.run`` on ``replicas`` CPU replicas; compare values.

    Must run in a fresh process: logical devices are configured before TF initialises them.
    """
    cpu = tf.config.list_physical_devices("CPU")[0]
    tf.config.set_logical_device_configuration(
        cpu, [tf.config.LogicalDeviceConfiguration()] * replicas
    )
    strategy = tf.distribute.MirroredStrategy([f"/cpu:{i}" for i in range(replicas)])
    failures = []
    for case in cases:
        values = {
            k: (tf.constant(v.numpy()) if hasattr(v, "numpy") else v)
            for k, v in inputs(case["rank"]).items()
        }

        def loss_of(source: str, values: dict[str, Any] = values) -> tf.Tensor:
            namespace = dict(values)
            exec(compile(source, "<snippet>", "exec"), namespace)
            return tf.convert_to_tensor(namespace["loss"])

        try:
            before = strategy.experimental_local_results(strategy.run(loss_of, (case["before"],)))
            after = strategy.experimental_local_results(strategy.run(loss_of, (case["after"],)))
            for b, a in zip(before, after, strict=True):
                if b.dtype != a.dtype or b.shape != a.shape or not np.allclose(b, a, rtol=1e-6):
                    failures.append(f"{case['id']}: {b.numpy()!r} -> {a.numpy()!r}")
                    break
        except Exception as exc:
            failures.append(f"{case['id']}: {type(exc).__name__}: {exc}")
    return failures


if __name__ == "__main__":
    with open(sys.argv[-1], encoding="utf-8") as handle:
        payload = json.load(handle)
    keras_version = f"{tf.keras.__name__} {getattr(tf.keras, '__version__', '')}".strip()
    if "--replicas" in sys.argv:
        failures = compare_distributed(payload, int(sys.argv[sys.argv.index("--replicas") + 1]))
    else:
        failures = compare_all(payload)
    print(json.dumps({"keras": keras_version, "failures": failures}))
