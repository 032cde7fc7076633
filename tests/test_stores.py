"""The graph on every store: an Oxigraph store on disk and a SPARQL server (a real Oxigraph
server, started here) give the memory store's answers, keep the query command's safety rules,
reload without duplicating, and count a triple two sources state once."""

from __future__ import annotations

import functools
import io
import json
import socket
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from rdflib import Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDFS
from rdflib.plugins.sparql.parser import parseQuery

from graph.drawing.projection import stating_graphs
from graph.errors import DotscaleError, DotscaleWarning
from graph.loading.loader import load
from graph.loading.reading import BIG, reading
from graph.loading.store import KnowledgeGraph, open_store
from graph.loading.stores.sparql import Endpoints
from graph.loading.stores.values import with_values
from graph.namespaces import BASE, DS, GRAPHS, ID, ONTOLOGY_IRI
from graph.querying.answer import IRI, text
from graph.querying.execute import QueryResult, run
from graph.querying.library import LibraryQuery, from_text, parse_query_file
from graph.querying.results import render
from graph.util.resources import QUERIES_DIR
from tests.helpers.oxigraph_server import Server, oxigraph_server
from tests.test_query_golden import assert_golden, comparable

if TYPE_CHECKING:
    import networkx as nx

pytest.importorskip("pyoxigraph")

