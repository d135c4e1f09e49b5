"""Repository-wide facts that no single module can tell (read as text, never parsed or run).

A native Keras loss is not added to ``GraphKeys.LOSSES``; code elsewhere in the repository that
calls ``tf.losses.get_total_loss()`` (or ``get_losses``, ``get_collection(GraphKeys.LOSSES)``)
would silently lose terms. The engine only sees one module at a time, so before the run the CLI
scans the project (the directory of the configuration file, else the git repository root, else
the given paths) for such readers; if any file reads the collection, every module is treated as
reading it (``Options.loss_collections = YES``). Files are read as bytes and tested with a cheap
pattern first; comments are ignored by the engine's own test.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from migrate.discovery import Candidate
from migrate.fileio import FileIOError, decode_source, read_bytes

__all__ = ["find_loss_collection_reader"]

_QUICK = re.compile(rb"get_total_loss|get_losses|LOSSES|get_collection")


def find_loss_collection_reader(candidates: Iterable[Candidate]) -> str | None:
    """The display path of the first file that reads the loss collections, or ``None``."""
    from migrate.facts import reads_loss_collections

    for candidate in candidates:
        if candidate.skip_reason is not None or candidate.missing or candidate.error:
            continue
        try:
            data, _ = read_bytes(candidate.path)
        except FileIOError:
            continue
        if not _QUICK.search(data):
            continue
        if candidate.notebook:
            text = data.decode("utf-8", errors="replace").replace('\\"', '"')
        else:
            try:
                text = decode_source(data).text
            except FileIOError:
                continue
        if reads_loss_collections(text):
            return candidate.display
    return None
