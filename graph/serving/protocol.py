"""The SPARQL 1.1 Protocol at ``/sparql``: queries by GET, by POST of a form and by POST of
the query itself; answers in the W3C result formats or in RDF by content negotiation; the
SPARQL 1.1 Service Description when no query is given. Read-only: updates are refused (403).

A request may name its dataset (``default-graph-uri``, ``named-graph-uri``) only as the whole
graph: the union of the loaded graphs as the default graph, every graph as a named graph (what
``dotscale --store sparql:URL`` sends); other datasets are asked for with FROM in the query.
"""

from __future__ import annotations

import urllib.parse
from typing import TYPE_CHECKING

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, Namespace

from ..querying.safety import is_update
from .limits import HttpError
from .negotiation import GRAPH_FORMATS
from .site import Site, graph_response, offered_for, pick, result_response, site_of

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.responses import Response

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS_NS = Namespace("http://www.w3.org/ns/formats/")
RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                  "SPARQL_Results_TSV", "Turtle", "N-Triples", "JSON-LD", "RDF_XML")
FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"
READ_ONLY = "this SPARQL endpoint is read-only: updates are refused"


async def body_text(request: Request, limit: int) -> str:
    """The request body as UTF-8 text, read up to ``limit`` bytes (413 beyond, 400 if not
    UTF-8)."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise HttpError(413, f"the request body ({declared} bytes) is larger than the "
                             f"server's limit of {limit} bytes")
    chunks = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HttpError(413, f"the request body is larger than the server's limit of "
                                 f"{limit} bytes")
        chunks.append(chunk)
    try:
        return b"".join(chunks).decode("utf-8")
    except UnicodeDecodeError as error:
        raise HttpError(400, f"the request body is not UTF-8 text (byte {error.start})") from None


def _fields(request: Request) -> list[tuple[str, str]]:
    return list(request.query_params.multi_items())


async def protocol_fields(request: Request, site: Site) -> list[tuple[str, str]]:
    """The protocol's fields of a request: the URL's, and a POSTed form's or query's."""
    fields = _fields(request)
    if request.method != "POST":
        return fields
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await body_text(request, site.limits.max_body)
    if kind == FORM:
        return fields + urllib.parse.parse_qsl(body, keep_blank_values=True)
    if kind == DIRECT:
        return [*fields, ("query", body)]
    if kind == UPDATE:
        raise HttpError(403, READ_ONLY)
    sent = kind or "a body without a Content-Type"
    raise HttpError(415, f"a POSTed query is sent as {FORM} or {DIRECT}, not {sent}")


async def updates(text: str) -> bool:
    """Whether ``text`` is a SPARQL update, read in a worker thread (the parser is shared)."""
    from starlette.concurrency import run_in_threadpool

    from ..querying.execute import PARSER_LOCK

    def check() -> bool:
        with PARSER_LOCK:
            return is_update(text)

    return await run_in_threadpool(check)


def _one(fields: list[tuple[str, str]], name: str) -> str | None:
    values = [value for key, value in fields if key == name]
    if len(values) > 1:
        raise HttpError(400, f"{len(values)} '{name}' parameters: give one")
    return values[0] if values else None


def check_dataset(site: Site, fields: list[tuple[str, str]]) -> None:
    """Accept a protocol dataset only when it is the whole graph (see the module doc)."""
    loaded = {str(g.identifier) for g in site.kg.graphs()}
    for key in ("default-graph-uri", "named-graph-uri"):
        given = {value for name, value in fields if name == key}
        unknown = sorted(given - loaded)
        if unknown:
            raise HttpError(400, f"{key} <{unknown[0]}> names a graph this server does not "
                                 "hold (it fetches nothing)")
        if given and given not in (loaded, loaded - {_default_id()}):
            raise HttpError(400, f"{key}: this endpoint answers on the whole graph only "
                                 "(every loaded graph); choose graphs with FROM or GRAPH "
                                 "in the query")


def _default_id() -> str:
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    return str(DATASET_DEFAULT_GRAPH_ID)


async def sparql(request: Request) -> Response:
    """``GET``/``POST /sparql``."""
    site = site_of(request)
    fields = await protocol_fields(request, site)
    if any(key in ("update", "using-graph-uri", "using-named-graph-uri") for key, _ in fields):
        raise HttpError(403, READ_ONLY)
    query = _one(fields, "query")
    if query is None:
        return description(request, site)
    if await updates(query):
        raise HttpError(403, READ_ONLY)
    check_dataset(site, fields)
    result = await site.gate.query(query)
    return result_response(result, pick(request, offered_for(result)))


def description(request: Request, site: Site) -> Response:
    """The service description (RDF), or the explorer for a browser."""
    from starlette.responses import RedirectResponse

    fmt = pick(request, ("html", *GRAPH_FORMATS))
    if fmt == "html":
        return RedirectResponse("/explorer", status_code=303)
    return graph_response(service_description(site, str(request.url_for("sparql"))), fmt)


def service_description(site: Site, endpoint: str) -> Graph:
    """The SPARQL 1.1 Service Description of the endpoint at ``endpoint``.

    >>> from graph.loading.loader import load
    >>> from graph.serving.limits import Limits
    >>> sd = service_description(Site(load(bundled=False), Limits()), "http://h/sparql")
    >>> (URIRef("http://h/sparql"), SD.supportedLanguage, SD.SPARQL11Query) in sd
    True
    """
    graph = Graph()
    graph.bind("sd", SD)
    service = URIRef(endpoint)
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, service))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    for name in RESULT_FORMATS:
        graph.add((service, SD.resultFormat, FORMATS_NS[name]))
    dataset, default = BNode("dataset"), BNode("default")
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    for g in sorted(site.kg.graphs(), key=lambda g: str(g.identifier)):
        if str(g.identifier) == _default_id():
            continue
        named = BNode(f"graph{len(list(graph.objects(dataset, SD.namedGraph)))}")
        graph.add((dataset, SD.namedGraph, named))
        graph.add((named, SD.name, g.identifier))
    return graph
