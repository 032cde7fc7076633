"""Counting what the graph holds: triples per named graph, instances per class, uses
per property.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rdflib import URIRef
from rdflib.namespace import RDF

from ..loading.store import KnowledgeGraph
from ..namespaces import compact


@dataclass(frozen=True)
class Stats:
    """Counts over the union of the graph's named graphs (the ontology included)."""

    triples: int
    graphs: dict[str, int] = field(default_factory=dict)
    classes: dict[str, int] = field(default_factory=dict)
    properties: dict[str, int] = field(default_factory=dict)


def _ranked(counter: Counter[str]) -> dict[str, int]:
    return dict(sorted(counter.items(), key=lambda item: (-item[1], item[0])))


def stats(kg: KnowledgeGraph) -> Stats:
    """Count triples, instances per class (distinct subjects) and triples per property.

    >>> from graph.loading.loader import load
    >>> stats(load(bundled=False)).triples
    0
    """
    union = kg.union()
    graphs = Counter({compact(str(g.identifier)): len(g) for g in kg.graphs()
                      if len(g) and isinstance(g.identifier, URIRef)})
    members: dict[str, set[object]] = {}
    for subject, cls in union.subject_objects(RDF.type):
        if isinstance(cls, URIRef):
            members.setdefault(compact(str(cls)), set()).add(subject)
    classes = Counter({cls: len(subjects) for cls, subjects in members.items()})
    properties = Counter(compact(str(predicate)) for predicate in union.predicates())
    return Stats(len(union), _ranked(graphs), _ranked(classes), _ranked(properties))
