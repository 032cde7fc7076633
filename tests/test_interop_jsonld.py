"""The JSON-LD export: a compact ``@context`` generated from the ontology, and exact values.

Reading the export back (rdflib, Oxigraph) gives the whole graph: tests/test_interop.py checks
the built file with every reader that reads JSON-LD. Here: the context itself, and the cases
rdflib's own JSON-LD writer gets wrong.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS, XSD

from graph.exporting.jsonld_context import bundled_context, jsonld_context
from graph.exporting.serialize import serialize_graph
from graph.namespaces import DS, ID, PREFIXES
from graph.util.resources import ONTOLOGY_FILE, SHAPES_FILE

TALK = str(ID["talk/2015/salvatore-sanfilippo-introducing-disque"])


@pytest.fixture(scope="module")
def document(exported: Callable[[str], bytes]) -> dict[str, Any]:
    parsed: dict[str, Any] = json.loads(exported("jsonld"))
    return parsed


def test_the_export_uses_the_generated_context(document: dict[str, Any]) -> None:
    assert document["@context"] == bundled_context()


def test_the_context_types_every_ds_property_from_the_ontology() -> None:
    ontology = Graph().parse(ONTOLOGY_FILE, format="turtle")
    context = bundled_context()
    assert {key: context[key] for key in PREFIXES} == PREFIXES
    for prop in ontology.subjects(RDF.type, OWL.ObjectProperty):
        if str(prop).startswith(str(DS)):
            assert context[f"ds:{prop[len(DS):]}"] == {"@type": "@id"}, prop
    assert context["ds:order"] == {"@type": "xsd:integer"}
    assert context["ds:filmed"] == {"@type": "xsd:date"}  # range rdfs:Literal; from the shapes
    assert "ds:oneliner" not in context  # plain strings need no definition


def test_a_new_property_in_the_ontology_gets_its_term() -> None:
    ontology = Graph().parse(ONTOLOGY_FILE, format="turtle")
    shapes = Graph().parse(SHAPES_FILE, format="turtle")
    ontology.add((DS.keynote, RDF.type, OWL.ObjectProperty))
    ontology.add((DS.seats, RDF.type, OWL.DatatypeProperty))
    ontology.add((DS.seats, RDFS.range, XSD.nonNegativeInteger))
    context = jsonld_context(ontology, shapes)
    assert context["ds:keynote"] == {"@type": "@id"}
    assert context["ds:seats"] == {"@type": "xsd:nonNegativeInteger"}


def test_values_are_compact(document: dict[str, Any]) -> None:
    (talk,) = [node for node in document["@graph"] if node["@id"] == TALK]
    assert talk["ds:speaker"] == str(ID["person/salvatore-sanfilippo"])
    assert talk["ds:filmed"] == "2015-06-08"
    assert talk["@type"] == "ds:Talk"


def test_what_rdflib_alone_would_lose_comes_back() -> None:
    cycle, other = BNode("a"), BNode("b")
    graph = Graph()
    graph.add((cycle, DS.speaker, other))  # blank nodes referring only to each other
    graph.add((other, DS.speaker, cycle))
    graph.add((URIRef("https://example.org/t"), DS.order, Literal(10**30)))  # not a double
    graph.add((URIRef("https://example.org/t"), DS.speaker, BNode("c")))  # coerced blank node
    graph.add((BNode("c"), RDFS.label, Literal("true", datatype=XSD.boolean)))
    data = serialize_graph(graph, "jsonld")
    assert isomorphic(Graph().parse(data=data, format="json-ld"), graph)
    import pyoxigraph

    nquads = pyoxigraph.serialize(pyoxigraph.parse(data, pyoxigraph.RdfFormat.JSON_LD),
                                  format=pyoxigraph.RdfFormat.N_QUADS).decode()
    assert isomorphic(Graph().parse(data=nquads, format="nquads"), graph)
