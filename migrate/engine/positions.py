"""Finding positions, computed lazily and cheaply (private to the engine)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Mapping
from contextlib import nullcontext

import libcst as cst
from libcst._nodes.internal import CodegenState
from libcst.metadata import CodePosition, CodeRange, MetadataWrapper, PositionProvider

__all__ = ["LazyPositions"]


class LazyPositions:
    """``PositionProvider``'s ranges, computed only when a finding first needs one.

    libcst's provider tracks line and column token by token (a regex split each); here the
    same code generation only adds up character offsets, and the few ranges asked for are
    converted to lines and columns afterwards: about 4x cheaper, and skipped entirely for
    modules without findings. Sources with a carriage return use libcst's own provider (its
    per-token newline counting is the reference there).
    """

    def __init__(self, wrapper: MetadataWrapper) -> None:
        self._wrapper = wrapper
        self._spans: dict[cst.CSTNode, tuple[int, int]] | None = None
        self._statements: dict[cst.CSTNode, tuple[int, int]] = {}
        self._text = ""
        self._line_ends: list[int] = []
        self._exact: Mapping[cst.CSTNode, CodeRange] | None = None

    def __getitem__(self, node: cst.CSTNode) -> CodeRange:
        if self._exact is not None:
            return self._exact[node]
        if self._spans is None:
            module = self._wrapper.module
            state = _OffsetState(module)
            module._codegen(state)
            text = "".join(state.tokens)
            if "\r" in text:
                self._exact = self._wrapper.resolve(PositionProvider)
                return self._exact[node]
            self._spans = state.spans
            self._statements = state.statements
            self._text = text
            self._line_ends = [match.end() for match in re.finditer("\n", text)]
        span = self._spans.get(node)
        if span is None:  # a node of a type findings are not reported on: libcst's answer
            self._exact = self._wrapper.resolve(PositionProvider)
            return self._exact[node]
        return CodeRange(self._position(span[0]), self._position(span[1]))

    def may_hold_comment(self, node: cst.CSTNode) -> bool:
        """Whether the original text of ``node`` (a node of this module) has a ``#`` in it:
        ``False`` proves it holds no comment, without walking it."""
        self[node]  # computes the spans
        span = self._spans.get(node) if self._spans is not None else None
        return span is None or "#" in self._text[span[0] : span[1]]

    def code(self, module: cst.Module) -> str:
        """``module.code`` for a transform of this module: its top-level statements that are the
        original's own objects are copied from the original text (their code is that text),
        only the others are generated. Saves a second full code generation of every module
        the codemod changes (positions, computed for its findings, already generated it once).
        """
        original = self._wrapper.module
        if (
            self._spans is None
            or not module.has_trailing_newline
            or module.header != original.header
        ):
            return module.code
        state = _PlainState(
            default_indent=module.default_indent, default_newline=module.default_newline
        )
        for line in module.header:
            line._codegen(state)
        for statement in module.body:
            span = self._statements.get(statement)
            if span is None:
                statement._codegen(state)
            else:
                state.tokens.append(self._text[span[0] : span[1]])
        for line in module.footer:
            line._codegen(state)
        if not state.tokens:
            state.add_token(state.default_newline)
        return "".join(state.tokens)

    def _position(self, offset: int) -> CodePosition:
        line = bisect.bisect_right(self._line_ends, offset)
        return CodePosition(line + 1, offset - (self._line_ends[line - 1] if line else 0))


def _subclasses(base: type) -> Iterator[type]:
    sub: type
    for sub in base.__subclasses__():
        yield sub
        yield from _subclasses(sub)


_ASKED = frozenset(
    {
        cst.Call,
        cst.Name,
        cst.Attribute,
        cst.ImportAlias,
        cst.SimpleStatementLine,
        *_subclasses(cst.BaseSmallStatement),  # a line's range ends at its last one's
    }
)
"""The node types findings are reported on (calls, references, imports): the only ones whose
ranges are recorded; any other node's range comes from libcst's provider (exact, slower)."""


class _OffsetState(CodegenState):
    """libcst's ``PositionProvidingCodegenState`` semantics, in character offsets."""

    def __init__(self, module: cst.Module) -> None:
        super().__init__(
            default_indent=module.default_indent, default_newline=module.default_newline
        )
        self.offset = 0
        self.stack: list[int] = []
        self.spans: dict[cst.CSTNode, tuple[int, int]] = {}
        self.unknown: set[cst.CSTNode] = set()
        """Nodes whose syntactic range ends at a node of a type not recorded."""
        self.top = set(map(id, module.body))
        self.statements: dict[cst.CSTNode, tuple[int, int]] = {}
        """The whole text (leading lines included) of each top-level statement."""

    def add_indent_tokens(self) -> None:
        for token in self.indent_tokens:
            self.offset += len(token)
        self.tokens.extend(self.indent_tokens)

    def add_token(self, value: str) -> None:
        self.tokens.append(value)
        self.offset += len(value)

    def before_codegen(self, node: cst.CSTNode) -> None:
        if type(node) in _ASKED or id(node) in self.top:
            self.stack.append(self.offset)

    def after_codegen(self, node: cst.CSTNode) -> None:
        top = id(node) in self.top
        if type(node) not in _ASKED and not top:
            return
        start = self.stack.pop()
        if node not in self.spans and node not in self.unknown:  # a syntactic range wins
            self.spans[node] = (start, self.offset)
        if top:
            self.statements[node] = (start, self.offset)

    def pop_trailing_newline(self) -> None:
        """Keep it: libcst's positions count the module's trailing newline too."""

    def record_syntactic_position(  # type: ignore[override]
        self,
        node: cst.CSTNode,
        *,
        start_node: cst.CSTNode | None = None,
        end_node: cst.CSTNode | None = None,
    ) -> _Syntactic | nullcontext[None]:
        # libcst calls this around every parenthesizable expression: a small object, not a
        # generator-based context manager (a third of the code generation's time)
        if type(node) not in _ASKED:
            return _NO_RECORD
        return _Syntactic(self, node, start_node, end_node)


class _Syntactic:
    """``record_syntactic_position`` of ``_OffsetState``: the range between enter and exit."""

    __slots__ = ("end_node", "node", "start", "start_node", "state")

    def __init__(
        self,
        state: _OffsetState,
        node: cst.CSTNode,
        start_node: cst.CSTNode | None,
        end_node: cst.CSTNode | None,
    ) -> None:
        self.state, self.node, self.start_node, self.end_node = state, node, start_node, end_node
        self.start = 0

    def __enter__(self) -> None:
        self.start = self.state.offset

    def __exit__(self, *exc: object) -> None:
        state = self.state
        start, end = self.start, state.offset
        spans = state.spans
        if self.start_node is not None:
            if self.start_node not in spans:  # not recorded: libcst's provider answers
                state.unknown.add(self.node)
                return
            start = spans[self.start_node][0]
        if self.end_node is not None:
            if self.end_node not in spans:
                state.unknown.add(self.node)
                return
            end = spans[self.end_node][1]
        spans[self.node] = (start, end)


_NO_RECORD = nullcontext()


class _PlainState(CodegenState):
    """libcst's plain code generation, without the context manager it enters around every
    parenthesizable expression only to record nothing."""

    def record_syntactic_position(  # type: ignore[override]
        self,
        node: cst.CSTNode,
        *,
        start_node: cst.CSTNode | None = None,
        end_node: cst.CSTNode | None = None,
    ) -> nullcontext[None]:
        return _NO_RECORD