NATIVE = ("default", "oxigraph", "sparql")
STORES = ("memory", *NATIVE)
QUERY_FILES = sorted(QUERIES_DIR.glob("*.rq"))
DISQUE = ID["talk/2015/salvatore-sanfilippo-introducing-disque"]
EX = "https://example.org/"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Oxigraph SPARQL server on a free local port, stopped after the module."""
    if oxigraph_server() is None:
        pytest.skip("the Oxigraph server is not installed (pip install oxigraph)")
    running = Server(tmp_path_factory.mktemp("server"))
    try:
        running.start()
    except DotscaleError as error:
        pytest.fail(str(error))
    try:
        yield running.url
    finally:
        running.stop()


@pytest.fixture(scope="module")
def stores(kg: KnowledgeGraph, server: str,
           tmp_path_factory: pytest.TempPathFactory) -> dict[str, KnowledgeGraph]:
    """The bundled graph on each store (the default one: Oxigraph in memory). Tests that add
    graphs remove them again."""
    return {"memory": kg, "default": load(),
            "oxigraph": load(store=f"oxigraph:{tmp_path_factory.mktemp('oxigraph') / 'db'}"),
            "sparql": load(store=f"sparql:{server}")}


def same_answer(got: QueryResult, expected: QueryResult, query: LibraryQuery) -> bool:
    """Equal answers; rows in any order unless the query orders them."""
    if expected.graph is not None:
        return got.graph is not None and isomorphic(got.graph, expected.graph)
    ours, theirs = (json.loads(render(r, "json")) for r in (got, expected))
    return bool(comparable(ours, query, expected.ordered)
                == comparable(theirs, query, expected.ordered))


# -- the same answers ------------------------------------------------------------------------


@pytest.mark.parametrize("store", NATIVE)
@pytest.mark.parametrize("path", QUERY_FILES, ids=[p.stem for p in QUERY_FILES])
def test_every_library_query_gives_the_golden_and_the_memory_store_answer(
        stores: dict[str, KnowledgeGraph], library_answers: dict[str, QueryResult], store: str,
        path: Path) -> None:
    query = parse_query_file(path)
    expected = library_answers[query.name]
    got = run(stores[store], query)
    assert_golden(got, query)
    assert same_answer(got, expected, query), f"{query.name} differs on the {store} store"
    assert got.parameters == expected.parameters


@pytest.mark.parametrize("store", NATIVE)
def test_an_answers_texts_are_its_terms_texts(stores: dict[str, KnowledgeGraph],
                                              store: str) -> None:
    """The texts of an answer (made from the engine's own terms on Oxigraph, without rdflib
    terms) are those of its rdflib terms, for every query of the library that selects."""
    checked = 0
    for path in QUERY_FILES:
        query = parse_query_file(path)
        answer = run(stores[store], query)
        if answer.kind != "SELECT":
            continue
        wanted = [*reversed(answer.variables), "nothing"]  # any order, and one not selected
        texts = answer.texts(wanted)  # before the bindings are read: from the engine's terms
        assert texts == [tuple(text(b.get(v)) for v in wanted) for b in answer.bindings], \
            query.name
        assert all(isinstance(t, IRI) == isinstance(b.get(v), URIRef)
                   for row, b in zip(texts, answer.bindings, strict=True)
                   for t, v in zip(row, wanted, strict=True)), query.name
        checked += bool(texts)
    assert checked > 20


@pytest.mark.parametrize("store", NATIVE)
def test_the_graphs_and_their_sizes_are_the_memory_stores(stores: dict[str, KnowledgeGraph],
                                                           store: str) -> None:
    def sizes(kg: KnowledgeGraph) -> dict[str, int]:
        return {str(g.identifier): len(g) for g in kg.graphs() if len(g)}

    assert sizes(stores[store]) == sizes(stores["memory"])
    assert len(stores[store]) == len(stores["memory"])
    assert len(stores[store].union()) == len(stores["memory"])


@pytest.mark.parametrize("store", NATIVE)
def test_a_triple_two_sources_state_is_one_triple_in_two_graphs(
        stores: dict[str, KnowledgeGraph], store: str) -> None:
    kg = stores[store]
    statement = (DISQUE, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                 URIRef("https://w3id.org/dotscale/ontology#Talk"))
    assert len(list(kg.triples(statement))) == 1
    assert {g for *_, g in kg.quads(statement)} == {GRAPHS["marmelab-blog"],
                                                    GRAPHS["thedotpost"]}
    counted = run(kg, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s a <{statement[2]}> }}")
    talks = {s for s in stores["memory"].subjects(statement[1], statement[2])}
    assert counted.rows == [{"n": len(talks)}]


# -- the query command's rules ---------------------------------------------------------------


@pytest.mark.parametrize("store", STORES)
def test_service_is_refused_on_every_store(stores: dict[str, KnowledgeGraph],
                                           store: str) -> None:
    with socket.socket() as listener:  # an endpoint that would see any connection
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.setblocking(False)
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
        for query in (f"SELECT ?x WHERE {{ SERVICE <{url}> {{ ?s ?p ?x }} }}",
                      f"ASK {{ FILTER EXISTS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}"):
            with pytest.raises(DotscaleError, match=f"refused: SERVICE <{url}>"):
                run(stores[store], query)
        with pytest.raises(DotscaleError, match="names a graph that is not loaded"):
            run(stores[store], f"SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}")
        with pytest.raises(BlockingIOError):
            listener.accept()  # nobody connected


@pytest.mark.parametrize("store", NATIVE)
def test_updates_are_refused_and_change_nothing(stores: dict[str, KnowledgeGraph],
                                                store: str) -> None:
    before = len(stores[store])
    for update in ("CLEAR ALL", f"INSERT DATA {{ <{EX}a> <{EX}b> 1 }}",
                   "LOAD <http://127.0.0.1:9/data.ttl>"):
        with pytest.raises(DotscaleError, match="refused: this is a SPARQL update"):
            run(stores[store], update)
    assert len(stores[store]) == before


@pytest.mark.parametrize("store", NATIVE)
def test_from_a_loaded_graph_narrows_the_query(stores: dict[str, KnowledgeGraph],
                                               store: str) -> None:
    query = f"SELECT ?t FROM <{ONTOLOGY_IRI}> WHERE {{ ?t a ds:Talk }}"
    assert run(stores[store], query).rows == []
    blog = f"SELECT (COUNT(*) AS ?n) FROM <{GRAPHS['marmelab-blog']}> WHERE {{ ?t a ds:Talk }}"
    assert run(stores[store], blog).rows == run(stores["memory"], blog).rows


@pytest.mark.parametrize("store", NATIVE)
def test_graph_in_any_case_reads_the_graphs_and_the_word_elsewhere_reads_the_union(
        stores: dict[str, KnowledgeGraph], store: str) -> None:
    graphs = "select distinct ?g where { graph ?g { ?s ?p ?o } } order by ?g"
    assert run(stores[store], graphs).rows == run(stores["memory"], graphs).rows
    union = ("# each graph, as a GRAPH pattern would\n"
             "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o BIND('GRAPH' AS ?w) "
             "FILTER(?p != <https://example.org/graph>) }")
    assert run(stores[store], union).rows == run(stores["memory"], union).rows


@pytest.mark.parametrize("store", NATIVE)
def test_a_runaway_query_is_stopped_by_the_timeout(stores: dict[str, KnowledgeGraph],
                                                   store: str) -> None:
    runaway = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    with pytest.raises(DotscaleError, match=r"the query ran longer than 0\.3 s and was stopped"):
        run(stores[store], runaway, timeout=0.3)
    assert run(stores[store], "ASK { ?s ?p ?o }", timeout=30).boolean is True


TITLE_QUERY = ("# title: t\n# description: d\n# param: title (literal) -- a title\n"
               "SELECT ?talk WHERE { ?talk rdfs:label ?title }")


@pytest.mark.parametrize("store", STORES)
def test_a_hostile_value_is_bound_as_a_term(stores: dict[str, KnowledgeGraph],
                                            store: str) -> None:
    query = from_text(TITLE_QUERY, "q")
    found = run(stores[store], query, bindings={"title": "Introducing Disque"})
    assert found.bindings == [{"talk": DISQUE}]
    for hostile in ('Introducing Disque" } UNION { ?talk ?p ?o } #',
                    "x' } ; DROP ALL ; SELECT * { '", 'a\\" }\n} UNION {'):
        assert run(stores[store], query, bindings={"title": hostile}).bindings == []
    projected = from_text(TITLE_QUERY.replace("SELECT ?talk", "SELECT ?talk ?title"), "q")
    assert run(stores[store], projected, bindings={"title": "Introducing Disque"}).rows == [
        {"talk": str(DISQUE), "title": "Introducing Disque"}]


@pytest.mark.parametrize("store", NATIVE)
def test_parameters_resolve_by_name_as_on_the_memory_store(stores: dict[str, KnowledgeGraph],
                                                           store: str) -> None:
    for tech in ("kafka", "  REDIS ", "id:technology/disque"):
        expected = run(stores["memory"], parse_query_file(QUERIES_DIR / "talks-about.rq"),
                       bindings={"tech": tech})
        got = run(stores[store], parse_query_file(QUERIES_DIR / "talks-about.rq"),
                  bindings={"tech": tech})
        assert got.rows == expected.rows and got.parameters == expected.parameters
    with pytest.raises(DotscaleError, match=r"named 'Rediss'; did you mean: [^?]*\bRedis\b"):
        run(stores[store], parse_query_file(QUERIES_DIR / "talks-about.rq"),
            bindings={"tech": "Rediss"})


@pytest.mark.parametrize("store", STORES)
def test_an_exact_name_wins_and_casefolding_reaches_beyond_ascii(
        stores: dict[str, KnowledgeGraph], store: str, tmp_path: Path) -> None:
    kg = stores[store]
    path = tmp_path / "names.ttl"
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    query = from_text("# param x: node\nSELECT ?x WHERE { ?x ?p ?o }", "names")
    try:
        load_into(kg, path, f"<{EX}qw> {label} 'Qwerty' .\n<{EX}QW> {label} 'QWERTY' .\n"
                            f"<{EX}street> {label} 'Straße'@de .\n")
        assert run(kg, query, bindings={"x": "Qwerty"}).parameters == {"x": URIRef(f"{EX}qw")}
        with pytest.raises(DotscaleError, match="'qwerty' names 2 nodes"):
            run(kg, query, bindings={"x": "qwerty"})
        assert run(kg, query, bindings={"x": "STRASSE"}).parameters == {
            "x": URIRef(f"{EX}street")}
    finally:
        kg.remove_graph(GRAPHS[path.stem])


@pytest.mark.parametrize("store", STORES)
def test_a_name_is_looked_up_again_once_the_graph_changes(
        stores: dict[str, KnowledgeGraph], store: str, tmp_path: Path) -> None:
    kg = stores[store]
    path = tmp_path / "renamed.ttl"
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    query = from_text("# param x: node\nSELECT ?x WHERE { ?x ?p ?o }", "renamed")
    extra = (URIRef(f"{EX}c"), RDFS.label, Literal("Renamed"))
    try:
        load_into(kg, path, f"<{EX}a> {label} 'Renamed' .\n")
        assert run(kg, query, bindings={"x": "Renamed"}).parameters == {"x": URIRef(f"{EX}a")}
        kg.remove_graph(GRAPHS[path.stem])
        load_into(kg, path, f"<{EX}b> {label} 'Renamed' .\n")
        assert run(kg, query, bindings={"x": "Renamed"}).parameters == {"x": URIRef(f"{EX}b")}
        kg.graph(GRAPHS[path.stem]).add(extra)
        with pytest.raises(DotscaleError, match="'Renamed' names 2 nodes"):
            run(kg, query, bindings={"x": "Renamed"})
    finally:
        kg.remove_graph(GRAPHS[path.stem])


@pytest.mark.parametrize("store", STORES)
def test_a_library_querys_default_is_looked_up_again_once_the_graph_changes(
        stores: dict[str, KnowledgeGraph], store: str, tmp_path: Path) -> None:
    kg = stores[store]
    query = parse_query_file(QUERIES_DIR / "talks-about.rq")
    redis = ID["technology/redis"]
    assert run(kg, query).parameters == {"tech": redis}
    path = tmp_path / "another-redis.ttl"
    try:
        load_into(kg, path, f"<{EX}redis> a <{DS.Technology}> ; "
                            "<http://www.w3.org/2000/01/rdf-schema#label> 'Redis' .\n")
        with pytest.raises(DotscaleError, match="'Redis' names 2 nodes"):
            run(kg, query)
    finally:
        kg.remove_graph(GRAPHS[path.stem])
    assert run(kg, query).parameters == {"tech": redis}


# -- binding by VALUES -----------------------------------------------------------------------

FORMS = {
    "select": "SELECT ?x WHERE { ?x ?p ?o }",
    "sub-select group": "SELECT * { SELECT ?x ?o WHERE { ?x ?p ?o } }",
    "construct": "CONSTRUCT { ?x <https://example.org/q#r> ?o } WHERE { ?x ?p ?o }",
    "construct where": "CONSTRUCT WHERE { ?x ?p ?o }",
    "describe": "DESCRIBE ?x",
    "ask": "ASK { ?x ?p ?o }",
    "exists in projection": "SELECT ?x (EXISTS { ?x ?p 1 } AS ?e) WHERE { ?x ?p ?o }",
    "comments and strings": "# SELECT {\nSELECT ?x WHERE { ?x ?p ?o FILTER(?o != \"}{\") }",
    "prefix named select": "PREFIX select: <https://example.org/>\n"
                           "SELECT ?x WHERE { ?x select:p ?o }",
}


@pytest.mark.parametrize("form", FORMS)
def test_values_bind_like_a_binding_in_every_query_form(form: str) -> None:
    """The VALUES text gives Oxigraph's answer with the binding given as a substitution."""
    import pyoxigraph as ox

    engine = ox.Store()
    for subject, value in (("a", ox.Literal("x")), ("b", ox.Literal("y")), ("a", ox.Literal(1)),
                           ("b", ox.Literal(1))):
        engine.add(ox.Quad(ox.NamedNode(EX + subject), ox.NamedNode(EX + "p"), value))
    text = with_values(FORMS[form], {"x": URIRef(EX + "a")})
    parseQuery(text)

    def answer(query: str, **options: object) -> object:
        found = engine.query(query, **options)
        if isinstance(found, ox.QueryBoolean):
            return bool(found)
        return sorted(str(row) for row in found)

    given = answer(FORMS[form], substitutions={ox.Variable("x"): ox.NamedNode(EX + "a")})
    assert answer(text) == given
    assert given, "the binding selects nothing: the test would prove nothing"


