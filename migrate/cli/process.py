"""One file through the codemod: read, prefilter, decode, transform, diff, maybe write.

Runs inside worker processes, so everything here is picklable and nothing prints. Notebooks go
through ``migrate.files.notebooks``, which runs the engine through the ``ModuleCodemod`` that
this module hands it (``_Codemod``), so the notebook layer never imports the engine or this module.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from migrate.engine import transform
from migrate.engine.options import Options
from migrate.engine.symbols import DYNAMIC_MEMBER, TARGET_LEAVES, TARGET_MARKERS
from migrate.files.fileio import (
    FileIOError,
    decode_source,
    decode_text,
    encode_text,
    read_bytes,
    restore_newlines,
    unified_diff,
    write_atomic,
)
from migrate.files.notebooks import transform_notebook
from migrate.files.syntax_errors import looks_like_python2
from migrate.report.results import FileResult, FileStatus, Outcome, SourceResult

__all__ = [
    "Mode",
    "Task",
    "may_contain_target",
    "process_task",
    "transform_bytes",
]

_MARKER_BYTES = tuple(marker.encode("ascii") for marker in TARGET_MARKERS)
"""Every module with a target contains one of these; other files are skipped unparsed."""
_DYNAMIC_BYTES = re.compile(DYNAMIC_MEMBER.pattern.encode("ascii"))

_NOT_A_TARGET = "sparse_softmax_cross_entropy_with_logits"  # TF2 semantics already: left alone
_TARGET_NAME = re.compile(
    r"\b(?:"
    + "|".join(re.escape(leaf) for leaf in sorted({*TARGET_LEAVES, _NOT_A_TARGET}, key=len)[::-1])
    + r")\b"
)


def may_contain_target(text: str) -> bool:
    """Cheap text test: does ``text`` name a target outside comment lines?

    Every target is spelled with its own name (``TARGET_LEAVES``: in the call, the reference,
    or the import that binds an alias). Mentions in comment lines and the
    ``sparse_softmax_cross_entropy_with_logits`` op (already TF2 semantics, never touched)
    do not count, so files that only have those are never parsed.
    """
    for match in _TARGET_NAME.finditer(text):
        if match.group() == _NOT_A_TARGET:
            continue
        start = text.rfind("\n", 0, match.start()) + 1
        if text[start : match.start()].lstrip().startswith("#"):
            continue
        return True
    return "getattr" in text and DYNAMIC_MEMBER.search(text) is not None


class Mode(str, enum.Enum):
    DIFF = "diff"
    """Show what would change; write nothing (the default)."""
    CHECK = "check"
    """Like diff, for CI: exit 1 when anything would change or is reported."""
    WRITE = "write"
    """Apply the changes."""


@dataclass(frozen=True)
class Task:
    path: str
    """Where to read (and write) the file."""
    display: str
    """How the file is named in reports."""
    mode: Mode = Mode.DIFF
    want_diff: bool = True
    options: Options = field(default_factory=Options)
    notebook: bool = False


@dataclass(frozen=True)
class _Codemod:
    """The engine, as the notebook layer sees it (``migrate.files.notebooks.ModuleCodemod``)."""

    options: Options

    def may_contain_target(self, text: str) -> bool:
        return may_contain_target(text)

    def transform(self, source: str, *, path: str) -> SourceResult:
        return transform.transform_source(source, path=path, options=self.options)


def transform_bytes(
    data: bytes, *, display: str, options: Options, notebook: bool, want_diff: bool
) -> Outcome:
    """Transform one file's bytes. Never raises for bad input; never writes."""
    if b"\x00" in data:
        return _error(display, "binary file: expected Python source text, received NUL bytes")
    if not any(marker in data for marker in _MARKER_BYTES) and not (
        b"getattr" in data and _DYNAMIC_BYTES.search(data) is not None
    ):
        if notebook:
            return Outcome(FileResult(display, FileStatus.SKIPPED))
        try:
            decode_text(data)  # only to report files that are not valid text
        except FileIOError as exc:
            return _error(display, str(exc))
        return Outcome(FileResult(display, FileStatus.SKIPPED))
    if notebook:
        return transform_notebook(
            data, display=display, codemod=_Codemod(options), want_diff=want_diff
        )
    try:
        decoded = decode_source(data)
    except FileIOError as exc:
        return _error(display, str(exc))
    if not may_contain_target(decoded.text):
        return Outcome(FileResult(display, FileStatus.SKIPPED))
    result = transform.transform_source(decoded.text, path=display, options=options)
    if result.error is not None:
        message = result.error
        if looks_like_python2(decoded.text):
            message = f"this looks like Python 2 code, which cannot be parsed: {message}"
        return Outcome(FileResult(display, FileStatus.ERROR, result.findings, error=message))
    if not result.changed:
        return Outcome(FileResult(display, FileStatus.UNCHANGED, result.findings))
    try:
        new_data = encode_text(restore_newlines(decoded, result.output), decoded.encoding)
    except FileIOError as exc:
        return Outcome(FileResult(display, FileStatus.ERROR, result.findings, error=str(exc)))
    diff = unified_diff(decoded.text, result.output, display) if want_diff else None
    return Outcome(FileResult(display, FileStatus.CHANGED, result.findings, diff=diff), new_data)


def _always() -> bool:
    return True


def process_task(task: Task, permit: Callable[[], bool] = _always) -> FileResult:
    """Read, transform and (in write mode) atomically write one file.

    ``permit`` is asked right before the write (the supervisor says no once the run is being
    interrupted, and never stops a worker it said yes to); the file is then left as it is.
    """
    try:
        try:
            data, stamp = read_bytes(task.path)
        except FileIOError as exc:
            return FileResult(task.display, FileStatus.ERROR, error=str(exc))
        outcome = transform_bytes(
            data,
            display=task.display,
            options=task.options,
            notebook=task.notebook,
            want_diff=task.want_diff,
        )
        result = outcome.result
        if task.mode is not Mode.WRITE or outcome.new_data is None or not permit():
            return result
        try:
            write_atomic(task.path, outcome.new_data, expected=data, stamp=stamp)
        except FileIOError as exc:
            return FileResult(
                task.display, FileStatus.ERROR, result.findings, error=str(exc), diff=result.diff
            )
        return FileResult(
            task.display, FileStatus.CHANGED, result.findings, diff=result.diff, written=True
        )
    except (MemoryError, RecursionError) as exc:
        return FileResult(
            task.display, FileStatus.ERROR, error=f"internal error: {type(exc).__name__}"
        )
    except Exception as exc:  # a bug must not stop the run or lose other files
        return FileResult(
            task.display,
            FileStatus.ERROR,
            error=f"internal error (please report it): {type(exc).__name__}: {exc}",
        )


def _error(display: str, message: str) -> Outcome:
    return Outcome(FileResult(display, FileStatus.ERROR, error=message))
