"""The environment for running Python in a subprocess with this repository importable."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def python_env(**extra: str) -> dict[str, str]:
    """``os.environ`` with TensorFlow's C++ logs quiet and the repository on ``PYTHONPATH``
    (a script's own directory comes first on ``sys.path``, not the working directory)."""
    return {
        **os.environ,
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
        **extra,
    }
