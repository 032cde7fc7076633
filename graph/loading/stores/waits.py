"""How long a wait for a server may last: a deadline for every request in a block, in any
thread (a query's ``--timeout``, its load included). Light: the commands import it whatever
their store."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

_deadline: float | None = None


def deadline() -> float | None:
    """The :func:`time.monotonic` time by which every wait must end, if any."""
    return _deadline


@contextmanager
def waits_end_by(seconds: float | None) -> Iterator[None]:
    """In the block, no wait for a server lasts more than ``seconds`` from now (an earlier
    deadline of an enclosing block stays).

    >>> with waits_end_by(5):
    ...     0 < deadline() - time.monotonic() <= 5
    True
    >>> deadline() is None
    True
    """
    global _deadline
    before = _deadline
    if seconds is not None:
        end = time.monotonic() + seconds
        _deadline = end if before is None else min(before, end)
    try:
        yield
    finally:
        _deadline = before
