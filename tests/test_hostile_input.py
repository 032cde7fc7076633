"""Hostile input: each gives one clear line (or loads) within a bounded time, never a traceback
or a hang, on the memory and Oxigraph stores. One test per example of the attack run that found
them; the runs that could hang are processes of their own with a time limit."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.errors import DotscaleError
from graph.importing.thedotpost import import_archive
from graph.loading.loader import load
from graph.loading.store import KnowledgeGraph
from graph.loading.stores.sparql import Endpoints, SparqlStore
from graph.namespaces import GRAPHS
from graph.util.resources import ARCHIVE_DIR
from tests.helpers.process import assert_clean, dotscale, error_line

STORES = ["memory", "oxigraph"]
XSD = "http://www.w3.org/2001/XMLSchema#"
LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE r [
<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
{entities}
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://ex.org/">
<rdf:Description rdf:about="http://ex.org/a"><ex:b>&j;</ex:b></rdf:Description>
</rdf:RDF>
"""


def store_args(store: str, tmp_path: Path) -> list[str]:
    if store == "memory":
        return ["--no-bundled", "--store", "memory"]
    pytest.importorskip("pyoxigraph")
    return ["--no-bundled", "--store", f"oxigraph:{tmp_path / 'db'}"]


# -- hangs ----------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".ttl", ".nt", ".rdf", ".jsonld"])
@pytest.mark.parametrize("store", STORES)
def test_a_fifo_is_refused_before_it_is_read(tmp_path: Path, suffix: str, store: str) -> None:
    fifo = tmp_path / f"pipe{suffix}"
    os.mkfifo(fifo)
    run = dotscale("stats", *store_args(store, tmp_path), "--data", fifo, timeout=30)
    assert "is a FIFO (named pipe), not a regular file; refused before reading" in \
        error_line(run)


@pytest.mark.parametrize(("device", "suffix"), [("/dev/zero", ".ttl"), ("/dev/urandom", ".nt"),
                                                ("/dev/zero", ".rdf"),
                                                ("/dev/urandom", ".jsonld")])
def test_a_device_is_refused_before_it_is_read(tmp_path: Path, device: str,
                                               suffix: str) -> None:
    link = tmp_path / f"x{suffix}"
    link.symlink_to(device)
    run = dotscale("stats", "--no-bundled", "--store", "memory", "--data", link, timeout=30)
    assert f"x{suffix}: is a character device, not a regular file" in error_line(run)


def test_a_fifo_in_an_archive_checkout_is_skipped(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    shutil.copytree(ARCHIVE_DIR, archive)
    os.mkfifo(archive / "contributors" / "pipe.md")
    run = dotscale("import", "thedotpost", archive, "--out", tmp_path / "a.ttl", timeout=30)
    assert_clean(run)
    assert "skipped" in run.stderr and "pipe.md" in run.stderr
    assert "is a FIFO" in run.stderr


@pytest.mark.parametrize("store", STORES)
def test_rdfxml_entities_are_refused(tmp_path: Path, store: str) -> None:
    entities = "\n".join(f'<!ENTITY {b} "{("&" + a + ";") * 20}">'
                         for a, b in zip("abcdefghi", "bcdefghij", strict=True))
    path = tmp_path / "laughs.rdf"
    path.write_text(LAUGHS.format(entities=entities), encoding="utf-8")
    run = dotscale("stats", *store_args(store, tmp_path), "--data", path, timeout=30)
    assert "laughs.rdf:3: RDF/XML declares the entity 'a'" in error_line(run)


def test_an_external_dtd_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "dtd.rdf"
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE r SYSTEM "file:///etc/passwd">\n'
                    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>\n',
                    encoding="utf-8")
    with pytest.raises(DotscaleError, match=r"dtd.rdf:2: RDF/XML names an external DTD"):
        load(data=[path], bundled=False, store="memory")


@pytest.mark.parametrize("store", STORES)
def test_a_backtracking_regex_is_stopped_by_the_timeout(tmp_path: Path, store: str) -> None:
    pattern = 'ASK { FILTER(REGEX("' + "a" * 48 + 'b", "^(a|aa)+$")) }'
    run = dotscale("query", *store_args(store, tmp_path), "--timeout", "2", "-e", pattern,
                   timeout=60)
    if store == "memory":  # Python's re backtracks, for hours
        assert "the query ran longer than 2 s and was stopped" in error_line(run)
    else:  # Oxigraph's regular expressions run in linear time
        assert_clean(run, codes=(0,))
        assert run.stdout == "no\n"
    assert run.seconds < 20


def test_regex_and_replace_with_a_timeout_answer_as_without() -> None:
    query = ('SELECT ?t (REPLACE(?t, "is", "IS") AS ?r) WHERE { ?x rdfs:label ?t '
             'FILTER(REGEX(?t, "^Redis$", "i")) }')
    kg = load(store="memory")
    from graph.querying.execute import run

    assert run(kg, query, timeout=30).rows == run(kg, query).rows == \
        [{"t": "Redis", "r": "RedIS"}]
    errors = []
    for timeout in (30, None):
        with pytest.raises(DotscaleError) as raised:
            run(kg, 'ASK { FILTER(REGEX("a", "(")) }', timeout=timeout)
        errors.append(str(raised.value))
    assert errors[0] == errors[1] == "query: the query failed: missing ), unterminated " \
        "subpattern at position 0"


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A server on loopback that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.settimeout(0.2)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                accepted.append(listener.accept()[0])

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    listener.close()


