"""TF 0.12's deprecated keyword names of the contrib losses (private).

TF 0.12 renamed ``weight`` to ``weights`` and ``targets`` (``target`` for ``hinge_loss``) to
``labels`` and accepted both spellings until TF 1.0; code written then still passes the old ones.
The signatures stay TF 1.x's (``inspect`` follows ``__wrapped__``).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["accepts_old_names"]

_F = TypeVar("_F", bound=Callable[..., Any])


def accepts_old_names(**old_to_new: str) -> Callable[[_F], _F]:
    """Also accept each ``old=`` keyword as its ``new`` name; giving both is a ``ValueError``."""

    def decorate(fn: _F) -> _F:
        names = list(inspect.signature(fn).parameters)
        position = {new: names.index(new) for new in old_to_new.values()}

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            for old, new in old_to_new.items():
                if old not in kwargs:
                    continue
                value = kwargs.pop(old)
                if new in kwargs or len(args) > position[new]:
                    raise ValueError(
                        f"Invalid value for argument `{old}`: it is the deprecated name of "
                        f"`{new}`; pass only one of them. Received both."
                    )
                kwargs[new] = value
            return fn(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate
