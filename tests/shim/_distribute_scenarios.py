"""Distributed scenarios for tests/shim/test_distribute*.py, run in a fresh process.

TensorFlow fixes its logical devices (and a process supports one MirroredStrategy) at first use, so
each scenario group runs in its own interpreter and prints one JSON document on its last stdout
line; the pytest side asserts on it. The script only records numbers: the shim's per-replica
results next to the oracle (``tf.compat.v1.losses`` / ``tf_slim.losses`` on the global batch, or on
each replica's shard for the per-replica mode). It never compares them itself.

Usage::

    python _distribute_scenarios.py mirrored 4      # MirroredStrategy over 4 logical CPUs
    TF_CONFIG=... python _distribute_scenarios.py multiworker   # one MultiWorkerMirroredStrategy worker
"""

from __future__ import annotations

import itertools
import json
import os
import sys
import time
from collections.abc import Callable
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np
import tensorflow as tf

BATCH = 8
CLASSES = 5
FEATURES = 3
SGD_STEPS = 3
LEARNING_RATE = 0.5


def make_strategy(kind: str, replicas: int) -> tf.distribute.Strategy:
    if kind == "mirrored":
        cpu = tf.config.list_physical_devices("CPU")[0]
        tf.config.set_logical_device_configuration(
            cpu, [tf.config.LogicalDeviceConfiguration() for _ in range(replicas)]
        )
        return tf.distribute.MirroredStrategy([f"/cpu:{i}" for i in range(replicas)])
    if kind == "multiworker":
        return tf.distribute.MultiWorkerMirroredStrategy()
    raise SystemExit(f"unknown strategy kind {kind!r}")


# The strategy must exist before any other TensorFlow call initialises the runtime.
KIND = sys.argv[1]
STRATEGY = make_strategy(KIND, int(sys.argv[2]) if len(sys.argv) > 2 else 0)
N = STRATEGY.num_replicas_in_sync

import tf_slim  # noqa: E402

import tfcompat_losses as shim  # noqa: E402
from tfcompat_losses import contrib as shim_contrib  # noqa: E402
from tfcompat_losses.distribute import denominator_mode  # noqa: E402

V1 = tf.compat.v1.losses
R = V1.Reduction
REDUCTIONS = {
    "NONE": R.NONE,
    "SUM": R.SUM,
    "MEAN": R.MEAN,
    "SUM_OVER_BATCH_SIZE": R.SUM_OVER_BATCH_SIZE,
    "SUM_BY_NONZERO_WEIGHTS": R.SUM_BY_NONZERO_WEIGHTS,
    "SUM_OVER_NONZERO_WEIGHTS": R.SUM_OVER_NONZERO_WEIGHTS,
}

# Per-replica shard sizes of the global batch: even, and uneven with (for 4 replicas) an empty one.
SPLITS = {
    2: {"even": [4, 4], "uneven": [5, 3]},
    4: {"even": [2, 2, 2, 2], "uneven": [3, 1, 0, 4]},
}[N]


def bounds(split: list[int]) -> list[tuple[int, int]]:
    edges = np.cumsum([0, *split])
    return [(int(a), int(b)) for a, b in itertools.pairwise(edges)]


def weight_patterns(split: list[int]) -> dict[str, Any]:
    """Weights for the global batch: arrays are sharded with the batch, scalars are not."""
    zero_replica = np.ones(BATCH, np.float32)
    lo, hi = bounds(split)[1]
    zero_replica[lo:hi] = 0.0  # replica 1 has only zero weights
    return {
        "issue": np.array([1, 0, 1, 0, 1, 1, 0, 1], np.float32),  # the example of issue 5
        "float": np.array([0.5, 2.0, 0.0, 1.5, 0.25, 0.0, 3.0, 1.0], np.float32),
        "zero_replica": zero_replica,
        "all_zero": np.zeros(BATCH, np.float32),
        "scalar": 2.0,
        "scalar_zero": 0.0,
    }


