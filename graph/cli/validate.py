"""``dotscale validate``: check the graph against the SHACL shapes."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..util.progress import Progress
from ..util.resources import SHAPES_FILE
from ..validating.shacl import validate
from .options import add_command, add_graph_options, open_graph

if TYPE_CHECKING:
    from .options import Subcommands

EXAMPLES = """\
  dotscale validate
  dotscale validate my-talks.ttl                 # the same as --data my-talks.ttl
  dotscale validate --data my-talks.ttl
  dotscale validate --no-bundled --data my-talks.ttl --shapes my-shapes.ttl
"""


def run(args: argparse.Namespace) -> int:
    with Progress(2) as progress:
        progress.step("loading")
        kg = open_graph(args)
        with progress.stage("validating"):
            violations = validate(kg, shapes=args.shapes)
    errors = [v for v in violations if v.severity == "Violation"]
    for violation in violations:  # the report is the command's data: stdout
        print(violation)
    if errors:
        print(f"dotscale: error: {len(errors)} SHACL violation(s)", file=sys.stderr)
        return 1
    print(f"dotscale: the graph conforms to the shapes ({len(kg):,} triples)", file=sys.stderr)
    return 0


def register(subcommands: Subcommands) -> None:
    parser = add_command(subcommands, "validate",
                         "Check the graph against the SHACL shapes; exit 1 on a violation.",
                         EXAMPLES)
    add_graph_options(parser, files=True)
    parser.add_argument("--shapes", type=Path, default=SHAPES_FILE, metavar="FILE",
                        help="SHACL shapes to validate against (default: the bundled shapes)")
    parser.set_defaults(handler=run)
