"""Parse errors are located and explained by Python's own parser (expectations: CPython 3.11)."""

from __future__ import annotations

import libcst as cst
import pytest

from migrate.engine.transform import transform_source
from migrate.files.syntax_errors import syntax_problem


def _libcst_error(source: str) -> cst.ParserSyntaxError:
    with pytest.raises(cst.ParserSyntaxError) as info:
        cst.parse_module(source)
    return info.value


def test_python2_print_is_located_on_its_own_line() -> None:
    source = 'import tensorflow as tf\nprint "hi"\nx = 1\n'
    assert _libcst_error(source).raw_line == 3  # libcst points one line too far
    problem = syntax_problem(source, _libcst_error(source))
    assert (problem.line, problem.column) == (2, 1)
    assert problem.message.startswith("Missing parentheses in call to 'print'")


def test_engine_error_quotes_the_precise_line() -> None:
    source = 'import tensorflow as tf\nprint "hi"\nloss = tf.losses.softmax_cross_entropy(y, x)\n'
    result = transform_source(source, path="old.py")
    assert result.error is not None
    assert result.error.startswith("cannot parse old.py as Python 3 (line 2, column 1): Missing")
    assert result.output == source


def test_unclosed_bracket_points_at_the_opening_one() -> None:
    source = "x = 1\ny = (1,\nz = 2\n"
    problem = syntax_problem(source, _libcst_error(source))
    assert (problem.line, problem.column) == (2, 5)
    assert problem.message == "'(' was never closed"


def test_syntax_warnings_are_not_emitted(recwarn: pytest.WarningsRecorder) -> None:
    source = 'x = "\\d"\nprint "a"\n'
    assert syntax_problem(source, _libcst_error(source)).line == 2
    assert not recwarn.list