rng = np.random.default_rng(5)
LOGITS = rng.normal(scale=2.0, size=(BATCH, CLASSES)).astype(np.float32)
LABELS = rng.integers(0, CLASSES, size=BATCH).astype(np.int32)
ONEHOT = np.eye(CLASSES, dtype=np.float32)[LABELS]
RAW_LOSSES = rng.uniform(0.1, 3.0, size=(BATCH, 3)).astype(
    np.float32
)  # compute_weighted_loss input
COLUMN_WEIGHTS = np.array(
    [[1], [0], [2], [0], [0], [1], [0.5], [1]], np.float32
)  # broadcasts to [B,3]


# Loss families: name -> (shim call, oracle call, takes logits gradient).
# Each call is f(data, weights, reduction) where data is a dict of arrays/tensors for one batch.
Family = tuple[Callable[..., Any], Callable[..., Any], bool]
FAMILIES: dict[str, Family] = {
    "softmax": (
        lambda d, w, r: shim.softmax_cross_entropy(d["onehot"], d["logits"], w, reduction=r),
        lambda d, w, r: V1.softmax_cross_entropy(d["onehot"], d["logits"], w, reduction=r),
        True,
    ),
    "softmax_smoothing": (
        lambda d, w, r: shim.softmax_cross_entropy(
            d["onehot"], d["logits"], w, label_smoothing=0.1, reduction=r
        ),
        lambda d, w, r: V1.softmax_cross_entropy(
            d["onehot"], d["logits"], w, label_smoothing=0.1, reduction=r
        ),
        True,
    ),
    "sparse": (
        lambda d, w, r: shim.sparse_softmax_cross_entropy(d["labels"], d["logits"], w, reduction=r),
        lambda d, w, r: V1.sparse_softmax_cross_entropy(d["labels"], d["logits"], w, reduction=r),
        True,
    ),
    "compute_weighted_loss": (
        lambda d, w, r: shim.compute_weighted_loss(d["raw"], w, reduction=r),
        lambda d, w, r: V1.compute_weighted_loss(d["raw"], w, reduction=r),
        False,
    ),
    "contrib_softmax": (
        lambda d, w, r: shim_contrib.softmax_cross_entropy(d["logits"], d["onehot"], w),
        lambda d, w, r: tf_slim.losses.softmax_cross_entropy(d["logits"], d["onehot"], w),
        True,
    ),
    "contrib_sparse": (
        lambda d, w, r: shim_contrib.sparse_softmax_cross_entropy(d["logits"], d["labels"], w),
        lambda d, w, r: tf_slim.losses.sparse_softmax_cross_entropy(d["logits"], d["labels"], w),
        True,
    ),
}


def column(w: Any) -> Any:
    """Per-example weights [shard] as [shard, 1]: TF1's rule for [batch, classes] losses."""
    return tf.reshape(w, [-1, 1]) if isinstance(w, tf.Tensor) and w.shape.rank == 1 else w


def elementwise(name: str, predictions: Callable[[Any], Any] = lambda x: x) -> Family:
    """A tf.compat.v1.losses function of (labels, predictions) on the one-hot labels."""
    return (
        lambda d, w, r: getattr(shim, name)(
            d["onehot"], predictions(d["logits"]), column(w), reduction=r
        ),
        lambda d, w, r: getattr(V1, name)(
            d["onehot"], predictions(d["logits"]), column(w), reduction=r
        ),
        True,
    )


@tf.function(autograph=False, reduce_retracing=True)
def _oracle_pairwise(labels: Any, predictions: Any, weights: Any) -> Any:
    # In a graph: TF 2.21's eager tf.compat.v1 counts a scalar weight's elements over the whole
    # batch (see tfcompat_losses/pairwise.py); TF1's numbers are its graph's.
    return V1.mean_pairwise_squared_error(labels, predictions, weights)


