"""What a store holds stays whole whatever happens to a load: the union queries read never
disagrees with the named graphs (a client or a server killed half-way through a load), no input
writes into a graph the stores keep for themselves, a file that does not parse to its end loads
nothing, and a user's file never merges into a bundled graph. On every store, alike."""

from __future__ import annotations

import gc
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from rdflib import URIRef

from benchmarks.generate import generate
from graph.errors import DotscaleError
from graph.loading.loader import load, load_file
from graph.loading.store import KnowledgeGraph, open_store
from graph.namespaces import ARCHIVE_GRAPH, GRAPHS
from graph.querying.execute import run
from tests.helpers.oxigraph_server import Server, oxigraph_server
from tests.helpers.process import Run, assert_clean, dotscale

pytest.importorskip("pyoxigraph")

EX = "https://example.org/"
UNION_SIZE = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
DISTINCT_IN_GRAPHS = ("SELECT (COUNT(*) AS ?n) "
                      "WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """A real Oxigraph SPARQL server of this test's own (the test may kill it)."""
    if oxigraph_server() is None:
        pytest.skip("the Oxigraph server is not installed (pip install oxigraph)")
    running = Server(tmp_path / "server")
    running.start()
    try:
        yield running
    finally:
        running.stop()


def count(kg: KnowledgeGraph, query: str) -> int:
    return int(run(kg, query).rows[0]["n"])


def assert_union_is_the_graphs(kg: KnowledgeGraph) -> None:
    """The union a query reads holds each triple of the named graphs once, and nothing else."""
    assert count(kg, UNION_SIZE) == count(kg, DISTINCT_IN_GRAPHS) == len(kg.union())


def close(kg: KnowledgeGraph) -> None:
    """Let go of an Oxigraph store on disk, for the next command to open it."""
    if kg.native is not None:
        kg.close()


def synthetic(path: Path, conferences: int) -> Path:
    with path.open("w", encoding="utf-8") as out:
        generate(out, conferences=conferences, talks_per_conference=30, seed=7)
    return path


def load_killed_half_way(spec: str, data: Path, kill: Callable[[subprocess.Popen[bytes]], None],
                         observer: KnowledgeGraph) -> None:
    """Reload ``data`` (changed since it was loaded) with the command line on ``spec`` and,
    once the union has let go of the file's triples (the load is under way), call ``kill``."""
    before = count(observer, UNION_SIZE)
    with data.open("a", encoding="utf-8") as out:
        out.write(f"<{EX}changed> <{EX}p> <{EX}o> .\n")
    child = subprocess.Popen(
        [sys.executable, "-m", "graph", "stats", "--no-bundled", "--store", spec, "--data",
         str(data)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)})
    try:
        deadline = time.monotonic() + 120
        while count(observer, UNION_SIZE) >= before:
            assert child.poll() is None, "the load ended before the union changed"
            assert time.monotonic() < deadline, "the load never started"
            time.sleep(0.01)
        kill(child)
    finally:
        child.kill()
        child.wait()


@pytest.mark.slow
def test_a_client_killed_while_loading_into_a_server_leaves_the_union_whole(
        server: Server, tmp_path: Path) -> None:
    spec = f"sparql:{server.url}"
    data = synthetic(tmp_path / "talks.nt", 60)
    kg = load(store=spec, data=[data])
    load_killed_half_way(spec, data, lambda child: child.send_signal(signal.SIGKILL), kg)
    again = open_store(spec)
    assert_union_is_the_graphs(again)
    load_file(again, data)  # and the file loads again, whole
    assert_union_is_the_graphs(again)
    assert len(again.graph(GRAPHS["talks"])) == len(data.read_text(encoding="utf-8").splitlines())


@pytest.mark.slow
def test_a_server_killed_while_loading_leaves_the_union_whole(server: Server,
                                                               tmp_path: Path) -> None:
    data = synthetic(tmp_path / "talks.nt", 60)
    kg = load(store=f"sparql:{server.url}", data=[data])
    load_killed_half_way(f"sparql:{server.url}", data, lambda _: server.kill(), kg)
    server.start()  # on the same folder, at a new address
    again = open_store(f"sparql:{server.url}")  # finishes the load, from the same file
    assert_union_is_the_graphs(again)
    assert len(again.graph(GRAPHS["talks"])) == len(data.read_text(encoding="utf-8").splitlines())


