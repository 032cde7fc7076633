"""Running queries through the Python API: answers, parameters, errors, refusals, the timeout."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDFS, XSD

from graph.errors import DotscaleError, DotscaleWarning
from graph.loading.loader import load, load_file
from graph.loading.store import KnowledgeGraph
from graph.namespaces import DS, ID, ONTOLOGY_IRI
from graph.querying.execute import run
from graph.querying.library import find, from_text
from graph.util.resources import ONTOLOGY_FILE

SMALL = """\
@prefix ds:   <https://w3id.org/dotscale/ontology#> .
@prefix id:   <https://w3id.org/dotscale/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .

<https://w3id.org/dotscale/id/talk/2015/disque> a ds:Talk ;
    rdfs:label "Introducing Disque" ;
    skos:altLabel "Disque: a Distributed Message Queue" ;
    ds:speaker <https://w3id.org/dotscale/id/person/salvatore-sanfilippo> ;
    ds:about <https://w3id.org/dotscale/id/technology/disque> ;
    ds:mentions <https://w3id.org/dotscale/id/technology/redis> .
<https://w3id.org/dotscale/id/talk/2015/logs> a ds:Talk ;
    rdfs:label "Logs" ;
    ds:mentions <https://w3id.org/dotscale/id/technology/apache-kafka> .
<https://w3id.org/dotscale/id/person/salvatore-sanfilippo> a ds:Person ;
    rdfs:label "Salvatore Sanfilippo" ; skos:altLabel "antirez" .
<https://w3id.org/dotscale/id/technology/disque> a ds:MessageBroker ; rdfs:label "Disque" .
<https://w3id.org/dotscale/id/technology/redis> a ds:KeyValueStore ; rdfs:label "Redis" .
<https://w3id.org/dotscale/id/technology/apache-kafka> a ds:MessageBroker ;
    rdfs:label "Apache Kafka" ; skos:altLabel "Kafka" .
