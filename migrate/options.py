"""Engine options: what the user chose (from flags or ``[tool.tfcompat-migrate]``)."""

from __future__ import annotations

import enum
from dataclasses import dataclass

__all__ = ["Fallback", "Options", "TF1Mode"]


class Fallback(str, enum.Enum):
    """What to do with a call that cannot be rewritten to native Keras exactly."""

    SHIM = "shim"
    """Rewrite it to the exact ``tfcompat_losses`` equivalent (the default)."""
    REPORT = "report"
    """Leave it untouched and report it."""


class TF1Mode(str, enum.Enum):
    """Whether a module is TF1 code (decides how ``tf.nn.softmax_cross_entropy_with_logits`` is read)."""

    AUTO = "auto"
    """TF1 when the module imports ``tensorflow.compat.v1`` (or calls ``disable_v2_behavior``)."""
    YES = "yes"
    """The user says the whole tree is TF1 code."""
    NO = "no"
    """The user says the tree is TF2 code."""


@dataclass(frozen=True)
class Options:
    fallback: Fallback = Fallback.SHIM
    tf1: TF1Mode = TF1Mode.AUTO
    select: frozenset[str] | None = None
    """Rule codes (or code prefixes) to apply; ``None`` means all."""
    ignore: frozenset[str] = frozenset()
    """Rule codes (or code prefixes) never to apply."""
