"""Options shared by the commands that read the graph, and the function that opens it."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..loading.loader import load
from ..loading.store import DEFAULT_STORE, KnowledgeGraph

STORE_HELP = (
    "where the graph is held: oxigraph (the default), Oxigraph in memory; memory, rdflib in "
    "memory; oxigraph:PATH, an Oxigraph store on disk, kept between runs; or sparql:URL, a SPARQL "
    "1.1 server: an Oxigraph server's base URL (URL/query, URL/update, URL/store), or "
    "QUERY_URL,UPDATE_URL,GSP_URL for another server. On oxigraph:PATH and sparql stores the "
    "bundled graph and each --data file are loaded into their named graphs, replacing what "
    "those graphs held (never duplicating it), unless they hold that very file already; the "
    "store's other graphs stay and are queried too"
)


def add_graph_options(parser: argparse.ArgumentParser) -> None:
    """``--data FILE`` (repeatable), ``--no-bundled`` and ``--store``."""
    group = parser.add_argument_group("graph")
    group.add_argument("--data", metavar="FILE", type=Path, action="append", default=[],
                       help="an extra RDF file to load beside the bundled graph (repeatable)")
    group.add_argument("--no-bundled", dest="bundled", action="store_false",
                       help="leave out the bundled graph: only the --data files")
    group.add_argument("--store", default=DEFAULT_STORE, metavar="SPEC", help=STORE_HELP)


def open_graph(args: argparse.Namespace) -> KnowledgeGraph:
    """Load the graph the shared options describe."""
    return load(data=args.data, store=args.store, bundled=args.bundled)


def add_command(subcommands: argparse._SubParsersAction[argparse.ArgumentParser], name: str,
                summary: str, examples: str) -> argparse.ArgumentParser:
    """Add a sub-command whose help ends with its examples."""
    return subcommands.add_parser(
        name, help=summary, description=summary, epilog="examples:\n" + examples,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
