"""Every symbol and keyword the codemod emits exists in the installed TF/Keras (and the shim).

Outputs come from every rule example, every golden case and a sample of the generated call
forms (default and `--fallback shim`); the
names checked are those present in an output but not in its input (what the codemod added).
"""

from __future__ import annotations

import ast
import importlib
import inspect
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, QualifiedNameProvider

from migrate.engine.options import Fallback, Options
from migrate.engine.transform import transform_source
from migrate.rules import ALL_RULES

tf = pytest.importorskip("tensorflow")

from _equiv_cases import all_cases  # noqa: E402

CASES_DIR = Path(__file__).parents[1] / "migrate" / "cases"


def _pairs() -> Iterator[tuple[str, str]]:
    for rule in ALL_RULES:
        for example in rule.EXAMPLES:
            yield example.before, example.after
    for path in sorted(CASES_DIR.glob("*.py")):
        before, after = path.read_text(encoding="utf-8").split("# output\n", 1)
        yield before, after
    for case in all_cases()[::7]:  # a sample: the emitted vocabulary is small
        yield case.source, transform_source(case.source).output
    shim = Options(fallback=Fallback.SHIM)  # what `--fallback shim` emits instead of plain ops
    for case in all_cases()[3::7]:
        yield case.source, transform_source(case.source, options=shim).output


def _calls(code: str) -> list[tuple[str, cst.Call]]:
    wrapper = MetadataWrapper(cst.parse_module(code))
    names = wrapper.resolve(QualifiedNameProvider)
    found = []
    for node in names:
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Name | cst.Attribute):
            for qualified in _q(names, node.func):
                found.append((qualified, node))
            if isinstance(node.func, cst.Call):  # Keras: Loss(...)(y_true, y_pred, ...)
                for qualified in _q(names, node.func.func):
                    found.append((f"{qualified}.__call__", node))
    return found


def _q(names: Any, node: cst.CSTNode) -> set[str]:
    value = names.get(node, ())
    value = value() if callable(value) else value
    return {q.name for q in value}


def _resolve(dotted: str) -> Any:
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for part in parts[cut:]:
            obj = getattr(obj, part)
        return obj
    raise ImportError(dotted)


def _emitted() -> dict[str, list[cst.Call]]:
    emitted: dict[str, list[cst.Call]] = {}
    for before, after in _pairs():
        if before == after:
            continue
        for qualified, call in _calls(after):
            spelled = cst.Module(body=[]).code_for_node(call.func)
            if spelled in before:  # present before: not emitted by the codemod
                continue
            if qualified.split(".")[0] in {"tensorflow", "tfcompat_losses"}:
                emitted.setdefault(qualified, []).append(call)
    return emitted


EMITTED = _emitted()


def test_something_is_emitted() -> None:
    assert {
        "tensorflow.keras.losses.CategoricalCrossentropy",
        "tensorflow.keras.losses.SparseCategoricalCrossentropy",
        "tensorflow.stop_gradient",
        "tensorflow.nn.softmax_cross_entropy_with_logits",
        "tfcompat_losses.softmax_cross_entropy",
        "tfcompat_losses.contrib.softmax_cross_entropy",
    } <= set(EMITTED)


@pytest.mark.parametrize("qualified", sorted(EMITTED))
def test_emitted_symbol_and_keywords_exist(qualified: str) -> None:
    obj = _resolve(qualified)
    target = obj.__init__ if inspect.isclass(obj) else obj
    if qualified.endswith(".__call__"):
        target = obj
    parameters = inspect.signature(target).parameters
    for call in EMITTED[qualified]:
        for arg in call.args:
            if arg.keyword is not None:
                assert arg.keyword.value in parameters, (qualified, arg.keyword.value)
        if inspect.isclass(obj):
            # Constructor arguments are literals: build the object to check their values.
            kwargs = {
                a.keyword.value: ast.literal_eval(cst.Module(body=[]).code_for_node(a.value))
                for a in call.args
                if a.keyword is not None
            }
            loss = obj(**kwargs)
            assert callable(loss)


def test_keras_call_keywords_exist() -> None:
    for name in ("CategoricalCrossentropy", "SparseCategoricalCrossentropy"):
        parameters = inspect.signature(getattr(tf.keras.losses, name).__call__).parameters
        assert {"y_true", "y_pred", "sample_weight"} <= set(parameters)