def test_values_refuse_what_cannot_be_bound() -> None:
    from rdflib import BNode

    with pytest.raises(DotscaleError, match=r"cannot bind \?x to a blank node"):
        with_values("SELECT ?x WHERE { ?x ?p ?o }", {"x": BNode()})
    with pytest.raises(DotscaleError, match="has a VALUES clause after its pattern"):
        with_values("DESCRIBE ?x VALUES ?x { <https://example.org/a> }",
                    {"x": URIRef(EX + "b")})


# -- loading ---------------------------------------------------------------------------------


def test_loading_the_bundled_graph_again_into_a_store_replaces_it(tmp_path: Path,
                                                                  kg: KnowledgeGraph) -> None:
    spec = f"oxigraph:{tmp_path / 'db'}"
    data = tmp_path / "mine.ttl"
    data.write_text(f"<{EX}a> <{EX}b> 'first' .\n", encoding="utf-8")
    load(store=spec, data=[data]).close()
    data.write_text(f"<{EX}a> <{EX}b> 'second' .\n", encoding="utf-8")
    again = load(store=spec, data=[data])
    assert len(again) == len(kg) + 1
    assert {str(g.identifier): len(g) for g in again.graphs() if len(g)} == {
        **{str(g.identifier): len(g) for g in kg.graphs() if len(g)}, str(GRAPHS["mine"]): 1}
    assert list(again.objects(URIRef(EX + "a"), URIRef(EX + "b"))) == [Literal("second")]
    again.close()
    kept = load(store=spec, bundled=False)
    assert len(kept) == len(kg) + 1  # a store keeps what it holds between runs


