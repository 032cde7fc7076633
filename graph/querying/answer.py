"""The answer to a query, as :func:`graph.query` returns it and every result format reads it."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import BNode, Graph, Literal
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


@dataclass
class QueryResult:
    """The answer to a query.

    ``kind`` is SELECT, ASK, CONSTRUCT or DESCRIBE. ``bindings`` holds rdflib terms (unbound
    variables left out); ``rows`` the same solutions as Python values; ``boolean`` answers an
    ASK, ``triples`` a CONSTRUCT or DESCRIBE (``graph``: the same as an rdflib graph).
    ``parameters`` holds the term each parameter was bound to.

    >>> QueryResult("SELECT", ["n", "m"], [{"n": Literal(3)}]).rows
    [{'n': 3, 'm': None}]
    """

    kind: str
    variables: list[str] = field(default_factory=list)
    bindings: list[dict[str, Identifier]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[Triple] | None = None
    ordered: bool = False
    parameters: dict[str, Identifier] = field(default_factory=dict)

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
