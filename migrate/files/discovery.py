"""Which files to process: paths, recursion, ``.gitignore``, excludes, symlinks.

Rules (documented in docs/cli.md):

* A directory is walked recursively in sorted order. Hidden directories (``.name``), virtual
  environments (any directory holding ``pyvenv.cfg``, and ``venv``), build
  output (``build``, ``dist``, ``_build``, ``buck-out``, ``*.egg-info``), ``__pycache__``,
  ``__pypackages__``, ``node_modules`` and ``site-packages`` are skipped.
* Inside directories, only files matching ``include`` (default ``*.py``, ``*.pyi``, ``*.ipynb``)
  are taken; ``.gitignore`` files (and ``.git/info/exclude``) are respected, from the
  repository root down; ``exclude`` patterns (gitignore syntax) are applied.
* A file named explicitly is always processed, unless ``force_exclude`` is set and it matches
  an exclude pattern (what pre-commit needs, since it passes file names).
* Symlinks met while walking are never followed: one pointing out of the given roots is
  reported as skipped; one pointing inside is skipped because its target is reached directly.
  An explicitly named symlink is processed through its target only if that target lies inside
  the current directory tree.

Nothing here prints; skipped entries are yielded with their reason.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import pathspec

from migrate.files.paths import git_root

__all__ = [
    "DEFAULT_INCLUDE",
    "Candidate",
    "ExcludeRules",
    "discover",
    "ignored_by_git",
    "is_notebook",
]

DEFAULT_INCLUDE: tuple[str, ...] = ("*.py", "*.pyi", "*.ipynb")
_SKIP_DIRS = frozenset(
    {
        "__pycache__",
        "__pypackages__",
        "_build",
        "buck-out",
        "build",
        "dist",
        "node_modules",
        "site-packages",
        "venv",
    }
)


@dataclass(frozen=True)
class Candidate:
    path: str
    """Filesystem path to read and write."""
    display: str
    """Path as shown to the user (relative to the current directory when possible)."""
    skip_reason: str | None = None
    """Set when the entry is not processed; the reason is shown with ``--verbose``."""
    missing: bool = False
    """An explicitly named path that does not exist (an error)."""
    error: str | None = None
    """Set when the entry could not be examined (e.g. a directory that cannot be listed)."""

    @property
    def notebook(self) -> bool:
        return is_notebook(self.path)


def is_notebook(path: str) -> bool:
    return path.endswith(".ipynb")


@dataclass(frozen=True)
class ExcludeRules:
    """Gitignore-style patterns anchored at ``base`` (the config file's directory or cwd)."""

    base: str
    patterns: tuple[str, ...] = ()

    def spec(self) -> pathspec.GitIgnoreSpec | None:
        if not self.patterns:
            return None
        return pathspec.GitIgnoreSpec.from_lines(self.patterns)


class _Matcher:
    """Answers "is this path excluded?" for exclude rules and .gitignore files."""

    def __init__(self, excludes: Sequence[ExcludeRules]) -> None:
        self._excludes = [
            (os.path.abspath(rule.base), spec) for rule in excludes if (spec := rule.spec())
        ]
        self._gitignores: dict[str, pathspec.GitIgnoreSpec | None] = {}

    def excluded(self, path: str, is_dir: bool) -> bool:
        return any(_matches(spec, base, path, is_dir) for base, spec in self._excludes)

    def gitignore(self, directory: str) -> pathspec.GitIgnoreSpec | None:
        if directory not in self._gitignores:
            lines: list[str] = []
            for name in (".gitignore", os.path.join(".git", "info", "exclude")):
                try:
                    with open(
                        os.path.join(directory, name), encoding="utf-8", errors="replace"
                    ) as f:
                        lines.extend(f.read().splitlines())
                except OSError:
                    continue
            self._gitignores[directory] = (
                pathspec.GitIgnoreSpec.from_lines(lines) if lines else None
            )
        return self._gitignores[directory]

    def ignored(self, path: str, is_dir: bool, chain: Sequence[str]) -> bool:
        """Git semantics: the deepest .gitignore with a matching pattern decides."""
        verdict: bool | None = None
        for directory in chain:
            spec = self.gitignore(directory)
            if spec is None:
                continue
            rel = os.path.relpath(path, directory).replace(os.sep, "/")
            result = spec.check_file(rel + "/" if is_dir else rel)
            if result.include is not None:
                verdict = result.include
        return bool(verdict)


def _matches(spec: pathspec.GitIgnoreSpec, base: str, path: str, is_dir: bool) -> bool:
    rel = os.path.relpath(os.path.abspath(path), base)
    if rel == ".." or rel.startswith(".." + os.sep):
        rel = os.path.basename(path)
    rel = rel.replace(os.sep, "/")
    return spec.match_file(rel + "/" if is_dir else rel)


def _ancestor_chain(directory: str) -> list[str]:
    """Directories from the git root down to ``directory`` (just it when not in a repo)."""
    root = git_root(directory)
    if root is None:
        return [directory]
    chain = [directory]
    current = directory
    while current != root:
        current = os.path.dirname(current)
        chain.append(current)
    return chain[::-1]


def _display(path: str) -> str:
    rel = os.path.relpath(path)
    return path if rel.startswith(".." + os.sep) or rel == ".." else rel


def _inside(real: str, roots: Iterable[str]) -> bool:
    return any(real == root or real.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def _is_venv(path: str) -> bool:
    return os.path.exists(os.path.join(path, "pyvenv.cfg"))


def _skipped_dir(name: str, path: str) -> bool:
    return (
        name.startswith(".") or name in _SKIP_DIRS or name.endswith(".egg-info") or _is_venv(path)
    )


def discover(
    paths: Sequence[str],
    *,
    include: Sequence[str] = DEFAULT_INCLUDE,
    excludes: Sequence[ExcludeRules] = (),
    force_exclude: bool = False,
    respect_gitignore: bool = True,
) -> Iterator[Candidate]:
    """Yield the files to process under ``paths``, in a stable order, with skip reasons."""
    matcher = _Matcher(excludes)
    include_spec = pathspec.GitIgnoreSpec.from_lines(include)
    roots = [os.path.realpath(p) for p in paths if os.path.exists(p)]
    cwd_real = os.path.realpath(os.getcwd())
    for given in paths:
        if not os.path.lexists(given):
            yield Candidate(given, given, missing=True)
            continue
        if os.path.isdir(given) and not os.path.islink(given):
            yield from _walk(given, roots, matcher, include_spec, respect_gitignore)
            continue
        if os.path.islink(given):
            real = os.path.realpath(given)
            if not _inside(real, [cwd_real, *[r for r in roots if r != real]]):
                yield Candidate(given, _display(given), "symlink points outside the given roots")
                continue
            if os.path.isdir(real):
                yield Candidate(given, _display(given), "symlink to a directory (not followed)")
                continue
            target = real
        else:
            target = given
        if force_exclude:
            if matcher.excluded(given, False):
                yield Candidate(target, _display(given), "excluded (--force-exclude)")
                continue
            if respect_gitignore:
                parent = os.path.dirname(os.path.abspath(given))
                if matcher.ignored(os.path.abspath(given), False, _ancestor_chain(parent)):
                    yield Candidate(
                        target, _display(given), "ignored by .gitignore (--force-exclude)"
                    )
                    continue
        yield Candidate(target, _display(given))


def ignored_by_git(path: str) -> bool:
    """Whether ``path`` or a directory above it is ignored by its repository's .gitignore."""
    current = os.path.abspath(path)
    root = git_root(os.path.dirname(current))
    if root is None:
        return False
    matcher = _Matcher(())
    while current != root:
        parent = os.path.dirname(current)
        if matcher.ignored(current, os.path.isdir(current), _ancestor_chain(parent)):
            return True
        current = parent
    return False


def _walk(
    top: str,
    roots: Sequence[str],
    matcher: _Matcher,
    include_spec: pathspec.GitIgnoreSpec,
    respect_gitignore: bool,
) -> Iterator[Candidate]:
    top_abs = os.path.abspath(top)
    chain: list[str] = []
    if respect_gitignore:
        # A directory named explicitly is processed even when the repository ignores it
        # (e.g. a scratch copy): then only .gitignore files from it downwards apply.
        chain = [top_abs] if ignored_by_git(top_abs) else _ancestor_chain(top_abs)
    yield from _walk_dir(top_abs, top, chain, roots, matcher, include_spec, respect_gitignore)


def _walk_dir(
    directory: str,
    shown: str,
    chain: list[str],
    roots: Sequence[str],
    matcher: _Matcher,
    include_spec: pathspec.GitIgnoreSpec,
    respect_gitignore: bool,
) -> Iterator[Candidate]:
    try:
        with os.scandir(directory) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        yield Candidate(
            directory, _display(shown), error=f"cannot list directory: {exc.strerror or exc}"
        )
        return
    for entry in entries:
        path = entry.path
        shown_path = os.path.join(shown, entry.name)
        if entry.is_symlink():
            if not (include_spec.match_file(entry.name) or os.path.isdir(path)):
                continue
            real = os.path.realpath(path)
            reason = (
                "symlink points inside the given roots (its target is processed directly)"
                if _inside(real, roots)
                else "symlink points outside the given roots (not followed)"
            )
            yield Candidate(path, _display(shown_path), reason)
            continue
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
        except OSError:
            continue
        if is_dir:
            if _skipped_dir(entry.name, path):
                continue
            if matcher.excluded(path, True):
                continue
            if respect_gitignore and matcher.ignored(path, True, chain):
                continue
            sub_chain = [*chain, path] if respect_gitignore else chain
            yield from _walk_dir(
                path, shown_path, sub_chain, roots, matcher, include_spec, respect_gitignore
            )
            continue
        if not include_spec.match_file(entry.name):
            continue
        if matcher.excluded(path, False):
            continue
        if respect_gitignore and matcher.ignored(path, False, chain):
            continue
        yield Candidate(path, _display(shown_path))
