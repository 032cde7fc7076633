"""Literals whose lexical form is not valid for their datatype (``"abc"^^xsd:date``): one
warning line each, naming the file, the line and the literal, instead of rdflib's traceback.

rdflib logs such a literal with a full traceback (logger ``rdflib.term``), or warns of a
"weird boolean" (``warnings``), whenever it makes the term: when a file is parsed, and again
each time the term is made (an answer read back from Oxigraph, a ``--bind`` value that is then
refused in one line). Those records and warnings are dropped here, always; while a file is
parsed on the memory store (:func:`reporting`), each distinct literal is told once, on stderr.
The literal stays in the graph as written (without a value), and the SHACL shapes judge it.
"""

from __future__ import annotations

import ast
import logging
import mmap
import re
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

from ..namespaces import compact

SHOWN = 5
"""Literals told by name per file; the rest are counted in one more line."""

_MESSAGE = "Failed to convert Literal lexical form to value"
_WEIRD_BOOLEAN = re.compile(r"Parsing weird boolean, (.*) does not map to True or False")
_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
_reports: list[list[tuple[str, str]]] = []


class _IllTypedLiterals(logging.Filter):
    """Drops rdflib's record of an ill-typed literal, noting the literal for the file being
    read, if any."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not str(record.msg).startswith(_MESSAGE):
            return True
        found = _literal(record.exc_info[2] if record.exc_info else None)
        if _reports and found is not None and found not in _reports[-1]:
            _reports[-1].append(found)
        return False


def _literal(trace: TracebackType | None) -> tuple[str, str] | None:
    """The lexical form and datatype of the literal, from the frame that logged it."""
    if trace is None:
        return None
    names = trace.tb_frame.f_locals
    if "lexical" not in names:
        return None
    return str(names["lexical"]), str(names.get("datatype", ""))


logging.getLogger("rdflib.term").addFilter(_IllTypedLiterals())
warnings.filterwarnings("ignore", message=_WEIRD_BOOLEAN.pattern, category=UserWarning)


@contextmanager
def reporting(path: Path) -> Iterator[None]:
    """Tell on stderr each literal of ``path`` that is not valid for its datatype, once, when
    the block has parsed it (a file that fails has its one error line, and nothing more)."""
    _reports.append([])
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield
    finally:
        found = _reports.pop()
    for warning in caught:
        if weird := _WEIRD_BOOLEAN.fullmatch(str(warning.message)):
            if (boolean := (ast.literal_eval(weird[1]), _BOOLEAN)) not in found:
                found.append(boolean)
        else:  # not ours: on its way
            warnings.warn_explicit(warning.message, warning.category, warning.filename,
                                   warning.lineno)
    for lexical, datatype in found[:SHOWN]:
        line = _line_of(path, lexical)
        where = f"{path}:{line}" if line else str(path)
        print(f"dotscale: warning: {where}: {_quoted(lexical)}^^{compact(datatype)} is not "
              f"a valid {compact(datatype)}; kept as written, without a value", file=sys.stderr)
    if len(found) > SHOWN:
        print(f"dotscale: warning: {path}: {len(found) - SHOWN} more literals not valid for "
              "their datatype", file=sys.stderr)


def _quoted(lexical: str) -> str:
    shown = lexical if len(lexical) <= 40 else lexical[:39] + "…"
    return '"' + shown.encode("unicode_escape").decode("ascii").replace('"', '\\"') + '"'


def _line_of(path: Path, lexical: str) -> int | None:
    """The line of ``path`` where ``"lexical"`` first appears, if it does as written.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder, "a.ttl")
    ...     _ = path.write_text('<a> <b> "1" .\\n<a> <c> "x"^^<d> .\\n')
    ...     _line_of(path, "x")
    2
    """
    try:
        with path.open("rb") as file, \
                mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as content:
            at = content.find(b'"' + lexical.encode("utf-8") + b'"')
            return content[:at].count(b"\n") + 1 if at >= 0 else None
    except (OSError, ValueError):
        return None
