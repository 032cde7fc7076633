"""Loading RDF files into the store: the bundled graph and any extra files the user gives.

Every parse failure becomes a :class:`DotscaleError` naming the file, the line and the problem.
A file of a triple format goes into its own named graph, named by its stem; a quad format keeps
its graphs. On a store of its own (Oxigraph, a SPARQL server) the store reads the file itself,
streaming it, and a file replaces what its graphs held, unless they hold that very file already
(then it is not read at all: the bundled graph is loaded into a store once). N-Triples and N-Quads
files, and every file on such a store, are read as a stream, with a progress bar of the bytes
read on a terminal.
"""

from __future__ import annotations

import io
import json
import re
import xml.sax
from collections.abc import Iterable
from pathlib import Path
from typing import IO, TextIO, cast
from urllib.parse import quote

from rdflib import Dataset, Graph, URIRef
from rdflib.exceptions import ParserError
from rdflib.plugins.parsers.notation3 import BadSyntax

from ..errors import DotscaleError
from ..namespaces import ARCHIVE_GRAPH, GRAPHS, LINKS_GRAPH, ONTOLOGY_IRI
from ..util.resources import ARCHIVE_DIR, ONTOLOGY_FILE, curated_data_files
from .cache import bundle_key, bundled_nquads
from .checking import check_file, check_jsonld, open_regular
from .fingerprint import fingerprint
from .lexical import reporting
from .reading import reading
from .sources import check_whole_xml, quad_graph_names
from .store import DEFAULT_STORE, KnowledgeGraph, open_store

FORMATS_BY_SUFFIX = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "nt",
    ".n3": "n3",
    ".nq": "nquads",
    ".trig": "trig",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
}
QUAD_FORMATS = {"nquads", "trig"}
_POSITION = re.compile(r"[^:]*:(\d+):\d+: ")
LINE_FORMATS = {"nt", "nquads"}


def rdf_format(path: Path) -> str:
    """The rdflib parser name for ``path``, from its suffix.

    >>> rdf_format(Path("talks.ttl"))
    'turtle'
    """
    try:
        return FORMATS_BY_SUFFIX[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(FORMATS_BY_SUFFIX))
        raise DotscaleError(f"not an RDF file (unknown suffix; expected one of {known})",
                            path=path) from None


def graph_name_for(path: Path) -> URIRef:
    """The named graph a triple file is loaded into: one per source file, named by its stem
    (percent-encoded where an IRI cannot hold a character as it is).

    >>> graph_name_for(Path("my talks 100%.ttl"))
    rdflib.term.URIRef('https://w3id.org/dotscale/graph/my%20talks%20100%25')
    """
    return GRAPHS[quote(path.stem, safe="-._~!$&'()*+,;=@")]


def read_rdf_text(path: Path) -> str:
    """The UTF-8 text of an RDF file, or a :class:`DotscaleError` saying why it cannot be read."""
    with open_regular(path) as file:
        content = file.read()
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        raise DotscaleError("not UTF-8 text (is this an RDF file?)", path=path, line=line) from None


def _first_bad_line(text: str, rdf_format_name: str) -> int | None:
    """For the line-based formats (N-Triples, N-Quads): the number of the first bad line."""
    target: Graph | Dataset = Dataset() if rdf_format_name in QUAD_FORMATS else Graph()
    for number, line in enumerate(text.splitlines(), start=1):
        try:
            target.parse(data=line, format=rdf_format_name)
        except ParserError:
            return number
    return None


def parse_into(target: Graph | Dataset, path: Path, text: str, rdf_format_name: str) -> None:
    """Parse ``text`` (the content of ``path``) into ``target``, translating parser errors."""
    if rdf_format_name == "json-ld":
        check_jsonld(text, path)
    try:
        target.parse(data=text, format=rdf_format_name, publicID=path.resolve().as_uri())
    except BadSyntax as error:
        why = str(getattr(error, "_why", error)).strip()
        raise DotscaleError(f"Turtle syntax error: {why}", path=path,
                            line=int(getattr(error, "lines", 0)) + 1) from None
    except ParserError as error:
        if rdf_format_name not in LINE_FORMATS:  # RDF/XML's grammar: "None:LINE:COLUMN: why"
            where = _POSITION.match(str(error))
            raise DotscaleError(f"RDF/XML error: {str(error)[where.end() if where else 0:]}",
                                path=path, line=int(where[1]) if where else None) from None
        kind = "N-Quads" if rdf_format_name == "nquads" else "N-Triples"
        raise DotscaleError(f"syntax error: not a valid {kind} statement ({error})", path=path,
                            line=_first_bad_line(text, rdf_format_name)) from None
    except json.JSONDecodeError as error:
        raise DotscaleError(f"JSON-LD is not valid JSON: {error.msg}", path=path,
                            line=error.lineno) from None
    except xml.sax.SAXParseException as error:
        raise DotscaleError(f"RDF/XML error: {error.getMessage()}", path=path,
                            line=error.getLineNumber()) from None
    except AssertionError as error:  # rdflib's Turtle parser checks some syntax by assert
        why = str(error).split(" at ^ in", 1)[0] or "unexpected end of the file"
        raise DotscaleError(f"Turtle syntax error: {why}", path=path,
                            line=_line_of_end(text)) from None
    except RecursionError:
        raise DotscaleError("nested too deeply to be parsed", path=path) from None
    except MemoryError:
        raise DotscaleError("too large to be parsed in memory", path=path) from None
    except (ValueError, TypeError, AttributeError, KeyError, IndexError) as error:
        raise DotscaleError(f"cannot be read as {rdf_format_name}: {error}", path=path) from None


