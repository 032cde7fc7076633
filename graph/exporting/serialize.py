"""Serializing the graph for other RDF tools, deterministically and atomically.

Every format comes out byte-identical for the same graph: blank nodes are canonicalised, N-Triples
lines, RDF/XML descriptions and JSON-LD nodes and keys are sorted. N-Triples and the whole graph's
Turtle are written by Oxigraph and sorted as bytes (:mod:`graph.exporting.ntriples`: blank nodes
relabelled by RDFC-1.0 when there are some), the Turtle grouped by kind of thing
(:mod:`graph.exporting.turtle`): no rdflib object is made per triple. The other formats, and the
Turtle of one graph (a curated file, a query's answer: rdflib's ``longturtle``), go through rdflib
with canonical blank node labels from :mod:`rdflib.compare`. The JSON-LD ``@context`` is
generated from the ontology (:mod:`graph.jsonld_context`); the ``schemaorg`` format is the
schema.org-only translation of :mod:`graph.schemaorg`. What independent tools read back from
each format is tested against the graph (tests/test_interop.py, tests/test_roundtrip.py,
tests/test_turtle_export.py), which is why no format is left to rdflib's writers alone.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.compare import to_canonical_graph

from ..errors import DotscaleError
from ..loading.store import KnowledgeGraph
from ..namespaces import bind_prefixes
from ..util.atomic import write_bytes_atomic
from .jsonld_context import bundled_context, jsonld_document
from .ntriples import ntriples, sorted_lines
from .rdfxml import rdfxml
from .schemaorg import published, schemaorg_document, schemaorg_graph
from .turtle import sorted_turtle


@dataclass(frozen=True)
class ExportFormat:
    """One export format: its rdflib serializer and file suffix.

    ``variant`` tells apart two formats sharing a suffix: it goes into the file name.
    """

    serializer: str
    suffix: str
    variant: str = ""

    def file_name(self, stem: str) -> str:
        """The name of the export file of this format.

        >>> FORMATS["ttl"].file_name("dotscale"), FORMATS["schemaorg"].file_name("dotscale")
        ('dotscale.ttl', 'dotscale.schemaorg.jsonld')
        """
        return f"{stem}.{self.variant}{self.suffix}" if self.variant else f"{stem}{self.suffix}"


FORMATS: dict[str, ExportFormat] = {
    "ttl": ExportFormat("longturtle", ".ttl"),
    "nt": ExportFormat("nt", ".nt"),
    "schemaorg": ExportFormat("json-ld", ".jsonld", variant="schemaorg"),
    "jsonld": ExportFormat("json-ld", ".jsonld"),
    "xml": ExportFormat("xml", ".rdf"),
    "trig": ExportFormat("trig", ".trig"),
}


def canonical_graph(source: Graph, identifier: URIRef | None = None) -> Graph:
    """A copy of ``source`` with canonical blank node labels (when it has blank nodes) and
    the project's prefixes, its triples added in sorted order (the order rdflib's writers
    meet them in)."""
    triples = list(source)
    if any(isinstance(term, BNode) for triple in triples for term in triple):
        triples = list(to_canonical_graph(source))
    copy = Graph(identifier=identifier)
    bind_prefixes(copy.namespace_manager)
    for triple in sorted(triples):
        copy.add(triple)
    return copy


def _labelled(graph: Graph) -> Graph:
    """``graph`` for a writer that sorts what it writes itself: as it is when it has no blank
    node, else with canonical blank node labels."""
    if any(isinstance(term, BNode) for triple in graph for term in triple):
        return canonical_graph(graph)
    return graph


def _sorted_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _sorted_json(item) for key, item in sorted(value.items())}
    if isinstance(value, list):
        items = [_sorted_json(item) for item in value]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True, ensure_ascii=False))
    return value


def _json_bytes(document: Any) -> bytes:
    return (json.dumps(_sorted_json(document), indent=2, ensure_ascii=False) + "\n").encode()


def serialize_graph(graph: Graph, format_name: str) -> bytes:
    """Serialize one graph in ``format_name`` (a key of :data:`FORMATS` other than trig)."""
    fmt = _format(format_name)
    if format_name == "schemaorg":
        return _json_bytes(schemaorg_document(_labelled(schemaorg_graph(graph))))
    if format_name == "nt":
        return _ntriples(graph)
    if format_name in _SORTING:
        return _SORTING[format_name](_labelled(graph))
    return canonical_graph(graph).serialize(format=fmt.serializer, encoding="utf-8")


_SORTING: dict[str, Callable[[Graph], bytes]] = {
    "jsonld": lambda graph: _json_bytes(jsonld_document(graph, bundled_context())),
    "xml": rdfxml,
}
"""The writers of a graph that sort what they write (given blank nodes labelled already)."""


def serialize_dataset(kg: Dataset) -> bytes:
    """TriG with one named graph per source, in IRI order, each canonicalised.

    rdflib's TriG writer orders the graphs as its store hashes them, which changes from one
    process to the next; each graph's block is its canonical Turtle, so the file is the same
    bytes for the same dataset.
    """
    prefixes: set[str] = set()
    blocks = []
    # one namespace manager for every graph, so a prefix rdflib makes up (ns1) means one thing
    shared = Graph().namespace_manager
    bind_prefixes(shared)
    for graph in sorted(kg.graphs(), key=lambda g: str(g.identifier)):
        if not len(graph) or not isinstance(graph.identifier, URIRef):
            continue
        canonical = canonical_graph(graph)
        canonical.namespace_manager = shared
        turtle = canonical.serialize(format="longturtle", encoding="utf-8")
        # the PREFIX lines open the text, then a blank line; split on line feeds only
        # (splitlines() would also cut at \x1e and kin inside literals), and do not indent:
        # a line inside a long (triple-quoted) literal belongs to the literal
        text = turtle.decode("utf-8")
        head, _, rest = text.partition("\n\n")
        if all(line.startswith("PREFIX ") for line in head.split("\n")):
            prefixes.update(head.split("\n"))
            text = rest
        body = text.strip()
        blocks.append(f"{graph.identifier.n3()} {{\n{body}\n}}")
    text = "\n".join(sorted(prefixes)) + "\n\n" + "\n\n".join(blocks) + "\n"
    return text.encode("utf-8")


def serialize(kg: KnowledgeGraph, format_name: str) -> bytes:
    """The whole graph in ``format_name``: the union of every graph, or TriG keeping them apart.

    >>> from graph.loading.loader import load
    >>> serialize(load(bundled=False), "nt")
    b''
    """
    _format(format_name)
    if format_name == "trig":
        return serialize_dataset(kg)
    if format_name == "ttl":
        return sorted_turtle(sorted_lines(ntriples(kg)))
    if format_name == "nt":
        return _ntriples(kg)
    return serialize_graph(published(kg) if format_name == "schemaorg" else kg.union(),
                           format_name)


def serialize_each(kg: KnowledgeGraph, format_names: Iterable[str]) -> Iterator[bytes]:
    """:func:`serialize` of ``kg`` in each of ``format_names`` in turn; the union is made
    (its blank nodes labelled) once for the formats that read it."""
    labelled: Graph | None = None
    for format_name in format_names:
        if format_name in _SORTING:
            if labelled is None:
                labelled = _labelled(kg.union())
            yield _SORTING[format_name](labelled)
        else:
            yield serialize(kg, format_name)


def _ntriples(graph: Graph) -> bytes:
    """Sorted N-Triples, one triple per line.

    >>> from rdflib import Literal
    >>> g = Graph()
    >>> _ = g.add((URIRef("https://example.org/a\xa0b"), URIRef("https://example.org/p"),
    ...            Literal("line\u2028separator")))
    >>> print(_ntriples(g).decode())
    <https://example.org/a\\u00A0b> <https://example.org/p> "line\\u2028separator" .
    <BLANKLINE>
    """
    return b"".join(line + b"\n" for line in sorted_lines(ntriples(graph)))


def export(kg: KnowledgeGraph, format_name: str, out: Path | str | None = None) -> bytes:
    """Serialize ``kg``; when ``out`` is given, also write it there atomically."""
    data = serialize(kg, format_name)
    if out is not None:
        write_bytes_atomic(out, data)
    return data


def _format(format_name: str) -> ExportFormat:
    try:
        return FORMATS[format_name]
    except KeyError:
        raise DotscaleError(f"unknown format {format_name!r}; choose one of "
                            f"{', '.join(FORMATS)}") from None
