"""`slim = tf.contrib.slim` goes once the rewrite leaves it unused (TF2 has no `tf.contrib`, so
the line alone would stop the migrated module from importing); kept wherever it may still serve."""

from __future__ import annotations

import pytest

from migrate.engine.transform import transform_source
from migrate.report.results import Action, Finding

CALL = "def f(x, y):\n    return slim.losses.softmax_cross_entropy(x, y)\n"


def _run(source: str) -> str:
    output = transform_source(source).output
    assert transform_source(output).output == output  # a fixed point
    return output


def test_an_alias_the_rewrite_left_unused_is_removed() -> None:
    output = _run(f"import tensorflow as tf\nslim = tf.contrib.slim\n{CALL}")
    assert "contrib" not in output
    assert "slim" not in output


@pytest.mark.parametrize(
    "extra",
    [
        "net = slim.fully_connected(x, 10)\n",  # still used
        "__all__ = ['slim', 'f']\n",  # exported
        "slim = tf.contrib.slim  # for the model zoo\n",  # bound twice, with a comment
    ],
)
def test_an_alias_still_in_use_or_exported_stays(extra: str) -> None:
    output = _run(f"import tensorflow as tf\nslim = tf.contrib.slim\n{extra}{CALL}")
    assert output.count("slim = tf.contrib.slim") >= 1


def _kept_reports(source: str) -> list[Finding]:
    return [
        f
        for f in transform_source(source).findings
        if f.action is Action.REPORT and "no longer used" in f.message
    ]


def test_an_alias_with_a_comment_stays_and_is_reported() -> None:
    source = f"import tensorflow as tf\n# slim of TF 1.x\nslim = tf.contrib.slim\n{CALL}"
    assert "slim = tf.contrib.slim" in _run(source)
    (report,) = _kept_reports(source)
    assert (report.code, report.line) == ("TFC103", 3)
    assert "a comment is on or above it" in report.message
    assert "TF2 has no `tf.contrib`" in report.message


@pytest.mark.parametrize(
    ("extra", "why", "lines"),
    [
        ("__all__ = ['f']\n", "`__all__`", [2]),
        ("slim = tf.contrib.slim  # for the model zoo\n", "bound twice", [2, 3]),
    ],
)
def test_an_unused_alias_that_stays_is_reported(extra: str, why: str, lines: list[int]) -> None:
    """Kept because removing it is not safe, yet unused: never kept in silence."""
    reports = _kept_reports(f"import tensorflow as tf\nslim = tf.contrib.slim\n{extra}{CALL}")
    assert [r.line for r in reports] == lines
    assert all(why in r.message for r in reports)


def test_an_alias_still_used_is_not_reported() -> None:
    extra = "net = slim.fully_connected(x, 10)\n"
    assert _kept_reports(f"import tensorflow as tf\nslim = tf.contrib.slim\n{extra}{CALL}") == []


def test_a_suppressed_alias_is_not_reported() -> None:
    source = "import tensorflow as tf\nslim = tf.contrib.slim  # tfcompat: ignore[TFC103]\n" + CALL
    assert _kept_reports(source) == []


def test_an_alias_of_something_else_stays() -> None:
    source = f"import tensorflow as tf\nimport tf_slim\nslim = tf_slim\n{CALL}"
    assert "slim = tf_slim" in _run(source)


def test_an_alias_never_used_by_a_target_stays() -> None:
    # not the rewrite's doing: the codemod does not clean up what it did not touch
    source = "import tensorflow as tf\nlayers = tf.contrib.layers\n" + CALL.replace(
        "slim.", "tf.contrib."
    )
    assert "layers = tf.contrib.layers" in _run(source)
