"""The cheap walk skips only formatting fields: no libcst node keeps code in one of them."""

from __future__ import annotations

import dataclasses
import inspect
import re

import libcst as cst

from migrate.engine.cst_walk import _FIELDS, _code_fields, children

_FORMATTING_TYPES = re.compile(
    r"^(?:Colon|Comma|Dot|AssignEqual|Semicolon|EmptyLine|TrailingWhitespace|Newline"
    r"|Left\w+|Right\w+|Asynchronous|SimpleWhitespace|\w*ParenthesizableWhitespace"
    r"|Base(?:AugOp|BinaryOp|BooleanOp|CompOp|UnaryOp)|MaybeSentinel|NoneType)$"
)


def _type_names(annotation: object) -> set[str]:
    return set(re.findall(r"(\w+)(?=[\],'>]|$)", str(annotation).replace("typing.", "")))


def test_every_skipped_field_holds_only_tokens_or_whitespace() -> None:
    skipped = 0
    for name in dir(cst):
        kind = getattr(cst, name)
        if not (inspect.isclass(kind) and issubclass(kind, cst.CSTNode)):
            continue
        if not dataclasses.is_dataclass(kind):
            continue
        kept = set(_code_fields(kind))
        for field in dataclasses.fields(kind):
            if field.name in kept:
                continue
            skipped += 1
            types = _type_names(field.type) - {"Optional", "Union", "Sequence", "class"}
            assert types, (kind.__name__, field.name, field.type)
            for type_name in types:
                assert _FORMATTING_TYPES.match(type_name), (kind.__name__, field.name, type_name)
    assert skipped > 100


def test_children_finds_every_name() -> None:
    source = (
        "@deco(a)\nasync def f(b: c = d, *e, **g) -> h:\n    x = [i async for i in j if k]\n"
        "    return lambda l=m: n[o:p] + (q if r else s) or not t\n"
        "class C(u, metaclass=v):\n    w: y = z\nprint(f'{aa!r:{bb}}', *cc, **dd)\n"
    )
    module = cst.parse_module(source)
    found, stack = set(), [module]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.Name):
            found.add(node.value)
        stack.extend(children(node))
    expected = set(re.findall(r"\b[a-z]+\b", source)) - {
        "async",
        "def",
        "for",
        "in",
        "if",
        "else",
        "or",
        "not",
        "return",
        "lambda",
        "class",
        "metaclass",
        "r",
    }
    assert expected <= found
    assert _FIELDS  # the per-type field cache is in use
