"""Finding positions, computed lazily and cheaply (private to the engine)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field

import libcst as cst
from libcst._nodes.internal import CodegenState
from libcst.metadata import CodePosition, CodeRange, MetadataWrapper, PositionProvider

__all__ = ["BLOCKS", "LazyPositions", "Provenance"]


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
        self._whole: dict[cst.CSTNode, tuple[int, int, tuple[str, ...]]] = {}
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
            self._whole = state.whole
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

    def code(self, module: cst.Module, provenance: Provenance | None = None) -> str:
        """``module.code`` for a transform of this module: its statements that are the original's
        own objects are copied from the original text (their code is that text), only the others
        are generated. Saves a second full code generation of every module the codemod changes
        (positions, computed for its findings, already generated it once). With ``provenance``
        (what ``visit_mentioning`` rebuilt from what), a compound statement rebuilt around a
        changed line is the original text with that line's code in place: only the lines the
        rewrite made are generated.
        """
        original = self._wrapper.module
        if (
            self._spans is None
            or not module.has_trailing_newline
            or module.header != original.header
        ):
            return module.code
        pieces = [self._generate(line, ()) for line in module.header]
        pieces.extend(self._text_of(statement, (), provenance) for statement in module.body)
        pieces.extend(self._generate(line, ()) for line in module.footer)
        if not any(pieces):
            return module.default_newline
        return "".join(pieces)

    def _text_of(
        self, node: cst.CSTNode, indent: tuple[str, ...], provenance: Provenance | None
    ) -> str:
        """The code of a statement (or an except clause) of the new module at ``indent``."""
        whole = self._whole.get(node)
        if whole is not None and whole[2] == indent:
            return self._text[whole[0] : whole[1]]
        if provenance is not None:
            original = provenance.original_of(node)
            if original is not None:
                spliced = self._splice(node, original, provenance)
                if spliced is not None:
                    return spliced
        return self._generate(node, indent)

    def _splice(
        self, new: cst.CSTNode, original: cst.CSTNode, provenance: Provenance
    ) -> str | None:
        """The original text of ``original`` with the code of the blocks and statements ``new``
        has in their place; ``None`` unless ``new`` differs from it only there."""
        whole = self._whole.get(original)
        if whole is None:
            return None
        edits: list[tuple[int, int, str]] = []
        for name in BLOCKS:
            before, after = getattr(original, name, None), getattr(new, name, None)
            if before is after:
                continue
            if isinstance(before, cst.CSTNode) and isinstance(after, cst.CSTNode):
                span = self._whole.get(before)
                if span is None:
                    return None
                if type(after) is cst.SimpleStatementSuite:  # `if c: <line>`: no indentation
                    text: str | None = self._generate(after, span[2])
                elif provenance.original_of(after) is before:
                    text = self._splice(after, before, provenance)
                else:
                    return None
                if text is None:
                    return None
                edits.append((span[0], span[1], text))
            elif isinstance(before, Sequence) and isinstance(after, Sequence):
                expected: list[cst.CSTNode] = []
                for child in before:
                    results = provenance.results.get(id(child))
                    if results is None:
                        expected.append(child)
                        continue
                    span = self._whole.get(child)
                    if span is None:
                        return None
                    expected.extend(results)
                    text = "".join(self._text_of(r, span[2], provenance) for r in results)
                    edits.append((span[0], span[1], text))
                if len(expected) != len(after) or any(
                    a is not b for a, b in zip(expected, after, strict=True)
                ):
                    return None
            else:
                return None
        pieces, at = [], whole[0]
        for start, end, text in sorted(edits):
            if start < at:
                return None
            pieces += [self._text[at:start], text]
            at = end
        pieces.append(self._text[at : whole[1]])
        return "".join(pieces)

    def _generate(self, node: cst.CSTNode, indent: tuple[str, ...]) -> str:
        module = self._wrapper.module
        state = _PlainState(
            default_indent=module.default_indent, default_newline=module.default_newline
        )
        state.indent_tokens.extend(indent)
        node._codegen(state)
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

_WHOLE = frozenset(
    {
        *_subclasses(cst.BaseStatement),
        cst.IndentedBlock,
        cst.SimpleStatementSuite,
        cst.Else,
        cst.Finally,
        cst.ExceptHandler,
        cst.ExceptStarHandler,
    }
)
"""The node types whose whole text (leading lines and indentation included) is recorded: the
statements and the blocks and clauses that hold them, which ``LazyPositions.code`` copies."""

_TRACKED = _ASKED | _WHOLE

BLOCKS = ("body", "orelse", "handlers", "finalbody")
"""The fields of compound statements and clauses that hold statements: the ones
``visit_mentioning`` may rebuild, and the only ones ``LazyPositions.code`` splices."""


@dataclass
class Provenance:
    """What ``visit_mentioning`` made of the original statements: the compound statements and
    clauses it rebuilt around changed blocks (only those fields changed), and what replaced each
    statement it changed (one node, or the statements of a plain-ops rewrite around it)."""

    origin: dict[int, tuple[cst.CSTNode, cst.CSTNode]] = field(default_factory=dict)
    """id of a rebuilt node: (that node, the original it was rebuilt from)."""
    results: dict[int, tuple[cst.CSTNode, ...]] = field(default_factory=dict)
    """id of an original statement (or clause) that changed: what stands in its place."""

    def rebuilt(self, new: cst.CSTNode, original: cst.CSTNode) -> None:
        self.origin[id(new)] = (new, original)

    def replaced(self, original: cst.CSTNode, results: Sequence[cst.CSTNode]) -> None:
        self.results[id(original)] = tuple(results)

    def original_of(self, new: cst.CSTNode) -> cst.CSTNode | None:
        entry = self.origin.get(id(new))
        return entry[1] if entry is not None and entry[0] is new else None


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
        self.whole: dict[cst.CSTNode, tuple[int, int, tuple[str, ...]]] = {}
        """The whole text (leading lines included) of each statement, block and clause, with
        the indentation it was generated at."""

    def add_indent_tokens(self) -> None:
        for token in self.indent_tokens:
            self.offset += len(token)
        self.tokens.extend(self.indent_tokens)

    def add_token(self, value: str) -> None:
        self.tokens.append(value)
        self.offset += len(value)

    def before_codegen(self, node: cst.CSTNode) -> None:
        if type(node) in _TRACKED:
            self.stack.append(self.offset)

    def after_codegen(self, node: cst.CSTNode) -> None:
        kind = type(node)
        if kind not in _TRACKED:
            return
        start = self.stack.pop()
        if kind in _ASKED and node not in self.spans and node not in self.unknown:
            self.spans[node] = (start, self.offset)  # a syntactic range wins
        if kind in _WHOLE:
            self.whole[node] = (start, self.offset, tuple(self.indent_tokens))

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
