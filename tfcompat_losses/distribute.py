"""Exact TF1 loss normalisation under ``tf.distribute``.

Every reduction that normalises (``SUM_BY_NONZERO_WEIGHTS``, ``SUM_OVER_NONZERO_WEIGHTS``, ``MEAN``,
``SUM_OVER_BATCH_SIZE``) funnels its denominator through :func:`reduce_denominator` right before the
safe division. In a replica context with more than one replica in sync, the default mode
(``"global"``) sums that denominator over all replicas, so that:

* the per-replica losses add up to exactly the loss TF1 computes on the whole global batch on one
  device, and
* the gradients that the strategy all-reduces (sums) add up to the single-device gradients. This
  includes gradients through the denominator itself (``MEAN`` divides by the sum of the weights):
  the gradient of an all-reduce SUM is an all-reduce SUM, so each replica receives the global
  ``-numerator / denominator**2`` term.

TF1 (and Keras' ``scale_loss_for_distribution``) divide by the replica's own denominator and, at best,
by the number of replicas: exact only when every replica has the same denominator. The
``"per_replica"`` mode reproduces TF1's per-replica numbers for users who must match old runs:

>>> with denominator_mode("per_replica"):  # doctest: +SKIP
...     per_replica_losses = strategy.run(step, args=(batch,))

Outside a multi-replica replica context (no strategy, cross-replica context, one replica)
:func:`reduce_denominator` returns its argument unchanged, at the cost of one
``tf.distribute.has_strategy()`` call (about a microsecond).

The mode is read when the loss is computed, that is when a ``tf.function`` is traced: a function
traced in one mode keeps it for its cached graphs. Every replica must compute the same normalised
losses in the same order (as for any collective), which synchronous training code does.
"""

from __future__ import annotations

import contextlib
import enum
import threading
import weakref
from collections.abc import Iterator
from typing import Any

import tensorflow as tf

__all__ = [
    "DenominatorMode",
    "denominator_mode",
    "get_denominator_mode",
    "reduce_denominator",
    "set_denominator_mode",
]


# Bound once: the no-strategy path of reduce_denominator() runs on every eager loss call.
_has_strategy = tf.distribute.has_strategy
_in_cross_replica_context = tf.distribute.in_cross_replica_context


class DenominatorMode(str, enum.Enum):
    """Which denominator a normalising reduction divides by inside a multi-replica replica context.

    ``GLOBAL`` (the default): the denominator of the whole global batch, all-reduced across replicas.
    Per-replica losses sum to the single-device loss; all-reduced gradients equal single-device
    gradients.

    ``PER_REPLICA``: the replica's own denominator, as TF1's ``tf.compat.v1.losses`` computes it in
    each replica (neither summed over replicas nor scaled by the number of replicas).
    """

    GLOBAL = "global"
    PER_REPLICA = "per_replica"


def _validate(mode: DenominatorMode | str) -> DenominatorMode:
    if isinstance(mode, DenominatorMode):
        return mode
    if isinstance(mode, str):
        for member in DenominatorMode:
            if mode == member.value:
                return member
    expected = tuple(member.value for member in DenominatorMode)
    raise ValueError(
        f"Invalid value for argument `mode`. Expected one of {expected}. Received: mode={mode!r}"
    )


# The process-wide default, changed by set_denominator_mode(). A plain attribute read/write is
# atomic under the GIL.
_default_mode: DenominatorMode = DenominatorMode.GLOBAL

# Overrides entered with denominator_mode(). The innermost override of the current thread wins.
# A thread with no override of its own (MirroredStrategy runs each replica function in a thread
# of its own, started by the thread that called strategy.run) inherits the overrides active in
# other threads, provided they all agree; conflicting overrides raise instead of guessing.
_local = threading.local()
_lock = threading.Lock()
_active: dict[int, DenominatorMode] = {}  # id(override token) -> mode, for every live override


def _thread_stack() -> list[DenominatorMode]:
    stack: list[DenominatorMode] | None = getattr(_local, "stack", None)
    if stack is None:
        stack = []
        _local.stack = stack
    return stack


def get_denominator_mode() -> DenominatorMode:
    """The mode in effect in the calling thread.

    Returns:
        The innermost :func:`denominator_mode` override entered by this thread; otherwise the
        override that every thread currently inside a :func:`denominator_mode` block agrees on
        (replica threads inherit the mode of the thread that runs ``strategy.run``); otherwise the
        process default set by :func:`set_denominator_mode` (``DenominatorMode.GLOBAL``).

    Raises:
        RuntimeError: the calling thread has no override of its own while other threads hold
            conflicting ones, so the intended mode is ambiguous.
    """
    stack: list[DenominatorMode] | None = getattr(_local, "stack", None)
    if stack:
        return stack[-1]
    with _lock:
        modes = set(_active.values())
    if not modes:
        return _default_mode
    if len(modes) == 1:
        return next(iter(modes))
    found = tuple(sorted(mode.value for mode in modes))
    raise RuntimeError(
        "Ambiguous loss denominator mode: this thread entered no "
        "`tfcompat_losses.distribute.denominator_mode(...)` block, while other threads are inside "
        f"blocks with conflicting modes {found}. Enter `denominator_mode(...)` inside the replica "
        "function, or use `set_denominator_mode(...)` for a process-wide default."
    )


