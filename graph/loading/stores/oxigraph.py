"""The graph in an Oxigraph store (pyoxigraph), on disk or in memory: bulk-loaded, queried by
Oxigraph's own SPARQL engine. In memory it is the default store: rdflib's API over Oxigraph's
engine, which answers the query library tens of times faster than rdflib's.

Files are read by Oxigraph itself (``Store.bulk_load``), a stream in bounded memory (the bulk
loader's batches, not the file): a file of millions of triples never becomes Python objects,
unless it has blank nodes (see :meth:`OxigraphStore._load_triples`). Queries run on Oxigraph,
their parameters bound as terms in a VALUES block first in the WHERE group
(:mod:`graph.loading.stores.values`), as on a SPARQL server; answers come back as rdflib terms.
Oxigraph's own ``substitutions`` bind as well but plan worse: the library's ``talks-about-kind``
took 569 s with them on 10^5 triples, 0.9 s with VALUES. They remain for what VALUES cannot hold
(a blank node).
"""

from __future__ import annotations

import contextlib
import functools
import mmap
import os
import re
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import Any, TypeVar, cast

from rdflib import BNode, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import XSD
from rdflib.term import Identifier, Node

from ...errors import DotscaleError
from ...namespaces import PREFIXES
from ...querying.answer import IRI, QueryResult, text
from ...util.extras import require
from ...util.worker import Worker
from ..reading import reading, shows_progress
from .base import RESERVED, NativeStore, Quad, Stop, T, Triple, is_named, is_reserved
from .plain import reads_named_graphs
from .values import with_values

_FORMATS = {"turtle": "TURTLE", "nt": "N_TRIPLES", "n3": "N3", "nquads": "N_QUADS",
            "trig": "TRIG", "json-ld": "JSON_LD", "xml": "RDF_XML"}
_FORMAT_NAMES = {"turtle": "Turtle", "nt": "N-Triples", "n3": "N3", "nquads": "N-Quads",
                 "trig": "TriG", "json-ld": "JSON-LD", "xml": "RDF/XML"}
_POSITION = re.compile(r"^Parser error (?:at|between) line \d+[^:]*: ")
_CHECK_EVERY = 1000
_REMEMBERED_TERMS = 1 << 16
_REMEMBERED_FACTS = 1 << 10
_XSD_STRING = str(XSD.string)
_BLANK_MARKS = {"nt": (b"_:",), "turtle": (b"_:", b"[", b"("), "n3": (b"_:", b"[", b"(")}


F = TypeVar("F", bound=Callable[..., None])


def _changing(method: F) -> F:
    """``method``, a write of :class:`OxigraphStore`, counted once it ends (see ``once``)."""
    @functools.wraps(method)
    def counted(store: OxigraphStore, *args: Any, **kwargs: Any) -> None:
        try:
            method(store, *args, **kwargs)
        finally:
            store._changes += 1

    return cast(F, counted)


def to_oxigraph(term: Node) -> Any:
    """The pyoxigraph term for an rdflib term.

    >>> to_oxigraph(Literal("Redis", lang="en"))
    <Literal value=Redis language=en>
    """
    import pyoxigraph as ox

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise DotscaleError(f"Oxigraph cannot hold the term {term!r}")


@functools.lru_cache(maxsize=_REMEMBERED_TERMS)
def from_oxigraph(term: Any) -> Identifier:
    """The rdflib term for a pyoxigraph term; ``xsd:string`` literals become plain literals,
    as rdflib parses them. Terms met again (a graph's name, a predicate, a node in many
    answers) are not made again: rdflib terms are immutable, and slow to make.

    >>> import pyoxigraph as ox
    >>> from_oxigraph(ox.Literal("Redis"))
    rdflib.term.Literal('Redis')
    """
    import pyoxigraph as ox

    kind = type(term)
    if kind is ox.NamedNode:
        return URIRef(term.value)
    if kind is ox.Literal:
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype == _XSD_STRING else
                       URIRef(datatype))
    if kind is ox.BlankNode:
        return BNode(term.value)
    raise DotscaleError(f"rdflib cannot hold the term {term!r}")


def _pattern(term: Node | None) -> Any:
    return None if term is None else to_oxigraph(term)


