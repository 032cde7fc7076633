"""What our exporter writes, every reader reads back unchanged: property tests over odd input.

Random graphs of awkward literals (any Unicode including the astral plane, combining marks,
controls, quotes, backslashes, newlines, language tags, datatypes, very long strings) and IRIs
with unusual but legal characters are written by
:func:`graph.exporting.serialize.serialize_graph` (Turtle, N-Triples, RDF/XML, JSON-LD) and
:func:`graph.exporting.serialize.serialize_dataset` (TriG), then read back by each reader of
:mod:`tests.interop.tools`; every graph must come back isomorphic. One file per syntax per
example, so each tool starts once per example; the examples are derandomized so every run
checks the same ones.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from urllib.parse import urljoin

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDFS, XSD
from rdflib.term import Node

from graph.errors import DotscaleError
from graph.exporting.rdfxml import NOT_IN_XML
from graph.exporting.serialize import serialize_dataset, serialize_graph
from graph.namespaces import DS, ID, SCHEMA
from tests.interop.tools import (
    READER_BY_NAME,
    Graphs,
    Reader,
    as_graphs,
    assert_same,
    require,
)

pytestmark = [pytest.mark.interop, pytest.mark.slow]

Triple = tuple[Node, Node, Node]
BASE = "https://example.org/base/"
GRAPH_FORMATS = {"ttl": ("turtle", ".ttl"), "nt": ("ntriples", ".nt"),
                 "xml": ("rdfxml", ".rdf"), "jsonld": ("jsonld", ".jsonld")}



@dataclass(frozen=True)
class KnownBug:
    """A reader's bug with some syntaxes, seen in the version named in ``what``: the triples it
    mishandles are left out of that reader's files of those syntaxes; the rest stays strict.
    ``example`` is a triple it mishandles."""

    reader: str
    syntaxes: frozenset[str]
    what: str
    affects: Callable[[Triple], bool]
    example: Triple


DOT_SEGMENT = re.compile(r"/\.\.?(?:[/?#]|$)")

KNOWN_BUGS = (
    KnownBug("rdflib", frozenset({"rdfxml"}),
             "rdflib 7.6.0 resolves every IRI of RDF/XML against the base with urllib's urljoin, "
             "which drops an empty query, fragment or ';' parameter: <https://example.org/?> "
             "reads back as <https://example.org/>",
             lambda triple: any(urljoin(BASE, iri) != iri for iri in _iris(triple)),
             (URIRef("https://example.org/?"), RDFS.label, Literal("x"))),
    KnownBug("rapper", frozenset({"turtle", "ntriples", "trig", "rdfxml"}),
             "Raptor 2.0.15 cuts a literal short at U+0000, written raw or as \\u0000 "
             "(it keeps strings as C strings)",
             lambda triple: "\x00" in triple[2],
             (URIRef("https://example.org/t"), RDFS.label, Literal("a\x00b"))),
    KnownBug("rapper", frozenset({"turtle", "trig", "rdfxml"}),
             "Raptor 2.0.15 removes dot segments from absolute IRIs (graph names too), whoever "
             "wrote the file: <https://example.org/.> reads back as <https://example.org/>",
             lambda triple: any(DOT_SEGMENT.search(iri) for iri in _iris(triple)),
             (URIRef("https://example.org/."), RDFS.label, Literal("x"))),
)

# --- IRIs: absolute, with every kind of character RFC 3987 allows in a path, query, fragment ---
UCSCHAR = st.one_of(st.characters(min_codepoint=0xA0, max_codepoint=0xD7FF),
                    st.characters(min_codepoint=0xF900, max_codepoint=0xFDCF),
                    st.characters(min_codepoint=0x10000, max_codepoint=0x1FFFD))
PATH_CHARS = st.one_of(st.sampled_from("abcXYZ019-._~!$&'()*+,;=:@/"), UCSCHAR,
                       st.sampled_from(["%20", "%C3%A9", "%2F", "%25"]))
IRI_BASES = ("https://example.org/", str(ID), str(DS), str(SCHEMA), "urn:example:",
             "http://[2001:db8::7]:8080/", "https://xn--caf-dma.example/")


@st.composite
def iris(draw: st.DrawFn) -> URIRef:
    base = draw(st.sampled_from(IRI_BASES))
    path = "".join(draw(st.lists(PATH_CHARS, max_size=12)))
    query = draw(st.sampled_from(["", "?", "?q=a&b=%20c"]))
    fragment = "" if "#" in base else draw(st.sampled_from(["", "#", "#frag-é", "#x/y?z"]))
    return URIRef(base + path + query + fragment)


# --- literals ---
AWKWARD = ['"', "'", '"""', "'''", "\\", "\\u0041", "\\n", "\n", "\r", "\t", "\r\n", "\x00",
           "\x7f", "\u0301", "e\u0301", "\U0001f600", "\U0001f469\u200d\U0001f4bb", "\ufeff",
           "\u2028", "\u0085", " ", "<>", "{}", "@en", "^^", "_:b0", "#", "&amp;", "]]>"]
