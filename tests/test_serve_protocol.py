"""The SPARQL 1.1 Protocol at /sparql, on a real uvicorn server on a loopback port: methods,
result formats, content negotiation, the service description, CORS, refusals, limits, and real
clients (rdflib's SPARQLStore, and ``dotscale --store sparql:URL``)."""

from __future__ import annotations

import io
import json
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from rdflib.query import Result

import graph
from graph.loading.store import KnowledgeGraph
from graph.namespaces import ARCHIVE_GRAPH, ID
from graph.querying.results import render
from graph.serving.limits import Limits
from graph.serving.protocol import SD
from tests.helpers.web_server import Answer, WebServer

pytest.importorskip("starlette")
# a query the server answers may also warn (an unknown ds: term); the server goes on, and the
# warning goes to its stderr
pytestmark = pytest.mark.filterwarnings("ignore::graph.errors.DotscaleWarning")

SELECT = ("SELECT ?talk ?title WHERE { ?talk a ds:Talk ; rdfs:label ?title } "
          "ORDER BY ?title")
CONSTRUCT = "CONSTRUCT { ?t ds:speaker ?s } WHERE { ?t ds:speaker ?s }"
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def server(kg: KnowledgeGraph) -> Iterator[WebServer]:
    with WebServer(kg) as running:
        yield running


@pytest.fixture(scope="module")
def strict(kg: KnowledgeGraph) -> Iterator[WebServer]:
    """A server with tight limits: 0.5 s, 5 results, one query at a time, 2 kB bodies."""
    limits = Limits(timeout=0.5, max_results=5, concurrent=1, wait=0.2, max_body=2000)
    with WebServer(kg, limits) as running:
        yield running


def query(server: WebServer, text: str, accept: str | None = None, **more: str) -> Answer:
    return server.get("/sparql", accept=accept, query=text, **more)


# -- formats --------------------------------------------------------------------------------

@pytest.mark.parametrize(("accept", "kind", "parser"), [
    ("application/sparql-results+json", "application/sparql-results+json", "json"),
    ("application/sparql-results+xml", "application/sparql-results+xml", "xml"),
    ("application/json", "application/sparql-results+json", "json"),
    (None, "application/sparql-results+json", "json"),
])
def test_select_answers_in_each_w3c_format_hold_the_same_terms(
        server: WebServer, kg: KnowledgeGraph, accept: str | None, kind: str, parser: str
) -> None:
    answer = query(server, SELECT, accept)
    assert answer.status == 200, answer.text
    assert answer.kind == kind
    parsed = Result.parse(io.BytesIO(answer.body), format=parser)
    local = graph.query(kg, SELECT)
    assert [{str(k): v for k, v in row.asdict().items()} for row in parsed] == local.bindings
    assert len(local.bindings) > 10


@pytest.mark.parametrize(("accept", "fmt"), [("text/csv", "csv"),
                                             ("text/tab-separated-values", "tsv")])
def test_csv_and_tsv_are_what_dotscale_query_prints(server: WebServer, kg: KnowledgeGraph,
                                                    accept: str, fmt: str) -> None:
    answer = query(server, SELECT, accept)
    assert answer.status == 200
    assert answer.text == render(graph.query(kg, SELECT), fmt)


def test_format_parameter_overrides_accept(server: WebServer) -> None:
    answer = query(server, SELECT, "application/sparql-results+xml", format="csv")
    assert answer.kind == "text/csv"
    assert answer.text.startswith("talk,title\r\n")


@pytest.mark.parametrize(("accept", "parser"), [
    ("text/turtle", "turtle"), ("application/n-triples", "nt"),
    ("application/ld+json", "json-ld"), ("application/rdf+xml", "xml"), (None, "turtle")])
def test_construct_answers_in_rdf_formats(server: WebServer, kg: KnowledgeGraph,
                                          accept: str | None, parser: str) -> None:
    answer = query(server, CONSTRUCT, accept)
    assert answer.status == 200, answer.text
    received = Graph().parse(data=answer.body, format=parser)
    local = graph.query(kg, CONSTRUCT).graph
    assert local is not None and len(local) > 10
    assert isomorphic(received, local)


def test_ask_answers_a_boolean(server: WebServer) -> None:
    yes = query(server, "ASK { ?t a ds:Talk }", "application/sparql-results+json")
    no = query(server, "ASK { ?t a ds:Nothing }", "application/sparql-results+json")
    assert json.loads(yes.body)["boolean"] is True
    assert json.loads(no.body)["boolean"] is False


def test_get_post_form_and_post_direct_answer_alike(server: WebServer) -> None:
    by_get = query(server, SELECT, "text/csv")
    by_form = server.post_form("/sparql", {"query": SELECT}, accept="text/csv")
    by_body = server.request("/sparql", method="POST", accept="text/csv", data=SELECT.encode(),
                             headers={"Content-Type": "application/sparql-query"})
    assert by_get.status == by_form.status == by_body.status == 200
    assert by_get.body == by_form.body == by_body.body


