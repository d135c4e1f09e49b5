"""The TensorFlow and Keras the tests run on, for the few tests that depend on the version.

``make test-matrix`` (``tools/matrix.py``, ``docs/versions.md``) runs the suite on several
TensorFlow releases. A test that genuinely cannot run on some of them skips itself with one of
these markers, whose reason names the installed version, the version needed and the API, rather
than with a bare ``importorskip``::

    from _versions import requires_keras, requires_tf

    @requires_tf((2, 13), "tf.is_symbolic_tensor")
    def test_...

Versions are read from the installed distributions' metadata: importing this module does not
import TensorFlow.
"""

from __future__ import annotations

import importlib.metadata
import os
import re

import pytest

__all__ = [
    "LEGACY_KERAS",
    "TF_VERSION",
    "keras_major",
    "legacy_keras_path",
    "requires_keras",
    "requires_tf",
    "skip_on_tf",
    "tf_description",
]

Version = tuple[int, int]

# Every distribution that provides the `tensorflow` module (one per environment).
_TF_DISTRIBUTIONS = (
    "tensorflow",
    "tensorflow-cpu",
    "tf-nightly",
    "tf-nightly-cpu",
    "tensorflow-intel",
)
#: TensorFlow from which ``tf.keras`` is Keras 3 (Keras 2 is then the ``tf-keras`` package).
FIRST_KERAS_3: Version = (2, 16)


def _distribution_version(name: str) -> Version | None:
    try:
        text = importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None
    match = re.match(r"(\d+)\.(\d+)", text)
    return (int(match[1]), int(match[2])) if match else None


def _installed_tf() -> Version | None:
    for name in _TF_DISTRIBUTIONS:
        version = _distribution_version(name)
        if version is not None:
            return version
    return None


#: ``(major, minor)`` of the installed TensorFlow, or None without TensorFlow.
TF_VERSION: Version | None = _installed_tf()
#: ``TF_USE_LEGACY_KERAS`` is set: from TF 2.16, ``tf.keras`` is then ``tf_keras`` (Keras 2).
LEGACY_KERAS: bool = os.environ.get("TF_USE_LEGACY_KERAS", "").lower() in ("1", "true", "yes")


def _text(version: Version | None) -> str:
    return "none" if version is None else f"{version[0]}.{version[1]}"


def keras_major() -> int | None:
    """The major version of ``tf.keras`` (2 or 3), or None without TensorFlow."""
    if TF_VERSION is None:
        return None
    if TF_VERSION < FIRST_KERAS_3:
        return 2
    return 2 if LEGACY_KERAS and _distribution_version("tf-keras") is not None else 3


def tf_description() -> str:
    """``"TensorFlow 2.15 (tf.keras: Keras 2)"``, for skip reasons and messages."""
    if TF_VERSION is None:
        return "no TensorFlow"
    return f"TensorFlow {_text(TF_VERSION)} (tf.keras: Keras {keras_major()})"


def requires_tf(minimum: Version, api: str) -> pytest.MarkDecorator:
    """Skips on a TensorFlow older than ``minimum``, which lacks ``api`` (no skip without TF:
    such tests skip on their own ``importorskip("tensorflow")``)."""
    installed = TF_VERSION
    too_old = installed is not None and installed < minimum
    return pytest.mark.skipif(
        too_old,
        reason=f"needs TensorFlow {_text(minimum)}+ for {api}; installed: {tf_description()}",
    )


def skip_on_tf(versions: tuple[Version, ...], bug: str) -> pytest.MarkDecorator:
    """Skips on the TensorFlow minor ``versions`` whose ``bug`` makes the test meaningless there
    (for instance a kernel that crashes the process, oracle and shim alike)."""
    listed = ", ".join(_text(v) for v in versions)
    return pytest.mark.skipif(
        TF_VERSION in versions,
        reason=f"TensorFlow {listed}: {bug}; installed: {tf_description()}",
    )


def requires_keras(major: int, why: str) -> pytest.MarkDecorator:
    """Skips unless ``tf.keras`` is Keras ``major``; ``why`` says what differs in the other."""
    other = keras_major()
    return pytest.mark.skipif(
        other is not None and other != major,
        reason=f"needs Keras {major} as tf.keras: {why}; installed: {tf_description()}",
    )


def legacy_keras_path() -> pytest.MarkDecorator:
    """Skips tests of the ``tf-keras`` + ``TF_USE_LEGACY_KERAS=1`` path where it is not one.

    Up to TF 2.15 ``tf.keras`` is Keras 2 already (the other tests run under it); from TF 2.16
    the path needs the ``tf-keras`` distribution of the same minor version.
    """
    if TF_VERSION is not None and TF_VERSION < FIRST_KERAS_3:
        reason = (
            f"tf-keras with TF_USE_LEGACY_KERAS=1 is the Keras 2 path from TensorFlow 2.16 on; "
            f"installed: {tf_description()}, already Keras 2"
        )
        return pytest.mark.skipif(True, reason=reason)
    missing = TF_VERSION is not None and _distribution_version("tf-keras") is None
    return pytest.mark.skipif(
        missing,
        reason=f"needs the tf-keras distribution (Keras 2) next to {tf_description()}; "
        "install it without dependencies (it requires the full `tensorflow` wheel)",
    )
