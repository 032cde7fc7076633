"""What an input file is, read before any of it is loaded: the graphs a quad file writes into,
and a check that an RDF/XML file is whole.

Every store runs these first, so that the stores agree on what they refuse: a graph name the
stores keep for themselves (:func:`graph.loading.stores.base.is_reserved`), and a file that does
not parse to its end (Oxigraph's RDF/XML reader takes a file cut in the middle of an element for
a whole one).
"""

from __future__ import annotations

import xml.parsers.expat
from pathlib import Path

from rdflib import URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from ..errors import DotscaleError
from .reading import reading
from .stores.base import is_reserved
from .stores.oxigraph import syntax_error

_CHUNK = 1 << 20
_QUAD_FORMATS = {"nquads": "N_QUADS", "trig": "TRIG"}


def quad_graph_names(path: Path, format_name: str) -> list[URIRef]:
    """The graphs the quad file ``path`` writes into, in order (rdflib's default graph for its
    triples outside any graph), read by Oxigraph's streaming parser. A syntax error, a graph
    named by a blank node or a reserved graph name is a :class:`DotscaleError`.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder, "a.nq")
    ...     _ = path.write_text("<https://a> <https://b> <https://c> <urn:x-dotscale:union> .\\n")
    ...     quad_graph_names(path, "nquads")
    Traceback (most recent call last):
    ...
    graph.errors.DotscaleError: .../a.nq: the graph <urn:x-dotscale:union> is reserved ...
    """
    import pyoxigraph as ox

    names: dict[URIRef, None] = {}
    rdf_format = getattr(ox.RdfFormat, _QUAD_FORMATS[format_name])
    with reading(path) as stream:
        parser = ox.parse(input=stream, format=rdf_format, base_iri=path.resolve().as_uri())
        try:
            for quad in parser:
                graph = quad.graph_name
                if isinstance(graph, ox.DefaultGraph):
                    names[DATASET_DEFAULT_GRAPH_ID] = None
                elif isinstance(graph, ox.BlankNode):
                    raise DotscaleError("a graph named by a blank node cannot be loaded; name "
                                        "it by an IRI", path=path)
                elif (name := URIRef(graph.value)) not in names:
                    if is_reserved(name):
                        raise DotscaleError(f"the graph <{name}> is reserved for the store's "
                                            "own use; name it otherwise", path=path)
                    names[name] = None
        except SyntaxError as error:
            raise syntax_error(error, format_name, path) from None
    return list(names)


def check_whole_xml(path: Path) -> None:
    """Refuse an XML file that is not well-formed to its end (cut in the middle of an
    element, say), naming the line; expat reads it in chunks, resolving no entity.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder, "a.rdf")
    ...     _ = path.write_text("<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>"
    ...                         "\\n<rdf:Description>")
    ...     check_whole_xml(path)
    Traceback (most recent call last):
    ...
    graph.errors.DotscaleError: .../a.rdf:2: RDF/XML error: no element found (the file ends ...
    """
    parser = xml.parsers.expat.ParserCreate()
    try:
        with reading(path) as stream:
            while chunk := stream.read(_CHUNK):
                parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except xml.parsers.expat.ExpatError as error:
        ends = " (the file ends before its elements do)" if error.code in (
            xml.parsers.expat.errors.codes[xml.parsers.expat.errors.XML_ERROR_NO_ELEMENTS],
            xml.parsers.expat.errors.codes[xml.parsers.expat.errors.XML_ERROR_UNCLOSED_TOKEN],
        ) else ""
        message = xml.parsers.expat.errors.messages[error.code]
        raise DotscaleError(f"RDF/XML error: {message}{ends}", path=path,
                            line=error.lineno) from None
