"""A cheap walk over libcst nodes (private).

A ``CSTVisitor`` rebuilds every node it passes; reading the dataclass fields does not, and is
about 3x cheaper. The engine, the name index and the module facts walk with this when they
only read code: formatting fields (whitespace, parentheses, commas, comments, operators) are
skipped, since no name, call or import lives there.
"""

from __future__ import annotations

import dataclasses
import re

import libcst as cst

__all__ = ["annotation_string_names", "children", "used_names"]

_FORMATTING = frozenset(
    {
        "lpar",
        "rpar",
        "lbracket",
        "rbracket",
        "lbrace",
        "rbrace",
        "comma",
        "semicolon",
        "colon",
        "dot",
        "equal",
        "operator",
        "newline",
        "trailing_whitespace",
        "leading_lines",
        "lines_after_decorators",
        "header",
        "footer",
        "asynchronous",
    }
)
"""Fields that only ever hold tokens, whitespace or comments (never an expression)."""

_FIELDS: dict[type[cst.CSTNode], tuple[str, ...]] = {}


def _code_fields(kind: type[cst.CSTNode]) -> tuple[str, ...]:
    return tuple(
        field.name
        for field in dataclasses.fields(kind)
        if field.name not in _FORMATTING and not field.name.startswith("whitespace")
    )


def children(node: cst.CSTNode) -> list[cst.CSTNode]:
    """The child nodes of ``node`` that hold code, in field (source) order."""
    kind = type(node)
    fields = _FIELDS.get(kind)
    if fields is None:
        fields = _FIELDS[kind] = _code_fields(kind)
    found: list[cst.CSTNode] = []
    for name in fields:
        value = getattr(node, name)
        kind = type(value)
        if kind is list or kind is tuple:
            found.extend(item for item in value if _is_node(type(item)))
        elif _is_node(kind):
            found.append(value)
    return found


_NODE_TYPES: dict[type, bool] = {}
"""Whether a type is a ``CSTNode`` (cached: ``isinstance`` on libcst's ABCs is slow, and this
walk asks millions of times per large tree)."""


def _is_node(kind: type) -> bool:
    known = _NODE_TYPES.get(kind)
    if known is None:
        known = _NODE_TYPES[kind] = issubclass(kind, cst.CSTNode)
    return known


def used_names(root: cst.CSTNode, *, skip_imports: bool) -> set[str]:
    """Every ``Name`` in ``root`` that may use a binding (outside imports if ``skip_imports``).

    Comments and strings do not count, nor the ``attr`` of an attribute or the keyword of an
    argument: the emitted ``tf.keras.losses.X`` does not use an imported ``losses``. Same answer
    as a ``CSTVisitor`` with ``visit_Name`` skipping those, but a visitor rebuilds every node it
    passes; walking the dataclass fields is ~3x cheaper.
    """
    found: set[str] = set()
    stack = [root]
    name, attribute, arg = cst.Name, cst.Attribute, cst.Arg
    imports = (cst.Import, cst.ImportFrom) if skip_imports else ()
    while stack:
        node = stack.pop()
        kind = type(node)  # concrete node classes: identity is `isinstance` here, and cheaper
        if kind is name:
            found.add(node.value)  # type: ignore[attr-defined]  # its children hold no names
            continue
        if kind is attribute or kind is arg:
            stack.append(node.value)  # type: ignore[attr-defined]  # `.attr`, `keyword=`: none
            continue
        if kind in imports:
            continue
        stack.extend(children(node))
    return found


_WORD = re.compile(r"[A-Za-z_]\w*")


def annotation_string_names(root: cst.CSTNode) -> set[str]:
    """Every identifier written inside a string in an annotation (``x: "tf.Tensor"``): a name
    such an annotation uses when evaluated (``typing.get_type_hints``), which ``used_names``
    does not see. libcst's unused-import analysis counts these as uses too."""
    found: set[str] = set()
    stack = [root]
    inside: list[bool] = [False]
    while stack:
        node = stack.pop()
        annotated = inside.pop()
        if annotated and type(node) is cst.SimpleString:
            found.update(_WORD.findall(node.value))
            continue
        below = annotated or type(node) is cst.Annotation
        for child in children(node):
            stack.append(child)
            inside.append(below)
    return found
