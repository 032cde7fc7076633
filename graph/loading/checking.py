"""What an input file must be before any parser reads it: a regular file, within the size and
nesting limits of its format, and asking for nothing from outside.

A FIFO or a device could be read for ever (``/dev/zero``), so only regular files are opened,
and they are checked after opening too. A parser recurses once per nesting level (Turtle's
``[`` and ``(``, JSON's arrays and objects, XML's elements), so a file nested deeper than
:data:`MAX_DEPTH` is refused before it is parsed, on every store; so is an RDF/XML file that
declares entities (which expand without bound: "billion laughs") or names an external DTD, and
a JSON-LD file whose ``@context`` is a document to fetch (a URL, or a file), at any depth.

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as folder:
...     path = Path(folder, "deep.ttl")
...     _ = path.write_text("<a> <b> " + "[ <c> " * 200 + "]" * 200 + " .")
...     check_file(path, "turtle")
Traceback (most recent call last):
...
graph.errors.DotscaleError: .../deep.ttl:1: nested deeper than 100 levels ([ or ( or {); ...
"""

from __future__ import annotations

import json
import mmap
import os
import re
import stat
from collections.abc import Iterator
from itertools import accumulate
from pathlib import Path
from typing import IO, Any
from xml.parsers import expat

from ..errors import DotscaleError

MAX_DEPTH = 100
"""The deepest nesting any format may have (parsers recurse once, or more, per level)."""

GIB = 1 << 30
MAX_BYTES = {"nt": 64 * GIB, "nquads": 64 * GIB, "turtle": 4 * GIB, "trig": 4 * GIB,
             "n3": 4 * GIB, "xml": 4 * GIB, "json-ld": 1 * GIB}
"""The largest file of each format (rdflib's names): the line formats are read as a stream,
the others whole, JSON-LD as a tree of Python objects several times its size."""

_KINDS = ((stat.S_ISDIR, "is a directory, not a file"),
          (stat.S_ISFIFO, "is a FIFO (named pipe), not a regular file"),
          (stat.S_ISCHR, "is a character device, not a regular file"),
          (stat.S_ISBLK, "is a block device, not a regular file"),
          (stat.S_ISSOCK, "is a socket, not a regular file"))
_OPEN = frozenset(b"[({")
_TURTLE_TOKENS = re.compile(  # possessive, and an open string ends its line: linear
    rb'"""(?:[^"\\]|\\.|"(?!""))*+(?:"""|\Z)|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*+(?:\'\'\'|\Z)'
    rb'|"(?:[^"\\\n]|\\.)*+(?:"|(?=\n)|\Z)|\'(?:[^\'\\\n]|\\.)*+(?:\'|(?=\n)|\Z)'
    rb'|<[^<>\s"#\[\](){}]*+[#\[\](){}][^<>\s"]*+>|#[^\n]*+|[\[\](){}]', re.DOTALL)
_TURTLE_SKIPPED = re.compile(_TURTLE_TOKENS.pattern.rsplit(b"|", 1)[0], re.DOTALL)
_JSON_TOKENS = re.compile(rb'"(?:[^"\\]|\\.)*+(?:"|\Z)|[\[\]{}]', re.DOTALL)
_JSON_SKIPPED = re.compile(_JSON_TOKENS.pattern.rsplit(b"|", 1)[0], re.DOTALL)
_NOT_BRACKETS = bytes(sorted(set(range(256)) - set(b"[](){}")))
_DELTA = [1 if byte in b"[({" else -1 for byte in range(256)]
_READ = 1 << 20


def _refuse_kind(mode: int, path: Path) -> None:
    for test, why in _KINDS:
        if test(mode):
            raise DotscaleError(f"{why}; refused before reading", path=path)
    if not stat.S_ISREG(mode):
        raise DotscaleError("is not a regular file; refused before reading", path=path)


def open_regular(path: Path) -> IO[bytes]:
    """``path`` open for reading in binary mode, if it is a regular file: a FIFO, a device, a
    socket or a folder is refused (before it is opened, and again after, in case it changed).

    >>> open_regular(Path("/dev/zero"))
    Traceback (most recent call last):
    ...
    graph.errors.DotscaleError: /dev/zero: is a character device, not a regular file; ...
    """
    try:
        _refuse_kind(os.stat(path).st_mode, path)
        # O_NONBLOCK: should a FIFO take the file's place now, opening it does not wait
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise DotscaleError("no such file", path=path) from None
    try:
        _refuse_kind(os.fstat(descriptor).st_mode, path)
        os.set_blocking(descriptor, True)
    except BaseException:
        os.close(descriptor)
        raise
    return os.fdopen(descriptor, "rb")


def check_file(path: Path, format_name: str) -> None:
    """Refuse ``path`` (of the rdflib format ``format_name``) unless it is a regular file within
    its format's limits (see the module documentation); reads it once, as a stream."""
    with open_regular(path) as file:
        size = os.fstat(file.fileno()).st_size
        limit = MAX_BYTES.get(format_name)
        if limit is not None and size > limit:
            raise DotscaleError(f"is {size / GIB:.1f} GiB, over the {limit // GIB} GiB limit for "
                                "this format; split it, or convert it to N-Triples", path=path)
        if size == 0:
            return
        if format_name == "xml":
            _check_xml(file, path)
            return
        if format_name in ("turtle", "trig", "n3", "json-ld"):
            with mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as content:
                tokens = _JSON_TOKENS if format_name == "json-ld" else _TURTLE_TOKENS
                _check_depth(content, tokens, path)
                if format_name == "json-ld":
                    text = content[:]
                    check_jsonld(text, path)
                    _check_jsonld_terms(text, path)


def _line_at(content: mmap.mmap, position: int) -> int:
    return content[:position].count(b"\n") + 1


def _check_depth(content: mmap.mmap, tokens: re.Pattern[bytes], path: Path) -> None:
    """Refuse nesting deeper than :data:`MAX_DEPTH` (strings, comments and IRIs skipped).

    First the depth is measured at the speed of C (what is skipped removed, then the brackets
    kept and added up): a file whose closing brackets come too soon can only seem shallower,
    and its parser stops at the first one. Only a file found too deep is read token by token,
    for the line to tell."""
    skipped = _JSON_SKIPPED if tokens is _JSON_TOKENS else _TURTLE_SKIPPED
    brackets = skipped.sub(b"", content).translate(None, _NOT_BRACKETS)
    if max(accumulate(map(_DELTA.__getitem__, brackets)), default=0) <= MAX_DEPTH:
        return
    depth = 0
    for match in tokens.finditer(content):
        first = match.group()[0]
        if first in _OPEN:
            depth += 1
            if depth > MAX_DEPTH:
                marks = "[ or {" if tokens is _JSON_TOKENS else "[ or ( or {"
                raise DotscaleError(f"nested deeper than {MAX_DEPTH} levels ({marks}); "
                                    "refused, as parsing it would exhaust the stack",
                                    path=path, line=_line_at(content, match.start()))
        elif first in b"])}":
            depth = max(depth - 1, 0)


