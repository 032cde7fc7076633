"""Projections: a SPARQL answer whose rows are edges (or members of groups) becomes a networkx
graph.

A projection is a library query (``queries/graph-*.rq``) whose header says which graph it makes
(``# projection: multidigraph|digraph|graph|bipartite|co-occurrence``). The answer of all but the
last names, per row,

- ``?source`` and ``?target``: the two ends of an edge (required);
- ``?relation``: the predicate; in a multidigraph it is also the edge key, so two different
  relations between the same nodes are two edges;
- ``?weight``: a number;
- ``?sourceLabel ?sourceKind ?targetLabel ?targetKind``: how the ends are shown; the kind is
  the most specific ``ds:`` class, as a short name (``Talk``, ``Database``...).

Rows that name the same edge again are the same edge. Every node gets the attributes ``iri``,
``label``, ``kind`` and ``source`` (the named graphs that state its type or its label, by short
name: ``"marmelab-blog,thedotpost"``); an attribute nobody states is left out, never None. In a
bipartite projection the sources are side 0 and the targets side 1 (the ``bipartite``
attribute, as networkx's bipartite algorithms expect).

The answer of a co-occurrence projection names instead, per row, a ``?member`` of a ``?group``
(with ``?memberLabel ?memberKind``): two members are linked when they share a group, the weight
being the number of groups they share, in an undirected graph (members that share no group with
another are left out). The pairs are counted here, not in the query: its answer then grows with
the members of each group, not with their square.

A user adds a projection by adding a query file with such a header; nothing else changes.

>>> from graph.loading.loader import load
>>> kg = load()
>>> g = project(kg, "graph-technology-co-mention")
>>> g.graph["projection"], g.number_of_nodes() > 0
('co-occurrence', True)
"""

from __future__ import annotations

import contextlib
import functools
import io
import itertools
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from rdflib import Literal, URIRef
from rdflib.term import Identifier, Node

from ..errors import DotscaleError, UsageError, printable
from ..exporting.rdfxml import NOT_IN_XML
from ..loading.store import KnowledgeGraph
from ..loading.stores.base import NAMED_FILTER
from ..namespaces import GRAPHS
from ..querying.answer import IRI, QueryResult, as_term
from ..querying.library import LibraryQuery, all_queries, locate
from ..util.atomic import write_bytes_atomic

if TYPE_CHECKING:
    import networkx as nx


PROJECTIONS = ("multidigraph", "digraph", "graph", "bipartite", "co-occurrence")
FORMATS = {"graphml": ".graphml", "gexf": ".gexf", "json": ".json", "edgelist": ".edgelist"}
SEPARATOR = ","
AHEAD_THREAD = "dotscale-ahead"
"""The name of a thread fetching what a projection needs before it needs it."""

T = TypeVar("T")


def projections() -> list[LibraryQuery]:
    """Every projection of the query library (the queries with a ``projection`` header).

    >>> "graph-overview" in [q.name for q in projections()]
    True
    """
    return [query for query in all_queries() if "projection" in query.headers]


def find_projection(name: str | Path) -> LibraryQuery:
    """The projection called ``name`` in the library, or the one in the query file ``name``.

    >>> find_projection("graph-talk-topic").headers["projection"]
    'bipartite'
    """
    query = locate(str(name))
    kind = query.headers.get("projection")
    if kind is None:
        raise DotscaleError(f"{query.name} is not a projection: its header has no "
                            f"'# projection: {'|'.join(PROJECTIONS)}' line", path=query.path)
    if kind not in PROJECTIONS:
        raise DotscaleError(f"unknown projection {kind!r}; expected one of "
                            f"{', '.join(PROJECTIONS)}", path=query.path)
    return query


