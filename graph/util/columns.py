"""Plain aligned columns for the small tables of stats, analyze and the benchmark."""

from __future__ import annotations

from collections.abc import Collection, Sequence


def aligned(rows: Sequence[Sequence[str]], right: Collection[int] = ()) -> list[str]:
    """Each row as one line, columns padded to a common width, columns in ``right`` flush right.

    >>> print("\\n".join(aligned([["name", "count"], ["ds:Talk", "32"]], right={1})))
    name     count
    ds:Talk     32
    """
    if not rows:
        return []
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  ".join(cell.rjust(w) if i in right else cell.ljust(w)
                      for i, (cell, w) in enumerate(zip(row, widths, strict=True))).rstrip()
            for row in rows]
