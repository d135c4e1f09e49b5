"""Which files are processed: recursion, .gitignore, excludes, skipped folders, symlinks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from migrate.files.discovery import Candidate, ExcludeRules, discover


def _touch(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x = 1\n")


def _found(candidates: list[Candidate], root: Path) -> list[str]:
    return [
        os.path.relpath(c.path, root).replace(os.sep, "/")
        for c in candidates
        if c.skip_reason is None and not c.missing
    ]


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    _touch(
        tmp_path,
        "a.py",
        "b.pyi",
        "nb.ipynb",
        "notes.txt",
        "pkg/c.py",
        "pkg/sub/d.py",
        ".hidden/e.py",
        "build/f.py",
        "dist/g.py",
        "venv/h.py",
        "myenv/i.py",
        "pkg/__pycache__/j.py",
        "proj.egg-info/k.py",
        "generated/l.py",
        "pkg/sub/keep_gen.py",
        "pkg/sub/skip_gen.py",
    )
    (tmp_path / "myenv" / "pyvenv.cfg").write_text("home = /usr\n")
    (tmp_path / ".gitignore").write_text("generated/\n*_gen.py\n")
    (tmp_path / "pkg" / "sub" / ".gitignore").write_text("!keep_gen.py\n")
    return tmp_path


def test_recursion_skips_hidden_venv_build_and_gitignored(repo: Path) -> None:
    assert _found(list(discover(["."])), repo) == [
        "a.py",
        "b.pyi",
        "nb.ipynb",
        "pkg/c.py",
        "pkg/sub/d.py",
        "pkg/sub/keep_gen.py",
    ]


def test_gitignore_can_be_disabled(repo: Path) -> None:
    found = _found(list(discover(["."], respect_gitignore=False)), repo)
    assert "generated/l.py" in found
    assert "pkg/sub/skip_gen.py" in found


def test_gitignore_of_the_repository_root_applies_to_a_subdirectory(repo: Path) -> None:
    assert _found(list(discover(["pkg"])), repo) == [
        "pkg/c.py",
        "pkg/sub/d.py",
        "pkg/sub/keep_gen.py",
    ]


def test_exclude_patterns_are_gitignore_style_and_anchored(repo: Path) -> None:
    rules = [ExcludeRules(str(repo), ("pkg/sub/", "*.pyi"))]
    assert _found(list(discover(["."], excludes=rules)), repo) == ["a.py", "nb.ipynb", "pkg/c.py"]


def test_explicit_files_bypass_excludes_unless_force_exclude(repo: Path) -> None:
    rules = [ExcludeRules(str(repo), ("pkg/",))]
    assert _found(list(discover(["pkg/c.py", "generated/l.py"], excludes=rules)), repo) == [
        "pkg/c.py",
        "generated/l.py",
    ]
    forced = list(
        discover(["pkg/c.py", "generated/l.py", "a.py"], excludes=rules, force_exclude=True)
    )
    assert _found(forced, repo) == ["a.py"]
    assert [c.skip_reason for c in forced] == [
        "excluded (--force-exclude)",
        "ignored by .gitignore (--force-exclude)",
        None,
    ]


def test_missing_path_is_reported(repo: Path) -> None:
    assert list(discover(["nope.py"])) == [Candidate("nope.py", "nope.py", missing=True)]


def test_symlinks_are_never_followed_while_walking(
    repo: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("outside")
    _touch(outside, "o.py")
    (repo / "pkg" / "out.py").symlink_to(outside / "o.py")
    (repo / "pkg" / "outdir").symlink_to(outside, target_is_directory=True)
    (repo / "pkg" / "in.py").symlink_to(repo / "pkg" / "c.py")
    (repo / "pkg" / "loop").symlink_to(repo / "pkg", target_is_directory=True)
    (repo / "pkg" / "up.py").symlink_to(repo / "a.py")  # in the repo, but not under the root
    candidates = list(discover(["pkg"]))
    reasons = {os.path.basename(c.path): c.skip_reason for c in candidates if c.skip_reason}
    assert reasons == {
        "in.py": "symlink points inside the given roots (its target is processed directly)",
        "loop": "symlink points inside the given roots (its target is processed directly)",
        "out.py": "symlink points outside the given roots (not followed)",
        "outdir": "symlink points outside the given roots (not followed)",
        "up.py": "symlink points outside the given roots (not followed)",
    }
    assert all("outside" not in c.path for c in candidates if c.skip_reason is None)


def test_explicit_symlink_inside_the_tree_is_processed_through_its_target(repo: Path) -> None:
    (repo / "alias.py").symlink_to(repo / "pkg" / "c.py")
    [candidate] = discover(["alias.py"])
    assert candidate.path == str(repo / "pkg" / "c.py")
    assert candidate.display == "alias.py"


def test_custom_include(repo: Path) -> None:
    assert _found(list(discover(["."], include=("*.ipynb",))), repo) == ["nb.ipynb"]


def test_an_ignored_directory_named_explicitly_is_walked(repo: Path) -> None:
    _touch(repo, "generated/sub/m.py", "generated/sub/n_gen.py")
    (repo / "generated" / ".gitignore").write_text("sub/m.py\n")
    assert _found(list(discover(["generated"])), repo) == [
        "generated/l.py",
        "generated/sub/n_gen.py",
    ]


def test_unlistable_directory_is_an_error(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import migrate.files.discovery

    real_scandir = os.scandir

    def scandir(path: str) -> object:
        if str(path).endswith("sub"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(migrate.files.discovery.os, "scandir", scandir)
    [bad] = [c for c in discover(["pkg"]) if c.error]
    assert (bad.display, bad.error) == ("pkg/sub", "cannot list directory: Permission denied")
    from migrate.cli import main

    assert main(["--check", "pkg"]) == 2
