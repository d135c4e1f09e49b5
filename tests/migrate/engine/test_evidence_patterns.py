"""The text patterns of the evidence scans are linear, and find what they found before.

The project pre-scan runs ``migrate.engine.facts``, ``migrate.engine.tf1_evidence`` and ``migrate.cli.project`` on
every file of a project in the parent process, without a timeout, and the engine runs
``migrate.engine.facts`` on every module it transforms. A pattern that backtracks over a long run of
word characters (``\\w*Strategy\\b`` tried at every position of the run) costs the square of
the run's length: seconds for 20 KB, an hour for a file at the 10 MiB limit. The reference
copies below are the patterns as they were; the current ones must give the same matches on a
corpus of real and generated text, and the pathological inputs must go through in seconds.
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from migrate.cli import project
from migrate.engine import text_facts, tf1_evidence

ROOT = Path(__file__).resolve().parents[3]

_CONSTRUCTORS = "|".join(sorted(text_facts.VARIABLE_CONSTRUCTORS))
# The patterns as they were (quadratic on long runs), the reference for the current ones.
OLD_DISTRIBUTED = re.compile(
    r"\bdistribute\b|\w*Strategy\b|\bexperimental_run_v2\b|\bcall_for_each_replica\b"
    r"|\b(?:train|eval)_distribute\b"
)
OLD_KERAS_MASKS = re.compile(
    r"\bmask_zero\b|\bMasking\b|\bsupports_masking\b|\bcompute_mask\b|\w*_keras_mask\b"
)
OLD_VARIABLE_ASSIGN = re.compile(
    rf"((?:\w+\s*\.\s*)*\w+)\s*=\s*(?:\w+\s*\.\s*)*(?:{_CONSTRUCTORS})\s*\("
)
OLD_NON_FLOAT32 = re.compile(
    r"\b(?:b?float16|float64|mixed_precision|set_floatx|mixed_(?:b?float16)"
    r"|enable_mixed_precision_graph_rewrite)\b|\.\s*half\b|\.\s*double\b"
    r"|\b(?:Variable|constant|convert_to_tensor)\s*\((?![^\n]*\b(?:float32|u?int\d+|bool)\b)"
    r"\s*(?:(?:np|numpy)\s*\.\s*(?:random\s*\.\s*\w+|zeros|ones|array|full|eye|linspace|arange"
    r"|empty)|\w+\s*\.\s*(?:randn|rand|normal|uniform|standard_normal|random_sample))\b"
)
OLD_CONTRIB_IMPORT = re.compile(
    r"^[ \t]*(?:from[ \t]+tensorflow\.contrib\b|import[ \t]+tensorflow\.contrib\b"
    r"|from[ \t]+tensorflow[ \t]+import[ \t]+(?:\([^)]*)?\bcontrib\b)",
    re.MULTILINE,
)
_PACKAGES = r"(?:tensorflow|tensorflow-gpu|tensorflow-cpu|tensorflow_gpu|tensorflow_cpu|tf-nightly)"
OLD_DECLARATION = re.compile(
    rf"""(?:^|["'\s,\[])(?P<package>{_PACKAGES})(?:\[[^\]]*\])?\s*"""
    r"""(?:=\s*["'](?P<pipfile>[^"']*)["']|(?P<spec>(?:[<>=!~]=?=?\s*[\w.*]+\s*,?\s*)+))""",
    re.MULTILINE,
)

HANDWRITTEN = [
    "strategy = tf.distribute.MirroredStrategy()\n",
    "s = MultiWorkerMirroredStrategy ( )\ns2 = tf . distribute . OneDeviceStrategy\n",
    "x = Strategy\nXStrategyY = 1\n_Strategy\nStrategy_\n",
    "m = x._keras_mask\ny = _keras_mask\nz = x_keras_mask_y\n",
    "w = tf.Variable(np.zeros(3))\nself.w = tf.get_variable('w', [3])\n",
    "self . w = tf . Variable ( 1 )\na.b . c = slim.variable(\n",
    "a == tf.Variable(1)\na += tf.Variable(1)\na <= tf.Variable(1)\nf(w = tf.get_variable(1))\n",
    "a = b = tf.Variable(1)\nx=Variable(1);y=tf.local_variable(2)\n",
    "v = tf.Variable(np.random.randn(3), dtype=tf.float32)\n",
    "v = tf.constant(x.normal(1))\nfloat32\n",
    "v = tf.constant(np.zeros(2)) # int8\nc = convert_to_tensor( numpy . random . rand (2))\n",
    "v = Variable(float32.normal(1))\nw = Variable(np.random.constant(np.zeros(1)))\n",
    "a = [tf.constant(np.zeros(1)), tf.constant(np.ones(1)), tf.float32]\n"
    "b = tf.Variable(np.zeros(2), dtype=tf.int8)\nc = tf.Variable(np.eye(2))\n",
    "v = tf.Variable(\n np.zeros(2), dtype=tf.float32)\nw = tf.constant(x . uniform (1)) bool\n",
    "x.half()\ny . double ( )\nz = tf.float16\nmixed_precision\n",
    "from tensorflow import (\n  contrib,\n)\nfrom tensorflow import contrib\n"
    "  import tensorflow.contrib.slim\nfrom tensorflow.contrib import layers\n",
    "from tensorflow import (a,\n b)\nx = f(tf.contrib)\n",
    'tensorflow==1.15\ntensorflow-gpu[extra]>=1.4,<2\n"tensorflow[and-cuda] ~= 2.15"\n',
    "deps = ['tensorflow-cpu>=2.12', 'tf-nightly']\ntensorflow = '==1.15'\n",
]

_ALPHABET = [
    "a", "b", "self", "tf", "np", "numpy", "w1", "_", ".", " . ", " ", "  ", "\n", "\t", "=",
    " = ", "==", "+=", "(", ")", ",", "Variable", "get_variable", "slim", "variable",
    "constant", "convert_to_tensor", "random", "randn", "normal", "zeros", "float32", "int8",
    "uint16", "bool", "float16", "half", "double", "Mirrored", "Strategy", "distribute",
    "_keras_mask", "mask_zero", "#", "from", "tensorflow", "tensorflow-gpu", "import",
    "contrib", "[", "]", "'", '"', "==1.15", ">=2", "~=", "*",
    # phrases, so that the generated text also reaches the longer patterns
    "w = tf.Variable(", "self.w", " = slim . variable (", "tf.get_variable(", "x.y.z",
    "from tensorflow import ", "from tensorflow import (", "import tensorflow.contrib",
    "np.random.randn(", "tf.constant(", "numpy . zeros", "x.normal", "tensorflow-cpu>=2.12",
]  # fmt: skip


def _generated(count: int, seed: int = 12) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choices(_ALPHABET, k=rng.randint(1, 40))) for _ in range(count)]


