"""Does a file, read as text, show TF1-only use? For the project pre-scan (nothing is run).

The engine decides this for the module it transforms with libcst and its resolver
(``migrate.engine.facts``). The pre-scan asks it of every file of the project, so it must be cheap:
a regular expression finds the candidates (a plain ``import tensorflow [as tf]`` followed
somewhere by ``tf.<TF1-only name>``, or an import of ``tensorflow.contrib``), and Python's own
``ast`` confirms them by meaning, as the engine's resolver would: the name is bound by an
import of ``tensorflow`` (plain assignments of dotted names followed), and the use is code, not a
string or a comment. A file Python cannot parse (Python 2, which TF 1.x
served) is judged by the expression alone, outside comment lines.
"""

from __future__ import annotations

import ast
import re
import warnings
from collections.abc import Iterator

from migrate.engine.symbols import TF1_ONLY

__all__ = ["tf1_evidence"]

_PLAIN_IMPORT = re.compile(
    r"^[ \t]*import[ \t]+tensorflow(?:[ \t]+as[ \t]+(?P<alias>\w+))?[ \t]*(?:[#;\r\n]|$)",
    re.MULTILINE,
)
# `(` ... `contrib`: the names of an import list hold no parenthesis. Reading on over other
# parentheses to the first `)` cost every unclosed `from tensorflow import (` the rest of the
# file (the square of the file for a file of them).
_CONTRIB_IMPORT = re.compile(
    r"^[ \t]*(?:from[ \t]+tensorflow\.contrib\b|import[ \t]+tensorflow\.contrib\b"
    r"|from[ \t]+tensorflow[ \t]+import[ \t]+(?:\([^()]*)?\bcontrib\b)",
    re.MULTILINE,
)


def _attribute_pattern() -> str:
    """``placeholder|train\\s*\\.\\s*AdamOptimizer|...``: every TF1-only name under ``tensorflow``."""
    tails = sorted((name.split(".")[1:] for name in TF1_ONLY), key=lambda p: (-len(p), p))
    return "|".join(r"\s*\.\s*".join(re.escape(part) for part in tail) for tail in tails)


_ATTRIBUTES = _attribute_pattern()
_FIRST = "|".join(sorted({re.escape(name.split(".")[1]) for name in TF1_ONLY}))
"""The first names under ``tensorflow`` of the TF1-only names (``losses``, ``train``...)."""


def tf1_evidence(text: str) -> str | None:
    """What in ``text`` shows TF1-only use (``"tf.placeholder (line 3)"``), or ``None``."""
    aliases = {match.group("alias") or "tensorflow" for match in _PLAIN_IMPORT.finditer(text)}
    contrib = _CONTRIB_IMPORT.search(text)
    uses: re.Match[str] | None = None
    if aliases:
        names = "|".join(sorted(re.escape(a) for a in aliases))
        uses = re.search(rf"\b(?P<root>{names})\s*\.\s*(?P<tail>{_ATTRIBUTES})\b", text)
        if uses is None:  # `losses = tf.losses`, then `losses.softmax_cross_entropy(...)`
            uses = re.search(rf"\b\w+\s*=\s*(?:{names})\s*\.\s*(?:{_FIRST})\b", text)
    if uses is None and contrib is None:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
        return _textual(text, uses, contrib)
    return _parsed(tree)


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _textual(text: str, uses: re.Match[str] | None, contrib: re.Match[str] | None) -> str | None:
    """The expression's answer, for text Python cannot parse (outside comment lines)."""
    for match in (contrib, uses):
        if match is None:
            continue
        start = text.rfind("\n", 0, match.start()) + 1
        if text[start : match.start()].lstrip().startswith("#"):
            continue
        shown = re.sub(r"\s+", "", match.group(0)).strip()
        return f"`{shown}` (line {_line(text, match.start())})"
    return None


def _parsed(tree: ast.AST) -> str | None:
    imported: dict[str, set[str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("tensorflow.contrib"):
                    return f"`import {alias.name}` (line {node.lineno})"
                bound = alias.asname or alias.name.split(".")[0]
                module = alias.name if alias.asname else alias.name.split(".")[0]
                imported.setdefault(bound, set()).add(module)
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level == 0 and (module + ".").startswith("tensorflow.contrib."):
                return f"`from {module} import ...` (line {node.lineno})"
            for alias in node.names:
                if node.level == 0 and f"{module}.{alias.name}" == "tensorflow.contrib":
                    return f"`from tensorflow import contrib` (line {node.lineno})"
                imported.setdefault(alias.asname or alias.name, set()).add(
                    f"{module}.{alias.name}" if node.level == 0 else "<relative>"
                )
    # As the engine's resolver: a name means `tensorflow` where any import binds it so, and a
    # plain assignment of a dotted name under it (`losses = tf.losses`) is followed.
    roots: dict[str, list[str]] = {
        name: ["tensorflow"] for name, modules in imported.items() if "tensorflow" in modules
    }
    if not roots:
        return None
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Attribute):
            value = _dotted(node.value)
            if value is not None and value[0] in roots:
                for target in node.targets:
                    if isinstance(target, ast.Name) and target.id not in roots:
                        roots[target.id] = [*roots[value[0]], *value[1:]]
    for node in _uses(tree, frozenset()):
        dotted = _dotted(node)
        if dotted is None or dotted[0] not in roots:
            continue
        qualified = ".".join([*roots[dotted[0]], *dotted[1:]])
        for prefix in TF1_ONLY:
            if qualified == prefix or qualified.startswith(prefix + "."):
                return f"`{'.'.join(dotted)}` (line {node.lineno})"
    return None


_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def _uses(node: ast.AST, shadowed: frozenset[str]) -> Iterator[ast.Attribute]:
    """Attribute chains read in ``node`` whose root is not a local of the function (or
    comprehension) around them: a parameter ``tf`` is not the imported ``tf``."""
    if isinstance(node, _SCOPES):
        shadowed = shadowed | _locals(node)
    elif isinstance(node, _COMPREHENSIONS):
        shadowed = shadowed | {
            name.id
            for generator in node.generators
            for name in ast.walk(generator.target)
            if isinstance(name, ast.Name)
        }
    if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
        dotted = _dotted(node)
        if dotted is not None and dotted[0] not in shadowed:
            yield node
            return
    for child in ast.iter_child_nodes(node):
        yield from _uses(child, shadowed)


def _locals(function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> set[str]:
    """Names local to ``function``: its parameters and what its own body binds."""
    arguments = function.args
    found = {
        a.arg
        for a in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
        + [x for x in (arguments.vararg, arguments.kwarg) if x is not None]
    }
    declared: set[str] = set()
    stack: list[ast.AST] = list(ast.iter_child_nodes(function))
    while stack:
        node = stack.pop()
        if isinstance(node, (*_SCOPES, ast.ClassDef, *_COMPREHENSIONS)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                found.add(node.name)
            continue  # a scope of its own
        if isinstance(node, ast.Global | ast.Nonlocal):
            declared.update(node.names)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            found.add(node.id)
        elif isinstance(node, ast.alias):
            found.add(node.asname or node.name.split(".")[0])
        stack.extend(ast.iter_child_nodes(node))
    return found - declared


def _dotted(node: ast.expr) -> list[str] | None:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return parts[::-1]
