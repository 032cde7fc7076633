"""``dotscale export``: the whole graph in an RDF format."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..exporting.serialize import FORMATS, export
from .options import add_command, add_graph_options, open_graph

EXAMPLES = """\
  dotscale export --format ttl > dotscale.ttl
  dotscale export --format trig --out dotscale.trig     # one named graph per source
  dotscale export --format xml --out dotscale.rdf       # for Protege
  dotscale export --format schemaorg --out talks.jsonld  # schema.org terms only, for the web
"""


def run(args: argparse.Namespace) -> int:
    data = export(open_graph(args), args.format, args.out)
    if args.out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        print(f"dotscale: wrote {args.out} ({len(data):,} bytes)", file=sys.stderr)
    return 0


def register(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = add_command(subcommands, "export",
                         "Write the whole graph as Turtle, N-Triples, JSON-LD, RDF/XML or TriG, "
                         "or as schema.org-only JSON-LD.",
                         EXAMPLES)
    add_graph_options(parser)
    parser.add_argument("--format", choices=list(FORMATS), default="ttl",
                        help="output format (default: ttl)")
    parser.add_argument("--out", type=Path, metavar="FILE",
                        help="write to FILE atomically instead of stdout")
    parser.set_defaults(handler=run)