def project(kg: KnowledgeGraph, name: str | Path | LibraryQuery, *,
            bindings: Mapping[str, str] | None = None, around: str | None = None,
            hops: int = 1) -> nx.Graph:
    """The networkx graph the projection ``name`` makes of ``kg``.

    ``bindings`` bind the query's parameters as ``dotscale query --bind`` does. With ``around``
    (a label or an IRI), only the nodes within ``hops`` edges of that node are kept, whatever
    the edges' direction.
    """
    from ..loading.stores.plain import without_order
    from ..querying.execute import AmbiguousName, run

    query = name if isinstance(name, LibraryQuery) else find_projection(name)
    if around is not None:  # a name nothing in the graph has is refused before the query runs
        with contextlib.suppress(AmbiguousName):  # the projection may hold one of them only
            _node_named(kg, around)
    # the nodes and edges are added in sorted order whatever the order of the rows
    rows = run(kg, replace(query, text=without_order(query.text)), bindings=bindings)
    return graph_of(kg, query, rows, around=around, hops=hops)


def graph_of(kg: KnowledgeGraph, query: LibraryQuery, result: QueryResult, *,
             around: str | None = None, hops: int = 1) -> nx.Graph:
    """The networkx graph made of ``result``, the answer of the projection query ``query``."""
    ends = ("group", "member") if query.headers["projection"] == "co-occurrence" else \
        ("source", "target")
    missing = set(ends) - set(result.variables)
    if missing:
        raise DotscaleError(f"a {query.headers['projection']} projection query must select "
                            f"?{ends[0]} and ?{ends[1]}; it has no "
                            f"{', '.join('?' + v for v in sorted(missing))}", path=query.path)
    co_occurrence = query.headers["projection"] == "co-occurrence"
    # the editions of every talk, a query that needs no row of the answer, fetched meanwhile
    talk_editions = _ahead(kg, functools.partial(_select, kg, _EDITIONS_OF_TALKS)) \
        if co_occurrence else None
    graph, groups = _to_networkx(kg, query, result)
    if around is not None:
        graph = ego(kg, graph, around, hops)
    if co_occurrence:  # its edges come from these groups
        behind = [group for group, members in groups.items()
                  if sum(member in graph for member in members) >= 2]
        conference = conference_name(kg, graph.nodes, talks=behind,
                                     talk_editions=talk_editions)
    else:
        conference = conference_name(kg, graph.nodes, graph.edges())
    if conference is not None:  # GraphML and GEXF cannot hold None
        graph.graph["conference"] = conference
    return graph


@dataclass
class _Node:
    term: Identifier
    label: str | None = None
    kinds: set[str] = field(default_factory=set)
    side: int | None = None


def _text(term: Node | str | None) -> str | None:
    if term is None:
        return None
    if isinstance(term, URIRef | IRI):
        return re.split(r"[#/]", str(term))[-1]
    return str(term)


