"""``remove_unused_header_imports`` against libcst's ``RemoveImportsVisitor`` on the full module.

The engine runs the removal on the import header only, with the names the whole module uses;
libcst's pass runs a scope analysis of the module it gets. Over generated modules (every import
form, comments inside and after parenthesised imports, names used or not, removals scheduled at
random), both must give the same text.
"""

from __future__ import annotations

import random
import re

import libcst as cst
import pytest
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import RemoveImportsVisitor

from migrate.engine.cst_walk import used_names
from migrate.engine.imports import remove_unused_header_imports
from migrate.engine.transform import transform_source

# (statement text, [(module, obj, asname, local name)...]) - what each import binds
_IMPORTS: list[tuple[str, list[tuple[str, str | None, str | None, str]]]] = [
    ("import tensorflow as tf", [("tensorflow", None, "tf", "tf")]),
    ("import numpy", [("numpy", None, None, "numpy")]),
    ("import os.path", [("os.path", None, None, "os")]),
    (
        "import tf_slim as slim, json",
        [("tf_slim", None, "slim", "slim"), ("json", None, None, "json")],
    ),
    (
        "from tensorflow.compat.v1.losses import softmax_cross_entropy as xent, get_total_loss",
        [
            ("tensorflow.compat.v1.losses", "softmax_cross_entropy", "xent", "xent"),
            ("tensorflow.compat.v1.losses", "get_total_loss", None, "get_total_loss"),
        ],
    ),
    (
        "from tensorflow.contrib import (\n    losses as contrib_losses,  # contrib's\n"
        "    slim,  # slim\n)",
        [
            ("tensorflow.contrib", "losses", "contrib_losses", "contrib_losses"),
            ("tensorflow.contrib", "slim", None, "slim2"),
        ],
    ),
    ("from collections import OrderedDict", [("collections", "OrderedDict", None, "OrderedDict")]),
    ("from __future__ import annotations", [("__future__", "annotations", None, "annotations")]),
    ("from . import sibling", [("", "sibling", None, "sibling")]),
    ("from os import *", []),
]


def _module(rng: random.Random) -> tuple[str, list[tuple[str, str | None, str | None]]]:
    chosen = rng.sample(_IMPORTS, rng.randint(1, len(_IMPORTS)))
    chosen.sort(key=lambda item: "__future__" not in item[0])  # __future__ first
    lines: list[str] = []
    scheduled: list[tuple[str, str | None, str | None]] = []
    uses: list[str] = []
    for text, binds in chosen:
        if rng.random() < 0.3:
            lines.append("# about the next import")
        lines.append(text + ("  # trailing" if rng.random() < 0.3 else ""))
        for module, obj, asname, local in binds:
            if local == "slim2":  # `slim` bound twice: keep the test about one binding each
                continue
            if rng.random() < 0.6:
                scheduled.append((module, obj, asname))
            if rng.random() < 0.4 and local != "annotations":
                uses.append(local)
    lines.append("")
    lines.extend(f"x{i} = {name}.thing" for i, name in enumerate(uses))
    return "\n".join(lines) + "\n", scheduled


def _header_end(module: cst.Module) -> int:
    end = 0
    for index, statement in enumerate(module.body):
        if isinstance(statement, cst.SimpleStatementLine) and isinstance(
            statement.body[0], cst.Import | cst.ImportFrom
        ):
            end = index + 1
    return end


@pytest.mark.parametrize("seed", range(300))
def test_same_text_as_libcst_on_the_whole_module(seed: int) -> None:
    rng = random.Random(seed)
    source, scheduled = _module(rng)
    module = cst.parse_module(source)

    def context() -> CodemodContext:
        ctx = CodemodContext(full_package_name="pkg.mod", full_module_name="pkg.mod")
        for module_name, obj, asname in scheduled:
            RemoveImportsVisitor.remove_unused_import(ctx, module_name, obj=obj, asname=asname)
        return ctx

    expected = RemoveImportsVisitor(context()).transform_module(module).code
    end = _header_end(module)
    header = module.with_changes(body=module.body[:end])
    used = used_names(module, skip_imports=True)
    new_header = remove_unused_header_imports(context(), header, used)
    got = module.with_changes(body=[*new_header.body, *module.body[end:]]).code
    assert got == expected, source


