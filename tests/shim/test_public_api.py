"""The public surface: every name of tf.compat.v1.losses with TF1's signature, public TF2 ops only,
one module per loss family, and a clear error without TensorFlow."""

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
    from tf_slim.losses import loss_ops

PACKAGE = Path(T.__file__).parent
# The oracle's own list (TF 2.21: 17 names); the shim's extras are its eager collector, the
# LOSSES key and the sub-packages.
TF1_NAMES = sorted(name for name in dir(v1.losses) if not name.startswith("_"))
EXPECTED_ALL = {
    *TF1_NAMES,
    "LOSSES",
    "LossCollector",
    "collect_losses",
    "contrib",
    "distribute",
    "nn",
}
CONTRIB_NAMES = sorted(loss_ops.__all__)  # tf.contrib.losses' own list
NN_NAMES = [
    "sigmoid_cross_entropy_with_logits",
    "softmax_cross_entropy_with_logits",
    "softmax_cross_entropy_with_logits_v2",
    "weighted_cross_entropy_with_logits",
]


def _params(fn: object) -> list[tuple[str, object, object]]:
    parameters = inspect.signature(fn).parameters.values()  # type: ignore[arg-type]
    return [(p.name, p.default, p.kind) for p in parameters]


def test_all() -> None:
    assert len(TF1_NAMES) >= 17
    assert set(T.__all__) == EXPECTED_ALL
    for name in T.__all__:
        assert getattr(T, name) is not None


@pytest.mark.parametrize("name", TF1_NAMES)
def test_every_tf1_name_with_tf1s_signature(name: str) -> None:
    """Fails when a public name of tf.compat.v1.losses is missing or its signature differs."""
    oracle = getattr(v1.losses, name)
    assert name in T.__all__, f"tfcompat_losses lacks tf.compat.v1.losses.{name}"
    shim = getattr(T, name)
    if inspect.isclass(oracle):
        assert inspect.isclass(shim)
        public = {k for k in vars(oracle) if not k.startswith("_")}
        assert public <= set(dir(shim))
        for key in public:
            if not callable(getattr(oracle, key)):
                assert getattr(shim, key) == getattr(oracle, key), key
    else:
        assert _params(shim) == _params(oracle)


@pytest.mark.parametrize("name", NN_NAMES)
def test_nn_signatures_match_tf1(name: str) -> None:
    assert _params(getattr(T.nn, name)) == _params(getattr(v1.nn, name))
    assert set(T.nn.__all__) == set(NN_NAMES)


@pytest.mark.parametrize("name", CONTRIB_NAMES)
def test_contrib_signatures_match_tf_slim(name: str) -> None:
    """tf_slim.losses is tf.contrib.losses' code: every name, with its signature."""
    assert name in T.contrib.__all__, f"tfcompat_losses.contrib lacks {name}"
    assert _params(getattr(T.contrib, name)) == _params(getattr(tf_slim.losses, name))
    assert set(T.contrib.__all__) == set(CONTRIB_NAMES)


def test_modules_stay_small() -> None:
    for path in PACKAGE.rglob("*.py"):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        assert lines <= 350, f"{path.relative_to(PACKAGE)} has {lines} lines"


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


@pytest.mark.parametrize(
    "path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE))
)
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


@pytest.mark.parametrize(
    "module",
    [
        "classification",
        "collections",
        "cosine",
        "nn",
        "pairwise",
        "reduction",
        "regression",
        "sigmoid",
        "softmax",
        "weighting",
    ],
)
def test_docstring_examples(module: str) -> None:
    result = doctest.testmod(importlib.import_module(f"tfcompat_losses.{module}"))
    assert result.attempted > 0
    assert result.failed == 0
