"""``dotscale analyze``: central nodes, components and communities of a projection."""

from __future__ import annotations

import argparse
import sys

from .options import add_command, add_graph_options, open_graph
from .project import add_projection_options, count

EXAMPLES = """\
  dotscale analyze graph-overview
  dotscale analyze graph-technology-co-mention --top 5
  dotscale analyze graph-speaker-technology --format json
  dotscale analyze graph-overview --around Docker --hops 2

Centralities are computed on the undirected graph under the projection; communities are
found with the Louvain method (fixed seed, so the answer never changes), using edge weights.
"""


def run(args: argparse.Namespace) -> int:
    from ..drawing.analysis import analyze, to_json, to_table
    from ..drawing.projection import project

    graph = project(open_graph(args), args.name, around=args.around, hops=args.hops)
    analysis = analyze(graph, top=args.top)
    text = to_json(analysis) if args.format == "json" else to_table(analysis) + "\n"
    sys.stdout.write(text)
    return 0


def register(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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
