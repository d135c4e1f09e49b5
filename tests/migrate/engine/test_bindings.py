"""The cheap ``ModuleIndex`` answers exactly what libcst's scope analysis answers, or declines.

Differential: for every ``Name``/``Attribute`` node of every source below, the resolver with the
index and the resolver on libcst's ``ScopeProvider`` alone must give the same qualified names,
the same star-import answer and the same imports to remove; the module-wide answers too. The
sources are the golden cases, the real-code corpus, the example project, every rule example,
the benchmark generator's modules, hand-written scoping traps and random programs built from
binding forms (hypothesis). Coverage checks keep the test from passing by always declining.
"""

from __future__ import annotations

import os
import random
import sys
from collections.abc import Iterator
from pathlib import Path

import libcst as cst
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import RemoveImportsVisitor
from libcst.metadata import MetadataWrapper

import migrate.engine.transform  # noqa: F401  # as in the engine: libcst's import passes, cheap to build
from migrate.engine.bindings import ModuleIndex
from migrate.engine.cst_walk import children
from migrate.engine.imports import schedule_unused_import_removal
from migrate.engine.resolver import NameResolver
from migrate.engine.symbols import ALL_TARGETS, TF1_ONLY
from migrate.rules import ALL_RULES
from migrate.rules.base import Noop

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "benchmarks"))
import gen_repo  # noqa: E402

LEAVES = frozenset(name.rsplit(".", 1)[-1] for name in TF1_ONLY) | {"tf", "slim"}
"""The leaves the engine asks ``names_of_leaves`` about (TF1 evidence), and two roots. (A string
annotation is no code to the index: `-> 'tf.losses.Reduction'` is seen by libcst alone.)"""


def _file_sources() -> Iterator[tuple[str, str]]:
    for path in sorted((ROOT / "tests/migrate/cases").glob("*.py")):
        before, after = path.read_text(encoding="utf-8").split("# output\n", 1)
        yield f"case:{path.stem}", before
        yield f"case-out:{path.stem}", after
    for path in sorted((ROOT / "tests/migrate/corpus").glob("*.py")):
        yield f"corpus:{path.stem}", path.read_text(encoding="utf-8")
    for path in sorted((ROOT / "examples").rglob("*.py")):
        yield f"example:{path.relative_to(ROOT)}", path.read_text(encoding="utf-8")
    for rule in ALL_RULES:
        for index, example in enumerate(rule.EXAMPLES):
            yield f"{rule.code}-example{index}", example.before
            yield f"{rule.code}-example{index}-after", example.after
        for index, noop in enumerate(rule.NOOPS):
            yield f"{rule.code}-noop{index}", noop.source if isinstance(noop, Noop) else noop
    rng = random.Random(7)
    for kind in ("target", "tf2", "lookalike", "plain"):
        for dense in (False, True):
            for round_ in range(3):
                yield f"gen:{kind}:{dense}:{round_}", gen_repo._module(rng, 120, kind, dense)


