"""The renderers by output format: ``FORMATS`` and ``make_reporter``, the one module that imports
every renderer (``text``, ``json``, ``github``, ``sarif``, ``junit``). The CLI picks a renderer
here; the report model (``results``, ``model``, ``base``) never imports this module or a renderer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TextIO

from migrate.report.base import Reporter
from migrate.report.github import GithubReporter
from migrate.report.json import JsonReporter
from migrate.report.junit import JunitReporter
from migrate.report.sarif import SarifReporter
from migrate.report.text import TextReporter

__all__ = ["FORMATS", "make_reporter"]

FORMATS = ("text", "json", "github", "sarif", "junit")


def make_reporter(fmt: str, out: TextIO, **kwargs: Any) -> Reporter:
    """The renderer for ``fmt`` (one of ``FORMATS``)."""
    reporters: dict[str, Callable[..., Reporter]] = {
        "text": TextReporter,
        "json": JsonReporter,
        "github": GithubReporter,
        "sarif": SarifReporter,
        "junit": JunitReporter,
    }
    return reporters[fmt](out, **kwargs)
