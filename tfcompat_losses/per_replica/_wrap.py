"""One wrapper: a loss function computed in ``denominator_mode("per_replica")``."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from tfcompat_losses.distribute import denominator_mode

__all__ = ["per_replica"]

_F = TypeVar("_F", bound=Callable[..., Any])


def per_replica(function: _F) -> _F:
    """``function`` with TF1's per-replica denominators under a strategy (same signature)."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with denominator_mode("per_replica"):
            return function(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
