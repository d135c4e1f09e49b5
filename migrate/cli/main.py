"""``tfcompat-migrate``: the command line. ``main(argv) -> int`` is the whole contract.

Exit codes: 0 clean; 1 changes pending or findings; 2 errors (usage, configuration, files that
cannot be read, decoded, parsed or written; those files are left byte-identical); 130 when
interrupted by Ctrl-C (every file is then either untouched or completely rewritten).

Only the standard library is imported at module level, so ``--version`` and ``--help`` stay
fast; the engine (libcst) is imported only when there is work to do. TensorFlow never is.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

from migrate._version import __version__
from migrate.cli.parser import PROG, ParserExit, UsageError, build_parser

if TYPE_CHECKING:
    from migrate.cli.config import FileConfig
    from migrate.engine.options import Options

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
    except _ConfigFailure as exc:
        sys.stderr.write(f"{PROG}: error: {exc}\n")
        return 2


class _ConfigFailure(Exception):
    pass


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


def _check_codes(name: str, codes: Sequence[str], catalogue: dict[str, tuple[str, str]]) -> None:
    for code in codes:
        if code == "ALL":
            continue
        if catalogue and not any(known.startswith(code) for known in catalogue):
            raise UsageError(
                f"Invalid value for argument `{name}`. Expected rule codes or prefixes of "
                f"({', '.join(sorted(catalogue))}). Received: {name}={code}"
            )


def _load_config(args: argparse.Namespace) -> FileConfig:
    from migrate.cli.config import ConfigError, FileConfig, find_config, load_config

    if args.isolated:
        return FileConfig()
    try:
        if args.config:
            return load_config(args.config)
        search = [p for p in args.paths if p != "-"]
        if not search and args.stdin_filename:
            search = [os.path.dirname(os.path.abspath(args.stdin_filename))]
        return load_config(find_config(search))
    except ConfigError as exc:
        raise _ConfigFailure(str(exc)) from None


def _options(
    args: argparse.Namespace, cfg: FileConfig, catalogue: dict[str, tuple[str, str]]
) -> Options:
    from migrate.engine.options import Assumption, Denominator, Fallback, Options, TF1Mode

    select = args.select if args.select is not None else cfg.select
    ignore = args.ignore if args.ignore is not None else cfg.ignore
    select = [c.upper() for c in select] if select is not None else None
    ignore = [c.upper() for c in ignore or ()]
    _check_codes("select", select or (), catalogue)
    _check_codes("ignore", ignore, catalogue)
    if select is not None and "ALL" in select:
        select = None
    return Options(
        fallback=Fallback(args.fallback or cfg.fallback or "plain"),
        denominator=Denominator(args.denominator or cfg.denominator or "per-replica"),
        tf1=TF1Mode(args.tf1 or cfg.tf1 or "auto"),
        select=frozenset(select) if select is not None else None,
        ignore=frozenset(ignore),
        loss_collections=Assumption(args.loss_collections or cfg.loss_collections or "auto"),
        non_float32=Assumption(args.non_float32 or cfg.non_float32 or "auto"),
        distributed=Assumption(args.distributed or cfg.distributed or "auto"),
        keras_masks=Assumption(args.keras_masks or cfg.keras_masks or "auto"),
    )


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
    cfg = _load_config(args)
    catalogue = _rule_catalogue()
    options = _options(args, cfg, catalogue)

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
            raise _ConfigFailure(
                f"cannot open --output-file {args.output_file!r}: {exc.strerror}"
            ) from None
    elif paths == ["-"] and mode is Mode.WRITE:
        out = sys.stderr  # stdout carries the migrated source
    else:
        out = sys.stdout
    try:
        return _execute(args, cfg, options, mode, fmt, show_diff, paths, out, catalogue)
    finally:
        if args.output_file:
            out.close()


def _execute(
    args: argparse.Namespace,
    cfg: FileConfig,
    options: Options,
    mode: Any,
    fmt: str,
    show_diff: bool,
    paths: list[str],
    out: TextIO,
    catalogue: dict[str, tuple[str, str]],
) -> int:
    import dataclasses
    import time

    from migrate.cli.process import Task
    from migrate.cli.runner import DEFAULT_TIMEOUT, Progress, default_jobs, run_tasks
    from migrate.files.discovery import DEFAULT_INCLUDE, ExcludeRules, discover, is_notebook
    from migrate.report.model import Summary
    from migrate.report.render import make_reporter
    from migrate.report.results import FileResult, FileStatus

    started = time.monotonic()
    reporter = make_reporter(
        fmt,
        out,
        mode=mode.value,
        show_diff=show_diff,
        quiet=args.quiet,
        verbose=args.verbose,
        rules=catalogue,
    )
    summary = Summary(mode=mode.value)
    excludes = [ExcludeRules(cfg.base, cfg.exclude or ())]
    if args.exclude is not None:
        excludes = [ExcludeRules(os.getcwd(), tuple(args.exclude))]
    excludes.append(ExcludeRules(cfg.base, cfg.extend_exclude or ()))
    excludes.append(ExcludeRules(os.getcwd(), tuple(args.extend_exclude or ())))
    force_exclude = bool(
        args.force_exclude if args.force_exclude is not None else cfg.force_exclude
    )
    respect_gitignore = (
        args.respect_gitignore
        if args.respect_gitignore is not None
        else cfg.respect_gitignore is not False
    )
    if args.verbose:
        sys.stderr.write(f"{PROG} {__version__}: configuration: {cfg.path or 'none (defaults)'}\n")

    if paths == ["-"]:
        return _run_stdin(
            args, options, mode, show_diff, excludes, force_exclude, reporter, summary
        )

    discover_kwargs: dict[str, Any] = {
        "include": cfg.include or DEFAULT_INCLUDE,
        "excludes": excludes,
        "respect_gitignore": respect_gitignore,
    }
    candidates = list(discover(paths, force_exclude=force_exclude, **discover_kwargs))
    tasks = []
    seen: set[str] = set()
    for c in candidates:
        if c.skip_reason is None and not c.missing and c.error is None:
            real = os.path.realpath(c.path)
            if real in seen:  # named twice, or directories that overlap
                continue
            seen.add(real)
        if c.missing:
            result = FileResult(
                c.display,
                FileStatus.ERROR,
                error="no such file or directory: expected an existing file or directory",
            )
            summary.add(result)
            reporter.file(result)
        elif c.error is not None:
            result = FileResult(c.display, FileStatus.ERROR, error=c.error)
            summary.add(result)
            reporter.file(result)
        elif c.skip_reason is not None:
            result = FileResult(c.display, FileStatus.SKIPPED, extra={"reason": c.skip_reason})
            summary.add(result)
            reporter.file(result)
        else:
            tasks.append(
                Task(
                    path=c.path,
                    display=c.display,
                    mode=mode,
                    want_diff=show_diff,
                    options=options,
                    notebook=is_notebook(c.path),
                )
            )
    if tasks:
        options = _prescan(args, cfg, options, paths, candidates, discover_kwargs)
        tasks = [dataclasses.replace(task, options=options) for task in tasks]
    jobs = (args.jobs if args.jobs is not None else cfg.jobs) or default_jobs()
    if args.verbose:
        sys.stderr.write(f"{len(tasks)} files to process with {min(jobs, len(tasks))} jobs\n")
    progress = None
    if not args.quiet and sys.stderr.isatty() and len(tasks) > 1:
        progress = Progress(len(tasks), sys.stderr)
    try:
        timeout = args.timeout if args.timeout is not None else DEFAULT_TIMEOUT
        for result in run_tasks(tasks, jobs=jobs, timeout=timeout):
            summary.add(result)
            if progress is not None and (
                result.findings or result.error or result.diff or args.verbose
            ):
                progress.close()  # the report line goes where the bar was
            reporter.file(result)
            if progress is not None:
                progress.advance()
    except KeyboardInterrupt:
        summary.interrupted = True
    finally:
        if progress is not None:
            progress.close()
    code = summary.exit_code(exit_zero=args.exit_zero)
    reporter.finish(summary, code)
    if args.verbose:
        sys.stderr.write(f"done in {time.monotonic() - started:.2f}s\n")
    return 130 if summary.interrupted else code


def _prescan(
    args: argparse.Namespace,
    cfg: FileConfig,
    options: Options,
    paths: list[str],
    candidates: list[Any],
    discover_kwargs: dict[str, Any],
) -> Options:
    """Look for project-wide evidence for the ``auto`` assumptions (see migrate.cli.prescan)."""
    import dataclasses

    from migrate.cli.prescan import EVIDENCE_FIELDS, find_repository_evidence
    from migrate.cli.project import declared_tensorflow
    from migrate.engine.options import Assumption, TF1Mode
    from migrate.files.discovery import discover, ignored_by_git
    from migrate.files.paths import git_root

    wanted = [f for f in EVIDENCE_FIELDS if getattr(options, f).value == "auto"]
    if not wanted:
        return options
    root = cfg.base if cfg.path else None
    if root is None:
        first = os.path.abspath(paths[0])
        root = git_root(first if os.path.isdir(first) else os.path.dirname(first))
    if root is not None and all(ignored_by_git(p) for p in paths):
        root = None  # e.g. a scratch copy inside a repository: it is its own project
    found: dict[str, tuple[str, str]] = {}
    declared = declared_tensorflow(root) if root is not None and "tf1" in wanted else None
    if declared is not None and declared.tf1_only:
        found["tf1"] = (declared.where, f"declares TensorFlow {declared.specifier}")
        wanted.remove("tf1")
    scope = list(discover([root], **discover_kwargs)) if root else candidates
    if wanted:
        found.update(find_repository_evidence(scope, wanted))
    evidence = list(options.evidence)
    for field in EVIDENCE_FIELDS:
        if field not in found:
            continue
        display, detail = found[field]
        shown = f"{display} {detail}:" if detail else display
        evidence.append((field, f"{display} {detail or _PRESCAN_EVIDENCE[field]}".rstrip()))
        if not args.quiet:
            sys.stderr.write(f"note: {shown} {_PRESCAN_NOTES[field]}\n")
    changes: dict[str, Any] = {
        field: TF1Mode.YES if field == "tf1" else Assumption.YES for field in found
    }
    return dataclasses.replace(options, evidence=tuple(evidence), **changes)


_PRESCAN_EVIDENCE = {
    "loss_collections": "reads the loss collection",
    "distributed": "uses tf.distribute",
    "keras_masks": "builds Keras masks",
    "non_float32": "sets a global precision policy",
}
"""What a file shows, in findings' reasons (``pkg/train.py uses tf.distribute``)."""