@pytest.mark.parametrize("store", NATIVE)
def test_triples_shared_by_loaded_files_are_counted_once(stores: dict[str, KnowledgeGraph],
                                                         store: str, tmp_path: Path) -> None:
    shared = f"<{EX}s> <{EX}p> 10 .\n"
    files = [tmp_path / "first.ttl", tmp_path / "second.ttl"]
    files[0].write_text(shared, encoding="utf-8")
    files[1].write_text(shared + f"<{EX}s> <{EX}p> 5 .\n", encoding="utf-8")
    kg = stores[store]
    query = f"SELECT (COUNT(*) AS ?n) (SUM(?o) AS ?total) WHERE {{ ?s <{EX}p> ?o }}"
    try:
        for path in files:
            load_into(kg, path)
        assert run(kg, query).rows == [{"n": 2, "total": 15}]
        assert len(kg) == len(stores["memory"]) + 2
    finally:
        for path in files:
            kg.remove_graph(GRAPHS[path.stem])
    assert run(kg, query).rows == [{"n": 0, "total": 0}]


@pytest.mark.parametrize("store", NATIVE)
@pytest.mark.parametrize("suffix,text", [
    (".nt", f"_:x <{EX}p> _:y .\n_:y <{EX}p> \"1\" .\n"),
    (".ttl", f"[] <{EX}p> [ <{EX}p> \"1\" ] .\n"),
    (".trig", f"<{GRAPHS}blank> {{ [] <{EX}p> [ <{EX}p> \"1\" ] }}\n"),
    (".nq", f"_:x <{EX}p> _:y <{GRAPHS}blank> .\n_:y <{EX}p> \"1\" <{GRAPHS}blank> .\n"),
    (".rdf", f'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
             f'xmlns:ex="{EX}"><rdf:Description><ex:p><rdf:Description ex:p="1"/></ex:p>'
             f'</rdf:Description></rdf:RDF>\n'),
])
def test_blank_nodes_are_the_same_nodes_in_their_graph_and_in_the_union(
        stores: dict[str, KnowledgeGraph], store: str, tmp_path: Path, suffix: str,
        text: str) -> None:
    kg = stores[store]
    path = tmp_path / f"blank{suffix}"
    chain = f"?a <{EX}p> ?b . ?b <{EX}p> \"1\""
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ {chain} GRAPH ?g {{ {chain} }} }}"
    try:
        load_into(kg, path, text)
        assert run(kg, query).rows == [{"n": 1}]
    finally:
        kg.remove_graph(GRAPHS[path.stem])


