"""Counting what the graph holds: triples per named graph, instances per class, uses
per property. A native store (Oxigraph, a SPARQL server) counts with its own SPARQL engine, so
that a graph of millions of triples never becomes Python objects; rdflib's memory store is
counted in Python, several times faster than by rdflib's SPARQL engine.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rdflib import URIRef
from rdflib.namespace import RDF

from ..loading.store import KnowledgeGraph
from ..loading.stores.base import is_named
from ..namespaces import compact
from .execute import run

_TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
_GRAPHS = "SELECT ?key (COUNT(*) AS ?n) WHERE { GRAPH ?key { ?s ?p ?o } FILTER(isIRI(?key)) } " \
          "GROUP BY ?key"
_CLASSES = "SELECT ?key (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?key FILTER(isIRI(?key)) } " \
           "GROUP BY ?key"
_PROPERTIES = "SELECT ?key (COUNT(*) AS ?n) WHERE { ?s ?key ?o } GROUP BY ?key"


@dataclass(frozen=True)
class Stats:
    """Counts over the union of the graph's named graphs (the ontology included); ``graphs``
    counts the triples of each named graph (those outside any are in ``triples`` only)."""

    triples: int
    graphs: dict[str, int] = field(default_factory=dict)
    classes: dict[str, int] = field(default_factory=dict)
    properties: dict[str, int] = field(default_factory=dict)


def stats(kg: KnowledgeGraph, *, timeout: float | None = None) -> Stats:
    """Count triples, instances per class (distinct subjects) and triples per property, each
    query stopped after ``timeout`` seconds.

    >>> from graph.loading.loader import load
    >>> stats(load(bundled=False)).triples
    0
    """

    if kg.native is None:
        return _counted_in_python(kg)

    def counts(query: str) -> dict[str, int]:
        rows = run(kg, query, timeout=timeout).bindings
        return _ranked(Counter({compact(str(row["key"])): int(row["n"]) for row in rows}))

    triples = int(run(kg, _TRIPLES, timeout=timeout).bindings[0]["n"])
    return Stats(triples, counts(_GRAPHS), counts(_CLASSES), counts(_PROPERTIES))


def _counted_in_python(kg: KnowledgeGraph) -> Stats:
    union = kg.union()
    graphs = Counter({compact(str(g.identifier)): len(g) for g in kg.graphs()
                      if len(g) and isinstance(g.identifier, URIRef) and is_named(g.identifier)})
    members: dict[str, set[object]] = {}
    for subject, cls in union.subject_objects(RDF.type):
        if isinstance(cls, URIRef):
            members.setdefault(compact(str(cls)), set()).add(subject)
    classes = Counter({cls: len(subjects) for cls, subjects in members.items()})
    properties = Counter(compact(str(predicate)) for predicate in union.predicates())
    return Stats(len(union), _ranked(graphs), _ranked(classes), _ranked(properties))


def _ranked(counter: Counter[str]) -> dict[str, int]:
    return dict(sorted(counter.items(), key=lambda item: (-item[1], item[0])))