FAMILIES.update(
    {
        "sigmoid": elementwise("sigmoid_cross_entropy"),
        "mean_squared_error": elementwise("mean_squared_error"),
        "absolute_difference": elementwise("absolute_difference"),
        "huber_loss": elementwise("huber_loss"),
        "log_loss": elementwise("log_loss", tf.sigmoid),
        "hinge_loss": elementwise("hinge_loss"),
        "cosine_distance": (
            lambda d, w, r: shim.cosine_distance(
                d["onehot"], d["logits"], axis=1, weights=column(w), reduction=r
            ),
            lambda d, w, r: V1.cosine_distance(
                d["onehot"], d["logits"], axis=1, weights=column(w), reduction=r
            ),
            True,
        ),
        "pairwise": (
            lambda d, w, r: shim.mean_pairwise_squared_error(d["onehot"], d["logits"], column(w)),
            lambda d, w, r: _oracle_pairwise(
                d["onehot"], d["logits"], tf.convert_to_tensor(column(w), tf.float32)
            ),
            True,
        ),
        "contrib_mse": (
            lambda d, w, r: shim_contrib.mean_squared_error(d["logits"], d["onehot"], w),
            lambda d, w, r: tf_slim.losses.mean_squared_error(d["logits"], d["onehot"], w),
            True,
        ),
        "contrib_sigmoid": (
            lambda d, w, r: shim_contrib.sigmoid_cross_entropy(d["logits"], d["onehot"], w),
            lambda d, w, r: tf_slim.losses.sigmoid_cross_entropy(d["logits"], d["onehot"], w),
            True,
        ),
        "contrib_pairwise": (
            lambda d, w, r: shim_contrib.mean_pairwise_squared_error(d["logits"], d["onehot"], w),
            lambda d, w, r: tf_slim.losses.mean_pairwise_squared_error(d["logits"], d["onehot"], w),
            True,
        ),
    }
)


NORMALISING = ["MEAN", "SUM_OVER_BATCH_SIZE", "SUM_BY_NONZERO_WEIGHTS", "SUM_OVER_NONZERO_WEIGHTS"]

# Which (reductions, weight patterns) each family is run with. The uneven split takes the full
# matrix for the main loss and a cross-section for the others; the even split a smaller one.
MATRIX: dict[bool, dict[str, tuple[list[str | None], list[str]]]] = {
    True: {
        "softmax": (
            list(REDUCTIONS),
            ["issue", "float", "zero_replica", "all_zero", "scalar", "scalar_zero"],
        ),
        "softmax_smoothing": (list(REDUCTIONS), ["zero_replica"]),
        "sparse": (list(REDUCTIONS), ["issue", "scalar"]),
        "compute_weighted_loss": (list(REDUCTIONS), ["column", "zero_replica_column"]),
        "contrib_softmax": ([None], ["issue", "zero_replica", "scalar"]),
        "contrib_sparse": ([None], ["float", "zero_replica", "scalar"]),
        # The other families share the funnel (and so its all-reduce): every reduction for one
        # of them, a normalising case for each of the others.
        "sigmoid": (list(REDUCTIONS), ["zero_replica"]),
        "mean_squared_error": (NORMALISING, ["float"]),
        "absolute_difference": (["SUM_BY_NONZERO_WEIGHTS"], ["issue"]),
        "huber_loss": (["MEAN"], ["float"]),
        "log_loss": (["SUM_OVER_BATCH_SIZE"], ["zero_replica"]),
        "hinge_loss": (["SUM_BY_NONZERO_WEIGHTS"], ["scalar"]),
        "cosine_distance": (["MEAN"], ["issue"]),
        "pairwise": ([None], ["issue", "zero_replica", "scalar"]),
        "contrib_mse": ([None], ["zero_replica", "scalar"]),
        "contrib_sigmoid": ([None], ["issue"]),
        "contrib_pairwise": ([None], ["float", "scalar"]),
    },
    False: {
        "softmax": (NORMALISING, ["issue", "float"]),
        "sparse": (["SUM_BY_NONZERO_WEIGHTS"], ["issue"]),
        "compute_weighted_loss": (["MEAN"], ["column"]),
        "contrib_softmax": ([None], ["issue"]),
        "contrib_sparse": ([None], ["float"]),
        "sigmoid": (["SUM_BY_NONZERO_WEIGHTS"], ["issue"]),
        "pairwise": ([None], ["float"]),
    },
}


