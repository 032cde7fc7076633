"""The ``dotscale`` command line: a thin shell over the Python API.

Each command lives in its own module of this package with a ``register(subcommands)`` function
that adds an argparse sub-parser whose ``handler`` default runs the command and returns an exit
code. Data goes to stdout, messages (warnings among them) to stderr; exit 0 ok, 1 user error,
2 usage error.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn, TextIO

from .. import __version__
from ..errors import DotscaleError, DotscaleWarning
from ..querying.spelling import command_line
from .options import options_after_command

COMMANDS = {
    "build": "build",
    "validate": "validate",
    "export": "export",
    "stats": "stats",
    "query": "query",
    "queries": "query",
    "project": "project",
    "draw": "draw",
    "analyze": "analyze",
    "import": "import_archive",
    "serve": "serve",
}
"""Each command, with the module that registers it."""
COMMAND_MODULES = tuple(dict.fromkeys(COMMANDS.values()))

RDF_SUFFIXES = (".ttl", ".nt", ".nq", ".trig", ".rdf", ".owl", ".xml", ".jsonld", ".json")


class Parser(argparse.ArgumentParser):
    """An argument parser whose error for a stray RDF file says how to load it."""

    def error(self, message: str) -> NoReturn:
        unrecognized = "unrecognized arguments: "
        files = [arg for arg in message.removeprefix(unrecognized).split()
                 if Path(arg).suffix.lower() in RDF_SUFFIXES]
        if message.startswith(unrecognized) and files:
            message += f" (to load a file, write {' '.join(f'--data {f}' for f in files)})"
        super().error(message)


def build_parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The parser for ``argv``: with only its command's module imported when ``argv`` names
    one (a command starts faster), else with every command registered (for the help).

    >>> build_parser(["stats"]).parse_args(["stats"]).handler.__module__
    'graph.cli.stats'
    """
    parser = Parser(
        prog="dotscale",
        description="A knowledge graph of dotScale talks and the technologies they discuss.",
        epilog="The graph options (--data, --no-bundled, --store) may also come before "
               "COMMAND. Run 'dotscale COMMAND --help' for a command's options and examples.",
    )
    parser.add_argument("--version", action="version", version=f"dotscale {__version__}")
    subcommands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)
    named = COMMANDS.get(argv[0]) if argv else None
    for module in [named] if named else COMMAND_MODULES:
        importlib.import_module(f"{__name__}.{module}").register(subcommands)
    return parser


def _show_warning(message: Warning | str, category: type[Warning], filename: str, lineno: int,
                  file: TextIO | None = None, line: str | None = None) -> None:
    if issubclass(category, DotscaleWarning):
        print(f"dotscale: warning: {message}", file=sys.stderr)
    else:
        sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the process exit code. Without arguments, print the help."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if not arguments:
        build_parser().print_help()
        return 0
    arguments = options_after_command(arguments, list(COMMANDS))
    args = build_parser(arguments).parse_args(arguments)
    try:
        with command_line(), warnings.catch_warnings():
            warnings.simplefilter("always", DotscaleWarning)
            warnings.showwarning = _show_warning
            code: int = args.handler(args)
    except DotscaleError as error:
        print(f"dotscale: error: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("dotscale: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (dotscale query ... | head)
        sys.stderr.close()
        return 0
    except OSError as error:  # a file the user named cannot be read or written
        where = f"{error.filename}: " if error.filename else ""
        print(f"dotscale: error: {where}{error.strerror or error}", file=sys.stderr)
        return 1
    return code