@pytest.mark.parametrize("bundled", [True, False])
def test_a_silent_sparql_server_is_bounded_by_the_timeout(silent_server: str,
                                                          bundled: bool) -> None:
    graph = [] if bundled else ["--no-bundled"]
    run = dotscale("query", *graph, "--store", f"sparql:{silent_server}", "--timeout", "2",
                   "-e", "ASK {}", timeout=60)
    line = error_line(run)
    assert "did not answer within" in line or "ran longer than 2 s" in line
    assert run.seconds < 20


def test_a_silent_sparql_server_is_bounded_without_a_timeout(silent_server: str) -> None:
    kg = KnowledgeGraph(SparqlStore(Endpoints.parse(silent_server), timeout=1))
    started = time.monotonic()
    with pytest.raises(DotscaleError, match="did not answer within 1 s"):
        len(kg)  # what dotscale stats asks first
    assert time.monotonic() - started < 10


def test_deeply_nested_rdfxml_on_oxigraph(tmp_path: Path) -> None:
    body = "<rdf:Description><ex:b>" * 5000 + "x" + "</ex:b></rdf:Description>" * 5000
    path = tmp_path / "deep.rdf"
    path.write_text('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
                    f'xmlns:ex="http://ex.org/">{body}</rdf:RDF>', encoding="utf-8")
    run = dotscale("stats", *store_args("oxigraph", tmp_path), "--data", path, timeout=60)
    assert "deep.rdf:1: RDF/XML nests elements deeper than 100 levels" in error_line(run)


