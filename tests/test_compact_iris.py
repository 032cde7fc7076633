"""The compact IRIs tables print (``id:talk/2015/...``) can be pasted back into a query, written
plainly or with SPARQL's escape (``id:technology\\/postgresql``), with the same answer on every
store."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

PLAIN = "SELECT ?talk WHERE { ?talk ds:about id:technology/postgresql } ORDER BY ?talk"
ESCAPED = r"SELECT ?talk WHERE { ?talk ds:about id:technology\/postgresql } ORDER BY ?talk"
FULL = ("SELECT ?talk WHERE { ?talk ds:about <https://w3id.org/dotscale/id/technology/postgresql> "
        "} ORDER BY ?talk")


@pytest.fixture
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Callable[[], str]:
    """A new Oxigraph store each call (a store stays open in the process that opened it)."""
    pytest.importorskip("pyoxigraph")
    return lambda: f"oxigraph:{tmp_path_factory.mktemp('store') / 'db'}"


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_plain_and_escaped_compact_iris_answer_as_the_full_iri(
        cli, store: str, oxigraph: Callable[[], str]) -> None:
    answers = [cli("query", "-e", text, "--format", "csv",
                   "--store", oxigraph() if store == "oxigraph" else "memory")
               for text in (PLAIN, ESCAPED, FULL)]
    assert [a.exit_code for a in answers] == [0, 0, 0], [a.stderr for a in answers]
    assert answers[0].stdout == answers[1].stdout == answers[2].stdout
    assert answers[0].stdout.count("\n") == 3  # a header and two talks


def test_a_value_a_table_prints_can_be_pasted_back(cli, oxigraph: Callable[[], str]) -> None:
    table = cli("query", "-e", "SELECT ?talk WHERE { ?talk a ds:LightningTalk } ORDER BY ?talk")
    printed = table.stdout.splitlines()[2].strip()
    assert printed.startswith("id:talk/2015/")
    for store in ("memory", oxigraph()):
        asked = cli("query", "-e", f"ASK {{ {printed} a ds:LightningTalk }}", "--store", store)
        assert asked.stdout == "yes\n", asked.stderr


def test_paths_strings_and_comments_keep_their_text(cli) -> None:
    query = """SELECT ?name ?note WHERE {   # id:technology/redis in a comment
      <https://w3id.org/dotscale/id/talk/2015/salvatore-sanfilippo-introducing-disque>
          ds:speaker/rdfs:label ?name .
      BIND ("id:technology/redis" AS ?note)
    }"""
    result = cli("query", "-e", query, "--format", "csv")
    assert result.stdout.splitlines()[1:] == ["Salvatore Sanfilippo,id:technology/redis"]


def test_a_compact_iri_in_a_query_file_works_too(cli, tmp_path: Path) -> None:
    path = tmp_path / "q.rq"
    path.write_text("ASK { id:talk/2015/salvatore-sanfilippo-introducing-disque a ds:Talk }\n",
                    encoding="utf-8")
    assert cli("query", str(path)).stdout == "yes\n"
