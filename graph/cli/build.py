"""``dotscale build``: the main job."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ValidationError
from ..pipeline import build
from .options import add_command, add_graph_options

if TYPE_CHECKING:
    from .options import Subcommands

EXAMPLES = """\
  dotscale build                    # writes out/
  dotscale build --out site/data --data extra-talks.ttl
  dotscale build --store oxigraph:graph.db     # the graph kept on disk, queried by Oxigraph
"""


def run(args: argparse.Namespace) -> int:
    try:
        report = build(args.out, data=args.data, store=args.store)
    except ValidationError as error:
        print(error.report, file=sys.stderr)
        raise
    print(f"dotscale: built {report.triples:,} triples into {report.out_dir} "
          f"({len(report.files)} files) in {report.seconds:.1f} s", file=sys.stderr)
    return 0


def register(subcommands: Subcommands) -> None:
    parser = add_command(subcommands, "build",
                         "Load, validate and write every export into an output folder.", EXAMPLES)
    parser.add_argument("--out", type=Path, default=Path("out"), metavar="DIR",
                        help="output folder, replaced as a whole on success (default: out)")
    add_graph_options(parser, bundled=False)
    parser.set_defaults(handler=run)