@dataclass
class _Edges:
    """The nodes and edges a projection's rows name, each once."""

    query: LibraryQuery
    nodes: dict[str, _Node] = field(default_factory=dict)
    edges: dict[tuple[str, str, str | None], dict[str, Any]] = field(default_factory=dict)
    _kinds: dict[str, str | None] = field(default_factory=dict)  # each kind's text, once
    groups: dict[str, set[str]] = field(default_factory=dict)  # co-occurrence, by text
    _described: dict[tuple[str, str | None, str | None], str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._bipartite = self.query.headers["projection"] == "bipartite"

    def add(self, row: Mapping[str, Identifier]) -> None:
        source_term, target_term = row.get("source"), row.get("target")
        if source_term is None or target_term is None:
            return
        source = self._end(source_term, row.get("sourceLabel"), row.get("sourceKind"), 0)
        target = self._end(target_term, row.get("targetLabel"), row.get("targetKind"), 1)
        relation_term = row.get("relation")
        relation = None if relation_term is None else str(relation_term)
        data = self.edges.setdefault((source, target, relation), {})
        if relation is not None:
            data["relation"] = relation
        weight_term = row.get("weight")
        if weight_term is not None:
            weight = self._weight(weight_term)
            if data.get("weight", weight) != weight:
                raise DotscaleError(f"the edge {source} -> {target} has two weights, "
                                    f"{data['weight']} and {weight}", path=self.query.path)
            data["weight"] = weight

    def add_members(self, rows: Iterable[tuple[str | None, ...]]) -> None:
        """The rows of a co-occurrence projection, as texts (see
        :meth:`~graph.querying.answer.QueryResult.texts`): a member of a group, its label and
        its kind."""
        groups, described = self.groups, self._described
        for group, member, label, kind in rows:
            if group is None or member is None:
                continue
            key = described.get((member, label, kind))
            if key is None:  # a member's label and kind come again with each of its groups
                key = described[member, label, kind] = self._end(as_term(member), label, kind, 0)
            members = groups.get(group)
            if members is None:
                members = groups[group] = set()
            members.add(key)

    def pair_members(self) -> None:
        """An edge for each two members of a group, weighted by the groups they share; the
        members of no edge are dropped."""
        shared = Counter(pair for members in self.groups.values()
                         for pair in itertools.combinations(sorted(members), 2))
        for (one, other), weight in shared.items():
            self.edges[one, other, None] = {"weight": weight}
        paired = {end for pair in shared for end in pair}
        self.nodes = {key: node for key, node in self.nodes.items() if key in paired}

    def _end(self, term: Identifier, label: str | None, kind: str | None, side: int) -> str:
        key = str(term)
        node = self.nodes.get(key)
        if node is None:
            node = self.nodes[key] = _Node(term)
        if label is not None and node.label is None:
            node.label = str(label)
        if kind is not None:
            text = self._kinds[kind] if kind in self._kinds else \
                self._kinds.setdefault(kind, _text(kind))
            if text:
                node.kinds.add(text)
        if self._bipartite:
            if node.side not in (None, side):
                raise DotscaleError(f"{term} is both a source and a target of a bipartite "
                                    "projection", path=self.query.path)
            node.side = side
        return key

    def _weight(self, term: Node) -> int | float:
        value = term.toPython() if isinstance(term, Literal) else None
        if isinstance(value, Decimal):  # 0.5 and AVG(...) are xsd:decimal
            return float(value)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise DotscaleError(f"?weight must be a number, not {term.n3()}",
                                path=self.query.path)
        return value


def _to_networkx(kg: KnowledgeGraph, query: LibraryQuery, result: QueryResult
                 ) -> tuple[nx.Graph, dict[str, set[str]]]:
    """The graph of ``result``'s rows, nodes and edges added in sorted order (a fixed
    layout), and the members of each group of a co-occurrence, by the group's text (no groups
    for other projections)."""
    import networkx as nx

    kind = query.headers["projection"]
    collected = _Edges(query)
    if kind == "co-occurrence":
        rows = result.texts(("group", "member", "memberLabel", "memberKind"))
        terms = [as_term(member) for member in {row[1] for row in rows} if member is not None]
    else:
        for row in result.bindings:
            collected.add(row)
        terms = [node.term for node in collected.nodes.values()]
    # the graphs that state each node, fetched while the members are paired (those of members
    # that pair with none too, then left) and the labels are fetched
    sources = _ahead(kg, functools.partial(stating_graphs, kg, terms))
    if kind == "co-occurrence":
        collected.add_members(rows)
        collected.pair_members()
    graph_types: dict[str, type[nx.Graph]] = {
        "multidigraph": nx.MultiDiGraph, "digraph": nx.DiGraph,
        "graph": nx.Graph, "bipartite": nx.Graph, "co-occurrence": nx.Graph,
    }
    graph = graph_types[kind](name=query.name, title=query.title, projection=kind)
    nodes = collected.nodes
    labels = _labels(kg, [n.term for n in nodes.values() if n.label is None])
    stated = sources()
    for node_id in sorted(nodes):
        graph.add_node(node_id, **_node_attributes(nodes[node_id], labels.get(node_id),
                                                   stated.get(node_id, [])))
    for (source, target, relation), data in sorted(
            collected.edges.items(), key=lambda e: (e[0][0], e[0][1], e[0][2] or "")):
        if graph.is_multigraph():
            graph.add_edge(source, target, key=relation, **data)
        else:
            graph.add_edge(source, target, **data)
    return graph, collected.groups


def _node_attributes(node: _Node, label: str | None, sources: list[str]) -> dict[str, Any]:
    attributes: dict[str, Any] = {}
    if isinstance(node.term, URIRef):
        attributes["iri"] = str(node.term)
    attributes["label"] = node.label or label or _text(node.term)
    if node.kinds:
        # several most specific classes: the first by name, so the choice never varies
        attributes["kind"] = min(node.kinds)
    if sources:
        attributes["source"] = SEPARATOR.join(sources)
    if node.side is not None:
        attributes["bipartite"] = node.side
    return attributes


# -- facts about many nodes, one query each -------------------------------------------------


def _values(variable: str, terms: Iterable[Node]) -> str:
    """A VALUES block binding ``variable`` to each IRI of ``terms`` (a blank node cannot be
    named in a query: those are left out).

    >>> _values("node", [URIRef("https://example.org/a"), URIRef("https://example.org/b")])
    'VALUES ?node { <https://example.org/a> <https://example.org/b> }'
    """
    iris = sorted({term.n3() for term in terms if isinstance(term, URIRef)})
    return f"VALUES ?{variable} {{ {' '.join(iris)} }}"


def _select(kg: KnowledgeGraph, text: str, *, store_dataset: bool = False
            ) -> list[dict[str, Identifier]]:
    """The rows of a SELECT of this module's own, on the store's engine (see
    :func:`graph.querying.execute.select_own`)."""
    from ..querying.execute import select_own

    return select_own(kg, text, store_dataset=store_dataset)


def _ahead(kg: KnowledgeGraph, fetch: Callable[[], T]) -> Callable[[], T]:
    """What gives ``fetch()``'s value: on a native store, ``fetch`` starts now in a thread
    of its own, its engine answering on another core while the caller goes on; on the memory
    store, ``fetch`` itself, run when its value is asked for (rdflib's engine holds the
    interpreter: another thread would only wait for it).

    >>> from graph.loading.loader import load
    >>> _ahead(load(), lambda: 6 * 7)()
    42
    """
    from ..util.worker import Worker

    if kg.native is None:
        return fetch
    return Worker(fetch, name=AHEAD_THREAD).wait


_OBJECTS = """\
SELECT ?node ?value WHERE {{
  {values}
  ?node {predicate} ?value .
}}"""
_NAMES = """\
SELECT ?node ?name WHERE {{
  {values}
  {{ ?node rdfs:label ?name }} UNION {{ ?node skos:altLabel ?name }}
}}"""
_STATING = """\
SELECT DISTINCT ?node ?g WHERE {{
  {values}
  GRAPH ?g {{ ?node rdf:type|rdfs:label ?value }}
  {named}
}}"""


def _labels(kg: KnowledgeGraph, terms: Iterable[Node]) -> dict[str, str]:
    """The label of each of ``terms`` that has one (the first by text, when several)."""
    wanted = [term for term in terms if isinstance(term, URIRef)]
    labels: dict[str, str] = {}
    if wanted:
        query = _OBJECTS.format(values=_values("node", wanted), predicate="rdfs:label")
        for row in _select(kg, query):
            node, label = str(row["node"]), str(row["value"])
            labels[node] = min(labels.get(node, label), label)
    return labels


def stating_graphs(kg: KnowledgeGraph, terms: Iterable[Node]) -> dict[str, list[str]]:
    """For each of ``terms``, the short names of the named graphs that state its type or
    its label, sorted (terms no graph describes are left out).

    >>> from graph.loading.loader import load
    >>> stating_graphs(load(), [URIRef("https://w3id.org/dotscale/id/technology/redis")])
    {'https://w3id.org/dotscale/id/technology/redis': ['marmelab-blog', 'technologies']}
    """
    wanted = [term for term in terms if isinstance(term, URIRef)]
    names: dict[str, set[str]] = {}
    if wanted:
        text = _STATING.format(values=_values("node", wanted), named=NAMED_FILTER)
        for row in _select(kg, text, store_dataset=True):
            names.setdefault(str(row["node"]), set()).add(graph_short_name(row["g"]))
    return {node: sorted(graphs) for node, graphs in names.items()}


def simple_graph(graph: nx.Graph) -> nx.Graph:
    """The undirected simple graph under ``graph``: parallel edges' weights added up, no loops.

    Analysis, layout and drawing all see a projection through it, so they agree on weights.
    """
    import networkx as nx

    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes(data=True))
    for u, v, weight in graph.edges(data="weight", default=1):
        if u == v:
            continue
        previous = simple.edges[u, v]["weight"] if simple.has_edge(u, v) else 0
        simple.add_edge(u, v, weight=previous + weight)
    return simple


