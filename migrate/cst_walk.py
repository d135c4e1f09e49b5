"""A cheap walk over libcst nodes (private).

A ``CSTVisitor`` rebuilds every node it passes; reading the dataclass fields does not, and is
about 3x cheaper. The engine and the module facts walk with this when they only read.
"""

from __future__ import annotations

import dataclasses

import libcst as cst

__all__ = ["children"]

_FIELDS: dict[type[cst.CSTNode], tuple[str, ...]] = {}


def children(node: cst.CSTNode) -> list[cst.CSTNode]:
    """The child nodes of ``node``, in field (source) order."""
    kind = type(node)
    fields = _FIELDS.get(kind)
    if fields is None:
        fields = _FIELDS[kind] = tuple(field.name for field in dataclasses.fields(kind))
    found: list[cst.CSTNode] = []
    for name in fields:
        value = getattr(node, name)
        if isinstance(value, cst.CSTNode):
            found.append(value)
        elif isinstance(value, list | tuple):
            found.extend(item for item in value if isinstance(item, cst.CSTNode))
    return found
