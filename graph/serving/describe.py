"""What a page says about one thing: every statement about it and pointing to it, with labels,
kinds and the named graphs that state each, read with two SPARQL queries through
:func:`graph.query` (so it works alike on every store).

>>> from graph.loading.loader import load
>>> about = describe(load(), ID["technology/redis"])
>>> about.label, about.kinds
('Redis', ['KeyValueStore'])
>>> [t.label for t in about.subjects(DS.about, DS.mentions)][:1]
['Introducing Disque']
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Identifier

from ..drawing.projection import graph_short_name
from ..errors import DotscaleError
from ..loading.store import KnowledgeGraph
from ..namespaces import DS, ID, bind_prefixes, compact
from ..querying.execute import run
from ..querying.library import from_text

STATEMENTS = from_text("""\
SELECT ?direction ?p ?o ?g ?pLabel ?oLabel WHERE {
  { GRAPH ?g { ?node ?p ?o } BIND("out" AS ?direction) }
  UNION
  { GRAPH ?g { ?o ?p ?node } BIND("in" AS ?direction) }
  OPTIONAL { ?p rdfs:label ?pLabel }
  OPTIONAL { ?o rdfs:label ?oLabel }
}""", "page statements")
# each branch names ?node itself: a store's engine joins the parameter's VALUES to the whole
# pattern, so a branch without it would see every node
KINDS = from_text("""\
SELECT DISTINCT ?x ?class WHERE {
  { ?node a ?type . BIND(?node AS ?x) } UNION { ?node ?p ?x } UNION { ?x ?p ?node }
  ?x a ?class . FILTER(STRSTARTS(STR(?class), STR(ds:)))
  FILTER NOT EXISTS { ?x a ?sub . ?sub rdfs:subClassOf+ ?class . FILTER(?sub != ?class) }
}""", "page kinds")
PATH = re.compile(r"[A-Za-z0-9._~!$&'()*+,;=:@/%-]+")
"""The characters an IRI path under ``id/`` may hold here; anything else is no page."""
NEIGHBOURS = 40
"""Nodes drawn around a thing at most (the statements' first ones, in page order)."""
UNDRAWN_KINDS = frozenset({"LinkEvidence"})
"""Kinds of things left out of a neighbourhood's picture: a talk's links to technologies are
drawn, the evidence of each (often several per link) only listed."""


@dataclass(frozen=True)
class Shown:
    """A term as a page shows it: its text, its kind, and where it links to (a page of this
    server for things under ``id/``, the IRI itself elsewhere, nothing for a literal)."""

    term: Identifier
    label: str
    kind: str | None = None

    @property
    def href(self) -> str | None:
        if not isinstance(self.term, URIRef):
            return None
        return page_path(self.term) or str(self.term)

    @property
    def note(self) -> str:
        """A literal's language or datatype, an IRI's compact form."""
        if isinstance(self.term, Literal):
            if self.term.language:
                return f"@{self.term.language}"
            return compact(str(self.term.datatype)) if self.term.datatype else ""
        return compact(str(self.term))


@dataclass(frozen=True)
class Statement:
    """One statement on a page: its predicate, the other end, the graphs that state it."""

    predicate: Shown
    value: Shown
    graphs: tuple[str, ...]


@dataclass
class Description:
    """Everything a page shows of ``iri``."""

    iri: URIRef
    label: str
    kinds: list[str]
    out: list[Statement] = field(default_factory=list)
    incoming: list[Statement] = field(default_factory=list)

    @property
    def path(self) -> str:
        return page_path(self.iri) or ""

    @property
    def section(self) -> str:
        """The kind of thing its IRI names: ``talk``, ``technology``, ``person``..."""
        return str(self.iri)[len(str(ID)):].split("/", 1)[0]

    @property
    def names(self) -> list[Statement]:
        """Its names: the label and every alternative name, each with its graphs."""
        return [s for s in self.out if s.predicate.term in (RDFS.label, SKOS.altLabel)]

    def values(self, *predicates: URIRef) -> list[Shown]:
        """The objects of its statements with these predicates, each once."""
        return _once(s.value for s in self.out if s.predicate.term in predicates)

    def subjects(self, *predicates: URIRef) -> list[Shown]:
        """The subjects of the statements with these predicates that point to it, each once."""
        return _once(s.value for s in self.incoming if s.predicate.term in predicates)

    def rdf(self) -> Graph:
        """The statements about it and pointing to it, as a graph."""
        graph = Graph()
        bind_prefixes(graph.namespace_manager)
        for s in self.out:
            graph.add((self.iri, s.predicate.term, s.value.term))
        for s in self.incoming:
            graph.add((s.value.term, s.predicate.term, self.iri))
        return graph

    def with_neighbours(self) -> Graph:
        """:meth:`rdf` and the label and kind of every thing it links to (for schema.org)."""
        graph = self.rdf()
        for s in (*self.out, *self.incoming):
            if isinstance(s.value.term, URIRef) and s.predicate.term != RDF.type:
                graph.add((s.value.term, RDFS.label, Literal(s.value.label)))
                if s.value.kind:
                    graph.add((s.value.term, RDF.type, DS[s.value.kind]))
        return graph

    def neighbourhood(self) -> tuple[list[Shown], list[tuple[int, int, str]]]:
        """The things with a page it links to either way, at most :data:`NEIGHBOURS`,
        itself first; edges as (from, to, relation) between their positions. The records of
        how a link was found (:data:`UNDRAWN_KINDS`) are listed in its statements, not drawn."""
        nodes = [Shown(self.iri, self.label, self.kinds[0] if self.kinds else None)]
        where = {self.iri: 0}
        edges: list[tuple[int, int, str]] = []
        for s, outgoing in [*((s, True) for s in self.out), *((s, False) for s in self.incoming)]:
            other = s.value.term
            if not isinstance(other, URIRef) or page_path(other) is None \
                    or s.predicate.term == RDF.type or s.value.kind in UNDRAWN_KINDS:
                continue
            if other not in where:
                if len(nodes) > NEIGHBOURS:
                    continue
                where[other] = len(nodes)
                nodes.append(s.value)
            ends = (0, where[other]) if outgoing else (where[other], 0)
            edges.append((*ends, s.predicate.label))
        return nodes, sorted(set(edges))


def page_path(iri: URIRef) -> str | None:
    """The path of ``iri``'s page on this server, for things under ``id/``.

    >>> page_path(ID["technology/redis"]), page_path(DS.Talk)
    ('/id/technology/redis', None)
    """
    text = str(iri)
    if not text.startswith(str(ID)) or not PATH.fullmatch(text[len(str(ID)):]):
        return None
    return "/id/" + text[len(str(ID)):]


def _once(items: Iterable[Shown]) -> list[Shown]:
    seen: dict[Identifier, Shown] = {}
    for item in items:
        seen.setdefault(item.term, item)
    return list(seen.values())


def _label(term: Identifier, labels: dict[Identifier, str]) -> str:
    if term in labels:
        return labels[term]
    if isinstance(term, URIRef):
        return compact(str(term))
    return str(term)


def describe(kg: KnowledgeGraph, iri: URIRef, *, timeout: float | None = None
             ) -> Description | None:
    """What the graph says about ``iri`` and what points to it; None if it says nothing."""
    try:
        rows = run(kg, STATEMENTS, bindings={"node": f"<{iri}>"}, timeout=timeout).bindings
    except DotscaleError:
        if (iri, None, None) in kg or (None, None, iri) in kg:
            raise
        return None  # the graph does not know it
    kinds: dict[Identifier, set[str]] = {}
    for row in run(kg, KINDS, bindings={"node": f"<{iri}>"}, timeout=timeout).bindings:
        kinds.setdefault(row["x"], set()).add(str(row["class"]).rpartition("#")[2])
    labels: dict[Identifier, str] = {}
    for row in rows:
        for term, label in ((row["p"], row.get("pLabel")), (row["o"], row.get("oLabel"))):
            if label is not None and (term not in labels or str(label) < labels[term]):
                labels[term] = str(label)
    own = sorted(str(r["o"]) for r in rows if r["direction"] == Literal("out")
                 and r["p"] == RDFS.label)
    graphs: dict[tuple[str, Identifier, Identifier], set[str]] = {}
    for row in rows:
        graphs.setdefault((str(row["direction"]), row["p"], row["o"]), set()).add(
            graph_short_name(row["g"]))
    about = Description(iri, own[0] if own else compact(str(iri)), sorted(kinds.get(iri, ())))
    for (direction, predicate, value), stating in sorted(graphs.items(), key=_order(labels)):
        shown_kind = min(kinds[value]) if value in kinds else None
        statement = Statement(Shown(predicate, _label(predicate, labels)),
                              Shown(value, _label(value, labels), shown_kind),
                              tuple(sorted(stating)))
        (about.out if direction == "out" else about.incoming).append(statement)
    return about


_Item = tuple[tuple[str, Identifier, Identifier], set[str]]


def _order(labels: dict[Identifier, str]) -> Callable[[_Item], tuple[str, ...]]:
    """Statements in reading order: by predicate label, then by the other end's label."""
    def key(item: _Item) -> tuple[str, ...]:
        (direction, predicate, value), _ = item
        return (direction, _label(predicate, labels).casefold(),
                _label(value, labels).casefold(), str(value))
    return key