def test_unacceptable_types_and_unknown_formats_are_refused(server: WebServer) -> None:
    refused = query(server, SELECT, "image/png")
    assert refused.status == 406
    assert "offered here" in refused.text
    unknown = query(server, SELECT, format="yaml")
    assert unknown.status == 400
    assert "format='yaml'" in unknown.text
    graph_as_table = query(server, CONSTRUCT, "text/csv")
    assert graph_as_table.status == 406


# -- service description and CORS -----------------------------------------------------------

def test_service_description_without_a_query(server: WebServer, kg: KnowledgeGraph) -> None:
    answer = server.get("/sparql", accept="text/turtle")
    assert answer.status == 200
    assert answer.kind == "text/turtle"
    described = Graph().parse(data=answer.body, format="turtle")
    service = URIRef(server.url + "/sparql")
    assert (service, RDF.type, SD.Service) in described
    assert (service, SD.endpoint, service) in described
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in described
    assert ARCHIVE_GRAPH in set(described.objects(None, SD.name))


def test_a_browser_asking_the_endpoint_gets_the_editor(server: WebServer) -> None:
    answer = server.get("/sparql", accept="text/html,*/*;q=0.8")
    assert answer.status == 200  # after the 303 to /explorer
    assert 'id="editor"' in answer.text


