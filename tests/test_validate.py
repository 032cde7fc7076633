"""Every SHACL property shape is violated once by a small bad file, and the report names it.

For each property shape, the test takes a real node of the shape's target class from the bundled
graph, writes a small file with that node's description, checks the file conforms to that shape,
then breaks one constraint of the shape and checks the violation is reported with the node, the
shape and the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

from graph.loading.loader import load, load_file
from graph.loading.store import KnowledgeGraph, open_store
from graph.namespaces import ONTOLOGY_IRI, compact
from graph.util.resources import ONTOLOGY_FILE, SHAPES_FILE
from graph.validating.shacl import data_graph, validate

SHAPES = Graph().parse(SHAPES_FILE, format="turtle")
ONTOLOGY = Graph().parse(ONTOLOGY_FILE, format="turtle")
STRANGER = URIRef("https://example.org/not-what-the-shape-wants")


def property_shapes() -> Iterator[tuple[URIRef, URIRef, URIRef]]:
    for node_shape in sorted(SHAPES.subjects(RDF.type, SH.NodeShape)):
        target = SHAPES.value(node_shape, SH.targetClass)
        for shape in sorted(SHAPES.objects(node_shape, SH.property)):
            path = SHAPES.value(shape, SH.path)
            if isinstance(target, URIRef) and isinstance(path, URIRef):
                assert isinstance(shape, URIRef), f"name the property shape of {path}"
                yield target, shape, path


def instances(data: Graph, cls: URIRef) -> list[Node]:
    classes = set(ONTOLOGY.transitive_subjects(RDFS.subClassOf, cls)) | {cls}
    return sorted({s for c in classes for s in data.subjects(RDF.type, c)})


def small_description(data: Graph, focus: Node) -> Graph:
    """The node's own triples plus the type and label of everything it points to."""
    small = Graph()
    for _, predicate, value in data.triples((focus, None, None)):
        small.add((focus, predicate, value))
        for detail in (RDF.type, RDFS.label):
            for fact in data.triples((value, detail, None)):
                small.add(fact)
    return small


def break_constraint(small: Graph, focus: Node, shape: URIRef, path: URIRef) -> str:
    """Break one constraint of ``shape`` on ``focus`` inside ``small``; return which."""
    values = list(small.objects(focus, path))
    min_count = SHAPES.value(shape, SH.minCount)
    max_count = SHAPES.value(shape, SH.maxCount)
    if min_count is not None and int(min_count) > 0:
        small.remove((focus, path, None))
        return "minCount"
    replacement: Node | None = None
    datatype = SHAPES.value(shape, SH.datatype)
    if datatype is not None:
        replacement = Literal(7) if datatype == XSD.string else Literal("not a " + str(datatype))
        kind = "datatype"
    elif SHAPES.value(shape, SH.nodeKind) in (SH.IRI, SH.BlankNodeOrIRI):
        replacement, kind = Literal("a literal where an IRI belongs"), "nodeKind"
    elif any(SHAPES.value(shape, constraint) is not None
             for constraint in (SH["class"], SH["or"], SH.hasValue, SH["in"])):
        replacement, kind = STRANGER, "class"
    elif SHAPES.value(shape, SH.pattern) is not None:
        replacement, kind = Literal("!! does not match !!"), "pattern"
    elif SHAPES.value(shape, SH.minInclusive) is not None:
        replacement = Literal(int(SHAPES.value(shape, SH.minInclusive)) - 1)  # type: ignore[arg-type]
        kind = "minInclusive"
    if replacement is not None:
        small.remove((focus, path, None))
        small.add((focus, path, replacement))
        return kind
    if max_count is not None:
        template = values[0] if values else Literal("x")
        for index in range(int(max_count) + 1):
            if isinstance(template, Literal):
                extra: Node = Literal(f"{template} {index}", lang=template.language,
                                      datatype=template.datatype)
            else:
                extra = URIRef(f"{template}-{index}")
                for cls in small.objects(template, RDF.type):
                    small.add((extra, RDF.type, cls))
            small.add((focus, path, extra))
        return "maxCount"
    pytest.fail(f"{shape} has no constraint this test knows how to break")


def graph_with(path: Path) -> KnowledgeGraph:
    kg = open_store()
    load_file(kg, ONTOLOGY_FILE, ONTOLOGY_IRI)
    load_file(kg, path)
    return kg


@pytest.fixture(scope="module")
def bundled_data() -> Graph:
    return data_graph(load())


@pytest.mark.parametrize(("target", "shape", "path"), list(property_shapes()),
                         ids=lambda value: str(value).rsplit("#", 1)[-1])
def test_each_shape_is_violated_once_and_reported(
    bundled_data: Graph, tmp_path: Path, target: URIRef, shape: URIRef, path: URIRef
) -> None:
    candidates = instances(bundled_data, target)
    assert candidates, f"no {target} in the bundled graph"
    focus = next((c for c in candidates if (c, path, None) in bundled_data), candidates[0])
    if isinstance(focus, BNode):
        pytest.skip("blank node focus")
    small = small_description(bundled_data, focus)
    short_shape = compact(str(shape))

    good = tmp_path / "good.ttl"
    small.serialize(good, format="turtle")
    assert not [v for v in validate(graph_with(good)) if v.shape == short_shape]

    kind = break_constraint(small, focus, shape, path)
    bad = tmp_path / f"bad-{kind}.ttl"
    small.serialize(bad, format="turtle")
    reported = [v for v in validate(graph_with(bad)) if v.shape == short_shape]
    assert reported, f"breaking {kind} of {short_shape} was not reported"
    assert all(str(bad) in v.files for v in reported)
    assert any(v.focus == compact(str(focus)) for v in reported)


def test_bundled_graph_conforms(kg: KnowledgeGraph) -> None:
    assert [v for v in validate(kg) if v.severity == "Violation"] == []


def test_validate_command_reports_violations(cli, tmp_path: Path) -> None:
    bad = tmp_path / "talks.ttl"
    bad.write_text("@prefix ds: <https://w3id.org/dotscale/ontology#> .\n"
                   "<https://w3id.org/dotscale/id/talk/2099/x> a ds:Talk .\n", encoding="utf-8")
    result = cli("validate", "--data", str(bad))
    assert result.exit_code == 1
    assert f"{bad}: Violation: id:talk/2099/x" in result.stdout
    assert result.stderr.startswith("dotscale: error: ") and "SHACL violation" in result.stderr
    assert cli("validate").exit_code == 0
