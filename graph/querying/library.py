"""The query library: one SPARQL query per ``queries/*.rq`` file, each opening with a header.

The header is the run of comment lines at the top of the file, one ``# key: value`` per line::

    # title: Talks about a technology
    # description: Every talk that is about or mentions a technology,
    #   with its speakers. (An indented comment line continues the value above.)
    # param: org = Cloudflare -- a node, by name or IRI (the default kind)
    # param: talk -- a parameter without a default must be bound
    # param: tech (node ds:Technology) = Redis -- only a technology's name matches
    # param: year (literal) = 2015 -- bound as a plain string literal
    # param: limit (literal xsd:integer) = 10 -- bound as a typed literal
    # projection: bipartite

``title`` and ``description`` are required. Each ``param`` line declares a variable of the query
that a caller may bind (``?org`` above): ``NAME [(KIND)] [= DEFAULT] [-- DESCRIPTION]``. The
kind says how a value given as text becomes an RDF term (see :mod:`graph.querying.execute`):

- ``node`` (the default): an IRI, or a name matched against the labels of the graph;
  ``node CLASS`` only matches names of instances of that class (or of its subclasses);
- ``literal``: a plain string; ``literal DATATYPE`` a typed literal (``literal xsd:integer``).

Classes and datatypes are written as prefixed names with the project prefixes or as ``<IRI>``.
Every other key (``projection``, ...) is kept in :attr:`LibraryQuery.headers`.

>>> query = find("talks-about")
>>> query.title, query.params[0].name, query.params[0].default
('Talks about a technology', 'tech', 'Redis')
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import DotscaleError
from ..loading.checking import open_regular
from ..util.resources import QUERIES_DIR

MAX_QUERY_BYTES = 16 << 20
NODE = "node"
LITERAL = "literal"

_HEADER_LINE = re.compile(r"#\s?(?P<key>[A-Za-z][\w-]*):\s*(?P<value>.*)$")
_CONTINUATION = re.compile(r"#(?:\s{2,}|\t)(?P<value>\S.*)$")
_PARAM = re.compile(
    r"(?P<name>[A-Za-z_]\w*)"
    r"(?:\s*\((?P<kind>[^)]+)\))?"
    r"(?:\s*=\s*(?P<default>.*?))?"
    r"(?:\s+--\s*(?P<description>.*))?$"
)


@dataclass(frozen=True)
class Param:
    """A variable of a library query that a caller may bind.

    ``default`` is None when the parameter is required; ``kind`` is ``node`` or ``literal``,
    optionally followed by a class or a datatype (``node ds:Technology``, ``literal xsd:date``).
    """

    name: str
    default: str | None
    description: str
    kind: str = NODE


@dataclass(frozen=True)
class LibraryQuery:
    """One query of the library, read from ``path``."""

    name: str
    path: Path
    title: str
    description: str
    params: tuple[Param, ...]
    headers: dict[str, str]
    text: str


def _header_lines(text: str) -> list[tuple[int, str]]:
    lines = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        lines.append((number, stripped))
    return lines


def _parse_param(value: str, path: Path | str, line: int) -> Param:
    match = _PARAM.match(value.strip())
    if not match:
        raise DotscaleError(
            f"bad param header {value!r}: expected NAME [(KIND)] [= DEFAULT] [-- DESCRIPTION]",
            path=path, line=line)
    default = match["default"]
    return Param(
        name=match["name"],
        default=default.strip() if default is not None and default.strip() else None,
        description=(match["description"] or "").strip(),
        kind=(match["kind"] or NODE).strip(),
    )


def parse_header(text: str, where: Path | str) -> tuple[dict[str, str], tuple[Param, ...]]:
    """The ``# key: value`` lines and the parameters declared at the top of a query ``text``.

    >>> parse_header("# title: T\\n# param: x = 1 -- one\\nSELECT * {}", "q.rq")
    ({'title': 'T'}, (Param(name='x', default='1', description='one', kind='node'),))
    """
    entries: list[tuple[int, str, str]] = []
    for number, line in _header_lines(text):
        header = _HEADER_LINE.match(line)
        continuation = _CONTINUATION.match(line)
        if continuation and entries:
            first_line, key, value = entries[-1]
            entries[-1] = (first_line, key, f"{value} {continuation['value'].strip()}")
        elif header:
            entries.append((number, header["key"].lower(), header["value"].strip()))
    headers: dict[str, str] = {}
    params: list[Param] = []
    for number, key, value in entries:
        if key == "param":
            param = _parse_param(value, where, number)
            if any(p.name == param.name for p in params):
                raise DotscaleError(f"parameter {param.name!r} declared twice", path=where,
                                    line=number)
            params.append(param)
        else:
            headers[key] = value
    return headers, tuple(params)


def from_text(text: str, name: str, path: Path | None = None) -> LibraryQuery:
    """A query read from ``text`` (a file outside the library, stdin, ``-e``): the header is
    optional; the title defaults to ``name``.

    >>> from_text("SELECT * WHERE { ?s ?p ?o }", "-e").title
    '-e'
    """
    headers, params = parse_header(text, path or name)
    return LibraryQuery(
        name=name, path=path or Path(name), title=headers.pop("title", name),
        description=headers.pop("description", ""), params=params, headers=headers, text=text,
    )


def read_text(path: Path) -> str:
    """The text of a query file (a regular file, of at most :data:`MAX_QUERY_BYTES`), or a
    one-line error."""
    try:
        with open_regular(path) as file:
            data = file.read(MAX_QUERY_BYTES + 1)
    except DotscaleError as error:
        raise DotscaleError("no such query file" if error.message == "no such file"
                            else error.message, path=path) from None
    if len(data) > MAX_QUERY_BYTES:
        raise DotscaleError(f"over {MAX_QUERY_BYTES >> 20} MB: not a query", path=path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise DotscaleError("not a UTF-8 text file", path=path) from None


def parse_query_file(path: Path) -> LibraryQuery:
    """Read one library ``.rq`` file; its header must have a title and a description.

    >>> q = parse_query_file(QUERIES_DIR / "talks-about.rq")
    >>> q.title, [p.name for p in q.params]
    ('Talks about a technology', ['tech'])
    """
    text = read_text(path)
    headers, _ = parse_header(text, path)
    for required in ("title", "description"):
        if required not in headers:
            raise DotscaleError(f"the header has no '# {required}: ...' line", path=path, line=1)
    return from_text(text, path.stem, path)


def all_queries(directory: Path = QUERIES_DIR) -> list[LibraryQuery]:
    """Every query of the library in ``directory``, sorted by name."""
    return [parse_query_file(path) for path in sorted(directory.glob("*.rq"), key=_stem)]


def _stem(path: Path) -> str:
    return path.stem


def find(name: str, directory: Path = QUERIES_DIR) -> LibraryQuery:
    """The library query called ``name`` (the file stem; a trailing ``.rq`` is accepted).

    >>> find("talks-about").name
    'talks-about'
    >>> find("progam")
    Traceback (most recent call last):
    ...
    graph.errors.DotscaleError: no query named 'progam'; did you mean: program?
    """
    stem = name.removesuffix(".rq")
    path = directory / f"{stem}.rq"
    if "/" not in stem and path.is_file():
        return parse_query_file(path)
    names = sorted(p.stem for p in directory.glob("*.rq"))
    close = difflib.get_close_matches(stem, names, n=5, cutoff=0.5)
    hint = f"did you mean: {', '.join(close)}?" if close else "run 'dotscale queries' to list them"
    raise DotscaleError(f"no query named {name!r}; {hint}")


def locate(name_or_path: str) -> LibraryQuery:
    """A query file (a name with a folder in it, or an existing ``.rq`` file), else the library
    query of that name: the one rule every command follows.

    >>> locate("talks-about").path == QUERIES_DIR / "talks-about.rq"
    True
    """
    path = Path(name_or_path)
    has_folder = "/" in name_or_path or "\\" in name_or_path
    if has_folder or (path.suffix == ".rq" and path.is_file()):
        return from_text(read_text(path), str(path), path)
    return find(name_or_path)