@functools.lru_cache(maxsize=1024)
def graph_short_name(name: Node) -> str:
    """The short name of a named graph: ``marmelab-blog`` for ``.../graph/marmelab-blog``.

    >>> graph_short_name(GRAPHS["thedotpost"])
    'thedotpost'
    """
    text = str(name)
    if text.startswith(str(GRAPHS)):
        return text[len(str(GRAPHS)):]
    return re.split(r"[#/]", text.rstrip("/#"))[-1]


# -- around a node --------------------------------------------------------------------------


def resolve(kg: KnowledgeGraph, graph: nx.Graph, value: str) -> str:
    """The node of ``graph`` that ``value`` names: an IRI, or a label or alternative label
    (any case) as ``--bind`` reads it; a name several nodes of the whole graph share is fine
    when only one of them is in ``graph``."""
    from ..linking.matching import NameTable
    from ..querying.execute import expand_iri

    if expand_iri(value) is None:
        names = NameTable(str.casefold)  # compared as resolve_node compares them
        for row in _select(kg, _NAMES.format(values=_values("node", map(URIRef, graph)))):
            names.add(row["node"], str(row["name"]))
        named = names.named(value.strip())
        if len(named) == 1:
            return str(named[0])
    term = _node_named(kg, value)
    if str(term) not in graph:
        raise DotscaleError(f"--around {value}: <{term}> is not a node of "
                            f"{graph.graph.get('name', 'the projection')}")
    return str(term)


