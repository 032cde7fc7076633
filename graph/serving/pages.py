"""Linked Data: the page of every thing under ``https://w3id.org/dotscale/id/`` at ``/id/...``.

One IRI, several representations: HTML for browsers (its names, kind, every statement about it
and pointing to it with labels and source graphs, a picture of its neighbourhood, its schema.org
JSON-LD, ``<link rel="alternate">`` to each format); Turtle, N-Triples, JSON-LD and RDF/XML for
machines, chosen by the Accept header, by a suffix (``/id/technology/redis.ttl``) or by
``?format=``.
"""

from __future__ import annotations

import functools
import json
from typing import TYPE_CHECKING, Any

from rdflib import Graph, URIRef
from rdflib.plugins.sparql.sparql import Query

from ..namespaces import DS, ID, PREFIXES
from .describe import PATH, Description, describe
from .limits import HttpError
from .negotiation import GRAPH_FORMATS, SUFFIXES, media_type
from .site import Site, graph_response, pick, site_of

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.responses import Response

PAGE_FORMATS = ("html", *GRAPH_FORMATS)


def _target(path: str, kg_has: Any) -> tuple[URIRef, str | None]:
    """The IRI a page path names and the format its suffix asks for (None: negotiate)."""
    if not PATH.fullmatch(path):
        raise HttpError(404, f"/id/{path} names nothing: an IRI path holds letters, digits "
                             "and - . _ ~ / only")
    iri = URIRef(str(ID) + path)
    for suffix, fmt in SUFFIXES.items():
        if path.endswith(suffix) and not kg_has(iri):
            return URIRef(str(ID) + path.removesuffix(suffix)), fmt
    return iri, None


async def thing(request: Request) -> Response:
    """``GET /id/{path}``."""
    site = site_of(request)
    path = request.path_params["path"]
    iri, suffix_format = _target(path, lambda i: (i, None, None) in site.kg)
    fmt = pick(request, PAGE_FORMATS, suffix_format)
    about = await site.gate.call(lambda: describe(site.kg, iri, timeout=site.limits.timeout))
    if about is None:
        raise HttpError(404, f"the graph says nothing about <{iri}>")
    if fmt != "html":
        return graph_response(about.rdf(), fmt)
    schema = await site.gate.call(lambda: schemaorg_json(about))
    response = render_page(request, site, about, schema)
    response.headers["Vary"] = "Accept"
    return response


@functools.cache
def _translation() -> Query:
    """The schema.org translation (:func:`graph.exporting.schemaorg.translation_query`),
    parsed once: parsing it takes longer than running it on one page's statements."""
    from rdflib.plugins.sparql import prepareQuery

    from ..exporting.schemaorg import translation_query
    from ..querying.execute import PARSER_LOCK
    from ..util.resources import ONTOLOGY_FILE

    with PARSER_LOCK:  # translation_query parses a query of its own too
        text = translation_query(ONTOLOGY_FILE.read_text(encoding="utf-8"))
        return prepareQuery(text, initNs=PREFIXES)


def schemaorg_json(about: Description) -> str:
    """The schema.org JSON-LD of the thing, for a ``<script>`` element."""
    from ..exporting.schemaorg import schemaorg_document

    translated = about.with_neighbours().query(_translation()).graph
    document = schemaorg_document(translated if translated is not None else Graph())
    # "</" would close the script element
    return json.dumps(document, indent=1, ensure_ascii=False).replace("</", "<\\/")


def render_page(request: Request, site: Site, about: Description, schema: str) -> Response:
    """The HTML page of ``about``."""
    from .explorer import picture_data

    nodes, edges = about.neighbourhood()
    alternates = [(fmt, media_type(fmt).split(";")[0], f"{about.path}.{_suffix(fmt)}")
                  for fmt in GRAPH_FORMATS]
    return site.page(
        request, "thing.html", about=about, schema=schema, alternates=alternates,
        picture=json.dumps(picture_data(nodes, edges)).replace("</", "<\\/"),
        videos=about.values(DS.video), slides=about.values(DS.slides),
        talks=about.subjects(DS.about, DS.mentions),
        users=about.subjects(DS.uses),
        creators=about.values(DS.creator),
        speakers=about.values(DS.speaker))


def _suffix(fmt: str) -> str:
    return next(suffix for suffix, name in SUFFIXES.items() if name == fmt)[1:]
