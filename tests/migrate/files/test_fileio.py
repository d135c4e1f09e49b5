"""Safety with user files (issue 4): one test per item, through ``main`` where it matters."""

from __future__ import annotations

import os
import signal
import stat
from pathlib import Path

import pytest
from _cli_fakes import NEW, OLD, fake_engine_fixture  # noqa: F401

import migrate.files.fileio as fileio
from migrate.cli import main
from migrate.files.fileio import FileIOError, decode_source, restore_newlines

CALL = f"loss = {OLD}onehot_labels=y, logits=z)"
FIXED = f"loss = {NEW}onehot_labels=y, logits=z)"


def _run(*args: str | Path) -> int:
    return main([str(a) for a in args])


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _leftovers(tmp_path: Path) -> list[str]:
    return [p.name for p in tmp_path.iterdir() if "tfcompat-tmp" in p.name]


# --- decoding and line endings, unit level -------------------------------------------------


def test_restore_mixed_endings_keeps_each_line_ending() -> None:
    decoded = decode_source(b"a = 1\r\nb = 2\nc = 3\r\n")
    assert decoded.text == "a = 1\nb = 2\nc = 3\n"
    assert restore_newlines(decoded, "a = 1\nb = 20\nc = 3\n") == "a = 1\r\nb = 20\nc = 3\r\n"
    assert restore_newlines(decoded, "x = 0\na = 1\nb = 2\nc = 3\n") == (
        "x = 0\r\na = 1\r\nb = 2\nc = 3\r\n"
    )


def test_decode_rejects_unknown_cookie() -> None:
    with pytest.raises(FileIOError, match="invalid encoding declaration"):
        decode_source(b"# -*- coding: klingon -*-\nx = 1\n")


# --- through the CLI: every file is either rewritten exactly or left byte-identical ---------


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param(
            f"import x\r\n{CALL}\r\n".encode(), f"import x\r\n{FIXED}\r\n".encode(), id="crlf"
        ),
        pytest.param(
            f"import x\r\n{CALL}\nz = 1\r\n".encode(),
            f"import x\r\n{FIXED}\nz = 1\r\n".encode(),
            id="mixed",
        ),
        pytest.param(
            f"\ufeffimport x\n{CALL}\n".encode(), f"\ufeffimport x\n{FIXED}\n".encode(), id="bom"
        ),
        pytest.param(f"{CALL}".encode(), f"{FIXED}".encode(), id="no-trailing-newline"),
        pytest.param(
            f"# -*- coding: latin-1 -*-\ns = 'caf\xe9'\n{CALL}\n".encode("latin-1"),
            f"# -*- coding: latin-1 -*-\ns = 'caf\xe9'\n{FIXED}\n".encode("latin-1"),
            id="latin-1-cookie",
        ),
    ],
)
def test_write_preserves_encoding_and_endings(
    tmp_path: Path, fake_engine: list[str], before: bytes, after: bytes
) -> None:
    path = _write(tmp_path, "m.py", before)
    assert _run("--write", path) == 0
    assert path.read_bytes() == after
    assert _run("--check", path) == 0, "a second run must change nothing"
    assert path.read_bytes() == after
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(
            f"s = 'caf\xe9'\n{CALL}\n".encode("latin-1"),
            "expected UTF-8 (no PEP 263 coding cookie), received invalid byte 0xe9",
            id="non-utf8-without-cookie",
        ),
        pytest.param(
            f"{CALL}\n\x00\x01\x02".encode(),
            "binary file: expected Python source text, received NUL bytes",
            id="binary",
        ),
        pytest.param(f"def f(:\n    {CALL}\n".encode(), "cannot parse", id="syntax-error"),
        pytest.param(
            f'print "loss"\n{CALL}\n'.encode(),
            "this looks like Python 2 code, which cannot be parsed",
            id="python2",
        ),
    ],
)
def test_bad_files_are_reported_and_left_byte_identical(
    tmp_path: Path,
    fake_engine: list[str],
    capsys: pytest.CaptureFixture[str],
    data: bytes,
    message: str,
) -> None:
    path = _write(tmp_path, "bad.py", data)
    assert _run("--write", path) == 2
    assert path.read_bytes() == data
    out = capsys.readouterr().out
    assert f"{path}: error: " in out
    assert message in out


