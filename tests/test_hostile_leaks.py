"""A leak, and denial of service from small inputs: a JSON-LD context never fetched (a real
listener on loopback logs any request), control characters never written raw, patterns and
parsers linear, timeouts only finite, a build's leftovers cleared."""

from __future__ import annotations

import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.errors import DotscaleError
from graph.loading.loader import load
from graph.pipeline import MARKER, clear_leftovers, exchange
from graph.util.resources import ARCHIVE_DIR
from tests.helpers.process import assert_clean, dotscale, error_line

CONTEXT = {"@context": {"name": "http://ex.org/name"}}
HOSTILE_LABEL = "evil\\u001B]0;pwned\\u0007\\u001B[2J"  # as written in Turtle


class Listener:
    """An HTTP server on loopback that serves a JSON-LD context and logs every request."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        listener = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                listener.requests.append(self.path)
                body = json.dumps(CONTEXT).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/ld+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/ctx.json"
        self.thread = threading.Thread(target=self.server.serve_forever,
                                       kwargs={"poll_interval": 0.02}, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    served = Listener()
    yield served
    served.close()


def contexts(url: str) -> list[object]:
    """Every place a JSON-LD document can name a context to load."""
    node = {"@id": "http://ex.org/a", "name": "x"}
    return [
        {"@context": [[url]], **node},
        {"@context": [[[url]]], **node},
        {"@context": url, **node},
        {"@context": [{"@import": url}], **node},
        {"@context": {"p": {"@id": "http://ex.org/p", "@context": url}}, **node},
        {"@graph": [{"@context": [None, [url]], **node}]},
        [{"@id": "http://ex.org/b", "http://ex.org/q": {"@context": [url], **node}}],
    ]


@pytest.mark.parametrize("form", range(len(contexts(""))))
@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_a_jsonld_context_is_never_fetched(tmp_path: Path, listener: Listener, form: int,
                                           store: str) -> None:
    path = tmp_path / "data.jsonld"
    path.write_text(json.dumps(contexts(listener.url)[form]), encoding="utf-8")
    if store == "oxigraph":
        pytest.importorskip("pyoxigraph")
    spec = "memory" if store == "memory" else f"oxigraph:{tmp_path / 'db'}"
    with pytest.raises(DotscaleError, match=r"its @context names the document 'http://127"):
        load(data=[path], bundled=False, store=spec)
    assert listener.requests == []


def test_the_listener_logs_what_rdflib_fetches(listener: Listener) -> None:
    """The listener sees a fetch (so its silence above means something)."""
    from rdflib import Graph

    Graph().parse(data=json.dumps(contexts(listener.url)[0]), format="json-ld")
    assert listener.requests == ["/ctx.json"]


@pytest.mark.parametrize("target", ["ctx", "/etc/passwd"])
def test_a_file_context_is_refused_and_named(tmp_path: Path, target: str) -> None:
    context = tmp_path / "ctx.json"
    context.write_text(json.dumps(CONTEXT), encoding="utf-8")
    url = context.as_uri() if target == "ctx" else "file:///etc/passwd"
    path = tmp_path / "data.jsonld"
    path.write_text(json.dumps({"@context": [[url]], "@id": "http://ex.org/a", "name": "x"}),
                    encoding="utf-8")
    line = error_line(dotscale("stats", "--no-bundled", "--store", "memory", "--data", path))
    assert line == (f"dotscale: error: {path}: its @context names the document {url!r}, which "
                    "is refused: a data file never makes the program fetch a URL or read a "
                    "file; put the context itself in the file")


def test_an_inline_context_still_loads(tmp_path: Path) -> None:
    path = tmp_path / "data.jsonld"
    path.write_text(json.dumps({**CONTEXT, "@id": "http://ex.org/a", "name": "x"}),
                    encoding="utf-8")
    assert len(load(data=[path], bundled=False)) == 1


# -- control characters ---------------------------------------------------------------------


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.ttl"
    path.write_text("@prefix ex: <http://ex.org/> .\n"
                    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
                    f'ex:a rdfs:label "{HOSTILE_LABEL}" ; ex:knows ex:b .\n'
                    'ex:b rdfs:label "b" .\n', encoding="utf-8")
    return path


LABELS = "SELECT ?l WHERE { ?s rdfs:label ?l } ORDER BY ?l"


def test_the_table_escapes_control_characters(hostile: Path) -> None:
    run = dotscale("query", "--no-bundled", "--data", hostile, "-e", LABELS)
    assert_clean(run, codes=(0,))
    assert "\x1b" not in run.stdout and "\x07" not in run.stdout
    assert "evil\\x1b]0;pwned\\x07\\x1b[2J" in run.stdout


def test_xml_results_refuse_control_characters(hostile: Path) -> None:
    run = dotscale("query", "--no-bundled", "--data", hostile, "-e", LABELS, "--format", "xml")
    assert error_line(run) == ("dotscale: error: cannot write XML results: XML 1.0 cannot carry "
                               "the character U+001B of ?l in row 2; use --format json, csv or "
                               "tsv")
    assert run.stdout == ""


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_files_refuse_control_characters(hostile: Path, tmp_path: Path,
                                               fmt: str) -> None:
    projection = tmp_path / "knows.rq"
    projection.write_text("# title: Who knows whom\n# description: ex:knows\n"
                          "# projection: digraph\n"
                          "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
                          "SELECT ?source ?target ?sourceLabel ?targetLabel WHERE {\n"
                          "  ?source <http://ex.org/knows> ?target .\n"
                          "  ?source rdfs:label ?sourceLabel . ?target rdfs:label ?targetLabel\n"
                          "}\n", encoding="utf-8")
    out = tmp_path / f"knows.{fmt}"
    run = dotscale("project", projection, "--no-bundled", "--data", hostile, "--out", out)
    assert "XML 1.0 cannot carry the character U+001B" in error_line(run)
    assert not out.exists()


def test_an_error_message_escapes_control_characters() -> None:
    run = dotscale("query", "--no-bundled", "-e", "SELECT ?x {}", "--bind", "x=a\x1b[2Jb\nc")
    assert error_line(run) == ("dotscale: error: --bind x=a\\x1b[2Jb\\nc: nothing in the graph is "
                               "named 'a\\x1b[2Jb\\nc'")


# -- small inputs, long runs ----------------------------------------------------------------


@pytest.mark.parametrize("spaces", [4_000, 200_000])
@pytest.mark.parametrize("between", ["", "and "])
def test_a_long_run_of_spaces_in_tags_is_fast(tmp_path: Path, spaces: int, between: str) -> None:
    archive = tmp_path / "archive"
    shutil.copytree(ARCHIVE_DIR, archive)
    talk = archive / "2014" / "05" / "alison-gianotto-understanding-risk-and-security.md"
    talk.write_text(talk.read_text(encoding="utf-8").replace(
        "Tags: risk, security", "Tags: risk" + " " * spaces + between + "security"),
        encoding="utf-8")
    out = tmp_path / "archive.ttl"
    run = dotscale("import", "thedotpost", archive, "--out", out, timeout=60)
    assert_clean(run, codes=(0,))
    assert run.seconds < 30  # 6 minutes for 10,000 spaces when the pattern backtracked
    text = out.read_text(encoding="utf-8")
    assert ('"risk"' in text and '"security"' in text) if between else '"risk security"' in text


def test_a_long_ntriples_literal_is_linear(tmp_path: Path) -> None:
    path = tmp_path / "long.nt"
    path.write_text('<http://ex.org/a> <http://ex.org/b> "' + "x" * (8 << 20) + '" .\n'
                    "<http://ex.org/a> <http://ex.org/c> \"d\\u00e9j\\u00e0\\r\\n\" .\r\n",
                    encoding="utf-8")
    run = dotscale("stats", "--no-bundled", "--store", "memory", "--data", path, timeout=60)
    assert_clean(run, codes=(0,))
    assert "2 triples" in run.stdout
    assert run.seconds < 20  # 228 s when a line took time in its square


def test_ntriples_lines_end_as_the_format_says(tmp_path: Path) -> None:
    path = tmp_path / "ends.nt"
    path.write_bytes(b'<http://ex.org/a> <http://ex.org/b> "1" .\r'
                     b'<http://ex.org/a> <http://ex.org/b> "2" .\r\n'
                     b'<http://ex.org/a> <http://ex.org/b> "3" .')
    kg = load(data=[path], bundled=False, store="memory")
    assert sorted(str(o) for o in kg.objects()) == ["1", "2", "3"]


@pytest.mark.parametrize("value", ["inf", "-inf", "1e308", "nan", "0", "-1"])
def test_only_finite_positive_timeouts(value: str) -> None:
    run = dotscale("query", "--no-bundled", f"--timeout={value}", "-e", "ASK {}")
    assert run.exit_code == 2
    assert error_line(run).startswith("dotscale: error: the timeout must be a finite number of "
                                      "seconds above 0")


def test_a_finite_timeout_answers() -> None:
    run = dotscale("query", "--no-bundled", "--timeout", "1e6", "-e", "ASK {}")
    assert_clean(run, codes=(0,))
    assert run.stdout == "yes\n"


# -- a build's leftovers --------------------------------------------------------------------


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def output(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True)
    (folder / MARKER).write_text("", encoding="utf-8")
    (folder / "dotscale.ttl").write_text(text, encoding="utf-8")
    return folder


def test_leftovers_of_killed_builds_are_cleared(tmp_path: Path) -> None:
    gone, alive = dead_pid(), os.getppid()
    output(tmp_path / "out", "current")
    output(tmp_path / f".out.new.{gone}.abc", "half")
    output(tmp_path / f".out.old.{gone}.def" / "out", "older")
    output(tmp_path / f".out.new.{alive}.ghi", "another build, running")
    (tmp_path / ".other.new.1.x").mkdir()
    clear_leftovers(tmp_path / "out")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".other.new.1.x",
                                                          f".out.new.{alive}.ghi", "out"]
    assert (tmp_path / "out" / "dotscale.ttl").read_text(encoding="utf-8") == "current"


def test_an_output_set_aside_by_a_killed_build_is_put_back(tmp_path: Path) -> None:
    gone = dead_pid()
    output(tmp_path / f".out.old.{gone}.def" / "out", "older")
    clear_leftovers(tmp_path / "out")
    assert [p.name for p in tmp_path.iterdir()] == ["out"]
    assert (tmp_path / "out" / "dotscale.ttl").read_text(encoding="utf-8") == "older"


def test_exchange_swaps_two_folders_in_one_step(tmp_path: Path) -> None:
    old, new = output(tmp_path / "out", "old"), output(tmp_path / "new", "new")
    if not exchange(new, old):
        pytest.skip("this system cannot exchange two paths in one step")
    assert (old / "dotscale.ttl").read_text(encoding="utf-8") == "new"
    assert (new / "dotscale.ttl").read_text(encoding="utf-8") == "old"


def test_a_build_clears_leftovers(tmp_path: Path) -> None:
    gone = dead_pid()
    output(tmp_path / f".out.new.{gone}.abc", "half")
    run = dotscale("build", "--out", tmp_path / "out", timeout=300, cwd=tmp_path)
    assert_clean(run, codes=(0,))
    assert [p.name for p in tmp_path.iterdir()] == ["out"]
    assert (tmp_path / "out" / MARKER).is_file()
    assert (tmp_path / "out" / "dotscale.ttl").stat().st_size > 0
