"""Re-lay arguments into an existing call's layout without losing a single comment.

A rewrite keeps the call's "slots" (commas, line breaks, indentation, trailing comma) by
position, so a multi-line call stays multi-line. Comments belong to the *argument* they were
written after, not to the slot: each kept argument takes its own end-of-line comment with it,
and the comments of dropped arguments become own-line comments just before the closing
parenthesis.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import libcst as cst

__all__ = ["NewArg", "relay"]

_NO_SPACE = cst.AssignEqual(
    whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
)


@dataclass(frozen=True)
class NewArg:
    value: cst.BaseExpression
    keyword: str | None
    source: cst.Arg | None
    """The argument it comes from (its comments travel with it)."""


def _whitespaces(arg: cst.Arg) -> list[cst.BaseParenthesizableWhitespace]:
    found = [arg.whitespace_after_arg]
    if isinstance(arg.comma, cst.Comma):
        found += [arg.comma.whitespace_before, arg.comma.whitespace_after]
    return found


def _comments(arg: cst.Arg) -> tuple[cst.Comment | None, list[cst.Comment]]:
    """(end-of-line comment, own-line comments after it) written in ``arg``'s layout."""
    first: cst.Comment | None = None
    lines: list[cst.Comment] = []
    for ws in _whitespaces(arg):
        if not isinstance(ws, cst.ParenthesizedWhitespace):
            continue
        if ws.first_line.comment is not None:
            if first is None:
                first = ws.first_line.comment
            else:
                lines.append(ws.first_line.comment)
        lines += [line.comment for line in ws.empty_lines if line.comment is not None]
    return first, lines


def _strip(ws: cst.BaseParenthesizableWhitespace) -> cst.BaseParenthesizableWhitespace:
    if not isinstance(ws, cst.ParenthesizedWhitespace):
        return ws
    return ws.with_changes(
        first_line=ws.first_line.with_changes(comment=None, whitespace=cst.SimpleWhitespace("")),
        empty_lines=[line for line in ws.empty_lines if line.comment is None],
    )


def _stripped(arg: cst.Arg) -> cst.Arg:
    comma = arg.comma
    if isinstance(comma, cst.Comma):
        comma = comma.with_changes(
            whitespace_before=_strip(comma.whitespace_before),
            whitespace_after=_strip(comma.whitespace_after),
        )
    return arg.with_changes(comma=comma, whitespace_after_arg=_strip(arg.whitespace_after_arg))


def _place(
    ws: cst.BaseParenthesizableWhitespace,
    first: cst.Comment | None,
    lines: Sequence[cst.Comment],
    indent: cst.SimpleWhitespace,
) -> cst.ParenthesizedWhitespace | None:
    """``ws`` carrying the comments, or ``None`` when it is a single-line whitespace."""
    if not isinstance(ws, cst.ParenthesizedWhitespace):
        return None
    if first is not None:
        ws = ws.with_changes(
            first_line=ws.first_line.with_changes(
                comment=first, whitespace=cst.SimpleWhitespace("  ")
            )
        )
    own = [cst.EmptyLine(indent=ws.indent, whitespace=indent, comment=comment) for comment in lines]
    return ws.with_changes(empty_lines=[*own, *ws.empty_lines])


def _trailing(arg: cst.Arg) -> cst.BaseParenthesizableWhitespace:
    return (
        arg.comma.whitespace_after if isinstance(arg.comma, cst.Comma) else arg.whitespace_after_arg
    )


def _with_trailing(arg: cst.Arg, ws: cst.BaseParenthesizableWhitespace) -> cst.Arg:
    if isinstance(arg.comma, cst.Comma):
        return arg.with_changes(comma=arg.comma.with_changes(whitespace_after=ws))
    return arg.with_changes(whitespace_after_arg=ws)


def _argument_indent(call: cst.Call) -> cst.SimpleWhitespace:
    """The indentation of the call's argument lines (four spaces when it has none)."""
    candidates = [call.whitespace_before_args]
    for arg in call.args:
        candidates += _whitespaces(arg)
    for ws in candidates:
        if isinstance(ws, cst.ParenthesizedWhitespace) and ws.last_line.value:
            return ws.last_line
    return cst.SimpleWhitespace("    ")


def relay(call: cst.Call, new: Sequence[NewArg]) -> list[cst.Arg]:
    """``new`` arguments in ``call``'s layout, every comment of ``call``'s arguments kept."""
    slots = [_stripped(arg) for arg in call.args]
    indent = _argument_indent(call)
    count = len(new)
    chosen = [*slots[: count - 1], slots[-1]]
    kept = {id(n.source) for n in new if n.source is not None}
    pending: list[cst.Comment] = []
    args: list[cst.Arg] = []
    for item, slot in zip(new, chosen, strict=True):
        arg = cst.Arg(
            value=item.value,
            keyword=None if item.keyword is None else cst.Name(item.keyword),
            equal=cst.MaybeSentinel.DEFAULT
            if item.keyword is None
            else (slot.equal if isinstance(slot.equal, cst.AssignEqual) else _NO_SPACE),
            comma=slot.comma,
            whitespace_after_arg=slot.whitespace_after_arg,
        )
        if item.source is not None:
            first, lines = _comments(item.source)
            placed = _place(_trailing(arg), first, lines, indent)
            if placed is None:
                pending += [c for c in (first, *lines) if c is not None]
            else:
                arg = _with_trailing(arg, placed)
        args.append(arg)
    for original in call.args:  # comments of dropped arguments, in source order
        if id(original) not in kept:
            first, lines = _comments(original)
            pending += [c for c in (first, *lines) if c is not None]
    if pending:
        last = args[-1]
        placed = _place(_trailing(last), None, pending, indent)
        if placed is None:  # a one-line ending: break the line before ")" to keep the comments
            placed = cst.ParenthesizedWhitespace(
                first_line=cst.TrailingWhitespace(),
                empty_lines=[
                    cst.EmptyLine(indent=True, whitespace=indent, comment=c) for c in pending
                ],
                indent=True,
                last_line=cst.SimpleWhitespace(""),
            )
        args[-1] = _with_trailing(last, placed)
    return args
