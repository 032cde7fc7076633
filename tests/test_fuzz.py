"""Fuzzing the command line: random bytes and mutated valid files of every RDF format loaded
with ``--data``, mutated queries and ``--bind`` values, on the memory and Oxigraph stores.

Every run must end within :data:`LIMIT` seconds with exit code 0, 1 or 2, print no traceback
and at most one ``dotscale: error:`` line; a load that is refused leaves the Oxigraph store as
it was. The quick part tries a few hundred inputs (the same ones every time); the slow part
(``-m slow``) many more, new ones each time.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDFS, XSD

from graph.loading.loader import load
from graph.querying.library import all_queries
from tests.helpers.cli_runner import Runner
from tests.helpers.process import Run

pytest.importorskip("pyoxigraph")

LIMIT = 60.0
"""Seconds a single run may take (the slowest seen here: a few seconds, on a busy machine)."""
QUICK = settings(max_examples=25, deadline=None, database=None, derandomize=True,
                 suppress_health_check=list(HealthCheck))
SLOW = settings(max_examples=150, deadline=None, database=None,
                suppress_health_check=list(HealthCheck))
SUFFIXES = {".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".trig": "trig", ".n3": "n3",
            ".rdf": "xml", ".jsonld": "json-ld"}
TOKENS = ["[", "]", "(", ")", "{", "}", '"', '"""', "'", "<", ">", "\\", "\\u0000", "\\U0010FFFF",
          "\x00", "\x1b[2J", "\n", "\r", ".", ";", ",", "@prefix", "PREFIX", "_:b", "^^", "@en",
          "<!ENTITY x \"&x;&x;\">", "&x;", "<!DOCTYPE r SYSTEM \"file:///etc/passwd\">",
          '"@context"', '"http://127.0.0.1:9/ctx"', "file:///etc/passwd", "<<", ">>", "#",
          "\ufeff", "\udcff", "9" * 400, "a" * 5000, "[" * 150, "(" * 150, "{" * 150,
          "<rdf:Description>" * 150, "\u202e"]
QUERY_TOKENS = [
    "{", "}", "(", ")", "?x", "?s ?p ?o", ".", ";", "SERVICE <http://127.0.0.1:9/> {}",
    "FROM <file:///etc/passwd>", "FROM NAMED <http://127.0.0.1:9/>", 'REGEX(?l, "(a|aa)+$")',
    'REPLACE("aaaa", "a*", "b")', "INSERT DATA { <a> <b> <c> }", "LOAD <file:///etc/passwd>",
    "1e999", "-0", '"\\u0000"', "GRAPH ?g", "VALUES ?x {1}", "OPTIONAL", "UNION", "MINUS",
    "FILTER(", "BIND(", "AS ?x", "LIMIT 1", "OFFSET 99", "ORDER BY", "GROUP BY ?x", "COUNT(*)",
    "rdfs:label", "ds:", "<urn:x-dotscale:union>", "\x1b[2J", "#", "\n", "'", '"', "*", "+", "/",
    "^", "!", "|"]
BIND_TEXTS = st.one_of(
    st.text(max_size=60),
    st.sampled_from(["<http://127.0.0.1:9/>", "<file:///etc/passwd>", "id:technology/redis",
                     "id:", "<>", "<", "Redis", "redis", "REDIS", " Redis ", "\x1b[2J", "\n",
                     "ds:Technology", '"x"^^xsd:integer', "1e999", "nan", "-1", "0" * 500,
                     "a" * 10_000, "Ｒｅｄｉｓ", "ß", "İ", "\u0000"]))