class OxigraphStore(NativeStore):
    """The graph in the Oxigraph store at ``path`` (created if missing), or in memory if
    ``path`` is None. Oxigraph's default graph holds the merged union of the named graphs (see
    :mod:`graph.loading.stores.base`): a query reads it as it reads any plain Oxigraph store."""

    kind = "oxigraph"

    def __init__(self, path: Path | None = None) -> None:
        super().__init__()
        ox = require("pyoxigraph", "oxigraph")
        self.path = path
        self._changes = 0  # writes ended: what once() computed before one ended is stale
        self._known: dict[Hashable, tuple[int, Any]] = {}
        try:
            self.engine = ox.Store(None if path is None else str(path))
        except OSError as error:
            why = "it is open in another process" if "lock" in str(error).lower() else error
            raise DotscaleError(f"cannot open the Oxigraph store: {why}", path=path) from None

    def close(self, commit_pending_transaction: bool = False) -> None:
        """Release the store on disk (another process may open it then)."""
        self.engine.flush()
        self.engine = None

    def merged(self, pattern: str) -> str:
        return pattern

    def once(self, key: Hashable, compute: Callable[[], T]) -> T:
        changes = self._changes
        known = self._known.get(key)
        if known is not None and known[0] == changes:
            return cast(T, known[1])
        value = compute()
        if len(self._known) >= _REMEMBERED_FACTS:
            self._known.clear()
        self._known[key] = (changes, value)
        return value

    # -- quads -----------------------------------------------------------------------------

    def grouped_quads(self, s: Node | None, p: Node | None, o: Node | None,
                      graph: Node | None) -> Iterator[tuple[Triple, list[Node]]]:
        import pyoxigraph as ox

        try:
            pattern = (_pattern(s), _pattern(p), _pattern(o))
            name = None if graph is None else to_oxigraph(graph)
        except ValueError:  # a term Oxigraph cannot hold (an IRI with a second '#'): no quad
            return  # of the store has it
        if name is None:
            # Oxigraph's indexes put the graph last when it is not given: the quads of one
            # triple come together (the default graph's, the union, are left out, and the
            # store's own graphs).
            found = (q for q in self.engine.quads_for_pattern(*pattern, None)
                     if not isinstance(q.graph_name, ox.DefaultGraph)
                     and not q.graph_name.value.startswith(RESERVED))
        else:
            found = self.engine.quads_for_pattern(*pattern, name)
        for triple, quads in groupby(found, key=lambda q: q.triple):
            yield (from_oxigraph(triple.subject), from_oxigraph(triple.predicate),
                   from_oxigraph(triple.object)), [from_oxigraph(q.graph_name) for q in quads]

    @_changing
    def add_quads(self, quads: Iterable[Quad], *, merge: bool) -> None:
        import pyoxigraph as ox

        added = []
        for s, p, o, g in quads:
            triple = (to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))
            added.append(ox.Quad(*triple, to_oxigraph(g)))
            if merge:
                added.append(ox.Quad(*triple, ox.DefaultGraph()))
        self.engine.extend(added)

    @_changing
    def remove_quads(self, quads: list[Quad]) -> None:
        import pyoxigraph as ox

        for s, p, o, g in quads:
            self.engine.remove(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o),
                                       to_oxigraph(g)))

    def graph_names(self) -> list[Node]:
        names = (from_oxigraph(g) for g in self.engine.named_graphs())
        return [name for name in names if not is_reserved(name)]

    @_changing
    def create_graph(self, graph: Node) -> None:
        self.engine.add_graph(to_oxigraph(graph))

    @_changing
    def drop_graph(self, graph: Node) -> None:
        self.engine.remove_graph(to_oxigraph(graph))

    # -- files -----------------------------------------------------------------------------

    @_changing
    def read_file(self, path: Path, format_name: str, graph: URIRef | None, base_iri: str,
                  graphs: list[Node]) -> None:
        import pyoxigraph as ox

        rdf_format = getattr(ox.RdfFormat, _FORMATS[format_name])
        try:
            for name in graphs:
                self.forget(name)
                self.engine.clear_graph(to_oxigraph(name))
            if graph is None:
                self._load_quads(path, rdf_format, base_iri, graphs)
                return
            target = to_oxigraph(graph)
            self.engine.add_graph(target)
            self._load_triples(path, format_name, rdf_format, base_iri, target)
        except SyntaxError as error:
            raise syntax_error(error, format_name, path) from None
        finally:
            self.engine.flush()

    def check_syntax(self, path: Path, format_name: str, base_iri: str) -> None:
        import pyoxigraph as ox

        rdf_format = getattr(ox.RdfFormat, _FORMATS[format_name])
        try:
            for _ in ox.parse(path=str(path), format=rdf_format, base_iri=base_iri):
                pass
        except SyntaxError as error:
            raise syntax_error(error, format_name, path) from None

    def _load_triples(self, path: Path, format_name: str, rdf_format: Any, base_iri: str,
                      target: Any) -> None:
        """Load a triple file into the graph ``target`` and into the union.

        Without blank nodes, Oxigraph reads the file twice at once, into the graph and into
        the union: two bulk loads in two threads (they let go of Python's lock), as fast as
        one on two cores. With blank nodes, two readings would name them apart: one reading
        then feeds both."""
        import pyoxigraph as ox

        with _bulk_source(path) as source:
            if may_hold_blank_nodes(path, format_name):
                union = ox.DefaultGraph()
                self.engine.bulk_extend(
                    quad for read in ox.parse(**source, format=rdf_format, base_iri=base_iri)
                    for quad in (ox.Quad(read.subject, read.predicate, read.object, target),
                                 ox.Quad(read.subject, read.predicate, read.object, union)))
                return
            into_union = Worker(functools.partial(
                self.engine.bulk_load, path=str(path), format=rdf_format, base_iri=base_iri,
                lenient=True), name="dotscale-load")
            try:
                self.engine.bulk_load(**source, format=rdf_format, base_iri=base_iri,
                                      to_graph=target)
            except BaseException:
                with contextlib.suppress(Exception):  # the same error in the same file: the
                    into_union.wait()  # first reading's is the one to tell
                raise
            into_union.wait()

    def _load_quads(self, path: Path, rdf_format: Any, base_iri: str,
                    graphs: list[Node]) -> None:
        """Load a quad file (read once already, to find its ``graphs``: see
        :mod:`graph.loading.sources`) into its graphs and the union, its triples outside any
        graph into rdflib's default graph.

        In memory, a file whose graphs all have IRIs is read by Oxigraph, and its graphs then
        copied into the union by one update: half the time of handing each quad over from
        Python (on disk, that update takes twice as long as the bulk loader)."""
        import pyoxigraph as ox

        if self.path is None and all(isinstance(name, URIRef) and
                                     name != DATASET_DEFAULT_GRAPH_ID for name in graphs):
            with _bulk_source(path) as source:
                self.engine.bulk_load(**source, format=rdf_format, base_iri=base_iri)
            names = " ".join(name.n3() for name in graphs)
            self.engine.update(f"INSERT {{ ?s ?p ?o }} WHERE {{ VALUES ?g {{ {names} }} "
                               "GRAPH ?g { ?s ?p ?o } }")
            return
        rdflib_default = to_oxigraph(DATASET_DEFAULT_GRAPH_ID)
        union = ox.DefaultGraph()

        def quads() -> Iterator[Any]:
            with reading(path) as stream:
                for quad in ox.parse(input=stream, format=rdf_format, base_iri=base_iri):
                    graph = quad.graph_name
                    yield ox.Quad(quad.subject, quad.predicate, quad.object,
                                  rdflib_default if isinstance(graph, ox.DefaultGraph) else graph)
                    yield ox.Quad(quad.subject, quad.predicate, quad.object, union)

        self.engine.bulk_extend(quads())

    # -- SPARQL ----------------------------------------------------------------------------

    def select(self, text: str, bindings: Mapping[str, Identifier] | None = None
               ) -> list[dict[str, Identifier]]:
        import pyoxigraph as ox

        substitutions = {ox.Variable(k): to_oxigraph(v) for k, v in (bindings or {}).items()}
        solutions = self.engine.query(text, substitutions=substitutions)
        return _Solutions([v.value for v in solutions.variables], list(solutions)).bindings()

    @_changing
    def run_update(self, text: str) -> None:
        self.engine.update(text)

    def evaluate(self, text: str, bindings: Mapping[str, Identifier], *, own_dataset: bool,
                 projected: frozenset[str] | None, stop: Stop) -> QueryResult:
        import pyoxigraph as ox

        # the default graph is the union and the named graphs are the graphs: the query's
        # own dataset (FROM), or the store's but for its own (the journal), for a query that
        # reads named graphs
        named = None
        if not own_dataset and reads_named_graphs(text):
            named = [to_oxigraph(name) for name in self.graph_names() if is_named(name)]
        substitutions: dict[Any, Any] = {}
        try:
            text = with_values(text, bindings)
        except DotscaleError:  # no room for a VALUES block, or a blank node to bind
            if projected is not None and not set(bindings) <= projected:
                raise  # and Oxigraph substitutes only the variables a query returns
            substitutions = {ox.Variable(k): to_oxigraph(v) for k, v in bindings.items()}
        answer = self.engine.query(text, prefixes=PREFIXES, substitutions=substitutions,
                                   named_graphs=named)
        return _result(answer, stop)


