"""Progress on stderr: a live step counter on a terminal, nothing when stderr is piped."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """Counts steps of a long job; redraws one status line when ``stream`` is a terminal.

    >>> import io
    >>> progress = Progress(2, stream=io.StringIO())
    >>> progress.step("loading")
    >>> progress.done
    1
    """

    def __init__(self, total: int, *, stream: TextIO | None = None) -> None:
        self.total = total
        self.done = 0
        self.stream = stream if stream is not None else sys.stderr
        self.live = self.stream.isatty()
        self.started = time.perf_counter()

    def step(self, label: str) -> None:
        """Announce the step about to run."""
        self.done += 1
        if self.live:
            width = 24
            filled = width * min(self.done, self.total) // max(self.total, 1)
            bar = "#" * filled + "-" * (width - filled)
            self.stream.write(f"\r\x1b[2K[{bar}] {self.done}/{self.total} {label}")
            self.stream.flush()

    def close(self) -> float:
        """Clear the status line; return the seconds elapsed."""
        if self.live:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
        return time.perf_counter() - self.started
