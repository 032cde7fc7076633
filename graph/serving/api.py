"""The query library as a web API: ``/queries`` lists every ``queries/*.rq``;
``/queries/NAME?param=value`` runs one, its parameters bound as ``dotscale query --bind``
binds them, answering in any result format, or as a page with a form for the parameters, the
table (labels linked to their pages) and, for a projection, its picture. ``/openapi.json``
describes these endpoints, one operation per query (as grlc does).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from rdflib import Literal, URIRef
from rdflib.term import Identifier

from .. import __version__
from ..querying.library import LibraryQuery, all_queries, find
from .describe import page_path
from .limits import HttpError
from .negotiation import GRAPH_FORMATS, MEDIA_TYPES, TABLE_FORMATS
from .site import Site, library_query, offered_for, pick, result_response, site_of

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.responses import Response

    from ..querying.execute import QueryResult

RESERVED = "format"
"""The one parameter name a query's own parameters cannot use here."""
MAX_LABELLED = 2000


def listing(query: LibraryQuery) -> dict[str, Any]:
    """A query as ``/queries`` lists it."""
    return {"name": query.name, "title": query.title, "description": query.description,
            "url": f"/queries/{query.name}", "projection": query.headers.get("projection"),
            "parameters": [{"name": p.name, "default": p.default, "kind": p.kind,
                            "description": p.description} for p in query.params]}


async def queries(request: Request) -> Response:
    """``GET /queries``: the library, as a page or as JSON."""
    from starlette.responses import JSONResponse

    site = site_of(request)
    if pick(request, ("html", "json")) == "json":
        return JSONResponse([listing(q) for q in all_queries()],
                            media_type="application/json")
    return site.page(request, "queries.html", queries=all_queries())


def bindings_of(request: Request, query: LibraryQuery) -> dict[str, str]:
    """The query's parameters given in the URL (each at most once)."""
    given: dict[str, str] = {}
    for name, value in request.query_params.multi_items():
        if name == RESERVED:
            continue
        if name in given:
            raise HttpError(400, f"the parameter {name!r} is given twice; give it once")
        given[name] = value
    return given


async def run_query(request: Request) -> Response:
    """``GET /queries/{name}``."""
    site = site_of(request)
    query = library_query(request, find)
    given = bindings_of(request, query)
    offered: tuple[str, ...] = ("html", *TABLE_FORMATS, *GRAPH_FORMATS)
    if "projection" in query.headers:
        offered = (*offered, "svg", "png")
    fmt = pick(request, offered)
    if fmt == "html":
        return await query_page(request, site, query, given)
    result = await site.gate.query(query, given)
    if fmt in ("svg", "png"):
        return await picture(site, query, result, fmt)
    if fmt not in offered_for(result):
        raise HttpError(406, f"a {result.kind} answer is written as one of "
                             f"{', '.join(offered_for(result))}, not {fmt}")
    return result_response(result, fmt)


async def picture(site: Site, query: LibraryQuery, result: QueryResult, fmt: str) -> Response:
    """A projection's picture, drawn as ``dotscale draw`` draws it."""
    from starlette.responses import Response

    def draw() -> bytes:
        from ..drawing.projection import graph_of
        from ..drawing.render import image_bytes, render

        return image_bytes(render(graph_of(site.kg, query, result)), fmt)

    return Response(await site.gate.call(draw), media_type=MEDIA_TYPES[fmt])


async def query_page(request: Request, site: Site, query: LibraryQuery, given: dict[str, str]
                     ) -> Response:
    """The HTML page of a query: the form, then the answer (or why there is none)."""
    values = {p.name: given.get(p.name, p.default or "") for p in query.params}
    context: dict[str, Any] = {"query": query, "values": values, "result": None,
                               "error": None, "labels": {}, "text": None, "formats": ()}
    status = 200
    try:
        result = await site.gate.query(query, given)
    except HttpError as error:
        context["error"], status = error.message, error.status
    else:
        context["result"] = result
        context["formats"] = offered_for(result)
        if result.graph is not None:
            from ..querying.results import render

            context["text"] = render(result, "ttl")
        else:
            context["labels"] = await site.gate.call(lambda: labels(site, result))
    context["cell"] = cell
    return site.page(request, "query.html", status=status, **context)