TRAPS = {
    "param-shadows": "import tensorflow as tf\ndef f(tf):\n    return tf.losses.softmax_cross_entropy(a, b)\n"
    "tf.losses.softmax_cross_entropy(a, b)\n",
    "local-import": "def f():\n    import tensorflow.compat.v1 as tf\n    return tf.losses.softmax_cross_entropy(a, b)\n"
    "tf.losses.softmax_cross_entropy(a, b)\n",
    "use-before-import": "def f():\n    return tf.losses.softmax_cross_entropy(a, b)\n"
    "tf.losses.softmax_cross_entropy(a, b)\nimport tensorflow as tf\ntf.losses.softmax_cross_entropy(a, b)\n",
    "same-statement": "import tensorflow as tf; tf.losses.softmax_cross_entropy(a, b)\n",
    "rebound": "import tensorflow as tf\ntf = wrap(tf)\ntf.losses.softmax_cross_entropy(a, b)\n",
    "global-rebind": "import tensorflow as tf\ndef f():\n    global tf\n    import tensorflow.compat.v1 as tf\n"
    "tf.losses.softmax_cross_entropy(a, b)\n",
    "nonlocal": "import tensorflow as tf\ndef f():\n    tf = 1\n    def g():\n        nonlocal tf\n"
    "        return tf.losses.softmax_cross_entropy(a, b)\n    return g\n",
    "class-scope": "import tensorflow as tf\nclass A:\n    tf = other\n    x = tf.losses.softmax_cross_entropy(a, b)\n"
    "    def m(self):\n        return tf.losses.softmax_cross_entropy(a, b)\n",
    "comprehension": "import tensorflow as tf\nys = [tf.losses.softmax_cross_entropy(a, b) for tf in mods]\n"
    "zs = [tf.nn.softmax_cross_entropy_with_logits(labels=a, logits=b) for a in xs]\n",
    "walrus": "import tensorflow as tf\nif (tf := pick()):\n    tf.losses.softmax_cross_entropy(a, b)\n",
    "try-two-imports": "try:\n    import tensorflow.compat.v1 as tf\nexcept ImportError:\n    import tensorflow as tf\n"
    "def f():\n    return tf.losses.softmax_cross_entropy(a, b)\n",
    "dotted-import": "import tensorflow.compat.v1\nimport tensorflow\n"
    "tensorflow.compat.v1.losses.softmax_cross_entropy(a, b)\ntensorflow.losses.softmax_cross_entropy(a, b)\n",
    "from-import-alias": "from tensorflow.compat.v1.losses import softmax_cross_entropy as sce\n"
    "def f():\n    return sce(a, b)\nsce(a, b)\n",
    "from-import-name": "from tensorflow.contrib import slim\nslim.losses.softmax_cross_entropy(a, b)\n",
    "star": "from tensorflow.compat.v1.losses import *\nsoftmax_cross_entropy(a, b)\n",
    "builtin-alias": "import tensorflow as id\nid.losses.softmax_cross_entropy(a, b)\n",
    "unbound-tf": "loss = tf.losses.softmax_cross_entropy(a, b)\ndef f(tf):\n    return tf.nn.softmax_cross_entropy_with_logits(a, b)\n",
    "unbound-tf-only": "loss = tf.losses.softmax_cross_entropy(a, b)\nx = [tf.nn.softmax(z) for z in y]\n",
    "fstring": "import tensorflow as tf\nprint(f'{tf.losses.softmax_cross_entropy(a, b)}')\n",
    "string-annotation": "import tensorflow as tf\ndef f(x: 'tf.Tensor' 'x') -> 'tf.losses.Reduction':\n"
    "    return tf.losses.softmax_cross_entropy(a, b)\n",
    "typing-cast": "import typing\nimport tensorflow as tf\ny = typing.cast('tf.Tensor', tf.losses.softmax_cross_entropy(a, b))\n"
    "T = typing.NewType(tf.Tensor, tf.losses.softmax_cross_entropy)\n",
    "keyword-names": "import tensorflow as tf\ntf.losses.softmax_cross_entropy(tf=1, logits=tf.nn.relu(x))\n",
    "call-chain": "import tensorflow as tf\ntf.get_default_graph().get_collection(tf.GraphKeys.LOSSES)\n",
    "del": "import tensorflow as tf\nx = tf.losses.softmax_cross_entropy(a, b)\ndel tf\n",
    "decorator-default": "import tensorflow as tf\n@tf.function\ndef f(x=tf.losses.softmax_cross_entropy, *, y: tf.Tensor = None):\n"
    "    return lambda z=tf.nn: z\n",
    "module-alias": "import tensorflow as tf\nslim = tf.contrib.slim\nslim.losses.softmax_cross_entropy(a, b)\n",
    "with-except": "import tensorflow as tf\nwith open(p) as slim:\n    pass\ntry:\n    pass\nexcept E as tf:\n    pass\n"
    "tf.losses.softmax_cross_entropy(a, b)\n",
    "relative": "from . import losses\nfrom .. import tf\nlosses.softmax_cross_entropy(a, b)\ntf.nn.softmax_cross_entropy_with_logits(a, b)\n",
    "py2": "print 'hi'\n",
}


