"""Linked Data pages at /id/...: one IRI, several representations, on a real server."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

import graph
from graph.loading.store import KnowledgeGraph
from graph.namespaces import DS, ID
from tests.helpers.web_server import WebServer

pytest.importorskip("starlette")

TALK = ID["talk/2015/salvatore-sanfilippo-introducing-disque"]
REDIS = ID["technology/redis"]
HTACCESS = Path(graph.__file__).parent / "serving" / "w3id" / ".htaccess"
PARSERS = {"text/turtle": "turtle", "application/n-triples": "nt",
           "application/ld+json": "json-ld", "application/rdf+xml": "xml"}


@pytest.fixture(scope="module")
def server(kg: KnowledgeGraph) -> Iterator[WebServer]:
    with WebServer(kg) as running:
        yield running


def path_of(iri: URIRef) -> str:
    return "/id/" + str(iri)[len(str(ID)):]


def statements(kg: KnowledgeGraph, iri: URIRef) -> Graph:
    """Every triple about ``iri`` or pointing to it, straight from the store."""
    expected = Graph()
    for triple in kg.triples((iri, None, None)):
        expected.add(triple)
    for triple in kg.triples((None, None, iri)):
        expected.add(triple)
    return expected


def things(kg: KnowledgeGraph) -> list[URIRef]:
    found = graph.query(kg, "SELECT DISTINCT ?x WHERE { { ?x ?p ?o } UNION { ?s ?p ?x } "
                            "FILTER(isIRI(?x) && STRSTARTS(STR(?x), STR(id:))) }")
    return sorted(URIRef(row["x"]) for row in found.bindings)


def page(server: WebServer, iri: URIRef) -> str:
    answer = server.get(path_of(iri), accept="text/html")
    assert answer.status == 200, answer.text
    return answer.text


def test_every_thing_has_a_page_with_its_label(server: WebServer, kg: KnowledgeGraph) -> None:
    every = things(kg)
    assert len(every) > 100
    for iri in every:
        heading = re.search(r'<h1 id="label">(.*?)</h1>', page(server, iri))
        assert heading is not None, iri
        labels = {str(label) for label in kg.objects(iri, RDFS.label)}
        assert html.unescape(heading.group(1)) == (min(labels) if labels else
                                                   "id:" + str(iri)[len(str(ID)):]), iri


@pytest.mark.parametrize("accept", sorted(PARSERS))
def test_machines_get_every_statement_by_accept(server: WebServer, kg: KnowledgeGraph,
                                                accept: str) -> None:
    answer = server.get(path_of(TALK), accept=accept)
    assert answer.status == 200
    assert answer.kind == accept
    assert "Accept" in answer.headers["vary"]
    received = Graph().parse(data=answer.body, format=PARSERS[accept])
    assert set(received) == set(statements(kg, TALK))


@pytest.mark.parametrize(("suffix", "parser"), [(".ttl", "turtle"), (".nt", "nt"),
                                                (".jsonld", "json-ld"), (".rdf", "xml")])
def test_a_suffix_names_the_format(server: WebServer, kg: KnowledgeGraph, suffix: str,
                                   parser: str) -> None:
    answer = server.get(path_of(REDIS) + suffix, accept="text/html")
    assert answer.status == 200
    received = Graph().parse(data=answer.body, format=parser)
    assert set(received) == set(statements(kg, REDIS))


def test_format_parameter_names_the_format(server: WebServer) -> None:
    answer = server.get(path_of(REDIS), accept="text/html", format="nt")
    assert answer.kind == "application/n-triples"
    assert server.get(path_of(REDIS) + ".html").kind == "text/html"


def test_a_page_links_its_alternates_and_embeds_schema_org(server: WebServer) -> None:
    text = page(server, TALK)
    for kind, suffix in (("text/turtle", "ttl"), ("application/n-triples", "nt"),
                         ("application/ld+json", "jsonld"), ("application/rdf+xml", "rdf")):
        link = f'<link rel="alternate" type="{kind}" href="{path_of(TALK)}.{suffix}">'
        assert link in text
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
    assert script is not None
    document = json.loads(script.group(1))
    assert document["@context"] == "https://schema.org/"
    talk = next(node for node in document["@graph"] if node["@id"] == str(TALK))
    assert talk["@type"] == "Event"
    assert talk["name"] == "Introducing Disque"


def test_a_talk_page_links_its_video_and_slides_and_speakers(server: WebServer,
                                                             kg: KnowledgeGraph) -> None:
    text = page(server, TALK)
    video, slides = kg.value(TALK, DS.video), kg.value(TALK, DS.slides)
    assert video is not None and slides is not None
    assert f'<a class="button video" href="{html.escape(str(video))}">Video</a>' in text
    assert f'<a class="button slides" href="{html.escape(str(slides))}">Slides</a>' in text
    assert 'href="/id/person/salvatore-sanfilippo"' in text


@pytest.mark.parametrize(("pattern", "listed"), [
    ("?other ds:about|ds:mentions ?tech", "talks"),
    ("?other ds:uses ?tech", "users"),
    ("?tech ds:creator ?other", "creators"),
])
def test_a_technology_page_lists_talks_users_and_creators(
        server: WebServer, kg: KnowledgeGraph, pattern: str, listed: str) -> None:
    pairs = graph.query(kg, f"SELECT ?tech ?other WHERE {{ {pattern} . ?tech a ?kind . "
                            "?kind rdfs:subClassOf* ds:Technology } ORDER BY ?tech ?other")
    assert len(pairs.bindings) > 1
    by_tech: dict[URIRef, set[URIRef]] = {}
    for row in pairs.bindings:
        by_tech.setdefault(URIRef(row["tech"]), set()).add(URIRef(row["other"]))
    for tech, others in list(by_tech.items())[:5]:
        text = page(server, tech)
        items = re.search(rf'<ul id="{listed}">(.*?)</ul>', text, re.S)
        assert items is not None, tech
        linked = set(re.findall(r'<a href="(/id/[^"]+)"', items.group(1)))
        assert linked == {path_of(other) for other in others}, tech


def test_each_statement_names_its_source_graphs(server: WebServer) -> None:
    text = page(server, REDIS)
    row = re.search(r'<tr><td><a href="/id/talk/2015/salvatore-sanfilippo-introducing-disque"'
                    r'.*?</tr>', text, re.S)
    assert row is not None
    assert '<td class="graphs">marmelab-blog, technology-links</td>' in row.group(0)


def test_the_neighbourhood_picture_holds_the_linked_things(server: WebServer) -> None:
    text = page(server, REDIS)
    data = re.search(r'id="neighbourhood" data-graph="([^"]*)"', text)
    assert data is not None
    picture = json.loads(html.unescape(data.group(1)))
    assert picture["nodes"][0]["id"] == str(REDIS)
    assert {n["label"] for n in picture["nodes"]} >= {"Redis", "Introducing Disque"}
    assert {(link["source"], link["relation"]) for link in picture["links"]} >= {
        (str(REDIS), "creator")}
    assert not [n for n in picture["nodes"] if n["id"].startswith(str(ID["evidence/"]))]
    assert any(href.startswith("/id/evidence/") for href in re.findall(r'href="([^"]*)"', text)), \
        "the evidence is still listed among the statements"


@pytest.mark.parametrize(("path", "accept", "status", "says"), [
    ("/id/technology/no-such-thing", "text/html", 404, "says nothing about"),
    ("/id/technology/no-such-thing.ttl", "text/turtle", 404, "says nothing about"),
    ("/id/technology/a%3Cb%3E", None, 404, "names nothing"),
    ("/id/technology/redis", "image/png", 406, "offered here"),
    ("/id/technology/redis?format=yaml", None, 400, "format='yaml'"),
])
def test_bad_page_requests(server: WebServer, path: str, accept: str | None, status: int,
                           says: str) -> None:
    answer = server.request(path, accept=accept)
    assert answer.status == status
    assert says in answer.text


def test_the_w3id_redirects_lead_to_the_pages(server: WebServer) -> None:
    rules = re.findall(r"^RewriteRule \^(\S*) %\{ENV:TARGET\}(\S*) \[R=30[37]",
                       HTACCESS.read_text(), re.M)
    assert rules
    for published in (str(TALK), str(REDIS), "https://w3id.org/dotscale/ontology"):
        local = published.removeprefix("https://w3id.org/dotscale/")
        pattern, target = next((p, t) for p, t in rules if re.fullmatch(p.rstrip("$"), local))
        path = re.sub(pattern, target.replace("$", "\\"), local)
        answer = server.get(path, accept="text/turtle")
        assert answer.status == 200, path
        parsed = Graph().parse(data=answer.body, format="turtle")
        assert len(parsed) > 0


@pytest.fixture(scope="module")
def on_oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebServer]:
    pytest.importorskip("pyoxigraph")
    store = graph.load(store=f"oxigraph:{tmp_path_factory.mktemp('serve') / 'store'}")
    with WebServer(store) as running:
        yield running


@pytest.mark.slow
def test_pages_are_the_same_on_an_oxigraph_store(server: WebServer, on_oxigraph: WebServer,
                                                 kg: KnowledgeGraph) -> None:
    for iri in things(kg)[::7]:
        here = server.get(path_of(iri), accept="application/n-triples")
        there = on_oxigraph.get(path_of(iri), accept="application/n-triples")
        assert there.status == 200
        assert set(Graph().parse(data=there.body, format="nt")) == \
            set(Graph().parse(data=here.body, format="nt")), iri
        assert on_oxigraph.get(path_of(iri), accept="text/html").text == \
            server.get(path_of(iri), accept="text/html").text, iri