@pytest.mark.parametrize("store", ["memory", "oxigraph", "oxigraph:db", "sparql"])
@pytest.mark.parametrize("outside", [True, False])
def test_a_quad_files_graphs_and_triples_outside_them_are_in_the_union(
        store: str, outside: bool, server: str, tmp_path: Path) -> None:
    """The triples outside any graph are in the union and in no named graph, as on the memory
    store (an engine keeps them in a named graph of rdflib's, which no query names)."""
    path = tmp_path / "mixed.trig"
    path.write_text((f'<{EX}a> <{EX}p> 1 ; <{RDFS.label}> "a" .\n' if outside else "")
                    + f'<{EX}one> {{ <{EX}b> <{EX}p> 2 ; <{RDFS.label}> "b" . _:c <{EX}p> 4 }}\n'
                    f"<{EX}two> {{ <{EX}b> <{EX}p> 2 }}\n", encoding="utf-8")
    spec = {"oxigraph:db": f"oxigraph:{tmp_path / 'db'}", "sparql": f"sparql:{server}"}
    kg = load(store=spec.get(store, store), data=[path], bundled=False)
    try:
        union = f"SELECT (SUM(?o) AS ?total) WHERE {{ ?s <{EX}p> ?o }}"
        assert run(kg, union).rows == [{"total": 7 if outside else 6}]
        named = (f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                 f"FILTER(!STRSTARTS(STR(?g), '{BASE}')) }} GROUP BY ?g ORDER BY ?g")
        assert [(row["g"], row["n"]) for row in run(kg, named).rows] == [
            (f"{EX}one", 3), (f"{EX}two", 1)]
        assert stating_graphs(kg, [URIRef(f"{EX}a"), URIRef(f"{EX}b")]) == {f"{EX}b": ["one"]}
    finally:
        for name in (URIRef(f"{EX}one"), URIRef(f"{EX}two"), DATASET_DEFAULT_GRAPH_ID):
            kg.remove_graph(name)


