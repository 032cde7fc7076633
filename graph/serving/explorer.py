"""The explorer: a SPARQL editor with the library's queries as examples, and an interactive
network view of any projection (``/explorer/network``), fed by ``/network/NAME.json``.

The pictures' data is one small JSON shape for the browser's network view (``static/network.js``):
nodes (id, label, kind, colour, link to the page), links (source, target, relation) and the
legend: the families of kinds shown, named and coloured as the pictures draw them
(:func:`graph.drawing.render.family`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rdflib import URIRef

from ..querying.library import all_queries, find
from .describe import Shown, page_path
from .limits import HttpError
from .site import library_query, site_of

if TYPE_CHECKING:
    import networkx as nx
    from starlette.requests import Request
    from starlette.responses import Response

MAX_HOPS = 3


def _node(node_id: str, label: str, kind: str | None) -> dict[str, Any]:
    from ..drawing.render import family

    drawn = family(kind)
    return {"id": node_id, "label": label, "kind": kind, "family": drawn.name,
            "colour": drawn.colour,
            "href": page_path(URIRef(node_id)) if node_id.startswith("http") else None}


def _legend(nodes: Sequence[dict[str, Any]]) -> list[dict[str, str]]:
    """The families of the nodes, in the pictures' order, each with its colour."""
    from ..drawing.render import FAMILIES, OTHER

    shown = {n["family"] for n in nodes}
    return [{"kind": f.name, "colour": f.colour} for f in (*FAMILIES, OTHER) if f.name in shown]


def picture_data(nodes: Sequence[Shown], edges: Sequence[tuple[int, int, str]]
                 ) -> dict[str, Any]:
    """The network view's data for a page's neighbourhood (nodes; edges by position)."""
    shown = [_node(str(n.term), n.label, n.kind) for n in nodes]
    links = [{"source": shown[a]["id"], "target": shown[b]["id"], "relation": relation}
             for a, b, relation in edges]
    return {"nodes": shown, "links": links, "legend": _legend(shown)}


def projection_data(graph: nx.Graph) -> dict[str, Any]:
    """The network view's data for a projection (a networkx graph from :func:`graph.project`).
    """
    nodes = [_node(str(n), str(data.get("label", n)), data.get("kind"))
             for n, data in graph.nodes(data=True)]
    links = [{"source": str(u), "target": str(v),
              "relation": _relation(data.get("relation")), "weight": data.get("weight", 1)}
             for u, v, data in graph.edges(data=True)]
    return {"nodes": nodes, "links": links, "legend": _legend(nodes),
            "title": graph.graph.get("title", "")}


def _relation(value: Any) -> str:
    if value is None:
        return ""
    text = str(value)
    return text.rpartition("#")[2] if "#" in text else text.rpartition("/")[2]


def _hops(request: Request) -> int:
    text = request.query_params.get("hops", "1")
    if not text.isdigit() or not 1 <= int(text) <= MAX_HOPS:
        raise HttpError(400, f"hops={text!r}: give a whole number from 1 to {MAX_HOPS}")
    return int(text)


async def network(request: Request) -> Response:
    """``GET /network/{name}.json[?around=NODE&hops=N&PARAM=VALUE]``: a projection's data."""
    from starlette.responses import JSONResponse

    from ..drawing.projection import find_projection, graph_of

    site = site_of(request)
    # a library name only: never a file the name could also point to
    query = library_query(request, lambda name: find_projection(find(name).path))
    around = request.query_params.get("around") or None
    hops = _hops(request)
    reserved = {"around", "hops", "format"}
    bindings = {k: v for k, v in request.query_params.items() if k not in reserved}
    result = await site.gate.query(query, bindings)
    data = await site.gate.call(lambda: projection_data(
        graph_of(site.kg, query, result, around=around, hops=hops)))
    return JSONResponse(data)


def examples() -> list[dict[str, str]]:
    """The library's queries, for the editor's list of examples."""
    return [{"name": q.name, "title": q.title, "text": q.text} for q in all_queries()]


async def explorer(request: Request) -> Response:
    """``GET /explorer``: the SPARQL editor."""
    import json

    site = site_of(request)
    text = json.dumps(examples()).replace("</", "<\\/")
    return site.page(request, "explorer.html", examples=text, queries=all_queries())


async def network_page(request: Request) -> Response:
    """``GET /explorer/network?projection=NAME[&around=NODE&hops=N]``: the network view."""
    from ..drawing.projection import projections

    site = site_of(request)
    names = [q.name for q in projections()]
    chosen = request.query_params.get("projection", "graph-overview")
    if chosen not in names:
        raise HttpError(404, f"no projection {chosen!r}; the projections: {', '.join(names)}")
    return site.page(request, "network.html", projections=projections(), chosen=chosen,
                     around=request.query_params.get("around", ""), hops=_hops(request))