def cases(split: list[int], full: bool) -> list[tuple[str, str, str | None, str, Any]]:
    """(case id, family, reduction name, weights name, weights) for one split."""
    patterns = weight_patterns(split)
    patterns["column"] = COLUMN_WEIGHTS
    patterns["zero_replica_column"] = patterns["zero_replica"][:, None]
    out = []
    for family, (reductions, weight_names) in MATRIX[full].items():
        for reduction in reductions:
            for wname in weight_names:
                case_id = f"{family}/{reduction or 'contrib'}/{wname}"
                out.append((case_id, family, reduction, wname, patterns[wname]))
    return out


def shard(array: Any, lo: int, hi: int) -> Any:
    return array[lo:hi] if isinstance(array, np.ndarray) else array


def global_data() -> dict[str, Any]:
    return {"logits": LOGITS, "onehot": ONEHOT, "labels": LABELS, "raw": RAW_LOSSES}


def distribute(values: list[Any]) -> Any:
    """A per-replica value: replica i gets values[i] (works for any number of workers)."""
    return STRATEGY.experimental_distribute_values_from_function(
        lambda ctx: tf.constant(values[ctx.replica_id_in_sync_group])
    )


def local_ids() -> list[int]:
    ids = STRATEGY.experimental_distribute_values_from_function(
        lambda ctx: tf.constant(ctx.replica_id_in_sync_group)
    )
    return [int(x.numpy()) for x in STRATEGY.experimental_local_results(ids)]


def per_replica_inputs(split: list[int], case_list: list[Any]) -> dict[str, Any]:
    spans = bounds(split)
    inputs = {
        key: distribute([array[lo:hi] for lo, hi in spans]) for key, array in global_data().items()
    }
    for case_id, _, _, _, weights in case_list:
        if isinstance(weights, np.ndarray):
            inputs["w:" + case_id] = distribute([weights[lo:hi] for lo, hi in spans])
    return inputs


def replica_fn_for(case_list: list[Any], mode_inside: str | None = None) -> Callable[..., Any]:
    @tf.autograph.experimental.do_not_convert
    def replica_fn(inputs: dict[str, Any]) -> dict[str, Any]:
        out = {}
        for case_id, family, reduction, _, weights in case_list:
            call, _, wants_logit_grad = FAMILIES[family]
            red = REDUCTIONS[reduction] if reduction else None
            w = inputs.get("w:" + case_id, weights)
            data = dict(inputs)
            with tf.GradientTape() as tape:
                watched = [data["logits"] if wants_logit_grad else data["raw"]]
                if isinstance(w, tf.Tensor):
                    watched.append(w)
                tape.watch(watched)
                if mode_inside is None:
                    value = call(data, w, red)
                else:
                    with denominator_mode(mode_inside):
                        value = call(data, w, red)
            grads = tape.gradient(value, watched)
            out[case_id] = {"value": value, "grad_x": grads[0]}
            if len(grads) > 1:
                out[case_id]["grad_w"] = grads[1]
        return out

    return replica_fn


def local_numpy(result: Any) -> list[Any]:
    """Per-replica results of this worker, as nested lists, in local replica order."""
    return [
        tf.nest.map_structure(
            lambda v, i=i: STRATEGY.experimental_local_results(v)[i].numpy().tolist(), result
        )
        for i in range(len(local_ids()))
    ]


