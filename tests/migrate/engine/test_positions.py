"""``LazyPositions.code`` is ``module.code``: it copies the original text of what the rewrite kept.

It copies every statement the transform kept, and splices the code of changed lines into the
original text of the compound statements rebuilt around them (``Provenance``). Checked against
libcst's own code generation on every input the test suite has, generated modules, and
hand-written shapes (every kind of block and clause, custom indentation, comments in headers,
plain-ops rewrites that put statements around a line, findings without a change).
"""

from __future__ import annotations

import random

import libcst as cst
import pytest
from test_bindings import SOURCES
from test_fixed_point import OPTION_SETS, _generate, _variants
from test_statement_visit import as_patched

from migrate.engine.options import Assumption, Options, TF1Mode
from migrate.engine.positions import LazyPositions, Provenance
from migrate.engine.transform import transform_source
from migrate.report.results import SourceResult

_OPTIONS = ("default", "guarded")


def _libcst_code(
    self: LazyPositions, module: cst.Module, provenance: Provenance | None = None
) -> str:
    return module.code


def _both(
    source: str, options: Options, monkeypatch: pytest.MonkeyPatch
) -> tuple[SourceResult, SourceResult]:
    return as_patched(source, options, monkeypatch, LazyPositions, "code", _libcst_code)


@pytest.mark.parametrize("options", _OPTIONS)
@pytest.mark.parametrize("name", sorted(SOURCES))
def test_every_test_input_as_libcst_generates_it(
    name: str, options: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for variant, source in _variants(SOURCES[name]).items():
        ours, reference = _both(source, OPTION_SETS[options], monkeypatch)
        assert ours.output == reference.output, f"{name} [{variant}, {options}]"


@pytest.mark.parametrize("seed", range(30))
def test_generated_modules_as_libcst_generates_them(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    generated = _generate(random.Random(seed), pieces=12)
    for options in _OPTIONS:
        ours, reference = _both(generated.source, OPTION_SETS[options], monkeypatch)
        assert ours.output == reference.output, f"seed {seed} [{options}]"


_CALL = "tf.losses.mean_squared_error(y, p, weights=w)"

SHAPES = {
    "if-elif-else": f"""
def f(y, p, w, c):
    if c:  # header comment
        a = 1
    elif c > 1:
        loss = {_CALL}
    else:
        # a comment line
        loss = {_CALL}
    return loss
""",
    "try-all-clauses": f"""
def f(y, p, w):
    try:
        loss = {_CALL}
    except ValueError as exc:  # why
        loss = {_CALL}
    except (TypeError, KeyError):
        raise
    else:
        loss = loss + 1
    finally:
        loss = {_CALL}
    return loss
""",
    "loops-with-else": f"""
def f(y, p, w, xs):
    for x in xs:
        loss = {_CALL}
    else:
        done = True
    while xs:
        xs.pop()
        loss = {_CALL}
    else:
        loss = {_CALL}
""",
    "class-with-nested-defs": f"""
class Model:
    '''Doc.'''

    def loss(self, y, p, w):
        def inner():
            return {_CALL}
        with tf.name_scope("x"):
            value = {_CALL}
        return inner() + value
""",
    "tabs-and-two-spaces": (
        "def f(y, p, w):\n"
        "\tif y:\n"
        f"\t\tloss = {_CALL}\n"
        "\treturn loss\n"
        "\n"
        "def g(y, p, w):\n"
        "  if y:\n"
        "      for _ in y:\n"
        f"        loss = {_CALL}\n"
        "  return loss\n"
    ),
    "one-line-suites": f"""
def f(y, p, w):
    if y: loss = {_CALL}
    else: loss = 0
    for _ in y: total = {_CALL}
    return loss
""",
    "semicolons-and-continuations": f"""
def f(y, p, w):
    a = 1; loss = {_CALL}
    b = (
        {_CALL}
    )
    c = \\
        {_CALL}
    return loss + b + c
""",
    "decorators-and-async": f"""
@decorator(
    1,
)
async def f(y, p, w):
    async with ctx() as c:
        loss = {_CALL}
    async for _ in c:
        loss = {_CALL}
    return loss
""",
    "match": f"""
def f(y, p, w, kind):
    match kind:
        case "a":
            loss = {_CALL}
        case _:
            loss = 0
    return loss
""",
    "unchanged-finding-only": """
def f(y, p, w):
    if y:
        loss = tf.losses.mean_squared_error(y, p, **kwargs)
    return loss
""",
    "no-trailing-newline": f"def f(y, p, w):\n    if y:\n        return {_CALL}",
}


@pytest.mark.parametrize("collections", [Assumption.NO, Assumption.YES])
@pytest.mark.parametrize("name", sorted(SHAPES))
def test_shapes_as_libcst_generates_them(
    name: str, collections: Assumption, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = "import tensorflow as tf\n" + SHAPES[name]
    for options in (Options(), Options(loss_collections=collections, tf1=TF1Mode.YES)):
        ours, reference = _both(source, options, monkeypatch)
        assert reference.error is None
        assert ours.output == reference.output
        if name != "unchanged-finding-only":
            assert ours.changed, "the shape must exercise a rewrite"


def test_a_wrong_splice_is_visible(monkeypatch: pytest.MonkeyPatch) -> None:
    """The comparison can fail: generating changed lines at no indentation breaks the output."""
    source = "import tensorflow as tf\n" + SHAPES["if-elif-else"]
    original = LazyPositions._generate

    def flat(self: LazyPositions, node: cst.CSTNode, indent: tuple[str, ...]) -> str:
        return original(self, node, ())

    monkeypatch.setattr(LazyPositions, "_generate", flat)
    ours = transform_source(source, options=Options(loss_collections=Assumption.YES))
    monkeypatch.undo()
    reference = transform_source(source, options=Options(loss_collections=Assumption.YES))
    assert ours.output != reference.output


@pytest.mark.parametrize(
    "name", sorted(set(SHAPES) - {"unchanged-finding-only", "match", "no-trailing-newline"})
)
def test_only_the_changed_lines_are_generated(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The compound statements around a changed line are spliced, not generated again (a
    ``match`` is rebuilt whole: its cases are not blocks ``visit_mentioning`` rebuilds; a module
    without a trailing newline is generated whole)."""
    generated: list[type[cst.CSTNode]] = []
    original = LazyPositions._generate

    def record(self: LazyPositions, node: cst.CSTNode, indent: tuple[str, ...]) -> str:
        generated.append(type(node))
        return original(self, node, indent)

    monkeypatch.setattr(LazyPositions, "_generate", record)
    source = "import tensorflow as tf\n" + SHAPES[name]
    result = transform_source(source, options=Options(loss_collections=Assumption.YES))
    assert result.changed
    assert generated
    assert set(generated) <= {cst.SimpleStatementLine, cst.SimpleStatementSuite}, generated