def test_huge_file_is_refused_before_reading(
    tmp_path: Path, fake_engine: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "huge.py"
    with open(path, "wb") as handle:
        handle.write(CALL.encode() + b"\n")
        handle.truncate(fileio.MAX_FILE_SIZE + 1)
    before = os.stat(path)
    assert _run("--write", path) == 2
    assert "file too large: expected at most 10,485,760 bytes, received 10,485,761 bytes" in (
        capsys.readouterr().out
    )
    assert os.stat(path).st_mtime_ns == before.st_mtime_ns
    assert fake_engine == []


def test_read_only_file_is_reported_and_untouched(
    tmp_path: Path, fake_engine: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, "ro.py", f"{CALL}\n".encode())
    path.chmod(0o444)
    assert _run("--write", path) == 2
    assert path.read_bytes() == f"{CALL}\n".encode()
    assert "file is read-only" in capsys.readouterr().out
    assert stat.S_IMODE(path.stat().st_mode) == 0o444


def test_unreadable_path_is_an_error(
    tmp_path: Path, fake_engine: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "pipe.py"
    os.mkfifo(fifo)
    assert _run(fifo) == 2
    assert "expected a regular file, received a special file" in capsys.readouterr().out


def test_a_file_swapped_for_a_fifo_after_the_stat_is_refused_not_waited_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The stat says regular file, the open meets a FIFO (no writer): refused at once."""
    import threading

    regular = _write(tmp_path, "regular.py", b"x = 1\n")
    fifo = tmp_path / "swapped.py"
    os.mkfifo(fifo)
    real_stat = os.stat
    monkeypatch.setattr(
        fileio.os, "stat", lambda p, *a, **k: real_stat(regular if p == str(fifo) else p)
    )
    outcome: list[object] = []

    def read() -> None:
        try:
            fileio.read_bytes(str(fifo))
        except FileIOError as exc:
            outcome.append(str(exc))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=10)
    if reader.is_alive():  # it blocks in open(): release it before failing
        with open(fifo, "wb"):
            pass
        reader.join(timeout=10)
    assert outcome == ["expected a regular file, received a special file (fifo, socket or device)"]


def test_mode_is_preserved(tmp_path: Path, fake_engine: list[str]) -> None:
    path = _write(tmp_path, "exe.py", f"#!/usr/bin/env python\n{CALL}\n".encode())
    path.chmod(0o751)
    assert _run("--write", path) == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o751
    assert FIXED in path.read_text()


def test_file_changed_on_disk_between_read_and_write_is_not_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from _cli_fakes import fake_transform

    import migrate.engine.transform

    path = _write(tmp_path, "race.py", f"{CALL}\n".encode())
    edited = b"# edited by someone else meanwhile\n" + f"{CALL}\n".encode()

    def editing_transform(source: str, **kwargs: object) -> object:
        path.write_bytes(edited)  # a concurrent editor saves while we transform
        return fake_transform(source)

    monkeypatch.setattr(migrate.engine.transform, "transform_source", editing_transform)
    assert _run("--write", path) == 2
    assert path.read_bytes() == edited
    assert "file changed on disk since it was read" in capsys.readouterr().out
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("where", ["fsync", "replace"])
def test_keyboard_interrupt_inside_a_write_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """An exception (here Ctrl-C) in the middle of ``write_atomic``: old content, no temp file."""
    path = _write(tmp_path, "a.py", f"{CALL}\n".encode())
    data, stamp = fileio.read_bytes(str(path))

    def interrupted(*args: object) -> object:
        raise KeyboardInterrupt

    monkeypatch.setattr(fileio.os, where, interrupted)
    with pytest.raises(KeyboardInterrupt):
        fileio.write_atomic(str(path), f"{FIXED}\n".encode(), expected=data, stamp=stamp)
    assert path.read_bytes() == data
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize(("where", "written"), [("fsync", ["a.py"]), ("replace", ["a.py", "b.py"])])
def test_ctrl_c_during_a_write_completes_it_and_writes_nothing_else(
    tmp_path: Path,
    fake_engine: list[str],
    monkeypatch: pytest.MonkeyPatch,
    where: str,
    written: list[str],
) -> None:
    """A real SIGINT to the CLI while a worker writes: that write completes, no other starts.

    The 2nd call of ``os.<where>`` in the worker sends it: the directory fsync of a.py, or the
    replace of b.py. The write in flight is finished, c.py is never written, exit 130.
    """
    originals = {}
    for name in ("a.py", "b.py", "c.py"):
        originals[name] = _write(tmp_path, name, f"{CALL}\n".encode()).read_bytes()
    real = getattr(os, where)
    calls = {"n": 0}

    def interrupting(*args: object) -> object:
        calls["n"] += 1  # counted in the worker process
        if calls["n"] == 2:
            os.kill(os.getppid(), signal.SIGINT)  # Ctrl-C reaches the CLI, not the worker
        return real(*args)

    monkeypatch.setattr(fileio.os, where, interrupting)
    assert _run("--write", "--jobs", "1", tmp_path) == 130
    for name in ("a.py", "b.py", "c.py"):
        expected = f"{FIXED}\n".encode() if name in written else originals[name]
        assert (tmp_path / name).read_bytes() == expected, name
    assert _leftovers(tmp_path) == []


def test_symlink_out_of_root_is_not_followed(
    tmp_path: Path, fake_engine: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "outside"
    root = tmp_path / "root"
    outside.mkdir()
    root.mkdir()
    target = _write(outside, "secret.py", f"{CALL}\n".encode())
    (root / "link.py").symlink_to(target)
    (root / "linkdir").symlink_to(outside, target_is_directory=True)
    assert _run("--write", "--verbose", root) == 0
    assert target.read_text() == f"{CALL}\n"
    assert (root / "link.py").is_symlink()
    out = capsys.readouterr().out
    assert "link.py: skipped: symlink points outside the given roots" in out
    assert fake_engine == []


def test_write_runs_in_parallel_and_is_idempotent(tmp_path: Path, fake_engine: list[str]) -> None:
    for i in range(6):
        _write(tmp_path, f"m{i}.py", f"import x\n{CALL}\n".encode())
    assert _run("--write", "--jobs", "2", "--quiet", tmp_path) == 0
    first = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert all(FIXED.encode() in data for data in first.values())
    assert _run("--check", "--jobs", "2", tmp_path) == 0
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == first
