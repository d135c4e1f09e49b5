"""Reading and writing user files without ever losing a byte.

Decoding follows PEP 263 (BOM, ``coding:`` cookie); text that is not valid UTF-8 and has no
cookie, binary files and huge files are refused with a typed error. Line endings (LF, CRLF,
CR, mixed) are normalised to ``\\n`` for the engine and restored exactly afterwards.

Writes are atomic: a temporary file beside the target, fsync, ``os.replace``, fsync of the
directory. A file that changed on disk since it was read is never overwritten, read-only
files are refused, and the file mode is preserved. Ctrl-C during a write is deferred until the
replace is done, so every file is either the old or the new version. Nothing here prints.
"""

from __future__ import annotations

import codecs
import contextlib
import difflib
import io
import os
import re
import signal
import stat
import tempfile
import threading
import tokenize
from collections.abc import Iterator
from dataclasses import dataclass
from types import FrameType

__all__ = [
    "MAX_FILE_SIZE",
    "DecodedText",
    "FileIOError",
    "FileStamp",
    "decode_source",
    "decode_text",
    "encode_text",
    "is_read_only",
    "normalize_newlines",
    "read_bytes",
    "restore_newlines",
    "unified_diff",
    "write_atomic",
]

MAX_FILE_SIZE = 10 * 1024 * 1024
"""Files larger than this (bytes) are refused: no hand-written module is that big."""

_NEWLINE_RE = re.compile(r"\r\n|\r|\n")


class FileIOError(Exception):
    """A file cannot be read, decoded or written safely. The message says why."""


@dataclass(frozen=True)
class FileStamp:
    """What the file looked like when it was read (to detect concurrent changes)."""

    size: int
    mtime_ns: int
    inode: int
    mode: int
    uid: int = -1
    gid: int = -1


@dataclass(frozen=True)
class DecodedText:
    """A decoded source file, with everything needed to write it back identically."""

    text: str
    """The text with every line ending normalised to ``\\n``."""
    encoding: str
    """Codec used to decode (``utf-8-sig`` when the file starts with a BOM)."""
    endings: tuple[str, ...]
    """The original line ending of each line (``""`` for a last line without one)."""

    @property
    def newline(self) -> str:
        """The dominant line ending (``\\n`` when the file has none)."""
        counts: dict[str, int] = {}
        for ending in self.endings:
            if ending:
                counts[ending] = counts.get(ending, 0) + 1
        if not counts:
            return "\n"
        return max(counts, key=lambda e: (counts[e], e == "\n"))


