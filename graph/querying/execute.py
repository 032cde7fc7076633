"""Running SPARQL queries on the knowledge graph: parse, refuse what is unsafe, bind, evaluate.

>>> from graph.loading.loader import load
>>> kg = load(bundled=False)
>>> run(kg, "ASK { ?s ?p ?o }").boolean
False

Parameters are bound as RDF terms (rdflib ``initBindings``, which substitutes the term for the
variable throughout the query, sub-queries included), never pasted into the text. A value given
as text becomes a term according to the parameter's kind (see :mod:`graph.querying.library`):

- ``node``: ``<https://...>`` or a prefixed name with a project prefix (``id:technology/redis``;
  the local part may contain ``/``), or else a name: the one node whose ``rdfs:label`` or
  ``skos:altLabel`` is exactly that string, or else matched case-insensitively against every
  label and alternative label of the graph, where it must name exactly one node;
- ``literal``: a plain string, or a typed literal whose lexical form must be valid.

On a store with its own engine (``--store oxigraph:PATH`` or ``sparql:URL``) the query text goes
to that engine, with the same checks first, and the parameters' terms in a VALUES block
(serialised terms, never the text given: :mod:`graph.loading.stores.values`). There the query
runs in a worker thread that the caller waits for, so that the timeout holds even while the engine
computes: the caller gets its error on time, and the worker stops reading the answer; a step
the engine is in the middle of (sorting, grouping) finishes in the background. (A query the
store answered in a few milliseconds, and has not changed since, runs in the caller's thread.)
On the memory store, a query with a timeout that matches regular expressions (REGEX, REPLACE)
runs in a child process killed at the deadline (:mod:`graph.querying.forked`): Python's ``re``
cannot be interrupted in the middle of a match, which may backtrack for hours.
"""

from __future__ import annotations

import ctypes
import functools
import math
import re
import threading
import time
import warnings
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from rdflib import Literal, URIRef, Variable
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Identifier, Node

from ..errors import DotscaleError, DotscaleWarning, UsageError
from ..linking.matching import NameTable
from ..loading.store import KnowledgeGraph
from ..loading.stores.base import NativeStore, Stop
from ..loading.stores.plain import plain
from ..loading.stores.values import with_values
from ..loading.stores.waits import waits_end_by
from ..namespaces import PREFIXES, compact
from ..util import alarms
from ..util.resources import QUERIES_DIR
from ..util.worker import SLICE, Worker
from . import forked
from .answer import QueryResult as QueryResult  # where the drawing and the build import it
from .iris import expand_compact_iris
from .iris import expand_iri as expand_iri  # as the projection's --around reads a node
from .library import LITERAL, NODE, LibraryQuery, Param, from_text, locate
from .spelling import binding, option

if TYPE_CHECKING:  # rdflib's SPARQL parser is imported only to parse (see run)
    from pyparsing import ParseException
    from rdflib.plugins.sparql.sparql import Query

TEXT_NAME = "query"
_QUICK = 0.005  # seconds: a query evaluated this fast is evaluated in the caller's thread
QUERY_THREAD = "dotscale-query"
"""The name of a thread while it evaluates a query (a query stopped by its deadline keeps its
thread until the engine ends the step it is in)."""
_MATCHES_PATTERNS = re.compile(r"\b(?:REGEX|REPLACE)\s*\(", re.IGNORECASE)
_NAME = re.compile(r"[\w./\\-]+")  # a library name or a file path, never SPARQL text
_NAME_PROPERTIES = (RDFS.label, SKOS.altLabel)
_NAMED = """\
SELECT DISTINCT ?node ?name WHERE {
  { ?node rdfs:label ?name } UNION { ?node skos:altLabel ?name }
  FILTER(LCASE(STR(?name)) = ?wanted
         || (STRLEN(STR(?name)) <= ?length && REGEX(STR(?name), "[^\\u0001-\\u007F]")))
}"""


class _Timeout(BaseException):
    """Raised inside the evaluating thread when the deadline passes.

    A BaseException, so that no ``except Exception`` inside the engine swallows it.
    """


@contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Stop the code in the block when ``seconds`` pass, raising :class:`DotscaleError`.

    An alarm (:mod:`graph.util.alarms`) raises an exception in this thread
    (``PyThreadState_SetAsyncExc``); the engine is pure Python, so the exception lands within a
    few bytecodes and the evaluation unwinds: it does not go on running in the background.
    Works in any thread, on any OS.

    >>> with deadline(5):
    ...     sum(range(10))
    45
    """
    if seconds is None:
        yield
        return
    check_timeout(seconds)
    thread_id = threading.get_ident()
    lock = threading.Lock()
    state = {"finished": False}

    def interrupt() -> None:
        with lock:
            if not state["finished"]:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id),
                                                           ctypes.py_object(_Timeout))

    alarm = alarms.after(seconds, interrupt)
    try:
        try:
            yield
        finally:
            with lock:
                state["finished"] = True
            alarm.cancel()
    except _Timeout:
        raise _too_long(seconds) from None


def check_timeout(seconds: float) -> None:
    """Refuse a timeout that is not a finite number of seconds above zero (a usage error).

    >>> check_timeout(float("inf"))
    Traceback (most recent call last):
    ...
    graph.errors.UsageError: the timeout must be a finite number of seconds above 0 ... not inf
    """
    if not (math.isfinite(seconds) and 0 < seconds <= threading.TIMEOUT_MAX):
        raise UsageError(f"the timeout must be a finite number of seconds above 0 and at most "
                         f"{threading.TIMEOUT_MAX:.3g}, not {seconds:g}")


def _too_long(seconds: float) -> DotscaleError:
    return DotscaleError(f"the query ran longer than {seconds:g} s and was stopped "
                         f"(raise {option('--timeout', 'timeout')} to let it run longer)")


def _near(line: str, column: int) -> str:
    near = line[max(column - 1, 0):].strip() or line.strip()
    return near if len(near) <= 40 else near[:39] + "…"


def syntax_error(error: ParseException, text: str, where: str) -> DotscaleError:
    """A one-line message for a SPARQL syntax error: name, line, column, the text near it.

    >>> from pyparsing import ParseException
    >>> from rdflib.plugins.sparql.parser import parseQuery
    >>> text = "SELECT ?x\\nWHER { ?x ?p ?o }"
    >>> try:
    ...     parseQuery(text)
    ... except ParseException as e:
    ...     print(syntax_error(e, text, "q.rq"))
    q.rq:2:1: SPARQL syntax error near 'WHER { ?x ?p ?o }'
    """
    if not re.sub(r"(?m)^\s*#.*$", "", text).strip():
        return DotscaleError(f"{where}: the query is empty")
    if error.loc >= len(text.rstrip()):
        return DotscaleError(f"{where}:{error.lineno}:{error.col}: SPARQL syntax error: the "
                             "query ends too early (a '}' or ')' missing?)")
    why = ": unexpected text after the end of the query" \
        if str(error.msg) == "Expected end of text" else ""
    return DotscaleError(f"{where}:{error.lineno}:{error.col}: SPARQL syntax error near "
                         f"{_near(error.line, error.col)!r}{why}")


def _unknown_prefix(message: str, text: str, where: str) -> DotscaleError | None:
    match = re.fullmatch(r"Unknown namespace prefix : (\S*)", message)
    if not match:
        return None
    used = re.search(rf"(?<![\w:<]){re.escape(match[1])}:", text)
    position = f":{text.count(chr(10), 0, used.start()) + 1}" if used else ""
    return DotscaleError(f"{where}{position}: unknown prefix '{match[1]}:' (declare it with "
                         f"PREFIX {match[1]}: <...>)")


PARSER_LOCK = threading.Lock()
"""Held while rdflib's SPARQL grammar parses: pyparsing's parsers are not safe to use from two
threads at once (a query served while another is parsed fails with a spurious error)."""


RDFLIB_LOCK = threading.Lock()
"""Held while rdflib's engine evaluates a query and its answer is read: the evaluation writes
into the algebra it walks, and :func:`_algebra` gives every caller of one text the same
algebra, so two threads answering one query at once (a page served twice) lose solutions."""


@functools.lru_cache(maxsize=256)
def _algebra(text: str) -> Query:
    """``text`` parsed and translated, once for each text asked again (a served page's queries,
    a library query): parsing takes longer than most queries run. The algebra is only read
    afterwards; errors are not cached."""
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    with PARSER_LOCK:
        return translateQuery(parseQuery(text), initNs=PREFIXES)


@functools.lru_cache(maxsize=256)
def _with_full_iris(text: str) -> str:
    """:func:`~graph.querying.iris.expand_compact_iris` on the project's prefixes, once for
    each text."""
    return expand_compact_iris(text)


def parse(text: str, where: str = TEXT_NAME) -> Query:
    """Parse and translate ``text`` to SPARQL algebra; updates are refused.

    The project prefixes (``ds:``, ``id:``, ``schema:``...) may be used without declaring them.
    """
    from pyparsing import ParseException

    from .safety import is_update

    try:
        return _algebra(text)
    except ParseException as error:
        with PARSER_LOCK:
            update = is_update(text)
        if update:
            raise DotscaleError(f"{where}: refused: this is a SPARQL update; "
                                f"{option('dotscale query', 'graph.query')} only reads the "
                                "graph") from None
        raise syntax_error(error, text, where) from None
    except Exception as error:  # rdflib reports unknown prefixes and the like this way
        raise _unknown_prefix(str(error), text, where) or \
            DotscaleError(f"{where}: SPARQL error: {error}") from None


# -- binding parameters ---------------------------------------------------------------------


def _name_table(kg: KnowledgeGraph, cls: URIRef | None) -> NameTable:
    """Every label and alternative label of the graph's nodes (of ``cls``), compared
    casefolded."""
    allowed = _instances(kg, cls) if cls is not None else None
    table = NameTable(str.casefold)
    for predicate in _NAME_PROPERTIES:
        for node, label in kg.subject_objects(predicate):
            if allowed is None or node in allowed:
                table.add(node, str(label))
    return table


def _display(kg: KnowledgeGraph, node: Node) -> str:
    label = kg.value(node, RDFS.label)
    short = compact(str(node)) if isinstance(node, URIRef) else str(node)
    return f"{short} ({label})" if label is not None else short


def _expand_kind_iri(param: Param, written: str) -> URIRef:
    iri = expand_iri(written)
    if iri is None:
        raise DotscaleError(f"parameter {param.name}: {written!r} is not an IRI "
                            "(write <...> or use a project prefix)")
    return iri


def _instances(kg: KnowledgeGraph, cls: URIRef) -> set[Node]:
    classes = set(kg.transitive_subjects(RDFS.subClassOf, cls))
    return {node for c in classes for node in kg.subjects(RDF.type, c)}


def _is_instance(kg: KnowledgeGraph, node: Node, cls: URIRef | None) -> bool:
    """Whether ``node`` is of the class ``cls`` or of a subclass (any node, if None)."""
    return cls is None or any(cls in set(kg.transitive_objects(type_, RDFS.subClassOf))
                              for type_ in kg.objects(node, RDF.type))


def _named_exactly(kg: KnowledgeGraph, name: str, cls: URIRef | None) -> set[Node]:
    """The nodes of ``cls`` whose label or alternative label is the plain string ``name``
    (found in the indexes of any store, without reading every label; by one query of its
    own engine on a native store)."""
    if kg.native is not None:
        terms = {"name": Literal(name)} if cls is None else {"name": Literal(name), "class": cls}
        pattern = kg.native.merged(_exact_pattern(cls is not None))
        rows = kg.native.select(with_values(f"SELECT DISTINCT ?node WHERE {{ {pattern} }}",
                                            terms))
        return {row["node"] for row in rows}
    return {node for predicate in _NAME_PROPERTIES
            for node in kg.subjects(predicate, Literal(name)) if _is_instance(kg, node, cls)}


@functools.cache
def _exact_pattern(of_class: bool) -> str:
    labelled = " UNION ".join(f"{{ ?node {p.n3()} ?name }}" for p in _NAME_PROPERTIES)
    typed = f" ?node {RDF.type.n3()}/{RDFS.subClassOf.n3()}* ?class" if of_class else ""
    return labelled + typed


def _named_natively(kg: KnowledgeGraph, store: NativeStore, wanted: str,
                    cls: URIRef | None) -> set[Node]:
    """The nodes of ``cls`` labelled ``wanted`` (casefolded), found by the store's engine.

    The engine narrows the labels to those that ``LCASE`` makes ``wanted`` and those with a
    character beyond ASCII (where casefolding and ``LCASE`` may differ) that are no longer
    than ``wanted`` (casefolding never shortens); Python then keeps the ones that casefold to
    ``wanted``, as :func:`_name_table` matches.
    """
    bindings: dict[str, Identifier] = {"wanted": Literal(wanted),
                                       "length": Literal(len(wanted))}
    answer = _evaluate_natively(store, _NAMED, bindings)
    return {row["node"] for row in answer.bindings
            if str(row["name"]).casefold() == wanted and _is_instance(kg, row["node"], cls)}


class AmbiguousName(DotscaleError):
    """A name that several nodes have, where one was wanted."""


def resolve_node(kg: KnowledgeGraph, value: str, param: str,
                 cls: URIRef | None = None) -> Identifier:
    """The node ``value`` names: an IRI, or the one node (of ``cls``) labelled ``value``
    (found once while the store does not change, on a store that can tell)."""
    if kg.native is not None:
        native = kg.native
        return native.once(("node", value, cls), lambda: _resolve_node(kg, value, param, cls))
    return _resolve_node(kg, value, param, cls)


def _resolve_node(kg: KnowledgeGraph, value: str, param: str, cls: URIRef | None) -> Identifier:
    try:
        iri = expand_iri(value)
    except DotscaleError as error:
        raise DotscaleError(f"{binding(param, value)}: {error.message}") from None
    if iri is not None:
        if (iri, None, None) not in kg and (None, None, iri) not in kg:
            raise DotscaleError(f"{binding(param, value)}: <{iri}> is not in the graph")
        return iri
    name = value.strip()
    exact = _named_exactly(kg, name, cls)
    if len(exact) == 1:
        return exact.pop()  # type: ignore[return-value]
    wanted = name.casefold()
    if kg.native is not None:
        found = _named_natively(kg, kg.native, wanted, cls)
        if len(found) == 1:
            return found.pop()  # type: ignore[return-value]
    table = _name_table(kg, cls)
    named = table.named(name)
    if len(named) == 1:
        return cast(Identifier, named[0])
    if len(named) > 1:
        candidates = ", ".join(sorted(_display(kg, n) for n in named))
        raise AmbiguousName(f"{binding(param, value)}: {value!r} names {len(named)} nodes: "
                            f"{candidates}; bind one by its IRI")
    names = list(dict.fromkeys(str(kg.value(n, RDFS.label) or n) for n in table.close(value)))
    hint = f"; did you mean: {', '.join(names)}?" if names else ""
    what = f"no {compact(str(cls))}" if cls is not None else "nothing"
    raise DotscaleError(f"{binding(param, value)}: {what} in the graph is named "
                        f"{value!r}{hint}")


def to_term(kg: KnowledgeGraph, param: Param, value: str) -> Identifier:
    """The RDF term ``value`` stands for, according to ``param.kind``."""
    kind, _, qualifier = param.kind.partition(" ")
    qualifier = qualifier.strip()
    if kind == NODE:
        cls = _expand_kind_iri(param, qualifier) if qualifier else None
        return resolve_node(kg, value, param.name, cls)
    if kind == LITERAL:
        if not qualifier:
            return Literal(value)
        term = Literal(value, datatype=_expand_kind_iri(param, qualifier))
        if term.ill_typed:
            raise DotscaleError(f"{binding(param.name, value)}: not a valid {qualifier}")
        return term
    raise DotscaleError(f"parameter {param.name}: unknown kind {param.kind!r} "
                        f"(expected '{NODE} [CLASS]' or '{LITERAL} [DATATYPE]')")


def _query_variables(query: Query) -> set[str]:
    return {str(v) for v in query.algebra._vars or () if isinstance(v, Variable)}


def initial_bindings(kg: KnowledgeGraph, params: tuple[Param, ...], query: Query | None,
                     given: Mapping[str, str], where: str) -> dict[str, Identifier]:
    """Check ``given`` against the declared ``params`` and turn every value into a term.

    A query that declares no parameter may bind any of its variables (as nodes).
    """
    declared = {p.name: p for p in params}
    if not declared:
        variables = _query_variables(query) if query is not None else set()
        declared = {name: Param(name, None, "") for name in variables}
        for name in given:
            if name not in declared:
                raise DotscaleError(f"{where} has no variable ?{name} to bind; its variables: "
                                    f"{', '.join(sorted(declared)) or '(none)'}")
        params = tuple(declared[name] for name in given)
    for name in given:
        if name not in declared:
            listed = ", ".join(p.name for p in params)
            raise DotscaleError(f"{where} has no parameter {name!r}; its parameters: {listed}")
    terms: dict[str, Identifier] = {}
    for param in params:
        value = given.get(param.name, param.default)
        if value is None:
            raise DotscaleError(f"{where} needs a value for its parameter {param.name!r} "
                                f"({param.description or 'no default'}): "
                                f"pass {binding(param.name, 'VALUE')}")
        terms[param.name] = to_term(kg, param, value)
    return terms


# -- running --------------------------------------------------------------------------------


def _answered(answer: QueryResult, kind: str, ordered: bool,
              terms: dict[str, Identifier]) -> QueryResult:
    """``answer``, made for this query alone, completed as the query asked it: its kind (a
    DESCRIBE's comes as a CONSTRUCT's), whether it is in the order asked for, the terms its
    parameters were bound to."""
    answer.kind, answer.ordered, answer.parameters = kind, ordered, terms
    return answer


@functools.lru_cache(maxsize=256)
def _in_library(path: Path) -> bool:
    """Whether ``path`` is a query of the library (asked again and again)."""
    return path.parent == QUERIES_DIR


def run(kg: KnowledgeGraph, query: str | LibraryQuery, *,
        bindings: Mapping[str, str] | None = None, allow_network: bool = False,
        timeout: float | None = None) -> QueryResult:
    """Run a query on ``kg``: a library query, its name (or a ``.rq`` file's path) as
    ``dotscale query`` takes it, or SPARQL text; see the module doc for binding.

    Refuses SERVICE and FROM of unloaded graphs unless ``allow_network``; refuses updates.
    ``timeout`` (seconds) stops a query that runs longer. A projected variable nothing binds
    and a ``ds:`` term the ontology does not declare are warned of
    (:class:`~graph.errors.DotscaleWarning`).

    >>> from graph.loading.loader import load
    >>> [row["speaker"] for row in run(load(), "talks-about").rows]
    ['Salvatore Sanfilippo']
    """
    if isinstance(query, str):
        query = locate(query) if _NAME.fullmatch(query) else from_text(query, TEXT_NAME)
    text, where, params = _with_full_iris(query.text), query.name, query.params
    started = time.monotonic()
    with deadline(timeout), waits_end_by(timeout):
        if kg.native is not None and _in_library(query.path):
            quick = _run_plain(kg, kg.native, query, text, bindings or {})
            if quick is not None:
                return quick
        from .lint import unbound_projections, unknown_terms
        from .safety import check_query

        parsed = parse(text, where)
        loaded = {g.identifier for g in kg.graphs()}
        check_query(parsed, loaded=loaded, allow_network=allow_network, where=where)
        terms = initial_bindings(kg, params, parsed, bindings or {}, where)
        for variable in unbound_projections(parsed):
            if variable not in terms:
                warnings.warn(f"{where}: ?{variable} is never bound: nothing in the query's "
                              "pattern gives it a value", DotscaleWarning, stacklevel=2)
        for term in unknown_terms(kg, parsed):
            warnings.warn(f"{where}: {term} is not a term of the ontology", DotscaleWarning,
                          stacklevel=2)
        kind = parsed.algebra.name.removesuffix("Query").upper()
        ordered = _is_ordered(parsed)
        try:
            if kg.native is not None:
                algebra = parsed.algebra
                projected = frozenset(str(v) for v in algebra.PV) \
                    if algebra.name in ("SelectQuery", "DescribeQuery") else None
                answer = _evaluate_natively(kg.native, text, terms, projected=projected,
                                            own_dataset=bool(algebra.datasetClause))
            else:
                with _rdflib_turn():
                    if timeout is not None and forked.AVAILABLE \
                            and _MATCHES_PATTERNS.search(text):
                        left = timeout - (time.monotonic() - started)
                        answer = _evaluate_forked(kg, parsed, terms, left)
                    else:
                        answer = QueryResult.of(kg.query(parsed, initBindings=terms))
            return _answered(answer, kind, ordered, terms)
        except DotscaleError:
            raise
        except forked.TimeUp:
            raise _too_long(timeout or 0) from None
        except Exception as error:  # the engine's own evaluation errors
            raise DotscaleError(f"{where}: the query failed: {error}") from None


@contextmanager
def _rdflib_turn() -> Iterator[None]:
    """Hold :data:`RDFLIB_LOCK` for the block, waiting for it in short slices (so that a
    :func:`deadline` lands while this thread waits its turn)."""
    while not RDFLIB_LOCK.acquire(timeout=SLICE):
        pass
    try:
        yield
    finally:
        RDFLIB_LOCK.release()


def _evaluate_forked(kg: KnowledgeGraph, parsed: Query, terms: Mapping[str, Identifier],
                     seconds: float) -> QueryResult:
    """Evaluate on the memory store in a child process killed after ``seconds``
    (:class:`forked.TimeUp`): a regular expression match cannot be interrupted in this process
    (see :mod:`.forked`)."""
    return forked.run_forked(lambda: QueryResult.of(kg.query(parsed, initBindings=terms)),
                             max(seconds, 0.001))


def select_own(kg: KnowledgeGraph, text: str, *, store_dataset: bool = False
               ) -> list[dict[str, Identifier]]:
    """The rows of a SELECT of the package's own (one that fetches and changes nothing): on a
    native store straight from its engine, without rdflib's parser, which is slow on the long
    VALUES blocks such queries carry; on the memory store as :func:`run` answers it.

    With ``store_dataset``, a native store's engine reads its dataset as it is, the stores' own
    graphs and rdflib's default graph among the named graphs (the journal; on a SPARQL server
    the union too): for a query that leaves those out itself (``NAMED_FILTER``), which
    Oxigraph then reads in one pass over the graphs rather than graph by graph, about three
    times faster.

    >>> from graph.loading.loader import load
    >>> select_own(load(), "SELECT ?n WHERE { ?n rdfs:label 'Redis' }")
    [{'n': rdflib.term.URIRef('https://w3id.org/dotscale/id/technology/redis')}]
    """
    shape = plain(text)
    if kg.native is None or shape is None or shape.form != "SELECT":
        return run(kg, text).bindings
    return _evaluate_natively(kg.native, text, {}, own_dataset=store_dataset).bindings


def _run_plain(kg: KnowledgeGraph, store: NativeStore, query: LibraryQuery, text: str,
               given: Mapping[str, str]) -> QueryResult | None:
    """The answer to a plain query of the library (:mod:`graph.loading.stores.plain`: one
    that can fetch nothing; the library's queries give no warning, the tests see to it) from
    the store's engine, without rdflib's parser; None for any other query, or for one the
    engine cannot read (rdflib's parser then says why), or whose parameters need it.

    The parameters' terms (a default name looked up in the graph) and the text binding them
    are made once while the store does not change (on a store that can tell), not again at
    each run: looking a name up is a query of its own, longer than many of the library's."""
    shape = plain(text)
    if shape is None or (given and not query.params):
        return None  # binding a query's own variables needs its parse

    def bound() -> tuple[dict[str, Identifier], str] | None:
        """The parameters' terms and the text that binds them (None: VALUES cannot)."""
        terms = initial_bindings(kg, query.params, None, given, query.name)
        try:
            return terms, with_values(text, terms)
        except DotscaleError:
            return None

    known = store.once(("bound", query.text, tuple(given.items())), bound)
    if known is None:
        return None
    terms, bound_text = dict(known[0]), known[1]
    try:
        answer = _evaluate_natively(store, bound_text, {})
    except (DotscaleError, SyntaxError):
        return None
    except Exception as error:  # the engine's own evaluation errors
        raise DotscaleError(f"{query.name}: the query failed: {error}") from None
    return _answered(answer, shape.form, shape.ordered, terms)


def _evaluate_natively(store: NativeStore, text: str, terms: Mapping[str, Identifier], *,
                       projected: frozenset[str] | None = None,
                       own_dataset: bool = False) -> QueryResult:
    """Evaluate ``text`` on the store's own engine, in a worker thread waited for in short
    slices, so that a :func:`deadline` can stop the wait (see the module documentation).
    ``projected`` names the variables a query returns (None: every variable); ``own_dataset``
    says whether it has FROM clauses.

    A query that a store only this process changes answered in under :data:`_QUICK` seconds
    the last time, and has not changed since, is evaluated in the calling thread: the same
    work again, which ends before a deadline or an interrupt would be felt, whereas waking a
    thread on another core and being woken by it costs about 0.2 ms on a virtual machine, as
    much as the query itself."""
    took = store.once(("took", text, tuple(terms.items()), projected, own_dataset),
                      lambda: [math.inf])  # seconds, the last time (the store unchanged)
    stop = Stop()
    evaluate = functools.partial(store.evaluate, text, terms, own_dataset=own_dataset,
                                 projected=projected, stop=stop)
    started = time.perf_counter()
    if took[0] < _QUICK:  # its hand-over to a thread would cost more than the query
        answer = evaluate()
    else:
        worker = Worker(evaluate, name=QUERY_THREAD)
        try:
            answer = worker.wait()
        finally:
            stop.set()
    took[0] = time.perf_counter() - started
    return answer


def _is_ordered(query: Query) -> bool:
    from rdflib.plugins.sparql.parserutils import CompValue

    node: Any = query.algebra.p
    while isinstance(node, CompValue) and node.name in ("Project", "Slice", "Distinct",
                                                         "Reduced", "ToMultiSet"):
        node = node.p
    return isinstance(node, CompValue) and node.name == "OrderBy"
