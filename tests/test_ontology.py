"""The ontology (TBox) and the SHACL shapes: declarations, alignments, header, well-formed shapes.

The ontology must open in Protégé and reason with HermiT without fetching anything: every term it
uses is declared here, nothing is imported, no IRI is punned and only datatypes of the OWL 2
datatype map appear. The shapes must be well-formed SHACL whose targets and paths the ontology
declares, and must catch the mistakes they exist for.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

import pyshacl
import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SH, SKOS, XSD
from rdflib.term import Node

from graph.namespaces import (
    CONF,
    DOAP,
    DS,
    ONTOLOGY_IRI,
    PREFIXES,
    SCHEMA,
    SWC,
    TOPIC_SCHEME,
    VANN,
)
from graph.util.resources import ONTOLOGY_FILE, SHAPES_FILE

DSS = Namespace("https://w3id.org/dotscale/shapes#")

DECLARATION_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
STANDARD_NAMESPACES = tuple(str(ns) for ns in (SCHEMA, FOAF, DCTERMS, SKOS, PROV, DOAP, CONF, SWC))
# The language itself (OWL, RDF, XSD, RDFS structure) needs no declaration. (Namespaces are
# matched with str.startswith: rdflib's URIRef.startswith does not accept a tuple.)
LANGUAGE_NAMESPACES = (str(OWL), str(RDF), str(XSD))
RDFS_STRUCTURE = {RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range, RDFS.Literal}
# Predicates whose objects are classes or properties (terms), not values.
TERM_OBJECT_PREDICATES = {
    RDF.type, RDF.first, RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range,
    OWL.disjointWith, OWL.equivalentClass, OWL.equivalentProperty, OWL.inverseOf,
}
# The datatypes of the OWL 2 datatype map this ontology may use (HermiT rejects any other).
OWL2_DATATYPES = {RDFS.Literal, XSD.string, XSD.integer, XSD.anyURI, XSD.dateTime, XSD.boolean}
EXTRA_TARGET_CLASSES = {SCHEMA.Place, SKOS.Concept}
DISJOINT_CLASSES = {DS.Conference, DS.ConferenceSeries, DS.Organization, DS.Person, DS.Source,
                    DS.Talk, DS.Technology, DS.Topic}


@cache
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


@cache
def shapes() -> Graph:
    return Graph().parse(SHAPES_FILE, format="turtle")


def used_terms(graph: Graph) -> Iterator[URIRef]:
    """Every IRI the ontology uses as a class or property (not as a value such as a licence)."""
    for subject, predicate, obj in graph:
        if isinstance(subject, URIRef) and subject != ONTOLOGY_IRI:
            yield subject
        yield URIRef(str(predicate))
        if predicate in TERM_OBJECT_PREDICATES and isinstance(obj, URIRef):
            yield obj


def members(graph: Graph, subject: Node, predicate: URIRef) -> set[Node]:
    """The members of the RDF list that is the value of ``predicate`` on ``subject``."""
    head = graph.value(subject, predicate)
    assert head is not None, f"{subject} has no {predicate}"
    return set(Collection(graph, head))


def ds_terms() -> list[URIRef]:
    return sorted({term for term in used_terms(ontology()) if term.startswith(str(DS))})


def external_terms() -> list[URIRef]:
    return sorted({
        term for term in used_terms(ontology())
        if not str(term).startswith((str(DS), *LANGUAGE_NAMESPACES)) and term not in RDFS_STRUCTURE
    })


def ds_properties() -> list[URIRef]:
    graph = ontology()
    return [term for term in ds_terms() if any((term, RDF.type, kind) in graph
                                               for kind in PROPERTY_TYPES)]


def declared_types(term: Node) -> set[URIRef]:
    return {kind for kind in DECLARATION_TYPES if (term, RDF.type, kind) in ontology()}


def local_name(term: URIRef) -> str:
    return term.split("#")[-1].split("/")[-1]


def test_header_metadata() -> None:
    graph = ontology()
    assert set(graph.subjects(RDF.type, OWL.Ontology)) == {ONTOLOGY_IRI}
    header = {predicate: graph.value(ONTOLOGY_IRI, predicate)
              for predicate in graph.predicates(ONTOLOGY_IRI, None)}
    assert header[OWL.versionIRI] == URIRef(f"{ONTOLOGY_IRI}/1.0.0")
    assert header[OWL.versionInfo] == Literal("1.0.0")
    assert isinstance(header[DCTERMS.title], Literal)
    assert isinstance(header[DCTERMS.description], Literal)
    assert header[DCTERMS.creator] == Literal("dotscale-graph contributors")
    assert header[DCTERMS.license] == URIRef("https://opensource.org/licenses/MIT")
    assert header[DCTERMS.created] == Literal("2026-11-26", datatype=XSD.date)
    modified = header[DCTERMS.modified]
    assert isinstance(modified, Literal) and modified.datatype == XSD.date
    assert header[VANN.preferredNamespacePrefix] == Literal("ds")
    assert header[VANN.preferredNamespaceUri] == Literal(PREFIXES["ds"])


def test_nothing_is_imported() -> None:
    assert not list(ontology().triples((None, OWL.imports, None)))


def test_every_iri_has_at_most_one_kind() -> None:
    punned = {term: kinds for term in set(used_terms(ontology()))
              if len(kinds := declared_types(term)) > 1}
    assert not punned


def test_only_owl2_datatypes_are_used() -> None:
    datatypes = {obj for obj in ontology().objects(None, RDFS.range)
                 if isinstance(obj, URIRef) and (obj.startswith(str(XSD)) or obj == RDFS.Literal)}
    assert datatypes <= OWL2_DATATYPES


@pytest.mark.parametrize("term", ds_terms(), ids=local_name)
def test_ds_term_is_declared_and_documented(term: URIRef) -> None:
    graph = ontology()
    assert len(declared_types(term)) == 1, "declare it as exactly one of class or property kinds"
    assert not declared_types(term) & {OWL.AnnotationProperty}
    labels = list(graph.objects(term, RDFS.label))
    assert len(labels) == 1 and isinstance(labels[0], Literal) and labels[0].language == "en"
    comments = list(graph.objects(term, RDFS.comment))
    assert comments and all(isinstance(c, Literal) and c.language == "en" for c in comments)
    assert (term, RDFS.isDefinedBy, ONTOLOGY_IRI) in graph


@pytest.mark.parametrize("term", ds_properties(), ids=local_name)
def test_ds_property_has_domain_and_range(term: URIRef) -> None:
    graph = ontology()
    assert len(list(graph.objects(term, RDFS.domain))) == 1
    assert len(list(graph.objects(term, RDFS.range))) == 1


@pytest.mark.parametrize("term", ds_terms(), ids=local_name)
def test_ds_term_reaches_a_standard_vocabulary(term: URIRef) -> None:
    graph = ontology()
    link = RDFS.subPropertyOf if term in ds_properties() else RDFS.subClassOf
    ancestors = set(graph.transitive_objects(term, link)) - {term}
    assert any(str(a).startswith(STANDARD_NAMESPACES) for a in ancestors if isinstance(a, URIRef))


def prefixed(term: URIRef) -> str:
    return term.n3(ontology().namespace_manager)


@pytest.mark.parametrize("term", external_terms(), ids=prefixed)
def test_external_term_is_declared(term: URIRef) -> None:
    graph = ontology()
    assert len(declared_types(term)) == 1
    assert graph.value(term, RDFS.label) is not None
    assert graph.value(term, RDFS.isDefinedBy) is not None


@pytest.mark.parametrize("term", [DS.creator, DS.inspiredBy, DS.oneliner, DS.series],
                         ids=local_name)
def test_either_or_is_a_union_class(term: URIRef) -> None:
    graph = ontology()
    ends = [*graph.objects(term, RDFS.domain), *graph.objects(term, RDFS.range)]
    (expression,) = [end for end in ends if isinstance(end, BNode)]
    classes = members(graph, expression, OWL.unionOf)
    assert len(classes) == 2 and all(declared_types(c) == {OWL.Class} for c in classes)


def test_top_classes_are_pairwise_disjoint() -> None:
    graph = ontology()
    groups = [members(graph, axiom, OWL.members)
              for axiom in graph.subjects(RDF.type, OWL.AllDisjointClasses)]
    assert DISJOINT_CLASSES in groups


def test_topics_are_skos_concepts_but_the_scheme_is_data() -> None:
    graph = ontology()
    assert (DS.Topic, RDFS.subClassOf, SKOS.Concept) in graph
    assert not list(graph.triples((TOPIC_SCHEME, None, None)))


def test_shape_targets_are_declared_classes() -> None:
    targets = set(shapes().objects(None, SH.targetClass))
    assert targets
    for target in targets:
        assert target in EXTRA_TARGET_CLASSES or (
            str(target).startswith(str(DS)) and declared_types(target) == {OWL.Class}), target


def test_shape_paths_are_declared_properties() -> None:
    paths = set(shapes().objects(None, SH.path))
    assert paths and all(isinstance(path, URIRef) for path in paths)
    for path in paths:
        assert declared_types(path) & set(PROPERTY_TYPES), path


def test_every_shape_speaks_to_the_user() -> None:
    graph = shapes()
    for node_shape in graph.subjects(RDF.type, SH.NodeShape):
        assert graph.value(node_shape, RDFS.label) is not None, node_shape
        assert graph.value(node_shape, RDFS.comment) is not None, node_shape
    for property_shape in graph.objects(None, SH.property):
        assert graph.value(property_shape, SH.name) is not None, property_shape
        assert graph.value(property_shape, SH.message) is not None, property_shape


def validate(data: Graph, *, meta_shacl: bool = False) -> tuple[bool, set[URIRef]]:
    """Validate as the project does; answer whether it conforms and which shapes failed.

    With ``meta_shacl`` pyshacl first validates the shapes graph against the SHACL-for-SHACL
    shapes and fails on an ill-formed shape.
    """
    conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes(), ont_graph=ontology(),
                                           inference="none", advanced=True, meta_shacl=meta_shacl)
    failed = {shape for shape in report.objects(None, SH.sourceShape) if isinstance(shape, URIRef)}
    return bool(conforms), failed


def test_shapes_are_well_formed_shacl() -> None:
    assert validate(Graph(), meta_shacl=True) == (True, set())


PREFIXES_TEXT = """
PREFIX conference: <https://w3id.org/dotscale/id/conference/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX ds: <https://w3id.org/dotscale/ontology#>
PREFIX org: <https://w3id.org/dotscale/id/organization/>
PREFIX person: <https://w3id.org/dotscale/id/person/>
PREFIX place: <https://w3id.org/dotscale/id/place/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
PREFIX series: <https://w3id.org/dotscale/id/series/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX source: <https://w3id.org/dotscale/id/source/>
PREFIX talk: <https://w3id.org/dotscale/id/talk/2015/>
PREFIX tech: <https://w3id.org/dotscale/id/technology/>
PREFIX topic: <https://w3id.org/dotscale/id/topic/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""

