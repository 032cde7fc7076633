"""Serializing the graph for other RDF tools, deterministically and atomically.

Turtle, N-Triples, TriG and JSON-LD come out byte-identical for the same graph: blank nodes are
canonicalised (RDF canonical labelling from :mod:`rdflib.compare`), N-Triples lines are sorted,
JSON-LD nodes and keys are sorted.
"""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph, URIRef
from rdflib.compare import to_canonical_graph

from .atomic import write_bytes_atomic
from .errors import DotscaleError
from .namespaces import PREFIXES, bind_prefixes
from .store import KnowledgeGraph


@dataclass(frozen=True)
class ExportFormat:
    """One export format: its rdflib serializer, file suffix and media type."""

    serializer: str
    suffix: str
    media_type: str


FORMATS: dict[str, ExportFormat] = {
    "ttl": ExportFormat("longturtle", ".ttl", "text/turtle"),
    "nt": ExportFormat("nt", ".nt", "application/n-triples"),
    "jsonld": ExportFormat("json-ld", ".jsonld", "application/ld+json"),
    "xml": ExportFormat("pretty-xml", ".rdf", "application/rdf+xml"),
    "trig": ExportFormat("trig", ".trig", "application/trig"),
}


def canonical_graph(source: Graph, identifier: URIRef | None = None) -> Graph:
    """A copy of ``source`` with canonical blank node labels and the project's prefixes."""
    copy = Graph(identifier=identifier)
    bind_prefixes(copy.namespace_manager)
    for triple in sorted(to_canonical_graph(source)):
        copy.add(triple)
    return copy


def _sorted_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _sorted_json(item) for key, item in sorted(value.items())}
    if isinstance(value, list):
        items = [_sorted_json(item) for item in value]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True, ensure_ascii=False))
    return value


def serialize_graph(graph: Graph, format_name: str) -> bytes:
    """Serialize one graph in ``format_name`` (a key of :data:`FORMATS` other than trig)."""
    fmt = _format(format_name)
    canonical = canonical_graph(graph)
    if format_name == "nt":
        lines = canonical.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
        return "".join(line + "\n" for line in sorted(set(lines)) if line.strip()).encode("utf-8")
    if format_name == "jsonld":
        document = json.loads(canonical.serialize(format="json-ld", context=dict(PREFIXES),
                                                  auto_compact=True))
        return (json.dumps(_sorted_json(document), indent=2, ensure_ascii=False) + "\n").encode()
    with warnings.catch_warnings():
        # rdflib's RDF/XML writer warns on every collection (owl:unionOf lists) that extra
        # statements about list nodes would be dropped; ours have none (the tests check the
        # output is isomorphic to the graph).
        warnings.filterwarnings("ignore", "Assertions on .* other than RDF.first", UserWarning)
        return canonical.serialize(format=fmt.serializer, encoding="utf-8")


def serialize_dataset(kg: Dataset) -> bytes:
    """TriG with one named graph per source, each canonicalised."""
    copy = Dataset()
    bind_prefixes(copy.namespace_manager)
    for graph in sorted(kg.graphs(), key=lambda g: str(g.identifier)):
        if len(graph) and isinstance(graph.identifier, URIRef):
            named = copy.graph(graph.identifier)
            named += canonical_graph(graph)
    return copy.serialize(format="trig", encoding="utf-8")


def serialize(kg: KnowledgeGraph, format_name: str) -> bytes:
    """The whole graph in ``format_name``: the union of every graph, or TriG keeping them apart.

    >>> from graph.load import load
    >>> serialize(load(bundled=False), "nt")
    b''
    """
    _format(format_name)
    if format_name == "trig":
        return serialize_dataset(kg)
    return serialize_graph(kg.union(), format_name)


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
