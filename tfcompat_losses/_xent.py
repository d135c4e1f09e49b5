"""Cross-entropy kernels shared by the shim (private).

``softmax_xent`` is TF's ``softmax_cross_entropy_with_logits_v2`` (what TF1's losses call),
``sparse_xent`` TF's ``sparse_softmax_cross_entropy_with_logits`` and ``sigmoid_xent`` TF's
``sigmoid_cross_entropy_with_logits``, bit for bit: float16 and bfloat16 logits are computed in
float32 and the result cast back for the softmax kernels, exactly as TF does (the sigmoid one
computes in the logits' dtype, as TF does). Eagerly, for the common cases, they call the kernels
(``tf.raw_ops``) directly, skipping TF's reshapes and name scopes. Everything else is delegated to
TF's own public function, the reference implementation: other ranks or axes, op determinism, and
every graph (TF1 graph, ``tf.function``, XLA), where only tracing would get cheaper and the graph
is then exactly TF's.

Op determinism (``tf.config.experimental.enable_op_determinism()`` or ``TF_DETERMINISTIC_OPS=1``)
makes TF compute the loss with ``log_softmax`` instead of the fused kernel. TF has no public query
for it, so the first eager call probes it once (which ops TF builds for a tiny loss in a scratch
graph); enable determinism before the first loss.
"""

from __future__ import annotations

import tensorflow as tf

from tfcompat_losses._errors import ShapeError

__all__ = ["sigmoid_xent", "softmax_xent", "sparse_xent"]

_F32 = tf.float32
_HALF = (tf.float16, tf.bfloat16)
_determinism: list[bool] = []


def _deterministic() -> bool:
    if not _determinism:
        # Deterministic TF builds log_softmax + gather instead of the fused kernel: look at the
        # ops it builds in a scratch graph (no kernel runs).
        graph = tf.Graph()
        with graph.as_default():
            tf.nn.sparse_softmax_cross_entropy_with_logits(
                labels=tf.zeros([1], tf.int32), logits=tf.zeros([1, 1])
            )
        fused = any(
            op.type == "SparseSoftmaxCrossEntropyWithLogits" for op in graph.get_operations()
        )
        _determinism.append(not fused)
    return _determinism[0]


def _fast(logits: tf.Tensor) -> bool:
    return logits.shape.rank == 2 and tf.executing_eagerly() and not _deterministic()


_SCE = tf.raw_ops.SoftmaxCrossEntropyWithLogits
_SSCE = tf.raw_ops.SparseSoftmaxCrossEntropyWithLogits


def softmax_xent(
    labels: tf.Tensor, logits: tf.Tensor, axis: int = -1, name: str | None = None
) -> tf.Tensor:
    """Per-example loss; gradients flow into both inputs (wrap labels in stop_gradient for v1)."""
    if axis not in (-1, 1) or not _fast(logits):
        return tf.nn.softmax_cross_entropy_with_logits(
            labels=labels, logits=logits, axis=axis, name=name
        )
    l_shape, p_shape = labels.shape, logits.shape
    if l_shape != p_shape or p_shape[-1] == 0:
        # Broadcast labels, mismatched or empty shapes: TF's own function decides, since its final
        # reshape to the logits' batch rejects what the kernel alone would broadcast. Shapes are
        # all known eagerly, so its errors are those TF raises as ValueError in a graph.
        try:
            return tf.nn.softmax_cross_entropy_with_logits(
                labels=labels, logits=logits, axis=axis, name=name
            )
        except tf.errors.InvalidArgumentError as error:
            raise ShapeError(
                f"Invalid shapes for `labels` and `logits`: {error.message.split('}} ')[-1]}. "
                f"Received: labels.shape={l_shape}, logits.shape={p_shape}"
            ) from error
    dtype = logits.dtype
    half = dtype in _HALF
    precise = tf.cast(logits, _F32) if half else logits
    if labels.dtype != precise.dtype:
        labels = tf.cast(labels, precise.dtype)
    cost = _SCE(features=precise, labels=labels, name=name)[0]
    return tf.cast(cost, dtype) if half else cost


def sparse_xent(labels: tf.Tensor, logits: tf.Tensor, name: str | None = None) -> tf.Tensor:
    """Per-example loss for integer class ids (``labels`` has rank ``rank(logits) - 1``)."""
    l_shape = labels.shape
    if l_shape.rank != 1 or not _fast(logits):
        return tf.nn.sparse_softmax_cross_entropy_with_logits(
            labels=labels, logits=logits, name=name
        )
    batch = logits.shape[:1]
    if l_shape.is_fully_defined() and batch.is_fully_defined() and l_shape != batch:
        raise ValueError(
            "`labels.shape` must equal `logits.shape` except for the last dimension. Received: "
            f"labels.shape={l_shape} and logits.shape={logits.shape}"
        )
    half = logits.dtype == tf.float16  # TF keeps bfloat16 here, unlike the dense op
    precise = tf.cast(logits, _F32) if half else logits
    cost = _SSCE(features=precise, labels=labels, name=name)[0]
    return tf.cast(cost, tf.float16) if half else cost


_R = tf.raw_ops


def sigmoid_xent(labels: tf.Tensor, logits: tf.Tensor, name: str | None = None) -> tf.Tensor:
    """Element-wise logistic loss; gradients flow into both inputs, as in TF.

    TF computes ``max(x, 0) - x * z + log(1 + exp(-abs(x)))`` with ``where`` for max and abs
    (so that the gradient at 0 is defined); eagerly the same kernels run here in the same order.
    """
    if not tf.executing_eagerly():
        return tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=logits, name=name)
    if not labels.shape.is_compatible_with(logits.shape):
        raise ValueError(
            "`logits` and `labels` must have the same shape. Received: "
            f"logits.shape={logits.shape}, labels.shape={labels.shape}"
        )
    zeros = _R.ZerosLike(x=logits)
    cond = _R.GreaterEqual(x=logits, y=zeros)
    relu_logits = _R.Select(condition=cond, x=logits, y=zeros)
    neg_abs_logits = _R.Select(condition=cond, x=_R.Neg(x=logits), y=logits)
    return _R.AddV2(
        x=_R.Sub(x=relu_logits, y=_R.Mul(x=logits, y=labels)),
        y=_R.Log1p(x=_R.Exp(x=neg_abs_logits)),
    )
