"""What an IPython cell magic makes of a notebook cell's body, without IPython, and IPython-only
lines masked as Python placeholders while the engine runs (``mask_magics``/``unmask_magics``).

``%%time``-like magics run their body as Python in the kernel's namespace: the body is migrated
with the other cells. ``%%writefile name.py`` writes its body, unchanged, to a Python module
that is imported or run later: the body is migrated on its own (its own namespace). Every other
cell magic (``%%bash``, ``%%html``, ``%%python3``...) has a body that is not kernel Python.
"""

from __future__ import annotations

import re
import shlex

__all__ = [
    "PYTHON_CELL_MAGICS",
    "is_python_cell",
    "mask_magics",
    "unmask_magics",
    "written_python_file",
]

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


_MAGIC_TOKEN = "__tfcompat_migrate_magic_{}__"
_MAGIC_RE = re.compile(r"^([ \t]*)(?:pass  # |import )__tfcompat_migrate_magic_(\d+)__$")
# Lines IPython transforms before Python sees them: %magic, %%cell magic, !shell, ?help,
# `name?`, and assignments from them (`files = !ls`, `t = %time f()`).
_MAGIC_LINE = re.compile(r"^[ \t]*([%!?]|[\w.]+\?{1,2}[ \t]*$|[\w., \t]+=[ \t]*[%!])")


def mask_magics(source: str, masked: list[str], *, leading_imports: bool = False) -> str:
    """Replace IPython-only lines with placeholder statements (same indent, same line count).

    Each becomes ``pass  # token``; with ``leading_imports`` (the first code cell), a magic line
    among the cell's leading imports (``%pip install ...`` above ``import tensorflow``) becomes
    ``import token`` instead, so that an import the migration adds goes below the cell's
    imports, not above the magic.
    """
    lines = source.split("\n")
    out = []
    continuing = False
    indent = ""
    for line in lines:
        if continuing or _MAGIC_LINE.match(line):
            token = _MAGIC_TOKEN.format(len(masked))
            if not continuing:
                indent = line[: len(line) - len(line.lstrip(" \t"))]
            if leading_imports and not continuing and not indent:
                out.append(f"import {token}")
            else:
                out.append(f"{indent}pass  # {token}")
            masked.append(line)
            continuing = line.endswith("\\")
        else:
            out.append(line)
            if not _IMPORT_HEAD.match(line):
                leading_imports = False
    return "\n".join(out)


_IMPORT_HEAD = re.compile(
    r"^(?:(?:import|from)\s+[\w.]+(?:\s+import\s+[\w., ]+)?[\w ,.]*)?\s*(?:#.*)?$"
)
"""A line that keeps a cell's leading import block going: blank, a comment, a one-line import."""


def unmask_magics(source: str, masked: list[str]) -> str:
    """Put the masked lines back; raises ``ValueError`` if a placeholder went missing."""
    seen = 0
    out = []
    for line in source.split("\n"):
        match = _MAGIC_RE.match(line)
        if match:
            index = int(match.group(2))
            if index >= len(masked):
                raise ValueError("unknown magic placeholder")
            out.append(masked[index])
            seen += 1
        else:
            out.append(line)
    if seen != len(masked):
        raise ValueError("a masked IPython line was lost")
    return "\n".join(out)