<https://w3id.org/dotscale/id/technology/docker> a ds:ContainerTool ; rdfs:label "Docker" .
<https://w3id.org/dotscale/id/organization/docker> a ds:Organization ; rdfs:label "Docker" .
"""
DISQUE_TALK = ID["talk/2015/disque"]
ALICE = "https://example.org/alice"
LOGS_TALK = ID["talk/2015/logs"]
TALKS_NAMING = """\
# title: Talks naming a technology
# description: d
# param: tech (node ds:Technology) = Redis -- the technology
PREFIX ds: <https://w3id.org/dotscale/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?talk ?title ?speaker WHERE {
  ?talk ds:about|ds:mentions ?tech ; rdfs:label ?title .
  OPTIONAL { ?talk ds:speaker ?speaker }
} ORDER BY ?title
"""


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeGraph:
    """The ontology and a few talks: a graph whose answers the tests know by heart."""
    path = tmp_path_factory.mktemp("data") / "small.ttl"
    path.write_text(SMALL, encoding="utf-8")
    kg = load(bundled=False, data=[path], store="memory")  # rdflib's engine: FROM fetches
    load_file(kg, ONTOLOGY_FILE, ONTOLOGY_IRI)
    return kg


def talks_naming(small: KnowledgeGraph, tech: str) -> list[str]:
    result = run(small, from_text(TALKS_NAMING, "talks-naming"), bindings={"tech": tech})
    return [row["title"] for row in result.rows]


# -- answers ---------------------------------------------------------------------------------


def test_select_gives_rows_as_python_values_and_bindings_as_terms(
        small: KnowledgeGraph) -> None:
    result = run(small, from_text(TALKS_NAMING, "q"), bindings={"tech": "Apache Kafka"})
    assert result.kind == "SELECT"
    assert result.variables == ["talk", "title", "speaker"]
    assert result.bindings == [{"talk": LOGS_TALK, "title": Literal("Logs")}]
    assert result.rows == [{"talk": str(LOGS_TALK), "title": "Logs", "speaker": None}]
    assert result.ordered


def test_ask_construct_and_describe(small: KnowledgeGraph) -> None:
    assert run(small, f"ASK {{ ?t ds:mentions <{ID['technology/redis']}> }}").boolean is True
    with pytest.warns(DotscaleWarning, match="ds:Nothing is not a term of the ontology"):
        assert run(small, "ASK { ?t ds:mentions ds:Nothing }").boolean is False
    built = run(small, "CONSTRUCT { ?t ds:mentions ?x } WHERE { ?t ds:mentions ?x }").graph
    assert built is not None and len(built) == 2
    described = run(small, f"DESCRIBE <{DISQUE_TALK}>").graph
    assert described is not None
    assert (DISQUE_TALK, RDFS.label, Literal("Introducing Disque")) in described


def test_library_queries_run_with_their_defaults(kg: KnowledgeGraph) -> None:
    result = run(kg, find("talks-about"))
    assert any("Disque" in row["title"] for row in result.rows)
    assert run(kg, find("talk-mentions-both")).boolean is True


# -- binding parameters ----------------------------------------------------------------------


def test_a_name_binds_the_node_with_that_label_or_alternative_label(small: KnowledgeGraph) -> None:
    assert talks_naming(small, "Redis") == ["Introducing Disque"]
    assert talks_naming(small, "kafka") == ["Logs"]  # skos:altLabel, any case
    assert talks_naming(small, "  APACHE KAFKA ") == ["Logs"]


def test_an_iri_binds_as_written(small: KnowledgeGraph) -> None:
    assert talks_naming(small, f"<{ID['technology/disque']}>") == ["Introducing Disque"]
    assert talks_naming(small, "id:technology/apache-kafka") == ["Logs"]


def test_the_default_is_used_when_nothing_is_bound(small: KnowledgeGraph) -> None:
    result = run(small, from_text(TALKS_NAMING, "q"))
    assert [row["title"] for row in result.rows] == ["Introducing Disque"]
    assert result.parameters == {"tech": ID["technology/redis"]}


def test_a_class_restricted_parameter_only_matches_instances_of_that_class(
        small: KnowledgeGraph) -> None:
    assert talks_naming(small, "Docker") == []  # the technology, not the company
    with pytest.raises(DotscaleError, match="no ds:Technology in the graph is named 'antirez'"):
        talks_naming(small, "antirez")


def test_an_ambiguous_name_lists_the_candidates(small: KnowledgeGraph) -> None:
    query = "SELECT ?x WHERE { ?x a ?c }"
    with pytest.raises(DotscaleError) as caught:
        run(small, query, bindings={"x": "docker"})
    assert str(caught.value) == (
        "bindings={'x': 'docker'}: 'docker' names 2 nodes: id:organization/docker (Docker), "
        "id:technology/docker (Docker); bind one by its IRI")


def test_an_unknown_name_suggests_close_ones(small: KnowledgeGraph) -> None:
    with pytest.raises(DotscaleError, match=r"named 'Rediss'; did you mean: Redis\?"):
        talks_naming(small, "Rediss")


def test_suggestions_come_closest_first(kg: KnowledgeGraph) -> None:
    with pytest.raises(DotscaleError, match=r"named 'Redsi'; did you mean: Redis, ") as caught:
        run(kg, "talks-about", bindings={"tech": "Redsi"})
    assert "Amazon Redshift" in str(caught.value)  # further, and first in alphabetical order


def test_an_iri_that_is_not_in_the_graph_is_an_error(small: KnowledgeGraph) -> None:
    with pytest.raises(DotscaleError, match=r"<https://w3id\.org/dotscale/id/technology/nope> "
                                            r"is not in the graph"):
        talks_naming(small, "id:technology/nope")


def test_values_are_bound_as_terms_never_pasted_into_the_text(small: KnowledgeGraph) -> None:
    query = from_text("# title: t\n# description: d\n# param: title (literal) -- a title\n"
                      "SELECT ?talk WHERE { ?talk rdfs:label ?title }", "q")
    assert run(small, query, bindings={"title": "Logs"}).bindings == [{"talk": LOGS_TALK}]
    injected = 'Logs" } UNION { ?talk ?p ?o } #'
    assert run(small, query, bindings={"title": injected}).bindings == []


def test_typed_literal_parameters_are_checked(small: KnowledgeGraph) -> None:
    query = from_text("# title: t\n# description: d\n# param: n (literal xsd:integer) = 1 -- n\n"
                      "SELECT ?n WHERE {}", "q")
    assert run(small, query, bindings={"n": "42"}).bindings == [
        {"n": Literal("42", datatype=XSD.integer)}]
    forty = re.escape("bindings={'n': 'forty'}: not a valid xsd:integer")
    with pytest.raises(DotscaleError, match=forty):
        run(small, query, bindings={"n": "forty"})


def test_a_required_parameter_left_unbound_is_named(small: KnowledgeGraph) -> None:
    query = from_text("# param: talk -- the talk to describe\nDESCRIBE ?talk", "describe")
    with pytest.raises(DotscaleError, match=re.escape(
            "describe needs a value for its parameter 'talk' (the talk to describe): "
            "pass bindings={'talk': 'VALUE'}")):
        run(small, query)


def test_an_unknown_parameter_lists_the_declared_ones(small: KnowledgeGraph) -> None:
    with pytest.raises(DotscaleError, match="q has no parameter 'teck'; its parameters: tech"):
        run(small, from_text(TALKS_NAMING, "q"), bindings={"teck": "Redis"})


def test_a_query_without_parameters_may_bind_any_of_its_variables(small: KnowledgeGraph) -> None:
    query = "SELECT ?title WHERE { ?talk rdfs:label ?title }"
    result = run(small, query, bindings={"talk": "Logs"})
    assert result.rows == [{"title": "Logs"}]
    with pytest.raises(DotscaleError, match=r"no variable \?nope to bind; its variables: "
                                            "talk, title"):
        run(small, query, bindings={"nope": "x"})


# -- errors ----------------------------------------------------------------------------------


def test_a_syntax_error_names_the_query_line_column_and_text(small: KnowledgeGraph) -> None:
    text = "# title: t\n# description: d\nSELECT ?x WHERE {\n  ?x ?p ?o .\n  FILTER(?o > )\n}\n"
    with pytest.raises(DotscaleError) as caught:
        run(small, from_text(text, "broken.rq"))
    assert str(caught.value) == "broken.rq:5:3: SPARQL syntax error near 'FILTER(?o > )'"


def test_an_unknown_prefix_names_its_line(small: KnowledgeGraph) -> None:
    with pytest.raises(DotscaleError, match=r"^query:2: unknown prefix 'foo:'"):
        run(small, "SELECT ?x WHERE {\n ?x foo:bar ?y }")


def test_unknown_library_names_get_suggestions() -> None:
    with pytest.raises(DotscaleError, match="no query named 'talks-abut'; did you mean: "
                                            "talks-about"):
        find("talks-abut")


# -- refusals --------------------------------------------------------------------------------


@pytest.mark.parametrize("update", [
    "INSERT DATA { <https://example.org/a> <https://example.org/b> 1 }",
    "DELETE WHERE { ?s ?p ?o }",
    "CLEAR ALL",
    "LOAD <http://127.0.0.1:9/data.ttl>",
    "DROP GRAPH <https://w3id.org/dotscale/graph/small>",
])
def test_updates_are_refused_and_change_nothing(small: KnowledgeGraph, update: str) -> None:
    before = len(small)
    with pytest.raises(DotscaleError, match=r"refused: this is a SPARQL update; graph\.query "
                                            "only reads the graph"):
        run(small, update)
    assert len(small) == before


class Listener:
    """A local HTTP server that records every request: ``*.ttl`` paths answer one triple in
    Turtle, any other path one SPARQL solution."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        listener = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                listener.requests.append(f"{self.command} {self.path}")
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                if self.path.endswith(".ttl"):
                    kind, body = "text/turtle", f"<{ALICE}> <{ALICE}> 'fetched' .".encode()
                else:
                    kind = "application/sparql-results+json"
                    body = json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": [
                        {"x": {"type": "literal", "value": "from the endpoint"}}]}}).encode()
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_POST = do_GET

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        self.thread = threading.Thread(target=self.server.serve_forever,
                                       kwargs={"poll_interval": 0.02}, daemon=True)

    def __enter__(self) -> Listener:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


