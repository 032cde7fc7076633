"""The curated facts of the blog post "DotScale 2015 Conference Summary".

The file (graph/data/marmelab-blog.ttl) is loaded on its own through the real loader; every
check is a SPARQL query on the named graph it lands in. The blog graph states what the post
writes: a technology's kind and the corrected spelling of a name are the project's, in the
technology vocabulary (graph/data/technologies.ttl) and the editorial curation
(graph/data/curation.ttl), so checks of names and relations by name read them together.
"""

from __future__ import annotations

import re
from datetime import time
from typing import Any

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.query import ResultRow

from graph.loading.loader import load_file
from graph.loading.store import KnowledgeGraph
from graph.namespaces import (
    BASE,
    BLOG_GRAPH,
    DS,
    ID,
    PREFIXES,
    TECHNOLOGIES_GRAPH,
    TOPIC_SCHEME,
    slugify,
)
from graph.util.resources import ARCHIVE_DIR, DATA_DIR, ONTOLOGY_FILE

BLOG_FILE = DATA_DIR / "marmelab-blog.ttl"

# The post's talks as it writes them: its title, its speaker's name, lightning talk or not.
BLOG_TALKS = [
    ("Unattended Reboots Using a Distributed Mutex", "Matt Bostock", False),
    ("The Cost of Downtime", "David Mytton", False),
    ("Time Series Data", "Paul Dix", False),
    ("Cluster Management at Google with Borg", "John Wilkes", False),
    ("Docker inside Eclipse (and other IDE)", "Mario Loreido", True),
    ("Distributed system theory", "Sam Bessalah", True),
    ("Leader Election with Cassandra", "Matthieu Nantern", True),
    ("Convergent Replicated Data Types", "Dan Brown", True),
    ("Zero-downtime Postgresql migrations", "Chris Sinjakli", True),
    ("Serializability", "Neha Narula", False),
    ("Internet Sized Computer", "Ben Firshman", False),
    ("Postgresql", "Simon Riggs", False),
    ("Jepsen IV - Hope Spring Eternal", "Kyle Kingsbury", False),
    ("Handling Trillions of Requests", "John Graham-Cumming", False),
    ("Disque: a Distributed Message Queue", "Salvatore Sanfilippo", False),
    ("The Proper Way to do Microservices", "Jeremy Edberg", False),
]

# The post's spellings of names and the correct spelling each node carries as rdfs:label.
MISSPELLINGS = [
    ("InfluxDb", "InfluxDB"),
    ("Cap'n Prot", "Cap'n Proto"),
    ("Postgresql", "PostgreSQL"),
    ("Postgres", "PostgreSQL"),
    ("update-notification-common", "update-notifier-common"),
    ("ElasticSearch", "Elasticsearch"),
    ("mongoDB", "MongoDB"),
    ("Nginx", "NGINX"),
    ("CitusDb", "CitusDB"),
    ("fig", "Docker Compose"),
    ("gov.uk", "GOV.UK"),
    ("Theatre de Paris", "Théâtre de Paris"),
    ("DotScale 2015", "dotScale 2015"),
    ("NoSql", "NoSQL"),
    ("Salvator", "Salvatore Sanfilippo"),
    ("The Greek Atlas", "The Geek Atlas"),
]

# (subject, ds: property, object), each named by one of its labels, as the post states them.
RELATIONS = [
    ("InfluxDB", "creator", "Paul Dix"),
    ("Docker Compose", "creator", "Ben Firshman"),
    ("Redis", "creator", "Salvatore Sanfilippo"),
    ("Disque", "creator", "Salvatore Sanfilippo"),
    ("PostgreSQL", "contributor", "Simon Riggs"),
    ("InfluxDB", "writtenIn", "Go"),
    ("CitusDB", "builtOn", "PostgreSQL"),
    ("Disque", "inspiredBy", "Redis"),
    ("Unattended Reboots Using a Distributed Mutex", "inspiredBy", "CoreOS"),
    ("Matt Bostock", "worksFor", "GOV.UK"),
    ("John Graham-Cumming", "worksFor", "CloudFlare"),
    ("Ben Firshman", "worksFor", "Docker"),
    ("Neha Narula", "affiliation", "MIT"),
    ("The Geek Atlas", "schema:author", "John Graham-Cumming"),
    ("dotScale 2015", "announced", "dotSecurity"),
]

