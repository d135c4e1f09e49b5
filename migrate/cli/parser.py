"""The argument parser of ``tfcompat-migrate`` (flags only; behaviour lives in ``migrate.cli.main``).

Standard library only, so ``--version`` and ``--help`` stay fast.
"""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

__all__ = ["FORMATS", "PROG", "ParserExit", "UsageError", "build_parser"]

PROG = "tfcompat-migrate"
FORMATS = ("text", "json", "github", "sarif", "junit")


class UsageError(Exception):
    pass


class ParserExit(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class _Parser(argparse.ArgumentParser):
    """argparse that returns instead of calling ``sys.exit`` (``main`` returns an int)."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            sys.stderr.write(message)
        raise ParserExit(status)


def _codes(value: str) -> list[str]:
    return [part.strip().upper() for part in value.split(",") if part.strip()]


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description=(
            "Migrate TF1's losses (tf.compat.v1.losses, tf.contrib.losses, slim, TF1's tf.nn "
            "cross-entropies) to exact TF2 code: Keras where it is exact, else plain TF2 ops, else "
            "the tfcompat_losses shim. By default, show a unified diff and a summary and write "
            "nothing."
        ),
        epilog=(
            "Exit codes: 0 clean; 1 changes pending or findings; 2 errors (usage, configuration, "
            "unreadable or unparsable files, which are left untouched); 130 interrupted. "
            "Configuration: [tool.tfcompat-migrate] in pyproject.toml; flags override it."
        ),
    )
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files or directories to migrate (directories recursively); '-' reads standard input",
    )
    mode = parser.add_argument_group("mode").add_mutually_exclusive_group()
    mode.add_argument(
        "--write", action="store_true", help="apply the changes to the files (atomically)"
    )
    mode.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if anything would change or is reported (for CI)",
    )
    out = parser.add_argument_group("output")
    out.add_argument(
        "--diff",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show unified diffs (default: on without --write/--check and with text output)",
    )
    out.add_argument(
        "--output-format",
        choices=FORMATS,
        default=None,
        help="report format (default: text)",
    )
    out.add_argument(
        "-o",
        "--output-file",
        metavar="FILE",
        help="write the report to FILE instead of standard output",
    )
    out.add_argument(
        "--exit-zero",
        action="store_true",
        help="exit 0 even when changes are pending, calls are reported or files fail "
        "(usage and configuration errors still exit 2)",
    )
    verbosity = out.add_mutually_exclusive_group()
    verbosity.add_argument(
        "-q", "--quiet", action="store_true", help="print findings and errors only"
    )
    verbosity.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="also print every file's status (including skipped ones) and timings",
    )
    rules = parser.add_argument_group("rules")
    rules.add_argument(
        "--fallback",
        choices=("plain", "shim", "report"),
        default=None,
        help="what to do with calls that cannot be rewritten to native Keras exactly: write them "
        "out in plain TF2 ops where that is exact, else route them to tfcompat_losses (plain, the "
        "default); route them to tfcompat_losses (shim: one-line diffs); or leave them and report "
        "them (report)",
    )
    rules.add_argument(
        "--denominator",
        choices=("per-replica", "global"),
        default=None,
        help="under a multi-replica tf.distribute strategy, divide normalising reductions by each "
        "replica's own denominator, as TF1 did (per-replica, the default: the same numbers), or "
        "by the global batch's (global: an opt-in that changes numbers; computed by the shim)",
    )
    rules.add_argument(
        "--tf1",
        choices=("auto", "yes", "no"),
        default=None,
        help="whether the code is TF1 code (decides how tf.nn.softmax_cross_entropy_with_logits "
        "is read); auto: a module is TF1 when it or any project file uses a TF 1.x-only API such "
        "as tf.placeholder, tf.Session or tf.contrib, or the project declares TensorFlow 1.x "
        "(default)",
    )
    rules.add_argument(
        "--loss-collections",
        choices=("auto", "yes", "no"),
        default=None,
        help="whether code reads the GraphKeys.LOSSES collection (get_total_loss() ...), which "
        "native Keras losses do not join; auto: scan the project for readers first (default)",
    )
    rules.add_argument(
        "--non-float32",
        choices=("auto", "yes", "no"),
        default=None,
        help="whether logits may be float16/bfloat16/float64 (Keras computes in float32); "
        "auto: from dtype evidence in the module, and everywhere if any project file sets a "
        "global precision policy (default); no: you vouch logits are float32",
    )
    rules.add_argument(
        "--distributed",
        choices=("auto", "yes", "no"),
        default=None,
        help="whether losses may run under a multi-replica tf.distribute strategy (Keras 3 then "
        "divides sum_over_batch_size by the replica count, TF1 does not); auto: from strategy "
        "evidence in the module, and everywhere if any project file uses a strategy (default); "
        "no: you vouch it never happens",
    )
    rules.add_argument(
        "--keras-masks",
        choices=("auto", "yes", "no"),
        default=None,
        help="whether logits may carry a Keras mask (Embedding(mask_zero=True), Masking...; "
        "Keras 3 losses weight by it, TF1 ignores it); auto: from mask evidence in the module, "
        "and everywhere if any project file builds masks (default); no: you vouch none do",
    )
    rules.add_argument(
        "--select",
        type=_codes,
        action="extend",
        metavar="CODES",
        default=None,
        help="comma-separated rule codes or prefixes to apply (default: all)",
    )
    rules.add_argument(
        "--ignore",
        type=_codes,
        action="extend",
        metavar="CODES",
        default=None,
        help="comma-separated rule codes or prefixes never to apply",
    )
    files = parser.add_argument_group("files")
    files.add_argument(
        "--exclude",
        action="append",
        metavar="PATTERN",
        default=None,
        help="gitignore-style pattern of files or directories to skip (repeatable; replaces "
        "`exclude` from the configuration)",
    )
    files.add_argument(
        "--extend-exclude",
        action="append",
        metavar="PATTERN",
        default=None,
        help="like --exclude, but added to the configured patterns",
    )
    files.add_argument(
        "--force-exclude",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="apply exclusions (and .gitignore) to files named explicitly too, as pre-commit needs",
    )
    files.add_argument(
        "--respect-gitignore",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="skip files ignored by .gitignore (default: on)",
    )
    files.add_argument(
        "--stdin-filename",
        metavar="NAME",
        help="the name of the file read from standard input ('-'): used in reports, to detect "
        "notebooks (.ipynb) and for --force-exclude",
    )
    run = parser.add_argument_group("run")
    run.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        default=None,
        metavar="N",
        help="worker processes (default: all cores; 0: all cores); every file is processed in "
        "a worker, so a file that crashes the parser costs that file only",
    )
    run.add_argument(
        "--timeout",
        type=_timeout,
        default=None,
        metavar="SECONDS",
        help="give up on a file after SECONDS and report it as an error (default: 60; 0: no "
        "limit); a file being written is never interrupted",
    )
    run.add_argument(
        "--config",
        metavar="FILE",
        help="read settings from FILE (a pyproject.toml, or a TOML file with the same keys at "
        "top level) instead of searching for pyproject.toml",
    )
    run.add_argument("--isolated", action="store_true", help="ignore all configuration files")
    run.add_argument(
        "--list-rules",
        action="store_true",
        help="print the rule catalogue (code, name, summary) and exit",
    )
    run.add_argument("--version", action="store_true", help="print the version and exit")
    return parser


def _timeout(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not seconds >= 0 or seconds == float("inf"):
        raise argparse.ArgumentTypeError(
            f"expected a number of seconds >= 0 (0: no limit), received {value!r}"
        )
    return seconds


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an integer >= 0, received {value!r}") from None
    if jobs < 0:
        raise argparse.ArgumentTypeError(f"expected an integer >= 0, received {value!r}")
    return jobs
