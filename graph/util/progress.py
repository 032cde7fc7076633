"""Progress on stderr: a live step counter on a terminal, nothing when stderr is piped."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO


class Progress:
    """Counts steps of a long job; redraws one status line when ``stream`` is a terminal.

    A context manager: leaving the block clears the status line (an error included) and
    sets :attr:`seconds`, the time the job took.

    >>> import io
    >>> with Progress(2, stream=io.StringIO()) as progress:
    ...     progress.step("loading")
    >>> progress.done, progress.seconds >= 0
    (1, True)
    """

    tick = 1.0
    """Seconds between two redraws of a :meth:`stage` that is under way."""

    def __init__(self, total: int, *, stream: TextIO | None = None) -> None:
        self.total = total
        self.done = 0
        self.stream = stream if stream is not None else sys.stderr
        self.live = self.stream.isatty()
        self.started = time.perf_counter()
        self.seconds = 0.0
        self._writing = threading.Lock()

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *_: object) -> None:
        """Clear the status line; keep the seconds elapsed in :attr:`seconds`."""
        if self.live:
            with self._writing:
                self.stream.write("\r\x1b[2K")
                self.stream.flush()
        self.seconds = time.perf_counter() - self.started

    def step(self, label: str) -> None:
        """Announce the step about to run."""
        self.done += 1
        self._show(label)

    @contextmanager
    def stage(self, label: str) -> Iterator[None]:
        """A step that tells nothing of its own progress (a SHACL validation, a layout): on a
        terminal, the seconds it has taken are counted on the status line until it ends."""
        self.step(label)
        if not self.live:
            yield
            return
        started = time.perf_counter()
        ended = threading.Event()

        def count() -> None:
            while not ended.wait(self.tick):
                self._show(f"{label} ({time.perf_counter() - started:.0f} s)")

        counter = threading.Thread(target=count, name="dotscale-progress", daemon=True)
        counter.start()
        try:
            yield
        finally:
            ended.set()
            counter.join()

    def _show(self, label: str) -> None:
        if self.live:
            width = 24
            filled = width * min(self.done, self.total) // max(self.total, 1)
            bar = "#" * filled + "-" * (width - filled)
            with self._writing:
                self.stream.write(f"\r\x1b[2K[{bar}] {self.done}/{self.total} {label}")
                self.stream.flush()