# Relations whose full set of objects the post gives.
EXACT_OBJECTS = [
    ("Jepsen", "tests", {"Aerospike", "Elasticsearch", "MongoDB"}),
    ("GOV.UK", "uses", {"locksmithctl", "update-notifier-common"}),
    ("Google", "uses", {"Borg", "Kubernetes", "Google Cloud Platform"}),
    ("CloudFlare", "uses", {"NGINX", "LuaJIT", "Cap'n Proto", "Apache Kafka", "Go", "CitusDB"}),
]

SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
IRI_PATTERN = re.compile(
    rf"{re.escape(BASE)}(?:ontology#[A-Za-z]+"
    rf"|id/(?:talk|window)/\d{{4}}/{SLUG}"
    rf"|id/(?:person|organization|technology|topic|conference|series|place|source|work)/{SLUG}"
    rf"|graph/{SLUG})"
)
# Kinds whose slug is the slug of the node's rdfs:label (the topic scheme aside).
NAMED_BY_LABEL = ("person", "organization", "technology", "topic", "conference", "series", "place")

NAME = "rdfs:label|skos:altLabel"


@pytest.fixture(scope="module")
def blog() -> Graph:
    """The named graph the blog file is loaded into, alone."""
    kg = KnowledgeGraph()
    load_file(kg, BLOG_FILE)
    assert list(kg.sources) == [BLOG_GRAPH]
    return kg.graph(BLOG_GRAPH)


@pytest.fixture(scope="module")
def named() -> Graph:
    """The blog's graph with the technology vocabulary's and the editorial curation's."""
    kg = KnowledgeGraph()
    for name in ("marmelab-blog", "technologies", "curation"):
        load_file(kg, DATA_DIR / f"{name}.ttl")
    assert BLOG_GRAPH in kg.sources and TECHNOLOGIES_GRAPH in kg.sources
    return kg.union()


def select(graph: Graph, query: str, **bindings: object) -> list[tuple[Any, ...]]:
    """The rows of a SPARQL SELECT on ``graph``, with the project's prefixes."""
    initial = {key: value if isinstance(value, URIRef) else Literal(value)
               for key, value in bindings.items()}
    result = graph.query(query, initNs=PREFIXES, initBindings=initial)
    return [tuple(row) for row in result if isinstance(row, ResultRow)]


def test_the_source_is_described(blog: Graph) -> None:
    rows = select(blog, f"""
        SELECT ?title ?date ?url ?author WHERE {{
          ?source a ds:Source, schema:BlogPosting, prov:Entity ;
              dcterms:title ?title ; dcterms:date ?date ; schema:url ?url ;
              dcterms:creator/rdfs:label ?author .
          <{BLOG_GRAPH}> a prov:Entity ; prov:wasDerivedFrom ?source ; rdfs:label ?graphLabel .
        }}""")
    assert [(str(t), d.toPython().isoformat(), str(u), str(a)) for t, d, u, a in rows] == [(
        "DotScale 2015 Conference Summary",
        "2015-06-10",
        "https://marmelab.com/blog/2015/06/10/dotscale-2015-conference-summary.html",
        "Jérôme Macias",
    )]


def test_the_post_has_sixteen_talks_in_order(blog: Graph) -> None:
    rows = select(blog, """
        SELECT ?talk ?order WHERE {
          VALUES ?kind { ds:Talk ds:LightningTalk }
          ?talk a ?kind ; ds:order ?order .
        } ORDER BY ?order""")
    assert [int(order) for _, order in rows] == list(range(1, 17))


@pytest.mark.parametrize(("title", "speaker", "lightning"), BLOG_TALKS,
                         ids=[title for title, _, _ in BLOG_TALKS])
def test_every_talk_of_the_post(blog: Graph, title: str, speaker: str, lightning: bool) -> None:
    rows = select(blog, f"""
        SELECT ?talk ?kind ?conference WHERE {{
          ?talk {NAME} ?title ; a ?kind ; ds:speaker ?person ; ds:conference ?conference .
          ?person a ds:Person ; {NAME} ?speaker .
          FILTER (?kind IN (ds:Talk, ds:LightningTalk))
        }}""", title=title, speaker=speaker)
    assert len(rows) == 1, rows
    _, kind, conference = rows[0]
    assert kind == (DS.LightningTalk if lightning else DS.Talk)
    assert conference == ID["conference/dotscale-2015"]


