"""The independent RDF readers the interoperability tests hold our files against.

Each reader parses a file in one syntax and tells what it read: rdflib and Oxigraph in this
process, the command-line tools as N-Quads on their standard output (read with Oxigraph, whose
N-Quads parser follows the grammar exactly; rdflib's splits lines at U+2028 and treats U+00A0
as white space). What was read becomes rdflib graphs, one per graph name; two readings agree when
each graph of one is isomorphic (:func:`isomorphic_graphs`) to the same graph of the other.

A reader that is not installed skips the test, saying what is missing and the command that
installs it (``scripts/install-interop-tools``); with ``DOTSCALE_REQUIRE_INTEROP=1`` (as CI sets
it, having installed every tool) it fails the test instead.
"""

from __future__ import annotations

import atexit
import functools
import importlib.util
import json
import os
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import XSD
from rdflib.term import Node

ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = ROOT / ".tools" / "node_modules"
N3_SCRIPT = Path(__file__).with_name("n3-to-nquads.cjs")
INSTALL = "scripts/install-interop-tools"
REQUIRE_VARIABLE = "DOTSCALE_REQUIRE_INTEROP"
TIMEOUT = 300

SYNTAX_BY_SUFFIX = {".ttl": "turtle", ".nt": "ntriples", ".nq": "nquads", ".trig": "trig",
                    ".rdf": "rdfxml", ".jsonld": "jsonld"}
QUAD_SYNTAXES = {"nquads", "trig"}
RDFLIB_FORMATS = {"turtle": "turtle", "ntriples": "nt", "nquads": "nquads", "trig": "trig",
                  "rdfxml": "xml", "jsonld": "json-ld"}

# What each reader does not read, and why: these pairs are skipped, with the reason shown.
NOT_READ: dict[tuple[str, str], str] = {
    ("rapper", "jsonld"): "Raptor 2 has no JSON-LD parser (its 'json' parser reads RDF/JSON)",
    ("serdi", "rdfxml"): "serd reads only Turtle, N-Triples, TriG and N-Quads",
    ("serdi", "jsonld"): "serd reads only Turtle, N-Triples, TriG and N-Quads",
    ("n3js", "rdfxml"): "N3.js reads only Turtle, TriG, N-Triples, N-Quads and N3",
    ("n3js", "jsonld"): "N3.js reads only Turtle, TriG, N-Triples, N-Quads and N3",
}

Graphs = dict[Node | None, Graph]


@dataclass(frozen=True)
class Reader:
    """An RDF parser: the syntaxes it reads (our name -> its name) and how to run it."""

    name: str
    syntaxes: Mapping[str, str]
    run: Callable[[Reader, Path, str, str], Graphs]
    missing: Callable[[], str | None]
    version: Callable[[], str]

    def reads(self, syntax: str) -> bool:
        return syntax in self.syntaxes

    def read(self, path: Path, syntax: str, base: str) -> Graphs:
        """What the reader read from ``path``, graph by graph; AssertionError if it refused it."""
        return self.run(self, path, self.syntaxes[syntax], base)


def _command(label: str, command: list[str], env: Mapping[str, str] | None = None) -> Graphs:
    """Run a reader that prints N-Quads; what it printed, graph by graph."""
    done = subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=False,
                          env=None if env is None else {**os.environ, **env})
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip()
        raise AssertionError(f"{label} refused it (exit {done.returncode}): {message}")
    import pyoxigraph

    return _from_oxigraph(pyoxigraph.parse(done.stdout, pyoxigraph.RdfFormat.N_QUADS))


def _first_line(command: list[str]) -> str:
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=60)
    return (done.stdout or done.stderr).strip().splitlines()[0]


def _needs(*checks: Callable[[], str | None]) -> Callable[[], str | None]:
    """The first thing missing according to ``checks``, or None."""
    return lambda: next((why for check in checks if (why := check()) is not None), None)


def _on_path(program: str) -> Callable[[], str | None]:
    return lambda: None if shutil.which(program) else f"{program} is not on PATH"


def _rapper(reader: Reader, path: Path, syntax: str, base: str) -> Graphs:
    return _command(f"rapper {reader.version()}",
                    ["rapper", "--input", syntax, "--output", "nquads", str(path), base])


def _serdi(reader: Reader, path: Path, syntax: str, base: str) -> Graphs:
    return _command(f"serdi {reader.version()}",
                    ["serdi", "-i", syntax, "-o", "nquads", str(path), base])


