"""Options shared by the commands that read the graph, and the function that opens it.

The graph options (``--data``, ``--no-bundled``, ``--store``) are declared here once. They
belong to each command, and may also be written before it (``dotscale --store oxigraph:db
query program``): :func:`options_after_command` moves them where the command reads them.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

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

if TYPE_CHECKING:
    Subcommands: TypeAlias = argparse._SubParsersAction[argparse.ArgumentParser]


def add_graph_options(parser: argparse.ArgumentParser, *, bundled: bool = True,
                      files: bool = False) -> None:
    """``--data FILE`` (repeatable), ``--no-bundled`` (unless ``bundled`` is false) and
    ``--store``; with ``files``, data files may also be given as positional arguments."""
    group = parser.add_argument_group("graph")
    if files:
        group.add_argument("files", nargs="*", type=Path, metavar="FILE",
                           help="an RDF file to load beside the bundled graph, as --data FILE")
    group.add_argument("--data", metavar="FILE", type=Path, action="append", default=[],
                       help="an extra RDF file to load beside the bundled graph (repeatable)")
    if bundled:
        group.add_argument("--no-bundled", dest="bundled", action="store_false",
                           help="leave out the bundled graph: only the --data files")
    group.add_argument("--store", default=DEFAULT_STORE, metavar="SPEC", help=STORE_HELP)


def _graph_option_arity() -> dict[str, int]:
    """Each graph option and how many values follow it."""
    parser = argparse.ArgumentParser(add_help=False)
    add_graph_options(parser)
    return {name: 0 if action.nargs == 0 else 1
            for action in parser._actions for name in action.option_strings}


def options_after_command(argv: Sequence[str], commands: Sequence[str]) -> list[str]:
    """``argv`` with the graph options written before the command moved just after it.

    >>> options_after_command(["--store", "memory", "query", "program"], ["query"])
    ['query', '--store', 'memory', 'program']
    >>> options_after_command(["--data=x.ttl", "--no-bundled", "stats"], ["stats"])
    ['stats', '--data=x.ttl', '--no-bundled']
    """
    arity = _graph_option_arity()
    moved: list[str] = []
    index = 0
    while index < len(argv):
        name = argv[index].partition("=")[0]
        if argv[index] in commands:
            return [argv[index], *moved, *argv[index + 1:]]
        if name not in arity:
            break
        takes = 0 if "=" in argv[index] else arity[name]
        moved += argv[index:index + 1 + takes]
        index += 1 + takes
    return list(argv)


def open_graph(args: argparse.Namespace) -> KnowledgeGraph:
    """Load the graph the shared options describe."""
    return load(data=[*getattr(args, "files", []), *args.data], store=args.store,
                bundled=getattr(args, "bundled", True))


def count(minimum: int) -> Callable[[str], int]:
    """An argparse type: a whole number of at least ``minimum``."""

    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
        if number < minimum:
            raise argparse.ArgumentTypeError(f"must be {minimum} or more, not {number}")
        return number

    return parse


def add_command(subcommands: Subcommands, name: str, summary: str,
                examples: str) -> argparse.ArgumentParser:
    """Add a sub-command whose help ends with its examples."""
    return subcommands.add_parser(
        name, help=summary, description=summary, epilog="examples:\n" + examples,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
