"""``main(argv)``: exit codes, modes, messages, stdin. The engine is the fake one here."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from _cli_fakes import FIXED_CALL, NEW, OLD, fake_engine_fixture  # noqa: F401

from migrate.cli import main

CALL = f"loss = {OLD}y, z)\n"


def _tree(tmp_path: Path) -> Path:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "train.py").write_text(f"import tensorflow as tf\n{CALL}")
    (tmp_path / "pkg" / "clean.py").write_text("x = 1\n")
    return tmp_path


def test_version_is_fast_path_without_heavy_imports() -> None:
    code = (
        "import sys; from migrate.cli import main; rc = main(['--version']); "
        "heavy = [m for m in ('libcst', 'tensorflow', 'pathspec', 'migrate.engine.transform') if m in sys.modules]; "
        "print(rc, heavy)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.splitlines() == ["tfcompat-migrate 0.1.0", "0 []"]


def test_default_shows_diff_writes_nothing_and_exits_1(
    tmp_path: Path, fake_engine: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    _tree(tmp_path)
    before = (tmp_path / "pkg" / "train.py").read_text()
    assert main(["--jobs", "1", str(tmp_path / "pkg")]) == 1
    out = capsys.readouterr().out
    train = tmp_path / "pkg" / "train.py"
    assert f"--- a/{train}\n+++ b/{train}\n" in out
    assert f"-{CALL}+loss = {NEW}y, z)\n" in out
    assert f"{train}:2:8: TFC999 [shim] routed to the shim\n" in out
    assert out.endswith(
        "1 file would be rewritten; 1 call: 1 to the shim. 2 files checked (1 without targets).\n"
        "  rule    to native TF2  to the shim  reported  name\n"
        "  TFC999              0            1         0\n"
    )
    assert train.read_text() == before
    assert fake_engine == [str(train)], "the prefilter must skip clean.py without parsing it"


def test_write_then_check_is_clean(
    tmp_path: Path, fake_engine: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    _tree(tmp_path)
    assert main(["--write", str(tmp_path)]) == 0
    assert (tmp_path / "pkg" / "train.py").read_text() == f"import tensorflow as tf\n{FIXED_CALL}"
    assert "1 file rewritten; 1 call: 1 to the shim." in capsys.readouterr().out
    assert main(["--check", str(tmp_path)]) == 0


def test_check_exits_1_on_pending_change_and_on_report_only(
    tmp_path: Path, fake_engine: list[str]
) -> None:
    path = tmp_path / "m.py"
    path.write_text(f"{CALL}")
    assert main(["--check", str(path)]) == 1
    path.write_text("x = softmax_cross_entropy  # REPORTME\n")
    assert main(["--check", str(path)]) == 1
    assert main(["--write", str(path)]) == 1, "a reported call is still pending after --write"
    assert main(["--check", "--exit-zero", str(path)]) == 0


def test_errors_win_over_changes_and_exit_zero_covers_them(
    tmp_path: Path, fake_engine: list[str]
) -> None:
    (tmp_path / "good.py").write_text(CALL)
    (tmp_path / "bad.py").write_text(f"def f(:\n{CALL}")
    assert main(["--check", str(tmp_path)]) == 2
    assert main(["--check", "--exit-zero", str(tmp_path)]) == 0


def test_missing_path_is_an_error_that_names_it(
    tmp_path: Path, fake_engine: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nope.py"
    assert main([str(missing)]) == 2
    assert f"{missing}: error: no such file or directory" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            [],
            "expected at least one PATH (a file, a directory, or '-' for standard input), received none",
        ),
        (["--write", "--check", "x.py"], "argument --check: not allowed with argument --write"),
        (["--jobs", "-3", "x.py"], "argument -j/--jobs: expected an integer >= 0, received '-3'"),
        (["--output-format", "xml", "x.py"], "argument --output-format: invalid choice: 'xml'"),
        (
            ["-", "x.py"],
            "expected '-' (standard input) alone, received it with other paths: - x.py",
        ),
        (["--select", "NOPE1", "x.py"], "Invalid value for argument `select`. Expected rule codes"),
    ],
)
def test_usage_errors_exit_2_with_expected_and_received(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: tfcompat-migrate")
    assert f"tfcompat-migrate: error: {message}" in err


def test_help_returns_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert "--stdin-filename" in capsys.readouterr().out


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> io.BytesIO:
    out = io.BytesIO()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    fake_stdout = io.TextIOWrapper(out, encoding="utf-8")
    monkeypatch.setattr(sys, "stdout", fake_stdout)
    return out


def test_stdin_write_prints_migrated_source_and_reports_on_stderr(
    monkeypatch: pytest.MonkeyPatch, fake_engine: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    out = _stdin(monkeypatch, CALL)
    assert main(["-", "--write", "--stdin-filename", "src/m.py"]) == 0
    sys.stdout.flush()
    assert out.getvalue().decode() == FIXED_CALL
    assert "src/m.py:1:8: TFC999 [shim]" in capsys.readouterr().err
    assert fake_engine == ["src/m.py"]


def test_stdin_check_shows_diff_with_stdin_filename(
    monkeypatch: pytest.MonkeyPatch, fake_engine: list[str]
) -> None:
    out = _stdin(monkeypatch, CALL)
    assert main(["--stdin-filename", "m.py", "--diff", "--check"]) == 1
    sys.stdout.flush()
    text = out.getvalue().decode()
    assert "--- a/m.py\n+++ b/m.py\n" in text


def test_stdin_force_exclude_passes_through(
    monkeypatch: pytest.MonkeyPatch, fake_engine: list[str]
) -> None:
    out = _stdin(monkeypatch, CALL)
    argv = [
        "-",
        "--write",
        "--force-exclude",
        "--exclude",
        "legacy/",
        "--stdin-filename",
        "legacy/m.py",
    ]
    assert main(argv) == 0
    sys.stdout.flush()
    assert out.getvalue().decode() == CALL
    assert fake_engine == []


def test_json_output_schema(
    tmp_path: Path, fake_engine: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    _tree(tmp_path)
    (tmp_path / "bad.py").write_text(f"def f(:\n{CALL}")
    assert main(["--output-format", "json", str(tmp_path)]) == 2
    doc = json.loads(capsys.readouterr().out)
    assert doc["version"] == 1
    assert doc["tool"] == {"name": "tfcompat-migrate", "version": "0.1.0"}
    assert doc["mode"] == "diff"
    assert doc["exit_code"] == 2
    assert doc["summary"] == {
        "files": 3,
        "changed": 1,
        "written": 0,
        "unchanged": 0,
        "skipped": 1,
        "errors": 1,
        "findings": 1,
        "actions": {"rewrite": 0, "shim": 1, "report": 0},
        "rules": {"TFC999": {"rewrite": 0, "shim": 1, "report": 0}},
        "interrupted": False,
    }
    by_path = {f["path"]: f for f in doc["files"]}
    assert by_path[str(tmp_path / "bad.py")]["status"] == "error"
    train = by_path[str(tmp_path / "pkg" / "train.py")]
    assert train["status"] == "changed"
    assert train["diff"] is None, "diffs only with --diff in json"
    assert train["findings"] == [
        {
            "code": "TFC999",
            "action": "shim",
            "message": "routed to the shim",
            "line": 2,
            "column": 8,
            "end_line": None,
            "end_column": None,
            "cell": None,
        }
    ]


def test_output_file(tmp_path: Path, fake_engine: list[str]) -> None:
    _tree(tmp_path)
    report = tmp_path / "report.json"
    assert main(["--output-format", "json", "-o", str(report), str(tmp_path / "pkg")]) == 1
    assert json.loads(report.read_text())["summary"]["changed"] == 1


def test_quiet_prints_findings_only(
    tmp_path: Path, fake_engine: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    _tree(tmp_path)
    assert main(["--quiet", str(tmp_path / "pkg")]) == 1
    train = tmp_path / "pkg" / "train.py"
    assert capsys.readouterr().out == f"{train}:2:8: TFC999 [shim] routed to the shim\n"


def test_python_m_migrate_runs_the_cli() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "migrate", "--version"], capture_output=True, text=True
    )
    assert (proc.returncode, proc.stdout) == (0, "tfcompat-migrate 0.1.0\n")


def test_docs_cli_md_lists_every_flag() -> None:
    """docs/cli.md stays true to --help: every option string of the parser is documented."""
    from migrate.cli import build_parser

    docs = (Path(__file__).parents[3] / "docs" / "cli.md").read_text()
    missing = [
        option
        for action in build_parser()._actions
        for option in action.option_strings
        if f"`{option}" not in docs and f" {option}`" not in docs and f"/ `{option}" not in docs
    ]
    assert missing == []


def test_config_keys_are_documented() -> None:
    from migrate.cli.config import _KEYS

    docs = (Path(__file__).parents[3] / "docs" / "cli.md").read_text()
    assert [key for key in _KEYS if f"\n{key} = " not in docs] == []


def test_a_file_named_twice_is_processed_once(tmp_path: Path, fake_engine: list[str]) -> None:
    path = tmp_path / "m.py"
    path.write_text(CALL)
    assert main(["--write", "--jobs", "1", str(path), str(tmp_path), str(path)]) == 0
    assert fake_engine == [str(path)]
    assert path.read_text() == FIXED_CALL


def test_progress_bar_only_on_a_terminal(
    tmp_path: Path, fake_engine: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from migrate.cli.runner import Progress

    buffer = io.StringIO()
    bar = Progress(2, buffer, width=4)
    bar.advance()
    bar.advance()
    bar.close()
    assert "\r[####] 2/2 files" in buffer.getvalue()
    assert buffer.getvalue().endswith("\r\x1b[2K")

    _tree(tmp_path)
    err = io.StringIO()  # not a terminal: no bar
    monkeypatch.setattr(sys, "stderr", err)
    assert main(["--quiet", "--jobs", "1", str(tmp_path)]) == 1
    assert "\r" not in err.getvalue()


def test_list_rules_prints_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    from migrate.rules import ALL_RULES

    assert main(["--list-rules"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == sorted(rule.code for rule in ALL_RULES)


def test_ctrl_c_during_discovery_exits_130_without_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import migrate.files.discovery

    def interrupted(*args: object, **kwargs: object) -> object:
        raise KeyboardInterrupt

    monkeypatch.setattr(migrate.files.discovery, "discover", interrupted)
    assert main([str(tmp_path)]) == 130
    assert capsys.readouterr().err == (
        "tfcompat-migrate: interrupted: every file is either untouched or completely rewritten\n"
    )