def set_denominator_mode(mode: DenominatorMode | str) -> DenominatorMode:
    """Set the process-wide default mode and return the previous default.

    Args:
        mode: ``"global"`` (exact global-batch semantics, the default) or ``"per_replica"`` (TF1's
            per-replica denominators).

    Returns:
        The previous default, so that callers can restore it.

    Raises:
        ValueError: ``mode`` is not one of the modes.
    """
    global _default_mode
    new = _validate(mode)
    previous = _default_mode
    _default_mode = new
    return previous


@contextlib.contextmanager
def denominator_mode(mode: DenominatorMode | str) -> Iterator[DenominatorMode]:
    """Use ``mode`` for losses computed inside the block.

    The override applies to the thread that enters the block and to threads without an override of
    their own, such as the replica threads ``MirroredStrategy.run`` starts, while the block is
    active. Blocks nest; leaving a block restores what was in effect before.

    Args:
        mode: ``"global"`` or ``"per_replica"`` (or a :class:`DenominatorMode`).

    Yields:
        The validated mode.

    Raises:
        ValueError: ``mode`` is not one of the modes.

    >>> with denominator_mode("per_replica"):  # doctest: +SKIP
    ...     strategy.run(train_step, args=(batch,))  # TF1's per-replica numbers
    """
    new = _validate(mode)
    stack = _thread_stack()
    token = object()
    stack.append(new)
    with _lock:
        _active[id(token)] = new
    try:
        yield new
    finally:
        with _lock:
            del _active[id(token)]
        stack.pop()


def reduce_denominator(denominator: Any) -> Any:
    """Return the denominator a normalising reduction divides by (the seam used by the shim).

    In a replica context with more than one replica in sync and the ``"global"`` mode, returns the
    sum of ``denominator`` over all replicas (``ReplicaContext.all_reduce(SUM, ...)``, whose gradient
    is again an all-reduce SUM). Everywhere else it returns ``denominator`` unchanged.

    Args:
        denominator: a float32 scalar ``tf.Tensor``: the replica's sum of weights (``MEAN``), count of
            non-zero weights (``SUM_BY_NONZERO_WEIGHTS``, ``SUM_OVER_NONZERO_WEIGHTS``) or element
            count (``SUM_OVER_BATCH_SIZE``).

    Returns:
        The denominator to divide by, same dtype and shape.
    """
    if not _has_strategy() or _in_cross_replica_context():
        return denominator
    context = tf.distribute.get_replica_context()
    if context is None or context.num_replicas_in_sync <= 1:
        return denominator
    if get_denominator_mode() is DenominatorMode.PER_REPLICA:
        return denominator
    # A fresh tensor per replica: eagerly, MirroredStrategy returns one tensor object that every
    # replica passes in (a cached constant: the element count) without summing it.
    return context.all_reduce(tf.distribute.ReduceOp.SUM, tf.identity(denominator))


# Which replica computed a graph loss tensor, for collections read inside a replica function.
# MirroredStrategy traces every replica into the same graph, so the graph's LOSSES collection holds
# every replica's losses; TF1 code reading get_losses()/get_total_loss() in a replica must see its
# own. Keyed by id() (graph tensors in a tf.function are unhashable), entries die with the tensor.
_owners: dict[int, tuple[weakref.ref[Any], int]] = {}


def replica_owner() -> int | None:
    """Identity of the calling replica in a multi-replica replica context, else None (internal).

    It is the calling thread: MirroredStrategy runs each replica function in a thread of its own,
    and strategies with one replica per process (MultiWorkerMirroredStrategy on CPU) in the
    caller's.
    """
    if not _has_strategy() or _in_cross_replica_context():
        return None
    context = tf.distribute.get_replica_context()
    if context is None or context.num_replicas_in_sync <= 1:
        return None
    return threading.get_ident()


def mark_replica_tensor(tensor: Any) -> None:
    """Remember which replica computed ``tensor`` (no-op outside a replica context; internal)."""
    owner = replica_owner()
    if owner is None:
        return
    key = id(tensor)

    def forget(_dead: weakref.ref[Any]) -> None:
        _owners.pop(key, None)

    try:
        ref = weakref.ref(tensor, forget)
    except TypeError:
        return
    _owners[key] = (ref, owner)


def from_other_replica(tensor: Any) -> bool:
    """True when ``tensor`` was computed by another replica than the calling one (internal)."""
    owner = replica_owner()
    if owner is None:
        return False
    entry = _owners.get(id(tensor))
    return entry is not None and entry[0]() is tensor and entry[1] != owner
