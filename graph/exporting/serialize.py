"""Serializing the graph for other RDF tools, deterministically and atomically.

Every format comes out byte-identical for the same graph: blank nodes are canonicalised, N-Triples
lines, RDF/XML descriptions and JSON-LD nodes and keys are sorted. The whole graph is written by
Oxigraph as N-Triples once and sorted as bytes (:mod:`graph.exporting.ntriples`: blank nodes
relabelled by RDFC-1.0 when there are some); its Turtle, and each graph's block of the TriG, are
grouped by kind of thing (:mod:`graph.exporting.turtle`): no rdflib object is made per triple.
JSON-LD and RDF/XML are written from one rdflib graph of those canonical lines; the Turtle of one
graph (a curated file, a query's answer: rdflib's ``longturtle``) goes through rdflib with
canonical blank node labels from :mod:`rdflib.compare`. The JSON-LD ``@context`` is
generated from the ontology (:mod:`graph.jsonld_context`); the ``schemaorg`` format is the
schema.org-only translation of :mod:`graph.schemaorg`. What independent tools read back from
each format is tested against the graph (tests/test_interop.py, tests/test_roundtrip.py,
tests/test_turtle_export.py), which is why no format is left to rdflib's writers alone.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, URIRef
from rdflib.compare import to_canonical_graph

from ..errors import DotscaleError
from ..loading.store import KnowledgeGraph
from ..namespaces import bind_prefixes
from ..util.atomic import write_bytes_atomic
from .jsonld_context import bundled_context, jsonld_document
from .ntriples import ntriples, sorted_graph_lines, sorted_lines
from .rdfxml import rdfxml
from .schemaorg import published_translation, schemaorg_document, schemaorg_graph
from .turtle import SUBCLASS, prefix_lines, sorted_turtle, turtle_blocks


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


def serialize_dataset(kg: KnowledgeGraph) -> bytes:
    """TriG with one named graph per source, in IRI order: each graph's block is its Turtle
    grouped by kind (:mod:`graph.exporting.turtle`; the ontology's classes tell the kinds of
    every graph's things), blank nodes labelled canonically over the whole dataset. The same
    bytes for the same dataset."""
    names = sorted(str(g.identifier) for g in kg.graphs() if isinstance(g.identifier, URIRef))
    graphs = sorted_graph_lines({name: ntriples(kg.graph(URIRef(name))) for name in names})
    hierarchy = [line for lines in graphs.values() for line in lines if SUBCLASS in line]
    held_by = Counter(node for lines in graphs.values()
                      for node in set(_BLANK_NODE.findall(b"\n".join(lines))))
    shared = {node for node, graph_count in held_by.items() if graph_count > 1}
    prefixes: set[str] = set()
    blocks = []
    for name, lines in graphs.items():
        if lines:
            used, body = turtle_blocks(lines, hierarchy=hierarchy, shared=shared)
            prefixes.update(used)
            # not indented: a line inside a long (triple-quoted) literal belongs to the literal
            blocks.append(f"{URIRef(name).n3()} {{\n".encode() + body.rstrip(b"\n") + b"\n}")
    head = prefix_lines(sorted(prefixes))
    return (head + "\n" if head else "").encode() + b"\n\n".join(blocks) + b"\n" if blocks else b""


_BLANK_NODE = re.compile(rb'^_:[^ \n]+|(?<= )_:[^ \n"]+(?= \.$)', re.MULTILINE)
"""A blank node in N-Triples lines: the subject, or the object, the last term (a literal ends
in a quote, a language tag or a datatype IRI, never in `` _:label``)."""


def serialize(kg: KnowledgeGraph, format_name: str) -> bytes:
    """The whole graph in ``format_name``: the union of every graph, or TriG keeping them apart.

    >>> from graph.loading.loader import load
    >>> serialize(load(bundled=False), "nt")
    b''
    """
    return next(serialize_each(kg, [format_name]))


def serialize_each(kg: KnowledgeGraph, format_names: Iterable[str]) -> Iterator[bytes]:
    """:func:`serialize` of ``kg`` in each of ``format_names`` in turn; the union is written
    once as canonical N-Triples, and made an rdflib graph once, for the formats that read it."""
    union = _Union(kg)
    for format_name in format_names:
        _format(format_name)
        yield serialize_dataset(kg) if format_name == "trig" else union.serialize(format_name)


class _Union:
    """The union of a knowledge graph's graphs in the forms its exports are written from,
    each made when first needed."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        self.kg = kg

    @cached_property
    def ntriples(self) -> bytes:
        """As Oxigraph writes it, blank nodes with the store's labels."""
        return ntriples(self.kg)

    @cached_property
    def lines(self) -> list[bytes]:
        """Canonical and sorted (:func:`graph.exporting.ntriples.sorted_lines`)."""
        return sorted_lines(self.ntriples)

    @cached_property
    def graph(self) -> Graph:
        """An rdflib graph of :attr:`lines`: its blank nodes keep their canonical labels."""
        import pyoxigraph as ox

        from ..loading.stores.oxigraph import from_oxigraph

        graph = Graph()
        bind_prefixes(graph.namespace_manager)
        graph.addN((from_oxigraph(triple.subject), from_oxigraph(triple.predicate),
                    from_oxigraph(triple.object), graph)
                   for triple in ox.parse(b"\n".join(self.lines), format=ox.RdfFormat.N_TRIPLES))
        return graph

    def serialize(self, format_name: str) -> bytes:
        if format_name == "ttl":
            return sorted_turtle(self.lines)
        if format_name == "nt":
            return b"".join(line + b"\n" for line in self.lines)
        if format_name == "schemaorg":
            translated = published_translation(self.kg, self.ntriples)
            return _json_bytes(schemaorg_document(_labelled(translated)))
        return _SORTING[format_name](self.graph)


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
