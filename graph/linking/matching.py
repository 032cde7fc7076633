"""Entity matching: which node of the graph a name from a source refers to.

One normalisation (:func:`normalize`), one table of well-known short forms (:data:`ALIASES`),
one table of names (:class:`NameTable`, which query parameters such as ``--bind`` read too), one
index of the names the graph already gives its technologies, organizations and topics
(:class:`EntityIndex`), and the two functions that mint the IRIs sources meet on
(:func:`person_iri`, :func:`talk_iri`).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterator
from typing import Literal, cast

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDFS, SKOS
from rdflib.term import Node

from ..namespaces import ARCHIVE_GRAPH, DS, ID, slugify, thing

EntityKind = Literal["technology", "organization", "topic"]

KIND_CLASSES: dict[EntityKind, URIRef] = {
    "technology": DS.Technology,
    "organization": DS.Organization,
    "topic": DS.Topic,
}

#: Well-known short forms, alias -> the canonical label. The label is then looked up in the graph,
#: so no IRI is written here; names sharing a canonical label are tried for one another
#: ("kafka" finds a node labelled "Apache Kafka", and "Apache Kafka" one labelled "Kafka").
ALIASES: dict[str, str] = {
    "postgres": "PostgreSQL",
    "postgre": "PostgreSQL",
    "pg": "PostgreSQL",
    "pgsql": "PostgreSQL",
    "mongo": "MongoDB",
    "k8s": "Kubernetes",
    "es": "Elasticsearch",
    "elastic search": "Elasticsearch",
    "golang": "Go",
    "go lang": "Go",
    "node": "Node.js",
    "nodejs": "Node.js",
    "js": "JavaScript",
    "ecmascript": "JavaScript",
    "rb": "Ruby",
    "kafka": "Apache Kafka",
    "spark": "Apache Spark",
    "flink": "Apache Flink",
    "mahout": "Apache Mahout",
    "zookeeper": "Apache ZooKeeper",
    "apache cassandra": "Cassandra",
    "apache mesos": "Mesos",
    "crdt": "Convergent Replicated Data Types",
    "crdts": "Convergent Replicated Data Types",
}

# rdfs:label beats skos:altLabel beats skos:hiddenLabel when two nodes share a name.
_NAME_RANK = {RDFS.label: 0, SKOS.altLabel: 1, SKOS.hiddenLabel: 2}

_NAMES_QUERY = """
SELECT ?node ?class ?property ?name WHERE {
    VALUES ?class { ds:Technology ds:Organization ds:Topic }
    VALUES ?property { rdfs:label skos:altLabel skos:hiddenLabel }
    ?node a/rdfs:subClassOf* ?class ;
          ?property ?name .
    FILTER(isIRI(?node))
}
"""


def normalize(name: str) -> str:
    """The key names are compared on: accents dropped, case folded, punctuation and spaces gone.

    >>> normalize("Cap'n Proto") == normalize("capn proto")
    True
    >>> normalize("GOV.UK"), normalize("Théâtre")
    ('govuk', 'theatre')
    """
    decomposed = unicodedata.normalize("NFKD", name)
    without_marks = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[\W_]+", "", without_marks.casefold())


def person_iri(name: str) -> URIRef:
    """The IRI of the person whose full name is ``name``.

    >>> person_iri("Mickaël Rémond")
    rdflib.term.URIRef('https://w3id.org/dotscale/id/person/mickael-remond')
    """
    return thing("person", name)


def talk_iri(year: int | str, slug: str) -> URIRef:
    """The IRI of a talk: the archive's year folder and file name without ``.md``.

    >>> talk_iri(2015, "salvatore-sanfilippo-introducing-disque")
    rdflib.term.URIRef('https://w3id.org/dotscale/id/talk/2015/salvatore-sanfilippo-introducing-disque')
    """
    return ID[f"talk/{year}/{slugify(slug)}"]


class NameTable:
    """Nodes by name, names compared under one ``key`` (:func:`normalize` by default): the
    nodes a name names, best rank first, and the nodes of the names close to it.

    >>> redis = ID["technology/redis"]
    >>> table = NameTable(str.casefold)
    >>> table.add(redis, "Redis")
    >>> table.named("REDIS") == [redis], table.close("Redsi") == [redis]
    (True, True)
    """

    def __init__(self, key: Callable[[str], str] = normalize) -> None:
        self.key = key
        self._ranks: dict[str, dict[Node, int]] = {}

    def add(self, node: Node, name: str, rank: int = 0) -> None:
        """Record that ``name`` names ``node`` (a lower ``rank`` is a better name)."""
        key = self.key(name)
        if key:
            ranks = self._ranks.setdefault(key, {})
            ranks[node] = min(rank, ranks.get(node, rank))

    def named(self, name: str) -> list[Node]:
        """The nodes ``name`` names, best rank first (then in IRI order)."""
        ranks = self._ranks.get(self.key(name), {})
        return sorted(ranks, key=lambda node: (ranks[node], str(node)))

    def close(self, name: str) -> list[Node]:
        """The nodes of the names most like ``name`` (for a "did you mean")."""
        keys = difflib.get_close_matches(self.key(name), list(self._ranks), n=5, cutoff=0.6)
        return [node for key in keys for node in self.named(key)]


def _alias_groups() -> dict[str, list[str]]:
    groups: dict[str, set[str]] = {}
    for alias, label in ALIASES.items():
        groups.setdefault(normalize(label), {normalize(label)}).add(normalize(alias))
    return {key: sorted(group - {key}) for group in groups.values() for key in group}


_ALIAS_GROUPS = _alias_groups()


def _own_graphs(known: Graph) -> Iterator[Graph]:
    """The graphs of ``known`` to match against: every named graph but the archive's own."""
    if isinstance(known, Dataset):
        yield from (g for g in known.graphs() if g.identifier != ARCHIVE_GRAPH)
    else:
        yield known