def test_a_stopped_load_whose_file_changed_since_leaves_the_graph_empty(tmp_path: Path) -> None:
    """A load stopped half-way cannot be finished once its file has changed: the graph is
    emptied rather than left half there, and the union made whole."""
    spec = f"oxigraph:{tmp_path / 'db'}"
    data = synthetic(tmp_path / "talks.nt", 2)
    load(store=spec, data=[data]).close()
    with data.open("a", encoding="utf-8") as out:
        out.write(f"<{EX}changed> <{EX}p> <{EX}o> .\n")
    stopped = subprocess.run([sys.executable, "-c", (
        "import os, signal\n"
        "from pathlib import Path\n"
        "from graph.loading.loader import load_file\n"
        "from graph.loading.store import open_store\n"
        f"kg = open_store({spec!r})\n"
        "store = kg.native\n"
        "store.read_file = lambda *args: os.kill(os.getpid(), signal.SIGKILL)\n"
        f"load_file(kg, Path({str(data)!r}))\n")],
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)})
    assert stopped.returncode == -signal.SIGKILL
    data.write_text(data.read_text(encoding="utf-8") + f"<{EX}again> <{EX}p> <{EX}o> .\n",
                    encoding="utf-8")
    again = open_store(spec)
    assert_union_is_the_graphs(again)
    assert len(again.graph(GRAPHS["talks"])) == 0
    again.close()


def test_an_oxigraph_store_killed_between_a_graph_and_its_union_is_made_whole_on_open(
        tmp_path: Path) -> None:
    """The client killed (SIGKILL) where a load has filled a graph but not the union yet."""
    spec = f"oxigraph:{tmp_path / 'db'}"
    load(store=spec).close()
    killed = subprocess.run([sys.executable, "-c", (
        "import os, signal\n"
        "from rdflib import URIRef\n"
        "from graph.loading.store import open_store\n"
        f"store = open_store({spec!r}).native\n"
        f"graph, a = URIRef({EX!r} + 'g'), URIRef({EX!r} + 'a')\n"
        "with store.changing([graph], 'a source'):\n"
        "    store.add_quads([(a, a, a, graph)], merge=False)\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n")],
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)})
    assert killed.returncode == -signal.SIGKILL
    again = open_store(spec)
    assert_union_is_the_graphs(again)
    assert len(again.graph(URIRef(EX + "g"))) == 0
    again.close()


STORES = ("memory", "oxigraph", "oxigraph:PATH", "sparql:URL")


@pytest.fixture
def on_store(cli: Callable[..., Any], spec: str) -> Callable[..., Any]:
    """Run a command on the test's store (an Oxigraph store on disk is let go of first: a
    command leaves it to the garbage collector)."""

    def command(*args: str) -> Any:
        gc.collect()
        return cli(*args, "--store", spec)

    return command