def _node_named(kg: KnowledgeGraph, value: str) -> Identifier:
    """The node of the whole graph that ``value`` names, as ``--around`` reads it."""
    from ..querying.execute import resolve_node
    from ..querying.spelling import binding

    try:
        return resolve_node(kg, value, "around")
    except DotscaleError as error:
        raise type(error)(str(error).replace(binding("around", value), f"--around {value}",
                                             1)) from None


def ego(kg: KnowledgeGraph, graph: nx.Graph, around: str, hops: int) -> nx.Graph:
    """The part of ``graph`` within ``hops`` edges of the node ``around`` names, either way.

    >>> from graph.loading.loader import load
    >>> kg = load()
    >>> whole = project(kg, "graph-technology-co-mention")
    >>> sorted(ego(kg, whole, "Aerospike", 1).nodes(data="label"))[0][1]
    'Aerospike'
    """
    import networkx as nx

    if hops < 0:
        raise UsageError(f"--hops must be 0 or more, not {hops}")
    center = resolve(kg, graph, around)
    part = induced(graph, nx.ego_graph(graph, center, radius=hops, undirected=True))
    part.graph.update(center=center, around=graph.nodes[center]["label"], hops=hops)
    return part


def induced(graph: nx.Graph, keep: Iterable[str]) -> nx.Graph:
    """The part of ``graph`` made of the nodes in ``keep`` and the edges between them, in
    ``graph``'s order (networkx's own subgraphs of small parts follow the order of a set, which
    changes from one run to the next, and so would every layout).

    >>> import networkx as nx
    >>> list(induced(nx.path_graph(["c", "b", "a"]), {"a", "c"}))
    ['c', 'a']
    """
    wanted = set(keep)
    part = graph.__class__(**graph.graph)
    part.add_nodes_from((node, data) for node, data in graph.nodes(data=True) if node in wanted)
    edges = graph.edges(keys=True, data=True) if graph.is_multigraph() else graph.edges(data=True)
    part.add_edges_from(edge for edge in edges if edge[0] in wanted and edge[1] in wanted)
    return part


