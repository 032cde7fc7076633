"""Entity matching: normalised names, short forms and labels resolved against a real graph."""

from __future__ import annotations

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from graph.linking.matching import ALIASES, EntityIndex, normalize, person_iri, talk_iri
from graph.loading.store import KnowledgeGraph
from graph.namespaces import ARCHIVE_GRAPH, BLOG_GRAPH, DS, ID


def _node(graph: Graph, kind: str, slug: str, cls: URIRef, label: str | None,
          *alt: str, hidden: str | None = None) -> URIRef:
    node = ID[f"{kind}/{slug}"]
    graph.add((node, RDF.type, cls))
    if label is not None:
        graph.add((node, RDFS.label, Literal(label)))
    for name in alt:
        graph.add((node, SKOS.altLabel, Literal(name)))
    if hidden is not None:
        graph.add((node, SKOS.hiddenLabel, Literal(hidden)))
    return node


@pytest.fixture(scope="module")
def small() -> Graph:
    """A tiny graph with a class hierarchy as the ontology states it."""
    g = Graph()
    g.add((DS.RelationalDatabase, RDFS.subClassOf, DS.Database))
    g.add((DS.Database, RDFS.subClassOf, DS.Software))
    g.add((DS.Software, RDFS.subClassOf, DS.Technology))
    _node(g, "technology", "postgresql", DS.RelationalDatabase, "PostgreSQL", "Postgresql")
    _node(g, "technology", "apache-kafka", DS.Technology, "Apache Kafka")
    _node(g, "technology", "crdt", DS.Technology, "CRDT", hidden="convergent types")
    _node(g, "technology", "go", DS.Technology, "Go")
    _node(g, "organization", "cloudflare", DS.Organization, "CloudFlare")
    _node(g, "organization", "gov-uk", DS.Organization, "GOV.UK")
    _node(g, "topic", "databases", DS.Topic, "databases")
    _node(g, "place", "theatre-de-paris", DS.Organization, "Théâtre de Paris")
    return g


@pytest.mark.parametrize(("a", "b"), [
    ("Cap'n Proto", "capn proto"),
    ("GOV.UK", "gov uk"),
    ("Théâtre de Paris", "THEATRE-DE-PARIS"),
    ("Mickaël Rémond", "mickael remond"),
    ("Node.js", "nodejs"),
    ("time series", "TimeSeries"),
])
def test_normalize_ignores_case_accents_punctuation_and_spaces(a: str, b: str) -> None:
    assert normalize(a) == normalize(b)


def test_normalize_keeps_letters_and_digits_apart() -> None:
    assert normalize("dotScale 2015") != normalize("dotScale 2016")
    assert normalize("Go") != normalize("Goa")


def test_person_and_talk_iris_follow_the_slug_rule() -> None:
    assert person_iri("Mario Loriedo") == ID["person/mario-loriedo"]
    assert person_iri("John Graham-Cumming") == ID["person/john-graham-cumming"]
    assert talk_iri("2015", "neha-narula-consistency-and-candy-crush") == \
        ID["talk/2015/neha-narula-consistency-and-candy-crush"]


@pytest.mark.parametrize("name", ["PostgreSQL", "postgresql", "Postgresql", "postgres", "pg",
                                  "PGSQL"])
def test_postgresql_by_every_name(small: Graph, name: str) -> None:
    assert EntityIndex(small).find(name, "technology") == ID["technology/postgresql"]


def test_subclasses_count_as_technologies(small: Graph) -> None:
    # typed ds:RelationalDatabase only: found through rdfs:subClassOf* in the graph
    assert (ID["technology/postgresql"], RDF.type, DS.Technology) not in small
    assert EntityIndex(small).find("PostgreSQL", "technology") is not None


def test_kinds_are_kept_apart(small: Graph) -> None:
    index = EntityIndex(small)
    assert index.find("databases", "topic") == ID["topic/databases"]
    assert index.find("databases", "technology") is None
    assert index.find("CloudFlare", "technology") is None
    assert index.find("Cloudflare", "organization") == ID["organization/cloudflare"]
    assert index.find("gov.uk", "organization") == ID["organization/gov-uk"]


