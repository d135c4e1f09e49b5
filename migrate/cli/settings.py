"""What the run is asked to do: ``[tool.tfcompat-migrate]`` found and loaded, and merged with
the flags into the engine's ``Options`` (a flag wins over the file). Errors name the argument.

Only the standard library is imported at module level (``--version`` stays fast).
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

from migrate.cli.parser import UsageError

if TYPE_CHECKING:
    from migrate.cli.config import FileConfig
    from migrate.engine.options import Options

__all__ = ["ConfigFailure", "engine_options", "load_file_config"]


class ConfigFailure(Exception):
    """The configuration (or the output file) cannot be used: exit code 2, no usage text."""


def _check_codes(name: str, codes: Sequence[str], catalogue: dict[str, tuple[str, str]]) -> None:
    for code in codes:
        if code == "ALL":
            continue
        if catalogue and not any(known.startswith(code) for known in catalogue):
            raise UsageError(
                f"Invalid value for argument `{name}`. Expected rule codes or prefixes of "
                f"({', '.join(sorted(catalogue))}). Received: {name}={code}"
            )


def load_file_config(args: argparse.Namespace) -> FileConfig:
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
        raise ConfigFailure(str(exc)) from None


def engine_options(
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
