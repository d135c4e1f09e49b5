"""Jupyter notebooks (nbformat 4.x) through the codemod, with the ``json`` module only.

All code cells are joined into one module (cells share one namespace, so an import in cell 1
resolves a call in cell 5), IPython magics and shell lines are masked with placeholder lines,
the engine runs once, and the result is split back into cells. Cell magics that run their body
as Python in the kernel's namespace (``%%time``, ``%%capture``...) keep their magic line as is
and their body is processed like any cell; the body of ``%%writefile name.py`` is processed on
its own (it is another module); other cell magics (``%%bash``, ``%%html``...) are left alone.
A cell that cannot be parsed makes the notebook an error named by cell and line. Only the ``source`` of changed
cells is replaced: outputs, metadata, cell ids and key order are kept, and the JSON is written
in the layout it was read in (Jupyter's: indent 1, ``ensure_ascii=False``, trailing newline),
so a diff shows only the changed source lines. Findings carry the 0-based index of the cell in
the notebook's ``cells`` list and a line relative to that cell.
"""

from __future__ import annotations

import dataclasses
import json
import re
from typing import Any, Protocol

import libcst as cst

from migrate.files.cell_magics import (
    is_python_cell,
    mask_magics,
    unmask_magics,
    written_python_file,
)
from migrate.files.fileio import FileIOError, normalize_newlines, unified_diff
from migrate.files.syntax_errors import looks_like_python2, syntax_problem
from migrate.report.results import FileResult, FileStatus, Finding, Outcome, SourceResult

__all__ = ["ModuleCodemod", "transform_notebook"]


class ModuleCodemod(Protocol):
    """The per-module work that a notebook's code goes through, passed in by the caller
    (``migrate.cli.process`` binds the engine and the run's options), so that this layer imports
    neither the engine nor the per-file process."""

    def may_contain_target(self, text: str) -> bool:
        """The cheap text test: may ``text`` hold a target? (Else it is never parsed.)"""
        ...

    def transform(self, source: str, *, path: str) -> SourceResult:
        """The engine's answer for one module's text; never raises for bad input."""
        ...


_SEPARATOR = "# __tfcompat_migrate_cell_{}__"
_SEPARATOR_RE = re.compile(r"^# __tfcompat_migrate_cell_(\d+)__$")


