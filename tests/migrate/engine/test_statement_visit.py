"""``visit_mentioning`` gives what visiting every node of its statements gives, faster.

Inside the statements it visits, it enters only the nodes on a path to a name that may be a
target (``SiteTracker.hot``): a claim that every transformer hook is a no-op elsewhere. This
checks it on every input the test suite has (and generated modules), under the option sets that
take different rewrite paths: the output and the findings must be those of the whole visit of
each statement, byte for byte and in order. (The statements it skips whole keep their identity,
which later passes rely on: ``slim = tf.contrib.slim`` is found unused by its own node.)
"""

from __future__ import annotations

import libcst as cst
import pytest
from test_bindings import SOURCES
from test_fixed_point import OPTION_SETS, _generate, _variants

import migrate.engine.statement_visit as statement_visit
from migrate.engine.call_transformer import CallTransformer
from migrate.engine.options import Options
from migrate.engine.transform import transform_source
from migrate.report.results import SourceResult

_OPTIONS = ("default", "report", "guarded")


def _everything(root: cst.CSTNode, names: frozenset[str]) -> None:
    return None  # `SiteTracker.hot = None`: every node of the statement is entered


def as_patched(
    source: str,
    options: Options,
    monkeypatch: pytest.MonkeyPatch,
    owner: object,
    name: str,
    value: object,
) -> tuple[SourceResult, SourceResult]:
    """The engine's result, and its result with ``owner.name`` set to ``value``."""
    ours = transform_source(source, options=options)
    with monkeypatch.context() as patch:
        patch.setattr(owner, name, value)
        reference = transform_source(source, options=options)
    return ours, reference


def _both(
    source: str, options: Options, monkeypatch: pytest.MonkeyPatch
) -> tuple[SourceResult, SourceResult]:
    return as_patched(source, options, monkeypatch, statement_visit, "_hot", _everything)


def _assert_same(fast: SourceResult, full: SourceResult, where: str) -> None:
    assert fast.error == full.error, where
    assert fast.output == full.output, f"{where}: the output differs from a full visit"
    assert fast.findings == full.findings, f"{where}: the findings differ from a full visit"


@pytest.mark.parametrize("options", _OPTIONS)
@pytest.mark.parametrize("name", sorted(SOURCES))
def test_every_test_input_as_a_full_visit(
    name: str, options: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for variant, source in _variants(SOURCES[name]).items():
        fast, full = _both(source, OPTION_SETS[options], monkeypatch)
        _assert_same(fast, full, f"{name} [{variant}, {options}]")


@pytest.mark.parametrize("seed", range(40))
def test_generated_modules_as_a_full_visit(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    import random

    generated = _generate(random.Random(seed), pieces=12)
    for options in _OPTIONS:
        fast, full = _both(generated.source, OPTION_SETS[options], monkeypatch)
        _assert_same(fast, full, f"seed {seed} [{options}]")


def test_pruning_is_what_makes_the_difference_visible(monkeypatch: pytest.MonkeyPatch) -> None:
    """The comparison can fail: a transformer that acts on a name outside the hot paths (here:
    every ``labels`` argument renamed) gives a different output when the pruning skips it."""
    source = (
        "import tensorflow as tf\n"
        "def f(labels, logits):\n"
        "    return tf.losses.softmax_cross_entropy(labels, logits, weights=2.0)\n"
    )

    def rename_labels(self: object, original: cst.Name, updated: cst.Name) -> cst.Name:
        return updated.with_changes(value="targets") if updated.value == "labels" else updated

    monkeypatch.setattr(CallTransformer, "leave_Name", rename_labels)
    fast, full = _both(source, Options(), monkeypatch)
    assert "targets" in full.output
    assert fast.output != full.output


def test_hot_nodes_are_the_paths_to_a_mention() -> None:
    statement = cst.parse_statement("x = f(a, g(softmax_cross_entropy), b)\n")
    hot = statement_visit._hot(statement, frozenset({"softmax_cross_entropy"}))
    names = {
        node.value for node in _walk(statement) if isinstance(node, cst.Name) and id(node) in hot
    }
    assert names == {"softmax_cross_entropy"}
    calls = [node for node in _walk(statement) if isinstance(node, cst.Call)]
    assert [id(call) in hot for call in calls] == [True, True]
    args = [node for node in _walk(statement) if isinstance(node, cst.Arg)]
    assert [id(arg) in hot for arg in args] == [False, True, True, False]
    assert statement_visit._hot(statement, frozenset({"other"})) == set()


def _walk(node: cst.CSTNode) -> list[cst.CSTNode]:
    found = [node]
    for child in node.children:
        found.extend(_walk(child))
    return found