class _EachLine:
    """One N3.js process of this test process that parses file after file
    (``n3-to-nquads.cjs --each-line``): Node.js starts once rather than once a file."""

    def __init__(self) -> None:
        self._process: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()
        atexit.register(self.close)

    def _started(self) -> subprocess.Popen[bytes]:
        if self._process is None or self._process.poll() is not None:
            self._process = subprocess.Popen(
                ["node", str(N3_SCRIPT), "--each-line"], stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                env={**os.environ, "NODE_PATH": str(NODE_MODULES)})
        return self._process

    def parse(self, label: str, path: Path, syntax: str, base: str) -> bytes:
        """The N-Quads N3.js prints for the file; AssertionError if it refused it."""
        with self._lock:
            process = self._started()
            assert process.stdin is not None and process.stdout is not None
            timer = threading.Timer(TIMEOUT, process.kill)
            timer.start()
            try:
                process.stdin.write(json.dumps([str(path), syntax, base]).encode() + b"\n")
                process.stdin.flush()
                status, length = process.stdout.readline().split()
                text = process.stdout.read(int(length))
                if len(text) != int(length):
                    raise ValueError("the answer was cut short")
            except (OSError, ValueError):
                process.kill()
                _, error = process.communicate()
                raise AssertionError(f"{label} stopped (exit {process.returncode}): "
                                     f"{error.decode('utf-8', 'replace').strip()}") from None
            finally:
                timer.cancel()
        if status != b"ok":
            raise AssertionError(f"{label} refused it: {text.decode('utf-8', 'replace')}")
        return text

    def close(self) -> None:
        with self._lock:
            if self._process is not None:
                self._process.communicate()
                self._process = None


_N3JS = _EachLine()


def _n3js(reader: Reader, path: Path, syntax: str, base: str) -> Graphs:
    nquads = _N3JS.parse(f"N3.js {reader.version()}", path, syntax, base)
    import pyoxigraph

    return _from_oxigraph(pyoxigraph.parse(nquads, pyoxigraph.RdfFormat.N_QUADS))


def _n3js_missing() -> str | None:
    if not shutil.which("node"):
        return "node is not on PATH"
    if not (NODE_MODULES / "n3" / "package.json").is_file():
        return f"N3.js is not installed in {NODE_MODULES}"
    return None


def _n3js_version() -> str:
    return _first_line(["node", "-p", f"require({str(NODE_MODULES / 'n3' / 'package.json')!r})"
                        ".version"])


def _oxigraph(reader: Reader, path: Path, syntax: str, base: str) -> Graphs:
    import pyoxigraph

    rdf_format = getattr(pyoxigraph.RdfFormat, syntax)
    try:
        return _from_oxigraph(pyoxigraph.parse(path=path, format=rdf_format, base_iri=base))
    except SyntaxError as error:
        raise AssertionError(f"Oxigraph {reader.version()} refused it: {error}") from None


def _term(term: Any) -> Node:
    """An Oxigraph term as an rdflib term."""
    import pyoxigraph

    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = None if term.datatype.value == str(XSD.string) else URIRef(term.datatype.value)
    return Literal(term.value, datatype=datatype)


def _from_oxigraph(quads: Iterable[Any]) -> Graphs:
    """The quads graph by graph, as :func:`as_graphs` gives them (without a Dataset between)."""
    import pyoxigraph

    graphs: Graphs = {}
    for quad in quads:
        name = (None if isinstance(quad.graph_name, pyoxigraph.DefaultGraph)
                else _term(quad.graph_name))
        key = None if name == DATASET_DEFAULT_GRAPH_ID else name
        graphs.setdefault(key, Graph()).add(
            (_term(quad.subject), _term(quad.predicate), _normal(_term(quad.object))))
    return graphs


def _oxigraph_missing() -> str | None:
    return None if importlib.util.find_spec("pyoxigraph") else "pyoxigraph is not installed"


def _oxigraph_version() -> str:
    from importlib.metadata import version

    return version("pyoxigraph")


def _rdflib(reader: Reader, path: Path, syntax: str, base: str) -> Graphs:
    dataset = Dataset()
    try:
        dataset.parse(path, format=syntax, publicID=base)
    except Exception as error:  # rdflib has no common base class for its parse errors
        raise AssertionError(f"rdflib {reader.version()} refused it: {error!r}") from None
    return as_graphs(dataset)


def _rdflib_version() -> str:
    from importlib.metadata import version

    return version("rdflib")