def _check_xml(file: IO[bytes], path: Path) -> None:
    """Read an XML file with expat, refusing entity declarations, an external DTD, and
    elements nested deeper than :data:`MAX_DEPTH`."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    depth = 0

    def refuse(why: str) -> None:
        raise DotscaleError(f"RDF/XML {why}; refused", path=path, line=parser.CurrentLineNumber)

    def doctype(name: str, system_id: str | None, public_id: str | None,
                internal: bool) -> None:
        if system_id or public_id:
            refuse(f"names an external DTD ({system_id or public_id})")

    def entity(name: str, *_: Any) -> None:
        refuse(f"declares the entity {name!r} (entities can expand without bound)")

    def start(name: str, attributes: Any) -> None:
        nonlocal depth
        depth += 1
        if depth > MAX_DEPTH:
            refuse(f"nests elements deeper than {MAX_DEPTH} levels")

    def end(name: str) -> None:
        nonlocal depth
        depth -= 1

    def external(*_: Any) -> int:
        refuse("refers to an external entity")
        return 0

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.ExternalEntityRefHandler = external
    try:
        while chunk := file.read(_READ):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError as error:
        raise DotscaleError(f"RDF/XML error: {expat.ErrorString(error.code)}", path=path,
                            line=error.lineno) from None
    except LookupError as error:  # the declaration names an encoding Python does not know
        raise DotscaleError(f"RDF/XML error: {error}", path=path, line=1) from None


def check_jsonld(text: str | bytes, path: Path) -> None:
    """Refuse a JSON-LD document that is not JSON, is a single value, or names a context to
    load (a data file never makes the program fetch a URL or read a file)."""
    try:
        document = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        line = getattr(error, "lineno", None)
        why = getattr(error, "msg", None) or "not UTF-8 text"
        raise DotscaleError(f"JSON-LD is not valid JSON: {why}", path=path, line=line) from None
    except RecursionError:
        raise DotscaleError(f"JSON nested deeper than {MAX_DEPTH} levels", path=path) from None
    if not isinstance(document, dict | list):
        raise DotscaleError("JSON-LD must be a JSON object or array, not a single value",
                            path=path)
    remote = next(remote_contexts(document), None)
    if remote is not None:
        raise DotscaleError(f"its @context names the document {remote!r}, which is refused: a "
                            "data file never makes the program fetch a URL or read a file; put "
                            "the context itself in the file", path=path)


def _check_jsonld_terms(text: bytes, path: Path) -> None:
    """Refuse a JSON-LD document (valid JSON, see :func:`check_jsonld`) that states something
    of an IRI or language tag RDF does not allow (:func:`_first_dropped`): once, before any
    store loads it."""
    dropped = _first_dropped(text, path.resolve().as_uri())
    if dropped is not None:
        what, value, why = dropped
        raise DotscaleError(f"the {what} {value!r} is not valid ({why}); JSON-LD readers differ "
                            "on such a statement (some drop it without a word), so the file is "
                            "refused", path=path, line=_line_of(text, value))


def _first_dropped(text: str | bytes, base: str) -> tuple[str, str, str] | None:
    """The first IRI or language tag of the JSON-LD ``text`` that RDF does not allow: what it
    is, its value, and why. A JSON-LD reader that follows the standard (Oxigraph's) drops its
    statement without a word, others (rdflib's) keep it. None when there is none, or when the
    text does not parse (its reader says why then).

    >>> _first_dropped('{"@id": "http://e.org/a#b#c", "http://e.org/p": "v"}', "file:///d")
    ('IRI', 'http://e.org/a#b#c', "Invalid IRI code point '#'")
    >>> _first_dropped('{"http://e.org/p": {"@value": "v", "@language": "en_US"}}', "file:///d")
    ('language tag', 'en_US', 'The given language subtag is invalid')
    >>> _first_dropped('{"@id": "http://e.org/a", "http://e.org/p": "v"}', "file:///d") is None
    True
    """
    import pyoxigraph as ox

    def read(lenient: bool) -> Iterator[Any]:
        return iter(ox.parse(text, format=ox.RdfFormat.JSON_LD, base_iri=base, lenient=lenient))

    try:
        if sum(1 for _ in read(False)) == sum(1 for _ in read(True)):
            return None
        for quad in read(True):
            for term in (quad.subject, quad.predicate, quad.object, quad.graph_name):
                refused = _refused(term)
                if refused is not None:
                    return refused
    except SyntaxError:
        pass
    return None


def _refused(term: Any) -> tuple[str, str, str] | None:
    """What of the pyoxigraph ``term`` (read leniently) RDF does not allow, its value and why."""
    import pyoxigraph as ox

    if isinstance(term, ox.Literal) and term.language:
        what, value = "language tag", term.language
    elif isinstance(term, ox.NamedNode):
        what, value = "IRI", term.value
    elif isinstance(term, ox.Literal):
        what, value = "IRI", term.datatype.value
    else:
        return None
    try:
        if what == "IRI":
            ox.NamedNode(value)
        else:
            ox.Literal("", language=value)
    except ValueError as error:
        return what, value, str(error)
    return None


def _line_of(text: bytes, value: str) -> int | None:
    """The line of ``text`` where ``value`` first appears, if it does as it is."""
    found = text.find(value.encode())
    return text.count(b"\n", 0, found) + 1 if found >= 0 else None


def remote_contexts(value: object, *, in_context: bool = False) -> Iterator[str]:
    """Every document a JSON-LD value asks to load: a string where a context is expected
    (``@context``, in lists nested to any depth), an ``@import``; everywhere in the document.

    >>> list(remote_contexts({"@context": [["http://h/ctx"]], "a": {"@context": "f.json"}}))
    ['http://h/ctx', 'f.json']
    """
    if isinstance(value, str):
        if in_context:
            yield value
    elif isinstance(value, list):
        for item in value:
            yield from remote_contexts(item, in_context=in_context)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key in ("@context", "@import"):
                yield from remote_contexts(item, in_context=True)
            else:
                yield from remote_contexts(item)
