"""How long a wait for a server may last: a deadline for every request in a block (a query's
``--timeout``, its load included). The deadline belongs to the block's context: other threads
(a server's other requests) keep their own, and a :class:`graph.util.worker.Worker` started
in the block carries it. Light: the commands import it whatever their store."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_deadline: ContextVar[float | None] = ContextVar("deadline", default=None)


def deadline() -> float | None:
    """The :func:`time.monotonic` time by which every wait must end, if any."""
    return _deadline.get()


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
    before = _deadline.get()
    if seconds is None:
        yield
        return
    end = time.monotonic() + seconds
    token = _deadline.set(end if before is None else min(before, end))
    try:
        yield
    finally:
        _deadline.reset(token)
