"""Projections: each shipped projection against the graph read triple by triple, the exports
read back, projections of one's own, and the part of a projection around a node."""

from __future__ import annotations

import itertools
import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from rdflib import RDF, RDFS, URIRef
from rdflib.term import Node

from graph.drawing.projection import FORMATS, conference_name, project, projections, write
from graph.errors import DotscaleError
from graph.loading.store import KnowledgeGraph
from graph.namespaces import DS

SHIPPED = ["graph-overview", "graph-speaker-technology", "graph-technology-co-mention",
           "graph-organization-technology", "graph-talk-topic"]
ROOTS = (DS.Talk, DS.Person, DS.Organization, DS.Technology)


@pytest.fixture(scope="module")
def projected(library_projection: Callable[..., nx.Graph]) -> dict[str, nx.Graph]:
    return {name: library_projection(name) for name in SHIPPED}


def _kinds_under(kg: KnowledgeGraph, roots: tuple[URIRef, ...]) -> set[Node]:
    return {c for root in roots for c in kg.transitive_subjects(RDFS.subClassOf, root)}


def _most_specific(kg: KnowledgeGraph, node: Node) -> set[str]:
    types = {t for t in kg.objects(node, RDF.type) if str(t).startswith(str(DS))}
    supers = {s for t in types for s in kg.transitive_objects(t, RDFS.subClassOf) if s != t}
    return {str(t).split("#")[1] for t in types - supers}


def _named(kg: KnowledgeGraph, talk: Node) -> set[Node]:
    return set(kg.objects(talk, DS.about)) | set(kg.objects(talk, DS.mentions))


def _undirected(edges: Any) -> set[frozenset[str]]:
    return {frozenset((str(u), str(v))) for u, v in edges}


def test_every_shipped_projection_is_in_the_library() -> None:
    names = [q.name for q in projections()]
    assert set(SHIPPED) <= set(names)


def test_the_overview_has_every_typed_relation_keyed_by_predicate(
        kg: KnowledgeGraph, projected: dict[str, nx.Graph]) -> None:
    allowed = _kinds_under(kg, ROOTS)
    typed = {n for n, _, c in kg.triples((None, RDF.type, None)) if c in allowed}
    expected = {(str(s), str(p), str(o)) for s, p, o in kg.triples((None, None, None))
                if str(p).startswith(str(DS)) and s in typed and o in typed}
    overview = projected["graph-overview"]
    assert isinstance(overview, nx.MultiDiGraph)
    assert {(u, k, v) for u, v, k in overview.edges(keys=True)} == expected
    assert all(data["relation"] == k for _, _, k, data in overview.edges(keys=True, data=True))
    assert len({k for _, _, k in overview.edges(keys=True)}) > 3


def test_node_attributes_come_from_the_graph(kg: KnowledgeGraph,
                                             projected: dict[str, nx.Graph]) -> None:
    overview = projected["graph-overview"]
    for node, data in overview.nodes(data=True):
        iri = URIRef(node)
        assert data["iri"] == node
        assert data["label"] == str(kg.value(iri, RDFS.label))
        assert {data["kind"]} == _most_specific(kg, iri)
        stating = sorted(str(g.identifier).rsplit("/", 1)[1] for g in kg.graphs()
                         if (iri, RDF.type, None) in g or (iri, RDFS.label, None) in g)
        assert data["source"] == ",".join(stating)
    kinds = {data["kind"] for _, data in overview.nodes(data=True)}
    assert {"Talk", "Person", "Organization"} <= kinds


def test_speakers_and_technologies_weighted_by_talks(
        kg: KnowledgeGraph, projected: dict[str, nx.Graph]) -> None:
    talks: Counter[tuple[str, str]] = Counter()
    for talk, speaker in kg.subject_objects(DS.speaker):
        for tech in _named(kg, talk):
            talks[(str(speaker), str(tech))] += 1
    graph = projected["graph-speaker-technology"]
    assert {(u, v) if graph.nodes[u]["bipartite"] == 0 else (v, u): w
            for u, v, w in graph.edges(data="weight")} == dict(talks)
    assert {graph.nodes[s]["bipartite"] for s, _ in talks} == {0}
    assert {graph.nodes[t]["bipartite"] for _, t in talks} == {1}