@pytest.fixture
def spec(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The store named by the test's ``store`` parameter, empty."""
    store = request.node.callspec.params["store"]
    if store == "oxigraph:PATH":
        return f"oxigraph:{tmp_path / 'db'}"
    if store == "sparql:URL":
        running: Server = request.getfixturevalue("server")
        return f"sparql:{running.url}"
    return str(store)


@pytest.mark.parametrize("store", STORES)
def test_a_reserved_graph_name_in_input_is_refused(on_store: Callable[..., Any], spec: str,
                                                   tmp_path: Path, store: str) -> None:
    trig = tmp_path / "sneaky.trig"
    trig.write_text(f"<{EX}mine> {{ <{EX}a> <{EX}b> 'kept' }}\n"
                    f"<urn:x-dotscale:union> {{ <{EX}a> <{EX}b> 'injected' }}\n",
                    encoding="utf-8")
    result = on_store("stats", "--data", str(trig))
    assert result.exit_code == 1
    assert result.stderr == (f"dotscale: error: {trig}: the graph <urn:x-dotscale:union> is "
                             "reserved for the store's own use; name it otherwise\n")
    gc.collect()
    kg = load(store=spec, bundled=False)
    with pytest.raises(DotscaleError, match="is reserved"):
        load_file(kg, trig)
    assert run(kg, f"ASK {{ <{EX}a> ?p ?o }}").boolean is False  # nothing of the file
    close(kg)
    assert on_store("stats").exit_code == 0


@pytest.mark.parametrize("store", STORES)
def test_rdf_xml_cut_in_the_middle_of_an_element_loads_nothing(
        on_store: Callable[..., Any], spec: str, tmp_path: Path, store: str) -> None:
    whole = (f'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
             f'xmlns:ex="{EX}">\n'
             f'<rdf:Description rdf:about="{EX}a"><ex:b>first</ex:b></rdf:Description>\n'
             f'<rdf:Description rdf:about="{EX}a"><ex:b>second</ex:b></rdf:Description>\n'
             f'</rdf:RDF>\n')
    cut = tmp_path / "cut.rdf"
    cut.write_text(whole[:whole.index("second") + 3], encoding="utf-8")
    result = on_store("stats", "--no-bundled", "--data", str(cut))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"dotscale: error: {cut}:3: RDF/XML error: ")
    assert result.stderr.count("\n") == 1
    gc.collect()
    kg = load(store=spec, bundled=False)
    with pytest.raises(DotscaleError, match=":3: RDF/XML error: "):
        load_file(kg, cut)
    assert len(kg) == 0  # not even the statement before the cut
    close(kg)


@pytest.mark.parametrize("store", STORES)
def test_a_user_file_never_merges_into_a_bundled_graph(on_store: Callable[..., Any], spec: str,
                                                       tmp_path: Path, store: str) -> None:
    mine = tmp_path / "thedotpost.nt"
    mine.write_text(f'<{EX}a> <{EX}b> "mine" .\n', encoding="utf-8")
    result = on_store("stats", "--data", str(mine))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"dotscale: error: {mine}: its graph graph:thedotpost "
                                    "holds ")
    gc.collect()
    kg = load(store=spec)
    assert (None, None, None) in kg.graph(ARCHIVE_GRAPH)  # the archive's graph stays its own
    assert count(kg, f"SELECT (COUNT(*) AS ?n) WHERE {{ <{EX}a> ?p ?o }}") == 0
    other = tmp_path / "other"
    other.mkdir()
    (other / "talks.ttl").write_text(f"<{EX}c> <{EX}d> 'other' .\n", encoding="utf-8")
    (tmp_path / "talks.ttl").write_text(f"<{EX}c> <{EX}d> 'first' .\n", encoding="utf-8")
    close(kg)
    with pytest.raises(DotscaleError, match=r"its graph graph:talks holds .*talks\.ttl already"):
        load(store=spec, bundled=False, data=[tmp_path / "talks.ttl", other / "talks.ttl"])


@pytest.mark.parametrize("store", ("oxigraph:PATH", "sparql:URL"))
def test_a_file_that_does_not_parse_leaves_the_graph_it_would_replace_as_it_was(
        spec: str, tmp_path: Path, store: str) -> None:
    def command(*args: str | Path) -> Run:  # each a process of its own, as a user runs them
        return dotscale(*args, "--no-bundled", "--store", spec, timeout=120)

    data = tmp_path / "talks.nt"
    data.write_text(f"<{EX}a> <{EX}b> \"old\" .\n<{EX}a> <{EX}c> \"kept\" .\n", encoding="utf-8")
    assert_clean(command("stats", "--data", data), codes=(0,))
    data.write_text(f"<{EX}a> <{EX}b> \"new\" .\n<{EX}a> <{EX}b> \"cut\n", encoding="utf-8")
    refused = command("stats", "--data", data)
    assert refused.exit_code == 1
    assert refused.stderr.startswith(f"dotscale: error: {data}:2: ")
    answer = command("query", "--format", "csv", "-e",
                     "SELECT ?o WHERE { GRAPH graph:talks { ?s ?p ?o } } ORDER BY ?o")
    assert answer.stdout.splitlines() == ["o", "kept", "old"]
    for query in (UNION_SIZE, DISTINCT_IN_GRAPHS):  # and the union is the graphs'
        counted = command("query", "--format", "csv", "-e", query)
        assert counted.stdout.splitlines() == ["n", "2"], counted.stderr