VALID_DATA = PREFIXES_TEXT + """
talk:t a ds:LightningTalk ;
    rdfs:label "A talk" ;
    skos:altLabel "A talk, paraphrased", "Another paraphrase" ;
    ds:speaker person:p ;
    ds:conference conference:c ;
    ds:about tech:redis ;
    ds:topic topic:databases ;
    ds:order 1 ;
    ds:filmed "2015-06-08"^^xsd:date ;
    schema:startDate "2015-06-08T18:30:00+02:00"^^xsd:dateTime ;
    ds:video <https://www.youtube.com/watch?v=x> ;
    ds:source source:s .
person:p a ds:Person ;
    rdfs:label "A Person"@en ;
    ds:twitter "antirez" ;
    ds:github "some-one" ;
    ds:worksFor org:o .
org:o a ds:Organization ;
    rdfs:label "An organization" ;
    ds:uses tech:redis .
conference:c a ds:Conference ;
    rdfs:label "dotScale 2015" ;
    schema:startDate "2015-06-08"^^xsd:date ;
    schema:url "http://2015.dotscale.io"^^xsd:anyURI ;
    ds:series series:s ;
    ds:location place:theatre .
series:s a ds:ConferenceSeries ;
    rdfs:label "dotScale" .
place:theatre a schema:Place ;
    rdfs:label "Théâtre de Paris" ;
    schema:containedInPlace place:paris .
place:paris a schema:City ;
    rdfs:label "Paris" .
tech:redis a ds:KeyValueStore ;
    rdfs:label "Redis" ;
    ds:creator person:p ;
    ds:writtenIn tech:c .
tech:c a ds:ProgrammingLanguage ;
    rdfs:label "C" .
topic:databases a ds:Topic ;
    rdfs:label "databases" ;
    skos:inScheme topic:scheme .
source:s a ds:Source ;
    dcterms:title "A post" ;
    dcterms:date "2015-06-10"^^xsd:date ;
    schema:url "https://example.org/post"^^xsd:anyURI .
"""

