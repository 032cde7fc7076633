"""pyshacl-turbo reports what pySHACL reports, and the report has one line per result.

A file of faults is made from the bundled graph: for each property shape a different node of
its target class is described, and one constraint of the shape is broken on it (the breaking
of tests/test_validate.py). Both engines then validate that file with the ontology, on the
memory store and on the Oxigraph store, and must give the same results.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from graph.errors import DotscaleError
from graph.loading.loader import load, load_file
from graph.loading.store import open_store
from graph.namespaces import ONTOLOGY_IRI, compact
from graph.util.resources import ONTOLOGY_FILE
from graph.validating.shacl import ENGINES, data_graph, default_engine, validate
from tests.test_validate import break_constraint, instances, property_shapes, small_description

pytest.importorskip("pyshacl_turbo", reason="the fast-validate extra is not installed")


@pytest.fixture(scope="module")
def faults(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, set[str]]:
    """A file breaking one constraint of each property shape, each on its own node."""
    data = data_graph(load())
    bad, used = Graph(), set[Node]()
    for target, shape, path in property_shapes():
        candidates = [c for c in instances(data, target) if c not in used]
        if not candidates:
            continue
        focus = next((c for c in candidates if (c, path, None) in data), candidates[0])
        used.add(focus)
        small = small_description(data, focus)
        break_constraint(small, focus, shape, path)
        bad += small
    out = tmp_path_factory.mktemp("faults") / "faults.ttl"
    bad.serialize(out, format="turtle")
    return out, {compact(str(node)) for node in used}


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_both_engines_report_the_same_results(faults: tuple[Path, set[str]], store: str,
                                              tmp_path: Path) -> None:
    path, broken = faults
    kg = open_store("memory" if store == "memory" else f"oxigraph:{tmp_path / 'store'}")
    load_file(kg, ONTOLOGY_FILE, ONTOLOGY_IRI)
    load_file(kg, path)
    reference = validate(kg, engine="pyshacl")
    # most faults show (another node's description may hold what one fault took away)
    assert len(broken & {v.focus for v in reference if v.severity == "Violation"}) > \
        len(broken) * 3 // 4
    assert validate(kg, engine="pyshacl-turbo") == reference


def test_one_line_per_result_and_none_for_nested_details(cli, tmp_path: Path) -> None:
    """A node breaking a shape it must conform to (sh:node) gets a result with the failures
    inside it as sh:detail: pySHACL lists those as results too; the report counts the one."""
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix ex: <https://example.org/> .\n"
        "ex:Named a sh:NodeShape ; sh:property [ sh:path ex:name ; sh:minCount 1 ] .\n"
        "ex:Things a sh:NodeShape ; sh:targetClass ex:Thing ;\n"
        "  sh:property ex:Things-part .\n"
        "ex:Things-part sh:path ex:part ; sh:node ex:Named ;\n"
        '    sh:message "a part needs a name\\non one line" .\n', encoding="utf-8")
    data = tmp_path / "data.ttl"
    data.write_text("@prefix ex: <https://example.org/> .\n"
                    "ex:a a ex:Thing ; ex:part ex:b , ex:c .\n", encoding="utf-8")
    import pyshacl

    _, report, _ = pyshacl.validate(Graph().parse(data), shacl_graph=Graph().parse(shapes))
    assert len(set(report.subjects(RDF.type, SH.ValidationResult))) > 2
    result = cli("validate", "--no-bundled", "--data", str(data), "--shapes", str(shapes))
    assert result.exit_code == 1
    part = "https://example.org/part https://example.org/"
    assert sorted(result.stdout.splitlines()) == [
        f"{data}: Violation: https://example.org/a {part}{value}: a part needs a name on one "
        "line [https://example.org/Things-part, sh:node]" for value in "bc"]


def test_the_fastest_installed_engine_is_the_default() -> None:
    assert default_engine() == "pyshacl-turbo"
    assert ENGINES[-1] == "pyshacl"


def test_an_unknown_engine_is_refused() -> None:
    with pytest.raises(Exception, match="unknown SHACL engine 'jena'"):
        validate(load(), engine="jena")


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("constraint", ['sh:path "p"', 'sh:path ex:p ; sh:pattern "["'])
def test_unusable_shapes_name_the_file(engine: str, constraint: str, tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
                      "@prefix ex: <https://example.org/> .\n"
                      "ex:S a sh:NodeShape ; sh:targetNode ex:a ;\n"
                      f"  sh:property [ {constraint} ] .\n",
                      encoding="utf-8")
    with pytest.raises(DotscaleError, match="shapes cannot be used") as raised:
        validate(load(), shapes=shapes, engine=engine)
    assert str(shapes) in str(raised.value)
    assert "\n" not in str(raised.value)


def test_the_bundled_graph_conforms_on_each_engine() -> None:
    kg = load()
    for engine in ENGINES:
        assert [v for v in validate(kg, engine=engine) if v.severity == "Violation"] == []
