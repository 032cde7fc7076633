"""The text of a talk as the linker reads it: fields cut into segments (sentences, lines).

A talk has a title, maybe a subtitle, a summary, tags and a body (Markdown with bits of HTML).
Web addresses are dropped (a name inside a link's address is not a mention), Markdown and HTML
become plain text, and each field is cut into segments: the lines of the body, then sentences.
A segment knows whether it is written in title case ("Tuning Node"): there a capital letter
does not say that a word is a name.

>>> talk = TalkText(URIRef("t"), title="Tuning Node", summary="Go is fun. So is Rust!")
>>> [(s.field, s.text, s.title_case) for s in segments(talk)]  # doctest: +NORMALIZE_WHITESPACE
[('title', 'Tuning Node', True), ('summary', 'Go is fun.', False),
 ('summary', 'So is Rust!', False)]
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from rdflib import URIRef

from ..importing.html_text import html_lines

FIELDS = ("title", "subtitle", "tags", "summary", "body")
_ADDRESS = re.compile(r"(?:https?://|www\.|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/)"
                      r"[^\s<>()\[\]\"']*", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]?\s+(?=[\"'“‘(]?[A-Z0-9])")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_MINOR = frozenset([
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "is", "of", "on",
    "or", "the", "to", "vs", "with", "via"
])


@dataclass(frozen=True)
class TalkText:
    """What a talk says, field by field; ``body`` is Markdown (HTML allowed). ``speakers``
    are the names of its speakers: a word of them is never a technology ("Ada shows...")."""

    node: URIRef
    title: str = ""
    subtitle: str = ""
    summary: str = ""
    tags: tuple[str, ...] = ()
    body: str = ""
    speakers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Segment:
    """A sentence or line of one field of a talk."""

    field: str
    text: str
    title_case: bool


def without_addresses(text: str) -> str:
    """``text`` with its web addresses removed.

    >>> without_addresses("see https://x.example/redis-go (Redis) or x.example/go")
    'see  (Redis) or '
    """
    return _ADDRESS.sub("", text)


@functools.cache
def _markdown() -> Any:
    import markdown

    return markdown.Markdown(extensions=["fenced_code"])


def body_lines(body: str) -> list[str]:
    """The lines of plain text of a Markdown body: links become their words.

    >>> body_lines("## Read\\n- [Apache Flink](http://flink.apache.org/) docs")
    ['Read', 'Apache Flink docs']
    """
    md = _markdown()
    md.reset()
    return [line for line in html_lines(without_addresses(md.convert(body))) if line.strip()]


def is_title_case(text: str, *, heading: bool = False) -> bool:
    """Whether every word of ``text`` but the small ones starts with a capital letter: two
    such words make a ``heading`` (a title) title case, a sentence needs three.

    >>> is_title_case("Scaling Learning on Apache Spark")
    True
    >>> is_title_case("Leader election with Cassandra")
    False
    >>> is_title_case("Tuning Node", heading=True), is_title_case("So is Rust!")
    (True, False)
    """
    words = [w for w in _WORD.findall(text) if w.casefold() not in _MINOR]
    return len(words) >= (2 if heading else 3) and all(w[0].isupper() for w in words)


def sentences(text: str) -> list[str]:
    """``text`` cut after each full stop, question or exclamation mark that ends a sentence."""
    return [part for part in _SENTENCE_END.split(text) if part.strip()]


def segments(talk: TalkText) -> Iterator[Segment]:
    """Every segment of every field of ``talk``, in the order of :data:`FIELDS`."""
    for tag in talk.tags:
        yield Segment("tags", tag, False)
    fields = {"title": [talk.title], "subtitle": [talk.subtitle],
              "summary": [without_addresses(talk.summary)], "body": body_lines(talk.body)}
    for field in FIELDS:
        for line in fields.get(field, []):
            for sentence in sentences(line):
                yield Segment(field, sentence,
                              is_title_case(sentence, heading=field in ("title", "subtitle")))
