"""A deadline for server waits belongs to the block that set it: a server's other requests, in
other threads, keep their own; a worker started in the block carries it."""

from __future__ import annotations

import threading

from graph.loading.stores.waits import deadline, waits_end_by
from graph.util.worker import Worker


def test_another_thread_does_not_see_a_blocks_deadline() -> None:
    inside, read = threading.Event(), threading.Event()
    seen: list[float | None] = []

    def with_a_deadline() -> None:
        with waits_end_by(0.001):
            inside.set()
            read.wait(10)

    def without() -> None:
        inside.wait(10)
        seen.append(deadline())
        read.set()

    threads = [threading.Thread(target=with_a_deadline), threading.Thread(target=without)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert seen == [None]


def test_a_worker_started_in_the_block_keeps_its_deadline() -> None:
    with waits_end_by(30):
        expected = deadline()
        assert Worker(deadline, "reads the deadline").wait() == expected is not None
    assert deadline() is None