def oracle(case_list: list[Any], spans: list[tuple[int, int]] | None) -> dict[str, Any]:
    """Oracle values and gradients on the global batch (spans None) or on each shard."""
    result: dict[str, Any] = {}
    for case_id, family, reduction, _, weights in case_list:
        _, call, wants_logit_grad = FAMILIES[family]
        red = REDUCTIONS[reduction] if reduction else None
        pieces = [(0, BATCH)] if spans is None else spans
        entries = []
        for lo, hi in pieces:
            data = {k: tf.constant(v[lo:hi]) for k, v in global_data().items()}
            w = shard(weights, lo, hi)
            w_t = tf.constant(w) if isinstance(w, np.ndarray) else w
            with tf.GradientTape() as tape:
                watched = [data["logits"] if wants_logit_grad else data["raw"]]
                if isinstance(w_t, tf.Tensor):
                    watched.append(w_t)
                tape.watch(watched)
                value = call(data, w_t, red)
            grads = tape.gradient(value, watched)
            entry = {"value": value.numpy().tolist(), "grad_x": grads[0].numpy().tolist()}
            if len(grads) > 1:
                entry["grad_w"] = grads[1].numpy().tolist()
            entries.append(entry)
        result[case_id] = entries[0] if spans is None else entries
    return result


def run_loss_cases(split_name: str, split: list[int], full: bool) -> dict[str, Any]:
    case_list = cases(split, full)
    inputs = per_replica_inputs(split, case_list)
    fn = replica_fn_for(case_list)
    started = time.perf_counter()
    per_replica = local_numpy(tf.function(lambda x: STRATEGY.run(fn, args=(x,)))(inputs))
    seconds = time.perf_counter() - started
    return {
        "split": split,
        "replica_ids": local_ids(),
        "per_replica": per_replica,
        "oracle": oracle(case_list, None),
        "seconds": seconds,
    }


def run_eager_cases(split: list[int]) -> dict[str, Any]:
    patterns = weight_patterns(split)
    case_list = [
        (f"softmax/{r}/{w}", "softmax", r, w, patterns[w])
        for r in ("MEAN", "SUM_BY_NONZERO_WEIGHTS", "SUM_OVER_BATCH_SIZE")
        for w in ("issue", "zero_replica", "scalar")
    ]  # eagerly, a Python weight's element count is a cached constant: all-reduced all the same
    inputs = per_replica_inputs(split, case_list)
    per_replica = local_numpy(STRATEGY.run(replica_fn_for(case_list), args=(inputs,)))
    return {
        "split": split,
        "replica_ids": local_ids(),
        "per_replica": per_replica,
        "oracle": oracle(case_list, None),
    }


def run_per_replica_mode(split: list[int]) -> dict[str, Any]:
    """TF1's per-replica numbers: the mode entered around strategy.run, and inside the replica fn."""
    patterns = weight_patterns(split)
    case_list = [
        (f"{family}/{r or 'contrib'}/{w}", family, r, w, patterns[w])
        for family, reductions in (
            ("softmax", list(REDUCTIONS)),
            ("sparse", ["SUM_BY_NONZERO_WEIGHTS", "MEAN"]),
            ("contrib_softmax", [None]),
            ("sigmoid", ["SUM_BY_NONZERO_WEIGHTS"]),
            ("pairwise", [None]),
            ("contrib_mse", [None]),
        )
        for r in reductions
        for w in ("issue", "zero_replica", "scalar")
    ]
    inputs = per_replica_inputs(split, case_list)
    outer_fn = replica_fn_for(case_list)
    with denominator_mode("per_replica"):  # replica threads inherit it
        outer = local_numpy(tf.function(lambda x: STRATEGY.run(outer_fn, args=(x,)))(inputs))
    inner_fn = replica_fn_for(case_list, mode_inside="per_replica")
    inner = local_numpy(tf.function(lambda x: STRATEGY.run(inner_fn, args=(x,)))(inputs))
    return {
        "split": split,
        "replica_ids": local_ids(),
        "outer": outer,
        "inner": inner,
        "oracle_per_shard": oracle(case_list, bounds(split)),
    }


def sgd_batches() -> list[dict[str, np.ndarray]]:
    data_rng = np.random.default_rng(11)
    batches = []
    for step in range(SGD_STEPS):
        weights = data_rng.choice([0.0, 1.0, 2.0], size=BATCH).astype(np.float32)
        if step == 0:
            weights[:4] = 0.0  # first replica(s) contribute nothing to this step
        batches.append(
            {
                "x": data_rng.normal(size=(BATCH, FEATURES)).astype(np.float32),
                "onehot": np.eye(CLASSES, dtype=np.float32)[data_rng.integers(0, CLASSES, BATCH)],
                "weights": weights,
            }
        )
    return batches