_PRESCAN_NOTES = {
    "tf1": "the project is TF1 code, so every module's `tf.nn.softmax_cross_entropy_with_logits` "
    "is read as TF1's v1 function (no gradient into the labels), `tf.losses.mean_squared_error` "
    "and `tf.losses.Reduction` as TF1's (--tf1=no if these modules run on TF2)",
    "loss_collections": "reads the TF1 loss collection (GraphKeys.LOSSES): losses it would "
    "collect are written out in plain TF2 ops that add them to it, not Keras "
    "(--loss-collections=no if that reader does not see these losses)",
    "distributed": "uses tf.distribute: under a multi-replica strategy Keras 3 divides "
    "sum_over_batch_size by the replica count, so those losses are written out in plain TF2 "
    "ops, not Keras (--distributed=no if these losses never run under one)",
    "keras_masks": "builds Keras masks (mask_zero, Masking...): Keras 3 losses weight by a mask "
    "the logits carry and TF1 ignores it, so losses are written out in plain TF2 ops, not Keras "
    "(--keras-masks=no if these logits carry none)",
    "non_float32": "sets a global precision policy (mixed precision or floatx): Keras 3 would "
    "compute float16/float64 logits in float32, so losses are written out in plain TF2 ops, not "
    "Keras (--non-float32=no if these logits stay float32)",
}


