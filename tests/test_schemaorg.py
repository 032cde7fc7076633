"""The schema.org export: the talks in schema.org terms only, for readers without our ontology.

Its ``@context`` is the string ``"https://schema.org/"``. Nothing here fetches it: the tests read
the document with the context given locally as ``{"@vocab": "https://schema.org/"}``, and
refuse any network connection while they do.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, SKOS

from graph.exporting.ntriples import ntriples
from graph.exporting.schemaorg import (
    LOCAL_CONTEXT,
    SCHEMAORG_CONTEXT,
    published_translation,
    read_offline,
)
from graph.exporting.serialize import serialize
from graph.loading.store import KnowledgeGraph
from graph.namespaces import DS, ID, SCHEMA
from graph.util.resources import ONTOLOGY_FILE

# The schema.org terms the translation itself adds (the ontology declares the others it uses).
SCHEMAORG_TERMS_ADDED = {"name", "alternateName", "sameAs", "DefinedTerm", "DefinedTermSet",
                         "inDefinedTermSet"}
DECLARATIONS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
TALK = ID["talk/2015/salvatore-sanfilippo-introducing-disque"]


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """A remote context must never be fetched: any connection fails the test."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError(f"tried to open a network connection to {args[:1]}")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


@pytest.fixture(scope="module")
def document(exported: Callable[[str], bytes]) -> dict[str, Any]:
    parsed: dict[str, Any] = json.loads(exported("schemaorg"))
    return parsed


@pytest.fixture(scope="module")
def translated(kg: KnowledgeGraph) -> Graph:
    return published_translation(kg, ntriples(kg))


def with_local_context(document: dict[str, Any]) -> str:
    assert document["@context"] == SCHEMAORG_CONTEXT
    return json.dumps({**document, "@context": LOCAL_CONTEXT})


def keys_and_types(value: Any) -> Iterator[tuple[str, str]]:
    """Every ("key", name) and ("type", name) used anywhere in a JSON-LD document."""
    if isinstance(value, list):
        for item in value:
            yield from keys_and_types(item)
    elif isinstance(value, dict) and "@value" not in value:  # a value's @type is a datatype
        for key, item in value.items():
            if key == "@type":
                for name in item if isinstance(item, list) else [item]:
                    yield "type", name
            elif not key.startswith("@"):
                yield "key", key
            if key not in ("@context", "@type"):
                yield from keys_and_types(item)


def test_the_context_is_schema_org_itself(document: dict[str, Any]) -> None:
    assert document["@context"] == "https://schema.org/"
    assert len(document["@graph"]) > 100


def test_every_type_and_property_is_a_schema_org_term(document: dict[str, Any]) -> None:
    ontology = Graph().parse(ONTOLOGY_FILE, format="turtle")
    declared = {str(term).removeprefix(str(SCHEMA)) for kind in DECLARATIONS
                for term in ontology.subjects(RDF.type, kind) if str(term).startswith(str(SCHEMA))}
    used = set(keys_and_types(document))
    assert {name for _, name in used} <= declared | SCHEMAORG_TERMS_ADDED, sorted(
        {name for _, name in used} - declared - SCHEMAORG_TERMS_ADDED)
    assert {name for kind, name in used if kind == "type"} >= {
        "Event", "EventSeries", "Person", "Organization", "Place", "SoftwareApplication"}


def test_read_with_the_local_context_it_is_the_translation(document: dict[str, Any],
                                                           translated: Graph) -> None:
    parsed = Graph().parse(data=with_local_context(document), format="json-ld")
    assert len(parsed) == len(translated) > 500
    assert isomorphic(parsed, translated)
    assert all(str(p).startswith(str(SCHEMA)) or p == RDF.type for p in parsed.predicates())


def test_oxigraph_reads_the_same_graph(document: dict[str, Any], translated: Graph) -> None:
    import pyoxigraph

    quads = pyoxigraph.parse(with_local_context(document).encode(), pyoxigraph.RdfFormat.JSON_LD)
    nquads = pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.N_QUADS).decode()
    assert isomorphic(Graph().parse(data=nquads, format="nquads"), translated)