def read_bytes(path: str, *, max_size: int = MAX_FILE_SIZE) -> tuple[bytes, FileStamp]:
    """Read a whole file, refusing special files and files over ``max_size`` bytes."""
    try:
        st = os.stat(path)
    except OSError as exc:
        raise FileIOError(f"cannot read file: {exc.strerror or exc}") from None
    if stat.S_ISDIR(st.st_mode):
        raise FileIOError("expected a file, received a directory")
    if not stat.S_ISREG(st.st_mode):
        raise FileIOError(
            "expected a regular file, received a special file (fifo, socket or device)"
        )
    if st.st_size > max_size:
        raise FileIOError(
            f"file too large: expected at most {max_size:,} bytes, received {st.st_size:,} bytes"
        )
    try:
        # Non-blocking: a file swapped for a FIFO since the stat above must not hang the read.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise FileIOError(f"cannot read file: {exc.strerror or exc}") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise FileIOError(
                "expected a regular file, received a special file (fifo, socket or device)"
            )
        with open(fd, "rb", closefd=False) as handle:
            data = handle.read(max_size + 1)
    except OSError as exc:
        raise FileIOError(f"cannot read file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if len(data) > max_size:
        raise FileIOError(
            f"file too large: expected at most {max_size:,} bytes, received more than {max_size:,}"
        )
    return data, FileStamp(
        st.st_size, st.st_mtime_ns, st.st_ino, stat.S_IMODE(st.st_mode), st.st_uid, st.st_gid
    )


def decode_source(data: bytes) -> DecodedText:
    """Decode Python source bytes as the interpreter would (PEP 263), strictly.

    Raises:
        FileIOError: binary data, an unknown or contradictory encoding declaration, or bytes
            that are not valid in the declared encoding (UTF-8 when nothing is declared).
    """
    text, encoding = decode_text(data)
    text, endings = normalize_newlines(text)
    return DecodedText(text=text, encoding=encoding, endings=endings)


def decode_text(data: bytes) -> tuple[str, str]:
    """Like ``decode_source`` without the line-ending bookkeeping: ``(text, encoding)``."""
    if b"\x00" in data:
        raise FileIOError("binary file: expected Python source text, received NUL bytes")
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:
        if "invalid or missing encoding declaration" not in str(exc.msg):
            raise FileIOError(f"invalid encoding declaration: {exc.msg}") from None
        encoding = "utf-8"  # undecodable first lines: report the byte below
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        if encoding in ("utf-8", "utf-8-sig"):
            raise FileIOError(
                "cannot decode: expected UTF-8 (no PEP 263 coding cookie), received invalid "
                f"byte 0x{data[exc.start]:02x} at offset {exc.start}"
            ) from None
        raise FileIOError(
            f"cannot decode: expected {encoding} as declared by the coding cookie, received "
            f"invalid byte 0x{data[exc.start]:02x} at offset {exc.start}"
        ) from None
    if encoding == "utf-8-sig" and not data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8"
    return text, encoding


def normalize_newlines(text: str) -> tuple[str, tuple[str, ...]]:
    """Return ``text`` with ``\\r\\n``/``\\r`` turned into ``\\n``, and each line's original ending."""
    if "\r" not in text:
        parts = text.split("\n")
        endings = ["\n"] * (len(parts) - 1)
        if parts[-1]:
            endings.append("")
        return text, tuple(endings)
    endings = []
    pos = 0
    for match in _NEWLINE_RE.finditer(text):
        endings.append(match.group())
        pos = match.end()
    if pos < len(text):
        endings.append("")
    return _NEWLINE_RE.sub("\n", text), tuple(endings)


def restore_newlines(original: DecodedText, new_text: str) -> str:
    """Re-apply the original line endings to ``new_text`` (a ``\\n``-normalised edit of it).

    Unchanged lines keep their own ending (so mixed files stay mixed); new or edited lines
    get the ending of the line they replace, or the file's dominant ending.
    """
    distinct = set(e for e in original.endings if e)
    if not distinct or distinct == {"\n"}:
        return new_text
    if len(distinct) == 1:
        return new_text.replace("\n", distinct.pop())
    old_lines = original.text.split("\n")
    new_lines = new_text.split("\n")
    dominant = original.newline
    out_endings = [dominant] * len(new_lines)
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for k in range(j2 - j1):
            i = i1 + k
            if tag == "insert" or i >= i2:
                continue
            if i < len(original.endings) and original.endings[i]:
                out_endings[j1 + k] = original.endings[i]
    pieces = []
    last = len(new_lines) - 1
    for j, line in enumerate(new_lines):
        pieces.append(line)
        if j < last:
            pieces.append(out_endings[j])
    return "".join(pieces)


def encode_text(text: str, encoding: str) -> bytes:
    """Encode with the file's own codec; refuse characters that codec cannot represent."""
    try:
        return text.encode(encoding)
    except UnicodeEncodeError as exc:
        raise FileIOError(
            f"cannot encode the new text: expected characters representable in {encoding}, "
            f"received {exc.object[exc.start : exc.end]!r}"
        ) from None


def unified_diff(old: str, new: str, path: str) -> str:
    """A git-style unified diff of two ``\\n``-normalised texts (empty when equal)."""
    if old == new:
        return ""
    lines = difflib.unified_diff(
        old.splitlines(keepends=True),
        new.splitlines(keepends=True),
        fromfile=f"a/{path}",
        tofile=f"b/{path}",
    )
    out = []
    for line in lines:
        out.append(line)
        if not line.endswith("\n"):
            out.append("\n\\ No newline at end of file\n")
    return "".join(out)


@contextlib.contextmanager
def _deferred_sigint() -> Iterator[None]:
    """Hold SIGINT (Ctrl-C) until the block is done; re-raise KeyboardInterrupt afterwards."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []

    def _handler(signum: int, frame: FrameType | None) -> None:
        received.append(signum)

    try:
        previous = signal.signal(signal.SIGINT, _handler)
    except ValueError:  # pragma: no cover - not in the main interpreter
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if received and callable(previous):
            raise KeyboardInterrupt


def is_read_only(path: str) -> bool:
    """True when the file has no write permission bit (checked by mode, so root is refused too)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not (mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)) or not os.access(path, os.W_OK)


def write_atomic(path: str, data: bytes, *, expected: bytes, stamp: FileStamp) -> None:
    """Replace ``path`` by ``data`` atomically, if it still holds ``expected``.

    Raises:
        FileIOError: the file is read-only, changed on disk since it was read, or the
            directory is not writable; the file is then left as it is.
    """
    if is_read_only(path):
        raise FileIOError("file is read-only: expected a writable file, left it unchanged")
    try:
        current, now = read_bytes(path, max_size=max(len(expected), 1) * 2 + 1024)
    except FileIOError as exc:
        raise FileIOError(
            f"file changed on disk since it was read ({exc}); left it unchanged"
        ) from None
    if current != expected or now.inode != stamp.inode:
        raise FileIOError("file changed on disk since it was read; left it unchanged, run again")
    directory = os.path.dirname(os.path.abspath(path))
    base = os.path.basename(path)
    with _deferred_sigint():
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{base}.", suffix=".tfcompat-tmp", dir=directory)
        except OSError as exc:
            raise FileIOError(f"cannot write beside the file: {exc.strerror or exc}") from None
        try:
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                    handle.flush()
                    os.fchmod(handle.fileno(), now.mode)
                    with contextlib.suppress(OSError):
                        os.fchown(handle.fileno(), now.uid, now.gid)
                    os.fsync(handle.fileno())
                os.replace(tmp, path)
            except OSError as exc:
                raise FileIOError(f"cannot write file: {exc.strerror or exc}") from None
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        _fsync_directory(directory)


def _fsync_directory(directory: str) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
