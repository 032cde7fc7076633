"""What a query may not do by itself: reach the network or the file system, or change the graph.

The checks read the parsed algebra (never the query text): a ``SERVICE`` anywhere in it (also
inside ``EXISTS`` and sub-queries), and ``FROM`` / ``FROM NAMED`` naming a graph that is not
loaded (rdflib would fetch it) are refused unless the caller opts in with ``allow_network``.
Updates (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR``, ...) are recognised by the update grammar
and always refused: querying only reads.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from typing import Any

from pyparsing import ParseException, ParseResults
from rdflib.plugins.sparql.parser import parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Node, URIRef

from ..errors import DotscaleError
from .spelling import option


def _opt_in() -> str:
    return f"pass {option('--allow-network', 'allow_network=True')} to allow it"


def algebra_items(tree: Any) -> Iterator[Any]:
    """Every node and term under ``tree``, depth first (expressions, sub-queries and the
    rows of VALUES included)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, dict):  # a CompValue, or a row of VALUES
            stack.extend(node.keys())
            stack.extend(node.values())
        elif isinstance(node, list | tuple | ParseResults):
            stack.extend(node)


def algebra_nodes(tree: Any) -> Iterator[CompValue]:
    """Every CompValue under ``tree``, depth first (expressions and sub-queries included)."""
    return (node for node in algebra_items(tree) if isinstance(node, CompValue))


def external_services(query: Query) -> list[Node]:
    """The endpoints of every ``SERVICE`` clause in ``query``."""
    nodes = algebra_nodes(query.algebra)
    return [node.term for node in nodes if node.name == "ServiceGraphPattern"]


def dataset_graphs(query: Query) -> list[URIRef]:
    """The graphs named by ``FROM`` and ``FROM NAMED``."""
    clauses = query.algebra.datasetClause or []
    return [clause.default or clause.named for clause in clauses]


def check_query(query: Query, *, loaded: Collection[Node], allow_network: bool,
                where: str) -> None:
    """Refuse ``query`` when it would fetch something, unless ``allow_network``.

    ``loaded`` holds the names of the graphs in the store; ``where`` names the query in messages.
    """
    if allow_network:
        return
    for endpoint in external_services(query):
        raise DotscaleError(f"{where}: refused: SERVICE <{endpoint}> would send a request over "
                            f"the network; {_opt_in()}")
    for graph in dataset_graphs(query):
        if graph not in loaded:
            raise DotscaleError(f"{where}: refused: FROM <{graph}> names a graph that is not "
                                f"loaded, which would be fetched; load it with --data, or "
                                f"{_opt_in()}")


def is_update(text: str) -> bool:
    """True when ``text`` is a SPARQL update (INSERT, DELETE, LOAD, CLEAR, DROP, ...).

    >>> is_update("CLEAR ALL"), is_update("SELECT * WHERE { ?s ?p ?o }"), is_update("# empty")
    (True, False, False)
    """
    try:
        update = parseUpdate(text)
    except ParseException:
        return False
    return "request" in update  # an update of comments only has no operation
