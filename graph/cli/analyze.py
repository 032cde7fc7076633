"""``dotscale analyze``: central nodes, components and communities of a projection."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from .options import add_command, add_graph_options, count
from .project import add_projection_options, project_args

if TYPE_CHECKING:
    from .options import Subcommands

EXAMPLES = """\
  dotscale analyze graph-overview
  dotscale analyze graph-technology-co-mention --top 5
  dotscale analyze graph-speaker-technology --format json
  dotscale analyze graph-overview --around Redis --hops 2

Centralities are computed on the undirected graph under the projection; communities are
found with the Louvain method (fixed seed, so the answer never changes), using edge weights.
"""


def run(args: argparse.Namespace) -> int:
    from ..drawing.analysis import analyze, to_json, to_table

    analysis = analyze(project_args(args), top=args.top)
    text = to_json(analysis) if args.format == "json" else to_table(analysis) + "\n"
    sys.stdout.write(text)
    return 0


def register(subcommands: Subcommands) -> None:
    parser = add_command(subcommands, "analyze",
                         "Find a projection's most central nodes, its connected components "
                         "and its communities.", EXAMPLES)
    add_projection_options(parser)
    parser.add_argument("--format", choices=["table", "json"], default="table",
                        help="output format (default: table)")
    parser.add_argument("--top", type=count(1), default=10, metavar="N",
                        help="how many nodes each centrality ranking lists (default: 10)")
    add_graph_options(parser)
    parser.set_defaults(handler=run)