# Each mistake: a SPARQL update that breaks the valid data, and the shape that must catch it.
MISTAKES = {
    "talk without speaker": ("DELETE WHERE { talk:t ds:speaker ?p }", "Talk-speaker"),
    "speaker is a technology": (
        "DELETE WHERE { talk:t ds:speaker ?p } ; INSERT DATA { talk:t ds:speaker tech:redis }",
        "Talk-speaker"),
    "talk in two conferences": (
        'INSERT DATA { talk:t ds:conference conference:x . conference:x a ds:Conference ; '
        'rdfs:label "Other" }', "Talk-conference"),
    "talk with two titles": ('INSERT DATA { talk:t rdfs:label "A paraphrase" }', "Talk-label"),
    "person without name": ("DELETE WHERE { person:p rdfs:label ?l }", "Person-label"),
    "order zero": ("DELETE WHERE { talk:t ds:order ?o } ; INSERT DATA { talk:t ds:order 0 }",
                   "Talk-order"),
    "filmed as text": ('DELETE WHERE { talk:t ds:filmed ?d } ; '
                       'INSERT DATA { talk:t ds:filmed "8 June 2015" }', "Talk-filmed"),
    "video as text": ('DELETE WHERE { talk:t ds:video ?v } ; '
                      'INSERT DATA { talk:t ds:video "https://youtu.be/x" }', "Talk-video"),
    "twitter handle with @": ('DELETE WHERE { person:p ds:twitter ?h } ; '
                              'INSERT DATA { person:p ds:twitter "@antirez" }', "Person-twitter"),
    "creator is a topic": ("INSERT DATA { tech:redis ds:creator topic:databases }",
                           "Technology-creator"),
    "written in a database": ("INSERT DATA { tech:redis ds:writtenIn tech:redis }",
                              "Technology-writtenIn"),
    "city without name": ("DELETE WHERE { place:paris rdfs:label ?l }", "Place-label"),
    "topic outside the scheme": ("DELETE WHERE { topic:databases skos:inScheme ?s }",
                                 "Topic-inScheme"),
    "source without address": ("DELETE WHERE { source:s schema:url ?u }", "Source-url"),
    "url as an IRI": ("DELETE WHERE { conference:c schema:url ?u } ; "
                      "INSERT DATA { conference:c schema:url <http://2015.dotscale.io> }",
                      "Url-literal"),
}


@cache
def valid_data() -> Graph:
    return Graph().parse(data=VALID_DATA, format="turtle")


def test_valid_data_conforms() -> None:
    assert validate(valid_data()) == (True, set())


@pytest.mark.parametrize("mistake", sorted(MISTAKES))
def test_shapes_catch_mistake(mistake: str) -> None:
    update, shape = MISTAKES[mistake]
    data = Graph()
    data += valid_data()
    data.update(PREFIXES_TEXT + update)
    assert set(data) != set(valid_data()), "the update must change the data"
    conforms, failed = validate(data)
    assert not conforms
    assert DSS[shape] in failed
