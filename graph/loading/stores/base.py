"""What the Oxigraph and SPARQL-server stores share: an rdflib store over an engine that keeps
quads itself and answers SPARQL with its own evaluator.

Every graph of the knowledge graph is a named graph in the engine; rdflib's default graph is
the named graph ``urn:x-rdflib:default`` (:data:`rdflib.graph.DATASET_DEFAULT_GRAPH_ID`).
Queries see the union of those graphs, each triple once, as on the memory store. The engine
keeps that union itself, *merged*: in one more graph (:attr:`NativeStore.merged`, Oxigraph's
default graph, or a hidden named graph on a server), updated whenever a graph changes. A query
then reads one graph, as fast as it reads a plain store, and counts a triple two sources state
once. (Engines that merge graphs at query time may add them up instead: Oxigraph 0.5 counts a
triple once per graph that holds it, oxigraph/oxigraph#1919, and reads a list of graphs two to
three times slower than one graph.) The price: the store holds the triples twice, and a load
writes them twice.

A copy must never disagree with what it copies, and a graph must be either what it was or
what its new file states, even when a load is killed half-way (the process, or the server). So
the store keeps a journal in a graph of its own (:data:`JOURNAL_GRAPH`): before a load changes
a graph, the graph is marked as loading, with the file it is loaded from (one update, atomic on
every engine); once the graph and the union hold the whole file, the mark makes way for what
the graph was loaded from (see :meth:`NativeStore.changing`). A mark found when the store is
opened (:meth:`NativeStore.recover`) means a load that never finished: it is finished, from
the same file if that has not changed since; else the graph is emptied (its file was read in
part), and the union derived again from the graphs. A file that replaces a graph is read
through once before the graph is touched (:meth:`NativeStore.check_syntax`), so a file that
does not parse leaves the graph as it was. The record of what a graph was loaded from lets a
store skip loading a file that has not changed since (:meth:`NativeStore.holds`).

Graph names under ``urn:x-dotscale:`` are the store's own (:func:`is_reserved`): never shown as
graphs of the knowledge graph, and refused in input.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import sys
from abc import abstractmethod
from collections.abc import Callable, Generator, Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, cast

from rdflib import Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.stores.memory import Memory
from rdflib.store import Store
from rdflib.term import BNode, IdentifiedNode, Identifier, Node

from ...errors import DotscaleError
from ...querying.answer import QueryResult
from ..fingerprint import fingerprint

RESERVED = "urn:x-dotscale:"
MERGED_GRAPH = URIRef(RESERVED + "union")
"""The name the stores give the merged union where it is a named graph."""
JOURNAL_GRAPH = URIRef(RESERVED + "journal")
"""The graph of the store's journal: which graphs are being loaded, and from what."""
_LOADING = URIRef(RESERVED + "loading")
_LOADED_FROM = URIRef(RESERVED + "loadedFrom")
_LOADING_FILE = URIRef(RESERVED + "loadingFile")
_NOT_RESERVED = f'!STRSTARTS(STR(?g), "{RESERVED}")'
RESERVED_FILTER = f"FILTER({_NOT_RESERVED})"
"""A SPARQL filter that leaves out the store's own graphs, for a pattern ``GRAPH ?g``."""
NAMED_FILTER = f"FILTER({_NOT_RESERVED} && ?g != {DATASET_DEFAULT_GRAPH_ID.n3()})"
"""A SPARQL filter that keeps, for a pattern ``GRAPH ?g``, the graphs a query names on the
memory store: neither the store's own nor rdflib's default graph (see :func:`is_named`)."""

_BATCH = 1000

T = TypeVar("T")
Triple = tuple[Node, Node, Node]
Quad = tuple[Node, Node, Node, Node]


class LoadRefused(DotscaleError):
    """The engine refused a file before it changed any graph, and the union is as it was."""