def test_an_alias_resolves_only_to_a_node_the_graph_names(small: Graph) -> None:
    index = EntityIndex(small)
    assert index.find("golang", "technology") == ID["technology/go"]
    assert index.find("mongo", "technology") is None  # no MongoDB node in this graph
    assert index.find("Redis", "technology") is None


def test_aliases_work_both_ways(small: Graph) -> None:
    index = EntityIndex(small)
    assert index.find("kafka", "technology") == ID["technology/apache-kafka"]
    g = Graph()
    _node(g, "technology", "kafka", DS.Technology, "Kafka")
    assert EntityIndex(g).find("Apache Kafka", "technology") == ID["technology/kafka"]


def test_hidden_labels_and_plurals(small: Graph) -> None:
    index = EntityIndex(small)
    assert index.find("Convergent Types", "technology") == ID["technology/crdt"]
    assert index.find("CRDTs", "technology") == ID["technology/crdt"]
    assert index.find("database", "topic") == ID["topic/databases"]


def test_a_preferred_label_beats_an_alternative_one() -> None:
    g = Graph()
    _node(g, "technology", "a-first", DS.Technology, "Other", "Docker")
    docker = _node(g, "technology", "docker", DS.Technology, "Docker")
    assert EntityIndex(g).find("docker", "technology") == docker


def test_labels_are_read_for_any_node(small: Graph) -> None:
    index = EntityIndex(small)
    assert index.label(ID["organization/cloudflare"]) == "CloudFlare"
    assert index.label(ID["technology/nothing"]) is None


def test_no_graph_matches_nothing() -> None:
    assert EntityIndex().find("PostgreSQL", "technology") is None
    assert EntityIndex(None).label(ID["technology/postgresql"]) is None


def test_a_dataset_is_matched_without_its_archive_graph() -> None:
    kg = KnowledgeGraph()
    _node(kg.graph(BLOG_GRAPH), "technology", "redis", DS.Technology, "Redis")
    _node(kg.graph(ARCHIVE_GRAPH), "technology", "disque", DS.Technology, "Disque")
    index = EntityIndex(kg)
    assert index.find("redis", "technology") == ID["technology/redis"]
    assert index.find("disque", "technology") is None
    assert index.label(ID["technology/disque"]) is None


def test_a_plain_dataset_default_graph_counts() -> None:
    ds = Dataset()
    _node(ds.default_context, "technology", "redis", DS.Technology, "Redis")
    assert EntityIndex(ds).find("REDIS", "technology") == ID["technology/redis"]


def test_alias_table_maps_to_labels_not_iris() -> None:
    assert all(not label.startswith("http") for label in ALIASES.values())
    assert all(alias == alias.casefold() for alias in ALIASES)


def _by_label(kg: KnowledgeGraph, kind: str, label: str) -> URIRef:
    found = [URIRef(str(s)) for s in kg.subjects(RDFS.label, Literal(label))
             if str(s).startswith(ID[kind + "/"])]
    assert len(found) == 1, (label, found)
    return found[0]


@pytest.fixture(scope="module")
def bundled_index(kg: KnowledgeGraph) -> EntityIndex:
    """The names of the bundled graph, indexed once."""
    return EntityIndex(kg)


@pytest.mark.parametrize(("name", "kind", "label"), [
    ("postgresql", "technology", "PostgreSQL"),
    ("Postgres", "technology", "PostgreSQL"),
    ("mongo", "technology", "MongoDB"),
    ("k8s", "technology", "Kubernetes"),
    ("es", "technology", "Elasticsearch"),
    ("golang", "technology", "Go"),
    ("influxdb", "technology", "InfluxDB"),
    ("kafka", "technology", "Apache Kafka"),
    ("cassandra", "technology", "Cassandra"),
    ("CloudFlare", "organization", "CloudFlare"),
    ("GOV.UK", "organization", "GOV.UK"),
    ("Google", "organization", "Google"),
    ("ClusterManagement", "topic", "cluster management"),
    ("timeseries", "topic", "time series"),
    ("Databases", "topic", "databases"),
])
def test_names_resolve_in_the_bundled_graph(bundled_index: EntityIndex, kg: KnowledgeGraph,
                                            name: str, kind: str, label: str) -> None:
    assert bundled_index.find(name, kind) == _by_label(kg, kind, label)  # type: ignore[arg-type]