def test_co_mention_weight_is_the_number_of_distinct_talks(
        kg: KnowledgeGraph, projected: dict[str, nx.Graph]) -> None:
    pairs: Counter[frozenset[str]] = Counter()
    talks = {t for t, _ in kg.subject_objects(DS.mentions)} | {
        t for t, _ in kg.subject_objects(DS.about)}
    for talk in talks:
        for a, b in itertools.combinations(sorted(_named(kg, talk)), 2):
            pairs[frozenset((str(a), str(b)))] += 1
    graph = projected["graph-technology-co-mention"]
    assert type(graph) is nx.Graph
    assert nx.number_of_selfloops(graph) == 0
    assert {frozenset((u, v)): w for u, v, w in graph.edges(data="weight")} == dict(pairs)


@pytest.mark.parametrize(("name", "predicate"), [
    ("graph-organization-technology", DS.uses),
    ("graph-talk-topic", DS.topic),
])
def test_bipartite_projections_of_one_predicate(kg: KnowledgeGraph,
                                                projected: dict[str, nx.Graph],
                                                name: str, predicate: URIRef) -> None:
    graph = projected[name]
    expected = {(str(s), str(o)) for s, o in kg.subject_objects(predicate)}
    found = {(u, v) if graph.nodes[u]["bipartite"] == 0 else (v, u) for u, v in graph.edges()}
    assert found == expected
    assert {graph.nodes[s]["bipartite"] for s, _ in expected} == {0}


def test_the_conference_is_named_from_the_graph(kg: KnowledgeGraph,
                                                projected: dict[str, nx.Graph]) -> None:
    editions = {str(kg.value(c, RDFS.label)) for c in kg.objects(None, DS.conference)}
    for name, graph in projected.items():
        if name == "graph-organization-technology":  # ds:uses: no talk states these edges
            assert "conference" not in graph.graph
            continue
        assert graph.graph["conference"]
        if len(editions) == 1:
            assert graph.graph["conference"] in editions


CONFERENCES = """\
@prefix ds: <https://w3id.org/dotscale/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix series: <https://w3id.org/dotscale/id/series/> .
@prefix conf: <https://w3id.org/dotscale/id/conference/> .
@prefix talk: <https://w3id.org/dotscale/id/talk/> .
@prefix tech: <https://w3id.org/dotscale/id/technology/> .
@prefix person: <https://w3id.org/dotscale/id/person/> .
series:dot a ds:ConferenceSeries ; rdfs:label "dot conferences" .
series:a a ds:ConferenceSeries ; rdfs:label "dotA" ; ds:series series:dot .
series:b a ds:ConferenceSeries ; rdfs:label "dotB" ; ds:series series:dot .
conf:a-2013 a ds:Conference ; rdfs:label "dotA 2013" ; ds:series series:a ;
    schema:startDate "2013-06-01"^^xsd:date .
conf:a-2014 a ds:Conference ; rdfs:label "dotA 2014" ; ds:series series:a ;
    schema:startDate "2014-06-01"^^xsd:date .
conf:b-2014 a ds:Conference ; rdfs:label "dotB 2014" ; ds:series series:b ;
    schema:startDate "2014-10-01"^^xsd:date .
talk:one ds:conference conf:a-2013 ; ds:mentions tech:x .
talk:two ds:conference conf:a-2014 ; ds:mentions tech:y .
talk:three ds:conference conf:b-2014 ; ds:mentions tech:z ; ds:speaker person:q .
"""


@pytest.mark.parametrize(("nodes", "edges", "expected"), [
    (["talk/one"], [], "dotA 2013"),
    (["talk/one", "talk/two"], [], "dotA 2013–2014"),
    (["talk/one", "talk/three"], [], "dot conferences"),
    (["talk/two", "technology/z"], [], "dotA 2014"),  # no talk is behind an edge to z
    (["technology/x"], [], None),
    (["person/q", "technology/z"], [("person/q", "technology/z")], "dotB 2014"),
    (["person/q", "technology/x"], [("person/q", "technology/x")], None),
    (["talk/one", "person/q", "technology/z"], [("person/q", "technology/z")],
     "dot conferences"),
    (["technology/x"], [("technology/x", "technology/x")], "dotA 2013"),  # a loop
    (["technology/x", "technology/y"], [("technology/x", "technology/y")], None),
])
@pytest.mark.parametrize("store", ["oxigraph", "memory"])
def test_the_conference_of_several_editions(tmp_path: Path, nodes: list[str],
                                            edges: list[tuple[str, str]],
                                            expected: str | None, store: str) -> None:
    """The editions of the talks drawn, and of the talks behind an edge (that link both its
    ends); a talk that names one end only says nothing of the edge. The same on Oxigraph's
    engine and on rdflib's."""
    from graph.loading.loader import load

    data = tmp_path / "conferences.ttl"
    data.write_text(CONFERENCES, encoding="utf-8")
    small = load(data=[data], bundled=False, store=store)

    def iri(node: str) -> str:
        return f"https://w3id.org/dotscale/id/{node}"

    assert conference_name(small, [iri(n) for n in nodes],
                           [(iri(u), iri(v)) for u, v in edges]) == expected


