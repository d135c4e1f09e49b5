"""The wheel builds, installs into a clean venv without TensorFlow, and its CLI migrates code."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
LEGACY = (
    "import tensorflow.compat.v1 as tf\n"
    "\n"
    "\n"
    "def loss_fn(labels, logits):\n"
    "    return tf.losses.softmax_cross_entropy(onehot_labels=labels, logits=logits)\n"
)


def _run(*cmd: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(c) for c in cmd], cwd=cwd, capture_output=True, text=True)


@pytest.mark.slow
def test_wheel_cli_works_in_a_clean_venv_without_tensorflow(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in ("migrate", "tfcompat_losses"):
        shutil.copytree(ROOT / name, src / name, ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    built = _run(
        sys.executable,
        "-m",
        "build",
        "--wheel",
        "--no-isolation",
        "--skip-dependency-check",
        "--outdir",
        tmp_path / "dist",
        src,
    )
    assert built.returncode == 0, built.stderr[-3000:]
    [wheel] = (tmp_path / "dist").glob("tfcompat_losses-*.whl")

    venv = tmp_path / "venv"
    assert _run(sys.executable, "-m", "venv", venv).returncode == 0
    python = venv / "bin" / "python"
    installed = _run(python, "-m", "pip", "install", "--quiet", wheel)
    assert installed.returncode == 0, installed.stderr[-3000:]
    no_tf = _run(python, "-c", "import importlib.util as u; print(u.find_spec('tensorflow'))")
    assert no_tf.stdout == "None\n"

    schema = _run(
        python,
        "-c",
        "import importlib.resources as r; "
        "print(r.files('migrate').joinpath('report_schema_v1.json').is_file())",
    )
    assert schema.stdout == "True\n", "the JSON report schema ships in the wheel"

    cli = venv / "bin" / "tfcompat-migrate"
    version = _run(cli, "--version")
    assert (version.returncode, version.stdout) == (0, "tfcompat-migrate 0.1.0\n")
    work = tmp_path / "work"
    work.mkdir()
    (work / "legacy.py").write_text(LEGACY)
    check = _run(cli, "--check", "legacy.py", cwd=work)
    assert check.returncode == 1, check.stdout + check.stderr
    assert "legacy.py:5:12: TFC101 [rewrite]" in check.stdout
    written = _run(cli, "--write", "legacy.py", cwd=work)
    assert written.returncode == 0, written.stdout + written.stderr
    assert "CategoricalCrossentropy(from_logits=True)" in (work / "legacy.py").read_text()
    again = _run(python, "-m", "migrate", "--check", "legacy.py", cwd=work)
    assert again.returncode == 0, again.stdout + again.stderr
