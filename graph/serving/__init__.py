"""``dotscale serve``: the graph on the web, read-only.

A SPARQL 1.1 endpoint (:mod:`.protocol`), a Linked Data page for every thing (:mod:`.pages`),
the query library as a web API (:mod:`.api`) and an explorer (:mod:`.explorer`), as one ASGI
application on Starlette (:mod:`.app`) served by uvicorn, within :class:`Limits`. Every query
goes through :func:`graph.query`, with the same refusals as ``dotscale query``. Pages are
Jinja2 templates in ``templates/``; their CSS and JavaScript (``static/``) are written here, so
everything works offline. Needs the ``web`` extra: ``pip install 'dotscale-graph[web]'``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .limits import Limits

if TYPE_CHECKING:
    from ..loading.store import KnowledgeGraph

__all__ = ["Limits", "serve"]


def serve(kg: KnowledgeGraph, *, host: str = "127.0.0.1", port: int = 8000,
          limits: Limits | None = None) -> None:
    """Serve ``kg`` on ``host:port`` until interrupted."""
    from ..util.extras import require

    for module in ("starlette", "uvicorn", "jinja2"):
        require(module, "web")
    import uvicorn

    from .app import create_app

    uvicorn.run(create_app(kg, limits), host=host, port=port, log_level="warning",
                timeout_graceful_shutdown=2)