class Stop:
    """Set by the caller of :meth:`NativeStore.evaluate` when it waits for the answer no longer
    (its deadline passed): the thread that reads the answer then stops. A plain flag, as nothing
    waits on it: a :class:`threading.Event` costs several microseconds more a query.

    >>> stop = Stop()
    >>> stop.is_set(), (stop.set(), stop.is_set())[1]
    (False, True)
    """

    __slots__ = ("_set",)

    def __init__(self) -> None:
        self._set = False

    def set(self) -> None:
        self._set = True

    def is_set(self) -> bool:
        return self._set


class NativeStore(Store):
    """An rdflib store whose quads live in an engine with its own SPARQL evaluator."""

    context_aware = True
    graph_aware = True
    formula_aware = False
    transaction_aware = False
    kind = "native"

    def __init__(self) -> None:
        super().__init__()
        self._prefixes = Memory()

    @property
    def writable(self) -> bool:
        """Whether this program may change the store (a SPARQL server may only be queried)."""
        return True

    def once(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, a fact worked out from the store's content (``key`` names it): on a
        store only this process changes, what it gave before for ``key`` if nothing changed
        since; on others (a SPARQL server's), computed each time."""
        return compute()

    # -- what each engine provides ---------------------------------------------------------

    @abstractmethod
    def merged(self, pattern: str) -> str:
        """``pattern`` (SPARQL) read from or written to the merged union."""

    @abstractmethod
    def grouped_quads(self, s: Node | None, p: Node | None, o: Node | None,
                      graph: Node | None) -> Iterator[tuple[Triple, list[Node]]]:
        """Each triple matching the pattern once, with the graphs that hold it; in ``graph``
        only, unless it is None. The merged union is not one of the graphs."""

    @abstractmethod
    def add_quads(self, quads: Iterable[Quad], *, merge: bool) -> None:
        """Add quads (the fourth term names a graph), and their triples to the union if
        ``merge``."""

    @abstractmethod
    def remove_quads(self, quads: list[Quad]) -> None:
        """Remove these quads (from their graphs only)."""

    @abstractmethod
    def graph_names(self) -> list[Node]:
        """The names of the graphs (not the merged union)."""

    @abstractmethod
    def create_graph(self, graph: Node) -> None:
        """Make ``graph`` exist, empty if it is new."""

    @abstractmethod
    def drop_graph(self, graph: Node) -> None:
        """Remove ``graph`` and its triples (not from the union: see :meth:`forget`)."""

    @abstractmethod
    def read_file(self, path: Path, format_name: str, graph: URIRef | None, base_iri: str,
                  graphs: list[Node]) -> None:
        """Read an RDF file (an rdflib format name) the engine parses itself into ``graphs``,
        replacing what they held: a triple format into ``graph``; a quad format into the
        graphs it names, its triples outside any graph into rdflib's default graph; the union
        updated. Raises :class:`DotscaleError` naming the file and line of a syntax error."""

    @abstractmethod
    def select(self, text: str, bindings: Mapping[str, Identifier] | None = None
               ) -> list[dict[str, Identifier]]:
        """Run a SELECT of the store's own over the whole engine."""

    @abstractmethod
    def run_update(self, text: str) -> None:
        """Run a SPARQL update of the store's own."""

    @abstractmethod
    def evaluate(self, text: str, bindings: Mapping[str, Identifier], *, own_dataset: bool,
                 projected: frozenset[str] | None, stop: Stop) -> QueryResult:
        """Evaluate a user's query (checked already: see :mod:`graph.safety`) with the engine:
        ``bindings`` as terms, over the union and the graphs (over the query's own FROM
        clauses if ``own_dataset``). ``projected`` names the variables the query returns
        (None: every variable). Reading the answer stops once ``stop`` is set."""

    def check_syntax(self, path: Path, format_name: str, base_iri: str) -> None:
        """Read the file through without keeping anything; raise :class:`DotscaleError` naming
        the file and line of a syntax error. An engine that reads a file into a graph in one
        transaction (a SPARQL server's Graph Store) need not."""

    def load_file(self, path: Path, format_name: str, graph: URIRef | None, base_iri: str,
                  *, graphs: list[Node], source: str) -> None:
        """Load a file into ``graphs`` (see :meth:`read_file`), unless every one of them holds
        ``source`` (a fingerprint of the file) already. Graphs that hold triples are left as
        they are if the file does not parse."""
        if graphs and all(self.holds(name, source) for name in graphs):
            return
        if any(self.holds_triples(name) for name in graphs):
            self.check_syntax(path, format_name, base_iri)
        file = _LoadingFile(str(path), format_name, None if graph is None else str(graph),
                            base_iri, source)
        with self.changing(graphs, source, file):
            file.read_into(self, graphs)

    # -- the journal -----------------------------------------------------------------------

    def holds(self, graph: Node, source: str) -> bool:
        """Whether ``graph`` was loaded, to its end, from ``source`` (a fingerprint)."""
        rows = self.select(f"SELECT ?s WHERE {{ GRAPH {JOURNAL_GRAPH.n3()} "
                           f"{{ {graph.n3()} {_LOADED_FROM.n3()} ?s }} }}")
        return [str(row["s"]) for row in rows] == [source]

    def holds_triples(self, graph: Node) -> bool:
        """Whether ``graph`` holds a triple."""
        return bool(self.select(f"SELECT ?s WHERE {{ GRAPH {graph.n3()} {{ ?s ?p ?o }} }} "
                                "LIMIT 1"))

    @contextlib.contextmanager
    def changing(self, graphs: list[Node], source: str | None = None,
                 file: _LoadingFile | None = None) -> Iterator[None]:
        """Mark ``graphs`` as loading (from ``file``, if given) while the block changes them;
        then record ``source`` (if given) as what they hold. If the block fails, the graphs
        are emptied and the union derived again; if the process is stopped (killed, or
        interrupted), the next :meth:`recover` finishes the load from ``file``."""
        names = " ".join(g.n3() for g in graphs)
        journal = JOURNAL_GRAPH.n3()
        reload = "" if file is None else f" ; {_LOADING_FILE.n3()} {Literal(file.text()).n3()}"
        self.run_update(
            f"DELETE {{ GRAPH {journal} {{ ?g {_LOADED_FROM.n3()} ?s }} }} "
            f"WHERE {{ VALUES ?g {{ {names} }} GRAPH {journal} {{ ?g {_LOADED_FROM.n3()} ?s }} }} ;"
            f"INSERT {{ GRAPH {journal} {{ ?g {_LOADING.n3()} true{reload} }} }} "
            f"WHERE {{ VALUES ?g {{ {names} }} }}")
        try:
            yield
        except LoadRefused:
            self.run_update(_unmarking(names))
            raise
        except Exception:
            with contextlib.suppress(Exception):  # else the next recover() does it
                self._abandon(graphs)
            raise
        done = "" if source is None else (
            f"; INSERT {{ GRAPH {journal} {{ ?g {_LOADED_FROM.n3()} {Literal(source).n3()} }} }} "
            f"WHERE {{ VALUES ?g {{ {names} }} }}")
        self.run_update(_unmarking(names) + done)

    def recover(self) -> None:
        """Finish what a load stopped half-way left: a load whose file has not changed since
        is done again from it; the graphs of any other are emptied, and the union derived
        again from the graphs. Nothing to do (one query) if none was."""
        journal = JOURNAL_GRAPH.n3()
        rows = self.select(f"SELECT ?g ?file WHERE {{ GRAPH {journal} {{ ?g {_LOADING.n3()} true "
                           f"OPTIONAL {{ ?g {_LOADING_FILE.n3()} ?file }} }} }}")
        if not rows:
            return
        loads: dict[_LoadingFile | None, list[Node]] = {}
        for row in rows:
            file = _LoadingFile.parse(str(row["file"])) if "file" in row else None
            loads.setdefault(file, []).append(row["g"])
        for file, graphs in list(loads.items()):
            if file is None or not file.unchanged():
                continue
            print(f"dotscale: finishing the load of {file.path}, stopped half-way",
                  file=sys.stderr)
            del loads[file]
            try:
                with self.changing(graphs, file.source, file):
                    file.read_into(self, graphs)
            except DotscaleError as error:  # the graphs are emptied
                print(f"dotscale: warning: {error}", file=sys.stderr)
        stopped = [graph for graphs in loads.values() for graph in graphs]
        if stopped:
            self._abandon(stopped)

    def _abandon(self, graphs: list[Node]) -> None:
        """Empty ``graphs`` (loaded in part), derive the union again, clear their journal."""
        for graph in graphs:
            self.drop_graph(graph)
        self.run_update(_DERIVE.format(merged=self.merged("?s ?p ?o"), reserved=RESERVED_FILTER))
        journal = JOURNAL_GRAPH.n3()
        names = " ".join(g.n3() for g in graphs)
        self.run_update(f"DELETE {{ GRAPH {journal} {{ ?g ?p ?o }} }} "
                        f"WHERE {{ VALUES ?g {{ {names} }} GRAPH {journal} {{ ?g ?p ?o }} }}")

    # -- the merged union ------------------------------------------------------------------

    def forget(self, graph: Node) -> None:
        """Take out of the union the triples that only ``graph`` holds (before it changes)."""
        self.run_update(_FORGET.format(
            merged=self.merged("?s ?p ?o"), graph=graph.n3(), reserved=RESERVED_FILTER))

    def merge(self, graph: Node) -> None:
        """Add the triples of ``graph`` to the union."""
        self.run_update(_MERGE.format(merged=self.merged("?s ?p ?o"), graph=graph.n3()))

    # -- the rdflib store interface --------------------------------------------------------

    def _context(self, name: Node) -> Graph:
        """A graph object for the graph ``name`` of this store."""
        return Graph(store=self, identifier=cast(IdentifiedNode, name))

    def add(self, triple: Triple, context: Graph | None, quoted: bool = False) -> None:
        self.addN([(*triple, context)])

    def addN(self, quads: Iterable[tuple[Node, Node, Node, Any]]) -> None:
        self.add_quads(((s, p, o, _name(g)) for s, p, o, g in quads), merge=True)

    def remove(self, triple: tuple[Node | None, Node | None, Node | None],
               context: Graph | None = None) -> None:
        graph = None if context is None else _name(context)
        found = list(self.grouped_quads(*triple, graph))
        self.remove_quads([(*t, g) for t, graphs in found for g in graphs])
        gone = [t for t, _ in found if not next(self.grouped_quads(*t, None), None)]
        for start in range(0, len(gone), _BATCH):
            data = " ".join(f"{s.n3()} {p.n3()} {o.n3()} ."
                            for s, p, o in gone[start:start + _BATCH])
            self.run_update(f"DELETE DATA {{ {self.merged(data)} }}")

    def triples(self, triple_pattern: tuple[Node | None, Node | None, Node | None],
                context: Graph | None = None) -> Iterator[tuple[Triple, Iterator[Graph]]]:
        graph = None if context is None else _name(context)
        contexts: dict[Node, Graph] = {}  # one graph object per graph name, for this call
        for triple, names in self.grouped_quads(*triple_pattern, graph):
            for name in names:
                if name not in contexts:
                    contexts[name] = self._context(name)
            yield triple, iter([contexts[name] for name in names])

    def __len__(self, context: Graph | None = None) -> int:
        pattern = "?s ?p ?o"
        where = self.merged(pattern) if context is None else \
            f"GRAPH {_name(context).n3()} {{ {pattern} }}"
        rows = self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")
        return int(rows[0]["n"]) if rows else 0

    def contexts(self, triple: Triple | None = None) -> Generator[Graph, None, None]:
        if triple is None:
            names = self.graph_names()
        else:
            names = next((found for _, found in self.grouped_quads(*triple, None)), [])
        for name in names:
            yield self._context(name)

    def add_graph(self, graph: Graph) -> None:
        self.create_graph(_name(graph))

    def remove_graph(self, graph: Graph) -> None:
        name = _name(graph)
        with self.changing([name]):
            self.forget(name)
            self.drop_graph(name)

    def bind(self, prefix: str, namespace: URIRef, override: bool = True) -> None:
        self._prefixes.bind(prefix, namespace, override)

    def prefix(self, namespace: URIRef) -> str | None:
        return self._prefixes.prefix(namespace)

    def namespace(self, prefix: str) -> URIRef | None:
        return self._prefixes.namespace(prefix)

    def namespaces(self) -> Iterator[tuple[str, URIRef]]:
        return self._prefixes.namespaces()


@dataclass(frozen=True)
class _LoadingFile:
    """A file being loaded, as the journal keeps it: enough to load it again.

    >>> file = _LoadingFile("/d/a.nt", "nt", "https://g", "file:///d/a.nt", "/d/a.nt|1|2")
    >>> _LoadingFile.parse(file.text()) == file
    True
    """

    path: str
    format_name: str
    graph: str | None
    base_iri: str
    source: str

    def text(self) -> str:
        return json.dumps(dataclasses.astuple(self))

    @classmethod
    def parse(cls, text: str) -> _LoadingFile:
        return cls(*json.loads(text))

    def unchanged(self) -> bool:
        """Whether the file is still there, as it was when its load began."""
        try:
            return fingerprint(Path(self.path)) == self.source
        except DotscaleError:
            return False

    def read_into(self, store: NativeStore, graphs: list[Node]) -> None:
        store.read_file(Path(self.path), self.format_name,
                        None if self.graph is None else URIRef(self.graph), self.base_iri, graphs)


def _unmarking(names: str) -> str:
    """The update that takes the loading marks (and the file each was loading from) off the
    graphs ``names`` (their IRIs, as SPARQL, space-separated)."""
    journal = JOURNAL_GRAPH.n3()
    return (f"DELETE {{ GRAPH {journal} {{ ?g {_LOADING.n3()} true ; "
            f"{_LOADING_FILE.n3()} ?file }} }} "
            f"WHERE {{ VALUES ?g {{ {names} }} OPTIONAL {{ GRAPH {journal} "
            f"{{ ?g {_LOADING_FILE.n3()} ?file }} }} }}")


def is_reserved(graph: Node) -> bool:
    """Whether ``graph`` is a name the stores keep for themselves.

    >>> is_reserved(MERGED_GRAPH), is_reserved(URIRef("https://w3id.org/dotscale/graph/x"))
    (True, False)
    """
    return isinstance(graph, URIRef) and graph.startswith(RESERVED)


def is_named(graph: Node) -> bool:
    """Whether a query's ``GRAPH ?g`` names ``graph``: not a graph of the store's own, nor
    rdflib's default graph, which the engine keeps as a named graph but which is no named graph
    of the dataset (rdflib's own engine leaves it out too).

    >>> is_named(URIRef("https://w3id.org/dotscale/graph/x")), is_named(DATASET_DEFAULT_GRAPH_ID)
    (True, False)
    """
    return graph != DATASET_DEFAULT_GRAPH_ID and not is_reserved(graph)


def _name(context: Graph | Node) -> Node:
    """The name of a graph given as an rdflib Graph or as its name."""
    name = context.identifier if isinstance(context, Graph) else context
    if not isinstance(name, URIRef | BNode) or is_reserved(name):
        raise DotscaleError(f"not a graph name: {name!r}")
    return name


_FORGET = """\
DELETE {{ {merged} }}
WHERE {{
  GRAPH {graph} {{ ?s ?p ?o }}
  FILTER NOT EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != {graph}) {reserved} }}
}}"""
_DERIVE = """\
DELETE WHERE {{ {merged} }} ;
INSERT {{ {merged} }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {reserved} }}"""
_MERGE = "INSERT {{ {merged} }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}"
