"""What a module's text shows, read as text: the patterns of evidence the engine's facts and the
project pre-scan look for, and the suppression comments.

Comments are split off once per text by Python's tokenizer (``code_text``; strings are kept:
``"float16"`` is a dtype), so a commented-out ``get_total_loss()`` is no evidence. Nothing is
imported or executed; each pattern errs on the safe side (see ``migrate.engine.facts``).
"""

from __future__ import annotations

import bisect
import functools
import io
import re
import tokenize

__all__ = [
    "COLLECTION_READERS",
    "DISTRIBUTED",
    "DISTRIBUTED_USE",
    "GLOBAL_PRECISION",
    "KERAS_MASKS",
    "REF_VARIABLES",
    "VARIABLE_CONSTRUCTORS",
    "code_text",
    "collection_reader",
    "non_float32_evidence",
    "reads_loss_collections",
    "repository_evidence",
    "suppressions",
    "variable_targets",
]

COLLECTION_READERS = re.compile(
    r"\bget_total_loss\b|\bget_losses\b|GraphKeys\s*\.\s*LOSSES\b"
    r"|get_collection\s*\(\s*['\"]losses['\"]"
)
"""Text that reads ``GraphKeys.LOSSES`` (``get_total_loss()``, ``get_losses()``, ``get_collection``)."""

_DEFAULT_COLLECTION = re.compile(
    r"\bloss_collection\s*=(?!=)\s*(?:(?:\w+\s*\.\s*)*GraphKeys\s*\.\s*LOSSES\b|['\"]losses['\"])"
)
"""``loss_collection=tf.GraphKeys.LOSSES`` (or ``"losses"``): TF1's default spelled out, which
adds to the collection and reads nothing."""

_DTYPE_WORDS = re.compile(
    r"\b(?:b?float16|float64|mixed_precision|set_floatx|mixed_(?:b?float16)"
    r"|enable_mixed_precision_graph_rewrite)\b|\.\s*half\b|\.\s*double\b"
)
"""Dtype words: evidence that logits may not be float32 (``non_float32_evidence``)."""

_NUMPY_TENSOR = re.compile(
    r"\b(?:Variable|constant|convert_to_tensor)\s*\((?P<arguments>)"
    r"\s*(?:(?:np|numpy)\s*\.\s*(?:random\s*\.\s*\w+|zeros|ones|array|full|eye|linspace|arange"
    r"|empty)|\w+\s*\.\s*(?:randn|rand|normal|uniform|standard_normal|random_sample))\b"
)
"""A tensor made from a NumPy array (float64 by default): evidence unless a dtype word follows
on the same line (``_EXPLICIT_DTYPE``)."""

_EXPLICIT_DTYPE = re.compile(r"\b(?:float32|u?int\d+|bool)\b")

REF_VARIABLES = re.compile(r"\bdisable_v2_behavior\b|\bdisable_resource_variables\b")
"""Resource variables are off: ``tf.Variable`` makes TF1 ref variables (``float32_ref``)."""

VARIABLE_CONSTRUCTORS = frozenset(
    {
        "Variable",
        "get_variable",
        "variable",
        "model_variable",
        "local_variable",
        "get_local_variable",
    }
)
"""Last names of the TF1/slim calls that create a variable."""

_VARIABLE_CALL = re.compile(
    rf"=\s*(?:\w+\s*\.\s*)*(?:{'|'.join(sorted(VARIABLE_CONSTRUCTORS))})\s*\("
)
"""``= tf.Variable(``, ``= tf.get_variable(``, ``= slim.variable(``: what a variable is bound by."""

_REVERSED_TARGET = re.compile(r"\s*(\w+(?:\s*\.\s*\w+)*)")
"""``w``, ``self . w`` before such an ``=``, matched backwards (on the reversed text)."""

# A leading \b before \w*: tried only where a word starts, so linear on long words (tried at
# every position, `\w*Strategy` cost the square of a run's length), with the same matches.
DISTRIBUTED = re.compile(
    r"\bdistribute\b|\b\w*Strategy\b|\bexperimental_run_v2\b|\bcall_for_each_replica\b"
    r"|\b(?:train|eval)_distribute\b"
)
"""Evidence that losses may run inside a multi-replica ``tf.distribute`` strategy."""

DISTRIBUTED_USE = re.compile(
    r"\b(?:tf|tensorflow|contrib|keras)\s*\.\s*distribute\b|\bdistribute\s+import\b"
    r"|\b(?:Mirrored|MultiWorkerMirrored|CollectiveAllReduce|TPU|CentralStorage|ParameterServer)"
    r"Strategy\b|\bexperimental_run_v2\b|\bcall_for_each_replica\b|\b(?:train|eval)_distribute\b"
)
"""Stricter than ``DISTRIBUTED``, for the tree-wide scan: a multi-replica strategy in use."""

KERAS_MASKS = re.compile(
    r"\bmask_zero\b|\bMasking\b|\bsupports_masking\b|\bcompute_mask\b|\b\w*_keras_mask\b"
)
"""Evidence that tensors may carry a Keras mask, which Keras 3 losses apply and TF1 ignores."""

GLOBAL_PRECISION = re.compile(
    r"\b(?:mixed_precision|set_floatx|mixed_b?float16|enable_mixed_precision_graph_rewrite)\b"
)
"""Settings that change every model's dtype, wherever the loss is computed."""

