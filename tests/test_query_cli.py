"""``dotscale query`` and ``dotscale queries`` from the command line."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from graph.querying.library import all_queries

REDIS = "https://w3id.org/dotscale/id/technology/redis"


def test_queries_lists_every_library_query_with_its_parameters(cli) -> None:
    result = cli("queries", "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["name"] for r in rows] == [q.name for q in all_queries()]
    by_name = {r["name"]: r for r in rows}
    assert by_name["talks-about"]["parameters"] == "tech=Redis"
    assert by_name["program"]["title"] == "The programme, in order"
    table = cli("queries").stdout
    assert "talks-about" in table and table.rstrip().endswith(f"{len(rows)} queries")


def test_queries_name_shows_one_query_in_full(cli) -> None:
    result = cli("queries", "talks-about")
    assert result.exit_code == 0
    assert result.stdout.startswith("talks-about: Talks about a technology\n")
    assert "--bind tech=..." in result.stdout and "(default: Redis)" in result.stdout
    assert "ds:about|ds:mentions" in result.stdout


def test_query_prints_an_aligned_table_with_a_row_count(cli) -> None:
    result = cli("query", "program")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:2] == ["order", "title"]
    assert set(lines[1].replace(" ", "")) == {"-"}
    assert lines[-1] == "16 rows"
    assert "\033[" not in result.stdout  # no bold when the output is not a terminal


def test_the_header_is_bold_on_a_terminal(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert cli("query", "program").stdout.startswith("\033[1morder")


def test_bind_by_name_and_by_iri_give_the_same_answer(cli) -> None:
    by_name = cli("query", "talks-about", "--bind", "tech=kafka", "--format", "json")
    by_iri = cli("query", "talks-about", "--bind", "tech=id:technology/apache-kafka",
                 "--format", "json")
    assert by_name.exit_code == 0, by_name.stderr
    assert by_name.stdout == by_iri.stdout
    titles = {b["title"]["value"] for b in json.loads(by_name.stdout)["results"]["bindings"]}
    assert "I got 10 trillion problems, but logging ain't one" in titles


def test_the_table_shows_what_each_parameter_was_bound_to_once(cli) -> None:
    lines = cli("query", "talks-about", "--bind", "tech=postgres").stdout.splitlines()
    assert lines[0] == "tech = id:technology/postgresql"  # "Postgres" is an alternative name
    assert lines[1].split() == ["conference", "title", "speaker", "role"]
    assert lines[-1] == "3 rows"
    ask = cli("query", "talk-mentions-both", "--bind", "second=Redis").stdout
    assert ask == "first = id:technology/postgresql\nsecond = id:technology/redis\nno\n"


def test_formats_for_select_ask_and_construct(cli) -> None:
    rows = list(csv.reader(io.StringIO(cli("query", "creators", "--format", "csv").stdout)))
    assert rows[0] == ["who", "role", "technology"]
    assert ["Paul Dix", "creator", "InfluxDB"] in rows
    tsv = cli("query", "creators", "--format", "tsv").stdout
    assert tsv.startswith("?who\t?role\t?technology\n")
    assert cli("query", "talk-mentions-both", "--format", "json").stdout.count('"boolean": true')
    assert "<boolean>true</boolean>" in cli("query", "talk-mentions-both", "--format", "xml").stdout
    turtle = cli("query", "technology-subgraph", "--bind", "tech=Disque").stdout
    assert "PREFIX ds:" in turtle and "Disque" in turtle
    nt = cli("query", "technology-subgraph", "--format", "nt").stdout
    assert nt.splitlines() == sorted(nt.splitlines())


def test_query_from_an_expression_a_file_and_stdin(cli, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    text = f"SELECT ?name WHERE {{ <{REDIS}> rdfs:label ?name }}"
    assert cli("query", "-e", text, "--format", "csv").stdout == "name\r\nRedis\r\n"
    path = tmp_path / "question.rq"
    path.write_text(text, encoding="utf-8")
    assert cli("query", str(path), "--format", "csv").stdout == "name\r\nRedis\r\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    assert cli("query", "-", "--format", "csv").stdout == "name\r\nRedis\r\n"


def test_extra_data_files_are_queried_too(cli, tmp_path: Path) -> None:
    extra = tmp_path / "extra.ttl"
    extra.write_text("<https://example.org/x> <http://www.w3.org/2000/01/rdf-schema#label> "
                     '"Extra" .\n', encoding="utf-8")
    result = cli("query", "-e", "SELECT ?l WHERE { <https://example.org/x> rdfs:label ?l }",
                 "--no-bundled", "--data", str(extra), "--format", "csv")
    assert result.stdout == "l\r\nExtra\r\n"


@pytest.mark.parametrize(("args", "code", "message"), [
    (["talks-abuot"], 1, "no query named 'talks-abuot'; did you mean: talks-about"),
    (["talks-about", "--bind", "teck=Redis"], 1,
     "talks-about has no parameter 'teck'; its parameters: tech"),
    (["talks-about", "--bind", "tech"], 2, "--bind 'tech': expected NAME=VALUE"),
    (["talks-about", "--bind", "tech=Docker Inc"], 1, "no ds:Technology in the graph is named"),
    (["-e", "SELECT ?x WHERE { ?x ?p }"], 1, "-e:1:19: SPARQL syntax error near '?x ?p }'"),
    (["-e", "CLEAR ALL"], 1, "-e: refused: this is a SPARQL update"),
    (["-e", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"], 1,
     "-e: refused: SERVICE <http://127.0.0.1:9/> would send a request over the network; "
     "pass --allow-network"),
    (["creators", "--format", "ttl"], 2, "a SELECT answer is a table: --format must be one of"),
    (["program", "-e", "ASK {}"], 2, "give either a query (NAME, FILE or -) or -e SPARQL"),
    ([], 2, "no query: give a library NAME"),
    (["missing/question.rq"], 1, "missing/question.rq: no such query file"),
])
def test_errors_are_one_line(cli, args: list[str], code: int, message: str) -> None:
    """Exit 1 for what the graph or the query says, 2 for a command line that cannot be."""
    result = cli("query", *args)
    assert result.exit_code == code
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("dotscale: error: ")
    assert message in result.stderr


def test_a_syntax_error_in_a_file_names_the_file_line_and_column(cli, tmp_path: Path) -> None:
    path = tmp_path / "broken.rq"
    path.write_text("# title: broken\nSELECT ?x\nWHERE {\n  ?x ds:about ?y ,\n}\n",
                    encoding="utf-8")
    result = cli("query", str(path))
    assert result.stderr == f"dotscale: error: {path}:4:18: SPARQL syntax error near ','\n"


def test_a_missing_parameter_is_named(cli, tmp_path: Path) -> None:
    path = tmp_path / "describe.rq"
    path.write_text("# param: talk -- the talk\nDESCRIBE ?talk\n", encoding="utf-8")
    result = cli("query", str(path))
    assert result.exit_code == 1
    assert "needs a value for its parameter 'talk' (the talk): pass --bind talk=VALUE" \
        in result.stderr


def test_the_timeout_option_stops_a_runaway_query(cli) -> None:
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    result = cli("query", "-e", runaway, "--timeout", "0.2")
    assert result.exit_code == 1
    assert "the query ran longer than 0.2 s and was stopped" in result.stderr


def test_query_does_not_import_the_heavy_packages() -> None:
    heavy = {"networkx", "matplotlib", "pyshacl", "scipy"}
    script = (
        "import sys\n"
        "from graph.cli import main\n"
        "code = main(['query', '--no-bundled', '-e', 'ASK {}', '--format', 'json'])\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({sorted(heavy)!r})))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True)
    assert done.stdout.splitlines()[-1] == "[]"


def test_a_piped_table_keeps_whole_values_and_columns_cuts_them(
        cli, monkeypatch: pytest.MonkeyPatch) -> None:
    title = "Coordinating unattended reboots using a distributed mutex"
    monkeypatch.delenv("COLUMNS", raising=False)
    assert title in cli("query", "program").stdout
    monkeypatch.setenv("COLUMNS", "60")
    narrow = cli("query", "program").stdout
    assert title not in narrow and "…" in narrow
    assert max(len(line) for line in narrow.splitlines()) <= 60
