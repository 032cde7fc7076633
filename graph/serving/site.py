"""What every endpoint shares: the graph behind its gate, the templates, and the helpers that
pick a representation and write an answer in it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import DotscaleError
from ..namespaces import PREFIXES
from .limits import Gate, HttpError, Limits
from .negotiation import EXPORT_NAMES, GRAPH_FORMATS, TABLE_FORMATS, choose, media_type, named

if TYPE_CHECKING:
    from jinja2 import Environment
    from rdflib import Graph
    from starlette.requests import Request
    from starlette.responses import Response

    from ..loading.store import KnowledgeGraph
    from ..querying.execute import QueryResult
    from ..querying.library import LibraryQuery

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"


class Site:
    """The graph served, its limits, and the page templates."""

    def __init__(self, kg: KnowledgeGraph, limits: Limits) -> None:
        from jinja2 import Environment, FileSystemLoader, select_autoescape

        self.kg = kg
        self.limits = limits
        self.gate = Gate(kg, limits)
        self.templates: Environment = Environment(
            loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(),
            trim_blocks=True, lstrip_blocks=True)
        self.templates.globals["prefixes"] = PREFIXES
        self.templates.filters["urlencode_without"] = urlencode_without

    def page(self, request: Request, template: str, status: int = 200, **context: Any
             ) -> Response:
        """An HTML page from ``template``."""
        from starlette.responses import HTMLResponse

        text = self.templates.get_template(template).render(request=request, **context)
        return HTMLResponse(text, status_code=status)


def urlencode_without(params: Any, name: str) -> str:
    """The request's parameters but ``name``, URL-encoded, ready for one more (``a=1&``).

    >>> urlencode_without({"tech": "Kafka", "format": "csv"}.items(), "format")
    'tech=Kafka&'
    """
    import urllib.parse

    items = params.multi_items() if hasattr(params, "multi_items") else list(params)
    kept = [(k, v) for k, v in items if k != name]
    return urllib.parse.urlencode(kept) + "&" if kept else ""


def site_of(request: Request) -> Site:
    """The :class:`Site` the application serves."""
    site: Site = request.app.state.site
    return site


def library_query(request: Request, lookup: Callable[[str], LibraryQuery]) -> LibraryQuery:
    """The library query the path's ``{name}`` names, found by ``lookup`` (404 if none)."""
    try:
        return lookup(request.path_params["name"])
    except DotscaleError as error:
        raise HttpError(404, str(error)) from None


def pick(request: Request, offered: Sequence[str], given: str | None = None) -> str:
    """The format a request asks for among ``offered`` (default first): ``given`` (a page's
    suffix), else ``?format=``, else its Accept header; 400 for an unknown ``?format=``,
    406 when the Accept header accepts none of them."""
    if given is not None:
        return given
    asked = request.query_params.get("format")
    if asked is not None:
        fmt = named(asked, offered)
        if fmt is None:
            raise HttpError(400, f"format={asked!r} is not offered here; choose one of "
                                 f"{', '.join(offered)}")
        return fmt
    fmt = choose(request.headers.get("accept"), offered)
    if fmt is None:
        raise HttpError(406, f"none of the accepted types ({request.headers.get('accept')}) "
                             f"is offered here; offered: {', '.join(offered)} "
                             "(or ask with ?format=)")
    return fmt


def offered_for(result: QueryResult) -> tuple[str, ...]:
    """The formats an answer can be written in: results for a table, RDF for a graph."""
    return GRAPH_FORMATS if result.graph is not None else TABLE_FORMATS


def graph_response(graph: Graph, fmt: str) -> Response:
    """``graph`` written as the project's exports write it (sorted, prefixed)."""
    from starlette.responses import Response

    from ..exporting.serialize import serialize_graph

    body = serialize_graph(graph, EXPORT_NAMES.get(fmt, fmt))
    return Response(body, media_type=media_type(fmt), headers={"Vary": "Accept"})


def result_response(result: QueryResult, fmt: str) -> Response:
    """An answer in ``fmt`` (one of :func:`offered_for`), written by the query renderers."""
    from starlette.responses import Response

    from ..querying.results import render

    if result.graph is not None:
        return graph_response(result.graph, fmt)
    return Response(render(result, fmt), media_type=media_type(fmt), headers={"Vary": "Accept"})