def sample_dataset() -> Dataset:
    """A small dataset with what parsers find hard: blank nodes, a list, typed, language and
    long literals, escapes, two named graphs."""
    ex = "http://ex.org/"
    data = Dataset()
    first, second = data.graph(URIRef(ex + "g1")), data.graph(URIRef(ex + "g2"))
    node = BNode("b1")
    first.add((URIRef(ex + "a"), RDFS.label, Literal("Redis \"quoted\" \\ line\nbreak", lang="en")))
    first.add((URIRef(ex + "a"), URIRef(ex + "p"), node))
    first.add((node, URIRef(ex + "n"), Literal(42)))
    first.add((node, URIRef(ex + "d"), Literal("2015-06-08", datatype=XSD.date)))
    second.add((URIRef(ex + "b"), URIRef(ex + "q"), Literal("ünïcode ✓ " + "x" * 300)))
    Collection(second, BNode("l1"), [Literal(1), Literal(2)])
    second.add((URIRef(ex + "b"), URIRef(ex + "list"), BNode("l1")))
    return data


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Runner]]:
    """A folder with a valid file of each format, the bundled graph as N-Triples, an Oxigraph
    store holding it (and its TriG export), and the runner."""
    folder = tmp_path_factory.mktemp("fuzz")
    data = sample_dataset()
    for suffix, name in SUFFIXES.items():
        target = data if name in ("nquads", "trig") else data.graph(URIRef("http://ex.org/g1"))
        (folder / f"valid{suffix}").write_bytes(target.serialize(format=name, encoding="utf-8"))
    load(store="memory").union().serialize(folder / "bundled.nt", format="nt", encoding="utf-8")
    runner = Runner(folder)
    base = folder / "base-store"
    made = runner.run("stats", "--no-bundled", "--store", f"oxigraph:{base}", "--data",
                      folder / "bundled.nt", timeout=LIMIT)
    assert made.exit_code == 0, made.stderr
    (folder / "base.trig").write_bytes(export(runner, base))
    yield folder, runner
    print(f"\nfuzz: {runner.runs} runs, {runner.hung} hung")
    runner.close()


def export(runner: Runner, store: Path) -> bytes:
    out = store.with_suffix(".export.trig")
    run = runner.run("export", "--no-bundled", "--store", f"oxigraph:{store}", "--format", "trig",
                     "--out", out, timeout=LIMIT)
    assert run.exit_code == 0, run.stderr
    return out.read_bytes()


def check(run: Run) -> None:
    """The promises every run keeps."""
    assert run.exit_code is not None, f"hung: killed after {run.seconds:.0f} s"
    assert run.exit_code in (0, 1, 2), (run.exit_code, run.stderr)
    assert "Traceback" not in run.stderr, run.stderr
    assert run.stderr.count("dotscale: error:") <= 1, run.stderr


def load_both(world: tuple[Path, Runner], content: bytes, suffix: str) -> None:
    """Load ``content`` as a ``suffix`` file on the memory store, then into a copy of the
    Oxigraph store, which must be unchanged if the load was refused."""
    folder, runner = world
    path = folder / f"fuzzed{suffix}"
    path.write_bytes(content)
    check(runner.run("stats", "--no-bundled", "--store", "memory", "--data", path,
                     timeout=LIMIT))
    store = folder / "store"
    shutil.rmtree(store, ignore_errors=True)
    shutil.copytree(folder / "base-store", store)
    run = runner.run("stats", "--no-bundled", "--store", f"oxigraph:{store}", "--data", path,
                     timeout=LIMIT)
    check(run)
    if run.exit_code != 0:
        assert export(runner, store) == (folder / "base.trig").read_bytes(), run.stderr


@st.composite
def mutated(draw: st.DrawFn, text: str, tokens: list[str]) -> str:
    """``text`` with a few cuts, insertions, copies and replacements."""
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        end = draw(st.integers(at, min(len(text), at + 40)))
        action = draw(st.sampled_from(["insert", "delete", "copy", "replace", "cut"]))
        if action == "insert":
            text = text[:at] + draw(st.sampled_from(tokens)) + text[at:]
        elif action == "delete":
            text = text[:at] + text[end:]
        elif action == "copy":
            text = text[:at] + text[at:end] * draw(st.integers(2, 200)) + text[end:]
        elif action == "replace":
            text = text[:at] + draw(st.text(max_size=5)) + text[end:]
        else:
            text = text[:at]
    return text


