"""The ASGI application (Starlette): its routes, CORS, and one error answer for every failure.

Every error is an answer with a clear status and a one-line message (plain text, or a page for
a browser); the server goes on serving. ``w3id/.htaccess`` beside this module redirects the
published IRIs (``https://w3id.org/dotscale/...``) to a running server. The routes:

=========================  ===================================================================
``/``                      the home page
``/sparql``                SPARQL 1.1 Protocol (:mod:`graph.serving.protocol`)
``/id/{path}``             the page of a thing (:mod:`graph.serving.pages`)
``/queries[/{name}]``      the query library (:mod:`graph.serving.api`)
``/openapi.json``          OpenAPI description of the above
``/ontology``              the vocabulary (Turtle)
``/explorer``              SPARQL editor; ``/explorer/network``: the network view
``/network/{name}.json``   a projection's nodes and links, for the network view
``/static/...``            the pages' own CSS and JavaScript (no third-party code)
=========================  ===================================================================
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .limits import HttpError, Limits
from .site import STATIC, Site

if TYPE_CHECKING:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response

    from ..loading.store import KnowledgeGraph


async def home(request: Request) -> Response:
    """``GET /``."""
    from ..drawing.projection import projections
    from ..querying.library import all_queries
    from .site import site_of

    site = site_of(request)
    return site.page(request, "home.html", queries=all_queries(), projections=projections())


async def ontology(request: Request) -> Response:
    """``GET /ontology``: the vocabulary, as Turtle (what its IRI dereferences to)."""
    from starlette.responses import Response

    from ..util.resources import ONTOLOGY_FILE

    return Response(ONTOLOGY_FILE.read_bytes(), media_type="text/turtle; charset=utf-8")


def error_response(request: Request, status: int, message: str,
                   headers: dict[str, str] | None = None) -> Response:
    """An error as a page for a browser, as plain text for anything else."""
    from starlette.responses import PlainTextResponse

    if "text/html" in request.headers.get("accept", ""):  # a browser
        site: Site = request.app.state.site
        response = site.page(request, "error.html", status=status, status_code=status,
                             message=message)
        response.headers.update(headers or {})
        return response
    return PlainTextResponse(message + "\n", status_code=status, headers=headers)


def create_app(kg: KnowledgeGraph, limits: Limits | None = None) -> Starlette:
    """The application serving ``kg`` (read-only) within ``limits``."""
    from starlette.applications import Starlette
    from starlette.exceptions import HTTPException
    from starlette.middleware import Middleware
    from starlette.middleware.cors import CORSMiddleware
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    from .api import openapi_json, queries, run_query
    from .explorer import explorer, network, network_page
    from .pages import thing
    from .protocol import sparql

    async def http_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, HttpError)
        return error_response(request, error.status, error.message, error.headers)

    async def starlette_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, HTTPException)
        message = {404: f"nothing is served at {request.url.path}",
                   405: f"{request.method} is not allowed on {request.url.path}"}.get(
                       error.status_code, str(error.detail))
        return error_response(request, error.status_code, message, dict(error.headers or {}))

    async def server_error(request: Request, error: Exception) -> Response:
        return error_response(request, 500, f"the server failed: {type(error).__name__}: "
                                             f"{error}")

    routes = [
        Route("/", home),
        Route("/sparql", sparql, methods=["GET", "POST"], name="sparql"),
        Route("/id/{path:path}", thing),
        Route("/queries", queries),
        Route("/queries/{name}", run_query),
        Route("/openapi.json", openapi_json),
        Route("/ontology", ontology),
        Route("/explorer", explorer),
        Route("/explorer/network", network_page),
        Route("/network/{name}.json", network),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(CORSMiddleware, allow_origins=["*"],
                               allow_methods=["GET", "POST"], allow_headers=["*"],
                               expose_headers=["Content-Type"], max_age=3600)],
        exception_handlers={HttpError: http_error, HTTPException: starlette_error,
                            Exception: server_error})
    app.state.site = Site(kg, limits or Limits())
    return app