def test_oxigraph_refuses_to_fetch_the_remote_context(document: dict[str, Any]) -> None:
    import pyoxigraph

    with pytest.raises(SyntaxError, match="remote context"):
        list(pyoxigraph.parse(json.dumps(document).encode(), pyoxigraph.RdfFormat.JSON_LD))


def test_a_talk_in_schema_org_terms(translated: Graph) -> None:
    def values(prop: str) -> set[Any]:
        return set(translated.objects(TALK, SCHEMA[prop]))

    assert values("name") == {Literal("Introducing Disque")}
    assert set(translated.objects(TALK, RDF.type)) == {SCHEMA.Event}
    assert values("performer") == {ID["person/salvatore-sanfilippo"]}
    assert values("superEvent") == {ID["conference/dotscale-2015"]}
    assert values("about") >= {ID["technology/disque"]}
    assert values("mentions") >= {ID["technology/redis"]}
    assert Literal("2015-06-08") in values("startDate")
    conference = ID["conference/dotscale-2015"]
    assert (conference, RDF.type, SCHEMA.Event) in translated
    assert (conference, SCHEMA.superEvent, ID["series/dotscale"]) in translated
    venue = translated.value(conference, SCHEMA.location)
    assert venue is not None and (venue, RDF.type, SCHEMA.Place) in translated
    assert (ID["person/salvatore-sanfilippo"], RDF.type, SCHEMA.Person) in translated


def test_every_talk_is_an_event_with_a_performer_and_a_date(kg: KnowledgeGraph,
                                                            translated: Graph) -> None:
    union = kg.union()
    talks = {talk for kind in (DS.Talk, DS.LightningTalk)
             for talk in union.subjects(RDF.type, kind)}
    assert len(talks) > 30
    for talk in talks:
        assert (talk, RDF.type, SCHEMA.Event) in translated, talk
        assert translated.value(talk, SCHEMA.performer) is not None, talk
        assert translated.value(talk, SCHEMA.startDate) is not None, talk
        assert translated.value(talk, SCHEMA.superEvent) is not None, talk


def test_web_addresses_are_links(translated: Graph) -> None:
    urls = set(translated.objects(None, SCHEMA.url))
    assert urls and all(isinstance(url, URIRef) for url in urls)


def test_the_export_is_deterministic(kg: KnowledgeGraph, document: dict[str, Any]) -> None:
    assert json.loads(serialize(kg, "schemaorg")) == document


def test_cli_writes_the_schema_org_export(cli, exported: Callable[[str], bytes]) -> None:
    result = cli("export", "--format", "schemaorg")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.encode() == exported("schemaorg")


def test_dates_are_plain_strings_and_whole_numbers_numbers(document: dict[str, Any]) -> None:
    by_id = {node["@id"]: node for node in document["@graph"]}
    assert by_id[str(ID["conference/dotscale-2015"])]["startDate"] == "2015-06-08"
    positions = [node["position"] for node in document["@graph"] if "position" in node]
    assert positions and all(isinstance(p, int) for p in positions)
    assert "@value" not in json.dumps(document)


def test_the_blogs_own_spellings_are_not_published(kg: KnowledgeGraph,
                                                  document: dict[str, Any]) -> None:
    given = [node.get("alternateName") for node in document["@graph"]]
    names = {name for value in given if value
             for name in (value if isinstance(value, list) else [value])}
    assert "golang" in names and "CRDT" in names  # alternative names the archive gives
    for misspelling in ("Mario Loreido", "Cap'n Prot", "Jepsen IV - Hope Spring Eternal",
                        "update-notification-common"):
        assert misspelling not in names, misspelling
    assert (ID["person/mario-loriedo"], SKOS.altLabel, Literal("Mario Loreido")) in kg.union()


def test_read_offline_as_documented(exported: Callable[[str], bytes],
                                    translated: Graph) -> None:
    assert isomorphic(read_offline(exported("schemaorg").decode()), translated)
