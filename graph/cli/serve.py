"""``dotscale serve``: the graph on the web (SPARQL endpoint, pages, query API, explorer)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from ..errors import UsageError
from ..serving.limits import Limits
from .options import add_command, add_graph_options, count, open_graph

if TYPE_CHECKING:
    from .options import Subcommands

EXAMPLES = """\
  dotscale serve                                   # http://127.0.0.1:8000/ until Ctrl-C
  dotscale serve --port 8123 --store oxigraph:dotscale.oxigraph
  curl -H 'Accept: text/csv' 'http://127.0.0.1:8000/sparql?query=ASK%7B?s?p?o%7D'
  curl -H 'Accept: text/turtle' http://127.0.0.1:8000/id/technology/redis
  curl 'http://127.0.0.1:8000/queries/talks-about?tech=Kafka&format=csv'

Read-only: updates are refused, and so are SERVICE and FROM of graphs that are not loaded.
Each query gets --timeout seconds and may answer --max-results rows; at most --concurrent run at
once. Needs the web extra: pip install 'dotscale-graph[web]'.
"""


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be more than 0, not {text}")
    return value


def run_serve(args: argparse.Namespace) -> int:
    """Handler of ``dotscale serve``."""
    from ..serving import serve

    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port {args.port}: expected 0 to 65535")
    limits = Limits(timeout=args.timeout, max_results=args.max_results,
                    concurrent=args.concurrent)
    kg = open_graph(args)
    print(f"dotscale: serving the graph on http://{args.host}:{args.port}/ "
          "(Ctrl-C stops)", file=sys.stderr, flush=True)
    serve(kg, host=args.host, port=args.port, limits=limits)
    return 0


def register(subcommands: Subcommands) -> None:
    """Add ``serve``."""
    defaults = Limits()
    parser = add_command(subcommands, "serve",
                         "serve the graph on the web: SPARQL endpoint, pages, explorer",
                         EXAMPLES)
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on "
                        "(default: 127.0.0.1, this machine only)")
    parser.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    parser.add_argument("--timeout", type=_seconds, default=defaults.timeout,
                        metavar="SECONDS", help="time limit of one query "
                        f"(default: {defaults.timeout:g})")
    parser.add_argument("--max-results", type=count(1), default=defaults.max_results,
                        metavar="N", help="most rows or triples one answer may have "
                        f"(default: {defaults.max_results})")
    parser.add_argument("--concurrent", type=count(1), default=defaults.concurrent,
                        metavar="N", help="queries evaluated at once "
                        f"(default: {defaults.concurrent})")
    add_graph_options(parser)
    parser.set_defaults(handler=run_serve)