def test_an_import_used_only_after_the_header_is_kept() -> None:
    """libcst's pass given the header alone would remove it; the known uses keep it."""
    source = "import tensorflow as tf\nimport numpy as np\nloss = tf.reduce_sum(x)\n"
    module = cst.parse_module(source)
    context = CodemodContext()
    RemoveImportsVisitor.remove_unused_import(context, "tensorflow", asname="tf")
    RemoveImportsVisitor.remove_unused_import(context, "numpy", asname="np")
    header = module.with_changes(body=module.body[:2])
    new = remove_unused_header_imports(context, header, used_names(module, skip_imports=True))
    assert new.code == "import tensorflow as tf\n"


_STILL_USED = {
    # `from common import *` reads `tf` through `__all__`
    "listed in __all__ after the header": (
        "import tensorflow as tf\n\n"
        '__all__ = ["tf", "pairwise"]\n\n\n'
        "def pairwise(labels, preds):\n"
    ),
    # `typing.get_type_hints` evaluates "tf.Tensor"
    "used only in string annotations": (
        'import tensorflow as tf\n\n\ndef pairwise(labels: "tf.Tensor", preds) -> "tf.Tensor":\n'
    ),
}


@pytest.mark.parametrize("name", sorted(_STILL_USED))
def test_an_import_still_used_outside_names_is_kept(name: str) -> None:
    """Both were removed before an audit found them."""
    source = _STILL_USED[name] + "    return tf.losses.mean_pairwise_squared_error(labels, preds)\n"
    result = transform_source(source)
    assert "tfcompat_losses.mean_pairwise_squared_error" in result.output
    assert "import tensorflow as tf\n" in result.output


def test_a_string_outside_annotations_does_not_keep_an_import() -> None:
    source = (
        "import tensorflow as tf\n\n\n"
        "def pairwise(labels, preds):\n"
        '    """tf is mentioned here."""\n'
        "    return tf.losses.mean_pairwise_squared_error(labels, preds)\n"
    )
    assert "import tensorflow" not in transform_source(source).output


_COMMENTED_IMPORTS = {
    "trailing and inside parentheses": (
        "import tensorflow as tf\n"
        "import tensorflow.contrib.slim as slim  # TODO(team): drop with TF2\n"
        "from tensorflow.compat.v1.losses import (\n"
        "    softmax_cross_entropy,  # labels first!\n"
        ")\n\n\n"
        "def f(net, labels):\n"
        "    return slim.losses.softmax_cross_entropy(net, labels) + softmax_cross_entropy(labels, net)\n"
    ),
    "above the line, nothing after the imports but the call": (
        "import tensorflow as tf\n"
        "# the losses we use\n"
        "from tensorflow.compat.v1.losses import softmax_cross_entropy as xent  # TF1\n"
        "loss = xent(labels, logits)\n"
    ),
    "one name of two removed": (
        "import tensorflow as tf\n"
        "from tensorflow.compat.v1.losses import (\n"
        "    Reduction,  # kept\n"
        "    softmax_cross_entropy,  # removed\n"
        ")\n"
        "r = Reduction.SUM\n"
        "loss = softmax_cross_entropy(labels, logits)\n"
    ),
    "a module with __all__": (
        "import tensorflow as tf\n"
        "from tensorflow.compat.v1.losses import softmax_cross_entropy as xent  # TF1\n"
        '__all__ = ["f"]\n'
        "def f(labels, logits):\n"
        "    return xent(labels, logits)\n"
    ),
}


@pytest.mark.parametrize("name", sorted(_COMMENTED_IMPORTS))
def test_comments_on_removed_imports_survive(name: str) -> None:
    """A comment on or above an import the rewrite removes goes after the imports (audit)."""
    source = _COMMENTED_IMPORTS[name]
    result = transform_source(source)
    assert result.error is None
    assert result.output != source
    for comment in re.findall(r"#[^\n]*", source):
        assert result.output.count(comment) == 1, result.output
    assert transform_source(result.output).output == result.output