def _corpus() -> Iterator[str]:
    yield from HANDWRITTEN
    for folder in ("tests/migrate/cases", "tests/migrate/corpus", "examples", "migrate"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            text = path.read_text(encoding="utf-8", errors="replace")
            yield text
            yield text_facts.code_text(text)  # what the engine's patterns see: tokens, no comments
    yield from _generated(3_000)


CORPUS = list(_corpus())


def _found(match: re.Match[str] | None) -> tuple[int, str] | None:
    return None if match is None else (match.start(), match.group(0))


def test_the_corpus_exercises_every_pattern() -> None:
    """The comparison below means something: each old pattern matches some of the corpus."""
    for old in (
        OLD_DISTRIBUTED,
        OLD_KERAS_MASKS,
        OLD_VARIABLE_ASSIGN,
        OLD_NON_FLOAT32,
        OLD_CONTRIB_IMPORT,
        OLD_DECLARATION,
    ):
        hits = sum(1 for text in CORPUS if old.search(text))
        assert hits >= 20, (old.pattern[:40], hits)


@pytest.mark.parametrize(("old", "new"), [("DISTRIBUTED", "DISTRIBUTED"), ("KERAS", "KERAS")])
def test_strategy_and_mask_words_match_as_before(old: str, new: str) -> None:
    pairs = {"DISTRIBUTED": (OLD_DISTRIBUTED, text_facts.DISTRIBUTED)}
    pairs["KERAS"] = (OLD_KERAS_MASKS, text_facts.KERAS_MASKS)
    before, after = pairs[old]
    for text in CORPUS:
        assert [_found(m) for m in after.finditer(text)] == [
            _found(m) for m in before.finditer(text)
        ], text[:200]


def test_variable_assignments_match_as_before() -> None:
    for text in CORPUS:
        expected = [re.sub(r"\s+", "", m.group(1)) for m in OLD_VARIABLE_ASSIGN.finditer(text)]
        assert text_facts.variable_targets(text) == expected, text[:200]


def test_non_float32_evidence_matches_as_before() -> None:
    for text in CORPUS:
        assert _found(text_facts.non_float32_evidence(text)) == _found(
            OLD_NON_FLOAT32.search(text)
        ), text[:200]


# Where the two differ, by design: an import list or an `[extras]` that holds another bracket
# of its kind, which neither Python nor PEP 508 allows (the old patterns read on to the first
# closing bracket, over the rest of the file).
_IMPORT_LIST_WITH_PARENTHESIS = re.compile(r"import[ \t]+\([^)]*\(")
_EXTRAS_WITH_BRACKET = re.compile(rf"{_PACKAGES}\[[^\]]*\[")


def test_contrib_imports_match_as_before() -> None:
    compared = 0
    for text in CORPUS:
        if _IMPORT_LIST_WITH_PARENTHESIS.search(text):
            continue
        compared += 1
        assert _found(tf1_evidence._CONTRIB_IMPORT.search(text)) == _found(
            OLD_CONTRIB_IMPORT.search(text)
        ), text[:200]
    assert compared > len(CORPUS) * 0.8


def test_declarations_match_as_before() -> None:
    compared = 0
    for text in CORPUS:
        if _EXTRAS_WITH_BRACKET.search(text):
            continue
        compared += 1
        assert [m.groupdict() for m in project._DECLARATION.finditer(text)] == [
            m.groupdict() for m in OLD_DECLARATION.finditer(text)
        ], text[:200]
    assert compared > len(CORPUS) * 0.8


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (tf1_evidence._CONTRIB_IMPORT, "from tensorflow import (a\nx = f(tf.contrib)\n"),
        (project._DECLARATION, "tensorflow[a[b]==1.15\n"),
    ],
)
def test_a_bracket_inside_the_brackets_ends_the_match(pattern: re.Pattern[str], text: str) -> None:
    assert pattern.search(text) is None