# -- which conference a projection shows ----------------------------------------------------


_TALKS = """\
SELECT ?edition (GROUP_CONCAT(?numbers; SEPARATOR=",") AS ?talks) WHERE {{
  {{
    SELECT ?edition (GROUP_CONCAT(STR(?number); SEPARATOR=" ") AS ?numbers) WHERE {{
      {values}
      ?talk ?about ?node .
      {{ SELECT ?talk ?edition WHERE {{ ?talk ds:conference ?edition }} }}
    }}
    GROUP BY ?talk ?edition
  }}
}}
GROUP BY ?edition"""
_EDITIONS_OF_TALKS = """\
SELECT ?edition (GROUP_CONCAT(STR(?talk); SEPARATOR=" ") AS ?talks) WHERE {
  ?talk ds:conference ?edition FILTER(isIRI(?talk))
} GROUP BY ?edition"""
_EDITIONS = """\
SELECT ?edition ?label ?series ?start WHERE {{
  {values}
  OPTIONAL {{ ?edition rdfs:label ?label }}
  OPTIONAL {{ ?edition ds:series ?series }}
  OPTIONAL {{ ?edition schema:startDate ?start }}
}}"""
_SERIES = """\
SELECT ?series ?above ?label WHERE {{
  {values}
  ?series ds:series* ?above .
  OPTIONAL {{ ?above rdfs:label ?label }}
}}"""


@dataclass
class _Edition:
    labels: set[str] = field(default_factory=set)
    series: set[str] = field(default_factory=set)
    years: set[int] = field(default_factory=set)


def _first(texts: Iterable[str]) -> str | None:
    return min(texts, default=None)


def _editions_of(kg: KnowledgeGraph, nodes: Iterable[str], edges: Iterable[tuple[str, str]],
                 talks: Iterable[str], talk_editions: Callable[[], list[dict[str, Identifier]]]
                 ) -> set[str]:
    """The editions :func:`conference_name` counts, in a query each: those of ``nodes``; those
    of ``talks`` (IRIs), from ``talk_editions``' rows, a row per edition listing its talks
    (:data:`_EDITIONS_OF_TALKS`); those of the talks behind ``edges``, a row per edition
    listing, for each of its talks, the ends of ``edges`` the talk names, by their numbers
    (decimal digits, not IRIs read back from the store and compared in Python)."""
    wanted = [URIRef(node) for node in nodes]
    own: set[str] = set()
    editions: set[str] = set()
    if wanted:
        for row in _select(kg, _OBJECTS.format(values=_values("node", wanted),
                                               predicate="ds:conference")):
            own.add(str(row["node"]))
            editions.add(str(row["value"]))
    behind = set(talks)
    if behind:  # often most talks: every edition's, as one text each, are read faster than a
        # list of those is sent, or a row for each talk is read
        editions.update(str(row["edition"]) for row in talk_editions()
                        if not behind.isdisjoint(str(row["talks"]).split(" ")))
    pairs = {(u, v) for u, v in edges if u not in own and v not in own}
    ends = sorted({end for pair in pairs for end in pair})
    if not ends:
        return editions
    number = {end: n for n, end in enumerate(ends)}
    linked = {_ordered(number[u], number[v]) for u, v in pairs}
    for row in _select(kg, _TALKS.format(values=_numbered("node", ends))):
        edition = str(row.get("edition", ""))  # rdflib answers no talk with one empty row
        if edition and edition not in editions and any(
                _names_an_edge(talk, linked) for talk in str(row["talks"]).split(",")):
            editions.add(edition)
    return editions