def initial_variables() -> tuple[np.ndarray, np.ndarray]:
    init_rng = np.random.default_rng(3)
    kernel = init_rng.normal(size=(FEATURES, CLASSES)).astype(np.float32)
    bias = init_rng.normal(size=(CLASSES,)).astype(np.float32) * 0.1
    return kernel, bias


def run_sgd(split: list[int], reductions: list[str]) -> dict[str, Any]:
    """A few SGD steps with all-reduced (summed) gradients, against single-device TF1 training."""
    spans = bounds(split)
    kernel0, bias0 = initial_variables()
    out: dict[str, Any] = {"split": split}
    for reduction in reductions:
        red = REDUCTIONS[reduction]
        with STRATEGY.scope():
            agg = tf.VariableAggregation.ONLY_FIRST_REPLICA
            kernel = tf.Variable(kernel0, aggregation=agg)
            bias = tf.Variable(bias0, aggregation=agg)

        def replica_step(
            x: Any, y: Any, w: Any, kernel: Any = kernel, bias: Any = bias, red: str = red
        ) -> Any:
            with tf.GradientTape() as tape:
                loss = shim.softmax_cross_entropy(y, tf.matmul(x, kernel) + bias, w, reduction=red)
            grads = tape.gradient(loss, [kernel, bias])
            grads = tf.distribute.get_replica_context().all_reduce("SUM", grads)
            kernel.assign_sub(LEARNING_RATE * grads[0])
            bias.assign_sub(LEARNING_RATE * grads[1])
            return loss

        step = tf.function(lambda x, y, w, f=replica_step: STRATEGY.run(f, args=(x, y, w)))
        losses = []
        for batch in sgd_batches():
            per = [
                distribute([batch[k][lo:hi] for lo, hi in spans])
                for k in ("x", "onehot", "weights")
            ]
            losses.append(float(STRATEGY.reduce("SUM", step(*per), axis=None).numpy()))

        # Single device, TF1 on the global batch.
        k1, b1 = tf.Variable(kernel0), tf.Variable(bias0)
        oracle_losses = []
        for batch in sgd_batches():
            with tf.GradientTape() as tape:
                loss = V1.softmax_cross_entropy(
                    batch["onehot"], tf.matmul(batch["x"], k1) + b1, batch["weights"], reduction=red
                )
            g = tape.gradient(loss, [k1, b1])
            k1.assign_sub(LEARNING_RATE * g[0])
            b1.assign_sub(LEARNING_RATE * g[1])
            oracle_losses.append(float(loss.numpy()))
        out[reduction] = {
            "losses": losses,
            "oracle_losses": oracle_losses,
            "kernel": STRATEGY.experimental_local_results(kernel)[0].numpy().tolist(),
            "bias": STRATEGY.experimental_local_results(bias)[0].numpy().tolist(),
            "oracle_kernel": k1.numpy().tolist(),
            "oracle_bias": b1.numpy().tolist(),
        }
    return out


