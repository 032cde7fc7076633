"""Binding query parameters in the query text, for engines that take no bindings of their own.

The value of each parameter is written as an RDF term (``term.n3()``: an IRI or a literal,
escaped by rdflib) in a ``VALUES`` block placed first in the query's ``WHERE`` group, where it
joins every solution, as a binding given to the engine would. Nothing the user wrote is pasted:
only terms, serialised.

>>> from rdflib import Literal
>>> print(with_values("SELECT ?t { ?t rdfs:label ?title }",
...                   {"title": Literal('Logs" } UNION { ?s ?p ?o } #')}))
SELECT ?t { VALUES (?title) { ("Logs\\" } UNION { ?s ?p ?o } #") } ?t rdfs:label ?title }
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from rdflib import BNode
from rdflib.term import Identifier

from ...errors import DotscaleError

_IRI = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_WORD = re.compile(r"[?$]?[A-Za-z_][\w.-]*(?::[\w.:%-]*)?|[0-9]+")
_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")


@dataclass(frozen=True)
class Token:
    """A token of a SPARQL text that matters for finding its groups: a brace, a parenthesis or
    a word (keyword, name or variable), with where it starts and ends."""

    text: str
    start: int
    end: int

    @property
    def keyword(self) -> str:
        return self.text.upper()


def _skip_string(text: str, at: int) -> int:
    quote = text[at]
    long = text.startswith(quote * 3, at)
    closing = quote * 3 if long else quote
    i = at + len(closing)
    while i < len(text):
        if text[i] == "\\":
            i += 2
        elif text.startswith(closing, i):
            return i + len(closing)
        elif not long and text[i] in "\r\n":
            break
        else:
            i += 1
    raise DotscaleError("cannot bind the parameters: the query has an unclosed string")


def tokens(text: str) -> Iterator[Token]:
    """The braces, parentheses and words of ``text``, skipping comments, strings and IRIs.

    >>> [t.text for t in tokens('ASK { ?s <https://x/a#b> "{" } # }')]
    ['ASK', '{', '?s', '}']
    """
    i = 0
    while i < len(text):
        char = text[i]
        if char == "#":
            newline = text.find("\n", i)
            i = len(text) if newline < 0 else newline + 1
        elif char in "\"'":
            i = _skip_string(text, i)
        elif char == "<" and (iri := _IRI.match(text, i)):
            i = iri.end()
        elif char in "{}()":
            yield Token(char, i, i + 1)
            i += 1
        elif word := _WORD.match(text, i):
            yield Token(word.group(), i, word.end())
            i = word.end()
        else:
            i += 1


def _matching(items: list[Token], opening: int) -> int:
    """The index of the brace that closes the one at ``items[opening]``."""
    depth = 0
    for index in range(opening, len(items)):
        depth += {"{": 1, "}": -1}.get(items[index].text, 0)
        if depth == 0:
            return index
    raise DotscaleError("cannot bind the parameters: the query has an unclosed '{'")


def _where_group(items: list[Token]) -> int | None:
    """The index of the ``{`` that opens the query's WHERE group; None when it has none (a
    ``CONSTRUCT WHERE`` short form, a ``DESCRIBE`` without WHERE)."""
    form = next((i for i, t in enumerate(items) if t.keyword in _FORMS), None)
    if form is None:
        return None
    i = form + 1
    if items[form].keyword == "CONSTRUCT":
        if i >= len(items) or items[i].text != "{":
            return None  # CONSTRUCT WHERE { triples }: no room for VALUES inside
        i = _matching(items, i) + 1
    parens = 0
    for index in range(i, len(items)):
        token = items[index]
        if token.keyword in ("VALUES", "ORDER", "GROUP", "LIMIT", "OFFSET", "HAVING"):
            return None
        parens += {"(": 1, ")": -1}.get(token.text, 0)
        if token.text == "{" and parens == 0:
            return index
    return None


def values_block(terms: Mapping[str, Identifier]) -> str:
    """``VALUES (?a ?b) { (term term) }`` for ``terms``.

    >>> from rdflib import URIRef
    >>> values_block({"tech": URIRef("https://w3id.org/dotscale/id/technology/redis")})
    'VALUES (?tech) { (<https://w3id.org/dotscale/id/technology/redis>) }'
    """
    names, values = [], []
    for name, term in terms.items():
        if not _VARIABLE.fullmatch(name):
            raise DotscaleError(f"cannot bind {name!r}: not a SPARQL variable name")
        if isinstance(term, BNode):
            raise DotscaleError(f"cannot bind ?{name} to a blank node on this store; "
                                "bind it to an IRI or a literal")
        try:
            values.append(term.n3())
        except Exception as error:  # rdflib refuses to write an IRI that is not one
            raise DotscaleError(f"cannot bind ?{name}: {error}") from None
        names.append(f"?{name}")
    return f"VALUES ({' '.join(names)}) {{ ({' '.join(values)}) }}"


def with_values(text: str, terms: Mapping[str, Identifier]) -> str:
    """``text`` with ``terms`` bound by a VALUES block first in its WHERE group (or after the
    query, when it has no group that can hold one).

    >>> from rdflib import Literal
    >>> print(with_values("SELECT * { SELECT ?x WHERE { ?x ?p ?o } }", {"o": Literal("x")}))
    SELECT * { VALUES (?o) { ("x") } { SELECT ?x WHERE { ?x ?p ?o } }}
    """
    if not terms:
        return text
    block = values_block(terms)
    place = _placement(text)
    if place is None:
        return f"{text.rstrip()}\n{block}\n"
    start, end = place
    if end is not None:
        return f"{text[:start]} {block} {{{text[start:end]}}}{text[end:]}"
    return f"{text[:start]} {block}{text[start:]}"


@functools.lru_cache(maxsize=256)
def _placement(text: str) -> tuple[int, int | None] | None:
    """Where a VALUES block goes in ``text``: right after the offset that opens its WHERE
    group, with the offset of the end of the sub-query it then wraps, if the group is one;
    None: after the query. Found once for each text (a library query's comes again and
    again)."""
    items = list(tokens(text))
    opening = _where_group(items)
    if opening is None:
        if any(t.keyword == "VALUES" for t in items):
            raise DotscaleError("cannot bind parameters of this query on this store: it "
                                "has a VALUES clause after its pattern")
        return None
    if opening + 1 < len(items) and items[opening + 1].keyword == "SELECT":
        return items[opening].end, items[_matching(items, opening)].start
    return items[opening].end, None
