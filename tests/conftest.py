"""Test-wide set-up, kept minimal: quiet TensorFlow's C++ logs before anything imports it."""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
