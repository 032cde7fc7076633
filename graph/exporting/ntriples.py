"""The union of the graph's named graphs as N-Triples written by Oxigraph, and in its canonical
sorted form: each triple once, blank nodes labelled by RDF canonicalisation (RDFC-1.0), lines in
byte order.

On the Oxigraph store the union is the one Oxigraph keeps (its default graph) and Oxigraph writes
it without a Python object per triple; on the other stores each triple goes from rdflib to
Oxigraph's writer as it is read, so no second copy of the graph is made in rdflib objects.
Blank nodes are canonicalised only when there are some, and then only the triples that hold one:
the canonical label of a blank node depends on those triples alone. The graphs of a dataset are
canonicalised together (:func:`sorted_graph_lines`), so a blank node keeps one label across them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from rdflib import Dataset, Graph, Literal, URIRef

from ..errors import DotscaleError
from ..util.extras import require

# White space other than the separators N-Triples and Turtle use (space, tab, line feed) that
# Oxigraph writes as it is: written as \uXXXX, which both syntaxes allow in literals and IRIs,
# so readers that split lines at U+2028 or U+0085 or take U+00A0 for a separator (rdflib's)
# read every line whole. (Oxigraph escapes the ASCII controls itself.)
_SPACE_UTF8 = re.compile(rb"\xc2[\x85\xa0]|\xe1\x9a\x80|\xe2\x80[\x80-\x8a\xa8\xa9\xaf]"
                         rb"|\xe2\x81\x9f|\xe3\x80\x80")


def escape_spaces(text: bytes) -> bytes:
    r"""``text`` (UTF-8) with the white space readers may take for a separator written as
    ``\uXXXX``.

    >>> escape_spaces('"a\u00a0b\u2028c"'.encode())
    b'"a\\u00A0b\\u2028c"'
    """
    return _SPACE_UTF8.sub(lambda found: f"\\u{ord(found.group().decode()):04X}".encode(), text)


def ntriples(graph: Graph) -> bytes:
    """Every triple of ``graph`` (of every named graph of a :class:`KnowledgeGraph`) as
    N-Triples written by Oxigraph, in no set order (a triple two graphs hold may come twice),
    blank nodes with the store's labels."""
    ox = require("pyoxigraph", "oxigraph")
    from ..loading.stores.oxigraph import OxigraphStore, to_oxigraph

    if isinstance(graph.store, OxigraphStore):  # its default graph is the union
        source = ox.DefaultGraph() if isinstance(graph, Dataset) else to_oxigraph(graph.identifier)
        dumped: bytes = graph.store.engine.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=source)
        return dumped
    written: bytes = ox.serialize(_oxigraph_triples(graph), format=ox.RdfFormat.N_TRIPLES)
    return written


def _oxigraph_triples(graph: Graph) -> Iterator[Any]:
    import pyoxigraph as ox

    from ..loading.stores.oxigraph import to_oxigraph

    for subject, predicate, value in graph.triples((None, None, None)):
        try:
            yield ox.Triple(to_oxigraph(subject), to_oxigraph(predicate), to_oxigraph(value))
        except ValueError as error:  # an IRI rdflib took and RDF does not
            shown = " ".join(f"<{term}>" if isinstance(term, URIRef) else f'"{term}"'
                             if isinstance(term, Literal) else f"_:{term}"
                             for term in (subject, predicate, value))
            raise DotscaleError(f"cannot write the triple {shown}: {error}") from None


def sorted_lines(ntriples: bytes) -> list[bytes]:
    """The distinct lines of ``ntriples`` in byte order, blank nodes canonicalised, white space
    escaped (see :func:`escape_spaces`).

    >>> text = b'_:x <https://e.org/p> "1" .\\n<https://e.org/a> <https://e.org/p> _:x .\\n'
    >>> for line in sorted_lines(text + text):
    ...     print(line.decode())
    <https://e.org/a> <https://e.org/p> _:c14n0 .
    _:c14n0 <https://e.org/p> "1" .
    """
    lines, blank = _distinct(ntriples)
    if blank:
        lines.update(_canonical(blank))
    return sorted(lines)


def sorted_graph_lines(graphs: Mapping[str, bytes]) -> dict[str, list[bytes]]:
    """:func:`sorted_lines` of each graph (``graphs``: N-Triples by graph IRI), its blank nodes
    canonicalised over the whole dataset: a blank node two graphs share keeps one label, and
    two graphs' blank nodes never share one.

    >>> text = b'<https://e.org/a> <https://e.org/p> _:x .\\n'
    >>> sorted_graph_lines({"https://e.org/g1": text, "https://e.org/g2": text})
    {'https://e.org/g1': [b'<https://e.org/a> <https://e.org/p> _:c14n0 .'], \
'https://e.org/g2': [b'<https://e.org/a> <https://e.org/p> _:c14n0 .']}
    """
    import pyoxigraph as ox

    kept: dict[str, set[bytes]] = {}
    names: dict[bytes, str] = {}
    blank_quads: set[bytes] = set()
    for name, text in graphs.items():
        kept[name], blank = _distinct(text)
        term = escape_spaces(str(ox.NamedNode(name)).encode())
        names[term] = name
        blank_quads.update(line[:-1] + term + b" ." for line in blank)
    for quad in _canonical(blank_quads) if blank_quads else ():
        at = quad.rindex(b" <")  # the graph's name, the last term
        kept[names[quad[at + 1:-2]]].add(quad[:at] + b" .")
    return {name: sorted(lines) for name, lines in kept.items()}


def _distinct(ntriples: bytes) -> tuple[set[bytes], set[bytes]]:
    """The distinct lines of ``ntriples``, white space escaped: those without a blank node,
    and those with one."""
    text = escape_spaces(ntriples)
    lines = set(text.split(b"\n"))
    lines.discard(b"")
    blank = set(_BLANK_NODE_LINE.findall(text)) if b"_:" in text else set()
    return lines - blank, blank


# A line whose subject or object is a blank node: the object is the last term, and a literal
# ends in a quote, a language tag or a datatype IRI, never in " _:label".
_BLANK_NODE_LINE = re.compile(rb"^(?:_:[^\n]*|[^\n]* _:[^ \n]+ \.)$", re.MULTILINE)


def _canonical(lines: set[bytes]) -> list[bytes]:
    """``lines`` (N-Triples or N-Quads) with their blank nodes relabelled by RDFC-1.0."""
    import pyoxigraph as ox

    dataset = ox.Dataset(ox.parse(b"\n".join(sorted(lines)), format=ox.RdfFormat.N_QUADS))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    text = ox.serialize(dataset, format=ox.RdfFormat.N_QUADS) or b""
    return escape_spaces(text).split(b"\n")[:-1]
