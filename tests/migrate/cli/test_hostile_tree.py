"""A tree of hostile inputs beside good files, through ``main`` with ``--jobs 1`` and ``--jobs 2``.

One hostile file must cost that file only (issue 9): each is reported as an error of its own,
with its path and a reason (typed: ``status`` and the start of ``error`` in the JSON report),
every good file beside them is rewritten exactly as in a run without them, the run exits 2, and
nothing reaches standard error that looks like a crash (no traceback, no fault dump). The big and
deep inputs are generated here, into ``tmp_path``.

Where the outcome is decided before the parser runs (bytes, encodings, sizes, the file system,
notebook JSON) or by a parser's refusal, the reason is asserted exactly. Code that overflows the
native parser's stack crashes its worker within a second, alone; next to the other tests on a
loaded machine that second can pass the 3 s timeout, so there the test accepts any parser
failure (crashed, timed out, cannot parse), and ``test_stack_overflows_crash_their_worker_only``
asserts the crash, with the default 60 s timeout.

Thresholds measured on the CI machines (libcst 1.9, 8 MiB stack, the same on Python 3.10 to
3.13): the native parser dies by SIGSEGV from about 1,230 nested brackets, 5,900 chained
attributes, 7,000 ``+`` terms, 8,200 unary operators and 10,000 ``and`` terms. Just past a
threshold it first takes seconds and gigabytes (15 s and 5 GiB for 10,000 unary operators or
``not``); far past it, it dies within half a second in at most 130 MiB, so the sizes below are 4
to 16 times the thresholds. Long ``+`` and attribute chains are quadratic before they crash
(minutes), hence the timeouts.
"""

from __future__ import annotations

import io
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import migrate.engine.transform
import migrate.files.fileio
from migrate.cli import main

TIMEOUT = "3"
TARGET = "import tensorflow as tf\n\nloss = tf.losses.softmax_cross_entropy(y, x)\n"
GOOD = {
    "good/a.py": "import tensorflow.compat.v1 as tf\n\n\ndef f(y, x):\n"
    "    return tf.losses.softmax_cross_entropy(onehot_labels=y, logits=x)\n",
    "good/b.py": "import tensorflow as tf\n\n\ndef g(y, x, w):\n"
    "    return tf.losses.sparse_softmax_cross_entropy(y, x, weights=w)\n",
    "foo.py/inner.py": "import tensorflow as tf\n\nz = tf.losses.softmax_cross_entropy(y, x)\n",
    "zz_last.py": "import tensorflow as tf\n\nz = tf.losses.softmax_cross_entropy(y, x)\n",
}


def _nested(open_: str, close: str, depth: int) -> str:
    return f"{TARGET}z = {open_ * depth}1{close * depth}\n"


def _chain(joiner: str, count: int, head: str = "a") -> str:
    return f"{TARGET}z = {head}{joiner.join(['a'] * count)}\n"


def _notebook(*cells: str) -> str:
    return json.dumps(
        {
            "cells": [
                {
                    "cell_type": "code",
                    "metadata": {},
                    "source": c,
                    "outputs": [],
                    "execution_count": None,
                }
                for c in cells
            ],
            "metadata": {"language_info": {"name": "python"}},
            "nbformat": 4,
            "nbformat_minor": 5,
        }
    )


CRASHED = "parser crashed (killed by SIGSEGV)"
TIMED_OUT = f"timed out after {TIMEOUT} s"
CANNOT_PARSE = "cannot parse"
PARSER_FAILURE = (CRASHED, TIMED_OUT, CANNOT_PARSE)
"""A stack overflow's outcome next to other work: its crash races the timeout."""

# the native parser overflows its stack: crashes its worker (PARSER_FAILURE under a short timeout)
STACK_OVERFLOWS = {
    "deep_parens.py": _nested("(", ")", 20_000),
    "deep_lists.py": _nested("[", "]", 20_000),
    "deep_dicts.py": _nested("{1: ", "}", 20_000),
    "unary_minus.py": f"{TARGET}z = {'-' * 50_000}1\n",
    "not_chain.py": f"{TARGET}z = {'not ' * 50_000}a\n",
    "lambda_chain.py": f"{TARGET}z = {'lambda: ' * 50_000}1\n",
    "and_chain.py": _chain(" and ", 40_000),
    "deep_cell.ipynb": _notebook(TARGET, f"z = {'(' * 20_000}1{')' * 20_000}\n"),
}