def run_collections(split: list[int]) -> dict[str, Any]:
    """collect_losses() and get_losses() inside the replica function, traced and eager."""
    spans = bounds(split)
    patterns = weight_patterns(split)
    weights = {k: patterns[k] for k in ("issue", "float")}
    inputs = {k: distribute([v[lo:hi] for lo, hi in spans]) for k, v in global_data().items()}
    for key, w in weights.items():
        inputs[key] = distribute([w[lo:hi] for lo, hi in spans])

    def replica_fn(x: dict[str, Any]) -> dict[str, Any]:
        with shim.collect_losses() as block:
            first = shim.softmax_cross_entropy(x["onehot"], x["logits"], x["issue"])
            second = shim.sparse_softmax_cross_entropy(
                x["labels"], x["logits"], x["float"], reduction=R.MEAN
            )
            block_total = block.total()
            block_count = len(block.losses())
        out = {
            "first": first,
            "second": second,
            "block_total": block_total,
            "block_count": tf.constant(block_count),
        }
        if not tf.executing_eagerly():  # the graph collection, as TF1 code reads it
            out["graph_total"] = shim.get_total_loss(add_regularization_losses=False)
            out["graph_count"] = tf.constant(len(shim.get_losses()))
        return out

    # tf_slim's oracle calls above left eager losses in the global graph's collection, which a
    # tf.function's graph reads through: start from an empty one, as a fresh TF1 program would.
    tf.compat.v1.get_default_graph().clear_collection(tf.compat.v1.GraphKeys.LOSSES)
    traced = local_numpy(tf.function(lambda x: STRATEGY.run(replica_fn, args=(x,)))(inputs))
    eager = local_numpy(STRATEGY.run(replica_fn, args=(inputs,)))
    with shim.collect_losses() as outside:  # a block around strategy.run sees every replica
        STRATEGY.run(replica_fn, args=(inputs,))
    oracle_total = float(
        V1.softmax_cross_entropy(ONEHOT, LOGITS, weights["issue"]).numpy()
        + V1.sparse_softmax_cross_entropy(
            LABELS, LOGITS, weights["float"], reduction=R.MEAN
        ).numpy()
    )
    return {
        "split": split,
        "replica_ids": local_ids(),
        "traced": traced,
        "eager": eager,
        "outside_count": len(outside),
        "outside_total": float(outside.total().numpy()),
        "oracle_total": oracle_total,
    }


def run_docs_example() -> dict[str, Any]:
    """The worked example of docs/distributed.md: losses 1..8, weights of issue 5, even split."""
    losses = np.arange(1, BATCH + 1, dtype=np.float32)
    weights = np.array([1, 0, 1, 0, 1, 1, 0, 1], np.float32)
    spans = bounds(SPLITS["even"])
    inputs = (
        distribute([losses[a:b] for a, b in spans]),
        distribute([weights[a:b] for a, b in spans]),
    )

    def replica_fn(x: Any, w: Any) -> Any:
        return shim.compute_weighted_loss(x, w)

    step = tf.function(lambda x, w: STRATEGY.run(replica_fn, args=(x, w)))
    exact = local_numpy(step(*inputs))
    with denominator_mode("per_replica"):
        step_tf1 = tf.function(lambda x, w: STRATEGY.run(replica_fn, args=(x, w)))
        tf1 = local_numpy(step_tf1(*inputs))
    return {"replica_ids": local_ids(), "global": exact, "per_replica": tf1}


def run_tf1_graph(split: list[int]) -> dict[str, Any]:
    """TF1-style: a tf.compat.v1 MirroredStrategy in a Graph, call_for_each_replica, a Session."""
    spans = bounds(split)
    patterns = weight_patterns(split)
    case_list = [
        (f"{family}/{r or 'contrib'}/{w}", family, r, w, patterns[w])
        for family, reductions in (
            ("softmax", ["SUM_BY_NONZERO_WEIGHTS", "MEAN", "SUM_OVER_BATCH_SIZE"]),
            ("contrib_softmax", [None]),
            ("mean_squared_error", ["SUM_BY_NONZERO_WEIGHTS"]),
            ("pairwise", [None]),
        )
        for r in reductions
        for w in ("issue", "zero_replica")
    ]
    with tf.Graph().as_default():
        strategy = tf.compat.v1.distribute.MirroredStrategy([f"/cpu:{i}" for i in range(N)])

        def replica_fn() -> dict[str, Any]:
            replica = tf.distribute.get_replica_context().replica_id_in_sync_group
            lo = tf.gather(tf.constant([a for a, _ in spans]), replica)
            hi = tf.gather(tf.constant([b for _, b in spans]), replica)

            def take(array: Any) -> Any:
                if not isinstance(array, np.ndarray):
                    return array
                return tf.gather(tf.constant(array), tf.range(lo, hi))

            data = {k: take(v) for k, v in global_data().items()}
            out = {}
            for case_id, family, reduction, _, weights in case_list:
                red = REDUCTIONS[reduction] if reduction else None
                out[case_id] = FAMILIES[family][0](data, take(weights), red)
            return out

        per_replica = strategy.extended.call_for_each_replica(replica_fn)
        totals = {k: strategy.reduce("SUM", v, axis=None) for k, v in per_replica.items()}
        with tf.compat.v1.Session() as session:
            values = session.run(totals)
    return {
        "split": split,
        "values": {k: float(v) for k, v in values.items()},
        "oracle": {k: v["value"] for k, v in oracle(case_list, None).items()},
    }


