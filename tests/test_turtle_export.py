"""The whole graph's Turtle and N-Triples: written by Oxigraph and sorted as bytes, the Turtle
grouped by kind of thing; read back unchanged by every reader; the same bytes from every store.

The round trip takes the odd graphs of tests/test_roundtrip.py (awkward literals, unusual IRIs,
blank nodes), writes them with :func:`graph.exporting.turtle.sorted_turtle` and has each reader
of tests/interop/tools.py read them back.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS

from graph.errors import DotscaleError
from graph.exporting.ntriples import ntriples, sorted_lines
from graph.exporting.serialize import serialize, serialize_graph
from graph.exporting.turtle import sorted_turtle
from graph.loading.loader import load
from graph.loading.store import KnowledgeGraph
from graph.namespaces import DS, ID, ONTOLOGY_IRI
from tests.interop.tools import READER_BY_NAME, as_graphs, assert_same, require
from tests.test_roundtrip import BASE, COMMON, TRIPLES, Triple, graph_of, writable

EX = "https://example.org/"


def turtle(graph: Graph) -> bytes:
    return sorted_turtle(sorted_lines(ntriples(graph)))


def read_back(reader_name: str, triples: list[Triple]) -> None:
    reader = READER_BY_NAME[reader_name]
    require(reader)
    with tempfile.TemporaryDirectory(prefix="turtle-") as folder:
        for syntax, suffix, write in (("turtle", ".ttl", turtle),
                                      ("ntriples", ".nt", lambda g: serialize_graph(g, "nt"))):
            reader = READER_BY_NAME[reader_name]
            expected = graph_of([t for t in triples if writable(reader, syntax, t)])
            path = Path(folder, f"graph{suffix}")
            path.write_bytes(write(expected))
            assert_same(as_graphs(expected), reader.read(path, syntax, BASE),
                        f"{reader.name} reading our {syntax}")


@pytest.mark.interop
@pytest.mark.parametrize("reader_name", ["rdflib", "oxigraph"])
@settings(max_examples=100, **COMMON)
@given(triples=TRIPLES)
def test_in_process_readers_read_back_our_turtle(reader_name: str,
                                                 triples: list[Triple]) -> None:
    read_back(reader_name, triples)


@pytest.mark.interop
@pytest.mark.parametrize("reader_name", ["rapper", "serdi", "n3js"])
@settings(max_examples=25, **COMMON)
@given(triples=TRIPLES)
def test_command_line_readers_read_back_our_turtle(reader_name: str,
                                                   triples: list[Triple]) -> None:
    read_back(reader_name, triples)


def _blank_structures(first: str, second: str) -> Graph:
    """A list, a node inside a node, a node two triples share and a cycle of two nodes."""
    graph = Graph()
    head, inner, shared = BNode(f"{first}1"), BNode(f"{first}2"), BNode(f"{first}3")
    Collection(graph, head, [URIRef(EX + "b"), Literal("a"), inner])
    graph.add((URIRef(EX + "s"), URIRef(EX + "list"), head))
    graph.add((inner, RDFS.label, Literal("inner")))
    graph.add((URIRef(EX + "s"), URIRef(EX + "p"), shared))
    graph.add((URIRef(EX + "t"), URIRef(EX + "p"), shared))
    one, two = BNode(f"{second}1"), BNode(f"{second}2")
    graph.add((one, URIRef(EX + "next"), two))
    graph.add((two, URIRef(EX + "next"), one))
    return graph


def test_blank_nodes_get_canonical_labels_and_nest_where_one_triple_refers() -> None:
    graph = _blank_structures("x", "y")
    text = turtle(graph)
    assert text == turtle(_blank_structures("other", "names"))
    assert isomorphic(Graph().parse(data=text, format="turtle"), graph)
    written = text.decode()
    assert "(\n" in written and '"inner"' in written.split("(\n", 1)[1].split(")")[0]
    assert written.count("_:c14n") >= 3  # the shared node (twice) and the cycle


def test_a_graph_without_blank_nodes_is_not_canonicalised(monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    import graph.exporting.ntriples as module

    def refuse(_: object) -> list[bytes]:
        raise AssertionError("canonicalised a graph without blank nodes")

    monkeypatch.setattr(module, "_canonical", refuse)
    graph = graph_of([(URIRef(EX + "a"), RDFS.label, Literal("no _: here"))])
    assert turtle(graph).endswith(b'rdfs:label "no _: here" ;\n.\n')


def test_an_iri_rdf_does_not_allow_is_refused_with_the_triple() -> None:
    graph = graph_of([(URIRef(EX + "a b"), RDFS.label, Literal("x"))])
    with pytest.raises(DotscaleError, match=re.escape("the triple <https://example.org/a b>")):
        turtle(graph)


def _top_level_subjects(text: str) -> list[str]:
    body = text.split("\n\n", 1)[1]
    return [block.split("\n", 1)[0] for block in body.split(".\n\n") if block.strip()]


def test_the_turtle_is_grouped_by_kind_then_label(kg: KnowledgeGraph) -> None:
    text = serialize(kg, "ttl").decode()
    subjects = _top_level_subjects(text)
    ontology = {term.n3(kg.namespace_manager) for term in kg.graph(ONTOLOGY_IRI).subjects()
                if isinstance(term, URIRef)}
    assert subjects[0] == f"<{ONTOLOGY_IRI}>"
    first_thing = next(i for i, s in enumerate(subjects) if s not in ontology and s != "[]")
    assert all(s not in ontology for s in subjects[first_thing:])
    # each kind of thing in one run, the runs in the order of the kinds, each in label order
    starts = []
    for kind in (DS.ConferenceSeries, DS.Conference, DS.Talk, DS.Person, DS.Organization,
                 DS.Technology, DS.Topic):
        classes = set(kg.transitive_subjects(RDFS.subClassOf, kind))
        members = {f"<{s}>" for c in classes for s in kg.subjects(RDF.type, c)}
        where = [i for i, s in enumerate(subjects) if s in members]
        assert len(where) == len(members) > 0, kind
        assert where == list(range(where[0], where[-1] + 1)), f"{kind} is not in one place"
        labels = [str(kg.value(URIRef(subjects[i][1:-1]), RDFS.label)).casefold() for i in where]
        assert labels == sorted(labels), kind
        starts.append(where[0])
    assert first_thing <= starts[0] and starts == sorted(starts)
    # classes before properties inside the ontology part
    assert subjects.index("ds:Talk") < subjects.index("ds:speaker")


def test_every_store_writes_the_same_bytes(kg: KnowledgeGraph, tmp_path: Path) -> None:
    """rdflib's store hands each triple to Oxigraph's writer; Oxigraph's are dumped."""
    stores = [load(store="memory"), load(store=f"oxigraph:{tmp_path / 'store'}")]
    for name in ("ttl", "nt"):
        assert {serialize(other, name) for other in stores} == {serialize(kg, name)}, name


def test_a_technology_of_any_kind_is_among_the_technologies(tmp_path: Path) -> None:
    data = tmp_path / "kinds.ttl"
    data.write_text(
        "@prefix ds: <https://w3id.org/dotscale/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<https://w3id.org/dotscale/id/technology/b> a ds:ProgrammingLanguage ; rdfs:label "
        "\"~~ B\" .\n<https://w3id.org/dotscale/id/technology/a> a ds:TimeSeriesDatabase ; "
        "rdfs:label \"~~ a\" .\n<https://w3id.org/dotscale/id/person/z> a ds:Person ; "
        "rdfs:label \"Z\" .\n", encoding="utf-8")
    kg = load(data=[data])
    subjects = _top_level_subjects(serialize(kg, "ttl").decode())
    a, b = (subjects.index(f"<{ID}technology/{name}>") for name in "ab")
    person = subjects.index(f"<{ID}person/z>")
    assert person < a == b - 1
    assert DS.TimeSeriesDatabase in set(kg.objects(URIRef(f"{ID}technology/a"), RDF.type))
    assert OWL.Class in set(kg.objects(DS.TimeSeriesDatabase, RDF.type))
