"""Work that Python cannot interrupt (a regular expression that backtracks for hours inside the
``re`` module), run in a child process that is killed when its time is up.

The child is a fork of this process: it has the graph already, and sends back its value (or
its error) pickled through a pipe. Only where the system can fork (:data:`AVAILABLE`).
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import time
import warnings
from collections.abc import Callable
from typing import TypeVar

from ..errors import DotscaleError

T = TypeVar("T")

AVAILABLE = hasattr(os, "fork")
_SLICE = 0.05
_CHUNK = 1 << 16


class TimeUp(Exception):
    """The child was still working when its time was up, and was killed."""


class Failed(Exception):
    """The work raised, in the child, something other than a :class:`DotscaleError`: this
    holds its message."""


def run_forked(work: Callable[[], T], seconds: float) -> T:
    """``work()`` run in a forked child, its value returned; :class:`TimeUp` when it takes more
    than ``seconds``. What it raises comes back with its message: a :class:`DotscaleError` as
    one, anything else as :class:`Failed`.

    >>> run_forked(lambda: 6 * 7, 10)
    42
    >>> run_forked(lambda: time.sleep(5), 0.2)
    Traceback (most recent call last):
    ...
    graph.querying.forked.TimeUp
    """
    read_end, write_end = os.pipe()
    with warnings.catch_warnings():  # a thread of this process does not run in the child,
        warnings.simplefilter("ignore", DeprecationWarning)  # which uses none
        child = os.fork()
    if child == 0:  # pragma: no cover (the child)
        os.close(read_end)
        _child(work, write_end)
    os.close(write_end)
    payload = None
    try:
        payload = _read_until(read_end, time.monotonic() + seconds)
    finally:
        os.close(read_end)
        if payload is None:  # out of time, or interrupted
            os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)
    if payload is None:
        raise TimeUp
    if not payload:
        raise DotscaleError("the query's process ended without an answer (out of memory?)")
    ok, value, users = pickle.loads(payload)
    if not ok:
        raise DotscaleError(value) if users else Failed(value)
    return value  # type: ignore[no-any-return]


def _child(work: Callable[[], object], write_end: int) -> None:  # pragma: no cover
    """In the child: run ``work``, send back ``(True, value, False)`` or ``(False, message,
    whether it is a user's error)``, and leave at once (no clean-up of the parent's files,
    buffers or handlers)."""
    try:
        try:
            payload = pickle.dumps((True, work(), False))
        except BaseException as error:
            payload = pickle.dumps((False, str(error), isinstance(error, DotscaleError)))
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(payload)
    finally:
        os._exit(0)


def _read_until(read_end: int, end: float) -> bytes | None:
    """Everything the child writes, or None if ``end`` comes first."""
    chunks: list[bytes] = []
    while True:
        left = end - time.monotonic()
        if left <= 0:
            return None
        ready, _, _ = select.select([read_end], [], [], min(left, _SLICE))
        if ready:
            chunk = os.read(read_end, _CHUNK)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
