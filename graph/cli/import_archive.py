"""``dotscale import thedotpost PATH``: a checkout of the organizers' archive as Turtle."""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..exporting.serialize import serialize_graph
from ..importing.thedotpost import import_archive
from ..util.progress import Progress
from .options import add_command, add_graph_options, open_graph
from .output import emit

if TYPE_CHECKING:
    from .options import Subcommands

EXAMPLES = """\
  dotscale import thedotpost thedotpost-content --out thedotpost.ttl
  dotscale import thedotpost graph/data/thedotpost --no-bundled | less

thedotpost-content is a checkout of the archive:
git clone https://github.com/thedotpost/thedotpost-content
"""

SOURCES = ("thedotpost",)


def run(args: argparse.Namespace) -> int:
    known = open_graph(args)
    with contextlib.ExitStack() as stack:
        bar: Progress | None = None

        def show(done: int, total: int, path: Path) -> None:
            nonlocal bar
            if bar is None:
                bar = stack.enter_context(Progress(total))
            bar.step(path.name)

        result = import_archive(args.path, known=known, progress=show)
    emit(serialize_graph(result.graph, "ttl"), args.out)
    for skipped in result.skipped:
        print(f"dotscale: skipped {skipped.path}: {skipped}", file=sys.stderr)
    for ignored in result.ignored:
        print(f"dotscale: ignored in {ignored.path}: {ignored}", file=sys.stderr)
    print(f"dotscale: {result.summary()}", file=sys.stderr)
    return 0


def register(subcommands: Subcommands) -> None:
    parser = add_command(
        subcommands, "import",
        "Import a source archive as Turtle (the triples of its named graph). Names are matched "
        "against the graph loaded by --data/--no-bundled; records that cannot be imported are "
        "reported on stderr and left out.",
        EXAMPLES)
    parser.add_argument("source", choices=SOURCES,
                        help="the kind of archive: thedotpost (the organizers' content archive)")
    parser.add_argument("path", type=Path, metavar="PATH", help="the archive's folder")
    parser.add_argument("--out", type=Path, metavar="FILE",
                        help="write to FILE atomically instead of stdout")
    add_graph_options(parser)
    parser.set_defaults(handler=run)
