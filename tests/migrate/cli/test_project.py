"""The TensorFlow a project declares, read from its packaging files."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.cli.project import declared_tensorflow, parse_specifier

BIG = 10**6


@pytest.mark.parametrize(
    ("specifier", "lowest", "highest"),
    [
        ("==1.15.0", (1, 15), (1, 15)),
        (">=2.4,<2.16", (2, 4), (2, 15)),
        ("<2", None, (1, BIG)),
        ("<2.0", None, (1, BIG)),
        ("<=1.15", None, (1, 15)),
        ("~=1.15", (1, 15), (1, BIG)),
        ("~=2.4.1", (2, 4), (2, 4)),
        ("==2.*", (2, 0), (2, BIG)),
        ("==1.15.*", (1, 15), (1, 15)),
        (">=1.13", (1, 13), None),
        ("!=2.0", None, None),
    ],
)
def test_parse_specifier(
    specifier: str, lowest: tuple[int, int] | None, highest: tuple[int, int] | None
) -> None:
    assert parse_specifier(specifier) == (lowest, highest)


@pytest.mark.parametrize(
    ("name", "text", "specifier", "tf1_only"),
    [
        ("requirements.txt", "numpy==1.2\ntensorflow-gpu==1.15.0  # GPU\n", "==1.15.0", True),
        ("requirements.txt", "# tensorflow==1.15\ntensorflow>=2.4\n", ">=2.4", False),
        ("setup.py", "install_requires=['tensorflow>=1.12,<2.0', 'six']\n", ">=1.12,<2.0", True),
        ("pyproject.toml", '[project]\ndependencies = ["tensorflow-cpu>=2.16"]\n', ">=2.16", False),
        ("Pipfile", '[packages]\ntensorflow = "==1.14"\n', "==1.14", True),
        ("environment.yml", "dependencies:\n  - tensorflow=1.15\n", "=1.15", True),
        ("setup.cfg", "[options]\ninstall_requires =\n    tensorflow[gpu]<2\n", "<2", True),
    ],
)
def test_declared_tensorflow(
    tmp_path: Path, name: str, text: str, specifier: str, tf1_only: bool
) -> None:
    (tmp_path / name).write_text(text)
    declared = declared_tensorflow(str(tmp_path))
    assert declared is not None
    assert (declared.where, declared.specifier, declared.tf1_only) == (name, specifier, tf1_only)


def test_no_declaration(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("tensorflow\ntensorflow-datasets==1.0\n")
    assert declared_tensorflow(str(tmp_path)) is None