def test_talk_order_follows_the_post(blog: Graph) -> None:
    rows = select(blog, f"""
        SELECT ?title WHERE {{ ?talk ds:order ?order ; {NAME} ?title }} ORDER BY ?order""")
    assert [str(title) for (title,) in rows] == [title for title, _, _ in BLOG_TALKS]


def test_only_the_last_talk_has_a_start_time(blog: Graph) -> None:
    rows = select(blog, """SELECT ?talk ?start WHERE { ?talk schema:startDate ?start }""")
    assert [(str(talk).rsplit("/", 1)[1], str(start)) for talk, start in rows] == [(
        "jeremy-edberg-your-infrastructure-is-not-a-unique-snowflake-and-thats-ok",
        "2015-06-08T18:30:00+02:00",
    )]


def test_the_conference_and_its_series(blog: Graph) -> None:
    rows = select(blog, """
        SELECT ?series ?venue ?city ?family WHERE {
          ?conference a ds:Conference ; rdfs:label "dotScale 2015" ;
              ds:series ?s ; ds:location ?v .
          ?s rdfs:label ?series ; ds:series/rdfs:label ?family .
          ?v a schema:Place ; rdfs:label ?venue ; schema:containedInPlace ?c .
          ?c a schema:City ; rdfs:label ?city .
        }""", conference=ID["conference/dotscale-2015"])
    assert [tuple(map(str, row)) for row in rows] == [
        ("dotScale", "Théâtre de Paris", "Paris", "dot conferences")]
    members = select(blog, "SELECT ?name WHERE { ?s ds:series ?family ; rdfs:label ?name }",
                     family=ID["series/dot-conferences"])
    assert {str(name) for (name,) in members} == {"dotScale", "dotJS", "dotSecurity"}


@pytest.mark.parametrize(("written", "label"), MISSPELLINGS, ids=[w for w, _ in MISSPELLINGS])
def test_misspellings_are_alternative_names_of_the_corrected_node(
    named: Graph, written: str, label: str
) -> None:
    rows = select(named, "SELECT ?node WHERE { ?node skos:altLabel ?written ; rdfs:label ?label }",
                  written=written, label=label)
    assert len(rows) == 1


def test_misspelled_speaker_keeps_the_post_spelling_only_as_alternative(blog: Graph) -> None:
    person = ID["person/mario-loriedo"]
    assert set(blog.objects(person, RDFS.label)) == set()
    rows = select(blog, "SELECT ?name WHERE { ?person skos:altLabel ?name }", person=person)
    assert [str(name) for (name,) in rows] == ["Mario Loreido"]


def test_nodes_other_than_talks_and_people_have_exactly_one_label(blog: Graph) -> None:
    rows = select(blog, """
        SELECT ?node (COUNT(DISTINCT ?label) AS ?labels) WHERE {
          ?node a ?class .
          FILTER NOT EXISTS { VALUES ?skip { ds:Talk ds:LightningTalk ds:Person } ?node a ?skip }
          OPTIONAL { ?node rdfs:label ?label }
        } GROUP BY ?node HAVING (COUNT(DISTINCT ?label) != 1)""")
    assert rows == []


def test_talks_and_people_have_at_most_one_label(blog: Graph) -> None:
    rows = select(blog, """
        SELECT ?node WHERE {
          VALUES ?class { ds:Talk ds:LightningTalk ds:Person }
          ?node a ?class ; rdfs:label ?label .
        } GROUP BY ?node HAVING (COUNT(DISTINCT ?label) > 1)""")
    assert rows == []


def test_alternative_names_differ_from_the_label(blog: Graph) -> None:
    rows = select(blog, "SELECT ?node WHERE { ?node rdfs:label ?name ; skos:altLabel ?name }")
    assert rows == []


def test_names_have_no_stray_whitespace(blog: Graph) -> None:
    rows = select(blog, """
        SELECT ?node ?name WHERE {
          ?node rdfs:label|skos:altLabel ?name .
          FILTER (REGEX(STR(?name), "^\\\\s|\\\\s$|\\\\s\\\\s") || LANG(?name) != "")
        }""")
    assert rows == []