def labels(site: Site, result: QueryResult) -> dict[Identifier, str]:
    """The labels of the IRIs in a table, for its links."""
    from ..querying.execute import run

    iris = {t for row in result.bindings for t in row.values() if isinstance(t, URIRef)}
    if not iris or len(iris) > MAX_LABELLED:
        return {}
    values = " ".join(sorted(t.n3() for t in iris))
    text = f"SELECT ?x ?label WHERE {{ VALUES ?x {{ {values} }} ?x rdfs:label ?label }}"
    found: dict[Identifier, str] = {}
    for row in run(site.kg, text, timeout=site.limits.timeout).bindings:
        label = str(row["label"])
        if row["x"] not in found or label < found[row["x"]]:
            found[row["x"]] = label
    return found


def cell(term: Identifier | None, labels: dict[Identifier, str]) -> dict[str, str | None]:
    """A table cell: its text and its link."""
    if term is None:
        return {"text": "", "href": None, "title": None}
    if isinstance(term, URIRef):
        return {"text": labels.get(term, str(term)), "href": page_path(term) or str(term),
                "title": str(term)}
    if isinstance(term, Literal) and term.datatype is not None:
        return {"text": str(term), "href": None, "title": str(term.datatype)}
    return {"text": str(term), "href": None, "title": None}


def openapi() -> dict[str, Any]:
    """The OpenAPI 3.1 description of the SPARQL endpoint and the query library."""
    formats = [MEDIA_TYPES[f] for f in (*TABLE_FORMATS, *GRAPH_FORMATS)]
    answers = {"200": {"description": "the answer",
                       "content": {kind: {} for kind in ("text/html", *formats)}},
               "400": {"description": "a bad parameter or a query the server refuses"},
               "408": {"description": "the query ran past the server's time limit"},
               "503": {"description": "the server is busy, or the answer is too large"}}
    paths: dict[str, Any] = {
        "/sparql": {
            "get": {"summary": "SPARQL 1.1 Protocol query (no query: service description)",
                    "parameters": [{"name": "query", "in": "query",
                                    "schema": {"type": "string"}}],
                    "responses": answers},
            "post": {"summary": "SPARQL 1.1 Protocol query by POST",
                     "requestBody": {"content": {
                         "application/x-www-form-urlencoded": {"schema": {
                             "type": "object", "properties": {"query": {"type": "string"}}}},
                         "application/sparql-query": {"schema": {"type": "string"}}}},
                     "responses": answers}},
        "/queries": {"get": {"summary": "the query library", "responses": {"200": {
            "description": "every query with its title, description and parameters",
            "content": {"application/json": {}, "text/html": {}}}}}},
        "/id/{path}": {"get": {
            "summary": "the page of a thing (HTML, Turtle, N-Triples, JSON-LD, RDF/XML)",
            "parameters": [{"name": "path", "in": "path", "required": True,
                            "schema": {"type": "string"}}],
            "responses": {"200": {"description": "what the graph says about it"},
                          "404": {"description": "the graph says nothing about it"}}}},
    }
    for query in all_queries():
        parameters = [{"name": p.name, "in": "query", "required": p.default is None,
                       "description": f"{p.description} ({p.kind})".strip(),
                       "schema": {"type": "string", **({"default": p.default}
                                                       if p.default is not None else {})}}
                      for p in query.params]
        parameters.append({"name": RESERVED, "in": "query", "required": False,
                           "schema": {"type": "string", "enum": ["html", *TABLE_FORMATS,
                                                                 *GRAPH_FORMATS]}})
        paths[f"/queries/{query.name}"] = {"get": {
            "operationId": query.name, "summary": query.title,
            "description": query.description, "parameters": parameters,
            "responses": answers}}
    return {"openapi": "3.1.0",
            "info": {"title": "dotscale-graph", "version": __version__,
                     "description": "A knowledge graph of dotScale talks and the technologies "
                                    "they discuss: SPARQL endpoint, pages and query library."},
            "paths": paths}


async def openapi_json(request: Request) -> Response:
    """``GET /openapi.json``."""
    from starlette.responses import Response

    return Response(json.dumps(openapi(), indent=1), media_type="application/json")