TEXT = st.lists(st.one_of(st.text(st.characters(codec="utf-8"), max_size=12),
                          st.sampled_from(AWKWARD)), max_size=6).map("".join)
LONG_TEXT = st.builds(lambda unit, times: unit * times, st.sampled_from([*AWKWARD, "é", "ab"]),
                      st.integers(min_value=2000, max_value=6000))
# Well-formed BCP 47 tags: language, then optional script, region and variant, in any case.
LANGUAGE = st.from_regex(
    r"[a-zA-Z]{2,3}(-[a-zA-Z]{4})?(-([a-zA-Z]{2}|[0-9]{3}))?(-[a-zA-Z0-9]{5,8})?", fullmatch=True)
LITERALS = st.one_of(
    st.builds(Literal, TEXT),
    st.builds(Literal, LONG_TEXT),
    st.builds(lambda text, lang: Literal(text, lang=lang), TEXT, LANGUAGE),
    st.builds(Literal, st.integers(min_value=-(10**30), max_value=10**30)),
    st.builds(Literal, st.booleans()),
    st.builds(Literal, st.dates(min_value=date(1, 1, 1))),
    st.builds(Literal, st.decimals(allow_nan=False, allow_infinity=False, places=3,
                                   min_value=Decimal(-(10**9)), max_value=Decimal(10**9))),
    st.builds(lambda text, datatype: Literal(text, datatype=datatype), TEXT, iris()),
    st.builds(lambda iri: Literal(str(iri), datatype=XSD.anyURI), iris()),
)
# The predicates include terms the JSON-LD context coerces (ds:speaker to an IRI, ds:order to
# xsd:integer, ds:filmed to xsd:date), so values that do not fit the coercion are tried too.
PREDICATES = st.sampled_from([DS.speaker, DS.order, DS.filmed, DS.oneliner, RDFS.label,
                              SCHEMA.name, URIRef("https://example.org/p"),
                              URIRef("https://example.org/ünïcödé"),
                              URIRef("urn:example:p-1.x_y")])
BLANK_NODES = st.sampled_from([BNode("b0"), BNode("b1"), BNode("b2")])
SUBJECTS = st.one_of(iris(), BLANK_NODES)
OBJECTS = st.one_of(iris(), BLANK_NODES, LITERALS, LITERALS)
TRIPLES = st.lists(st.tuples(SUBJECTS, PREDICATES, OBJECTS), min_size=1, max_size=25)


def graph_of(triples: list[Triple]) -> Graph:
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    return graph


def _iris(triple: Triple) -> list[URIRef]:
    """The IRIs of a triple, the datatypes of its literal included."""
    iris = [term for term in triple if isinstance(term, URIRef)]
    value = triple[2]
    if isinstance(value, Literal) and value.datatype is not None:
        iris.append(value.datatype)
    return iris


