"""Work in a thread of its own, waited for in short slices, its error handed to the waiter.

Threads are kept once their work is done and given the next work: starting a thread costs
more than many a query takes. A thread still busy with work nobody waits for any longer (a
query past its deadline) is simply not given more. The hand-over is kept short, as a query of a
fraction of a millisecond pays for it: the waiter sleeps on a bare lock, which the thread
releases last of all, already back among the idle threads, so that the waiter, woken, does not
wait for the thread to let go of the interpreter.
"""

from __future__ import annotations

import _thread
import contextvars
import queue
import threading
from collections.abc import Callable
from typing import Generic, TypeVar, cast

T = TypeVar("T")

SLICE = 0.05
"""Seconds the waiting thread sleeps at a time, so that an exception raised in it from another
thread (a deadline, see :func:`graph.querying.execute.deadline`) lands on time."""

_IDLE: list[_Thread] = []
_IDLE_LOCK = threading.Lock()


class Worker(Generic[T]):
    """``work()`` running at once in a daemon thread named ``name``, in a copy of the context
    it was started in (its deadlines, see :mod:`graph.loading.stores.waits`).

    >>> Worker(lambda: 6 * 7, "answer").wait()
    42
    """

    def __init__(self, work: Callable[[], T], name: str) -> None:
        self._work = work
        self._name = name
        self._context = contextvars.copy_context()
        self._done = _thread.allocate_lock()  # held until the work ends
        self._done.acquire()
        self._result: T | None = None
        self._error: BaseException | None = None
        with _IDLE_LOCK:
            thread = _IDLE.pop() if _IDLE else None
        (thread or _Thread()).give(self)

    def run(self, thread: _Thread) -> None:
        """Do the work in ``thread``, which then goes back among the idle threads."""
        thread.name = self._name
        try:
            self._result = self._context.run(self._work)
        except BaseException as error:  # handed to the waiter, without this thread's frames
            self._error = error  # (objects in them, an engine's, must die in this thread)
            cause: BaseException | None = error
            while cause is not None:
                cause.__traceback__ = None
                cause = cause.__cause__ or cause.__context__
        finally:
            thread.name = "dotscale-worker"
            with _IDLE_LOCK:
                _IDLE.append(thread)
            self._done.release()

    def wait(self) -> T:
        """Wait for the work to end, in short slices; its value, or raise what it raised."""
        while not self._done.acquire(timeout=SLICE):
            pass
        self._done.release()  # another waiter of the same work wakes too
        if self._error is not None:
            raise self._error
        return cast(T, self._result)


class _Thread(threading.Thread):
    """A daemon thread that runs the workers it is given, one at a time, and waits among the
    idle threads between them."""

    def __init__(self) -> None:
        super().__init__(name="dotscale-worker", daemon=True)
        self._given: queue.SimpleQueue[Worker[object]] = queue.SimpleQueue()
        self.start()

    def give(self, worker: Worker[T]) -> None:
        self._given.put(cast(Worker[object], worker))

    def run(self) -> None:
        while True:
            worker = self._given.get()
            worker.run(self)
            del worker  # nothing of it kept while this thread waits
