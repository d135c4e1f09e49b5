"""The pre-commit hooks of .pre-commit-hooks.yaml, run by pre-commit on a throwaway repository.

Offline: the hooks are copied into a ``repo: local`` configuration (``language: system`` with
this venv's ``tfcompat-migrate`` on PATH), keeping their entry, ``types_or`` and
``require_serial``, so pre-commit's own file selection and exit-code handling are exercised.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).parents[3]
LEGACY = (
    "import tensorflow.compat.v1 as tf\n"
    "\n"
    "\n"
    "def loss_fn(labels, logits):\n"
    "    return tf.losses.softmax_cross_entropy(onehot_labels=labels, logits=logits)\n"
)


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def _pre_commit(repo: Path, hook: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "PRE_COMMIT_HOME": str(repo.parent / "pre-commit-home"),
    }
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", hook, "--all-files", "--color", "never"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
    )


@pytest.mark.slow
def test_check_and_fix_hooks_in_a_throwaway_repository(tmp_path: Path) -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert {h["id"] for h in hooks} == {"tfcompat-migrate-check", "tfcompat-migrate"}
    for hook in hooks:
        assert hook["types_or"] == ["python", "jupyter"]
        hook["language"] = "system"
        hook.pop("minimum_pre_commit_version", None)
    repo = tmp_path / "repo"
    (repo / "vendor").mkdir(parents=True)
    (repo / ".pre-commit-config.yaml").write_text(
        yaml.safe_dump({"repos": [{"repo": "local", "hooks": hooks}]})
    )
    (repo / "pyproject.toml").write_text('[tool.tfcompat-migrate]\nexclude = ["vendor/"]\n')
    (repo / "model.py").write_text(LEGACY)
    (repo / "vendor" / "third_party.py").write_text(LEGACY)
    (repo / "README.md").write_text("softmax_cross_entropy\n")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")

    check = _pre_commit(repo, "tfcompat-migrate-check")
    assert check.returncode == 1, check.stdout + check.stderr
    assert "tfcompat-migrate (check)" in check.stdout and "Failed" in check.stdout
    assert "model.py:5:12: TFC101 [rewrite]" in check.stdout
    assert "third_party.py" not in check.stdout, "--force-exclude applies the config's exclude"
    assert (repo / "model.py").read_text() == LEGACY

    fix = _pre_commit(repo, "tfcompat-migrate")
    assert fix.returncode == 1, "pre-commit fails a hook that modified files"
    assert "files were modified by this hook" in fix.stdout
    migrated = (repo / "model.py").read_text()
    assert "CategoricalCrossentropy(from_logits=True)" in migrated
    assert (repo / "vendor" / "third_party.py").read_text() == LEGACY

    _git(repo, "add", ".")
    again = _pre_commit(repo, "tfcompat-migrate-check")
    assert again.returncode == 0, again.stdout + again.stderr
    assert "Passed" in again.stdout
