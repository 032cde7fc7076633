"""The technology vocabulary (graph/data/technologies.ttl), record by record."""

from __future__ import annotations

from collections import Counter

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from graph.linking.vocabulary import VOCABULARY_FILE, VOCABULARY_SOURCE, Vocabulary, name_key
from graph.namespaces import BLOG_GRAPH, DS, ID, SCHEMA, TECHNOLOGIES_GRAPH, slugify
from graph.util.resources import DATA_DIR, ONTOLOGY_FILE

ONTOLOGY = Graph().parse(ONTOLOGY_FILE, format="turtle")
GRAPH = Graph().parse(VOCABULARY_FILE, format="turtle")
KINDS = set(ONTOLOGY.transitive_subjects(RDFS.subClassOf, DS.Technology))
TECHNOLOGIES = sorted(s for s in GRAPH.subjects(RDF.type, None)
                      if str(s).startswith(str(ID["technology/"])))


def test_hundreds_of_technologies_of_every_kind() -> None:
    kinds = Counter(GRAPH.value(t, RDF.type) for t in TECHNOLOGIES)
    assert len(TECHNOLOGIES) >= 500
    assert len(kinds) >= 25
    assert all(kinds[ONTOLOGY.value(predicate=RDFS.label, object=Literal(label, lang="en"))]
               for label in ("programming language", "protocol", "web standard", "algorithm"))


@pytest.mark.parametrize("node", TECHNOLOGIES, ids=lambda n: str(n).rsplit("/", 1)[1])
def test_each_technology(node: URIRef) -> None:
    kinds = list(GRAPH.objects(node, RDF.type))
    assert len(kinds) == 1 and kinds[0] in KINDS - {DS.Technology}
    labels = list(GRAPH.objects(node, RDFS.label))
    assert len(labels) == 1
    names = [str(labels[0]), *map(str, GRAPH.objects(node, SKOS.altLabel))]
    assert all(name == " ".join(name.split()) for name in names)
    assert {str(n) for n in GRAPH.objects(node, DS.ambiguousName)} <= set(names)
    slug = str(node).rsplit("/", 1)[1]  # the slug of a name, "plus", "sharp", "star" spelled out
    assert slug in {slugify(n.replace("++", "pp").replace("+", " plus ").replace("#", " sharp")
                            .replace("*", " star "))
                    for n in names}


def test_no_name_spelled_the_same_names_two_technologies() -> None:
    owners: dict[str, set[URIRef]] = {}
    for prop in (RDFS.label, SKOS.altLabel):
        for node, name in GRAPH.subject_objects(prop):
            owners.setdefault(str(name), set()).add(node)  # type: ignore[arg-type]
    assert {name: nodes for name, nodes in owners.items() if len(nodes) > 1} == {}


def test_names_differing_in_case_only_are_told_apart_by_their_case() -> None:
    vocabulary = Vocabulary(GRAPH, ONTOLOGY)
    for key in ("yarn",):
        names = vocabulary.names_for(key)
        assert len({n.node for n in names}) == 2 and all(n.case_sensitive for n in names)
    assert name_key("Cap’n Proto") == name_key("cap'n proto")


def test_the_vocabulary_is_a_described_source() -> None:
    assert (TECHNOLOGIES_GRAPH, RDF.type, None) in GRAPH
    assert GRAPH.value(TECHNOLOGIES_GRAPH, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")) \
        == VOCABULARY_SOURCE
    assert GRAPH.value(VOCABULARY_SOURCE, SCHEMA.version) == Literal("1.0.0")
    linguist = ID["source/linguist-languages"]
    assert str(GRAPH.value(linguist, SCHEMA.version)) == "9.5.0"
    assert len(list(GRAPH.subjects(DS.source, linguist))) >= 200


def test_the_blogs_technologies_are_the_vocabularys_nodes() -> None:
    blog = Graph().parse(DATA_DIR / "marmelab-blog.ttl", format="turtle")
    named = {t for t in blog.all_nodes() if str(t).startswith(str(ID["technology/"]))}
    assert named and named <= set(TECHNOLOGIES)
    for node in named:  # where the blog names a technology by its label, it is the same label
        assert set(blog.objects(node, RDFS.label)) <= set(GRAPH.objects(node, RDFS.label))
    assert BLOG_GRAPH != TECHNOLOGIES_GRAPH