def syntax_error(error: SyntaxError, format_name: str, path: Path) -> DotscaleError:
    """Oxigraph's syntax error in the file ``path`` (of an rdflib format) as one line.

    >>> syntax_error(SyntaxError("Parser error at line 2 column 1: no dot", ("", 2, 1, "")),
    ...              "nt", Path("a.nt"))
    DotscaleError('a.nt:2: N-Triples syntax error: no dot')
    """
    why = _POSITION.sub("", str(error.msg))
    return DotscaleError(f"{_FORMAT_NAMES[format_name]} syntax error: {why}", path=path,
                         line=error.lineno)


def may_hold_blank_nodes(path: Path, format_name: str) -> bool:
    """Whether the triple file ``path`` may hold a blank node: a ``_:`` label, or in Turtle
    and N3 a ``[`` or a ``(`` (a list); in RDF/XML and JSON-LD blank nodes need no mark, so
    any file may. Marks inside strings count too: a file taken for one with blank nodes is
    only loaded a little slower.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder, "a.nt")
    ...     _ = path.write_bytes(b"<https://a> <https://b> <https://c> .\\n")
    ...     may_hold_blank_nodes(path, "nt"), may_hold_blank_nodes(path, "xml")
    (False, True)
    """
    marks = _BLANK_MARKS.get(format_name)
    if marks is None:
        return True
    with path.open("rb") as file:
        if os.fstat(file.fileno()).st_size == 0:
            return False
        with mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as content:
            return any(content.find(mark) >= 0 for mark in marks)


