"""What tells that a file changed since it was loaded: its full name, size and time of change,
kept by a store with what it loaded (see :mod:`graph.loading.stores.base`)."""

from __future__ import annotations

from pathlib import Path

from ..errors import DotscaleError


def fingerprint(path: Path) -> str:
    """What tells that the file ``path`` changed: its full name, size and time of change.

    >>> fingerprint(Path(__file__)).startswith(str(Path(__file__).resolve()) + "|")
    True
    """
    try:
        status = path.stat()
    except FileNotFoundError:
        raise DotscaleError("no such file", path=path) from None
    return f"{path.resolve()}|{status.st_size}|{status.st_mtime_ns}"