def load_into(kg: KnowledgeGraph, path: Path, text: str | None = None) -> None:
    """Load the file ``path`` (written with ``text`` first, if given)."""
    from graph.loading.loader import load_file

    if text is not None:
        path.write_text(text, encoding="utf-8")
    load_file(kg, path)


def spec_of(store: str, stores: dict[str, KnowledgeGraph], tmp_path: Path,
            name: str = "db") -> str:
    """A new Oxigraph store ``name`` in ``tmp_path``, or the test server.

    (Each command run in this process gets its own Oxigraph store: a command leaves its graph
    to the garbage collector, which may keep it, and so the store's lock, for a while; once
    matplotlib has turned on pyparsing's packrat cache, cached parse errors keep the frames
    that hold it.)"""
    if store == "default":
        return "oxigraph"
    if store == "oxigraph":
        return f"oxigraph:{tmp_path / name}"
    endpoints: Endpoints = stores[store].store.endpoints  # type: ignore[attr-defined]
    return f"sparql:{endpoints.query.removesuffix('/query')}"


@pytest.mark.parametrize("store", NATIVE)
def test_a_broken_file_is_one_line_and_leaves_its_graph_empty(
        cli, stores: dict[str, KnowledgeGraph], store: str, tmp_path: Path) -> None:
    spec = spec_of(store, stores, tmp_path)
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b \"open .\n",
                      encoding="utf-8")
    result = cli("stats", "--no-bundled", "--store", spec, "--data", str(broken))
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"dotscale: error: {broken}:3: "), result.stderr
    missing = cli("stats", "--no-bundled", "--store", spec_of(store, stores, tmp_path, "db2"),
                  "--data", str(tmp_path / "no.ttl"))
    assert missing.stderr.strip() == f"dotscale: error: {tmp_path / 'no.ttl'}: no such file"
    kg = open_store(spec_of(store, stores, tmp_path, "db3"))
    load_into(kg, tmp_path / "first.ttl", f"<{EX}a> <{EX}b> 'kept' .\n")
    with pytest.raises(DotscaleError, match=":3: "):
        load_into(kg, broken)
    assert len(kg.graph(GRAPHS["broken"])) == 0  # nothing half-written
    assert len(kg.graph(GRAPHS["first"])) == 1  # and nothing else lost
    assert run(kg, f"SELECT ?o WHERE {{ <{EX}a> <{EX}b> ?o }}").rows == [{"o": "kept"}]
    kg.remove_graph(GRAPHS["first"])
    kg.close()


def test_a_big_file_moves_a_progress_bar_on_a_terminal_only(tmp_path: Path) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    path = tmp_path / "big.nt"
    path.write_bytes(b"#" * (BIG + 1))
    shown, piped = Terminal(), io.StringIO()
    for stream in (shown, piped):
        with reading(path, stream=stream) as file:
            assert len(file.read()) == BIG + 1
    assert "100/100 reading big.nt" in shown.getvalue()
    assert piped.getvalue() == ""


# -- every command ---------------------------------------------------------------------------


PROJECTED = ("graph-overview", "graph-technology-co-mention")  # edges, and groups paired


@pytest.fixture(scope="module")
def memory_outputs(kg: KnowledgeGraph,
                   library_projection: Callable[..., nx.Graph]) -> dict[str, object]:
    return outputs(kg, library_projection)


