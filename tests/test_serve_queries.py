"""The query library as a web API and the explorer's data, on a real server: every library
query over HTTP answers what ``dotscale query`` prints, also through ``--store sparql:URL``."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator

import pytest
from rdflib import Graph

import graph
from graph.loading.store import KnowledgeGraph
from graph.querying.library import all_queries
from graph.querying.results import render
from tests.helpers.web_server import WebServer

pytest.importorskip("starlette")

NAMES = [q.name for q in all_queries()]


@pytest.fixture(scope="module")
def server(kg: KnowledgeGraph) -> Iterator[WebServer]:
    with WebServer(kg) as running:
        yield running


@pytest.fixture(scope="module")
def remote(server: WebServer) -> KnowledgeGraph:
    """The graph as ``dotscale --store sparql:URL --no-bundled`` sees the server."""
    return graph.load(store=f"sparql:{server.url}/sparql", bundled=False)


def machine_format(kg: KnowledgeGraph, name: str) -> str:
    return "ttl" if graph.query(kg, graph.find(name)).graph is not None else "csv"


@pytest.mark.parametrize("name", NAMES)
def test_every_library_query_over_http_answers_as_dotscale_query(
        server: WebServer, kg: KnowledgeGraph, cli, name: str) -> None:
    fmt = machine_format(kg, name)
    printed = cli("query", name, "--format", fmt)
    assert printed.exit_code == 0
    answer = server.get(f"/queries/{name}", format=fmt)
    assert answer.status == 200, answer.text
    assert answer.text == printed.stdout
    by_protocol = server.get("/sparql", query=graph.find(name).text, format=fmt)
    if not graph.find(name).params:  # with parameters the text alone has no defaults bound
        assert by_protocol.text == printed.stdout


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_every_library_query_through_the_endpoint_as_a_store(
        remote: KnowledgeGraph, kg: KnowledgeGraph, name: str) -> None:
    query = graph.find(name)
    here, there = graph.query(kg, query), graph.query(remote, query)
    if here.graph is not None:
        assert there.graph is not None
        assert set(there.graph) == set(here.graph)
    else:
        assert render(there, "csv") == render(here, "csv")


def test_parameters_bind_as_bind_does(server: WebServer, cli) -> None:
    for value in ("Kafka", "apache kafka", "id:technology/apache-kafka",
                  "<https://w3id.org/dotscale/id/technology/apache-kafka>"):
        answer = server.get("/queries/talks-about", format="csv", tech=value)
        assert answer.status == 200
        assert answer.text == cli("query", "talks-about", "--bind", f"tech={value}",
                                  "--format", "csv").stdout
    as_json = server.get("/queries/talks-about", accept="application/sparql-results+json",
                         tech="Redis")
    assert as_json.kind == "application/sparql-results+json"
    assert json.loads(as_json.body)["results"]["bindings"]


@pytest.mark.parametrize(("path", "status", "says"), [
    ("/queries/talks-about?tech=Kafak&format=csv", 400, "did you mean: Apache Kafka"),
    ("/queries/talks-about?technology=Kafka&format=csv", 400, "no parameter 'technology'"),
    ("/queries/talks-about?tech=Kafka&tech=Redis&format=csv", 400, "given twice"),
    ("/queries/no-such-query", 404, "no-such-query"),
    ("/queries/program?format=ttl", 406, "a SELECT answer is written as one of"),
    ("/queries/program?format=png", 400, "format='png' is not offered"),
    ("/network/program.json", 404, "not a projection"),
    ("/network/pyproject.toml.json", 404, "no query named 'pyproject.toml'"),
    ("/network/graph-overview.json?around=Nobody+At+All", 400, "Nobody At All"),
    ("/network/graph-overview.json?hops=9", 400, "hops='9'"),
    ("/explorer/network?projection=program", 404, "no projection 'program'"),
])
def test_bad_query_requests(server: WebServer, path: str, status: int, says: str) -> None:
    answer = server.request(path)
    assert answer.status == status, answer.text
    assert says in answer.text


def test_the_list_of_queries(server: WebServer) -> None:
    listed = json.loads(server.get("/queries", accept="application/json").body)
    assert [q["name"] for q in listed] == NAMES
    about = next(q for q in listed if q["name"] == "talks-about")
    assert about["title"] == "Talks about a technology"
    assert about["parameters"][0]["name"] == "tech"
    assert about["parameters"][0]["default"] == "Redis"
    page = server.get("/queries", accept="text/html").text
    for name in NAMES:
        assert f'href="/queries/{name}"' in page


def test_a_query_page_has_a_form_and_a_table_of_linked_labels(server: WebServer) -> None:
    page = server.get("/queries/talks-about", accept="text/html", tech="Kafka").text
    assert '<input name="tech" value="Kafka"' in page
    table = re.search(r'<table class="results" id="answer">(.*?)</table>', page, re.S)
    assert table is not None
    assert ('<a href="/id/technology/apache-kafka">Apache Kafka</a>' in table.group(1))
    bad = server.get("/queries/talks-about", accept="text/html", tech="Kafak")
    assert bad.status == 400
    assert 'class="error"' in bad.text and "Kafak" in html.unescape(bad.text)


def test_a_projection_page_has_its_picture(server: WebServer) -> None:
    page = server.get("/queries/graph-talk-topic", accept="text/html").text
    assert 'data-source="/network/graph-talk-topic.json?"' in page
    svg = server.get("/queries/graph-talk-topic", format="svg")
    assert svg.kind == "image/svg+xml" and b"<svg" in svg.body
    png = server.get("/queries/graph-talk-topic", accept="image/png")
    assert png.kind == "image/png" and png.body.startswith(b"\x89PNG")


def test_network_data_is_the_projection(server: WebServer, kg: KnowledgeGraph) -> None:
    data = json.loads(server.get("/network/graph-technology-co-mention.json").body)
    projected = graph.project(kg, "graph-technology-co-mention")
    assert {n["id"] for n in data["nodes"]} == set(projected.nodes)
    assert len(data["links"]) == projected.number_of_edges()
    assert all(n["colour"].startswith("#") for n in data["nodes"])
    assert {entry["kind"] for entry in data["legend"]}
    around = json.loads(server.get("/network/graph-overview.json", around="Redis").body)
    ego = graph.project(kg, "graph-overview", around="Redis")
    assert {n["id"] for n in around["nodes"]} == set(ego.nodes)


def test_openapi_describes_every_query(server: WebServer) -> None:
    described = json.loads(server.get("/openapi.json").body)
    assert described["openapi"].startswith("3.")
    for name in NAMES:
        operation = described["paths"][f"/queries/{name}"]["get"]
        assert operation["operationId"] == name
    params = described["paths"]["/queries/talks-about"]["get"]["parameters"]
    assert params[0]["name"] == "tech" and params[0]["schema"]["default"] == "Redis"
    assert {"get", "post"} <= set(described["paths"]["/sparql"])


def test_the_explorer_offers_the_library_and_the_prefixes(server: WebServer) -> None:
    page = server.get("/explorer", accept="text/html").text
    examples = re.search(r'<script type="application/json" id="library">(.*?)</script>', page,
                         re.S)
    assert examples is not None
    assert [q["name"] for q in json.loads(examples.group(1))] == NAMES
    assert "<code>ds:</code>" in page and "<code>id:</code>" in page
    # scripts and styles come from this server only (no CDN)
    loaded = re.findall(r'<(?:script|link|img)[^>]*(?:src|href)="([^"]+)"', page)
    assert loaded and all(url.startswith("/static/") for url in loaded)


def test_the_ontology_is_served(server: WebServer) -> None:
    answer = server.get("/ontology")
    assert answer.kind == "text/turtle"
    assert len(Graph().parse(data=answer.body, format="turtle")) > 100
