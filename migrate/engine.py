"""The codemod engine: source text in, typed result out. Never prints, never exits, never raises.

PLACEHOLDER (skeleton): parses and returns the source unchanged; the rules land with issue 3.
"""

from __future__ import annotations

import libcst as cst

from migrate.options import Options
from migrate.results import SourceResult

__all__ = ["transform_source"]


def transform_source(
    source: str, *, path: str = "<string>", options: Options | None = None
) -> SourceResult:
    try:
        cst.parse_module(source)
    except cst.ParserSyntaxError as exc:
        return SourceResult(source=source, output=source, error=f"cannot parse: {exc}")
    return SourceResult(source=source, output=source)
