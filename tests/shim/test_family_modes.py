"""Every loss family beyond softmax in tf.function, XLA, unknown shapes and a TF1 graph + Session.

One traced step per family and mode computes a deterministic sample of the eager cross product
(see ``cases``) with its gradients w.r.t. predictions, labels and tensor weights; the oracle's step
is traced the same way. Values and gradients must be bit-identical.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import tensorflow as tf
from _families import TF1, WEIGHT_KINDS, Family, inputs, weight_kwargs, weights_for
from _oracle import DTYPES, REDUCTIONS, assert_same, v1

import tfcompat_losses as T

DEFAULT = v1.losses.Reduction.SUM_BY_NONZERO_WEIGHTS
TENSOR_KINDS = ["scalar", "zero", "per_example", "per_element"]
MODES = ["function", "xla", "unknown_dims", "tf1_graph"]
# A second dtype for each family, rotating over the non-float32 dtypes.
OTHER_DTYPE = {f.name: [d for d in DTYPES if d != tf.float32][i % 3] for i, f in enumerate(TF1)}

Case = tuple[str | None, str, str]  # (reduction, weight kind, which inputs: "main" / "other")


def cases(family: Family, mode: str) -> list[Case]:
    """Every reduction once, each with another weight kind, rotating with the family, so that
    across the families every (reduction, weight kind) pair runs in every mode; plus the
    family's second dtype. (The eager tests run the full cross product.)"""
    index = TF1.index(family)
    other: list[Case] = [(DEFAULT, "per_element", "other")]
    if not family.reduction:
        kinds = WEIGHT_KINDS[::2] if mode == "xla" else WEIGHT_KINDS
        return [(None, kind, "main") for kind in kinds] + [(None, "per_element", "other")]
    rotated = [
        (reduction, WEIGHT_KINDS[(index + j) % len(WEIGHT_KINDS)], "main")
        for j, reduction in enumerate(REDUCTIONS)
    ]
    return [*rotated, *other]


def _weights(family: Family, tensors: dict[str, Any], kind: str) -> Any:
    return tensors[kind] if kind in TENSOR_KINDS else weights_for(kind, family.loss_shape())


def build(
    family: Family, fn: Callable[..., Any], gradients: Callable[..., Any], mode: str
) -> Callable[..., list[Any]]:
    """A step ``(labels, predictions, other_labels, other_predictions, *tensor_weights)``."""

    def step(y: Any, p: Any, y2: Any, p2: Any, *weights: Any) -> list[Any]:
        tensors = dict(zip(TENSOR_KINDS, weights, strict=True))
        out = []
        for reduction, kind, which in cases(family, mode):
            labels, predictions = (y, p) if which == "main" else (y2, p2)
            w = _weights(family, tensors, kind)
            kw = weight_kwargs(w) | ({} if reduction is None else {"reduction": reduction})
            watched = [predictions, labels] + ([w] if kind in TENSOR_KINDS else [])

            def compute(y: Any = labels, p: Any = predictions, kw: Any = kw) -> Any:
                return family.call(fn, y, p, **kw)

            loss, grads = gradients(compute, watched)
            out += [loss, *grads]
        return out

    return step


def _tape_gradients(compute: Callable[[], Any], watched: list[Any]) -> tuple[Any, list[Any]]:
    with tf.GradientTape() as tape:
        tape.watch(watched)
        loss = compute()
        total = tf.reduce_sum(loss)
    return loss, tape.gradient(total, watched)


def _graph_gradients(compute: Callable[[], Any], watched: list[Any]) -> tuple[Any, list[Any]]:
    loss = compute()
    return loss, tf.gradients(tf.reduce_sum(loss), watched)


def feeds(family: Family) -> list[Any]:
    labels, predictions = inputs(family, tf.float32, seed=11)
    other = inputs(family, OTHER_DTYPE[family.name], seed=12)
    return [labels, predictions, *other] + [
        weights_for(k, family.loss_shape()) for k in TENSOR_KINDS
    ]


def _unknown(t: tf.Tensor) -> tf.TensorSpec:
    return tf.TensorSpec([None] * t.shape.rank, t.dtype)


def run_traced(family: Family, fn: Callable[..., Any], mode: str) -> list[Any]:
    args = feeds(family)
    step = build(family, fn, _tape_gradients, mode)
    if mode == "unknown_dims":
        traced = tf.function(step, input_signature=[_unknown(a) for a in args], autograph=False)
    else:
        traced = tf.function(step, jit_compile=(mode == "xla"), autograph=False)
    out = traced(*args)
    if mode == "xla":
        graph = traced.get_concrete_function(*args).graph
        assert "Assert" not in {op.type for op in graph.get_operations()}
    return list(out)


