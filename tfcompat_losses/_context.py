"""Execution-context probes shared by the shim (private).

Only public TensorFlow objects are touched. ``in_xla_context`` mirrors TF1's
``control_flow_ops.get_enclosing_xla_context``: ``tf.function(jit_compile=True)`` (and TPU
replication) install an ``XLAControlFlowContext`` on the graph being built or on one of its
outer graphs. TF1 skips its shape assertions there (XLA cannot run them); so do we.
"""

from __future__ import annotations

import tensorflow as tf

__all__ = ["in_xla_context"]


def _is_xla_context(ctx: object) -> bool:
    return any(c.__name__ == "XLAControlFlowContext" for c in type(ctx).__mro__)


def in_xla_context() -> bool:
    """True when ops being built will be compiled by XLA (never true when executing eagerly)."""
    graph = tf.compat.v1.get_default_graph()
    while graph is not None:
        getter = getattr(graph, "_get_control_flow_context", None)
        ctx = getter() if getter is not None else None
        while ctx is not None:
            if _is_xla_context(ctx):
                return True
            ctx = getattr(ctx, "outer_context", None)
        graph = getattr(graph, "outer_graph", None)
    return False
