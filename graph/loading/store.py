"""Opening the store that holds the graph. The only module that knows which stores exist.

A store is named by a spec (the ``--store`` option):

- ``oxigraph`` (the default): an Oxigraph store in memory, gone when the process ends: rdflib's
  API, Oxigraph's SPARQL engine; see :mod:`graph.loading.stores.oxigraph`;
- ``memory``: rdflib's in-memory store, rdflib's SPARQL engine;
- ``oxigraph:PATH``: an Oxigraph store on disk at PATH, created if missing, kept between runs;
- ``sparql:URL``: a SPARQL 1.1 server; URL is an Oxigraph server's base URL, or
  ``QUERY_URL[,UPDATE_URL[,GSP_URL]]``; see :mod:`graph.loading.stores.sparql`.

Queries see the union of every named graph on each store, and give the same answers. Each graph
holds what one source gave: a file never loads into a graph another source filled
(:meth:`KnowledgeGraph.claim`), nor into a graph the stores keep for themselves.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.store import Store

from ..errors import DotscaleError
from ..namespaces import bind_prefixes, compact
from .stores.base import NativeStore, is_reserved

STORES = ("oxigraph", "memory", "oxigraph:PATH", "sparql:URL")
DEFAULT_STORE = "oxigraph"


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

    def remove_graph(self, g: Graph | URIRef) -> KnowledgeGraph:  # type: ignore[override]
        """Remove the graph ``g`` (a graph or its name), and the record of its sources."""
        name = g.identifier if isinstance(g, Graph) else g
        self.sources.pop(URIRef(name), None)
        super().remove_graph(g)
        return self

    def claim(self, graph_names: Collection[URIRef], path: Path) -> None:
        """Refuse to load ``path`` into ``graph_names`` if one is reserved, or holds what
        another source gave (a bundled graph, another file of the same name): graphs of
        different sources never merge, on any store.

        >>> kg = KnowledgeGraph()
        >>> kg.record_source(URIRef("https://w3id.org/dotscale/graph/x"), Path("a/x.ttl"))
        >>> kg.claim([URIRef("https://w3id.org/dotscale/graph/x")], Path("b/x.ttl"))
        Traceback (most recent call last):
        ...
        graph.errors.DotscaleError: b/x.ttl: its graph graph:x holds a/x.ttl already; ...
        """
        for name in graph_names:
            if is_reserved(name):
                raise DotscaleError(f"the graph <{name}> is reserved for the store's own use; "
                                    "name it otherwise", path=path)
            held = [source for source in self.sources.get(name, ()) if source != path]
            if held:
                raise DotscaleError(f"its graph {compact(str(name))} holds {held[0]} already; "
                                    "rename the file (a triple file's graph is named by its "
                                    "stem)", path=path)

    def union(self, *, exclude: Collection[URIRef] = ()) -> Graph:
        """Every distinct triple of every named graph but ``exclude``, as one plain graph."""
        union = Graph()
        bind_prefixes(union.namespace_manager)
        for subject, predicate, value, graph in self.quads((None, None, None, None)):
            if graph not in exclude:
                union.add((subject, predicate, value))
        return union


def open_store(spec: str = DEFAULT_STORE) -> KnowledgeGraph:
    """Open the knowledge graph on the store named by ``spec`` (see the module documentation).
    A store that keeps its graphs first finishes what a load killed half-way left undone
    (:meth:`graph.loading.stores.base.NativeStore.recover`).

    >>> open_store().default_union
    True
    >>> open_store("mongo:db")
    Traceback (most recent call last):
    ...
    graph.errors.DotscaleError: unknown store 'mongo:db'; available: oxigraph, memory, ...
    """
    kind, _, location = spec.partition(":")
    if spec == "memory":
        return KnowledgeGraph()
    if spec == "oxigraph" or (kind == "oxigraph" and location):
        from .stores.oxigraph import OxigraphStore

        store: NativeStore = OxigraphStore(Path(location) if location else None)
    elif kind == "sparql" and location:
        from .stores.sparql import Endpoints, SparqlStore

        store = SparqlStore(Endpoints.parse(location))
    elif kind in ("oxigraph", "sparql"):
        where = "PATH" if kind == "oxigraph" else "URL"
        raise DotscaleError(f"--store {spec}: say where, as {kind}:{where}")
    else:
        raise DotscaleError(f"unknown store {spec!r}; available: {', '.join(STORES)}")
    if location and store.writable:
        store.recover()
    return KnowledgeGraph(store)
