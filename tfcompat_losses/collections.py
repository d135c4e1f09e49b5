"""Loss collections: TF1's graph collection, and :func:`collect_losses` for eager code.

TF1 adds every loss to ``tf.compat.v1.GraphKeys.LOSSES`` when building a graph, and silently drops
it when executing eagerly (TF2's default). The shim keeps TF1's graph behaviour (the real graph
collection, so ``tf.compat.v1.losses.get_losses()`` / ``get_total_loss()`` and Session code see
the losses) and gives eager code an explicit, leak-free replacement::

    with tfcompat_losses.collect_losses() as losses:
        tfcompat_losses.softmax_cross_entropy(labels, logits)
        total = losses.total()

Outside a block nothing is recorded, so nothing accumulates. Blocks are process-wide rather than
per-thread, so that losses computed in ``tf.distribute`` replica threads are recorded too; nested
blocks each record every loss.

Regularization losses (``GraphKeys.REGULARIZATION_LOSSES``): in a graph they are TF1's collection.
Eagerly, every block also records the losses added with
``add_loss(loss, loss_collection=REGULARIZATION_LOSSES)``; :func:`get_regularization_losses` returns
the innermost block's, followed by what TF1 itself returns eagerly (the global graph's collection,
which ``tf.compat.v1.add_to_collection`` fills even when executing eagerly), and
:func:`get_total_loss` adds them.
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Iterator, Sequence
from typing import Any, overload

import tensorflow as tf

from tfcompat_losses import distribute as _distribute

__all__ = [
    "LOSSES",
    "LossCollector",
    "add_loss",
    "collect_losses",
    "get_losses",
    "get_regularization_loss",
    "get_regularization_losses",
    "get_total_loss",
]

LOSSES: str = tf.compat.v1.GraphKeys.LOSSES
REGULARIZATION_LOSSES: str = tf.compat.v1.GraphKeys.REGULARIZATION_LOSSES

_active: list[LossCollector] = []
_lock = threading.Lock()


class LossCollector(Sequence[tf.Tensor]):
    """The losses recorded by one :func:`collect_losses` block, in the order they were computed.

    It is a read-only sequence of loss tensors. Losses computed while tracing a ``tf.function``
    inside the block are recorded as that function's (symbolic) tensors: use them, or
    :meth:`total`, inside the same function. The block also records the regularization losses
    added with ``add_loss(loss, loss_collection=REGULARIZATION_LOSSES)``, apart
    (:meth:`regularization_losses`).
    """

    def __init__(self, loss_collection: str = LOSSES) -> None:
        self.loss_collection = loss_collection
        # (loss, name scope) pairs. No zip() over parallel lists: the methods may run while
        # autograph converts a tf.function, whose zip takes no `strict` before TF 2.13.
        self._entries: list[tuple[tf.Tensor, str]] = []
        self._regularization: list[tuple[tf.Tensor, str]] = []
        # Entered inside a tf.distribute replica function: record only that replica's losses.
        self._replica: int | None = None

    def __len__(self) -> int:
        return len(self._entries)

    @overload
    def __getitem__(self, index: int) -> tf.Tensor: ...

    @overload
    def __getitem__(self, index: slice) -> list[tf.Tensor]: ...

    def __getitem__(self, index: int | slice) -> tf.Tensor | list[tf.Tensor]:
        if isinstance(index, slice):
            return [loss for loss, _ in self._entries[index]]
        return self._entries[index][0]

    def __repr__(self) -> str:
        return f"LossCollector(loss_collection={self.loss_collection!r}, losses={len(self)})"

    def _append(self, loss: tf.Tensor, name: str) -> None:
        self._entries.append((loss, name))

    def losses(self, scope: str | None = None) -> list[tf.Tensor]:
        """The recorded losses usable here (eager values eagerly, else this graph's tensors).

        Args:
            scope: Optional regular expression matched (``re.match``) against the name scope the
                loss was computed in, like TF1's ``get_collection(key, scope)``.
        """
        return _select(self._entries, scope)

    def regularization_losses(self, scope: str | None = None) -> list[tf.Tensor]:
        """The regularization losses recorded in the block and usable here (see :meth:`losses`)."""
        if self.loss_collection == REGULARIZATION_LOSSES:
            return self.losses(scope)
        return _select(self._regularization, scope)

    def total(self, name: str = "total_loss", scope: str | None = None) -> tf.Tensor:
        """Sum of the recorded losses usable here (see :meth:`losses`); float32 0.0 if none."""
        losses = self.losses(scope)
        if not losses:
            return tf.constant(0.0, tf.float32)
        return tf.add_n(losses, name=name)

    def clear(self) -> None:
        """Forget every recorded loss (e.g. at the start of each training step)."""
        del self._entries[:], self._regularization[:]


def _select(pairs: Any, scope: str | None) -> list[tf.Tensor]:
    return [
        loss
        for loss, name in pairs
        if _usable_here(loss) and (scope is None or re.match(scope, name))
    ]


def _is_symbolic(tensor: Any) -> bool:
    """``tf.is_symbolic_tensor`` (TF 2.13+); before it, a symbolic tensor is one without a value."""
    probe = getattr(tf, "is_symbolic_tensor", None)
    if probe is not None:
        return bool(probe(tensor))
    return isinstance(tensor, tf.Tensor) and not hasattr(tensor, "_numpy")


def _usable_here(loss: tf.Tensor) -> bool:
    if tf.executing_eagerly():
        return not _is_symbolic(loss)
    return _is_symbolic(loss) and loss.graph is tf.compat.v1.get_default_graph()


@tf.autograph.experimental.do_not_convert
@contextlib.contextmanager
def collect_losses(loss_collection: str = LOSSES) -> Iterator[LossCollector]:
    """Records every loss computed inside the block (eagerly or while tracing a ``tf.function``).

    This is what TF2 dropped: TF1 code that relies on ``get_total_loss()`` keeps working eagerly.
    Inside the block :func:`get_losses` and :func:`get_total_loss` read it when executing eagerly.

    Args:
        loss_collection: Records the losses added to this collection (default ``LOSSES``).

    Yields:
        A :class:`LossCollector` (a sequence of loss tensors with a ``.total()``).

    >>> from tfcompat_losses import compute_weighted_loss
    >>> with collect_losses() as losses:
    ...     _ = compute_weighted_loss([1.0, 3.0])
    >>> len(losses), float(losses.total())
    (1, 2.0)
    """
    collector = LossCollector(loss_collection)
    collector._replica = _distribute.replica_owner()
    with _lock:
        _active.append(collector)
    try:
        yield collector
    finally:
        with _lock:
            for i in range(len(_active) - 1, -1, -1):
                if _active[i] is collector:
                    del _active[i]
                    break


def record(loss: tf.Tensor, loss_collection: str, name: str) -> None:
    """Adds ``loss`` where TF1 would (graph collection) and to every active block (internal)."""
    if not tf.executing_eagerly():
        tf.compat.v1.add_to_collection(loss_collection, loss)
        _distribute.mark_replica_tensor(loss)
    if _active:
        thread = threading.get_ident()
        name = getattr(loss, "name", None) or name
        with _lock:
            for collector in _active:
                if collector._replica is not None and collector._replica != thread:
                    continue
                if collector.loss_collection == loss_collection:
                    collector._append(loss, name)
                elif loss_collection == REGULARIZATION_LOSSES:
                    collector._regularization.append((loss, name))


@tf.autograph.experimental.do_not_convert
def add_loss(loss: Any, loss_collection: str | None = LOSSES) -> None:
    """Adds an externally defined loss, as ``tf.compat.v1.losses.add_loss``.

    In a graph (TF1 graph or ``tf.function``) it goes into the graph collection, as in TF1; eagerly
    it goes into the active :func:`collect_losses` blocks (TF1 drops it). ``None`` adds it nowhere.
    """
    if loss is None:
        raise ValueError("Invalid value for argument `loss`. Expected a tensor. Received: None")
    if loss_collection:
        record(loss, loss_collection, "")


def _innermost(loss_collection: str | None) -> LossCollector | None:
    """The innermost block of this thread (for ``loss_collection``, or any when None)."""
    thread = threading.get_ident()
    with _lock:
        for collector in reversed(_active):
            if (loss_collection is None or collector.loss_collection == loss_collection) and (
                collector._replica is None or collector._replica == thread
            ):
                return collector
    return None


@tf.autograph.experimental.do_not_convert
def get_losses(scope: str | None = None, loss_collection: str = LOSSES) -> list[tf.Tensor]:
    """Gets the losses of ``loss_collection``, as ``tf.compat.v1.losses.get_losses``.

    In a graph this is the graph collection (filtered by ``scope`` as TF1). Eagerly it is the
    innermost :func:`collect_losses` block's losses (TF1 returns an empty list).
    """
    if tf.executing_eagerly():
        collector = _innermost(loss_collection)
        if collector is not None:
            return collector.losses(scope)
    # In a replica function, the graph holds every replica's losses: keep this replica's.
    return [
        loss
        for loss in tf.compat.v1.get_collection(loss_collection, scope)
        if not _distribute.from_other_replica(loss)
    ]


@tf.autograph.experimental.do_not_convert
def get_regularization_losses(scope: str | None = None) -> list[tf.Tensor]:
    """Gets the regularization losses, as ``tf.compat.v1.losses.get_regularization_losses``.

    In a graph this is ``GraphKeys.REGULARIZATION_LOSSES`` (filtered by ``scope`` as TF1).
    Eagerly it is the regularization losses recorded by the innermost :func:`collect_losses`
    block, followed by what TF1 returns eagerly (the global graph's collection).
    """
    recorded: list[tf.Tensor] = []
    if tf.executing_eagerly():
        collector = _innermost(None)
        if collector is not None:
            recorded = collector.regularization_losses(scope)
    return recorded + [
        loss
        for loss in tf.compat.v1.get_collection(REGULARIZATION_LOSSES, scope)
        if not _distribute.from_other_replica(loss)
    ]


@tf.autograph.experimental.do_not_convert
def get_regularization_loss(
    scope: str | None = None, name: str = "total_regularization_loss"
) -> tf.Tensor:
    """Sum of :func:`get_regularization_losses`, as TF1's ``get_regularization_loss``.

    Returns:
        ``tf.add_n`` of the losses (named ``name``), or a float32 ``0.0`` when there are none.
    """
    losses = get_regularization_losses(scope)
    if losses:
        return tf.add_n(losses, name=name)
    return tf.constant(0.0)


@tf.autograph.experimental.do_not_convert
def get_total_loss(
    add_regularization_losses: bool = True, name: str = "total_loss", scope: str | None = None
) -> tf.Tensor:
    """Sum of :func:`get_losses` (plus :func:`get_regularization_losses`), as TF1's.

    Raises:
        ValueError: There is no loss to sum (TF1 raises ``ValueError`` too).
    """
    losses = get_losses(scope=scope)
    if add_regularization_losses:
        losses += get_regularization_losses(scope=scope)
    if not losses:
        where = "in this graph" if not tf.executing_eagerly() else "in a collect_losses() block"
        raise ValueError(
            f"No losses to total: expected at least one loss in collection {LOSSES!r} {where}"
            f"{' under scope ' + repr(scope) if scope else ''}. Received: no losses. Eagerly, "
            "compute the losses inside `with tfcompat_losses.collect_losses():`."
        )
    return tf.add_n(losses, name=name)
