"""The technology linker: its rules on real sentences, its quality on the bundled talks, and
the derived graph it writes. Everything runs against the real vocabulary and archive."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF

from graph.errors import DotscaleError
from graph.importing.thedotpost import import_archive
from graph.linking.derived import ACTIVITY, derive_links
from graph.linking.quality import judgements, read_annotation, score
from graph.linking.technologies import link_talk, link_talks
from graph.linking.text import TalkText
from graph.linking.vocabulary import VOCABULARY_SOURCE, bundled_vocabulary
from graph.loading.store import KnowledgeGraph
from graph.namespaces import ARCHIVE_GRAPH, DS, ID, LINKS_GRAPH
from graph.util.resources import ARCHIVE_DIR

ANNOTATION = Path(__file__).parent / "data" / "technologies-by-talk.tsv"
TALK = URIRef("https://w3id.org/dotscale/id/talk/2099/a-talk")


def linked(title: str = "", summary: str = "", tags: tuple[str, ...] = (),
           body: str = "") -> dict[str, str]:
    """technology slug -> relation, for a talk with these fields."""
    talk = TalkText(TALK, title=title, summary=summary, tags=tags, body=body)
    return {str(link.technology).rsplit("/", 1)[1]: link.relation
            for link in link_talk(talk, bundled_vocabulary())}


# -- names that are ordinary words, and word boundaries ----------------------------------------

@pytest.mark.parametrize(("summary", "expected"), [
    ("Go all the way and go home.", {}),
    ("The service is written in Go.", {"go": "mentions"}),
    ("Anna ports the parser to Go 1.5 and measures it.", {"go": "mentions"}),
    ("We moved from GoCardless payments to cash.", {}),
    ("Pokémon Go players love the new release of the game.", {}),
    ("Bindings exist for C++, C# and Objective-C.",
     {"cpp": "mentions", "c-sharp": "mentions", "objective-c": "mentions"}),
    ("A small C library does the parsing.", {"c": "mentions"}),
    ("Plan C was to give up.", {}),
    ("Taylor Swift sang, and the crowd sang along.", {}),
    ("The app is now rewritten in Swift and ships weekly.", {"swift": "mentions"}),
    ("Our Spark jobs ran faster with Apache Spark 2.", {"apache-spark": "mentions"}),
    ("It was a spark of genius.", {}),
    ("She paid with American Express and left.", {}),
    ("The API is an Express app behind NGINX.", {"express": "mentions", "nginx": "mentions"}),
    ("Rust on the hull is a sailor's problem.", {}),
    ("Then we rewrote the proxy in Rust, safely.", {"rust": "mentions"}),
    ("Honey Badger Don't Care, said the slide.", {}),
    ("The Backblaze Vault architecture stores files.", {"backblaze-vault": "mentions"}),
    ("Vault architecture: pods in groups of twenty.", {}),
    ("Docs live at https://redis.io/topics/go-cluster and www.example.com/rust", {}),
    ("The page gocardless.com/postgres explains it.", {}),
    ("We compare Postgres, MySQL and sqlite.",
     {"postgresql": "mentions", "mysql": "mentions", "sqlite": "mentions"}),
    ("They use etcd-backed locks and Merkle links.",
     {"etcd": "mentions", "merkle-tree": "mentions"}),
], ids=lambda value: value if isinstance(value, str) else None)
def test_names_in_context(summary: str, expected: dict[str, str]) -> None:
    assert linked(title="A Talk Named Nothing", summary=summary) == expected


def test_a_name_in_a_title_cased_title_needs_the_talk_to_confirm_it() -> None:
    assert linked(title="Tuning Node") == {}
    assert linked(title="Tuning Node", summary="Paul tunes V8 and Node.js servers.") == \
        {"node-js": "about", "v8": "mentions"}


# -- about and mentions --------------------------------------------------------------------------

def test_the_title_says_what_the_talk_is_about() -> None:
    assert linked(title="Distributed Transactions in CockroachDB",
                  summary="Spencer compares it with Spanner's TrueTime.") == \
        {"cockroachdb": "about", "google-cloud-spanner": "mentions", "truetime": "mentions"}


def test_tags_say_what_the_talk_is_about_when_the_title_names_nothing() -> None:
    assert linked(title="Software I Like", tags=("golang", "camlistore")) == \
        {"go": "about", "camlistore": "about"}
    assert linked(title="Introducing Disque", tags=("disque", "redis")) == \
        {"disque": "about", "redis": "mentions"}


def test_the_summary_presents_what_the_talk_is_about() -> None:
    assert linked(title="The Long View",
                  summary="Simon talks about PostgreSQL. He also uses MySQL.") == \
        {"postgresql": "about", "mysql": "mentions"}
    assert linked(title="A Grid", summary="Oliver describes the Worldwide LHC Computing Grid "
                                          "(WLCG), built on Linux.") == \
        {"worldwide-lhc-computing-grid": "about", "linux": "mentions"}
    assert linked(title="Logs", summary="John explains how CloudFlare uses NGINX and Kafka.") \
        == {"nginx": "mentions", "apache-kafka": "mentions"}


def test_evidence_says_where_and_which_words() -> None:
    talk = TalkText(TALK, title="Leader election with Cassandra",
                    body="It uses Paxos.\n\nSee [Apache Cassandra](http://cassandra.apache.org).")
    (cassandra, paxos) = link_talk(talk, bundled_vocabulary())
    assert [(e.field, e.matched) for e in cassandra.evidence] == \
        [("title", "Cassandra"), ("body", "Apache Cassandra")]
    assert [(e.field, e.matched, e.excerpt) for e in paxos.evidence] == \
        [("body", "Paxos", "It uses Paxos.")]


# -- quality on the bundled talks ----------------------------------------------------------------

@pytest.fixture(scope="module")
def archive_texts() -> list[TalkText]:
    return import_archive(ARCHIVE_DIR).texts


def test_the_annotation_covers_every_bundled_talk(archive_texts: list[TalkText]) -> None:
    talks, _ = read_annotation(ANNOTATION)
    assert talks == {str(t.node).removeprefix(str(ID["talk/"])) for t in archive_texts}


def test_precision_and_recall_on_the_bundled_talks(archive_texts: list[TalkText]) -> None:
    _, expected = read_annotation(ANNOTATION)
    result = score(expected, judgements(link_talks(archive_texts, bundled_vocabulary())))
    print(f"precision {result.precision:.3f}, recall {result.recall:.3f}; with the relation: "
          f"precision {result.precision_strict:.3f}, recall {result.recall_strict:.3f}")
    assert result.precision >= 0.95 and result.recall >= 0.90
    assert result.precision_strict >= 0.95 and result.recall_strict >= 0.90


def test_a_malformed_annotation_line_is_named(tmp_path: Path) -> None:
    path = tmp_path / "a.tsv"
    path.write_text("# comment\n2015/x\tgo\tabout\n2015/y\tgo\tuses\n", encoding="utf-8")
    with pytest.raises(DotscaleError, match=r"a\.tsv:3: expected talk"):
        read_annotation(path)


# -- the derived graph ---------------------------------------------------------------------------

def test_the_links_graph_says_how_it_was_made(archive_texts: list[TalkText]) -> None:
    g = derive_links(archive_texts, used=[ID["source/thedotpost"]])
    assert (LINKS_GRAPH, PROV.wasGeneratedBy, ACTIVITY) in g
    assert set(g.objects(ACTIVITY, PROV.used)) == {VOCABULARY_SOURCE, ID["source/thedotpost"]}
    links = set(g.triples((None, DS.about, None))) | set(g.triples((None, DS.mentions, None)))
    for talk, relation, technology in links:
        evidence = [e for e in g.subjects(DS.evidenceTalk, talk)
                    if (e, DS.evidenceTechnology, technology) in g]
        assert evidence, (talk, technology)
        name = Literal(str(relation).rsplit("#", 1)[1])
        assert all((e, DS.evidenceRelation, name) in g and (e, RDF.type, DS.LinkEvidence) in g
                   for e in evidence)


def test_curated_facts_can_be_queried_alone(kg: KnowledgeGraph) -> None:
    postgresql = ID["technology/postgresql"]
    chris = ID["talk/2015/chris-sinjakli-zero-downtime-postgresql-migrations"]
    assert (chris, DS.about, postgresql) in kg.graph(LINKS_GRAPH)
    curated = kg.union(exclude=[LINKS_GRAPH])
    assert (chris, DS.about, postgresql) in curated  # the blog states it too
    cockroach = ID["talk/2016/spencer-kimball-distributed-transactions-in-cockroachdb"]
    assert (cockroach, DS.about, ID["technology/cockroachdb"]) in kg
    assert (cockroach, DS.about, ID["technology/cockroachdb"]) not in curated
    assert Literal("Distributed Transactions in CockroachDB") in \
        set(kg.graph(ARCHIVE_GRAPH).objects(cockroach, None))