# Run in a fresh process, bounded in time and memory: the old patterns took minutes on these
# (200 KB each), and on CPython 3.12.0-3.12.3 tokenising the long line alone took gigabytes.
_PATHOLOGICAL = textwrap.dedent(
    """
    import json, resource, sys, time
    from pathlib import Path

    resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
    from migrate.files.discovery import discover
    from migrate.engine.transform import transform_source
    from migrate.cli.prescan import find_repository_evidence
    from migrate.cli.project import declared_tensorflow
    from migrate.engine.tf1_evidence import tf1_evidence

    HEAD = "import tensorflow as tf\\ntf.compat.v1.disable_v2_behavior()\\n"
    CALL = "loss = tf.losses.softmax_cross_entropy(y, x)\\n"
    RUNS = {
        "word": "z = " + "a" * 200_000 + "\\n",
        "digits": "z = " + "1" * 200_000 + "\\n",
        "calls": "z = [" + "Variable(1), " * 16_000 + "]\\n",
    }
    PRESCAN_ONLY = {  # libcst would crash on these: the pre-scan reads them, the engine not
        "and_line": "z = " + " and ".join(["a"] * 40_000) + "\\n",
        "dotted": "z = " + "a . " * 50_000 + "a\\n",
        "imports": "from tensorflow import (\\n" * 8_000,
    }
    tree = Path(sys.argv[1])
    for name, text in {**RUNS, **PRESCAN_ONLY}.items():
        (tree / f"{name}.py").write_text(HEAD + text)
    (tree / "requirements.txt").write_text("tensorflow[" * 18_000)
    report = {}
    start = time.perf_counter()
    candidates = list(discover([str(tree)]))
    report["prescan"] = sorted(find_repository_evidence(candidates))
    report["declared"] = declared_tensorflow(str(tree)) is not None
    report["tf1"] = {n: tf1_evidence(HEAD + t) for n, t in PRESCAN_ONLY.items()}
    report["engine"] = {}
    for name, text in RUNS.items():
        result = transform_source(HEAD + CALL + text)
        report["engine"][name] = [result.error, [f.code for f in result.findings]]
    report["seconds"] = time.perf_counter() - start
    print(json.dumps(report))
    """
)


@pytest.mark.slow
def test_pathological_text_costs_seconds_not_minutes(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    script = tmp_path / "pathological.py"
    script.write_text(_PATHOLOGICAL)
    try:
        process = subprocess.run(
            [sys.executable, str(script), str(tree)],
            cwd=ROOT,
            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
            timeout=120,  # generous: the patterns as they were took far longer on these inputs
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("expected the scans to read the pathological inputs in seconds, took > 120 s")
    assert process.returncode == 0, process.stderr[-3000:]
    report = json.loads(process.stdout)
    assert report["prescan"] == []  # every file was read through: none shows evidence
    assert report["declared"] is False  # `tensorflow[` without a closing bracket or a version
    assert report["tf1"] == {"and_line": None, "dotted": None, "imports": None}
    for name, (error, codes) in report["engine"].items():
        assert error is None, (name, error)
        assert codes, name


def test_text_too_costly_to_tokenise_is_read_with_its_comments() -> None:
    """Past the tokenising budget (a 600 KB line of 200,000 tokens; on CPython 3.12.0-3.12.3
    each token would copy the line), a text is read as text that cannot be tokenised is:
    comments count as code, the safe side. Below it, comments are ignored."""
    comment = "# strategy = tf.distribute.MirroredStrategy()\n"
    line = "z = " + " and ".join(["a"] * 100_000) + "\n"
    assert text_facts.repository_evidence(comment + "z = a and a\n") == frozenset()
    assert text_facts.repository_evidence(comment + line) == {"distributed"}
