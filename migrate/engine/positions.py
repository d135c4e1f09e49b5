"""Finding positions, computed lazily and cheaply (private to the engine)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

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
        start, end = self._spans[node]
        return CodeRange(self._position(start), self._position(end))

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
        state = CodegenState(
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


class _OffsetState(CodegenState):
    """libcst's ``PositionProvidingCodegenState`` semantics, in character offsets."""

    def __init__(self, module: cst.Module) -> None:
        super().__init__(
            default_indent=module.default_indent, default_newline=module.default_newline
        )
        self.offset = 0
        self.stack: list[int] = []
        self.spans: dict[cst.CSTNode, tuple[int, int]] = {}
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
        self.stack.append(self.offset)

    def after_codegen(self, node: cst.CSTNode) -> None:
        start = self.stack.pop()
        if node not in self.spans:  # a syntactic range recorded inside wins, as in libcst
            self.spans[node] = (start, self.offset)
        if id(node) in self.top:
            self.statements[node] = (start, self.offset)

    def pop_trailing_newline(self) -> None:
        """Keep it: libcst's positions count the module's trailing newline too."""

    @contextmanager
    def record_syntactic_position(
        self,
        node: cst.CSTNode,
        *,
        start_node: cst.CSTNode | None = None,
        end_node: cst.CSTNode | None = None,
    ) -> Iterator[None]:
        start = self.offset
        try:
            yield
        finally:
            end = self.offset
            if start_node is not None:
                start = self.spans[start_node][0]
            if end_node is not None:
                end = self.spans[end_node][1]
            self.spans[node] = (start, end)
