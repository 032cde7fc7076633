"""Linking talks to the technologies they are about or mention, from the words of the talk.

Every segment of a talk (:mod:`.text`) is scanned for the names of the vocabulary
(:mod:`.vocabulary`), longest name first, on word boundaries ("Go" is not in "GoCardless",
"C" is not "C++"). A name that is also an ordinary word (``ds:ambiguousName``: Go, Swift,
Spark, Express...) counts only when written with its own case and when the context says it is
the technology:

- a word around it that speaks of software (``language``, ``code``, ``database``,
  ``implementation``...), or a version number after it ("Go 1.5");
- another technology next to it in a list ("Go, Rust and C");
- in running text (not a title-cased heading, not the first word of a sentence), a name that is
  not one or two capitals ("C", "JS") nor part of a longer proper name ("Taylor Swift", "Backblaze
  Vault"): a capital letter inside a sentence marks a name;
- a tag that is the name itself;
- or the same technology named unmistakably elsewhere in the talk.

A word of a speaker's name is not a technology ("Ada shows..."). A technology named in the
title (or subtitle) is what the talk is ``about``; so is one named by a tag when the title names
none, and one the summary presents (its first words, after "about", or after "introduces",
"presents", "describes"). Any other is a ``mention``.

>>> from rdflib import URIRef
>>> from .vocabulary import bundled_vocabulary
>>> talk = TalkText(URIRef("t"), title="Why we love Go", summary="Go all the way: Ann "
...                 "presents Rust. She ports C code from Redis, not from Taylor Swift.")
>>> [(link.technology.rsplit("/", 1)[1], link.relation)
...  for link in link_talk(talk, bundled_vocabulary())]
[('c', 'mentions'), ('go', 'about'), ('redis', 'mentions'), ('rust', 'about')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from rdflib import URIRef

from .text import Segment, TalkText, segments
from .vocabulary import Name, Vocabulary

Relation = Literal["about", "mentions"]

#: Words that, within three words of an ambiguous name, say that it names a technology.
CUES = frozenset([
    "api", "apis", "app", "apps", "application", "applications", "binding", "bindings", "browser",
    "browsers", "cli", "client", "cluster", "clusters", "code", "codebase", "command", "compiler",
    "compiled", "container", "containers", "database", "databases", "db", "deployment",
    "developers", "driver", "ecosystem", "engine", "extension", "framework", "frameworks",
    "implementation", "implementations", "implemented", "interpreter", "kernel", "language",
    "languages", "libraries", "library", "module", "modules", "package", "packages", "plugin",
    "plugins", "port", "ported", "program", "programmer", "programmers", "programming",
    "programs", "protocol", "queries", "query", "release", "releases", "repository", "runtime",
    "script", "scripts", "sdk", "server", "servers", "service", "services", "source", "spec",
    "specification", "stack", "syntax", "tool", "tooling", "tools", "version", "versions",
    "written"
])
PRESENTING = frozenset([
    "introduces", "introducing", "presents", "presenting", "describes", "describing",
    "demonstrates", "unveils", "announces"
])
_ATOM = re.compile(r"\w+|[^\w\s]")
_NUMBER = re.compile(r"\d+(?:\.\d+)*[a-z]?")
_LIST_GAP = re.compile(r"\s*(?:[,/&+]|and|or)?\s*(?:and|or)?\s*", re.IGNORECASE)
_TITLE_FIELDS = ("title", "subtitle")
_EXCERPT = 60


@dataclass(frozen=True)
class Evidence:
    """Where a technology was named: the field, the words as written, the words around them."""

    field: str
    matched: str
    excerpt: str


@dataclass(frozen=True)
class Link:
    """A talk linked to a technology, and why."""

    talk: URIRef
    technology: URIRef
    relation: Relation
    evidence: tuple[Evidence, ...]


@dataclass
class _Occurrence:
    name: Name
    segment: Segment
    start: int  # character offsets in the segment's text
    end: int
    first: int  # index of its first and last atoms in the segment
    last: int
    accepted: bool = False

    @property
    def matched(self) -> str:
        return self.segment.text[self.start:self.end]


def _wordlike(name: str) -> bool:
    """A name that reads as a word in running text: not a letter or two of capitals (C, JS)."""
    return len(name) > 2 or (len(name) == 2 and not name.isupper())


def _capitalized(word: str) -> bool:
    """A word starting with a capital that is not an acronym (COW) or a one-letter word (I)."""
    return len(word) > 1 and word[0].isupper() and not word.isupper()


class _Segment:
    """One segment's atoms (words and single punctuation marks) and the names found in it."""

    def __init__(self, segment: Segment, vocabulary: Vocabulary) -> None:
        self.segment = segment
        self.atoms = [(m.start(), m.end(), m.group()) for m in _ATOM.finditer(segment.text)]
        self.found = list(self._scan(vocabulary))

    def _scan(self, vocabulary: Vocabulary) -> Iterable[_Occurrence]:
        atoms, i = self.atoms, 0
        while i < len(atoms):
            for last in range(min(len(atoms), i + vocabulary.longest) - 1, i - 1, -1):
                names = self._names_at(vocabulary, i, last)
                if names:
                    yield from (_Occurrence(n, self.segment, atoms[i][0], atoms[last][1], i, last)
                                for n in names)
                    i = last
                    break
            i += 1

    def _names_at(self, vocabulary: Vocabulary, first: int, last: int) -> list[Name]:
        text = self.segment.text
        start, end = self.atoms[first][0], self.atoms[last][1]
        before = text[start - 1] if start else " "
        after = text[end:end + 2] + "  "
        if before.isalnum() or before in "@_" or (after[0] in "+#" and text[end - 1].isalnum()):
            return []
        if after[0] == "." and after[1].isalpha():
            return []  # a host or file name: gocardless.com, index.js
        span = text[start:end]
        names = [n for n in vocabulary.names_for(span) if n.written_as(span)]
        if not names and span.endswith("s") and len(self.atoms[last][2]) > 3:
            names = [n for n in vocabulary.names_for(span[:-1])
                     if not n.case_sensitive]  # a plural: "Merkle links", "B-trees"
        return names

    def words(self) -> list[tuple[int, str]]:
        """The indexes and text of the word atoms (not the "s" of a possessive)."""
        return [(k, a[2]) for k, a in enumerate(self.atoms)
                if a[2][0].isalnum() and not (a[2] == "s" and k and self.atoms[k - 1][2] in "'’")]

    def in_context(self, found: _Occurrence) -> bool:
        """Whether the words around an ambiguous name say it names the technology."""
        segment = self.segment
        if segment.field == "tags" and segment.text.strip() == found.matched:
            return True
        words = self.words()
        before = [w for k, w in words if k < found.first]
        after = [w for k, w in words if k > found.last]
        named = {k for other in self.found if other is not found
                 for k in range(other.first, other.last + 1)}
        proper = [w for k, w in words if k not in named and _capitalized(w)
                  and k in (self._word_before(words, found), self._word_after(words, found))]
        if any(w.casefold() in CUES for w in before[-3:] + after[:3]):
            return True
        if after and _NUMBER.fullmatch(after[0]) and \
                segment.text[found.end:].lstrip().startswith(after[0]):
            return True
        if any(self._listed_with(found, other) for other in self.found if other is not found):
            return True
        return (not segment.title_case and _wordlike(found.name.text) and bool(before)
                and not segment.text[:found.start].rstrip().endswith((":", "-", "•"))
                and not proper)

    @staticmethod
    def _word_before(words: list[tuple[int, str]], found: _Occurrence) -> int:
        return max((k for k, _ in words if k < found.first), default=-1)

    @staticmethod
    def _word_after(words: list[tuple[int, str]], found: _Occurrence) -> int:
        return min((k for k, _ in words if k > found.last), default=-1)

    def _listed_with(self, found: _Occurrence, other: _Occurrence) -> bool:
        text = self.segment.text
        gap = text[found.end:other.start] if other.start >= found.end \
            else text[other.end:found.start]
        return other.start != found.start and _LIST_GAP.fullmatch(gap) is not None

    def presented(self, found: _Occurrence) -> bool:
        """Whether the summary sentence presents the technology as its subject."""
        words = self.words()
        before = [w.casefold() for k, w in words if k < found.first]
        return not before or "about" in before or bool(PRESENTING & set(before[-3:]))