def _line_of_end(text: str) -> int:
    """The last line of ``text`` that holds something (where an unfinished file stops)."""
    return text.rstrip().count("\n") + 1


def _parse_file(target: Graph | Dataset, path: Path, rdf_format_name: str) -> None:
    """Parse the file ``path`` into ``target``: a line-based format as a stream (with a
    progress bar on a terminal), any other format as text; errors as :func:`parse_into`."""
    if rdf_format_name in LINE_FORMATS:
        try:
            with reading(path) as stream, _Lines(stream) as lines:
                target.parse(source=cast(TextIO, lines), format=rdf_format_name,
                             publicID=path.resolve().as_uri())
            return
        except DotscaleError:
            raise
        except Exception:  # read it again as text, for the message parse_into gives
            pass
    parse_into(target, path, read_rdf_text(path), rdf_format_name)


class _Lines(io.TextIOBase):
    """A UTF-8 text stream whose ``read(size)`` returns a whole line (and its end), however
    long. rdflib's N-Triples parser reads 2,048 characters at a time and matches a line
    against all it has read so far: a long line took time in its square; whole lines, once.
    """

    def __init__(self, stream: IO[bytes]) -> None:
        super().__init__()
        self._text = io.TextIOWrapper(stream, encoding="utf-8", newline="")

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> str:
        return self._text.read() if size is None or size < 0 else self._text.readline()

    def close(self) -> None:
        if not self.closed:  # the binary stream is its opener's to close
            self._text.detach()
        super().close()


def load_file(kg: KnowledgeGraph, path: Path | str, graph_name: URIRef | None = None) -> None:
    """Load one RDF file; triple formats go into their own named graph, quad formats keep
    theirs; graphs held by another source, or reserved, are refused (see
    :meth:`KnowledgeGraph.claim`). A file that does not parse to its end loads nothing. A store
    of its own replaces what the graphs held, unless they hold this very file already."""
    source = Path(path)
    format_name = rdf_format(source)
    name = None if format_name in QUAD_FORMATS else graph_name or graph_name_for(source)
    check_file(source, format_name)
    names = quad_graph_names(source, format_name) if name is None else [name]
    kg.claim(names, source)
    if format_name == "xml":
        check_whole_xml(source)
    if kg.native is not None:
        try:
            kg.native.load_file(source, format_name, name, source.resolve().as_uri(),
                                graphs=list(names), source=fingerprint(source))
        except MemoryError as error:  # Oxigraph's bulk loader: a term over its buffer
            raise DotscaleError(f"holds a term too large for the {kg.native.kind} store (a "
                                f"literal or IRI over 16 MB: {error})", path=source) from None
    else:
        try:
            with reporting(source):
                _parse_file(kg if name is None else kg.graph(name), source, format_name)
        except BaseException:
            for graph in names:
                kg.remove_graph(graph)
            raise
    for graph in names:
        kg.record_source(graph, source)


def bundled_sources() -> dict[URIRef, Path]:
    """The graphs of the bundled graph, each with the file (or folder) it comes from."""
    sources = {ONTOLOGY_IRI: ONTOLOGY_FILE}
    sources.update((graph_name_for(path), path) for path in curated_data_files())
    if (ARCHIVE_DIR / "conferences").is_dir():
        sources[ARCHIVE_GRAPH] = ARCHIVE_DIR
        sources[LINKS_GRAPH] = ARCHIVE_DIR  # derived from the archive's talks
    return sources


def build_bundled() -> KnowledgeGraph:
    """The bundled graph, built: the ontology, every curated source file and the vendored
    organizers' archive (its names linked to the sources before it), each in its graph, and
    the links from its talks to the technologies they name, derived, in a graph of their own."""
    kg = KnowledgeGraph()
    sources = bundled_sources()
    for name, path in sources.items():
        if name not in (ARCHIVE_GRAPH, LINKS_GRAPH):
            load_file(kg, path, name)
    if ARCHIVE_GRAPH in sources:
        from ..importing.thedotpost import SOURCE, import_archive
        from ..linking.derived import derive_links

        known = kg.union()  # what the archive's names are matched against: the sources above
        imported = import_archive(ARCHIVE_DIR, known=known)
        archive = kg.graph(ARCHIVE_GRAPH)
        archive += imported.graph
        links = kg.graph(LINKS_GRAPH)
        links += derive_links(imported.texts, used=[SOURCE])
    return kg


def load_bundled(kg: KnowledgeGraph) -> None:
    """Load the bundled graph (built once, then read from the cache: :mod:`.cache`), each
    source into its named graph; a store that holds this very bundled graph is left as it is,
    and one that holds another is given this one instead."""
    sources = bundled_sources()
    path = bundled_nquads(build_bundled)
    if kg.native is not None:
        kg.native.load_file(path, "nquads", None, path.as_uri(), graphs=list(sources),
                            source=bundle_key())
    else:
        _parse_file(kg, path, "nquads")
    for name, source in sources.items():
        kg.record_source(name, source)


def load(
    *, data: Iterable[Path | str] = (), store: str = DEFAULT_STORE, bundled: bool = True
) -> KnowledgeGraph:
    """Open ``store`` and load the bundled graph (unless ``bundled=False``) and ``data`` files.

    On a persistent store, what it held before stays, but for the graphs loaded again.

    >>> kg = load(bundled=False)
    >>> len(kg)
    0
    """
    kg = open_store(store)
    if bundled:
        load_bundled(kg)
    for path in data:
        load_file(kg, path)
    return kg
