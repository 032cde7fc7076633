"""The forms a new user writes: options before the command, a data file as an argument, bare
``dotscale``; the format of ``export --out`` from its suffix; contradictions refused and
probable mistakes warned of on stderr."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset

TALK_WITHOUT_TITLE = """\
@prefix ds: <https://w3id.org/dotscale/ontology#> .
<https://w3id.org/dotscale/id/talk/2015/untitled> a ds:Talk .
"""
NOTE = '<https://example.org/note> <http://www.w3.org/2000/01/rdf-schema#comment> "mine" .\n'


def test_bare_dotscale_prints_the_help(cli) -> None:
    result = cli()
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout.startswith("usage: dotscale") and "commands:" in result.stdout


def test_python_dash_m_alone_prints_the_help_too() -> None:
    done = subprocess.run([sys.executable, "-m", "graph"], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.startswith("usage: dotscale")


def test_graph_options_may_come_before_the_command(cli, tmp_path: Path) -> None:
    before = cli("--store", "memory", "query", "program", "--format", "csv")
    after = cli("query", "program", "--format", "csv", "--store", "memory")
    assert before.exit_code == 0 and before.stdout == after.stdout
    note = tmp_path / "note.ttl"
    note.write_text(NOTE, encoding="utf-8")
    alone = cli("--no-bundled", f"--data={note}", "stats", "--format", "json")
    assert alone.exit_code == 0 and json.loads(alone.stdout)["triples"] == 1


def test_an_option_before_a_command_that_does_not_take_it_is_a_usage_error(cli) -> None:
    result = cli("--store", "memory", "queries")
    assert result.exit_code == 2 and "unrecognized arguments: --store" in result.stderr


@pytest.mark.parametrize("command", ["validate", "stats"])
def test_a_data_file_may_be_given_as_an_argument(cli, command: str, tmp_path: Path) -> None:
    untitled = tmp_path / "untitled.ttl"
    untitled.write_text(TALK_WITHOUT_TITLE, encoding="utf-8")
    positional = cli(command, str(untitled))
    option = cli(command, "--data", str(untitled))
    assert (positional.exit_code, positional.stdout) == (option.exit_code, option.stdout)
    assert "untitled" in positional.stdout or positional.exit_code == 0
    if command == "validate":
        assert positional.exit_code == 1 and "untitled" in positional.stdout


def test_a_stray_data_file_gets_the_exact_fix(cli) -> None:
    result = cli("query", "program", "my-talks.ttl")
    assert result.exit_code == 2
    assert "(to load a file, write --data my-talks.ttl)" in result.stderr


@pytest.mark.parametrize(("suffix", "rdflib_format"), [
    (".nt", "nt"), (".rdf", "xml"), (".jsonld", "json-ld"), (".ttl", "turtle"), (".trig", "trig"),
])
def test_export_takes_the_format_from_the_suffix(cli, tmp_path: Path, suffix: str,
                                                 rdflib_format: str) -> None:
    out = tmp_path / f"graph{suffix}"
    assert cli("export", "--out", str(out)).exit_code == 0
    expected = cli("export", "--format", {"json-ld": "jsonld", "turtle": "ttl",
                                          "xml": "xml"}.get(rdflib_format, rdflib_format))
    assert out.read_text(encoding="utf-8") == expected.stdout
    assert len(Dataset().parse(out, format=rdflib_format)) > 1000


def test_export_refuses_a_suffix_of_another_format(cli, tmp_path: Path) -> None:
    out = tmp_path / "graph.nt"
    result = cli("export", "--format", "ttl", "--out", str(out))
    assert result.exit_code == 2
    assert result.stderr == (f"dotscale: error: --out {out}: the suffix .nt is for --format nt, "
                             "not ttl\n")
    assert not out.exists()
    schemaorg = tmp_path / "talks.jsonld"
    assert cli("export", "--format", "schemaorg", "--out", str(schemaorg)).exit_code == 0
    assert json.loads(schemaorg.read_text(encoding="utf-8"))["@context"] == "https://schema.org/"


@pytest.mark.parametrize("command", ["project", "draw", "analyze"])
def test_hops_without_around_is_refused(cli, command: str, tmp_path: Path) -> None:
    out = ["--out", str(tmp_path / "x.png")] if command == "draw" else []
    result = cli(command, "graph-overview", "--hops", "2", *out)
    assert result.exit_code == 2
    assert result.stderr == ("dotscale: error: --hops needs --around NODE: the hops are "
                             "counted from that node\n")
    assert not (tmp_path / "x.png").exists()


def test_a_parameter_bound_twice_is_refused(cli) -> None:
    result = cli("query", "talks-about", "--bind", "tech=Redis", "--bind", "tech=Kafka")
    assert result.exit_code == 2
    assert result.stderr == ("dotscale: error: --bind tech= is given twice ('Redis' and "
                             "'Kafka'): a parameter has one value\n")
    assert result.stdout == ""


def test_a_projected_variable_never_bound_is_warned_of(cli) -> None:
    result = cli("query", "-e", "SELECT ?titel WHERE { ?t a ds:Talk ; rdfs:label ?title }")
    assert result.exit_code == 0
    assert result.stderr == ("dotscale: warning: -e: ?titel is never bound: nothing in the "
                             "query's pattern gives it a value\n")


def test_an_unknown_term_of_the_vocabulary_is_warned_of(cli) -> None:
    result = cli("query", "-e", "SELECT ?t WHERE { ?t a ds:Tallk }")
    assert result.exit_code == 0 and result.stdout.endswith("0 rows\n")
    assert result.stderr == ("dotscale: warning: -e: ds:Tallk (did you mean ds:Talk?) is not "
                             "a term of the ontology\n")


def test_library_queries_draw_no_warning(cli) -> None:
    listing = cli("queries", "--format", "csv").stdout.splitlines()[1:]
    for name in (line.split(",")[0] for line in listing):
        if name != "describe-talk":
            assert cli("query", name).stderr == "", name