def run_keras_fit() -> dict[str, Any]:
    """Keras Model.fit under the strategy with the shim as the compiled loss (2 steps)."""
    data_rng = np.random.default_rng(21)
    x = data_rng.normal(size=(2 * BATCH, FEATURES)).astype(np.float32)
    y = np.eye(CLASSES, dtype=np.float32)[data_rng.integers(0, CLASSES, 2 * BATCH)]
    kernel0, bias0 = initial_variables()

    class ShimLoss(tf.keras.losses.Loss):  # type: ignore[misc]
        def call(self, y_true: Any, y_pred: Any) -> Any:
            return shim.softmax_cross_entropy(y_true, y_pred)

    with STRATEGY.scope():
        model = tf.keras.Sequential([tf.keras.Input((FEATURES,)), tf.keras.layers.Dense(CLASSES)])
        model.set_weights([kernel0, bias0])
        # reduction="sum": Keras 2 divides an AUTO / sum_over_batch_size loss by num_replicas
        # (even a scalar one); "sum" of the shim's scalar is the scalar in Keras 2 and 3.
        loss = ShimLoss(reduction="sum")
        model.compile(optimizer=tf.keras.optimizers.SGD(LEARNING_RATE), loss=loss)
    model.fit(x, y, batch_size=BATCH, epochs=1, shuffle=False, verbose=0)

    k1, b1 = tf.Variable(kernel0), tf.Variable(bias0)
    for step in range(2):
        xs, ys = x[step * BATCH : (step + 1) * BATCH], y[step * BATCH : (step + 1) * BATCH]
        with tf.GradientTape() as tape:
            loss = V1.softmax_cross_entropy(ys, tf.matmul(xs, k1) + b1)
        g = tape.gradient(loss, [k1, b1])
        k1.assign_sub(LEARNING_RATE * g[0])
        b1.assign_sub(LEARNING_RATE * g[1])
    kernel, bias = model.get_weights()
    return {
        "kernel": kernel.tolist(),
        "bias": bias.tolist(),
        "oracle_kernel": k1.numpy().tolist(),
        "oracle_bias": b1.numpy().tolist(),
    }


def main() -> None:
    started = time.perf_counter()
    report: dict[str, Any] = {
        "kind": KIND,
        "num_replicas": N,
        "replica_ids": local_ids(),
    }
    report["loss_uneven"] = run_loss_cases("uneven", SPLITS["uneven"], full=True)
    report["loss_even"] = run_loss_cases("even", SPLITS["even"], full=False)
    report["eager"] = run_eager_cases(SPLITS["uneven"])
    # even shards: every replica's element count is the same cached constant, eagerly
    report["eager_even"] = run_eager_cases(SPLITS["even"])
    report["per_replica_mode"] = run_per_replica_mode(SPLITS["uneven"])
    report["sgd"] = run_sgd(
        SPLITS["uneven"], ["SUM_BY_NONZERO_WEIGHTS", "MEAN", "SUM_OVER_BATCH_SIZE"]
    )
    report["collections"] = run_collections(SPLITS["uneven"])
    report["docs_example"] = run_docs_example()
    if KIND == "mirrored":
        report["tf1_graph"] = run_tf1_graph(SPLITS["uneven"])
        report["keras_fit"] = run_keras_fit()
    report["seconds"] = time.perf_counter() - started
    sys.stdout.write("\n" + json.dumps(report) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
    # MultiWorkerMirroredStrategy can block at interpreter exit waiting for its peers: the report
    # is written, so leave at once.
    os._exit(0)
