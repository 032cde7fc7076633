"""A knowledge graph of dotScale talks and the technologies they discuss.

The public API mirrors the ``dotscale`` command line. Heavy modules (pyshacl, networkx,
matplotlib) are imported only when the function that needs them is first used.

The package follows the data flow: ``importing`` (sources into triples), ``linking`` (names
into nodes), ``loading`` (files into a store), ``validating`` (SHACL), ``querying`` (the query
library and SPARQL), ``drawing`` (projections into networkx, pictures, analysis),
``exporting`` (RDF formats and documentation), ``pipeline`` (the main job) and ``cli``.

>>> import graph
>>> kg = graph.load()
>>> graph.validate(kg)
[]
>>> [row["speaker"] for row in graph.query(kg, graph.find("talks-about")).rows]
['Salvatore Sanfilippo']
"""

from __future__ import annotations

from importlib import import_module as _import_module
from typing import TYPE_CHECKING as _TYPE_CHECKING
from typing import Any as _Any

__version__ = "1.0.0"

# public name -> (module, name in that module)
_API = {
    "DotscaleError": ("errors", "DotscaleError"),
    "KnowledgeGraph": ("loading.store", "KnowledgeGraph"),
    "ValidationError": ("errors", "ValidationError"),
    "analyze": ("drawing.analysis", "analyze"),
    "build": ("pipeline", "build"),
    "draw": ("drawing.render", "draw"),
    "export": ("exporting.serialize", "export"),
    "find": ("querying.library", "find"),
    "load": ("loading.loader", "load"),
    "project": ("drawing.projection", "project"),
    "query": ("querying.execute", "run"),
    "stats": ("querying.stats", "stats"),
    "validate": ("validating.shacl", "validate"),
}

__all__ = [
    "DotscaleError",
    "KnowledgeGraph",
    "ValidationError",
    "analyze",
    "build",
    "draw",
    "export",
    "find",
    "load",
    "project",
    "query",
    "stats",
    "validate",
]

if _TYPE_CHECKING:
    from .drawing.analysis import analyze
    from .drawing.projection import project
    from .drawing.render import draw
    from .errors import DotscaleError, ValidationError
    from .exporting.serialize import export
    from .loading.loader import load
    from .loading.store import KnowledgeGraph
    from .pipeline import build
    from .querying.execute import run as query
    from .querying.library import find
    from .querying.stats import stats
    from .validating.shacl import validate


def __getattr__(name: str) -> _Any:
    """Import an API name's module on first use (PEP 562), so ``import graph`` stays cheap."""
    if name not in _API:
        raise AttributeError(f"module 'graph' has no attribute {name!r}")
    module, attribute = _API[name]
    value = getattr(_import_module(f".{module}", __name__), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*__all__, "__version__"})
