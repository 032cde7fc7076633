"""What a store's engine needs to know of a query before it answers it, found without parsing.

rdflib's SPARQL parser costs more than Oxigraph's whole answer to most library queries (importing
it alone takes longer), and it is needed only for the safety rules of ``dotscale query``:
refusing ``SERVICE`` and ``FROM``, which would reach the network. A query is *plain* when its
tokens (:func:`graph.loading.stores.values.tokens`: comments, strings and IRIs skipped, as SPARQL
reads them) hold neither keyword, and its text no ``\\u`` escape (which SPARQL reads before its
tokens, so that one could spell either keyword): a plain query cannot fetch anything, so the
engine may answer it unparsed. :func:`graph.querying.execute.run` does so for the library's
queries (which the tests keep free of the warnings the parse gives); any other query is parsed
by rdflib, checked and linted.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass

from ...errors import DotscaleError
from .values import Token, tokens

_FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
_FETCHING = ("SERVICE", "FROM")


@dataclass(frozen=True)
class Plain:
    """A plain query's form (SELECT, ASK, CONSTRUCT or DESCRIBE) and whether its answer is in
    the order it asks for (an ``ORDER BY`` outside every group)."""

    form: str
    ordered: bool


@functools.lru_cache(maxsize=256)
def plain(text: str) -> Plain | None:
    """The form of ``text`` if it is a plain query (see the module documentation), else None
    (found once for each text).

    >>> plain("SELECT ?t { ?t a ds:Talk } ORDER BY ?t  # FROM a comment")
    Plain(form='SELECT', ordered=True)
    >>> plain('ASK { SERVICE <https://example.org/sparql> { ?s ?p ?o } }') is None
    True
    >>> plain(r'ASK { ?s ?p "\\u0022" }') is None
    True
    """
    if "\\u" in text or "\\U" in text:
        return None
    form, ordered = None, False
    for outside, token in _placed(text):
        keyword = token.keyword
        if keyword in _FETCHING:
            return None
        if form is None and keyword in _FORMS:
            form = keyword
        elif outside and keyword == "ORDER":
            ordered = True
    return None if form is None else Plain(form, ordered)


def _placed(text: str) -> Iterator[tuple[bool, Token]]:
    """Each token of ``text`` but its braces, and whether it stands outside every group.

    >>> [(outside, t.text) for outside, t in _placed("ASK { ?s ?p ?o } VALUES ?s {}")]
    [(True, 'ASK'), (False, '?s'), (False, '?p'), (False, '?o'), (True, 'VALUES'), (True, '?s')]
    """
    depth = 0
    for token in tokens(text):
        if token.text in ("{", "}"):
            depth += 1 if token.text == "{" else -1
        else:
            yield depth == 0, token


@functools.lru_cache(maxsize=256)
def reads_named_graphs(text: str) -> bool:
    """Whether ``text`` may read named graphs: it has a ``GRAPH`` keyword among its tokens, or
    a ``\\u`` escape (which may spell one), or tokens that cannot be told (found once for each
    text). A word in a comment, a string or an IRI is no keyword: the description of a library
    query may speak of graphs.

    >>> reads_named_graphs("SELECT * { GRAPH ?g { ?s ?p ?o } }")
    True
    >>> reads_named_graphs("# the talk's statements, as a graph\\nDESCRIBE ?t WHERE { ?t a ?c }")
    False
    """
    if "GRAPH" not in text.upper():
        return False
    if "\\u" in text or "\\U" in text:
        return True
    try:
        return any(token.keyword == "GRAPH" for token in tokens(text))
    except DotscaleError:  # an unclosed string: the engine says what it makes of it
        return True


@functools.lru_cache(maxsize=256)
def without_order(text: str) -> str:
    """``text`` without its ``ORDER BY`` outside every group, for a reader to whom the order of
    the rows is of no use (sorting a large answer can cost more than finding it); ``text`` as it
    is when it has none, when a ``LIMIT`` or an ``OFFSET`` makes the order choose the rows, or
    when its tokens cannot be told.

    >>> without_order("SELECT ?t { { SELECT ?t { ?t a ?c } ORDER BY ?c } } ORDER BY DESC(?t)")
    'SELECT ?t { { SELECT ?t { ?t a ?c } ORDER BY ?c } } '
    >>> without_order("SELECT ?t { ?t a ?c } ORDER BY ?t VALUES ?c { ds:Talk }")
    'SELECT ?t { ?t a ?c } VALUES ?c { ds:Talk }'
    >>> without_order("SELECT ?t { ?t a ?c } ORDER BY ?t LIMIT 3")
    'SELECT ?t { ?t a ?c } ORDER BY ?t LIMIT 3'
    """
    if "\\u" in text or "\\U" in text:
        return text
    start, end = None, len(text)
    try:
        for outside, token in _placed(text):
            if not outside:
                continue
            if token.keyword in ("LIMIT", "OFFSET"):
                return text
            if token.keyword == "ORDER":
                start = token.start
            elif start is not None and token.keyword == "VALUES":
                end = token.start
                break
    except DotscaleError:
        return text
    return text if start is None else text[:start] + text[end:]