_SUPPRESS = re.compile(r"#\s*tfcompat:\s*ignore(?:\[(?P<codes>[^\]]*)\])?", re.IGNORECASE)


def reads_loss_collections(source: str) -> bool:
    """True when ``source`` may read the ``GraphKeys.LOSSES`` collection.

    Cheap and text-based, for a repository-wide pre-scan (set ``Options.loss_collections``
    to ``Assumption.YES`` when any file of the tree reads them).
    """
    return collection_reader(code_text(source)) is not None


def collection_reader(code: str) -> re.Match[str] | None:
    """The first text that may read ``GraphKeys.LOSSES``, ignoring spelled-out defaults."""
    if "loss_collection" in code:
        code = _DEFAULT_COLLECTION.sub(" ", code)
    return COLLECTION_READERS.search(code)


def repository_evidence(source: str) -> frozenset[str]:
    """Which repository-wide assumptions one file's text supports, for a CLI pre-scan.

    Returns a subset of ``{"loss_collections", "non_float32", "distributed", "keras_masks"}``:
    the names of
    the ``Options`` fields to set to ``Assumption.YES`` for the whole tree when any file shows
    them (the collections are read, a global mixed-precision or floatx policy is set, a
    ``tf.distribute`` strategy is used). Cheap and text-based; comments are ignored.
    """
    code = code_text(source)
    found = set()
    if collection_reader(code):
        found.add("loss_collections")
    if GLOBAL_PRECISION.search(code):
        found.add("non_float32")
    if DISTRIBUTED_USE.search(code):
        found.add("distributed")
    if KERAS_MASKS.search(code):
        found.add("keras_masks")
    return frozenset(found)


_TOKENIZE_BUDGET = 2_000_000_000
"""Most characters of token lines (the sum, over the tokens, of the length of each token's line)
tokenised per text. CPython 3.12.0 to 3.12.3 copies the line into every token (gh-119118), so a
generated line of 500 KB and 100,000 tokens costs 50 GB there; a text past the budget (no
hand-written code comes near it: 125,000 lines of 80 characters are 10 % of it) is read as if it
had no comments, as text that cannot be tokenised is."""


@functools.lru_cache(maxsize=4)
def _split(source: str) -> tuple[str, tuple[tuple[int, str], ...]]:
    """``source`` without comments (strings kept: ``"float16"`` is a dtype), and its comments.

    Tokenised once per text (the engine asks twice). Text that cannot be tokenised (or costs
    more than ``_TOKENIZE_BUDGET``) is all code, and any line may hold a comment: the safe side.
    """
    code: list[str] = []
    comments: list[tuple[int, str]] = []
    spent = 0
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            spent += len(token.line)
            if spent > _TOKENIZE_BUDGET:
                return source, tuple(enumerate(source.splitlines(), start=1))
            if token.type == tokenize.COMMENT:
                comments.append((token.start[0], token.string))
            else:
                code.append(token.string)
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return source, tuple(enumerate(source.splitlines(), start=1))
    return " ".join(code), tuple(comments)


def code_text(source: str) -> str:
    return _split(source)[0]


def non_float32_evidence(code: str) -> re.Match[str] | None:
    """The first text showing that logits may not be float32: a dtype word, or a tensor made from
    a NumPy array without a dtype word after it on its line (``tf.constant(np.zeros(3))``).

    As one pattern with a lookahead for the dtype words, but linear: that lookahead read the
    rest of the line at every call, the square of a line of calls.
    """
    word = _DTYPE_WORDS.search(code)
    explicit: list[int] = []
    newlines: list[int] = []
    for call in _NUMPY_TENSOR.finditer(code):
        if word is not None and call.start() > word.start():
            break
        if not newlines:  # once: where the dtype words are, where the lines end
            explicit = [m.start() for m in _EXPLICIT_DTYPE.finditer(code)]
            newlines = [m.start() for m in re.finditer("\n", code)] + [len(code)]
        start = call.start("arguments")
        line_end = newlines[bisect.bisect_left(newlines, start)]
        after = bisect.bisect_left(explicit, start)
        if after == len(explicit) or explicit[after] >= line_end:
            return call
    return word


def variable_targets(code: str) -> list[str]:
    """The names bound to a new variable, in order, without spaces: ``w`` for
    ``w = tf.Variable(...)``, ``self.w`` for ``self . w = tf.get_variable(...)``.

    Each ``= <constructor>(`` is found first, then the name before it, read backwards: a pattern
    for the whole assignment, tried at every position of a long word or dotted name, cost the
    square of its length.
    """
    reversed_code = ""
    names = []
    for call in _VARIABLE_CALL.finditer(code):
        reversed_code = reversed_code or code[::-1]
        target = _REVERSED_TARGET.match(reversed_code, len(code) - call.start())
        if target is not None:
            names.append(re.sub(r"\s+", "", target.group(1))[::-1])
    return names


def suppressions(source: str) -> dict[int, frozenset[str] | None]:
    """1-based line -> rule codes silenced there (``None``: every rule).

    ``# tfcompat: ignore`` or ``# tfcompat: ignore[TFC101,TFC102]``.
    """
    found: dict[int, frozenset[str] | None] = {}
    for line, text in _split(source)[1]:
        match = _SUPPRESS.search(text)
        if match is None:
            continue
        codes = match.group("codes")
        if codes is None or not codes.strip():
            found[line] = None
        else:
            found[line] = frozenset(c.strip().upper() for c in codes.split(",") if c.strip())
    return found
