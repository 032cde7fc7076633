"""``dotscale stats``: counts per named graph, class and property."""

from __future__ import annotations

import argparse
import dataclasses
import json
from typing import TYPE_CHECKING

from ..querying.stats import stats
from ..util.columns import aligned
from .options import add_command, add_graph_options, open_graph
from .timeout import add_timeout_option, time_limit

if TYPE_CHECKING:
    from .options import Subcommands

EXAMPLES = """\
  dotscale stats
  dotscale stats --format json
  dotscale stats my-talks.ttl --no-bundled       # a file of your own alone
"""


def _table(title: str, counts: dict[str, int]) -> list[str]:
    rows = [[title, "count"], *([name, f"{count:,}"] for name, count in counts.items())]
    return [*aligned(rows, right={1}), ""]


def run(args: argparse.Namespace) -> int:
    with time_limit(args):
        result = stats(open_graph(args), timeout=args.timeout)
    if args.format == "json":
        print(json.dumps(dataclasses.asdict(result), indent=2, ensure_ascii=False))
        return 0
    lines = [f"{result.triples:,} triples", ""]
    lines += _table("graph", result.graphs)
    lines += _table("class", result.classes)
    lines += _table("property", result.properties)
    print("\n".join(lines).rstrip())
    return 0


def register(subcommands: Subcommands) -> None:
    parser = add_command(subcommands, "stats",
                         "Count triples per named graph, instances per class, uses per property.",
                         EXAMPLES)
    add_graph_options(parser, files=True)
    parser.add_argument("--format", choices=["table", "json"], default="table",
                        help="output format (default: table)")
    add_timeout_option(parser)
    parser.set_defaults(handler=run)
