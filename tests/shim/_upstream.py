"""Helpers for the ports of TensorFlow's own loss tests (``test_tf_upstream*.py``).

TF's tests ran in a TF1 graph (``test_session()`` / ``cached_session()``, placeholders fed through
a ``Session``). :func:`run` does exactly that in ``"graph"`` mode, and in ``"eager"`` mode runs the
same case eagerly, with every placeholder replaced by a ``tf.function`` argument of the same
(possibly unknown) shape.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np
import pytest
import tensorflow as tf

v1 = tf.compat.v1
MODES = ["graph", "eager"]

Feed = tuple[tf.DType, Any, Any]  # (dtype, shape or None, value)


def run(build: Callable[..., Any], mode: str, feeds: Sequence[Feed] = ()) -> tuple[Any, Any]:
    """Builds ``build(*inputs)`` and evaluates it; returns ``(tensors, numpy values)``."""
    if mode == "graph":
        with tf.Graph().as_default() as graph:
            holders = [v1.placeholder(dtype, shape) for dtype, shape, _ in feeds]
            out = build(*holders)
            with v1.Session(graph=graph) as sess:
                feed_dict = {h: value for h, (_, _, value) in zip(holders, feeds, strict=True)}
                return out, sess.run(out, feed_dict)
    if feeds:
        spec = [tf.TensorSpec(shape, dtype) for dtype, shape, _ in feeds]
        fn = tf.function(build, input_signature=spec)
        out = fn(*[tf.constant(value, dtype) for dtype, _, value in feeds])
    else:
        out = build()
    return out, tf.nest.map_structure(lambda t: t.numpy(), out)


def build_only(build: Callable[[], Any], mode: str) -> Any:
    """Builds ``build()`` (in a fresh graph in ``"graph"`` mode) and evaluates it eagerly."""
    if mode == "graph":
        with tf.Graph().as_default():
            return build()
    return build()


def almost(actual: Any, expected: float, places: int = 3) -> None:
    """unittest's ``assertAlmostEqual(expected, actual, places)``."""
    assert round(abs(float(actual) - expected), places) == 0, f"{actual} != {expected}"


def op_name(tensor: Any, mode: str, expected: str) -> None:
    """TF checks ``loss.op.name``; op names exist in a graph only."""
    if mode == "graph":
        assert tensor.op.name == expected


def as_np(x: Any) -> np.ndarray:
    return np.asarray(x, dtype=np.float64)


@contextlib.contextmanager
def raises_like_tf(
    is_shim: bool,
    mode: str,
    expected: type[Exception] = ValueError,
    eager_tf1: type[Exception] | None = None,
    match: str | None = None,
) -> Iterator[Any]:
    """TF's ``assertRaises(expected)``, for the shim in every mode.

    TF ran these cases in a graph, where shape inference raises ``ValueError``. Eagerly, TF1
    itself raises ``eager_tf1`` (the kernel's ``InvalidArgumentError``) for some of them: the
    oracle is held to that, and the shim's error must be both (TF's expectation, and what eager
    TF1 code catches).
    """
    eager = eager_tf1 if mode == "eager" else None
    wanted = expected if (is_shim or eager is None) else eager
    with pytest.raises(wanted, match=match) as info:
        yield info
    if is_shim and eager is not None:
        assert isinstance(info.value, eager), f"{type(info.value)} is not a {eager}"
