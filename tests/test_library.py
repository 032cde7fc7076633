"""The query library: headers, parameters, lookup by name, and every bundled query file."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import DotscaleError
from graph.querying.execute import parse
from graph.querying.library import (
    LITERAL,
    NODE,
    LibraryQuery,
    Param,
    all_queries,
    find,
    from_text,
    parse_query_file,
)
from graph.util.resources import QUERIES_DIR

QUERY_FILES = sorted(QUERIES_DIR.glob("*.rq"))

HEADER = """\
# title: Talks about a technology
# description: Every talk that names a technology,
#   with its speakers.
# param: tech (node ds:Technology) = Redis -- the technology
# param: talk -- a required one
# param: year (literal xsd:integer) = 2015 -- a typed literal
# projection: bipartite
PREFIX ds: <https://w3id.org/dotscale/ontology#>
# not a header line: the header ends at the first line of SPARQL
SELECT ?talk WHERE { ?talk ds:mentions ?tech }
"""


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / f"{name}.rq"
    path.write_text(text, encoding="utf-8")
    return path


def test_header_is_parsed_into_title_description_params_and_other_headers(
        tmp_path: Path) -> None:
    query = parse_query_file(write(tmp_path, "talks", HEADER))
    assert query.name == "talks"
    assert query.title == "Talks about a technology"
    assert query.description == "Every talk that names a technology, with its speakers."
    assert query.params == (
        Param("tech", "Redis", "the technology", f"{NODE} ds:Technology"),
        Param("talk", None, "a required one", NODE),
        Param("year", "2015", "a typed literal", f"{LITERAL} xsd:integer"),
    )
    assert query.headers == {"projection": "bipartite"}
    assert query.text == HEADER


@pytest.mark.parametrize("missing", ["title", "description"])
def test_a_library_file_needs_a_title_and_a_description(tmp_path: Path, missing: str) -> None:
    text = "\n".join(line for line in HEADER.splitlines() if not line.startswith(f"# {missing}"))
    with pytest.raises(DotscaleError, match=f"no '# {missing}: ...' line"):
        parse_query_file(write(tmp_path, "q", text))


def test_a_parameter_declared_twice_is_an_error_naming_the_line(tmp_path: Path) -> None:
    text = "# title: t\n# description: d\n# param: a = 1\n# param: a = 2\nASK {}\n"
    with pytest.raises(DotscaleError, match=r"q\.rq:4: parameter 'a' declared twice"):
        parse_query_file(write(tmp_path, "q", text))


def test_a_malformed_param_line_is_an_error(tmp_path: Path) -> None:
    text = "# title: t\n# description: d\n# param: = 1\nASK {}\n"
    with pytest.raises(DotscaleError, match=r"q\.rq:3: bad param header"):
        parse_query_file(write(tmp_path, "q", text))


def test_text_outside_the_library_needs_no_header() -> None:
    query = from_text("ASK { ?s ?p ?o }", "-e")
    assert (query.title, query.description, query.params) == ("-e", "", ())


def test_all_queries_are_sorted_by_name(tmp_path: Path) -> None:
    for name in ("b", "a", "c"):
        write(tmp_path, name, f"# title: {name}\n# description: d\nASK {{}}\n")
    assert [q.name for q in all_queries(tmp_path)] == ["a", "b", "c"]


def test_find_accepts_the_file_name_and_suggests_close_names() -> None:
    assert find("program.rq").name == "program"
    with pytest.raises(DotscaleError, match=r"no query named 'progam'; did you mean: program"):
        find("progam")
    with pytest.raises(DotscaleError, match="run 'dotscale queries' to list them"):
        find("zzzzzzzz")


def test_the_library_has_at_least_fifteen_questions_of_every_form() -> None:
    queries = all_queries()
    assert len(queries) >= 15
    forms = {parse(q.text, q.name).algebra.name for q in queries}
    assert {"SelectQuery", "AskQuery", "ConstructQuery", "DescribeQuery"} <= forms


@pytest.mark.parametrize("path", QUERY_FILES, ids=[p.stem for p in QUERY_FILES])
def test_every_library_file_has_a_header_and_parses(path: Path) -> None:
    query = parse_query_file(path)
    assert isinstance(query, LibraryQuery)
    assert query.title.strip() == query.title and query.title
    assert query.description.strip() == query.description and query.description
    parse(query.text, query.name)
    variables = set(parse(query.text, query.name).algebra["_vars"])
    for param in query.params:
        assert param.description, f"{query.name}: parameter {param.name} has no description"
        assert any(str(v) == param.name for v in variables), \
            f"{query.name}: parameter {param.name} is not a variable of the query"


def test_a_name_is_a_library_query_and_a_path_a_file(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from graph.querying.library import locate

    monkeypatch.chdir(tmp_path)
    Path("graph-talk-topic").write_text("SELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    assert locate("graph-talk-topic").path == QUERIES_DIR / "graph-talk-topic.rq"
    Path("mine.rq").write_text("SELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    assert locate("mine.rq").path == Path("mine.rq")
    assert locate("./graph-talk-topic").path == Path("graph-talk-topic")
