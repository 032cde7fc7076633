"""The answer to a query, as :func:`graph.query` returns it and every result format reads it."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from decimal import Decimal
from typing import Protocol

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.query import Result
from rdflib.term import Identifier, Node

_NUMBERS = {XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.int, XSD.long, XSD.short,
            XSD.byte, XSD.nonNegativeInteger, XSD.positiveInteger, XSD.nonPositiveInteger,
            XSD.negativeInteger, XSD.unsignedInt, XSD.unsignedLong, XSD.unsignedShort,
            XSD.unsignedByte, XSD.boolean}

Value = str | int | float | Decimal | bool | None
Triple = tuple[Node, Node, Node]


def python_value(term: Identifier | None) -> Value:
    """A term as a Python value: None when unbound, numbers and booleans as such, an IRI or
    any other literal as its text, a blank node as ``_:label``.

    >>> python_value(Literal(3)), python_value(Literal("2015-06-08", datatype=XSD.date))
    (3, '2015-06-08')
    >>> python_value(None) is None, python_value(Literal("x", datatype=XSD.integer))
    (True, 'x')
    """
    if term is None:
        return None
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal) and term.datatype in _NUMBERS and not term.ill_typed:
        value = term.toPython()
        if isinstance(value, (bool, int, float, Decimal)):
            return value
    return str(term)


class Solutions(Protocol):
    """A SELECT's solutions as an engine gave them, read in one of two ways."""

    def bindings(self) -> list[dict[str, Identifier]]:
        """Each solution in rdflib terms, unbound variables left out."""

    def texts(self, positions: Sequence[int]) -> list[tuple[str | None, ...]]:
        """Each solution's values at ``positions`` (-1: a variable it does not have) as
        :func:`text` makes them."""


class IRI(str):
    """An IRI in a row of texts (see :meth:`QueryResult.texts`): a ``str`` hashed and compared
    as one, where an rdflib term is hashed in Python."""


class Blank(str):
    """A blank node's label in a row of texts."""


def text(term: Identifier | None) -> str | None:
    """A term as a caller that needs no rdflib terms reads it: a literal as its lexical form
    (a plain ``str``), an IRI as an :class:`IRI`, a blank node as a :class:`Blank`, None when
    unbound.

    >>> text(Literal(3)), text(URIRef("https://example.org/a"))
    ('3', 'https://example.org/a')
    >>> isinstance(text(URIRef("https://example.org/a")), IRI)
    True
    """
    if term is None or isinstance(term, Literal):
        return None if term is None else str(term)
    return IRI(term) if isinstance(term, URIRef) else Blank(term)


def as_term(text: str) -> Identifier:
    """The rdflib term a text stands for (see :func:`text`; a plain ``str`` is a literal).

    >>> as_term(IRI("https://example.org/a")), as_term("a")
    (rdflib.term.URIRef('https://example.org/a'), rdflib.term.Literal('a'))
    """
    if isinstance(text, IRI):
        return URIRef(text)
    return BNode(text) if isinstance(text, Blank) else Literal(text)


class QueryResult:
    """The answer to a query.

    ``kind`` is SELECT, ASK, CONSTRUCT or DESCRIBE. ``bindings`` holds rdflib terms (unbound
    variables left out); ``rows`` the same solutions as Python values; ``boolean`` answers an
    ASK, ``triples`` a CONSTRUCT or DESCRIBE (``graph``: the same as an rdflib graph).
    ``parameters`` holds the term each parameter was bound to.

    An engine's own ``solutions`` become ``bindings`` when these are first read: a caller that
    reads :meth:`texts` alone makes no rdflib term of them (at a million triples, making them
    costs as long as a short query).

    >>> QueryResult("SELECT", ["n", "m"], [{"n": Literal(3)}]).rows
    [{'n': 3, 'm': None}]
    """

    def __init__(self, kind: str, variables: list[str] | None = None,
                 bindings: list[dict[str, Identifier]] | None = None, *,
                 boolean: bool | None = None, triples: list[Triple] | None = None,
                 ordered: bool = False, parameters: dict[str, Identifier] | None = None,
                 solutions: Solutions | None = None) -> None:
        self.kind = kind
        self.variables = variables if variables is not None else []
        self._bindings = [] if bindings is None and solutions is None else bindings
        self._solutions = solutions
        self.boolean = boolean
        self.triples = triples
        self.ordered = ordered
        self.parameters = parameters if parameters is not None else {}

    def __repr__(self) -> str:
        return f"QueryResult({self.kind!r}, {self.variables!r})"

    @property
    def bindings(self) -> list[dict[str, Identifier]]:
        """Each solution in rdflib terms, unbound variables left out."""
        if self._bindings is None:
            assert self._solutions is not None
            self._bindings = self._solutions.bindings()
            self._solutions = None  # the engine's terms, held no longer
        return self._bindings

    def texts(self, variables: Sequence[str]) -> list[tuple[str | None, ...]]:
        """Each solution's values of ``variables`` as :func:`text` makes them.

        >>> QueryResult("SELECT", ["n"], [{"n": Literal(3)}]).texts(["n", "m"])
        [('3', None)]
        """
        if self._bindings is None and self._solutions is not None:
            positions = [self.variables.index(v) if v in self.variables else -1
                         for v in variables]
            return self._solutions.texts(positions)
        return [tuple(text(b.get(v)) for v in variables) for b in self.bindings]

    @classmethod
    def of(cls, result: Result) -> QueryResult:
        """rdflib's answer ``result``.

        >>> from rdflib import Graph
        >>> QueryResult.of(Graph().query("ASK { }")).boolean
        True
        """
        if result.type == "ASK":
            return cls("ASK", boolean=bool(result.askAnswer))
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            return cls(result.type, triples=list(result.graph or ()))
        variables = [str(v) for v in result.vars or []]
        return cls("SELECT", variables, [{str(k): v for k, v in row.items() if v is not None}
                                         for row in result.bindings])

    @functools.cached_property
    def graph(self) -> Graph | None:
        """The triples of a CONSTRUCT or DESCRIBE as an rdflib graph, made when first read
        (None for other kinds).

        >>> from rdflib import URIRef
        >>> a = URIRef("https://example.org/a")
        >>> len(QueryResult("CONSTRUCT", triples=[(a, a, a), (a, a, a)]).graph)
        1
        """
        if self.triples is None:
            return None
        graph = Graph()
        for triple in self.triples:
            graph.add(triple)
        return graph

    @property
    def rows(self) -> list[dict[str, Value]]:
        """Each solution as ``{variable: value}`` (see :func:`python_value`)."""
        return [{v: python_value(b.get(v)) for v in self.variables} for b in self.bindings]