def _ordered(u: int, v: int) -> tuple[int, int]:
    return (u, v) if u <= v else (v, u)


def _names_an_edge(numbers: str, linked: set[tuple[int, int]]) -> bool:
    """Whether a talk naming the ends ``numbers`` (``"3 1 4"``) names both ends of one of
    ``linked``, or the one end of a loop.

    >>> _names_an_edge("3 1 4", {(1, 3)}), _names_an_edge("3 4", {(1, 3)})
    (True, False)
    """
    named = sorted({int(number) for number in numbers.split(" ")})
    return any(pair in linked for pair in itertools.combinations_with_replacement(named, 2))


def _numbered(variable: str, iris: list[str]) -> str:
    """A VALUES block binding ``variable`` to each of ``iris`` and ``?number`` to its place.

    >>> _numbered("node", ["https://example.org/a", "https://example.org/b"])
    'VALUES (?node ?number) { (<https://example.org/a> 0) (<https://example.org/b> 1) }'
    """
    rows = " ".join(f"({URIRef(iri).n3()} {n})" for n, iri in enumerate(iris))
    return f"VALUES (?{variable} ?number) {{ {rows} }}"


def conference_name(kg: KnowledgeGraph, nodes: Iterable[str],
                    edges: Iterable[tuple[str, str]] = (), talks: Iterable[str] = (), *,
                    talk_editions: Callable[[], list[dict[str, Identifier]]] | None = None
                    ) -> str | None:
    """Which conference the edges come from, by name, for a picture's title.

    The editions counted are those of the talks among ``nodes`` and ``talks`` (the groups
    behind a co-occurrence's edges) and, for each of ``edges`` between two other things, of the
    talks that link both its ends (the talks behind a speaker-technology edge); a talk that
    names only one end says nothing of the edge. One edition: its label ("dotScale 2015");
    several of one series: the series and the years ("dotScale 2013–2016"); editions of several
    series: the series they all belong to ("dot conferences"). None when no talk says. A few
    queries, whatever the number of nodes; ``talk_editions`` gives the rows of one of them, a
    row per edition listing its talks, when the caller has it fetched already.

    >>> from graph.loading.loader import load
    >>> kg = load()
    >>> person = "https://w3id.org/dotscale/id/person/salvatore-sanfilippo"
    >>> conference_name(kg, [person, "https://w3id.org/dotscale/id/technology/redis"],
    ...                 [(person, "https://w3id.org/dotscale/id/technology/redis")])
    'dotScale 2015'
    """
    if talk_editions is None:
        talk_editions = functools.partial(_select, kg, _EDITIONS_OF_TALKS)
    found = _editions_of(kg, nodes, edges, talks, talk_editions)
    if not found:
        return None
    editions: dict[str, _Edition] = {}
    for row in _select(kg, _EDITIONS.format(values=_values("edition", map(URIRef, found)))):
        edition = editions.setdefault(str(row["edition"]), _Edition())
        if "label" in row:
            edition.labels.add(_text(row["label"]) or "")
        if "series" in row:
            edition.series.add(str(row["series"]))
        start = row.get("start")
        year = getattr(start.toPython(), "year", None) if isinstance(start, Literal) else None
        if isinstance(year, int):
            edition.years.add(year)
    if len(editions) == 1:
        return _first(next(iter(editions.values())).labels)
    if any(not edition.series for edition in editions.values()):
        return None
    series = {s for edition in editions.values() for s in edition.series}
    above: dict[str, set[str]] = {}
    labels: dict[str, set[str]] = {}
    for row in _select(kg, _SERIES.format(values=_values("series", map(URIRef, series)))):
        above.setdefault(str(row["series"]), set()).add(str(row["above"]))
        if "label" in row:
            labels.setdefault(str(row["above"]), set()).add(_text(row["label"]) or "")
    if len(series) == 1:
        name = _first(labels.get(next(iter(series)), set()))
        known = sorted({min(edition.years) for edition in editions.values() if edition.years})
        return f"{name} {_years(known)}" if name and len(known) == len(editions) else name
    common = sorted(set.intersection(*(above.get(s, set()) - {s} for s in series)))
    return _first(labels.get(common[0], set())) if common else None


