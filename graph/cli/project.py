"""``dotscale project``: write a projection for Gephi, Cytoscape, D3 or any edge-list tool."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..drawing.projection import FORMATS
from ..errors import UsageError
from .options import add_command, add_graph_options, count, open_graph
from .output import emit

if TYPE_CHECKING:
    import networkx as nx

    from .options import Subcommands

EXAMPLES = """\
  dotscale project graph-speaker-technology --out speakers.gexf     # for Gephi
  dotscale project graph-overview --format graphml --out overview.graphml   # for Cytoscape
  dotscale project graph-technology-co-mention --format json > co-mention.json   # for D3
  dotscale project graph-overview --around Redis --hops 2 --format edgelist
  dotscale project my-projection.rq --out mine.graphml

A projection is a library query whose header has a '# projection:' line ('dotscale queries'
lists them, and 'dotscale queries graph-overview' shows one); a .rq file of your own works the
same way. Without --format, the format comes from the --out suffix, else GraphML. The edge
list holds the edges and their attributes only; its IRIs contain '#', so read it with
networkx.read_edgelist(path, comments=None).
"""


def add_projection_options(parser: argparse.ArgumentParser) -> None:
    """NAME, ``--around`` and ``--hops``: which projection, and which part of it."""
    parser.add_argument("name", metavar="NAME|FILE",
                        help="a projection of the query library, or a .rq file with a "
                             "'# projection:' header")
    parser.add_argument("--around", metavar="NODE",
                        help="keep only the nodes near this one (a name or an IRI)")
    parser.add_argument("--hops", type=count(0), metavar="N",
                        help="with --around: how many edges away, either direction (default: 1)")


def hops(args: argparse.Namespace) -> int:
    """The --hops asked for (default 1); refused without --around."""
    if args.hops is not None and args.around is None:
        raise UsageError("--hops needs --around NODE: the hops are counted from that node")
    return 1 if args.hops is None else int(args.hops)


def project_args(args: argparse.Namespace) -> nx.Graph:
    """The projection (or its part around a node) that NAME, --around and --hops ask for."""
    from ..drawing.projection import project

    distance = hops(args)
    return project(open_graph(args), args.name, around=args.around, hops=distance)


def run(args: argparse.Namespace) -> int:
    from ..drawing.projection import format_for, serialize

    graph = project_args(args)
    emit(serialize(graph, format_for(args.out, args.format)), args.out)
    if args.out is not None:
        print(f"dotscale: wrote {graph.number_of_nodes():,} nodes and "
              f"{graph.number_of_edges():,} edges to {args.out}", file=sys.stderr)
    return 0


def register(subcommands: Subcommands) -> None:
    parser = add_command(subcommands, "project",
                         "Write a projection (a graph made by a SPARQL query) as GraphML, GEXF, "
                         "node-link JSON or an edge list.", EXAMPLES)
    add_projection_options(parser)
    parser.add_argument("--format", choices=list(FORMATS),
                        help="graphml (Cytoscape), gexf (Gephi), json (D3 node-link) or "
                             "edgelist (default: from the --out suffix, else graphml)")
    parser.add_argument("--out", type=Path, metavar="FILE",
                        help="write to FILE, atomically (default: standard output)")
    add_graph_options(parser)
    parser.set_defaults(handler=run)
