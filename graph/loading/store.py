"""Opening the store that holds the graph. The only module that knows which stores exist.

A store is named by a spec (the ``--store`` option):

- ``memory`` (the default): rdflib's in-memory store, gone when the process ends;
- ``oxigraph:PATH``: an Oxigraph store on disk at PATH, created if missing, kept between runs
  (needs the ``oxigraph`` extra); see :mod:`graph.loading.stores.oxigraph`;
- ``sparql:URL``: a SPARQL 1.1 server; URL is an Oxigraph server's base URL, or
  ``QUERY_URL[,UPDATE_URL[,GSP_URL]]``; see :mod:`graph.loading.stores.sparql`.

Queries see the union of every named graph on each store, and give the same answers.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.store import Store

from ..errors import DotscaleError
from ..namespaces import bind_prefixes
from .stores.base import NativeStore

STORES = ("memory", "oxigraph:PATH", "sparql:URL")


class KnowledgeGraph(Dataset):
    """An RDF dataset, one named graph per source, that remembers the file behind each graph.

    Queries on it see the union of its named graphs. ``store`` is an rdflib store (or the name
    of an rdflib store plugin).
    """

    def __init__(self, store: str | Store = "default") -> None:
        super().__init__(store=store, default_union=True)
        self.sources: dict[URIRef, list[Path]] = {}
        bind_prefixes(self.namespace_manager)

    @property
    def native(self) -> NativeStore | None:
        """The store, when it evaluates SPARQL with its own engine (Oxigraph, a server)."""
        return self.store if isinstance(self.store, NativeStore) else None

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
    """Open the knowledge graph on the store named by ``spec`` (see the module documentation).

    >>> open_store().default_union
    True
    >>> open_store("mongo:db")
    Traceback (most recent call last):
    ...
    graph.errors.DotscaleError: unknown store 'mongo:db'; available: memory, oxigraph:PATH, ...
    """
    kind, _, location = spec.partition(":")
    if spec == "memory":
        return KnowledgeGraph()
    if kind == "oxigraph" and location:
        from .stores.oxigraph import OxigraphStore

        return KnowledgeGraph(OxigraphStore(Path(location)))
    if kind == "sparql" and location:
        from .stores.sparql import Endpoints, SparqlStore

        return KnowledgeGraph(SparqlStore(Endpoints.parse(location)))
    if kind in ("oxigraph", "sparql") and not location:
        where = "PATH" if kind == "oxigraph" else "URL"
        raise DotscaleError(f"--store {spec}: say where, as {kind}:{where}")
    raise DotscaleError(f"unknown store {spec!r}; available: {', '.join(STORES)}")
