"""The TensorFlow a project declares (requirements, ``pyproject.toml``, ``setup.py``...).

Read as text, never installed or run. ``tensorflow==1.15`` (or ``tensorflow-gpu<2``) says the
project runs TF 1.x, where ``tf.nn.softmax_cross_entropy_with_logits`` is TF1's v1 function,
whatever its modules import. The first declaration found, in the order of ``FILES``, wins.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

__all__ = ["FILES", "DeclaredTensorFlow", "declared_tensorflow", "parse_specifier"]

FILES = (
    "pyproject.toml",
    "setup.cfg",
    "setup.py",
    "requirements.txt",
    "requirements.in",
    "requirements-dev.txt",
    "requirements_dev.txt",
    "Pipfile",
    "environment.yml",
    "environment.yaml",
)
"""Files, at the project's root, that may declare the TensorFlow it needs."""

_PACKAGES = r"(?:tensorflow|tensorflow-gpu|tensorflow-cpu|tensorflow_gpu|tensorflow_cpu|tf-nightly)"
# `[extras]` hold no `[`: reading on over other brackets to the first `]` cost every unclosed
# `tensorflow[` the rest of the file.
_DECLARATION = re.compile(
    rf"""(?:^|["'\s,\[])(?P<package>{_PACKAGES})(?:\[[^\][]*\])?\s*"""
    r"""(?:=\s*["'](?P<pipfile>[^"']*)["']|(?P<spec>(?:[<>=!~]=?=?\s*[\w.*]+\s*,?\s*)+))""",
    re.MULTILINE,
)
_CLAUSE = re.compile(r"(?P<op>===|==|!=|~=|<=|>=|<|>|=)\s*(?P<version>[\w.*]+)")


@dataclass(frozen=True)
class DeclaredTensorFlow:
    specifier: str
    """As written: ``==1.15.0``, ``>=2.4,<2.16``."""
    where: str
    """The file that says so (relative to the root)."""
    lowest: tuple[int, int] | None
    """The lowest ``(major, minor)`` it admits, if bounded below."""
    highest: tuple[int, int] | None
    """The highest ``(major, minor)`` it admits, if bounded above."""

    @property
    def tf1_only(self) -> bool:
        """Only TF 1.x satisfies it."""
        return self.highest is not None and self.highest[0] < 2

    @property
    def tf2_only(self) -> bool:
        """Only TF 2.x (or newer) satisfies it."""
        return self.lowest is not None and self.lowest[0] >= 2


def _version(text: str) -> tuple[int, int] | None:
    parts = re.findall(r"\d+", text.split("*")[0])
    if not parts:
        return None
    return int(parts[0]), int(parts[1]) if len(parts) > 1 else 0


def parse_specifier(specifier: str) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """``(lowest, highest)`` ``(major, minor)`` a PEP 440 specifier admits (``None``: unbounded).

    Coarse on purpose (minor versions only): ``<2.0`` admits at most 1.x, ``<2.16`` at most
    2.15; ``==1.15.*`` and ``~=1.15`` pin 1.15.
    """
    lowest: tuple[int, int] | None = None
    highest: tuple[int, int] | None = None
    for clause in _CLAUSE.finditer(specifier):
        op, version = clause.group("op"), _version(clause.group("version"))
        if version is None or op == "!=":
            continue
        text = clause.group("version")
        if op in ("==", "===", "=", "~="):
            low = version
            high = version
            if (op == "~=" and text.count(".") < 2) or re.fullmatch(r"\d+\.\*", text):
                high = (version[0], 10**6)  # ~=1.15, ==2.*: any minor of that major
        elif op in (">=", ">"):
            low, high = version, None
        else:  # "<" or "<="
            low = None
            if op == "<=":
                high = version
            elif version[1] > 0:
                high = (version[0], version[1] - 1)
            else:
                high = (version[0] - 1, 10**6)
        if low is not None and (lowest is None or low > lowest):
            lowest = low
        if high is not None and (highest is None or high < highest):
            highest = high
    return lowest, highest


def declared_tensorflow(root: str) -> DeclaredTensorFlow | None:
    """The first TensorFlow requirement declared at ``root`` (``None``: none found)."""
    for name in FILES:
        path = os.path.join(root, name)
        try:
            with open(path, encoding="utf-8", errors="replace") as handle:
                text = handle.read(1 << 20)
        except OSError:
            continue
        for match in _DECLARATION.finditer(_without_comments(text)):
            specifier = (match.group("pipfile") or match.group("spec") or "").strip()
            if not specifier or specifier == "*":
                continue
            lowest, highest = parse_specifier(specifier)
            return DeclaredTensorFlow(specifier.rstrip(","), name, lowest, highest)
    return None


def _without_comments(text: str) -> str:
    return re.sub(r"(?m)(?:^|\s)#.*$", "", text)
