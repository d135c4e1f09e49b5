"""Errors that are what TF1 raises in a graph and eagerly at once (private)."""

from __future__ import annotations

import tensorflow as tf

__all__ = ["ShapeError"]


class ShapeError(ValueError, tf.errors.InvalidArgumentError):
    """Statically incompatible shapes.

    TF1 raises ``ValueError`` for them in a graph (shape inference), which is what TensorFlow's own
    tests expect, but ``tf.errors.InvalidArgumentError`` eagerly (from inside a kernel): this
    error is both, so an ``except`` clause written for either keeps working in every mode.
    """

    def __init__(self, message: str) -> None:
        tf.errors.InvalidArgumentError.__init__(self, None, None, message)
        ValueError.__init__(self, message)