def name_spans(segment: Segment, vocabulary: Vocabulary) -> list[tuple[int, int]]:
    """Where names of the vocabulary are written in ``segment`` (character offsets), whatever
    their context."""
    return sorted({(found.start, found.end) for found in _Segment(segment, vocabulary).found})


def link_talk(talk: TalkText, vocabulary: Vocabulary) -> list[Link]:
    """The technologies ``talk`` is about or mentions, sorted by technology."""
    scanned = [_Segment(segment, vocabulary) for segment in segments(talk)]
    people = {word for name in talk.speakers for word in name.split()}
    found = [(s, f) for s in scanned for f in s.found if f.matched not in people]
    for segment, occurrence in found:
        occurrence.accepted = not occurrence.name.ambiguous or segment.in_context(occurrence)
    sure = {o.name.node for _, o in found if o.accepted}
    for _, occurrence in found:
        occurrence.accepted = occurrence.accepted or occurrence.name.node in sure
    accepted = [(s, o) for s, o in found if o.accepted]
    titled = any(o.segment.field in _TITLE_FIELDS for _, o in accepted)
    summary_start = next((s for s in scanned if s.segment.field == "summary"), None)
    links: dict[URIRef, tuple[bool, list[Evidence]]] = {}
    for segment, occurrence in accepted:
        field = occurrence.segment.field
        about = (field in _TITLE_FIELDS or (field == "tags" and not titled)
                 or (field == "summary" and segment.presented(occurrence)
                     and (segment is summary_start or occurrence.first > 0)))
        was_about, evidence = links.get(occurrence.name.node, (False, []))
        item = Evidence(field, occurrence.matched, _excerpt(occurrence))
        links[occurrence.name.node] = (was_about or about,
                                       evidence + ([item] if item not in evidence else []))
    return [Link(talk.node, node, "about" if about else "mentions", tuple(evidence))
            for node, (about, evidence) in sorted(links.items())]


def _excerpt(found: _Occurrence) -> str:
    text = found.segment.text
    start, end = max(0, found.start - _EXCERPT), min(len(text), found.end + _EXCERPT)
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")


def link_talks(talks: Iterable[TalkText], vocabulary: Vocabulary) -> list[Link]:
    """:func:`link_talk` for each talk, in order."""
    return [link for talk in talks for link in link_talk(talk, vocabulary)]