def outputs(kg: KnowledgeGraph, projection: Callable[[str], nx.Graph] | None = None
            ) -> dict[str, object]:
    """What the commands make of ``kg``: counts, violations, Turtle, projections, a query.
    ``projection`` gives a projection of ``kg`` by name when the caller has them."""
    from graph.drawing.projection import project
    from graph.drawing.projection import serialize as graphml
    from graph.exporting.serialize import serialize
    from graph.querying.stats import stats
    from graph.validating.shacl import validate

    projected = projection or functools.partial(project, kg)
    return {"stats": stats(kg), "validate": validate(kg), "export": serialize(kg, "ttl"),
            **{f"project {name}": graphml(projected(name), "graphml") for name in PROJECTED},
            "query": render(run(kg, parse_query_file(QUERIES_DIR / "talks-about.rq"),
                                bindings={"tech": "Kafka"}), "csv")}


@pytest.mark.parametrize("store", NATIVE)
def test_every_command_makes_what_it_makes_on_the_memory_store(
        stores: dict[str, KnowledgeGraph], memory_outputs: dict[str, object],
        store: str) -> None:
    made = outputs(stores[store])
    for command, output in memory_outputs.items():
        assert made[command] == output, f"{command} differs on the {store} store"


@pytest.mark.parametrize("store", NATIVE)
def test_the_command_line_takes_the_store(cli, stores: dict[str, KnowledgeGraph], store: str,
                                          tmp_path: Path) -> None:
    result = cli("query", "talks-about", "--bind", "tech=Kafka", "--format", "csv",
                 "--store", spec_of(store, stores, tmp_path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == memory_outputs_csv(stores)
    drawn = cli("draw", "graph-talk-topic", "--top", "20", "--store",
                spec_of(store, stores, tmp_path, "db2"), "--out", str(tmp_path / "d.svg"))
    assert drawn.exit_code == 0 and (tmp_path / "d.svg").read_bytes().startswith(b"<?xml")


def memory_outputs_csv(stores: dict[str, KnowledgeGraph]) -> str:
    return render(run(stores["memory"], parse_query_file(QUERIES_DIR / "talks-about.rq"),
                      bindings={"tech": "Kafka"}), "csv")


# -- naming a store --------------------------------------------------------------------------


def test_store_specs() -> None:
    assert Endpoints.parse("http://127.0.0.1:7878/") == Endpoints(
        "http://127.0.0.1:7878/query", "http://127.0.0.1:7878/update",
        "http://127.0.0.1:7878/store")
    fuseki = "http://h:3030/ds/query,http://h:3030/ds/update,http://h:3030/ds/data"
    assert Endpoints.parse(fuseki) == Endpoints(*fuseki.split(","))
    with pytest.raises(DotscaleError, match="is not an http"):
        Endpoints.parse("ftp://h/q")
    with pytest.raises(DotscaleError, match="say where, as oxigraph:PATH"):
        open_store("oxigraph:")
    with pytest.raises(DotscaleError, match="unknown store 'mongo'"):
        open_store("mongo")


def test_a_store_without_an_update_endpoint_can_only_be_queried(
        server: str, stores: dict[str, KnowledgeGraph], tmp_path: Path) -> None:
    kg = open_store(f"sparql:{server}/query")
    assert run(kg, "ASK { ?s ?p ?o }").boolean is not None
    assert len(load(store=f"sparql:{server}/query")) == len(stores["memory"])  # held already
    new = tmp_path / "new.ttl"
    new.write_text(f"<{EX}a> <{EX}b> 'new' .\n", encoding="utf-8")
    with pytest.raises(DotscaleError, match="no update URL, so it cannot be changed"):
        load(store=f"sparql:{server}/query", data=[new])


@pytest.mark.parametrize("store", STORES)
def test_an_iri_with_a_second_hash_is_in_no_store_and_a_query_naming_it_ends_cleanly(
        stores: dict[str, KnowledgeGraph], store: str) -> None:
    kg = stores[store]
    prefix = f"{DS}http://www.w3.org/2000/01/rdf-schema#"  # rdflib takes it; Oxigraph cannot
    query = f"PREFIX ds: <{prefix}>\nSELECT ?s WHERE {{ ?s ds:topic ?t }}"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DotscaleWarning)  # ds:topic is not a term then
        try:
            assert (URIRef(f"{prefix}topic"), None, None) not in kg
            answer = run(kg, query)
        except DotscaleError as error:  # an engine that refuses the IRI says so in one line
            assert store != "memory" and "\n" not in str(error)
            assert "expected IRI" in str(error), error  # Oxigraph's parser, here or served
        else:
            assert answer.rows == []