# name -> (content: text, bytes, or a callable writing the file itself, expected status, the
# start of the error: one, or a tuple of the acceptable ones)
Expected = tuple[str | bytes | Callable[[Path], None], str, str | tuple[str, ...] | None]
HOSTILE: dict[str, Expected] = {
    **{name: (text, "error", PARSER_FAILURE) for name, text in STACK_OVERFLOWS.items()},
    # quadratic in the parser: minutes, so the timeout stops them
    "plus_chain.py": (_chain(" + ", 100_000, head=""), "error", TIMED_OUT),
    "attr_chain.py": (f"{TARGET}z = a{'.b' * 100_000}\n", "error", TIMED_OUT),
    # refused by a parser, cleanly
    "deep_if.py": (
        TARGET + "".join("    " * i + "if a:\n" for i in range(150)) + "    " * 150 + "pass\n",
        "error",
        CANNOT_PARSE,
    ),
    "deep_def.py": (
        TARGET
        + "".join("    " * i + f"def f{i}():\n" for i in range(150))
        + "    " * 150
        + "pass\n",
        "error",
        CANNOT_PARSE,
    ),
    "long_string_concat.py": (
        TARGET + "z = " + " ".join(['"a"'] * 5_000) + "\n",
        "error",
        CANNOT_PARSE,
    ),
    "python2.py": (f'{TARGET}print "loss", loss\n', "error", "this looks like Python 2 code"),
    # bytes that are not Python source text
    "nul_bytes.py": (TARGET.encode() + b"\x00\x00z = 1\n", "error", "binary file"),
    "invalid_utf8.py": (TARGET.encode() + b"z = '\xff\xfe'\n", "error", "cannot decode"),
    "bad_cookie.py": (
        b"# -*- coding: klingon -*-\n" + TARGET.encode(),
        "error",
        "invalid encoding",
    ),
    "utf16.py": (TARGET.encode("utf-16"), "error", "binary file"),
    # sizes
    "huge_50mb.py": (
        lambda p: p.write_bytes(b"x = 1\n" * (50 * 2**20 // 6)),
        "error",
        "file too large",
    ),
    "huge_no_target.py": (lambda p: p.write_bytes(b"x = [1, 2]\n" * 900_000), "skipped", None),
    "huge_line.py": (f"{TARGET}z = '{'lorem ipsum ' * 20_000}'\n", "changed", None),
    # not regular files, or not there
    "fifo.py": (lambda p: os.mkfifo(p), "error", "expected a regular file"),
    "loop_a.py": (lambda p: p.symlink_to(p.with_name("loop_b.py")), "skipped", None),
    "loop_b.py": (lambda p: p.symlink_to(p.with_name("loop_a.py")), "skipped", None),
    "self_loop.py": (lambda p: p.symlink_to(p), "skipped", None),
    "dir_loop": (lambda p: p.symlink_to(p.parent, target_is_directory=True), "skipped", None),
    "unreadable.py": (TARGET, "error", "cannot read file"),
    # changes on disk while it is processed (see _changing_engine)
    "changing.py": (TARGET, "error", "file changed on disk since it was read"),
    # notebooks
    "broken.ipynb": (
        '{"cells": [{"cell_type": "code", "source": "softmax_cross_entropy',
        "error",
        "invalid notebook: expected JSON",
    ),
    "deep_json.ipynb": (
        '{"x": "softmax_cross_entropy", "cells": ' + "[" * 100_000 + "]" * 100_000 + "}",
        "error",
        "invalid notebook: expected nbformat JSON",
    ),
}


def _build(root: Path) -> None:
    for name, text in GOOD.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    for name, (content, _, _) in HOSTILE.items():
        path = root / name
        if callable(content):
            content(path)
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    (root / "unreadable.py").chmod(0)


@pytest.fixture(name="hostile_engine")
def hostile_engine_fixture(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make changing.py change while it is transformed and unreadable.py unreadable (for root
    too). The worker processes are forked from this one, so they inherit both."""
    real_transform = migrate.engine.transform.transform_source
    real_open = os.open

    def changing_transform(source: str, **kwargs: object) -> object:
        if str(kwargs.get("path", "")).endswith("changing.py"):
            with open(str(kwargs["path"]), "a", encoding="utf-8") as handle:
                handle.write("# an editor saved meanwhile\n")
        return real_transform(source, **kwargs)  # type: ignore[arg-type]

    def guarded_open(path: str | os.PathLike[str], *args: object, **kwargs: object) -> int:
        if os.fspath(path).endswith("unreadable.py"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(migrate.engine.transform, "transform_source", changing_transform)
    monkeypatch.setattr(migrate.files.fileio.os, "open", guarded_open)


def _report(out: str) -> dict[str, dict[str, object]]:
    doc = json.loads(out)
    return {entry["path"]: entry for entry in doc["files"]}


def _starts_with(error: str, expected: str | tuple[str, ...]) -> bool:
    """The error is one of ``expected`` (``cannot parse`` may follow a Python 2 hint)."""
    starts = (expected,) if isinstance(expected, str) else expected
    return any(error.startswith(s) or f": {s}" in error for s in starts)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_each_hostile_file_costs_itself_only(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], hostile_engine: None, jobs: str
) -> None:
    reference = tmp_path / "reference"
    for name, text in GOOD.items():
        path = reference / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    assert main(["--write", "--quiet", "--jobs", jobs, str(reference)]) in (0, 1)
    capfd.readouterr()
    tree = tmp_path / "tree"
    tree.mkdir()
    _build(tree)

    code = main(
        [
            "--write",
            "--verbose",
            "--output-format",
            "json",
            "--timeout",
            TIMEOUT,
            "--jobs",
            jobs,
            str(tree),
        ]
    )

    out, err = capfd.readouterr()
    assert "Traceback" not in err and "Fatal Python error" not in err, err[-3000:]
    assert code == 2
    files = _report(out)
    for name, (_, status, error) in HOSTILE.items():
        entry = files[f"{tree}/{name}"]
        assert entry["status"] == status, (name, entry["error"])
        if error is None:
            assert entry["error"] is None, name
        else:
            assert _starts_with(str(entry["error"]), error), (name, entry["error"])
    for name in GOOD:
        entry = files[f"{tree}/{name}"]
        assert entry["status"] == "changed" and entry["written"] is True, name
        assert (tree / name).read_bytes() == (reference / name).read_bytes(), name
    assert (tree / "huge_line.py").read_text().count("lorem ipsum " * 20_000) == 1
    summary = json.loads(out)["summary"]
    assert summary["errors"] == sum(1 for _, s, _ in HOSTILE.values() if s == "error")
    assert not [p.name for p in tree.rglob("*tfcompat-tmp*")]


def test_stack_overflows_crash_their_worker_only(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """Given time (the default 60 s timeout), each stack overflow crashes its worker, alone."""
    for name, text in {**STACK_OVERFLOWS, "good.py": GOOD["good/b.py"]}.items():
        (tmp_path / name).write_text(text, encoding="utf-8")

    code = main(["--output-format", "json", "--jobs", "2", str(tmp_path)])

    out, err = capfd.readouterr()
    assert "Traceback" not in err and "Fatal Python error" not in err, err[-3000:]
    assert code == 2
    files = _report(out)
    for name in STACK_OVERFLOWS:
        entry = files[f"{tmp_path}/{name}"]
        assert (entry["status"], str(entry["error"])[: len(CRASHED)]) == ("error", CRASHED), name
    assert files[f"{tmp_path}/good.py"]["status"] == "changed"


def test_unreadable_for_real_when_not_root(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads files without read permission (the fixture above simulates it)")
    path = tmp_path / "unreadable.py"
    path.write_text(TARGET)
    path.chmod(0)
    assert main(["--jobs", "1", str(path)]) == 2
    assert "cannot read file: Permission denied" in capfd.readouterr().out


@pytest.mark.parametrize("write", [False, True])
def test_hostile_standard_input_costs_itself_only(
    monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str], write: bool
) -> None:
    data = _nested("(", ")", 20_000).encode()

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    args = ["--output-format", "json", "--stdin-filename", "deep.py", "-"]
    code = main(["--write", *args] if write else args)
    out, err = capfd.readouterr()
    assert code == 2
    assert "Traceback" not in err and "Fatal Python error" not in err
    if write:  # the input passes through unchanged; the report is on standard error
        assert out.encode() == data
        report = json.loads(err)
    else:
        report = json.loads(out)
    assert report["files"][0]["status"] == "error"
    assert report["files"][0]["error"].startswith(CRASHED)
