"""Work in a thread of its own, waited for in short slices, its error handed to the waiter."""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Callable
from typing import Generic, TypeVar, cast

T = TypeVar("T")

SLICE = 0.05
"""Seconds the waiting thread sleeps at a time, so that an exception raised in it from another
thread (a deadline, see :func:`graph.querying.execute.deadline`) lands on time."""


class Worker(threading.Thread, Generic[T]):
    """``work()`` running at once in a daemon thread named ``name``, in a copy of the context
    it was started in (its deadlines, see :mod:`graph.loading.stores.waits`).

    >>> Worker(lambda: 6 * 7, "answer").wait()
    42
    """

    def __init__(self, work: Callable[[], T], name: str) -> None:
        super().__init__(name=name, daemon=True)
        self._work = work
        self._context = contextvars.copy_context()
        self._result: T | None = None
        self._error: BaseException | None = None
        self.start()

    def run(self) -> None:
        try:
            self._result = self._context.run(self._work)
        except BaseException as error:  # handed to the waiter, without this thread's frames
            self._error = error  # (objects in them, an engine's, must die in this thread)
            cause: BaseException | None = error
            while cause is not None:
                cause.__traceback__ = None
                cause = cause.__cause__ or cause.__context__

    def wait(self) -> T:
        """Wait for the work to end, in short slices; its value, or raise what it raised."""
        while self.is_alive():
            self.join(SLICE)
        if self._error is not None:
            raise self._error
        return cast(T, self._result)