def _all_nodes(module: cst.Module) -> list[cst.CSTNode]:
    found, stack = [], [module]
    while stack:
        node = stack.pop()
        found.append(node)
        stack.extend(children(node))
    return found


def _removal(resolver: NameResolver | None, wrapper: MetadataWrapper, node: cst.CSTNode) -> object:
    context = CodemodContext(wrapper=wrapper)
    try:
        if resolver is None:
            RemoveImportsVisitor.remove_unused_import_by_node(context, node)
        else:
            schedule_unused_import_removal(context, resolver, node)
    except ValueError as error:
        return ("error", str(error))
    return sorted(context.scratch.get(RemoveImportsVisitor.CONTEXT_KEY, []), key=repr)


def _compare(source: str) -> tuple[int, int]:
    """Assert equal answers on every node; return (nodes asked, nodes the index answered)."""
    try:
        module = cst.parse_module(source)
    except cst.ParserSyntaxError:
        return 0, 0
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    fast = NameResolver(wrapper, source)
    slow = NameResolver(wrapper, source, index=False)
    index = ModuleIndex(module, source)
    assert fast.implicit_tf == slow.implicit_tf
    for package in ("tensorflow", "tf_slim", "numpy"):
        assert fast.names_of_leaves(LEAVES, package) == slow.names_of_leaves(LEAVES, package)
    asked = answered = 0
    inner = set()  # the insides of attribute chains (the engine removes whole chains)
    for node in _all_nodes(module):
        if isinstance(node, cst.Attribute):
            inner.add(node.value)
        if not isinstance(node, cst.Name | cst.Attribute):
            continue
        asked += 1
        answered += index.qualified_names(node) is not None
        where = f"{cst.Module([]).code_for_node(node)!r}"
        assert fast.names(node) == slow.names(node), where
        assert fast.star_import(node, ALL_TARGETS) == slow.star_import(node, ALL_TARGETS), where
        if node not in inner:
            assert _removal(fast, wrapper, node) == _removal(None, wrapper, node), where
    return asked, answered


SOURCES = dict(_file_sources())


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_index_agrees_with_libcst_on_test_sources(name: str) -> None:
    _compare(SOURCES[name])


@pytest.mark.parametrize("name", sorted(TRAPS))
def test_index_agrees_with_libcst_on_scoping_traps(name: str) -> None:
    _compare(TRAPS[name])


