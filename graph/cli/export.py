"""``dotscale export``: the whole graph in an RDF format."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..exporting.serialize import FORMATS, export
from .options import add_command, add_graph_options, open_graph
from .output import emit, format_for_out

if TYPE_CHECKING:
    from .options import Subcommands

EXAMPLES = """\
  dotscale export --format ttl > dotscale.ttl
  dotscale export --out dotscale.nt                     # the format from the suffix
  dotscale export --format trig --out dotscale.trig     # one named graph per source
  dotscale export --format xml --out dotscale.rdf       # for Protege
  dotscale export --format schemaorg --out talks.jsonld  # schema.org terms only, for the web

Without --format, the format comes from the --out suffix (.ttl, .nt, .jsonld, .rdf, .trig),
else Turtle; a suffix of another format than --format is refused.
"""

# each format's suffix, the plain one first where two share it (.jsonld: jsonld, schemaorg)
SUFFIXES = {name: fmt.suffix
            for name, fmt in sorted(FORMATS.items(), key=lambda item: bool(item[1].variant))}


def run(args: argparse.Namespace) -> int:
    fmt = format_for_out(args.out, args.format, SUFFIXES, "ttl")
    data = export(open_graph(args), fmt)
    emit(data, args.out)
    if args.out is not None:
        print(f"dotscale: wrote {args.out} ({len(data):,} bytes)", file=sys.stderr)
    return 0


def register(subcommands: Subcommands) -> None:
    parser = add_command(subcommands, "export",
                         "Write the whole graph as Turtle, N-Triples, JSON-LD, RDF/XML or TriG, "
                         "or as schema.org-only JSON-LD.",
                         EXAMPLES)
    add_graph_options(parser)
    parser.add_argument("--format", choices=list(FORMATS),
                        help="output format (default: from the --out suffix, else ttl)")
    parser.add_argument("--out", type=Path, metavar="FILE",
                        help="write to FILE atomically instead of stdout")
    parser.set_defaults(handler=run)
