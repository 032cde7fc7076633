"""Protégé (and any OWL 2 tool) reads the ontology and the RDF/XML export without guessing.

Every property and every class the files use is declared in the ontology, the external ones
(schema.org, FOAF, SKOS, Dublin Core...) included; no IRI is punned (declared as two kinds of
term, or used both as a term and as an individual); datatype properties have only literal
values and object properties only IRIs or blank nodes, across the whole exported graph.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from graph.util.resources import ONTOLOGY_FILE

KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
PROPERTY_KINDS = KINDS[1:]
# The RDF, RDFS and OWL vocabulary OWL 2 builds its syntax from: never declared.
STRUCTURE = {RDF.type, RDF.first, RDF.rest, RDF.nil, RDFS.subClassOf, RDFS.subPropertyOf,
             RDFS.domain, RDFS.range, RDFS.Literal, RDFS.Resource}


def built_in(term: Node) -> bool:
    return term in STRUCTURE or str(term).startswith(str(OWL))


@cache
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


@pytest.fixture(scope="module", params=["ontology/dotscale.ttl", "dotscale.rdf"])
def published(request: pytest.FixtureRequest, exported: Callable[[str], bytes]) -> Graph:
    if request.param == "dotscale.rdf":
        return Graph().parse(data=exported("xml"), format="xml")
    return ontology()


def declared(term: Node) -> set[Node]:
    return {kind for kind in KINDS if (term, RDF.type, kind) in ontology()}


def test_every_property_used_is_declared(published: Graph) -> None:
    undeclared = sorted({p for p in published.predicates() if not built_in(p)
                         and not declared(p) & set(PROPERTY_KINDS)})
    assert not undeclared


def test_every_class_used_is_declared(published: Graph) -> None:
    undeclared = sorted({c for c in published.objects(None, RDF.type) if not built_in(c)
                         and OWL.Class not in declared(c)})
    assert not undeclared


def test_no_term_is_declared_twice_over() -> None:
    terms = {s for kind in KINDS for s in ontology().subjects(RDF.type, kind)}
    punned = {term: declared(term) for term in terms if len(declared(term)) > 1}
    assert not punned


def test_no_term_is_also_an_individual(published: Graph) -> None:
    terms = {s for kind in KINDS for s in ontology().subjects(RDF.type, kind)}
    individuals = {s for s, c in published.subject_objects(RDF.type) if not built_in(c)}
    individuals |= {value for p in published.predicates() if OWL.ObjectProperty in declared(p)
                    for value in published.objects(None, p)}
    assert not sorted(terms & individuals)


def test_property_values_match_the_kind_of_property(published: Graph) -> None:
    wrong = []
    for subject, predicate, value in published:
        kinds = declared(predicate)
        if OWL.DatatypeProperty in kinds and not isinstance(value, Literal):
            wrong.append((subject, predicate, value))
        if OWL.ObjectProperty in kinds and not isinstance(value, URIRef | BNode):
            wrong.append((subject, predicate, value))
    assert not wrong