# -- projections of one's own ---------------------------------------------------------------

WRITTEN_IN = """\
# title: What technologies are written in
# description: Each technology and the language it is written in.
# projection: digraph
PREFIX ds: <https://w3id.org/dotscale/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?source ?target ?sourceLabel ?targetLabel
WHERE {
  ?source ds:writtenIn ?target .
  OPTIONAL { ?source rdfs:label ?sourceLabel }
  OPTIONAL { ?target rdfs:label ?targetLabel }
}
"""


def test_a_projection_of_ones_own_is_a_query_file(kg: KnowledgeGraph, tmp_path: Path,
                                                  cli: Callable[..., Any]) -> None:
    path = tmp_path / "written-in.rq"
    path.write_text(WRITTEN_IN, encoding="utf-8")
    graph = project(kg, path)
    expected = {(str(s), str(o)) for s, o in kg.subject_objects(DS.writtenIn)}
    assert expected
    assert isinstance(graph, nx.DiGraph)
    assert set(graph.edges()) == expected
    assert graph.graph["title"] == "What technologies are written in"
    result = cli("project", str(path), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert set(nx.node_link_graph(json.loads(result.stdout), edges="links").edges()) == expected


SHARED_USERS = """\
# projection: co-occurrence
PREFIX ds: <https://w3id.org/dotscale/ontology#>
SELECT ?group ?member WHERE { ?group ds:uses ?member }
ORDER BY ?group ?member
"""


def test_a_co_occurrence_links_the_members_of_a_group(kg: KnowledgeGraph,
                                                      tmp_path: Path) -> None:
    """Technologies the same organization uses, against networkx's own projection of the
    organization-technology graph read triple by triple."""
    path = tmp_path / "shared-users.rq"
    path.write_text(SHARED_USERS, encoding="utf-8")
    uses = nx.Graph((("u", str(s)), str(o)) for s, o in kg.subject_objects(DS.uses))
    technologies = {str(o) for o in kg.objects(None, DS.uses)}
    expected = nx.bipartite.weighted_projected_graph(uses, technologies)
    expected.remove_nodes_from([n for n in list(expected) if expected.degree(n) == 0])
    assert expected.number_of_edges() > 0
    graph = project(kg, path)
    assert type(graph) is nx.Graph
    assert graph.graph["projection"] == "co-occurrence"
    assert set(graph) == set(expected)
    assert {frozenset((u, v)): w for u, v, w in graph.edges(data="weight")} == \
        {frozenset((u, v)): w for u, v, w in expected.edges(data="weight")}
    assert all(graph.nodes[n]["label"] == str(kg.value(URIRef(n), RDFS.label)) for n in graph)


def test_a_limit_keeps_the_order_that_chooses_the_rows(kg: KnowledgeGraph,
                                                       tmp_path: Path) -> None:
    """A projection reads its rows in any order, unless a LIMIT makes the order choose them."""
    path = tmp_path / "first-users.rq"
    path.write_text(SHARED_USERS.replace("ORDER BY ?group ?member",
                                         "ORDER BY ?group DESC(?member) LIMIT 2"),
                    encoding="utf-8")
    rows = sorted((str(s), str(o)) for s, o in kg.subject_objects(DS.uses))
    first = rows[0][0]
    chosen = sorted(o for s, o in rows if s == first)[-2:]
    assert len(chosen) == 2, "the first organization uses two technologies or more"
    assert set(map(frozenset, project(kg, path).edges())) == {frozenset(chosen)}


def test_decimal_weights_are_numbers(kg: KnowledgeGraph, tmp_path: Path) -> None:
    path = tmp_path / "halves.rq"
    path.write_text("# projection: graph\nPREFIX ds: <https://w3id.org/dotscale/ontology#>\n"
                    "SELECT ?source ?target ?weight WHERE { ?source ds:uses ?target "
                    "BIND(0.5 AS ?weight) }\n", encoding="utf-8")
    graph = project(kg, path)
    assert graph.number_of_edges() == len(set(kg.subject_objects(DS.uses)))
    assert {weight for _, _, weight in graph.edges(data="weight")} == {0.5}


@pytest.mark.parametrize(("header", "body", "message"), [
    ("# projection: tree", "SELECT ?source ?target WHERE { ?source ds:uses ?target }",
     "unknown projection 'tree'"),
    ("# projection: graph", "SELECT ?s ?target WHERE { ?s ds:uses ?target }",
     "must select ?source and ?target"),
    ("# projection: co-occurrence", "SELECT ?source ?target WHERE { ?source ds:uses ?target }",
     "must select ?group and ?member"),
    ("# projection: graph", 'SELECT ?source ?target ?weight WHERE { ?source ds:uses ?target '
     'BIND("heavy" AS ?weight) }', "?weight must be a number"),
    ("# projection: bipartite", "SELECT ?source ?target WHERE { VALUES (?source ?target) { "
     "(<https://w3id.org/dotscale/id/technology/go> <https://w3id.org/dotscale/id/technology/x>)"
     "(<https://w3id.org/dotscale/id/technology/x> <https://w3id.org/dotscale/id/technology/go>)"
     "} }",
     "both a source and a target"),
    ("# title: not a projection", "SELECT ?source ?target WHERE { ?source ds:uses ?target }",
     "is not a projection"),
])
def test_a_bad_projection_is_one_clear_error(kg: KnowledgeGraph, tmp_path: Path, header: str,
                                             body: str, message: str,
                                             cli: Callable[..., Any]) -> None:
    path = tmp_path / "bad.rq"
    path.write_text(f"{header}\n{body}\n", encoding="utf-8")
    with pytest.raises(DotscaleError, match=message.replace("?", r"\?")):
        project(kg, path)


def test_a_query_that_is_no_projection_fails_on_the_command_line(
        cli: Callable[..., Any], tmp_path: Path) -> None:
    result = cli("project", "talks-about", "--no-bundled", "--out", str(tmp_path / "x.json"))
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "talks-about is not a projection" in result.stderr
    assert not list(tmp_path.iterdir())


# -- around a node --------------------------------------------------------------------------


def test_a_name_nothing_has_is_refused_before_the_projection_runs(kg: KnowledgeGraph,
                                                                  tmp_path: Path) -> None:
    """The query runs only for a name the graph has (this one's answer is refused)."""
    path = tmp_path / "heavy.rq"
    path.write_text("# projection: graph\nPREFIX ds: <https://w3id.org/dotscale/ontology#>\n"
                    'SELECT ?source ?target ?weight WHERE { ?source ds:uses ?target '
                    'BIND("heavy" AS ?weight) }\n', encoding="utf-8")
    with pytest.raises(DotscaleError, match=r"\?weight must be a number"):
        project(kg, path, around="Redis")
    with pytest.raises(DotscaleError, match=r"^--around Nobody At All: nothing in the graph"):
        project(kg, path, around="Nobody At All")


@pytest.mark.parametrize(("name", "around", "hops"), [
    ("graph-overview", "Redis", 2),
    ("graph-overview", "id:technology/postgresql", 1),
    ("graph-technology-co-mention", "postgresql", 3),
    ("graph-speaker-technology", "Kyle Kingsbury", 2),
])
def test_the_ego_graph_holds_the_nodes_within_n_hops(
        library_projection: Callable[..., nx.Graph], projected: dict[str, nx.Graph], name: str,
        around: str, hops: int) -> None:
    whole = projected[name]
    part = library_projection(name, around=around, hops=hops)
    center = part.graph["center"]
    assert whole.nodes[center]["label"].casefold() == around.casefold() or ":" in around
    distances = nx.single_source_shortest_path_length(whole.to_undirected(as_view=True),
                                                      center, cutoff=hops)
    assert set(part) == set(distances)
    if whole.is_directed():
        assert set(part.edges()) == set(whole.subgraph(distances).edges())
    else:
        assert _undirected(part.edges()) == _undirected(whole.subgraph(distances).edges())
    assert 1 < part.number_of_nodes() < whole.number_of_nodes()


def test_around_a_node_that_is_not_in_the_projection(kg: KnowledgeGraph) -> None:
    with pytest.raises(DotscaleError, match="is not a node of graph-talk-topic"):
        project(kg, "graph-talk-topic", around="Redis")
    with pytest.raises(DotscaleError, match="--around Nothing-Like-This"):
        project(kg, "graph-talk-topic", around="Nothing-Like-This")


# -- files for other tools ------------------------------------------------------------------


def _read(path: Path, fmt: str, like: nx.Graph) -> nx.Graph:
    if fmt == "graphml":
        return nx.read_graphml(path, force_multigraph=like.is_multigraph())
    if fmt == "gexf":
        graph = nx.read_gexf(path)
        for *_, data in graph.edges(data=True):
            data.pop("id")  # GEXF numbers its edges
        return graph
    if fmt == "json":
        return nx.node_link_graph(json.loads(path.read_text(encoding="utf-8")), edges="links")
    return nx.read_edgelist(path, create_using=type(like)(), data=True, comments=None)


def _edges(graph: nx.Graph) -> list[tuple[Any, ...]]:
    if graph.is_directed():
        return sorted((u, v, sorted(d.items())) for u, v, d in graph.edges(data=True))
    return sorted((*sorted((u, v)), sorted(d.items())) for u, v, d in graph.edges(data=True))


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("name", ["graph-overview", "graph-technology-co-mention",
                                  "graph-speaker-technology"])
def test_every_format_reads_back_the_same(projected: dict[str, nx.Graph], tmp_path: Path,
                                          name: str, fmt: str) -> None:
    graph = projected[name]
    path = tmp_path / f"{name}{FORMATS[fmt]}"
    write(graph, path)
    back = _read(path, fmt, graph)
    assert type(back) is type(graph)
    assert _edges(back) == _edges(graph)
    if fmt == "edgelist":  # edges and their attributes only
        assert set(back) == set(graph)
    else:
        assert dict(back.nodes(data=True)) == dict(graph.nodes(data=True))
    if graph.is_multigraph() and fmt != "edgelist":
        assert set(back.edges(keys=True)) == set(graph.edges(keys=True))


def test_the_same_graph_gives_the_same_bytes(projected: dict[str, nx.Graph],
                                             tmp_path: Path) -> None:
    graph = projected["graph-talk-topic"]
    for fmt, suffix in FORMATS.items():
        write(graph, tmp_path / f"a{suffix}")
        write(graph, tmp_path / f"b{suffix}")
        assert (tmp_path / f"a{suffix}").read_bytes() == (tmp_path / f"b{suffix}").read_bytes(), fmt


def test_writing_is_atomic(projected: dict[str, nx.Graph], tmp_path: Path) -> None:
    path = tmp_path / "out.graphml"
    with pytest.raises(DotscaleError, match="unknown graph format"):
        write(projected["graph-talk-topic"], path, "dot")
    assert not list(tmp_path.iterdir())


def test_project_on_the_command_line(cli: Callable[..., Any], tmp_path: Path,
                                     projected: dict[str, nx.Graph]) -> None:
    out = tmp_path / "speakers.gexf"
    result = cli("project", "graph-speaker-technology", "--around", "Redis", "--hops", "2",
                 "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert f"to {out}" in result.stderr
    back = nx.read_gexf(out)
    whole = projected["graph-speaker-technology"]
    redis = next(n for n, label in whole.nodes(data="label") if label == "Redis")
    assert set(back) == set(nx.ego_graph(whole, redis, radius=2))


def test_a_projection_fetches_ahead_on_a_native_store_only(kg: KnowledgeGraph) -> None:
    """A native store's engine answers in a thread of its own while the caller goes on; rdflib's
    engine would only wait for the interpreter there, and runs in the caller's thread."""
    import threading

    from graph.drawing.projection import AHEAD_THREAD, _ahead
    from graph.loading.loader import load

    native = load(store="oxigraph")
    assert _ahead(native, lambda: threading.current_thread().name)() == AHEAD_THREAD
    assert _ahead(kg, threading.current_thread)() is threading.current_thread()