def _run_stdin(
    args: argparse.Namespace,
    options: Options,
    mode: Any,
    show_diff: bool,
    excludes: list[Any],
    force_exclude: bool,
    reporter: Any,
    summary: Any,
) -> int:
    from migrate.cli.process import Mode
    from migrate.cli.runner import DEFAULT_TIMEOUT, transform_isolated
    from migrate.files.discovery import _Matcher, is_notebook
    from migrate.report.results import FileResult, FileStatus

    name = args.stdin_filename or "-"
    data = sys.stdin.buffer.read()
    if force_exclude and args.stdin_filename and _Matcher(excludes).excluded(name, False):
        result = FileResult(
            name, FileStatus.SKIPPED, extra={"reason": "excluded (--force-exclude)"}
        )
        new_data = None
    else:
        outcome = transform_isolated(  # a crash or a hang is this input's error, not the run's
            data,
            display=name,
            options=options,
            notebook=is_notebook(name),
            want_diff=show_diff,
            timeout=args.timeout if args.timeout is not None else DEFAULT_TIMEOUT,
        )
        result, new_data = outcome.result, outcome.new_data
    if mode is Mode.WRITE:
        sys.stdout.buffer.write(new_data if new_data is not None else data)
        sys.stdout.buffer.flush()
        if new_data is not None:
            result = FileResult(
                result.path, result.status, result.findings, diff=result.diff, written=True
            )
    summary.add(result)
    reporter.file(result)
    code: int = summary.exit_code(exit_zero=args.exit_zero)
    reporter.finish(summary, code)
    return code
