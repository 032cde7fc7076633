"""Opening the store that holds the graph. The only module that knows which stores exist.

The embedded default is rdflib's in-memory store. Queries see the union of every named graph.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from rdflib import Dataset, Graph, URIRef

from .errors import DotscaleError
from .namespaces import bind_prefixes

STORES = ("memory",)


class KnowledgeGraph(Dataset):
    """An RDF dataset, one named graph per source, that remembers the file behind each graph.

    Queries on it see the union of its named graphs.
    """

    def __init__(self, store: str = "default") -> None:
        super().__init__(store=store, default_union=True)
        self.sources: dict[URIRef, list[Path]] = {}
        bind_prefixes(self.namespace_manager)

    def record_source(self, graph_name: URIRef, path: Path) -> None:
        """Note that ``path`` contributed the triples of the graph ``graph_name``."""
        self.sources.setdefault(graph_name, []).append(path)

    def union(self, *, exclude: Collection[URIRef] = ()) -> Graph:
        """Every distinct triple of every named graph but ``exclude``, as one plain graph."""
        union = Graph()
        bind_prefixes(union.namespace_manager)
        for subject, predicate, value, graph in self.quads((None, None, None, None)):
            if graph not in exclude:
                union.add((subject, predicate, value))
        return union


def open_store(spec: str = "memory") -> KnowledgeGraph:
    """Open an empty knowledge graph on the store named by ``spec``.

    >>> open_store().default_union
    True
    """
    kind = spec.split(":", 1)[0]
    if kind != "memory":
        raise DotscaleError(f"unknown store {spec!r}; available: {', '.join(STORES)}")
    return KnowledgeGraph()