def run_tf1_graph(family: Family, fn: Callable[..., Any]) -> tuple[list[Any], list[str], int]:
    """Placeholders of unknown batch size, tf.gradients, a Session: as a TF1 program."""
    args = feeds(family)
    graph = tf.Graph()
    with graph.as_default():
        holders = [
            v1.placeholder(a.dtype, [None, *a.shape[1:]] if a.shape.rank else []) for a in args
        ]
        out = build(family, fn, _graph_gradients, "tf1_graph")(*holders)
        losses = v1.get_collection(v1.GraphKeys.LOSSES)
        names = [t.name for t in losses]
        with v1.Session(graph=graph) as session:
            fetched = session.run(
                [t for t in out if t is not None],
                {h: a.numpy() for h, a in zip(holders, args, strict=True)},
            )
    it = iter(fetched)
    return [None if t is None else next(it) for t in out], names, len(losses)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("family", TF1, ids=lambda f: f.name)
def test_modes_match_tf1(family: Family, mode: str) -> None:
    if mode == "tf1_graph":
        actual, names, count = run_tf1_graph(family, family.shim)
        expected, oracle_names, oracle_count = run_tf1_graph(family, family.oracle)
        # Same name scopes (tf.compat.v1.losses.get_losses(scope=...) filters on them).
        assert [n.rsplit("/", 1)[0] for n in names] == [n.rsplit("/", 1)[0] for n in oracle_names]
        assert count == oracle_count == len(cases(family, mode))
    else:
        actual = run_traced(family, family.shim, mode)
        expected = run_traced(family, family.oracle, mode)
    assert len(actual) == len(expected)
    for i, (a, e) in enumerate(zip(actual, expected, strict=True)):
        assert_same(a, e, f"{family.name} {mode} output {i}")


@pytest.mark.parametrize("name", ["mean_squared_error", "mean_pairwise_squared_error"])
def test_unknown_dims_bad_weights_fail_at_run_time_like_tf1(name: str) -> None:
    spec = [tf.TensorSpec([None, None])] * 3
    for fn, match in ((getattr(v1.losses, name), None), (getattr(T, name), "can not be broadcast")):
        traced = tf.function(lambda y, p, w, fn=fn: fn(y, p, w), input_signature=spec)
        with pytest.raises(tf.errors.InvalidArgumentError, match=match):
            traced(tf.ones([4, 3]), tf.ones([4, 3]), tf.ones([2, 3]))


def test_names_and_collections_in_a_tf1_graph() -> None:
    graph = tf.Graph()
    with graph.as_default():
        y = v1.placeholder(tf.float32, [None, 3])
        p = v1.placeholder(tf.float32, [None, 3])
        made = [
            T.absolute_difference(y, p),
            T.mean_squared_error(y, p, scope="head"),
            T.huber_loss(y, p, loss_collection="aux"),
            T.log_loss(y, p, loss_collection=None),
            T.hinge_loss(y, p),
            T.cosine_distance(y, p, axis=1),
            T.sigmoid_cross_entropy(y, p),
            T.mean_pairwise_squared_error(y, p),
        ]
        names = [t.op.name for t in made]
        assert names == [
            "absolute_difference/value",
            "head/value",
            "huber_loss/value",
            "log_loss/value",
            "hinge_loss/value",
            "cosine_distance_loss/value",
            "sigmoid_cross_entropy_loss/value",
            "mean_pairwise_squared_error/value_2",  # TF1's two divisions, then its Select
        ]
        collected = v1.losses.get_losses()
        assert collected == [made[0], made[1], made[4], made[5], made[6], made[7]]
        assert v1.losses.get_losses(scope="head") == [made[1]]
        assert v1.get_collection("aux") == [made[2]]
        total = v1.losses.get_total_loss()
        with v1.Session(graph=graph) as session:
            feed = {y: np.eye(3)[[0, 1, 2, 0]], p: np.full((4, 3), 0.25)}
            values, got = session.run([collected, total], feed)
    assert got == pytest.approx(float(np.sum(values)), rel=1e-6)


@pytest.mark.parametrize("mode", MODES)
def test_the_sample_covers_every_reduction_and_weight_kind(mode: str) -> None:
    pairs = {(r, k) for f in TF1 for r, k, which in cases(f, mode) if which == "main" and r}
    assert pairs == {(r, k) for r in REDUCTIONS for k in WEIGHT_KINDS}
    assert {OTHER_DTYPE[f.name] for f in TF1} == set(DTYPES) - {tf.float32}
