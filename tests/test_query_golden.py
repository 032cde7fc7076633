"""Every library query has a golden answer on the bundled graph, and a second engine agrees.

The golden answers live in tests/golden/<name>.json (W3C SPARQL JSON, for SELECT and ASK) or
<name>.ttl (CONSTRUCT and DESCRIBE); ``scripts/update-goldens`` writes them. Each SELECT and ASK
query also runs on Oxigraph over the same graph exported by rdflib as N-Quads, with the same
parameter values, and must give the same answer. GROUP_CONCAT has no defined order in SPARQL:
its values are compared as sets of items.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.term import Identifier, Variable

from graph.loading.store import KnowledgeGraph
from graph.querying.execute import QueryResult, initial_bindings, parse
from graph.querying.library import LibraryQuery, parse_query_file
from graph.querying.results import render
from graph.querying.safety import algebra_nodes
from graph.util.resources import QUERIES_DIR

GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
QUERY_FILES = sorted(QUERIES_DIR.glob("*.rq"))
FIX = "run scripts/update-goldens, then read the new answer: it must be right"


def concat_separators(query: LibraryQuery) -> dict[str, str]:
    """The projected variables that hold a GROUP_CONCAT, with their separators."""
    nodes = list(algebra_nodes(parse(query.text, query.name).algebra))
    aggregates = {str(n.res): n.separator or " " for n in nodes
                  if n.name == "Aggregate_GroupConcat"}
    return {str(n.var): aggregates[str(n.expr)] for n in nodes
            if n.name == "Extend" and isinstance(n.expr, Variable) and str(n.expr) in aggregates}


def comparable(document: dict[str, Any], query: LibraryQuery, ordered: bool) -> Any:
    """The answer in a form two correct engines agree on."""
    if "boolean" in document:
        return document["boolean"]
    separators = concat_separators(query)
    rows = []
    for binding in document["results"]["bindings"]:
        row = dict(binding)
        for name, separator in separators.items():
            if name in row:
                items = sorted(row[name]["value"].split(separator))
                row[name] = {**row[name], "value": separator.join(items)}
        rows.append(json.dumps(row, sort_keys=True, ensure_ascii=False))
    return {"vars": document["head"]["vars"], "rows": rows if ordered else sorted(rows)}


@pytest.fixture(scope="module")
def oxigraph_store(kg: KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The bundled graph in Oxigraph: its named graphs, and their RDF merge as default graph.

    (pyoxigraph 0.5's use_default_graph_as_union counts a triple once per graph that holds
    it, oxigraph/oxigraph#1919, so the merge is loaded as the default graph instead.)
    """
    pyoxigraph = pytest.importorskip("pyoxigraph")
    merge = kg.union()
    path = tmp_path_factory.mktemp("export") / "bundled.nq"
    path.write_text(kg.serialize(format="nquads") + merge.serialize(format="nt"),
                    encoding="utf-8")
    store = pyoxigraph.Store()
    store.load(path=str(path), format=pyoxigraph.RdfFormat.N_QUADS)
    return store


def to_oxigraph(term: Identifier) -> Any:
    import pyoxigraph

    if isinstance(term, URIRef):
        return pyoxigraph.NamedNode(str(term))
    if isinstance(term, BNode):
        return pyoxigraph.BlankNode(str(term))
    assert isinstance(term, Literal)
    if term.language:
        return pyoxigraph.Literal(str(term), language=term.language)
    if term.datatype:
        return pyoxigraph.Literal(str(term), datatype=pyoxigraph.NamedNode(str(term.datatype)))
    return pyoxigraph.Literal(str(term))


def test_every_golden_file_belongs_to_a_query() -> None:
    names = {p.stem for p in QUERY_FILES}
    strays = sorted(p.name for p in GOLDEN_DIR.glob("*") if p.stem not in names)
    assert not strays, f"golden answers of no query: {strays}; {FIX}"


def assert_golden(result: QueryResult, query: LibraryQuery) -> None:
    """``result`` is the golden answer to ``query``."""
    golden = GOLDEN_DIR / f"{query.name}{'.ttl' if result.graph is not None else '.json'}"
    assert golden.is_file(), f"no golden answer {golden.relative_to(GOLDEN_DIR.parent)}; {FIX}"
    expected = golden.read_text(encoding="utf-8")
    if result.graph is not None:
        same = isomorphic(Graph().parse(data=expected, format="turtle"), result.graph)
        assert same, f"{query.name}: the graph differs from {golden.name}; {FIX}"
        return
    got = comparable(json.loads(render(result, "json")), query, result.ordered)
    assert got == comparable(json.loads(expected), query, result.ordered), \
        f"{query.name}: the answer differs from {golden.name}; {FIX}"


@pytest.mark.parametrize("path", QUERY_FILES, ids=[p.stem for p in QUERY_FILES])
def test_golden_answer(library_answers: dict[str, QueryResult], path: Path) -> None:
    query = parse_query_file(path)
    assert_golden(library_answers[query.name], query)


@pytest.mark.parametrize("path", QUERY_FILES, ids=[p.stem for p in QUERY_FILES])
def test_no_answer_repeats_a_row(library_answers: dict[str, QueryResult], path: Path) -> None:
    """A node typed twice (a lightning talk is a ds:Talk in one source) must not count twice."""
    rows = [tuple(sorted(b.items())) for b in library_answers[path.stem].bindings]
    assert len(rows) == len(set(rows)), f"{path.stem} answers some rows more than once"


@pytest.mark.interop
@pytest.mark.parametrize("path", QUERY_FILES, ids=[p.stem for p in QUERY_FILES])
def test_oxigraph_gives_the_same_answer(kg: KnowledgeGraph, library_answers: dict[str, QueryResult],
                                        oxigraph_store: Any, path: Path) -> None:
    import pyoxigraph

    query = parse_query_file(path)
    parsed = parse(query.text, query.name)
    if parsed.algebra.name not in ("SelectQuery", "AskQuery"):
        pytest.skip("CONSTRUCT and DESCRIBE answers are compared with their golden graph only")
    result = library_answers[query.name]
    terms = initial_bindings(kg, query.params, parsed, {}, query.name)
    answer = oxigraph_store.query(
        query.text,
        substitutions={pyoxigraph.Variable(k): to_oxigraph(v) for k, v in terms.items()})
    if isinstance(answer, pyoxigraph.QueryBoolean):
        theirs: dict[str, Any] = {"head": {}, "boolean": bool(answer)}
    else:
        theirs = json.loads(answer.serialize(format=pyoxigraph.QueryResultsFormat.JSON))
    ours = json.loads(render(result, "json"))
    assert comparable(theirs, query, result.ordered) == comparable(ours, query, result.ordered)
