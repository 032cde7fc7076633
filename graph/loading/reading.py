"""Reading a big file with a progress bar of the bytes read, on a terminal only."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TextIO

from ..util.progress import Progress
from .checking import open_regular

BIG = 8 * 1024 * 1024
"""Files from this many bytes get a progress bar (when stderr is a terminal)."""
STEPS = 100


class ProgressReader(io.RawIOBase):
    """A binary file that moves ``progress`` one step per hundredth of ``size`` read."""

    def __init__(self, file: IO[bytes], size: int, progress: Progress, label: str) -> None:
        super().__init__()
        self.file = file
        self.size = max(size, 1)
        self.progress = progress
        self.label = label
        self.read_bytes = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        count = self.file.readinto(buffer)  # type: ignore[attr-defined]
        self.read_bytes += count or 0
        while self.progress.done < STEPS * self.read_bytes // self.size:
            self.progress.step(self.label)
        return int(count or 0)


def shows_progress(stream: IO[bytes]) -> bool:
    """Whether ``stream`` (from :func:`reading`) moves a progress bar as it is read."""
    return isinstance(getattr(stream, "raw", None), ProgressReader)


@contextmanager
def reading(path: Path, *, stream: TextIO | None = None) -> Iterator[IO[bytes]]:
    """``path`` open for reading in binary mode; a big file read with stderr (or ``stream``) on
    a terminal moves a progress bar of the bytes read. A missing file, a folder, a FIFO or a
    device is a :class:`DotscaleError` (see :func:`graph.loading.checking.open_regular`).

    >>> from graph.util.resources import ONTOLOGY_FILE
    >>> with reading(ONTOLOGY_FILE) as file:
    ...     file.read(6)
    b'PREFIX'
    """
    with open_regular(path) as file:
        size = os.fstat(file.fileno()).st_size
        progress = Progress(STEPS, stream=stream if stream is not None else sys.stderr)
        if size < BIG or not progress.live:
            yield file
            return
        with progress:
            yield io.BufferedReader(ProgressReader(file, size, progress, f"reading {path.name}"))
