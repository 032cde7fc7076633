"""The ``dotscale`` command line: a thin shell over the Python API.

Each command lives in its own module of this package with a ``register(subcommands)`` function
that adds an argparse sub-parser whose ``handler`` default runs the command and returns an exit
code. Data goes to stdout, messages to stderr; exit 0 ok, 1 user error, 2 usage error.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from .. import __version__
from ..errors import DotscaleError

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
}
"""Each command, with the module that registers it."""
COMMAND_MODULES = tuple(dict.fromkeys(COMMANDS.values()))


def build_parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The parser for ``argv``: with only its command's module imported when ``argv`` names
    one (a command starts faster), else with every command registered (for the help).

    >>> build_parser(["stats"]).parse_args(["stats"]).handler.__module__
    'graph.cli.stats'
    """
    parser = argparse.ArgumentParser(
        prog="dotscale",
        description="A knowledge graph of dotScale talks and the technologies they discuss.",
        epilog="Run 'dotscale COMMAND --help' for a command's options and examples.",
    )
    parser.add_argument("--version", action="version", version=f"dotscale {__version__}")
    subcommands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)
    named = COMMANDS.get(argv[0]) if argv else None
    for module in [named] if named else COMMAND_MODULES:
        importlib.import_module(f"{__name__}.{module}").register(subcommands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the process exit code."""
    arguments = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(arguments).parse_args(arguments)
    try:
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
