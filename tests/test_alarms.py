"""The alarms' one thread: deadlines run in order, cancelled ones never, and no thread is started
per alarm."""

from __future__ import annotations

import threading
import time

import pytest

from graph.querying.execute import deadline
from graph.util import alarms


def test_alarms_ring_in_the_order_they_are_due_whatever_the_order_they_are_set() -> None:
    rung: list[int] = []
    done = threading.Event()
    alarms.after(0.3, lambda: (rung.append(3), done.set()))
    alarms.after(0.1, lambda: rung.append(1))
    alarms.after(0.2, lambda: rung.append(2))
    assert done.wait(30)
    assert rung == [1, 2, 3]


def test_a_cancelled_alarm_does_not_ring() -> None:
    rung: list[str] = []
    later = threading.Event()
    alarms.after(0.05, lambda: rung.append("cancelled")).cancel()
    alarms.after(0.2, later.set)
    assert later.wait(30)
    assert rung == []


def test_an_alarm_that_fails_is_said_and_the_next_still_rings(
        capfd: pytest.CaptureFixture[str]) -> None:
    def fail() -> None:
        raise RuntimeError("the first alarm failed")

    rang = threading.Event()
    alarms.after(0.05, fail)
    alarms.after(0.1, rang.set)
    assert rang.wait(30)
    assert "RuntimeError: the first alarm failed" in capfd.readouterr().err


def test_an_early_alarm_set_behind_a_distant_one_rings_on_time() -> None:
    alarms.after(3600, lambda: None)  # the thread now sleeps for an hour, unless woken
    rang = threading.Event()
    started = time.monotonic()
    alarms.after(0.1, rang.set)
    assert rang.wait(30)
    assert time.monotonic() - started < 10


def test_deadlines_start_no_thread_of_their_own() -> None:
    with deadline(60):
        pass  # the alarms' thread, started once
    before = threading.active_count()
    for _ in range(500):
        with deadline(60):
            assert threading.active_count() == before
    assert len(alarms._WAITING) < 500  # the cancelled alarms do not pile up