def writable(reader: Reader, syntax: str, triple: Triple) -> bool:
    """Whether the triple goes into the file: RDF/XML cannot hold some characters, and a
    reader's known bug (:data:`KNOWN_BUGS`) is not tested again.
    """
    if syntax == "rdfxml" and any(NOT_IN_XML.search(str(term)) for term in triple):
        return False
    return not any(bug.affects(triple) for bug in KNOWN_BUGS
                   if bug.reader == reader.name and syntax in bug.syntaxes)


def check(reader: Reader, triples: list[Triple], graph_names: list[URIRef],
          folder: Path) -> None:
    """Write the triples in every syntax ``reader`` reads and compare what it reads back."""
    graph = graph_of(triples)
    for name, (syntax, suffix) in GRAPH_FORMATS.items():
        if not reader.reads(syntax):
            continue
        expected = graph_of([t for t in graph if writable(reader, syntax, t)])
        path = folder / f"graph{suffix}"
        path.write_bytes(serialize_graph(expected, name))
        assert_same(as_graphs(expected), reader.read(path, syntax, BASE),
                    f"{reader.name} reading our {name}")
    if reader.reads("trig"):
        dataset = Dataset()
        names = [name for name in graph_names
                 if writable(reader, "trig", (name, RDFS.label, Literal("graph name")))]
        for index, triple in enumerate(t for t in graph if writable(reader, "trig", t)):
            if names:
                dataset.graph(names[index % len(names)]).add(triple)
        path = folder / "dataset.trig"
        path.write_bytes(serialize_dataset(dataset))
        expected: Graphs = as_graphs(dataset)
        assert_same(expected, reader.read(path, "trig", BASE), f"{reader.name} reading our trig")


def round_trip(reader_name: str, triples: list[Triple],
               graph_names: list[URIRef]) -> None:
    reader = READER_BY_NAME[reader_name]
    require(reader)
    with tempfile.TemporaryDirectory(prefix="roundtrip-") as folder:
        check(reader, triples, graph_names, Path(folder))


GRAPH_NAMES = st.lists(iris(), min_size=1, max_size=3, unique=True)
COMMON = {"derandomize": True, "database": None, "deadline": None,
          "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large]}


@pytest.mark.parametrize("reader_name", ["rdflib", "oxigraph"])
@settings(max_examples=100, **COMMON)
@given(triples=TRIPLES, graph_names=GRAPH_NAMES)
def test_in_process_readers_read_back_what_we_write(
        reader_name: str, triples: list[Triple],
        graph_names: list[URIRef]) -> None:
    round_trip(reader_name, triples, graph_names)


@pytest.mark.parametrize("reader_name", ["rapper", "serdi", "n3js"])
@settings(max_examples=25, **COMMON)
@given(triples=TRIPLES, graph_names=GRAPH_NAMES)
def test_command_line_readers_read_back_what_we_write(
        reader_name: str, triples: list[Triple],
        graph_names: list[URIRef]) -> None:
    round_trip(reader_name, triples, graph_names)


def test_rdfxml_refuses_characters_xml_cannot_carry() -> None:
    graph = graph_of([(ID["talk/x"], RDFS.label, Literal("bell \x07 here"))])
    with pytest.raises(DotscaleError, match="U\\+0007"):
        serialize_graph(graph, "xml")


@pytest.mark.parametrize("bug", KNOWN_BUGS, ids=lambda bug: f"{bug.reader}")
def test_known_bugs_are_still_there(bug: KnownBug, tmp_path: Path) -> None:
    """When a reader gets fixed, its entry in KNOWN_BUGS must go (and the test get stricter)."""
    reader = READER_BY_NAME[bug.reader]
    require(reader)
    triple = bug.example
    assert bug.affects(triple)
    syntax = sorted(bug.syntaxes)[0]
    name, (_, suffix) = next((n, f) for n, f in GRAPH_FORMATS.items() if f[0] == syntax)
    path = tmp_path / f"graph{suffix}"
    path.write_bytes(serialize_graph(graph_of([triple]), name))
    with pytest.raises(AssertionError, match="differs"):
        assert_same(as_graphs(graph_of([triple])), reader.read(path, syntax, BASE), bug.what)