def random_bytes(world: tuple[Path, Runner], content: bytes, suffix: str) -> None:
    load_both(world, content, suffix)


def mutated_file(world: tuple[Path, Runner], suffix: str, text: str) -> None:
    load_both(world, text.encode("utf-8", "surrogatepass"), suffix)


def library_texts() -> list[str]:
    return [query.text for query in all_queries()] + [
        "SELECT * WHERE { ?s ?p ?o } LIMIT 5",
        'ASK { ?s rdfs:label ?l FILTER(REGEX(?l, "^(a|aa)+$")) }',
        "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 3",
        "DESCRIBE id:technology/redis"]


def mutated_query(world: tuple[Path, Runner], text: str, store: str) -> None:
    folder, runner = world
    graph = ["--store", "memory", "--data", folder / "bundled.nt"] if store == "memory" else \
        ["--store", f"oxigraph:{folder / 'base-store'}"]
    check(runner.run("query", "--no-bundled", *graph, "--timeout", "10", "-e", text,
                     timeout=LIMIT))


def bind_value(world: tuple[Path, Runner], name: str, value: str, store: str) -> None:
    folder, runner = world
    query = next(q for q in all_queries() if q.name == name)
    graph = ["--store", "memory", "--data", folder / "bundled.nt"] if store == "memory" else \
        ["--store", f"oxigraph:{folder / 'base-store'}"]
    args = [f"{param.name}={value}" for param in query.params[:1]]
    check(runner.run("query", name, "--no-bundled", *graph, "--timeout", "10",
                     *(a for arg in args for a in ("--bind", arg)), timeout=LIMIT))


PARAMETRIZED = sorted(q.name for q in all_queries() if q.params)


def _tests(profile: settings) -> dict[str, object]:
    """The four fuzz tests under one hypothesis profile."""

    @profile
    @given(content=st.binary(max_size=2000), suffix=st.sampled_from(sorted(SUFFIXES)))
    def fuzz_random_bytes(world: tuple[Path, Runner], content: bytes, suffix: str) -> None:
        random_bytes(world, content, suffix)

    @profile
    @given(data=st.data(), suffix=st.sampled_from(sorted(SUFFIXES)))
    def fuzz_mutated_files(world: tuple[Path, Runner], data: st.DataObject,
                           suffix: str) -> None:
        valid = (world[0] / f"valid{suffix}").read_text(encoding="utf-8")
        mutated_file(world, suffix, data.draw(mutated(valid, TOKENS)))

    @profile
    @given(data=st.data(), store=st.sampled_from(["memory", "oxigraph"]))
    def fuzz_mutated_queries(world: tuple[Path, Runner], data: st.DataObject,
                             store: str) -> None:
        text = data.draw(st.sampled_from(library_texts()))
        mutated_query(world, data.draw(mutated(text, QUERY_TOKENS)), store)

    @profile
    @given(name=st.sampled_from(PARAMETRIZED), value=BIND_TEXTS,
           store=st.sampled_from(["memory", "oxigraph"]))
    def fuzz_bind_values(world: tuple[Path, Runner], name: str, value: str, store: str) -> None:
        bind_value(world, name, value, store)

    return {"random_bytes": fuzz_random_bytes, "mutated_files": fuzz_mutated_files,
            "mutated_queries": fuzz_mutated_queries, "bind_values": fuzz_bind_values}


QUICK_TESTS, SLOW_TESTS = _tests(QUICK), _tests(SLOW)


@pytest.mark.parametrize("kind", sorted(QUICK_TESTS))
def test_fuzz(world: tuple[Path, Runner], kind: str) -> None:
    QUICK_TESTS[kind](world)  # type: ignore[operator]


@pytest.mark.slow
@pytest.mark.parametrize("kind", sorted(SLOW_TESTS))
def test_fuzz_more(world: tuple[Path, Runner], kind: str) -> None:
    SLOW_TESTS[kind](world)  # type: ignore[operator]
