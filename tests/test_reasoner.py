"""An OWL 2 reasoner (HermiT, shipped with owlready2) finds the ontology with all the data
consistent and no class unsatisfiable, and does find a contradiction when there is one.

OWL 2 has no ``xsd:date`` (it is not in the OWL 2 datatype map) and HermiT refuses such literals
outright. The data keeps ``xsd:date``, which schema.org and the SHACL shapes expect; the copy
handed to the reasoner turns each one into the ``xsd:dateTime`` of its midnight. That keeps
every literal in front of the reasoner, checked against its datatype: HermiT's other way out,
``--ignoreUnsupportedDatatypes``, would hide every literal of any unsupported datatype, a
misspelt one included. No axiom of the ontology constrains dates, so midnight changes nothing
the reasoner can conclude.
"""

from __future__ import annotations

import io
import shutil
from types import ModuleType
from typing import Any

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from graph.exporting.serialize import serialize_graph
from graph.loading.store import KnowledgeGraph
from graph.namespaces import DS, ID, ONTOLOGY_IRI
from graph.util.resources import ONTOLOGY_FILE
from tests.interop.tools import require_tool

pytestmark = [pytest.mark.interop, pytest.mark.slow]


def owlready() -> ModuleType:
    require_tool("Java", None if shutil.which("java") else "java is not on PATH")
    try:
        import owlready2
    except ImportError:
        pytest.fail("owlready2 is missing: pip install 'dotscale-graph[dev]'", pytrace=False)
    return owlready2


def for_the_reasoner(graph: Graph) -> Graph:
    """A copy of ``graph`` whose ``xsd:date`` literals are ``xsd:dateTime`` at midnight."""
    copy = Graph()
    for subject, predicate, value in graph:
        if isinstance(value, Literal) and value.datatype == XSD.date:
            value = Literal(f"{value}T00:00:00", datatype=XSD.dateTime)
        copy.add((subject, predicate, value))
    return copy


def reason(graph: Graph) -> Any:
    """Run HermiT on ``graph``; the owlready2 world it classified."""
    owlready2 = owlready()
    world = owlready2.World()
    ontology = world.get_ontology(str(ONTOLOGY_IRI))
    ontology.load(fileobj=io.BytesIO(serialize_graph(for_the_reasoner(graph), "nt")),
                  format="ntriples")
    owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    return world


def unsatisfiable(world: Any) -> list[str]:
    """The classes the reasoner found equivalent to owl:Nothing (but owl:Nothing itself)."""
    return sorted(cls.iri for cls in world.inconsistent_classes() if cls.iri != str(OWL.Nothing))


def the_ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


def test_ontology_with_all_the_data_is_consistent(kg: KnowledgeGraph) -> None:
    world = reason(kg.union())
    assert unsatisfiable(world) == []
    talks = set(kg.union().subjects(RDF.type, DS.Talk))
    assert {talk.iri for talk in world.search(type=world[str(DS.Talk)])} >= set(map(str, talks))


def test_the_data_keeps_its_dates_and_the_reasoner_gets_datetimes(kg: KnowledgeGraph) -> None:
    union = kg.union()
    dates = [v for v in union.objects() if isinstance(v, Literal) and v.datatype == XSD.date]
    assert dates
    copy = for_the_reasoner(union)
    assert len(copy) == len(union)
    assert not [v for v in copy.objects() if isinstance(v, Literal) and v.datatype == XSD.date]
    assert Literal(f"{dates[0]}T00:00:00", datatype=XSD.dateTime) in set(copy.objects())


def test_a_node_both_person_and_technology_is_inconsistent() -> None:
    owlready2 = owlready()
    graph = the_ontology()
    both = ID["person/redis"]
    graph.add((both, RDF.type, DS.Person))
    graph.add((both, RDF.type, DS.Technology))
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        reason(graph)


def test_a_class_below_two_disjoint_classes_is_unsatisfiable() -> None:
    graph = the_ontology()
    chimera = URIRef(f"{DS}PersonTechnology")
    graph.add((chimera, RDF.type, OWL.Class))
    graph.add((chimera, RDFS.subClassOf, DS.Person))
    graph.add((chimera, RDFS.subClassOf, DS.Technology))
    assert unsatisfiable(reason(graph)) == [str(chimera)]
