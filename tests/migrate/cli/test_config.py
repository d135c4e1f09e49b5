"""``[tool.tfcompat-migrate]``: discovery, validation messages, flags overriding it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from _cli_fakes import OLD, fake_engine_fixture  # noqa: F401

from migrate.cli import main
from migrate.cli.config import ConfigError, FileConfig, find_config, load_config
from migrate.engine.options import Fallback, TF1Mode


def _pyproject(root: Path, body: str) -> Path:
    path = root / "pyproject.toml"
    path.write_text(f"[project]\nname = 'x'\n\n[tool.tfcompat-migrate]\n{body}\n")
    return path


def test_found_upwards_from_the_paths(tmp_path: Path) -> None:
    path = _pyproject(tmp_path, 'fallback = "report"')
    (tmp_path / "src" / "pkg").mkdir(parents=True)
    assert find_config([str(tmp_path / "src" / "pkg")]) == str(path)
    assert load_config(str(path)) == FileConfig(path=str(path), fallback="report")


def test_search_stops_at_the_repository_root(tmp_path: Path) -> None:
    _pyproject(tmp_path, 'fallback = "report"')
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    assert find_config([str(tmp_path / "repo")]) is None


def test_pyproject_without_the_table_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.black]\nline-length = 100\n")
    assert find_config([str(tmp_path)]) is None


def test_all_keys_are_read(tmp_path: Path) -> None:
    path = _pyproject(
        tmp_path,
        'include = ["*.py"]\nexclude = ["legacy/"]\nextend-exclude = "gen/"\nselect = ["TFC1"]\n'
        'ignore = ["TFC105"]\nforce-exclude = true\nrespect-gitignore = false\nfallback = "shim"\n'
        'tf1 = "yes"\noutput-format = "sarif"\njobs = 3',
    )
    assert load_config(str(path)) == FileConfig(
        path=str(path),
        include=("*.py",),
        exclude=("legacy/",),
        extend_exclude=("gen/",),
        select=("TFC1",),
        ignore=("TFC105",),
        force_exclude=True,
        respect_gitignore=False,
        fallback="shim",
        tf1="yes",
        output_format="sarif",
        jobs=3,
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            'fallback = "native"',
            "Invalid value for `fallback` in [tool.tfcompat-migrate] in {path}. Expected one of "
            "(plain, shim, report). Received: fallback='native'",
        ),
        (
            "exclude = [1]",
            "Invalid value for `exclude` in [tool.tfcompat-migrate] in {path}. Expected a list "
            "of strings. Received: exclude=[1]",
        ),
        ("jobs = -1", "Expected an integer >= 0 (0: all cores). Received: jobs=-1"),
        ("force-exclude = 'yes'", "Expected true or false. Received: force-exclude='yes'"),
        (
            "fallbacks = 'shim'",
            "Unknown key in [tool.tfcompat-migrate] in {path}. Expected one of (",
        ),
    ],
)
def test_invalid_values_say_expected_and_received(tmp_path: Path, body: str, message: str) -> None:
    path = _pyproject(tmp_path, body)
    with pytest.raises(ConfigError) as info:
        load_config(str(path))
    assert message.format(path=path) in str(info.value)


def test_invalid_toml_is_a_cli_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.tfcompat-migrate\n")
    assert main(["--config", str(tmp_path / "pyproject.toml"), str(tmp_path)]) == 2
    assert "tfcompat-migrate: error: Invalid TOML in" in capsys.readouterr().err


def test_standalone_config_file_uses_top_level_keys(tmp_path: Path) -> None:
    path = tmp_path / "migrate.toml"
    path.write_text('tf1 = "no"\n')
    assert load_config(str(path)).tf1 == "no"


def test_flags_override_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake_engine: list[str]
) -> None:
    import migrate.cli.runner

    seen = []
    run_tasks = migrate.cli.runner.run_tasks

    def spy(tasks: Any, **kwargs: Any) -> Any:  # the options each file is processed with
        seen.extend(task.options for task in tasks)
        return run_tasks(tasks, **kwargs)

    monkeypatch.setattr(migrate.cli.runner, "run_tasks", spy)
    _pyproject(tmp_path, 'fallback = "report"\ntf1 = "yes"\nexclude = ["skipme/"]')
    (tmp_path / "m.py").write_text(f"{OLD}a, b)\n")
    (tmp_path / "skipme").mkdir()
    (tmp_path / "skipme" / "s.py").write_text(f"{OLD}a, b)\n")
    monkeypatch.chdir(tmp_path)
    assert main(["--jobs", "1", "."]) == 1
    assert len(seen) == 1, "config exclude applies"
    assert (seen[0].fallback, seen[0].tf1) == (Fallback.REPORT, TF1Mode.YES)
    seen.clear()
    assert (
        main(["--jobs", "1", "--fallback", "shim", "--tf1", "no", "--exclude", "nothing/", "."])
        == 1
    )
    assert len(seen) == 2, "--exclude replaces the configured exclude"
    assert (seen[0].fallback, seen[0].tf1) == (Fallback.SHIM, TF1Mode.NO)
    seen.clear()
    assert (
        main(
            ["--jobs", "1", "--isolated", "--select", "TFC10,tfc101", "--ignore", "TFC105", "m.py"]
        )
        == 1
    )
    assert (seen[0].fallback, seen[0].select, seen[0].ignore) == (
        Fallback.PLAIN,  # the default
        frozenset({"TFC10", "TFC101"}),
        frozenset({"TFC105"}),
    )
