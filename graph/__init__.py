"""A knowledge graph of dotScale talks and the technologies they discuss.

The public API mirrors the ``dotscale`` command line. Heavy modules (pyshacl, networkx,
matplotlib) are imported only when the function that needs them is first used.

>>> import graph
>>> kg = graph.load()
>>> graph.validate(kg)
[]
>>> [row["speaker"] for row in graph.query(kg, graph.find("talks-about")).rows]
['Salvatore Sanfilippo']
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType
from typing import TYPE_CHECKING, Any

__version__ = "1.0.0"

# public name -> (module, name in that module)
_API = {
    "DotscaleError": ("errors", "DotscaleError"),
    "KnowledgeGraph": ("store", "KnowledgeGraph"),
    "ValidationError": ("errors", "ValidationError"),
    "analyze": ("analyze", "analyze"),
    "build": ("build", "build"),
    "draw": ("draw", "draw"),
    "export": ("export", "export"),
    "find": ("library", "find"),
    "load": ("load", "load"),
    "project": ("project", "project"),
    "query": ("query", "run"),
    "stats": ("stats", "stats"),
    "validate": ("validate", "validate"),
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

if TYPE_CHECKING:
    from .analyze import analyze
    from .build import build
    from .draw import draw
    from .errors import DotscaleError, ValidationError
    from .export import export
    from .library import find
    from .load import load
    from .project import project
    from .query import run as query
    from .stats import stats
    from .store import KnowledgeGraph
    from .validate import validate


class _Package(ModuleType):
    """Keeps ``graph.export`` (and the other API names) the function, not the submodule.

    Importing a submodule binds it as an attribute of its package; several submodules share
    their name with the function they define (``graph/export.py`` defines ``export``).
    Submodules stay importable as usual: ``from graph.export import serialize``.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _API and isinstance(value, ModuleType):
            return
        super().__setattr__(name, value)

    def __getattr__(self, name: str) -> Any:
        if name not in _API:
            raise AttributeError(f"module 'graph' has no attribute {name!r}")
        module, attribute = _API[name]
        value = getattr(importlib.import_module(f".{module}", __name__), attribute)
        super().__setattr__(name, value)
        return value

    def __dir__(self) -> list[str]:
        return sorted({*super().__dir__(), *__all__})


sys.modules[__name__].__class__ = _Package