def test_engine_skips_libcst_scope_analysis_on_ordinary_tf1_modules(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Not a vacuous pass: on ordinary TF1 modules the index answers every question asked."""
    from migrate.engine.transform import transform_source

    def refuse(self: NameResolver) -> None:
        raise AssertionError("libcst's scope analysis was needed")

    monkeypatch.setattr(NameResolver, "_scopes", property(refuse))
    names = [n for n in SOURCES if n.startswith(("gen:target", "case:slim", "case:tf1"))]
    assert len(names) >= 8
    for name in names:
        result = transform_source(SOURCES[name])
        assert result.error is None, name
        assert result.findings, name


def _target_funcs(source: str) -> list[frozenset[str] | None]:
    module = cst.parse_module(source)
    index = ModuleIndex(module, source)
    return [
        index.qualified_names(node.func)
        for node in _all_nodes(module)
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Name | cst.Attribute)
    ]


@pytest.mark.parametrize(
    ("trap", "declines"),
    [
        ("param-shadows", True),
        ("use-before-import", True),
        ("same-statement", True),
        ("star", True),
        ("builtin-alias", True),
        ("rebound", True),
        ("string-annotation", False),
        ("dotted-import", False),
        ("try-two-imports", False),
        ("from-import-alias", False),
    ],
)
def test_index_declines_what_it_cannot_prove(trap: str, declines: bool) -> None:
    answers = _target_funcs(TRAPS[trap])
    assert answers
    assert (None in answers) is declines


# Random programs built from binding forms: the names `tf`, `slim`, `L` bound and used in every
# kind of scope, in every order.
_ROOTS = ["tf", "slim", "L"]
_IMPORTS = [
    "import tensorflow as {r}",
    "import tensorflow.compat.v1 as {r}",
    "import tf_slim as {r}",
    "from tensorflow.contrib import slim as {r}",
    "from tensorflow.compat.v1 import losses as {r}",
    "import tensorflow.compat.v1",
    "import tensorflow",
]
_USES = [
    "{r}.losses.softmax_cross_entropy(a, b)",
    "{r}.softmax_cross_entropy(a, b)",
    "{r}.nn.softmax_cross_entropy_with_logits(labels=a, logits=b)",
    "tensorflow.compat.v1.losses.sparse_softmax_cross_entropy(a, b)",
    "{r}.get_collection({r}.GraphKeys.LOSSES)",
    "{r}",
]
_BINDINGS = [
    "{r} = other",
    "for {r} in xs: pass",
    "with ctx() as {r}: pass",
    "del {r}",
    "({r} := 3)",
    "global {r}",
    "{r}: int = 1",
]


@st.composite
def _programs(draw: st.DrawFn) -> str:
    lines: list[str] = []

    def statement(depth: int, indent: str) -> None:
        root = draw(st.sampled_from(_ROOTS))
        kind = draw(
            st.sampled_from(["import", "use", "use", "bind", "def", "class", "comp", "lambda"])
        )
        if depth >= 2 and kind in ("def", "class"):
            kind = "use"
        if kind == "import":
            lines.append(indent + draw(st.sampled_from(_IMPORTS)).format(r=root))
        elif kind == "use":
            lines.append(indent + draw(st.sampled_from(_USES)).format(r=root))
        elif kind == "bind":
            text = draw(st.sampled_from(_BINDINGS)).format(r=root)
            if text.startswith("global") and not indent:
                text = "pass"
            lines.append(indent + text)
        elif kind == "comp":
            use = draw(st.sampled_from(_USES)).format(r=root)
            target = draw(st.sampled_from(["x", root, f"({root} := y)"]))
            if target.startswith("("):
                use, target = target, "y"  # a walrus in the element binds in the enclosing scope
            shape = draw(
                st.sampled_from(
                    ["[{} for {} in xs]", "({} for {} in xs)", "{{1: {} for {} in xs}}"]
                )
            )
            lines.append(indent + shape.format(use, target))
        elif kind == "lambda":
            use = draw(st.sampled_from(_USES)).format(r=root)
            lines.append(indent + f"f = lambda {draw(st.sampled_from(['x', root]))}: {use}")
        else:
            head = (
                "def f({}):".format(draw(st.sampled_from(["", root, "x"])))
                if kind == "def"
                else "class C:"
            )
            lines.append(indent + head)
            for _ in range(draw(st.integers(1, 3))):
                statement(depth + 1, indent + "    ")

    for _ in range(draw(st.integers(1, 8))):
        statement(0, "")
    return "\n".join(lines) + "\n"


@settings(
    max_examples=int(os.environ.get("TFCOMPAT_BINDINGS_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(_programs())
def test_index_agrees_with_libcst_on_random_programs(source: str) -> None:
    _compare(source)


def test_symbol_tables_raise_no_warnings_for_user_code() -> None:
    """``symtable`` compiles: an invalid escape or `is` with a literal must not reach stderr."""
    import warnings

    source = 'import tensorflow as tf\nx = "\\d"\nif x is 1:\n    tf.losses.softmax_cross_entropy(a, b)\n'
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        index = ModuleIndex(cst.parse_module(source), source)
    assert [str(w.message) for w in caught] == []
    assert index.usable