@pytest.mark.parametrize(("subject", "relation", "obj"), RELATIONS,
                         ids=[f"{s}-{r}-{o}" for s, r, o in RELATIONS])
def test_stated_relations(named: Graph, subject: str, relation: str, obj: str) -> None:
    predicate = relation if ":" in relation else f"ds:{relation}"
    query = f"ASK {{ ?s {NAME} ?subject ; {predicate} ?o . ?o {NAME} ?object }}"
    assert named.query(query, initNs=PREFIXES,
                      initBindings={"subject": Literal(subject), "object": Literal(obj)}).askAnswer


@pytest.mark.parametrize(("subject", "relation", "objects"), EXACT_OBJECTS,
                         ids=[f"{s}-{r}" for s, r, _ in EXACT_OBJECTS])
def test_relations_with_exactly_the_stated_objects(
    named: Graph, subject: str, relation: str, objects: set[str]
) -> None:
    rows = select(named, f"SELECT ?name WHERE {{ ?s rdfs:label ?subject ; ds:{relation} ?o . "
                        "?o rdfs:label ?name }", subject=subject)
    assert {str(name) for (name,) in rows} == objects


def test_iris_follow_the_contract(blog: Graph) -> None:
    iris = {term for triple in blog for term in triple
            if isinstance(term, URIRef) and str(term).startswith(BASE)}
    assert sorted(str(iri) for iri in iris if not IRI_PATTERN.fullmatch(str(iri))) == []


def test_named_things_are_named_by_the_slug_of_their_label(blog: Graph) -> None:
    mismatches = []
    for node, label in blog.subject_objects(RDFS.label):
        if node == TOPIC_SCHEME:
            continue
        kind, _, slug = str(node).removeprefix(str(ID)).partition("/")
        if str(node).startswith(str(ID)) and kind in NAMED_BY_LABEL and slug != slugify(str(label)):
            mismatches.append((str(node), str(label)))
    assert mismatches == []


def test_talks_are_named_after_archive_files(blog: Graph) -> None:
    talks = {str(talk).rsplit("/", 1)[1] for talk in blog.subjects(DS.order)}
    files = {path.stem for path in (ARCHIVE_DIR / "2015").glob("*/*.md")}
    assert talks - files == set()


def test_the_blog_states_no_technology_kind_and_no_corrected_name(blog: Graph) -> None:
    technologies = {s for s in blog.all_nodes()
                    if str(s).startswith(str(ID["technology/"]))}
    assert [t for t in technologies if (t, RDF.type, None) in blog] == []
    post = blog.value(predicate=RDFS.label, object=Literal("update-notifier-common"))
    assert post is None
    assert (ID["technology/apache-kafka"], None, Literal("Kafka")) not in blog


def test_the_post_is_about_dotscale_2015_and_its_author_attended(blog: Graph) -> None:
    rows = select(blog, """
        SELECT ?conference WHERE {
          ?post a schema:BlogPosting ; schema:about ?conference ; dcterms:creator ?author .
          ?conference schema:attendee ?author .
        }""")
    assert rows == [(ID["conference/dotscale-2015"],)]


def test_the_reboot_window_is_midnight_to_five_fifty_five(blog: Graph) -> None:
    # "Reboots are only done between midnight and 5:55am."
    rows = select(blog, """
        SELECT ?speaker ?opens ?closes WHERE {
          ?talk ds:speaker/rdfs:label ?speaker ;
                ds:maintenanceWindow [ a ds:MaintenanceWindow ; ds:opens ?opens ;
                                       ds:closes ?closes ] .
        }""")
    assert [(str(speaker), time.fromisoformat(opens), time.fromisoformat(closes))
            for speaker, opens, closes in rows] == [("Matt Bostock", time(0, 0), time(5, 55))]


def test_every_ontology_term_used_is_declared(blog: Graph) -> None:
    ontology = Graph().parse(ONTOLOGY_FILE, format="turtle")
    declarations = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
                    RDFS.Class, RDF.Property}
    used = {term for triple in blog for term in triple
            if isinstance(term, URIRef) and str(term).startswith(str(DS))}
    undeclared = {term for term in used if not set(ontology.objects(term, RDF.type)) & declarations}
    assert sorted(map(str, undeclared)) == []