@contextlib.contextmanager
def _bulk_source(path: Path) -> Iterator[dict[str, Any]]:
    """Where Oxigraph reads ``path`` from, as ``bulk_load`` and ``parse`` take it: the file
    itself, or its bytes through Python when they move a progress bar."""
    with reading(path) as stream:
        yield {"input": stream} if shows_progress(stream) else {"path": str(path)}


def _checked(rows: Iterable[Any], stop: Stop) -> Iterator[Any]:
    """``rows``, until ``stop`` is set (checked every thousand rows)."""
    for number, row in enumerate(rows):
        if number % _CHECK_EVERY == 0 and stop.is_set():
            raise DotscaleError("the query was stopped")
        yield row


def _result(answer: Any, stop: Stop) -> QueryResult:
    """The answer of pyoxigraph ``answer`` in rdflib terms (read until ``stop`` is set)."""
    import pyoxigraph as ox

    if isinstance(answer, ox.QueryBoolean):
        return QueryResult("ASK", boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        names = [v.value for v in answer.variables]
        return QueryResult("SELECT", names,
                           solutions=_Solutions(names, list(_checked(answer, stop))))
    return QueryResult("CONSTRUCT", triples=[
        (from_oxigraph(triple.subject), from_oxigraph(triple.predicate),
         from_oxigraph(triple.object)) for triple in _checked(answer, stop)])


@dataclass(frozen=True)
class _Solutions:
    """pyoxigraph's solutions of a SELECT, read to the end, each made into rdflib terms or
    texts only when a caller reads them (see :class:`~graph.querying.answer.Solutions`)."""

    names: list[str]
    rows: list[Any]  # pyoxigraph's QuerySolution, a term (or None) for each of the names

    def bindings(self) -> list[dict[str, Identifier]]:
        names = self.names
        return [{name: from_oxigraph(value) for name, value in zip(names, row, strict=True)
                 if value is not None} for row in self.rows]

    def texts(self, positions: Sequence[int]) -> list[tuple[str | None, ...]]:
        import pyoxigraph as ox

        named_node, literal = ox.NamedNode, ox.Literal
        iris: dict[str, IRI] = {}  # each IRI's text, made once
        texts = []
        for row in self.rows:  # inline, not a function per value: a million at 10^6 triples
            values: list[str | None] = []
            for position in positions:
                value: Any = row[position] if position >= 0 else None
                kind = type(value)
                if kind is literal:
                    values.append(value.value)
                elif kind is named_node:
                    iri = value.value
                    term = iris.get(iri)
                    if term is None:
                        term = iris[iri] = IRI(iri)
                    values.append(term)
                else:
                    values.append(None if value is None else text(from_oxigraph(value)))
            texts.append(tuple(values))
        return texts