def _cell_text(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    if isinstance(source, list):
        return "".join(source)
    if isinstance(source, str):
        return source
    raise FileIOError("invalid notebook: expected a cell source string or list of strings")


def _detect_layout(text: str, nb: Any) -> tuple[int | None, bool]:
    """Find the ``json.dumps`` settings that reproduce ``text`` (Jupyter's by default)."""
    for indent in (1, 2, 4, None):
        for ensure_ascii in (False, True):
            if _dump(nb, indent, ensure_ascii, text.endswith("\n")) == text:
                return indent, ensure_ascii
    return 1, False


def _dump(nb: Any, indent: int | None, ensure_ascii: bool, trailing_newline: bool) -> str:
    separators = (",", ": ") if indent is not None else (", ", ": ")
    out = json.dumps(nb, indent=indent, ensure_ascii=ensure_ascii, separators=separators)
    return out + "\n" if trailing_newline else out


def transform_notebook(
    data: bytes, *, display: str, codemod: ModuleCodemod, want_diff: bool
) -> Outcome:
    """Transform the code cells of one notebook. Never raises for bad input; never writes."""
    try:
        raw = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return _error(
            display,
            f"cannot decode notebook: expected UTF-8 JSON, received invalid byte at offset {exc.start}",
        )
    bom = data.startswith(b"\xef\xbb\xbf")
    text, endings = normalize_newlines(raw)
    try:
        nb = json.loads(text)
    except json.JSONDecodeError as exc:
        return _error(
            display,
            f"invalid notebook: expected JSON, received a syntax error at line {exc.lineno} column {exc.colno}: {exc.msg}",
        )
    except RecursionError:
        return _error(
            display,
            "invalid notebook: expected nbformat JSON (a few levels deep), received JSON nested "
            "too deeply to read",
        )
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        return _error(display, "invalid notebook: expected a JSON object with a `cells` list")
    major = nb.get("nbformat")
    if major != 4:
        return _error(
            display,
            f"unsupported notebook format: expected nbformat 4, received nbformat={major!r}",
        )
    language = _language(nb)
    if language not in (None, "python"):
        return Outcome(
            FileResult(display, FileStatus.SKIPPED, extra={"reason": f"{language} notebook"})
        )

    code_cells: list[int] = []
    pieces: list[str] = []
    masked: list[str] = []
    files: list[tuple[int, str, str, str]] = []  # (cell index, head, body, file name)
    try:
        for index, cell in enumerate(nb["cells"]):
            if not isinstance(cell, dict) or cell.get("cell_type") != "code":
                continue
            source = _cell_text(cell).replace("\r\n", "\n")
            if not is_python_cell(source):
                written = written_python_file(source)
                if written is not None:
                    files.append((index, *written))
                continue  # e.g. %%bash: the body is not Python (Python cell magics are masked)
            code_cells.append(index)
            pieces.append(mask_magics(source, masked, leading_imports=not pieces))
    except FileIOError as exc:
        return _error(display, str(exc))

    module_lines: list[str] = []
    starts: list[int] = []  # 1-based module line where each code cell starts
    for position, piece in enumerate(pieces):
        module_lines.append(_SEPARATOR.format(position))
        starts.append(len(module_lines) + 1)
        module_lines.extend(piece.split("\n"))
    module = "\n".join(module_lines) + "\n"
    files = [f for f in files if codemod.may_contain_target(f[2])]
    has_target = bool(code_cells) and codemod.may_contain_target(module)
    if not has_target and not files:
        status = FileStatus.SKIPPED if code_cells or files else FileStatus.UNCHANGED
        return Outcome(FileResult(display, status))

    findings: list[Finding] = []
    changed: dict[int, str] = {}  # cell index -> new source
    if has_target:
        result = codemod.transform(module, path=display)
        findings += [_map_finding(f, starts, code_cells) for f in result.findings]
        if result.error is not None:
            error = _cell_parse_error(display, pieces, code_cells) or result.error
            return Outcome(FileResult(display, FileStatus.ERROR, tuple(findings), error=error))
        if result.changed:
            try:
                new_sources = _split_cells(unmask_magics(result.output, masked), len(pieces))
            except ValueError as exc:
                return Outcome(
                    FileResult(
                        display,
                        FileStatus.ERROR,
                        tuple(findings),
                        error=f"cannot map the rewrite back to cells ({exc}); "
                        "left the notebook unchanged",
                    )
                )
            changed.update(zip(code_cells, new_sources, strict=True))
    for index, head, body, name in files:  # `%%writefile name.py`: a module of its own
        result = codemod.transform(body, path=f"{display} cell {index + 1} (%%writefile {name})")
        offset = head.count("\n")
        findings += [_shift_finding(f, offset, index) for f in result.findings]
        if result.error is not None:
            error = _cell_parse_error(display, [body], [index], offset) or result.error
            return Outcome(FileResult(display, FileStatus.ERROR, tuple(findings), error=error))
        if result.changed:
            changed[index] = head + result.output
    findings.sort(key=lambda f: (f.cell or 0, f.line, f.column))
    if not changed:
        return Outcome(FileResult(display, FileStatus.UNCHANGED, tuple(findings)))

    indent, ensure_ascii = _detect_layout(text, nb)
    for index, new in changed.items():
        cell = nb["cells"][index]
        old = _cell_text(cell).replace("\r\n", "\n")
        if new == old:
            continue
        if isinstance(cell.get("source"), list):
            cell["source"] = new.splitlines(keepends=True)
        else:
            cell["source"] = new
    new_text = _dump(nb, indent, ensure_ascii, text.endswith("\n"))
    if new_text == text:
        return Outcome(FileResult(display, FileStatus.UNCHANGED, tuple(findings)))
    diff = unified_diff(text, new_text, display) if want_diff else None
    out = new_text
    crlf = [e for e in endings if e]
    if crlf and all(e == "\r\n" for e in crlf):
        out = out.replace("\n", "\r\n")
    new_data = (b"\xef\xbb\xbf" if bom else b"") + out.encode("utf-8")
    return Outcome(FileResult(display, FileStatus.CHANGED, tuple(findings), diff=diff), new_data)


def _language(nb: dict[str, Any]) -> str | None:
    metadata = nb.get("metadata")
    if not isinstance(metadata, dict):
        return None
    for key in ("kernelspec", "language_info"):
        block = metadata.get(key)
        if isinstance(block, dict):
            name = (
                block.get("language") or block.get("name")
                if key == "language_info"
                else block.get("language")
            )
            if isinstance(name, str) and name:
                return name.lower()
    return None


def _split_cells(module: str, count: int) -> list[str]:
    lines = module.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    cells: list[list[str]] = []
    head: list[str] = []
    for line in lines:
        match = _SEPARATOR_RE.match(line)
        if match:
            if int(match.group(1)) != len(cells):
                raise ValueError("cell separators out of order")
            cells.append([])
        elif cells:
            cells[-1].append(line)
        else:
            head.append(line)
    if len(cells) != count:
        raise ValueError("a cell separator was lost")
    if head:  # e.g. an import added above the first cell
        cells[0] = head + cells[0]
    return ["\n".join(c) for c in cells]


def _cell_parse_error(
    display: str, pieces: list[str], code_cells: list[int], offset: int = 0
) -> str | None:
    """The first code cell that does not parse on its own, with the line in that cell.

    The engine's error locates the line in the joined module, which the user cannot see.
    ``cell N`` counts all cells from 1, like the text report's ``path:cell N:line:col``;
    ``offset`` lines of the cell come before its piece (a ``%%writefile`` line).
    """
    for piece, index in zip(pieces, code_cells, strict=True):
        try:
            cst.parse_module(piece)
        except cst.ParserSyntaxError as exc:
            problem = syntax_problem(piece, exc)
            line, column, message = problem.line, problem.column, problem.message
            py2 = (
                "this looks like Python 2 code, which cannot be parsed: "
                if looks_like_python2(piece)
                else ""
            )
            return (
                f"{py2}cannot parse {display} cell {index + 1} as Python 3 (line {line + offset} "
                f"of the cell, column {column}): {message}; left the notebook unchanged"
            )
    return None


def _shift_finding(finding: Finding, offset: int, index: int) -> Finding:
    end_line = finding.end_line + offset if finding.end_line is not None else None
    return dataclasses.replace(finding, line=finding.line + offset, end_line=end_line, cell=index)


def _map_finding(finding: Finding, starts: list[int], code_cells: list[int]) -> Finding:
    position = 0
    for k, start in enumerate(starts):
        if finding.line >= start:
            position = k
    start = starts[position]
    end_line = finding.end_line - start + 1 if finding.end_line is not None else None
    return dataclasses.replace(
        finding,
        line=max(1, finding.line - start + 1),
        end_line=end_line,
        cell=code_cells[position],
    )


def _error(display: str, message: str) -> Outcome:
    return Outcome(FileResult(display, FileStatus.ERROR, error=message))
