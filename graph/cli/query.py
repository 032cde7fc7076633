"""``dotscale query``: run a SPARQL query; ``dotscale queries``: list the query library."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from typing import TYPE_CHECKING

from rdflib import Literal
from rdflib.term import Identifier

from ..errors import UsageError
from ..querying.answer import QueryResult
from ..querying.execute import run
from ..querying.library import LibraryQuery, all_queries, find, from_text, locate
from ..querying.results import GRAPH_FORMATS, TABLE_FORMATS, TableStyle, render
from .options import add_command, add_graph_options, open_graph
from .output import emit
from .timeout import add_timeout_option, time_limit

if TYPE_CHECKING:
    from .options import Subcommands

QUERY_EXAMPLES = """\
  dotscale queries                                  # the library: names, titles, parameters
  dotscale query program                            # the day's programme, in order
  dotscale query talks-about --bind tech=Kafka      # a parameter, by name
  dotscale query talks-about --bind tech=id:technology/apache-kafka   # ... or by IRI
  dotscale query technologies-by-kind --format csv > kinds.csv
  dotscale query -e 'SELECT ?t WHERE { ?t a ds:LightningTalk }'
  dotscale query ./my-question.rq --format json    # a file (a path, or a name ending .rq)
  echo 'ASK { ?t ds:mentions ?x }' | dotscale query -

Values given to --bind are names (matched against rdfs:label and skos:altLabel, ignoring
case), IRIs (<https://...>, or a project prefix: id:technology/redis), or literals when the
query declares the parameter a literal. SERVICE, and FROM naming a graph that is not loaded,
are refused unless --allow-network is given; updates (INSERT, DELETE, LOAD, CLEAR...) are
always refused.
"""

QUERIES_EXAMPLES = """\
  dotscale queries                   # every query of the library
  dotscale queries talks-about       # one query: its description, parameters and SPARQL text
  dotscale queries --format json    # the list as W3C SPARQL JSON results
"""


def _bindings(pairs: list[str]) -> dict[str, str]:
    bound: dict[str, str] = {}
    for pair in pairs:
        name, equals, value = pair.partition("=")
        if not equals or not name.strip():
            raise UsageError(f"--bind {pair!r}: expected NAME=VALUE")
        name = name.strip().removeprefix("?").removeprefix("$")
        if name in bound:
            raise UsageError(f"--bind {name}= is given twice ({bound[name]!r} and {value!r}): "
                             "a parameter has one value")
        bound[name] = value
    return bound


def _query_of(args: argparse.Namespace) -> LibraryQuery:
    if args.expression is not None:
        if args.query is not None:
            raise UsageError("give either a query (NAME, FILE or -) or -e SPARQL, not both")
        return from_text(args.expression, "-e")
    if args.query is None:
        raise UsageError("no query: give a library NAME (see 'dotscale queries'), a FILE, "
                            "- for stdin, or -e SPARQL")
    if args.query == "-":
        return from_text(sys.stdin.read(), "<stdin>")
    return locate(args.query)


def run_query(args: argparse.Namespace) -> int:
    """Handler of ``dotscale query``."""
    query = _query_of(args)
    bindings = _bindings(args.bind)
    with time_limit(args):
        kg = open_graph(args)
        result = run(kg, query, bindings=bindings, allow_network=args.allow_network,
                     timeout=args.timeout)
    emit(render(result, args.format, _style()), None)
    return 0


def _table_width() -> int:
    """The terminal's width (or $COLUMNS); piped output keeps whole values for other programs."""
    if sys.stdout.isatty() or "COLUMNS" in os.environ:
        return shutil.get_terminal_size().columns
    return sys.maxsize


def _style(nouns: tuple[str, str] = ("row", "rows"), whole: int = 0) -> TableStyle:
    return TableStyle(width=_table_width(), bold=sys.stdout.isatty(), nouns=nouns, whole=whole)


def _describe(query: LibraryQuery) -> str:
    lines = [f"{query.name}: {query.title}", "", query.description, ""]
    for param in query.params:
        default = f" (default: {param.default})" if param.default is not None else " (required)"
        lines.append(f"  --bind {param.name}=...  {param.description}{default}")
    for key, value in query.headers.items():
        lines.append(f"  {key}: {value}")
    return "\n".join(lines).rstrip() + f"\n\n# {query.path}\n{query.text}"


def list_queries(args: argparse.Namespace) -> int:
    """Handler of ``dotscale queries``."""
    if args.name:
        emit(_describe(find(args.name)), None)
        return 0
    rows: list[dict[str, Identifier]] = [{"name": Literal(q.name), "title": Literal(q.title),
             "parameters": Literal(" ".join(f"{p.name}={p.default or '?'}" for p in q.params))}
            for q in all_queries()]
    listing = QueryResult("SELECT", ["name", "title", "parameters"], rows)
    emit(render(listing, args.format, _style(("query", "queries"), whole=1)), None)
    return 0


def register(subcommands: Subcommands) -> None:
    """Add ``query`` and ``queries``."""
    parser = add_command(subcommands, "query", "run a SPARQL query on the graph", QUERY_EXAMPLES)
    parser.add_argument("query", nargs="?", metavar="NAME|FILE|-",
                        help="a library query name (see 'dotscale queries'), a .rq file, or - "
                             "to read the query from stdin")
    parser.add_argument("-e", "--expression", metavar="SPARQL",
                        help="the query text itself (the project prefixes need no PREFIX line)")
    parser.add_argument("--bind", metavar="NAME=VALUE", action="append", default=[],
                        help="give a parameter a value (repeatable): a name, an IRI or a literal")
    parser.add_argument("--format", choices=TABLE_FORMATS + GRAPH_FORMATS,
                        help="table (default), csv, tsv, json or xml for SELECT/ASK; "
                             "ttl (default), nt or jsonld for CONSTRUCT/DESCRIBE")
    parser.add_argument("--allow-network", action="store_true",
                        help="let SERVICE and FROM fetch from the network")
    add_timeout_option(parser)
    add_graph_options(parser)
    parser.set_defaults(handler=run_query)

    listing = add_command(subcommands, "queries", "list the query library", QUERIES_EXAMPLES)
    listing.add_argument("name", nargs="?", metavar="NAME", help="show this query in full")
    listing.add_argument("--format", choices=TABLE_FORMATS, help="table (default), csv, ...")
    listing.set_defaults(handler=list_queries)