# -- tracebacks -----------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "content"), [
    ("brackets.ttl", "<http://ex.org/a> <http://ex.org/b> " + "[" * 100_000),
    ("lists.ttl", "<http://ex.org/a> <http://ex.org/b> " + "(" * 100_000 + ")" * 100_000 + " ."),
    ("arrays.jsonld", '{"@id": "http://ex.org/a", "http://ex.org/b": '
     + "[" * 100_000 + "]" * 100_000 + "}"),
    ("objects.jsonld", '{"@id": "http://ex.org/a", "http://ex.org/b": '
     + '{"http://ex.org/c": ' * 100_000 + "1" + "}" * 100_001),
])
@pytest.mark.parametrize("store", STORES)
def test_deep_nesting_is_one_line(tmp_path: Path, name: str, content: str, store: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    run = dotscale("stats", *store_args(store, tmp_path), "--data", path, timeout=60)
    assert f"{name}:1: nested deeper than 100 levels" in error_line(run)


def test_nesting_up_to_the_limit_loads(tmp_path: Path) -> None:
    path = tmp_path / "deep.ttl"
    path.write_text("<http://ex.org/a> <http://ex.org/b> " + "[ <http://ex.org/c> " * 99
                    + "[]" + " ]" * 99 + " .\n", encoding="utf-8")
    assert len(load(data=[path], bundled=False, store="memory")) == 100


@pytest.mark.parametrize("store", STORES)
def test_a_truncated_string_literal_is_one_line(tmp_path: Path, store: str) -> None:
    path = tmp_path / "cut.ttl"
    path.write_text('@prefix ex: <http://ex.org/> .\nex:a ex:b "abc', encoding="utf-8")
    line = error_line(dotscale("stats", *store_args(store, tmp_path), "--data", path))
    assert "cut.ttl:2: Turtle syntax error" in line


@pytest.mark.parametrize(("literal", "datatype"), [
    ("abc", "date"), ("13", "gMonth"), ("x", "boolean"), ("1.5", "integer")])
@pytest.mark.parametrize("store", STORES)
def test_a_bad_lexical_form_is_one_warning_line(tmp_path: Path, literal: str, datatype: str,
                                               store: str) -> None:
    path = tmp_path / "bad.ttl"
    path.write_text(f'@prefix ex: <http://ex.org/> .\n\nex:a ex:b "{literal}"^^<{XSD}{datatype}>'
                    " .\n", encoding="utf-8")
    args = store_args(store, tmp_path)
    first = dotscale("query", *args, "--data", path, "-e", "SELECT ?o { ?s ?p ?o }")
    assert_clean(first, codes=(0,))
    warning = (f'dotscale: warning: {path}:3: "{literal}"^^xsd:{datatype} is not a valid '
               f"xsd:{datatype}; kept as written, without a value\n")
    # rdflib converts (and complains of) some datatypes only, and only when it parses the file
    assert first.stderr in ("", warning)
    if store == "memory" and datatype in ("date", "boolean", "integer"):
        assert first.stderr == warning
    if store == "oxigraph":  # the literal sits in the store: later commands stay quiet
        later = dotscale("query", "--no-bundled", "--store", f"oxigraph:{tmp_path / 'db'}",
                         "-e", "SELECT ?o { ?s ?p ?o }")
        assert_clean(later, codes=(0,))
        assert later.stderr == ""


def test_a_bad_typed_bind_value_is_one_line(tmp_path: Path) -> None:
    query = tmp_path / "n.rq"
    query.write_text("# title: n\n# description: n\n# param: n (literal xsd:integer) = 1\n"
                     "SELECT ?n WHERE { }\n", encoding="utf-8")
    run = dotscale("query", query, "--no-bundled", "--store", "memory", "--bind", "n=abc")
    assert run.stderr == "dotscale: error: --bind n=abc: not a valid xsd:integer\n"


@pytest.mark.parametrize("stem", ["my talks", "100%zz", "a#b?c", "ünï cödé", "[x]"])
@pytest.mark.parametrize("store", STORES)
def test_graph_names_from_file_names_are_valid_iris(tmp_path: Path, stem: str,
                                                   store: str) -> None:
    path = tmp_path / f"{stem}.ttl"
    path.write_text("<http://ex.org/a> <http://ex.org/b> <http://ex.org/c> .\n",
                    encoding="utf-8")
    spec = "memory" if store == "memory" else f"oxigraph:{tmp_path / 'db'}"
    if store == "oxigraph":
        pytest.importorskip("pyoxigraph")
    kg = load(data=[path], bundled=False, store=spec)
    names = [g.identifier for g in kg.graphs() if len(g)]
    assert len(names) == 1 and names[0].startswith(str(GRAPHS))
    assert not any(c in names[0] for c in ' <>"{}|\\^`#?[]')


def test_a_literal_over_16_mb_on_oxigraph_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "big.nt"
    path.write_text('<http://ex.org/a> <http://ex.org/b> "' + "x" * (17 << 20) + '" .\n',
                    encoding="utf-8")
    run = dotscale("stats", *store_args("oxigraph", tmp_path), "--data", path, timeout=120)
    assert "big.nt: holds a term too large for the oxigraph store" in error_line(run)


def test_an_archive_record_over_the_limit_is_skipped(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    shutil.copytree(ARCHIVE_DIR, archive)
    (archive / "contributors" / "huge.md").write_text("Name: Huge\n\n" + "x" * (2 << 20),
                                                      encoding="utf-8")
    result = import_archive(archive)
    assert {s.path.name: s.reason for s in result.skipped} == {"huge.md": "too large"}


def test_a_hostile_archive_body_is_not_converted(tmp_path: Path) -> None:
    from graph.importing.pelican import parse_metadata

    started = time.monotonic()
    meta = parse_metadata("Title: Deep\nTags: a, b\n\n" + "[" * 100_000 + "<div>" * 100_000)
    assert meta == {"title": ["Deep"], "tags": ["a, b"]}
    assert time.monotonic() - started < 2


@pytest.mark.parametrize("document", ["0", '"x"', "null", "true"])
@pytest.mark.parametrize("store", STORES)
def test_a_jsonld_scalar_is_one_line(tmp_path: Path, document: str, store: str) -> None:
    """Found by the fuzz test: rdflib failed with UnboundLocalError on ``0``."""
    path = tmp_path / "scalar.jsonld"
    path.write_text(document, encoding="utf-8")
    line = error_line(dotscale("stats", *store_args(store, tmp_path), "--data", path))
    assert line.endswith("scalar.jsonld: JSON-LD must be a JSON object or array, not a single "
                         "value")


def test_a_fifo_as_a_query_file_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "question.rq"
    os.mkfifo(fifo)
    run = dotscale("query", fifo, "--no-bundled", timeout=30)
    assert error_line(run) == (f"dotscale: error: {fifo}: is a FIFO (named pipe), not a regular "
                               "file; refused before reading")


@pytest.mark.parametrize("store", STORES)
def test_an_rdfxml_grammar_error_is_one_line(tmp_path: Path, store: str) -> None:
    """Found by the fuzz test: the memory store looked for the bad line as in N-Triples."""
    path = tmp_path / "repeat.rdf"
    path.write_text('<?xml version="1.0"?>\n<rdf:RDF xmlns:ex="http://ex.org/" '
                    'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
                    "<rdf:Description><ex:n>\n<rdf:Description/><rdf:Description/>\n"
                    "</ex:n></rdf:Description>\n</rdf:RDF>\n", encoding="utf-8")
    line = error_line(dotscale("stats", *store_args(store, tmp_path), "--data", path))
    assert "repeat.rdf:" in line and "RDF/XML" in line


@pytest.mark.parametrize("store", STORES)
def test_an_unknown_xml_encoding_is_one_line(tmp_path: Path, store: str) -> None:
    """Found by the fuzz test: expat raised LookupError."""
    path = tmp_path / "encoding.rdf"
    path.write_text('<?xml version="1.0" encoding="tf-8"?>\n<rdf:RDF '
                    'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>\n',
                    encoding="utf-8")
    line = error_line(dotscale("stats", *store_args(store, tmp_path), "--data", path))
    assert line.endswith("encoding.rdf:1: RDF/XML error: unknown encoding: tf-8")