def _candidate_keys(key: str) -> Iterator[str]:
    """``key`` itself, then the names it is an alias of or for, then its singular or plural."""
    yield key
    yield from _ALIAS_GROUPS.get(key, [])
    if len(key) > 3:
        yield key[:-1] if key.endswith("s") else key + "s"


class EntityIndex:
    """The names (rdfs:label, skos:altLabel, skos:hiddenLabel) of the technologies, organizations
    and topics a graph already has, and the rdfs:label of every node in it.

    Subclasses count (a ds:RelationalDatabase is a ds:Technology) when the graph holds the
    ontology. A :class:`~rdflib.Dataset`'s archive graph is left out: a source does not match
    against itself.

    >>> from rdflib import Literal as Text
    >>> from rdflib.namespace import RDF
    >>> g = Graph()
    >>> pg = ID["technology/postgresql"]
    >>> _ = g.add((pg, RDF.type, DS.Technology)).add((pg, RDFS.label, Text("PostgreSQL")))
    >>> index = EntityIndex(g)
    >>> index.find("postgres", "technology") == pg, index.find("postgres", "topic")
    (True, None)
    >>> index.label(pg)
    'PostgreSQL'
    """

    def __init__(self, known: Graph | None = None) -> None:
        view = Graph()
        for graph in _own_graphs(known if known is not None else Graph()):
            view += graph
        self._labels: dict[URIRef, str] = {}
        for node, name in sorted(view.subject_objects(RDFS.label)):
            if isinstance(node, URIRef):
                self._labels.setdefault(node, str(name))
        self._names = {kind: NameTable() for kind in KIND_CLASSES}
        kind_of = {cls: kind for kind, cls in KIND_CLASSES.items()}
        rows = view.query(_NAMES_QUERY, initNs={"ds": DS, "rdfs": RDFS, "skos": SKOS})
        for node, cls, prop, name in rows:  # type: ignore[misc]
            self._names[kind_of[cast(URIRef, cls)]].add(node, str(name),
                                                         _NAME_RANK[cast(URIRef, prop)])

    def find(self, name: str, kind: EntityKind) -> URIRef | None:
        """The node of ``kind`` that ``name`` (or its alias, or its singular/plural) names."""
        for key in _candidate_keys(normalize(name)):
            nodes = self._names[kind].named(key)
            if nodes:
                return cast(URIRef, nodes[0])
        return None

    def label(self, node: URIRef) -> str | None:
        """The rdfs:label the graph already gives ``node``, if any."""
        return self._labels.get(node)

