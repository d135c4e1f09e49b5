"""The public surface: TF1 signatures, public TF2 ops only, a clear error without TensorFlow."""

from __future__ import annotations

import ast
import doctest
import importlib
import inspect
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from _oracle import v1

import tfcompat_losses as T

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import tf_slim

PACKAGE = Path(T.__file__).parent
EXPECTED_ALL = {
    "LOSSES",
    "LossCollector",
    "Reduction",
    "add_loss",
    "collect_losses",
    "compute_weighted_loss",
    "contrib",
    "distribute",
    "get_losses",
    "get_total_loss",
    "nn",
    "softmax_cross_entropy",
    "sparse_softmax_cross_entropy",
}


def _params(fn: object) -> list[tuple[str, object]]:
    return [(p.name, p.default) for p in inspect.signature(fn).parameters.values()]  # type: ignore[arg-type]


def test_all() -> None:
    assert set(T.__all__) == EXPECTED_ALL
    for name in T.__all__:
        assert getattr(T, name) is not None


@pytest.mark.parametrize(
    ("shim", "oracle"),
    [
        (T.softmax_cross_entropy, v1.losses.softmax_cross_entropy),
        (T.sparse_softmax_cross_entropy, v1.losses.sparse_softmax_cross_entropy),
        (T.compute_weighted_loss, v1.losses.compute_weighted_loss),
        (T.add_loss, v1.losses.add_loss),
        (T.get_losses, v1.losses.get_losses),
        (T.get_total_loss, v1.losses.get_total_loss),
        (T.contrib.softmax_cross_entropy, tf_slim.losses.softmax_cross_entropy),
        (T.contrib.sparse_softmax_cross_entropy, tf_slim.losses.sparse_softmax_cross_entropy),
        (T.nn.softmax_cross_entropy_with_logits, v1.nn.softmax_cross_entropy_with_logits),
        (T.nn.softmax_cross_entropy_with_logits_v2, v1.nn.softmax_cross_entropy_with_logits_v2),
    ],
    ids=lambda f: f"{f.__module__}.{f.__name__}",
)
def test_signatures_match_tf1(shim: object, oracle: object) -> None:
    assert _params(shim) == _params(oracle)


def test_losses_constant_is_tf1s() -> None:
    assert T.LOSSES == v1.GraphKeys.LOSSES


def _dotted(node: ast.AST) -> str:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    return ".".join(reversed(parts))


@pytest.mark.parametrize("path", sorted(PACKAGE.glob("*.py")), ids=lambda p: p.name)
def test_public_tf2_api_only(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            assert not (node.module or "").startswith("tensorflow."), f"{path.name}: {node.module}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                assert not alias.name.startswith("tensorflow."), f"{path.name}: {alias.name}"
        elif isinstance(node, ast.Attribute):
            dotted = _dotted(node)
            assert "compat.v1.losses" not in dotted, f"{path.name} uses the oracle: {dotted}"
            assert ".python." not in f".{dotted}.", f"{path.name}: {dotted}"


def test_clear_import_error_without_tensorflow() -> None:
    code = "import sys; sys.modules['tensorflow'] = None; import tfcompat_losses"
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=PACKAGE.parent,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "ImportError" in result.stderr
    assert "tfcompat-losses[tensorflow]" in result.stderr
    assert "tfcompat-losses[tensorflow-cpu]" in result.stderr


@pytest.mark.parametrize("module", ["collections", "losses", "reduction", "weighting"])
def test_docstring_examples(module: str) -> None:
    result = doctest.testmod(importlib.import_module(f"tfcompat_losses.{module}"))
    assert result.attempted > 0
    assert result.failed == 0
