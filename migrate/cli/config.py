"""``[tool.tfcompat-migrate]`` in ``pyproject.toml``: found, read and validated.

The closest ``pyproject.toml`` with a ``[tool.tfcompat-migrate]`` table, searching upwards
from the common directory of the given paths (stopping at the repository root), is used unless
``--config`` names a file (a ``pyproject.toml``, or a TOML file whose top level holds the same
keys). Command-line flags override it. Every error names the key, the file, what was expected
and what was received. Nothing here prints.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from migrate.files.paths import ancestors

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

__all__ = ["SECTION", "ConfigError", "FileConfig", "find_config", "load_config"]

SECTION = "tfcompat-migrate"
_CHOICES = {
    "fallback": ("plain", "shim", "report"),
    "denominator": ("per-replica", "global"),
    "tf1": ("auto", "yes", "no"),
    "output-format": ("text", "json", "github", "sarif", "junit"),
    "loss-collections": ("auto", "yes", "no"),
    "non-float32": ("auto", "yes", "no"),
    "distributed": ("auto", "yes", "no"),
    "keras-masks": ("auto", "yes", "no"),
}
_LISTS = ("include", "exclude", "extend-exclude", "select", "ignore")
_BOOLS = ("force-exclude", "respect-gitignore")
_KEYS = (*_LISTS, *_BOOLS, *_CHOICES, "jobs")


class ConfigError(Exception):
    """The configuration file is missing, unreadable or invalid. The message says why."""


@dataclass(frozen=True)
class FileConfig:
    """Validated settings from a config file; ``None`` means "not set there"."""

    path: str | None = None
    """The file read, or ``None`` when no configuration was found."""
    include: tuple[str, ...] | None = None
    exclude: tuple[str, ...] | None = None
    extend_exclude: tuple[str, ...] | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    force_exclude: bool | None = None
    respect_gitignore: bool | None = None
    fallback: str | None = None
    denominator: str | None = None
    tf1: str | None = None
    output_format: str | None = None
    loss_collections: str | None = None
    non_float32: str | None = None
    distributed: str | None = None
    keras_masks: str | None = None
    jobs: int | None = None

    @property
    def base(self) -> str:
        """Directory that relative exclude patterns in the file are anchored at."""
        return os.path.dirname(os.path.abspath(self.path)) if self.path else os.getcwd()


def find_config(paths: Sequence[str]) -> str | None:
    """The closest ``pyproject.toml`` with a ``[tool.tfcompat-migrate]`` table, or ``None``."""
    existing = [os.path.abspath(p) for p in paths if os.path.exists(p)] or [os.getcwd()]
    dirs = [p if os.path.isdir(p) else os.path.dirname(p) for p in existing]
    for current in ancestors(os.path.commonpath(dirs)):
        candidate = os.path.join(current, "pyproject.toml")
        if os.path.isfile(candidate):
            try:
                with open(candidate, "rb") as handle:
                    data = tomllib.load(handle)
            except (OSError, tomllib.TOMLDecodeError):
                data = {}
            if isinstance(data.get("tool"), dict) and SECTION in data["tool"]:
                return candidate
        if os.path.exists(os.path.join(current, ".git")):
            return None
    return None


def load_config(path: str | None) -> FileConfig:
    """Read and validate ``path`` (``None``: no configuration, all defaults)."""
    if path is None:
        return FileConfig()
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(
            f"Config file not found: expected an existing TOML file, received {path!r}"
        ) from None
    except OSError as exc:
        raise ConfigError(f"Cannot read config file {path!r}: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"Invalid TOML in {path!r}: {exc}") from None
    tool = data.get("tool")
    if isinstance(tool, dict) and SECTION in tool:
        table = tool[SECTION]
        where = f"[tool.{SECTION}] in {path}"
    elif os.path.basename(path) == "pyproject.toml":
        raise ConfigError(
            f"No [tool.{SECTION}] table in {path}: expected one when --config names a pyproject.toml"
        )
    else:
        table = data
        where = path
    if not isinstance(table, dict):
        raise ConfigError(f"Invalid {where}: expected a table, received {type(table).__name__}")
    return _validate(table, where, path)


def _validate(table: dict[str, Any], where: str, path: str) -> FileConfig:
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in _KEYS:
            raise ConfigError(
                f"Unknown key in {where}. Expected one of ({', '.join(sorted(_KEYS))}). "
                f"Received: {key}"
            )
        attr = key.replace("-", "_")
        if key in _LISTS:
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(
                    f"Invalid value for `{key}` in {where}. Expected a list of strings. "
                    f"Received: {key}={value!r}"
                )
            values[attr] = tuple(value)
        elif key in _BOOLS:
            if not isinstance(value, bool):
                raise ConfigError(
                    f"Invalid value for `{key}` in {where}. Expected true or false. "
                    f"Received: {key}={value!r}"
                )
            values[attr] = value
        elif key in _CHOICES:
            if value not in _CHOICES[key]:
                raise ConfigError(
                    f"Invalid value for `{key}` in {where}. Expected one of "
                    f"({', '.join(_CHOICES[key])}). Received: {key}={value!r}"
                )
            values[attr] = value
        elif key == "jobs":
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ConfigError(
                    f"Invalid value for `jobs` in {where}. Expected an integer >= 0 "
                    f"(0: all cores). Received: jobs={value!r}"
                )
            values[attr] = value
    return FileConfig(path=path, **values)
