"""The canonical form of the hand-curated Turtle files (ontology, shapes, source data).

``python -m graph.exporting.canonical --write FILE...`` rewrites files into it (``scripts/format``);
without ``--write`` it lists the files that differ and exits 1.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from rdflib import Graph

from ..errors import DotscaleError
from ..loading.loader import parse_into, read_rdf_text
from ..util.atomic import write_bytes_atomic
from ..util.resources import DATA_DIR, ONTOLOGY_DIR
from .serialize import serialize_graph


def curated_turtle_files() -> list[Path]:
    """Every hand-written Turtle file the project ships."""
    return sorted([*ONTOLOGY_DIR.glob("*.ttl"), *DATA_DIR.glob("*.ttl")])


def canonical_turtle(path: Path) -> bytes:
    """``path`` re-serialized as sorted, prefixed longturtle with canonical blank nodes."""
    graph = Graph()
    parse_into(graph, path, read_rdf_text(path), "turtle")
    return serialize_graph(graph, "ttl")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m graph.exporting.canonical",
                                     description=__doc__)
    parser.add_argument("files", nargs="*", type=Path, help="default: every curated file")
    parser.add_argument("--write", action="store_true", help="rewrite files that differ")
    args = parser.parse_args(argv)
    differing = []
    try:
        for path in args.files or curated_turtle_files():
            canonical = canonical_turtle(path)
            if path.read_bytes() != canonical:
                differing.append(path)
                if args.write:
                    write_bytes_atomic(path, canonical)
    except DotscaleError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for path in differing:
        print(f"{'rewrote' if args.write else 'not canonical'}: {path}", file=sys.stderr)
    return 1 if differing and not args.write else 0


if __name__ == "__main__":
    sys.exit(main())
