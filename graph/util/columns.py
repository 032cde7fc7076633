"""Plain aligned columns: the query table, stats, analyze and the benchmark's tables."""

from __future__ import annotations

from collections.abc import Collection, Sequence


def natural_widths(rows: Sequence[Sequence[str]]) -> list[int]:
    """The width of each column: its longest cell.

    >>> natural_widths([["name", "count"], ["ds:Talk", "32"]])
    [7, 5]
    """
    return [max(len(row[i]) for row in rows) for i in range(len(rows[0]))] if rows else []


def fit(widths: Sequence[int], room: int, whole: int = 0) -> list[int]:
    """Narrow the widest columns (but the first ``whole``) until the widths fit in ``room``;
    no column narrower than 6.

    >>> fit([30, 10, 50], 60)
    [25, 10, 25]
    >>> fit([30, 10, 50], 60, whole=1)
    [30, 10, 20]
    """
    widths = list(widths)
    narrowable = range(whole, len(widths))
    while sum(widths) > room and narrowable:
        widest = max(narrowable, key=lambda i: widths[i])
        if widths[widest] <= 6:
            break
        widths[widest] -= 1
    return widths


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def aligned(rows: Sequence[Sequence[str]], right: Collection[int] = (),
            widths: Sequence[int] | None = None) -> list[str]:
    """Each row as one line, columns padded to a common width, columns in ``right`` flush right.

    ``widths`` (default: :func:`natural_widths`) may be narrower: longer cells are cut with ``…``.

    >>> print("\\n".join(aligned([["name", "count"], ["ds:Talk", "32"]], right={1})))
    name     count
    ds:Talk     32
    >>> aligned([["Introducing Disque", "talk"]], widths=[10, 4])
    ['Introduci…  talk']
    """
    if not rows:
        return []
    widths = natural_widths(rows) if widths is None else widths
    return ["  ".join(_cut(cell, w).rjust(w) if i in right else _cut(cell, w).ljust(w)
                      for i, (cell, w) in enumerate(zip(row, widths, strict=True))).rstrip()
            for row in rows]
