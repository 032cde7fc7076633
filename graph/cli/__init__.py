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

COMMAND_MODULES = (
    "build",
    "validate",
    "export",
    "stats",
    "query",
    "project",
    "draw",
    "analyze",
    "import_archive",
    "serve",
)


def build_parser() -> argparse.ArgumentParser:
    """The full parser, with every command registered."""
    parser = argparse.ArgumentParser(
        prog="dotscale",
        description="A knowledge graph of dotScale talks and the technologies they discuss.",
        epilog="Run 'dotscale COMMAND --help' for a command's options and examples.",
    )
    parser.add_argument("--version", action="version", version=f"dotscale {__version__}")
    subcommands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(f"{__name__}.{name}").register(subcommands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the process exit code."""
    args = build_parser().parse_args(argv)
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