READERS: tuple[Reader, ...] = (
    Reader("rdflib", RDFLIB_FORMATS, _rdflib, lambda: None, _rdflib_version),
    Reader("oxigraph", {"turtle": "TURTLE", "ntriples": "N_TRIPLES", "nquads": "N_QUADS",
                        "trig": "TRIG", "rdfxml": "RDF_XML", "jsonld": "JSON_LD"},
           _oxigraph, _oxigraph_missing, _oxigraph_version),
    Reader("rapper", {"turtle": "turtle", "ntriples": "ntriples", "nquads": "nquads",
                      "trig": "trig", "rdfxml": "rdfxml"},
           _rapper, _needs(_on_path("rapper"), _oxigraph_missing),
           functools.cache(lambda: _first_line(["rapper", "--version"]))),
    Reader("serdi", {"turtle": "turtle", "ntriples": "ntriples", "nquads": "nquads",
                     "trig": "trig"},
           _serdi, _needs(_on_path("serdi"), _oxigraph_missing),
           functools.cache(lambda: _first_line(["serdi", "-v"]).split()[1])),
    Reader("n3js", {"turtle": "Turtle", "ntriples": "N-Triples", "nquads": "N-Quads",
                    "trig": "TriG"},
           _n3js, _needs(_n3js_missing, _oxigraph_missing), functools.cache(_n3js_version)),
)
READER_BY_NAME = {reader.name: reader for reader in READERS}


def require(reader: Reader) -> None:
    """Skip (or fail, with DOTSCALE_REQUIRE_INTEROP=1) when ``reader`` is not installed."""
    require_tool(reader.name, reader.missing())


def require_tool(name: str, why: str | None) -> None:
    """Skip (or fail, with DOTSCALE_REQUIRE_INTEROP=1) when ``why`` says what is missing."""
    if why is None:
        return
    message = f"{name} is missing ({why}): run {INSTALL}"
    if os.environ.get(REQUIRE_VARIABLE) == "1":
        pytest.fail(f"{message} ({REQUIRE_VARIABLE}=1)", pytrace=False)
    pytest.skip(message)


def skip_unless_read(reader: Reader, syntax: str) -> None:
    """Skip, with the reason from :data:`NOT_READ`, a syntax the reader does not read."""
    if not reader.reads(syntax):
        pytest.skip(f"{reader.name} does not read {syntax}: {NOT_READ[reader.name, syntax]}")


def _normal(node: Node) -> Node:
    """One spelling per RDF 1.1 term: rdflib tells apart what RDF 1.1 says is the same.

    Language tags are case-insensitive (RDF 1.1 Concepts 3.3; N3.js lower-cases them), and a
    simple literal is an ``xsd:string`` (3.3 again; rdflib keeps ``^^xsd:string`` apart).
    """
    if isinstance(node, Literal) and node.language:
        return Literal(str(node), lang=node.language.lower())
    if isinstance(node, Literal) and node.datatype == XSD.string:
        return Literal(str(node))
    return node


def as_graphs(data: Graph | Dataset) -> Graphs:
    """The triples of each graph of a dataset (None names the default graph), or of a graph."""
    graphs: Graphs = {}
    if isinstance(data, Dataset):
        quads = data.quads((None, None, None, None))
    else:
        quads = ((s, p, o, None) for s, p, o in data)
    for subject, predicate, obj, name in quads:
        key = None if name in (None, DATASET_DEFAULT_GRAPH_ID) else name
        graphs.setdefault(key, Graph()).add((subject, predicate, _normal(obj)))
    return graphs


def _split(graph: Graph) -> tuple[set[tuple[Node, Node, Node]], Graph]:
    """The triples without a blank node, and a graph of those with one."""
    ground: set[tuple[Node, Node, Node]] = set()
    blank = Graph()
    for triple in graph:
        if any(isinstance(term, BNode) for term in triple):
            blank.add(triple)
        else:
            ground.add(triple)
    return ground, blank


def isomorphic_graphs(graph: Graph, other: Graph) -> bool:
    """Whether the graphs are isomorphic: their triples without a blank node are the same,
    and those with one isomorphic (:func:`rdflib.compare.isomorphic`). A mapping of blank
    nodes leaves the other triples as they are, so this is the same test, faster on graphs
    of few blank nodes."""
    (ground, blank), (other_ground, other_blank) = _split(graph), _split(other)
    return ground == other_ground and isomorphic(blank, other_blank)


def _sample(graph: Graph) -> list[str]:
    return sorted(" ".join(term.n3() for term in triple)[:200] for triple in graph)[:3]


def assert_same(expected: Graphs, got: Graphs, who: str) -> None:
    """Each graph of ``got`` is isomorphic to the same graph of ``expected``; none is missing.

    The message shows a few of the triples that differ, in N-Triples.
    """
    assert sorted(map(str, got)) == sorted(map(str, expected)), f"{who}: other graph names"
    for name, graph in expected.items():
        other = got[name]
        if not isomorphic_graphs(graph, other):
            raise AssertionError(
                f"{who}: graph {name or 'default'} differs: {len(graph)} triples expected, "
                f"{len(other)} read; missing {_sample(graph - other)}, "
                f"extra {_sample(other - graph)}")
