"""Alarms: an action run once a number of seconds have passed, unless cancelled first.

Every alarm of the process waits in one daemon thread, started on first use: starting a
thread for each (``threading.Timer``) costs more than many a query takes, and a server with a
deadline on every query would start one per request.

>>> import threading
>>> rang = threading.Event()
>>> alarm = after(0.01, rang.set)
>>> rang.wait(5)
True
>>> after(60, rang.clear).cancel()
>>> rang.is_set()
True
"""

from __future__ import annotations

import heapq
import itertools
import os
import threading
import time
import traceback
from collections.abc import Callable

_CHANGED = threading.Condition()
_WAITING: list[tuple[float, int, Alarm]] = []  # a heap: the next alarm due first
_ORDER = itertools.count()
_thread: threading.Thread | None = None
_cancelled_waiting = 0  # cancelled alarms still in _WAITING, dropped when due or in bulk


class Alarm:
    """An action due at ``due`` (``time.monotonic()``), run in the alarms' thread."""

    def __init__(self, due: float, action: Callable[[], None]) -> None:
        self.due = due
        self._action: Callable[[], None] | None = action

    def cancel(self) -> None:
        """Do not run the action, if it has not run yet."""
        global _cancelled_waiting
        with _CHANGED:
            if self._action is not None:
                self._action = None
                _cancelled_waiting += 1
                if _cancelled_waiting > 64 and _cancelled_waiting * 2 > len(_WAITING):
                    _drop_cancelled()

    def _take(self) -> Callable[[], None] | None:
        action, self._action = self._action, None
        return action


def after(seconds: float, action: Callable[[], None]) -> Alarm:
    """Run ``action`` (quickly: the next alarms wait for it) once ``seconds`` have passed."""
    global _thread
    alarm = Alarm(time.monotonic() + seconds, action)
    with _CHANGED:
        heapq.heappush(_WAITING, (alarm.due, next(_ORDER), alarm))
        if _thread is None:
            _thread = threading.Thread(target=_ring, name="dotscale-alarms", daemon=True)
            _thread.start()
        elif _WAITING[0][2] is alarm:
            _CHANGED.notify()
    return alarm


def _drop_cancelled() -> None:
    """Take the cancelled alarms out of the heap (with :data:`_CHANGED` held)."""
    global _cancelled_waiting
    _WAITING[:] = [entry for entry in _WAITING if entry[2]._action is not None]
    heapq.heapify(_WAITING)
    _cancelled_waiting = 0


def _ring() -> None:
    """The alarms' thread: sleep until the next alarm is due, run it, and so on."""
    global _cancelled_waiting
    while True:
        with _CHANGED:
            while not _WAITING or _WAITING[0][0] > time.monotonic():
                _CHANGED.wait(_WAITING[0][0] - time.monotonic() if _WAITING else None)
            _, _, alarm = heapq.heappop(_WAITING)
            action = alarm._take()
            if action is None:
                _cancelled_waiting -= 1
        if action is not None:
            try:
                action()
            except Exception:  # said on stderr; the alarms after it still ring
                traceback.print_exc()


def _forget_thread() -> None:
    """In a child process (fork), the alarms and their thread are the parent's."""
    global _thread, _cancelled_waiting, _CHANGED
    _CHANGED = threading.Condition()
    _WAITING.clear()
    _cancelled_waiting = 0
    _thread = None


os.register_at_fork(after_in_child=_forget_thread)
