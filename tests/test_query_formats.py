"""The result formats, read back with ordinary parsers and checked against the W3C specs."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import XSD

from graph.errors import DotscaleError
from graph.loading.loader import load
from graph.querying.execute import QueryResult, run
from graph.querying.results import SPARQL_RESULTS_NS, TableStyle, render, to_table

RES = f"{{{SPARQL_RESULTS_NS}}}"
ALICE = URIRef("https://w3id.org/dotscale/id/person/alice")
TRICKY = 'say "hi",\tthen\nleave'

# One solution with every kind of term, and one with an unbound variable.
ANSWER = QueryResult(
    "SELECT",
    variables=["iri", "plain", "lang", "typed", "number", "blank", "tricky"],
    bindings=[
        {"iri": ALICE, "plain": Literal("Alice"), "lang": Literal("talk", lang="en"),
         "typed": Literal("2015-06-08", datatype=XSD.date),
         "number": Literal("16", datatype=XSD.integer), "blank": BNode("b0"),
         "tricky": Literal(TRICKY)},
        {"iri": ALICE, "plain": Literal("")},
    ],
)
ASK_YES = QueryResult("ASK", boolean=True)


def test_json_follows_the_w3c_structure() -> None:
    document = json.loads(render(ANSWER, "json"))
    assert document["head"] == {"vars": ANSWER.variables}
    first, second = document["results"]["bindings"]
    assert first == {
        "iri": {"type": "uri", "value": str(ALICE)},
        "plain": {"type": "literal", "value": "Alice"},
        "lang": {"type": "literal", "value": "talk", "xml:lang": "en"},
        "typed": {"type": "literal", "value": "2015-06-08", "datatype": str(XSD.date)},
        "number": {"type": "literal", "value": "16", "datatype": str(XSD.integer)},
        "blank": {"type": "bnode", "value": "b0"},
        "tricky": {"type": "literal", "value": TRICKY},
    }
    assert second == {"iri": {"type": "uri", "value": str(ALICE)},
                      "plain": {"type": "literal", "value": ""}}  # unbound: left out
    assert json.loads(render(ASK_YES, "json")) == {"head": {}, "boolean": True}


def test_xml_follows_the_w3c_structure() -> None:
    root = ET.fromstring(render(ANSWER, "xml"))
    assert root.tag == f"{RES}sparql"
    assert [v.get("name") for v in root.iter(f"{RES}variable")] == ANSWER.variables
    first, second = root.find(f"{RES}results") or []
    values = {b.get("name"): b[0] for b in first}
    assert values["iri"].tag == f"{RES}uri" and values["iri"].text == str(ALICE)
    assert values["lang"].tag == f"{RES}literal"
    assert values["lang"].get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert values["typed"].get("datatype") == str(XSD.date)
    assert values["plain"].attrib == {}
    assert values["blank"].tag == f"{RES}bnode" and values["blank"].text == "b0"
    assert values["tricky"].text == TRICKY
    assert [b.get("name") for b in second] == ["iri", "plain"]
    ask = ET.fromstring(render(ASK_YES, "xml"))
    assert ask.find(f"{RES}boolean").text == "true"  # type: ignore[union-attr]
    assert ask.find(f"{RES}head") is not None


def test_csv_follows_the_w3c_format() -> None:
    text = render(ANSWER, "csv")
    assert text.startswith("iri,plain,lang,typed,number,blank,tricky\r\n")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == ANSWER.variables
    assert rows[1] == [str(ALICE), "Alice", "talk", "2015-06-08", "16", "_:b0", TRICKY]
    assert rows[2] == [str(ALICE), "", "", "", "", "", ""]
    assert len(rows) == 3
    assert ANSWER.rows[0]["tricky"] == rows[1][6]  # .rows holds what the CSV prints


def test_tsv_follows_the_w3c_format() -> None:
    text = render(ANSWER, "tsv")
    lines = text.split("\n")
    assert lines[0] == "?iri\t?plain\t?lang\t?typed\t?number\t?blank\t?tricky"
    assert lines[-1] == "" and len(lines) == 4  # one line per solution, LF ends
    rows = list(csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))
    assert rows[1] == [f"<{ALICE}>", '"Alice"', '"talk"@en', f'"2015-06-08"^^<{XSD.date}>',
                       "16", "_:b0", '"say \\"hi\\",\\tthen\\nleave"']
    assert rows[2] == [f"<{ALICE}>", '""', "", "", "", "", ""]


def test_csv_and_tsv_write_an_ask_answer_as_one_word() -> None:
    assert render(ASK_YES, "csv") == "true\r\n"
    assert render(QueryResult("ASK", boolean=False), "tsv") == "false\n"


def test_the_table_aligns_shortens_cuts_and_counts() -> None:
    text = to_table(ANSWER, TableStyle(width=200))
    lines = text.splitlines()
    assert lines[0].split() == ANSWER.variables
    assert "id:person/alice" in lines[2] and str(ALICE) not in text
    assert "say \"hi\", then leave" in lines[2]  # whitespace runs become one space
    assert lines[-1] == "2 rows"
    assert lines[2].index("alice") == lines[3].index("alice")  # columns line up
    assert lines[2].index("16") + 2 == lines[0].index("number") + 6  # numbers to the right
    narrow = to_table(ANSWER, TableStyle(width=50)).splitlines()
    assert all(len(line) <= 50 for line in narrow)
    assert "…" in narrow[2]
    assert "\033[" not in text


def test_numbers_are_right_aligned_and_the_header_bold_only_when_asked() -> None:
    counts = QueryResult("SELECT", ["name", "talks"],
                         [{"name": Literal("a"), "talks": Literal(5)},
                          {"name": Literal("b"), "talks": Literal(12)}])
    lines = to_table(counts).splitlines()
    assert lines[2].endswith(" 5") and lines[3].endswith("12")
    bold = to_table(counts, TableStyle(bold=True)).splitlines()[0]
    assert bold.startswith("\033[1m") and bold.endswith("\033[0m")
    assert to_table(QueryResult("SELECT", ["x"], [{"x": Literal(1)}])).endswith("1 row\n")
    assert to_table(ASK_YES) == "yes\n"


@pytest.fixture(scope="module")
def construct() -> QueryResult:
    kg = load(bundled=False)
    kg.graph(URIRef("https://w3id.org/dotscale/graph/t")).parse(format="turtle", data="""
        @prefix ds: <https://w3id.org/dotscale/ontology#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <https://w3id.org/dotscale/id/technology/redis> a ds:KeyValueStore ;
            rdfs:label "Redis", "Redis"@en ; ds:creator [ rdfs:label "someone" ] .
        """)
    return run(kg, "CONSTRUCT WHERE { ?s ?p ?o }")


@pytest.mark.parametrize(("fmt", "parser"), [("ttl", "turtle"), ("nt", "nt"),
                                             ("jsonld", "json-ld")])
def test_graph_formats_parse_back_to_the_same_graph(construct: QueryResult, fmt: str,
                                                    parser: str) -> None:
    assert construct.graph is not None
    text = render(construct, fmt)
    assert isomorphic(Graph().parse(data=text, format=parser), construct.graph)
    assert render(construct, fmt) == text or fmt == "jsonld"


def test_turtle_is_the_default_and_ntriples_lines_are_sorted(construct: QueryResult) -> None:
    assert render(construct) == render(construct, "ttl")
    assert "@prefix" in render(construct).lower() or "PREFIX" in render(construct)
    lines = render(construct, "nt").splitlines()
    assert lines == sorted(lines) and len(lines) == 5


def test_a_format_that_does_not_fit_the_answer_is_an_error(construct: QueryResult) -> None:
    with pytest.raises(DotscaleError, match="a CONSTRUCT answer is a graph: --format must be "
                                            "one of ttl, nt, jsonld, not 'csv'"):
        render(construct, "csv")
    with pytest.raises(DotscaleError, match="a SELECT answer is a table"):
        render(ANSWER, "ttl")


def test_a_real_answer_round_trips_through_json(kg: Dataset) -> None:
    result = run(kg, "SELECT ?c ?date WHERE { ?c a ds:Conference ; schema:startDate ?date }")
    document = json.loads(render(result, "json"))
    assert len(document["results"]["bindings"]) == len(result.bindings) >= 1
    for binding in document["results"]["bindings"]:
        assert binding["c"]["type"] == "uri"
        assert binding["date"]["datatype"] == str(XSD.date)
