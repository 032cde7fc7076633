"""Where a command's data goes: the file ``--out`` names (written atomically) or stdout."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path

from ..errors import UsageError
from ..util.atomic import write_bytes_atomic


def emit(data: bytes | str, out: Path | None) -> None:
    """Write ``data`` to ``out`` atomically, or to standard output when ``out`` is None."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if out is None:
        sys.stdout.buffer.write(raw)
        sys.stdout.flush()
    else:
        write_bytes_atomic(out, raw)


def format_for_out(out: Path | None, given: str | None, suffixes: Mapping[str, str],
                   default: str) -> str:
    """The format of ``out``: ``given``, else the one its suffix names, else ``default``.

    ``suffixes`` maps each format to its file suffix; a suffix of another format than
    ``given`` is refused rather than written in the wrong format.

    >>> suffixes = {"ttl": ".ttl", "nt": ".nt"}
    >>> format_for_out(Path("x.nt"), None, suffixes, "ttl")
    'nt'
    >>> format_for_out(None, None, suffixes, "ttl")
    'ttl'
    >>> format_for_out(Path("x.nt"), "ttl", suffixes, "ttl")
    Traceback (most recent call last):
    ...
    graph.errors.UsageError: --out x.nt: the suffix .nt is for --format nt, not ttl
    """
    suffix = out.suffix.lower() if out is not None else ""
    named = [name for name, known in suffixes.items() if known == suffix]
    if given is None:
        return named[0] if named else default
    if named and given not in named:
        raise UsageError(f"--out {out}: the suffix {suffix} is for --format "
                         f"{' or '.join(named)}, not {given}")
    return given