def test_cors_allows_any_origin(server: WebServer) -> None:
    simple = server.request("/sparql?query=ASK%7B%7D", headers={"Origin": "https://example.org"})
    assert simple.headers["access-control-allow-origin"] == "*"
    preflight = server.request("/sparql", method="OPTIONS", headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert preflight.status == 200
    assert "POST" in preflight.headers["access-control-allow-methods"]


# -- what is refused ------------------------------------------------------------------------

@pytest.mark.parametrize(("send", "status", "says"), [
    (lambda s: query(s, "SELECT ?x WHERE { ?x ?p }"), 400, "SPARQL syntax error"),
    (lambda s: query(s, "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"),
     400, "refused: SERVICE"),
    (lambda s: query(s, "SELECT * FROM <http://example.org/data.ttl> WHERE { ?s ?p ?o }"),
     400, "refused: FROM"),
    (lambda s: query(s, "SELECT * WHERE { ?s nope:p ?o }"), 400, "unknown prefix 'nope:'"),
    (lambda s: query(s, "DROP ALL"), 403, "read-only"),
    (lambda s: s.post_form("/sparql", {"update": "CLEAR ALL"}), 403, "read-only"),
    (lambda s: s.request("/sparql", method="POST", data=b"CLEAR ALL",
                         headers={"Content-Type": "application/sparql-update"}), 403,
     "read-only"),
    (lambda s: s.request("/sparql", method="PUT", data=b"x"), 405, "PUT is not allowed"),
    (lambda s: s.request("/sparql", method="DELETE"), 405, "DELETE is not allowed"),
    (lambda s: s.request("/sparql", method="POST", data=b"query=ASK{}",
                         headers={"Content-Type": "text/plain"}), 415, "application/sparql-query"),
    (lambda s: s.request("/sparql?query=ASK%7B%7D&query=ASK%7B%7D"), 400, "2 'query' parameters"),
    (lambda s: s.request("/sparql", method="POST", data=b"ASK {\xff}",
                         headers={"Content-Type": "application/sparql-query"}), 400, "not UTF-8"),
    (lambda s: query(s, "ASK {}", **{"default-graph-uri": "http://example.org/g"}), 400,
     "does not hold"),
    (lambda s: query(s, "ASK {}", **{"default-graph-uri": str(ARCHIVE_GRAPH)}), 400,
     "whole graph only"),
    (lambda s: s.get("/nowhere"), 404, "nothing is served at /nowhere"),
])
def test_bad_requests_get_a_clear_status_and_message(
        server: WebServer, send: Callable[[WebServer], Answer], status: int, says: str) -> None:
    answer = send(server)
    assert (answer.status, says in answer.text) == (status, True), answer.text
    assert answer.text.count("\n") == 1  # one line
    assert query(server, "ASK { ?s ?p ?o }", "text/csv").text == "true\r\n"  # still serving


def test_query_text_is_never_read_as_a_file_or_a_library_name(server: WebServer,
                                                              tmp_path: Path) -> None:
    secret = tmp_path / "secret.rq"
    secret.write_text("SELECT ?x WHERE { ?x ?p 'SECRET-CONTENT' }", encoding="utf-8")
    for text in (str(secret), "program"):
        answer = query(server, text, "text/csv")
        assert answer.status == 400
        assert "SPARQL syntax error" in answer.text and "SECRET" not in answer.text


def test_the_whole_dataset_may_be_named_as_dotscale_does(server: WebServer,
                                                         kg: KnowledgeGraph) -> None:
    names = [str(g.identifier) for g in kg.graphs()]
    fields = [("query", "ASK { ?t a ds:Talk }")] + [("default-graph-uri", n) for n in names] \
        + [("named-graph-uri", n) for n in names]
    answer = server.request("/sparql?" + urllib.parse.urlencode(fields), accept="text/csv")
    assert (answer.status, answer.text) == (200, "true\r\n")


def test_a_huge_body_is_refused_before_it_is_read(strict: WebServer) -> None:
    huge = "ASK {}" + " " * 5000
    answer = strict.post_form("/sparql", {"query": huge})
    assert answer.status == 413
    assert "limit of 2000 bytes" in answer.text


# -- limits ---------------------------------------------------------------------------------

def test_a_query_past_the_time_limit_is_stopped_with_408(strict: WebServer) -> None:
    started = time.monotonic()
    answer = query(strict, ENDLESS)
    assert answer.status == 408
    assert "longer than the server's limit of 0.5 s" in answer.text
    assert time.monotonic() - started < 5
    assert query(strict, "ASK { ?s ?p ?o }", "text/csv").text == "true\r\n"


def test_too_large_an_answer_is_refused_with_503(strict: WebServer) -> None:
    answer = query(strict, "SELECT * WHERE { ?s ?p ?o } LIMIT 6")
    assert answer.status == 503
    assert "more than the server's limit of 5 results" in answer.text
    assert query(strict, "SELECT * WHERE { ?s ?p ?o } LIMIT 5").status == 200


def test_queries_beyond_the_concurrency_bound_wait_then_get_503(strict: WebServer) -> None:
    answers: list[Answer] = []
    slow = threading.Thread(target=lambda: answers.append(query(strict, ENDLESS)))
    slow.start()
    time.sleep(0.1)  # the slow query holds the one slot for 0.5 s; the wait is 0.2 s
    busy = query(strict, "ASK {}")
    slow.join()
    assert busy.status == 503
    assert busy.headers["retry-after"] == "1"
    assert "busy" in busy.text
    assert answers[0].status == 408
    assert query(strict, "ASK {}").status == 200


# -- real clients ---------------------------------------------------------------------------

def test_rdflib_sparqlstore_reads_the_endpoint(server: WebServer, kg: KnowledgeGraph) -> None:
    remote = Graph(SPARQLStore(server.url + "/sparql", returnFormat="json"))
    rows = remote.query("PREFIX ds: <https://w3id.org/dotscale/ontology#> "
                        "SELECT ?talk WHERE { ?talk a ds:Talk } ORDER BY ?talk")
    expected = [row["talk"] for row in graph.query(kg, "SELECT ?talk WHERE { ?talk a ds:Talk }"
                                                         " ORDER BY ?talk").bindings]
    assert [row[0] for row in rows] == expected  # type: ignore[index]
    assert (ID["technology/redis"], None, None) in remote
    redis_label = remote.value(ID["technology/redis"], URIRef(
        "http://www.w3.org/2000/01/rdf-schema#label"))
    assert redis_label == Literal("Redis")


def test_dotscale_query_on_the_endpoint_as_its_store(server: WebServer, cli) -> None:
    local = cli("query", "program", "--format", "csv")
    remote = cli("query", "program", "--format", "csv", "--no-bundled",
                 "--store", f"sparql:{server.url}/sparql")
    assert remote.exit_code == 0, remote.stderr
    assert remote.stdout == local.stdout
    bound = cli("query", "talks-about", "--bind", "tech=Kafka", "--format", "csv",
                "--no-bundled", "--store", f"sparql:{server.url}/sparql")
    assert bound.exit_code == 0, bound.stderr
    assert bound.stdout == cli("query", "talks-about", "--bind", "tech=Kafka",
                               "--format", "csv").stdout


def test_loading_into_the_endpoint_is_refused(server: WebServer, cli) -> None:
    attempt = cli("query", "program", "--store", f"sparql:{server.url}/sparql")
    assert attempt.exit_code == 1
    assert "cannot be changed" in attempt.stderr or "403" in attempt.stderr


def test_concurrent_requests_are_each_answered(server: WebServer, kg: KnowledgeGraph) -> None:
    """Queries parsed at the same time in several threads (rdflib's parser is not thread-safe:
    unguarded, some fail with a spurious error)."""
    texts = [f"SELECT ?t WHERE {{ ?t a ds:Talk ; rdfs:label ?l }} ORDER BY ?t LIMIT {n}"
             for n in range(1, 41)]
    answers: dict[int, Answer] = {}

    def send(first: int) -> None:
        for n in range(first, len(texts), 8):
            if n % 2:
                answers[n] = server.post_form("/sparql", {"query": texts[n]}, accept="text/csv")
            else:
                answers[n] = query(server, texts[n], "text/csv")

    threads = [threading.Thread(target=send, args=(first,)) for first in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers) == list(range(len(texts)))
    for n, answer in answers.items():
        assert answer.status == 200, answer.text
        assert answer.text == render(graph.query(kg, texts[n]), "csv")


def test_the_limits_hold_for_pictures_too(kg: KnowledgeGraph) -> None:
    """A projection's answer of more results than the limit is refused (on a server that
    gives it time to be answered: rdflib's engine can take more than 0.5 s on a busy machine)."""
    with WebServer(kg, Limits(timeout=60, max_results=5)) as server:
        answer = server.get("/network/graph-talk-topic.json")
        assert answer.status == 503
        assert "limit of 5 results" in answer.text
        assert server.get("/queries/graph-talk-topic", format="svg").status == 503
