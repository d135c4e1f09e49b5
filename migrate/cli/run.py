"""The run loop: discovery, the project pre-scan, the files through supervised worker processes
(``migrate.cli.runner``) and every result to the renderer as it arrives, with a progress bar on
a terminal; standard input is one isolated file. Returns the exit code.

Only the standard library is imported at module level; the engine (libcst) only when there is
work to do.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING, Any, TextIO

from migrate._version import __version__
from migrate.cli.assumptions import settle_assumptions
from migrate.cli.parser import PROG

if TYPE_CHECKING:
    from migrate.cli.config import FileConfig
    from migrate.engine.options import Options

__all__ = ["execute", "run_stdin"]


def execute(
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
        return run_stdin(args, options, mode, show_diff, excludes, force_exclude, reporter, summary)

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
        options = settle_assumptions(args, cfg, options, paths, candidates, discover_kwargs)
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


def run_stdin(
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
