"""Where and why a source text does not parse, in Python's own words.

libcst's parser error can point a line past the culprit (``print "hi"`` on line 2 is reported
at line 3) and lists expected tokens; Python's parser (``ast.parse``: parsing only, nothing is
compiled or run) locates the error precisely and explains it ("Missing parentheses in call to
'print'..."). Both the engine (modules) and the notebook layer (cells) report through here.
"""

from __future__ import annotations

import ast
import re
import warnings
from dataclasses import dataclass

import libcst as cst

__all__ = ["SyntaxProblem", "looks_like_python2", "python_parses", "syntax_problem"]


@dataclass(frozen=True)
class SyntaxProblem:
    line: int
    """1-based line of the error."""
    column: int
    """1-based column of the error."""
    message: str


def python_parses(source: str) -> bool:
    """Whether this Python's own parser accepts ``source`` (parse only: nothing is compiled or run).

    About 4x cheaper than a libcst parse, and stricter where the two differ.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. SyntaxWarning for "\d": not our report
            ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def syntax_problem(source: str, error: cst.ParserSyntaxError) -> SyntaxProblem:
    """The location and message of ``error``, corrected by Python's parser when it agrees.

    libcst's own answer is kept when Python parses ``source`` (a construct only libcst rejects)
    or cannot even start (a NUL character, nesting too deep).
    """
    fallback = SyntaxProblem(error.raw_line, error.raw_column + 1, error.message)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. SyntaxWarning for "\d": not our report
            ast.parse(source)
    except SyntaxError as syntax:
        return SyntaxProblem(
            syntax.lineno or fallback.line,
            syntax.offset or fallback.column,
            syntax.msg or fallback.message,
        )
    except (ValueError, RecursionError, MemoryError):
        return fallback
    return fallback


_PY2_HINTS = re.compile(
    r"^\s*(print\s+[^\s(=]|exec\s+[\"'\w]|except\s+[\w.]+\s*,\s*\w+\s*:|raise\s+\w+\s*,)|"
    r"\b0[0-7]+L?\b|\bur[\"']|`",
    re.MULTILINE,
)


def looks_like_python2(source: str) -> bool:
    """Whether ``source`` shows Python 2 syntax (``print x``, ``except E, e:``, ``0777``...):
    the hint that explains why a text does not parse."""
    return _PY2_HINTS.search(source) is not None