@pytest.fixture
def listener() -> Iterator[Listener]:
    with Listener() as running:
        yield running


def test_service_is_refused_without_any_connection(small: KnowledgeGraph,
                                                   listener: Listener) -> None:
    query = f"SELECT ?x WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?x }} }}"
    with pytest.raises(DotscaleError, match=f"refused: SERVICE <{listener.url}> would send a "
                                            "request over the network; pass allow_network=True"):
        run(small, query)
    nested = f"ASK {{ FILTER EXISTS {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }} }}"
    with pytest.raises(DotscaleError, match="refused: SERVICE"):
        run(small, nested)
    assert listener.requests == []


def test_service_runs_when_the_network_is_allowed(small: KnowledgeGraph,
                                                  listener: Listener) -> None:
    query = f"SELECT ?x WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?x }} }}"
    result = run(small, query, allow_network=True)
    assert result.rows == [{"x": "from the endpoint"}]
    assert len(listener.requests) == 1 and listener.requests[0].startswith(
        ("GET /sparql?query=", "POST /sparql"))


def test_from_a_graph_that_is_not_loaded_is_refused(small: KnowledgeGraph,
                                                    listener: Listener) -> None:
    for clause in ("FROM", "FROM NAMED"):
        with pytest.raises(DotscaleError, match=f"refused: FROM <{listener.url}> names a graph "
                                                "that is not loaded"):
            run(small, f"SELECT * {clause} <{listener.url}> WHERE {{ ?s ?p ?o }}")
    assert listener.requests == []


