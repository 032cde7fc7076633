"""Warnings for a query that runs but probably does not ask what its author meant: a projected
variable that nothing in the query binds (``SELECT ?titel``), a ``ds:`` term the ontology does
not declare (``ds:Tallk``). Both answer blank columns or no rows without an error."""

from __future__ import annotations

import difflib
import functools

from rdflib import Graph, URIRef, Variable
from rdflib.plugins.sparql.sparql import Query

from ..loading.store import KnowledgeGraph
from ..namespaces import DS, compact
from ..util.resources import ONTOLOGY_FILE
from .safety import algebra_items


def unbound_projections(query: Query) -> list[str]:
    """The projected variables that the query's pattern never mentions.

    >>> from graph.querying.execute import parse
    >>> unbound_projections(parse("SELECT ?t ?titel WHERE { ?t a ds:Talk }"))
    ['titel']
    >>> unbound_projections(parse("SELECT ?v (COUNT(?v) AS ?n) WHERE { VALUES ?v { 1 } }"))
    []
    """
    algebra = query.algebra
    if algebra.name not in ("SelectQuery", "DescribeQuery") or algebra.p is None:
        return []
    pattern = algebra.p.p if algebra.p.name == "Project" else algebra.p
    mentioned = {str(term) for term in algebra_items(pattern) if isinstance(term, Variable)}
    return [str(v) for v in algebra.get("PV") or [] if isinstance(v, Variable)
            and str(v) not in mentioned]


@functools.cache
def _declared_terms() -> frozenset[URIRef]:
    ontology = Graph().parse(ONTOLOGY_FILE, format="turtle")
    return frozenset(s for s in ontology.subjects() if isinstance(s, URIRef) and s in DS)


def unknown_terms(kg: KnowledgeGraph, query: Query) -> list[str]:
    """The ``ds:`` terms of the query that neither the graph nor the ontology declares, each
    with the declared terms it is close to.

    >>> from graph.querying.execute import parse
    >>> from graph.loading.loader import load
    >>> unknown_terms(load(bundled=False), parse("SELECT ?t WHERE { ?t a ds:Tallk }"))
    ['ds:Tallk (did you mean ds:Talk?)']
    """
    found = {term for term in algebra_items(query.algebra)
             if isinstance(term, URIRef) and term in DS and str(term) != str(DS)}
    unknown = sorted(term for term in found if (term, None, None) not in kg
                     and term not in _declared_terms())
    names = [compact(str(term)) for term in sorted(_declared_terms())]
    described = []
    for term in unknown:
        close = difflib.get_close_matches(compact(str(term)), names, n=3, cutoff=0.8)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        described.append(f"{compact(str(term))}{hint}")
    return described