def _years(years: list[int]) -> str:
    """``2013–2016`` for consecutive years, else a list: ``2013, 2015``.

    >>> _years([2013, 2014, 2015, 2016]), _years([2013, 2015])
    ('2013–2016', '2013, 2015')
    """
    if years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}–{years[-1]}"
    return ", ".join(str(y) for y in years)


# -- files for other tools ------------------------------------------------------------------


def serialize(graph: nx.Graph, fmt: str) -> bytes:
    """``graph`` as GraphML (Cytoscape), GEXF (Gephi), node-link JSON (D3) or an edge list.

    The edge list carries the edges and their attributes only (one ``source target {attrs}``
    line per edge; IRIs hold ``#``, so read it with ``networkx.read_edgelist(path,
    comments=None)``); the other formats keep every node, edge and attribute.

    >>> import networkx as nx
    >>> serialize(nx.path_graph(2), "edgelist")
    b'0 1 {}\\n'
    """
    import networkx as nx

    if fmt in ("graphml", "gexf"):
        _refuse_unwritable_xml(graph, fmt)
    if fmt == "graphml":
        stream = io.BytesIO()
        nx.write_graphml(graph, stream)
        return stream.getvalue()
    if fmt == "gexf":
        from networkx.readwrite.gexf import GEXFWriter

        writer = GEXFWriter()
        meta = writer.xml.find("meta")
        if meta is not None:  # the writer stamps today's date: the same graph, the same bytes
            meta.attrib.pop("lastmodifieddate", None)
        writer.add_graph(graph)
        stream = io.BytesIO()
        writer.write(stream)
        return stream.getvalue()
    if fmt == "json":
        data = nx.node_link_data(graph, edges="links")
        return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()
    if fmt == "edgelist":
        return "".join(line + "\n" for line in nx.generate_edgelist(graph, data=True)).encode()
    raise UsageError(f"unknown graph format {fmt!r}; expected one of {', '.join(FORMATS)}")


def _refuse_unwritable_xml(graph: nx.Graph, fmt: str) -> None:
    """Refuse a node or value holding a character XML 1.0 cannot carry (a control character):
    GraphML and GEXF are XML."""
    values = [*graph.nodes, *(v for _, data in graph.nodes(data=True) for v in data.values()),
              *(v for *_, data in graph.edges(data=True) for v in data.values())]
    for value in values:
        if isinstance(value, str) and (found := NOT_IN_XML.search(value)):
            raise DotscaleError(f"cannot write {fmt.upper()}: XML 1.0 cannot carry the "
                                f"character U+{ord(found.group()):04X} of {printable(value)!r}; "
                                "use --format json")


def format_for(path: Path | None, fmt: str | None) -> str:
    """The format asked for, else the one ``path``'s suffix names, else GraphML.

    >>> format_for(Path("talks.gexf"), None)
    'gexf'
    """
    if fmt is not None:
        return fmt
    if path is not None:
        for name, suffix in FORMATS.items():
            if path.suffix.lower() == suffix:
                return name
    return "graphml"


def write(graph: nx.Graph, path: Path | str, fmt: str | None = None) -> None:
    """Write ``graph`` to ``path`` atomically, in ``fmt`` or the format its suffix names."""
    target = Path(path)
    write_bytes_atomic(target, serialize(graph, format_for(target, fmt)))
