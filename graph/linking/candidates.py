"""Names in talk titles and summaries that look like technologies but are not in the vocabulary.

A list for a person to curate, never new nodes: a word written like a product name (CamelCase
"WebVim", "GopherJS"; a ``.js`` or ``.io`` name; an acronym of three letters or more), or in a
summary a run of capitalized words inside a sentence ("written with Pug"), that is
neither a name of the vocabulary nor a name the graph already gives something (a person, an
organization, a place, a topic).

>>> from rdflib import URIRef
>>> from .vocabulary import bundled_vocabulary
>>> talk = TalkText(URIRef("t"), title="WebVim: a Vim for the web",
...                 summary="Ann compares GopherJS with Pug and React. Ann likes it.")
>>> [(c.name, c.talks) for c in candidate_names([talk], bundled_vocabulary(), known={"ann"})]
[('GopherJS', 1), ('Pug', 1), ('WebVim', 1)]
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from rdflib import Graph
from rdflib.namespace import RDF, RDFS, SKOS

from ..namespaces import DS, SCHEMA
from .technologies import name_spans
from .text import TalkText, segments
from .vocabulary import Vocabulary, name_key

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[.-][A-Za-z0-9]+)*")
_PRODUCT = re.compile(r".*[a-z][A-Z].*|.+\.(?:js|io)|[A-Z][A-Z0-9]{2,}")
_FIELDS = ("title", "subtitle", "summary")


@dataclass(frozen=True)
class Candidate:
    """A name that may be a technology, and in how many talks it was seen."""

    name: str
    talks: int


_NAMED = (DS.Person, DS.Organization, DS.Conference, DS.ConferenceSeries, DS.Topic,
          SCHEMA.Place, SCHEMA.City)


def known_names(graph: Graph) -> set[str]:
    """The keys (:func:`~.vocabulary.name_key`) of the names ``graph`` gives people,
    organizations, conferences, places and topics, and of each word of them (a first name)."""
    keys = set()
    for cls in _NAMED:
        for node in graph.subjects(RDF.type, cls):
            for prop in (RDFS.label, SKOS.altLabel):
                for name in graph.objects(node, prop):
                    keys.add(name_key(str(name)))
                    keys.update(name_key(word) for word in str(name).split())
    return keys


def _runs(text: str, runs: bool) -> Iterable[str]:
    """The product-like words of ``text`` and, if ``runs``, its capitalized runs."""
    words = list(_WORD.finditer(text))
    run: list[str] = []
    for number, match in enumerate(words):
        word = match.group()
        if _PRODUCT.fullmatch(word):
            yield word
        starts_sentence = number == 0 or \
            text[:match.start()].rstrip().endswith((".", ":", "!", "?"))
        if runs and word[0].isupper() and len(word) > 2 and not starts_sentence \
                and not _PRODUCT.fullmatch(word):
            run.append(word)
            continue
        if run:
            yield " ".join(run)
            run = []
    if run:
        yield " ".join(run)


def candidate_names(talks: Iterable[TalkText], vocabulary: Vocabulary, *,
                    known: Collection[str] = ()) -> list[Candidate]:
    """The candidates of the titles and summaries of ``talks``, most talks first, then by name.
    ``known`` are name keys to leave out (see :func:`known_names`)."""
    seen: dict[str, set[object]] = {}
    for talk in talks:
        for segment in segments(talk):
            if segment.field not in _FIELDS:
                continue
            text = segment.text
            for start, end in name_spans(segment, vocabulary):  # known names: not candidates
                text = text[:start] + "," + " " * (end - start - 1) + text[end:]
            runs = segment.field == "summary" and not segment.title_case
            for name in _runs(text, runs):
                key = name_key(name)
                if vocabulary.knows(key) or key in known or vocabulary.knows(key.rstrip("s")):
                    continue
                seen.setdefault(name, set()).add(talk.node)
    return sorted((Candidate(name, len(nodes)) for name, nodes in seen.items()),
                  key=lambda c: (-c.talks, c.name))
