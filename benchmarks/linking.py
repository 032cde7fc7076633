"""Precision, recall and speed of the technology linker on an archive and its hand annotation.

By default: the bundled archive (``graph/data/thedotpost``) against the annotation of its
talks (``tests/data/technologies-by-talk.tsv``). Prints precision and recall on (talk,
technology) pairs and, strictly, with the relation (about or mentions); then every link that
differs from the annotation, with the words that made it; then the time it took.

Run it as ``python -m benchmarks.linking [ARCHIVE] [--annotation FILE]``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from graph.errors import DotscaleError
from graph.importing.thedotpost import import_archive
from graph.linking.quality import judgements, read_annotation, score
from graph.linking.technologies import link_talks
from graph.linking.vocabulary import bundled_vocabulary
from graph.util.columns import aligned
from graph.util.resources import ARCHIVE_DIR

ANNOTATION = Path(__file__).resolve().parent.parent / "tests/data/technologies-by-talk.tsv"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.linking", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("archive", nargs="?", type=Path, default=ARCHIVE_DIR)
    parser.add_argument("--annotation", type=Path, default=ANNOTATION)
    args = parser.parse_args(argv)
    try:
        talks, expected = read_annotation(args.annotation)
        started = time.perf_counter()
        vocabulary = bundled_vocabulary()
        loaded = time.perf_counter()
        imported = import_archive(args.archive)
        texts = [text for text in imported.texts
                 if str(text.node).rsplit("/talk/", 1)[-1] in talks]
        linked = time.perf_counter()
        links = link_talks(texts, vocabulary)
        done = time.perf_counter()
    except DotscaleError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    found = judgements(links)
    result = score(expected, found)
    print(f"{len(texts)} annotated talks of {imported.talks}, {len(vocabulary)} technologies")
    print("\n".join(aligned([
        ["", "precision", "recall", "links found", "links expected"],
        ["pairs (talk, technology)", f"{result.precision:.3f}", f"{result.recall:.3f}",
         str(result.found), str(result.expected)],
        ["with the relation", f"{result.precision_strict:.3f}", f"{result.recall_strict:.3f}",
         str(len(found)), str(len(expected))],
    ], right={1, 2, 3, 4})))
    evidence = {(str(link.talk).rsplit("/talk/", 1)[-1], str(link.technology).rsplit("/", 1)[-1]):
                link.evidence for link in links}
    for talk, tech, relation in sorted(found - expected):
        why = "; ".join(f"{e.field}: {e.matched!r}" for e in evidence[(talk, tech)])
        print(f"found, not annotated: {talk} {tech} {relation} ({why})")
    for talk, tech, relation in sorted(expected - found):
        print(f"annotated, not found: {talk} {tech} {relation}")
    print(f"vocabulary read in {loaded - started:.2f} s, archive imported in "
          f"{linked - loaded:.2f} s, {len(texts)} talks linked in {done - linked:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