def test_from_fetches_when_the_network_is_allowed(small: KnowledgeGraph,
                                                  listener: Listener) -> None:
    url = listener.url.replace("/sparql", "/data.ttl")
    result = run(small, f"SELECT ?o FROM <{url}> WHERE {{ ?s ?p ?o }}", allow_network=True)
    assert result.rows == [{"o": "fetched"}]
    assert listener.requests == ["GET /data.ttl"]


def test_from_a_loaded_graph_is_allowed_and_narrows_the_query(small: KnowledgeGraph) -> None:
    only_ontology = run(small, f"SELECT ?t FROM <{ONTOLOGY_IRI}> WHERE {{ ?t a ds:Talk }}")
    assert only_ontology.rows == []
    small_graph = next(g for g in small.sources if str(g).endswith("/small"))
    from_small = run(small, f"SELECT ?t FROM <{small_graph}> WHERE {{ ?t a ds:Talk }}")
    assert len(from_small.rows) == 2


# -- the timeout -----------------------------------------------------------------------------

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?p ?q }"


def test_a_runaway_query_is_stopped_by_the_timeout(kg: KnowledgeGraph) -> None:
    with pytest.raises(DotscaleError, match=r"the query ran longer than 0\.2 s and was stopped"):
        run(kg, RUNAWAY, timeout=0.2)
    assert run(kg, "ASK { ?s ?p ?o }", timeout=30).boolean is True


def test_the_timeout_also_stops_a_query_run_in_another_thread(kg: KnowledgeGraph) -> None:
    errors: list[BaseException] = []

    def work() -> None:
        try:
            run(kg, RUNAWAY, timeout=0.2)
        except DotscaleError as error:
            errors.append(error)

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    worker.join(60)
    assert not worker.is_alive(), "the query was still running after 60 s"
    assert len(errors) == 1 and "ran longer than" in str(errors[0])


def test_a_quick_query_asked_again_runs_in_the_callers_thread(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Handing a query over to a thread costs more than a quick one: a query the store
    answered quickly runs in the caller's thread the next time, unless the store changed
    since; a slow one is handed over each time, and its timeout holds."""
    kg = load(store="oxigraph")
    store = kg.native
    assert store is not None
    threads: list[str] = []
    evaluate = store.evaluate

    def seen(*args: object, **kwargs: object) -> object:
        threads.append(threading.current_thread().name)
        return evaluate(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(store, "evaluate", seen)
    asked = 'ASK { ?s ?p "a quick query" }'
    answers = [run(kg, asked).boolean for _ in range(3)]
    kg.add((ID["talk/a"], RDFS.label, Literal("a quick query")))
    answers += [run(kg, asked).boolean for _ in range(2)]
    assert answers == [False, False, False, True, True]
    caller = threading.current_thread().name
    assert threads == ["dotscale-query", caller, caller, "dotscale-query", caller]
    for _ in range(2):
        with pytest.raises(DotscaleError, match="ran longer than"):
            run(kg, RUNAWAY, timeout=0.2)
    assert threads[-2:] == ["dotscale-query"] * 2


def test_a_timeout_must_be_positive(small: KnowledgeGraph) -> None:
    with pytest.raises(DotscaleError, match="the timeout must be a finite number of seconds"):
        run(small, "ASK {}", timeout=0)


def test_blank_nodes_and_unbound_values(small: KnowledgeGraph, tmp_path: Path) -> None:
    with pytest.warns(DotscaleWarning, match=r"\?u is never bound"):
        result = run(small, "SELECT ?b ?u WHERE { BIND(BNODE() AS ?b) }")
    assert isinstance(result.bindings[0]["b"], BNode)
    assert str(result.rows[0]["b"]).startswith("_:") and result.rows[0]["u"] is None
    assert URIRef(DS.Talk)  # the vocabulary the small graph uses
