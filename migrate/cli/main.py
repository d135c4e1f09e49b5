"""``tfcompat-migrate``: the command line. ``main(argv) -> int`` is the whole contract.

Flags are parsed here (``migrate.cli.parser``), merged with ``[tool.tfcompat-migrate]``
(``migrate.cli.settings``), and the run itself is ``migrate.cli.run``.

Exit codes: 0 clean; 1 changes pending or findings; 2 errors (usage, configuration, files that
cannot be read, decoded, parsed or written; those files are left byte-identical); 130 when
interrupted by Ctrl-C (every file is then either untouched or completely rewritten).

Only the standard library is imported at module level, so ``--version`` and ``--help`` stay
fast; the engine (libcst) is imported only when there is work to do. TensorFlow never is.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Sequence
from typing import TextIO

from migrate._version import __version__
from migrate.cli.parser import PROG, ParserExit, UsageError, build_parser
from migrate.cli.run import execute
from migrate.cli.settings import ConfigFailure, engine_options, load_file_config

__all__ = ["build_parser", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit code (never calls ``sys.exit``)."""
    parser = build_parser()
    try:
        args = parser.parse_args(list(argv) if argv is not None else None)
    except ParserExit as exc:
        return exc.status
    except UsageError as exc:
        return _usage_error(parser, str(exc))
    if args.version:
        sys.stdout.write(f"{PROG} {__version__}\n")
        return 0
    if args.list_rules:
        for code, (name, summary) in sorted(_rule_catalogue().items()):
            sys.stdout.write(f"{code}  {name}: {summary}\n")
        return 0
    try:
        return _run(parser, args)
    except KeyboardInterrupt:  # outside the run loop (discovery, scan, final report)
        sys.stderr.write(
            f"{PROG}: interrupted: every file is either untouched or completely rewritten\n"
        )
        return 130
    except UsageError as exc:
        return _usage_error(parser, str(exc))
    except ConfigFailure as exc:
        sys.stderr.write(f"{PROG}: error: {exc}\n")
        return 2


def _usage_error(parser: argparse.ArgumentParser, message: str) -> int:
    sys.stderr.write(parser.format_usage())
    sys.stderr.write(f"{PROG}: error: {message}\n")
    return 2


def _rule_catalogue() -> dict[str, tuple[str, str]]:
    """``code -> (name, summary)`` from ``migrate.rules.ALL_RULES`` (empty if unavailable)."""
    import importlib

    try:
        rules = importlib.import_module("migrate.rules")
    except ImportError:
        return {}
    return {
        str(rule.code): (str(getattr(rule, "name", rule.code)), str(getattr(rule, "summary", "")))
        for rule in getattr(rules, "ALL_RULES", ())
    }


def _safe_streams() -> None:
    """Never crash on a path or message the terminal's encoding cannot show."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="backslashreplace")


def _run(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    _safe_streams()
    paths: list[str] = list(args.paths)
    if not paths and args.stdin_filename:
        paths = ["-"]
    if not paths:
        raise UsageError(
            "expected at least one PATH (a file, a directory, or '-' for standard input), "
            "received none"
        )
    if "-" in paths and len(paths) > 1:
        raise UsageError(
            f"expected '-' (standard input) alone, received it with other paths: {' '.join(paths)}"
        )
    if args.stdin_filename and paths != ["-"]:
        raise UsageError("--stdin-filename expects '-' (standard input) as the only PATH")
    cfg = load_file_config(args)
    catalogue = _rule_catalogue()
    options = engine_options(args, cfg, catalogue)

    from migrate.cli.process import Mode

    mode = Mode.WRITE if args.write else Mode.CHECK if args.check else Mode.DIFF
    fmt = args.output_format or cfg.output_format or "text"
    if args.diff is not None:
        show_diff = args.diff
    else:
        show_diff = mode is Mode.DIFF and fmt == "text" and not args.quiet
    if args.output_file:
        try:
            out: TextIO = open(args.output_file, "w", encoding="utf-8", newline="\n")  # noqa: SIM115
        except OSError as exc:
            raise ConfigFailure(
                f"cannot open --output-file {args.output_file!r}: {exc.strerror}"
            ) from None
    elif paths == ["-"] and mode is Mode.WRITE:
        out = sys.stderr  # stdout carries the migrated source
    else:
        out = sys.stdout
    try:
        return execute(args, cfg, options, mode, fmt, show_diff, paths, out, catalogue)
    finally:
        if args.output_file:
            out.close()
