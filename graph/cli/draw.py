"""``dotscale draw``: a picture of a projection, as PNG, SVG or PDF."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..drawing.layout import LAYOUTS
from ..util.progress import Progress
from .options import add_command, add_graph_options, count, open_graph
from .project import add_projection_options, hops

if TYPE_CHECKING:
    from .options import Subcommands

EXAMPLES = """\
  dotscale draw graph-overview                               # writes graph-overview.png
  dotscale draw graph-speaker-technology --out speakers.svg
  dotscale draw graph-technology-co-mention --layout spring --out co-mention.pdf
  dotscale draw graph-overview --around Redis --hops 2
  dotscale draw graph-overview --top 40                      # the 40 most connected nodes

Bipartite projections are drawn in two columns, the others with a force-directed layout,
each connected component on its own. Above 200 nodes only the 200 most connected are drawn,
unless --top says otherwise. Labels never overlap: the picture grows until they fit.
"""


def run(args: argparse.Namespace) -> int:
    from ..drawing.projection import project
    from ..drawing.render import image_format, render, save

    out: Path = args.out or Path(f"{Path(args.name).stem}.png")
    image_format(out)  # a bad suffix fails before the graph is loaded
    distance = hops(args)
    with Progress(4) as progress:
        progress.step("loading")
        kg = open_graph(args)
        with progress.stage(f"projecting {args.name}"):
            graph = project(kg, args.name, around=args.around, hops=distance)
        with progress.stage(f"drawing {graph.number_of_nodes():,} nodes"):
            picture = render(graph, layout=args.layout, top=args.top)
        with progress.stage(f"writing {out}"):
            save(picture, out)
    if args.top is None and picture.shown < picture.total:
        print(f"dotscale: drew the {picture.shown:,} most connected of {picture.total:,} "
              "nodes; use --top to change", file=sys.stderr)
    print(f"dotscale: wrote {out}", file=sys.stderr)
    return 0


def register(subcommands: Subcommands) -> None:
    parser = add_command(subcommands, "draw",
                         "Draw a projection as a PNG, SVG or PDF picture.", EXAMPLES)
    add_projection_options(parser)
    parser.add_argument("--out", type=Path, metavar="FILE",
                        help="FILE.png, FILE.svg or FILE.pdf, written atomically "
                             "(default: NAME.png)")
    parser.add_argument("--layout", choices=LAYOUTS,
                        help="how to place the nodes (default: bipartite for bipartite "
                             "projections, else kamada-kawai, or spring above 300 nodes)")
    parser.add_argument("--top", type=count(1), metavar="N",
                        help="draw only the N most connected nodes")
    add_graph_options(parser)
    parser.set_defaults(handler=run)
