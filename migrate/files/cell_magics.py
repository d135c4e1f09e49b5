"""What an IPython cell magic makes of a notebook cell's body, without IPython.

``%%time``-like magics run their body as Python in the kernel's namespace: the body is migrated
with the other cells. ``%%writefile name.py`` writes its body, unchanged, to a Python module
that is imported or run later: the body is migrated on its own (its own namespace). Every other
cell magic (``%%bash``, ``%%html``, ``%%python3``...) has a body that is not kernel Python.
"""

from __future__ import annotations

import re
import shlex

__all__ = ["PYTHON_CELL_MAGICS", "is_python_cell", "written_python_file"]

PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug", "memit"})
"""Built-in IPython cell magics (plus memory_profiler's ``%%memit``) that run their body as
Python in the user namespace. Not here: ``%%python``/``%%script`` (another process and
namespace), ``%%writefile`` (see ``written_python_file``), ``%%bash``, ``%%html``, ``%%sql``..."""
_CELL_MAGIC = re.compile(r"%%([\w.-]*)")


def is_python_cell(source: str) -> bool:
    """False for a cell whose body is not Python: a cell magic (after any Python cell magics
    stacked above it, as in ``%%capture`` then ``%%bash``) not in ``PYTHON_CELL_MAGICS``."""
    for line in source.split("\n"):
        stripped = line.strip()
        if not stripped:
            continue  # IPython drops leading empty lines
        match = _CELL_MAGIC.match(stripped)
        if match is None:
            return True
        if match.group(1) not in PYTHON_CELL_MAGICS:
            return False
    return True


def written_python_file(source: str) -> tuple[str, str, str] | None:
    """``(head, body, file name)`` for a ``%%writefile [-a] name.py`` cell, else ``None``.

    ``head`` is the text up to and including the magic line, ``head + body == source``.
    """
    offset = 0
    for line in source.split("\n"):
        end = offset + len(line) + 1
        stripped = line.strip()
        if not stripped:
            offset = end
            continue
        if _CELL_MAGIC.match(stripped) is None or not stripped.startswith("%%writefile"):
            return None
        try:
            words = shlex.split(stripped)
        except ValueError:
            return None
        names = [w for w in words[1:] if not w.startswith("-")]
        if words[0] != "%%writefile" or len(names) != 1 or not names[0].endswith(".py"):
            return None
        return source[:end], source[end:], names[0]
    return None
