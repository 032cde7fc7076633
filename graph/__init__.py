"""A knowledge graph of dotScale talks and the technologies they discuss.

The public API mirrors the ``dotscale`` command line. Heavy modules (pyshacl, networkx,
matplotlib) are imported only when the function that needs them is first used.

>>> import graph
>>> kg = graph.load()
>>> len(kg) > 0
True
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "1.0.0"

# public name -> module that defines it
_EXPORTS = {
    "load": "load",
    "KnowledgeGraph": "store",
    "DotscaleError": "errors",
    "ValidationError": "errors",
    "validate": "validate",
    "export": "export",
    "stats": "stats",
}

__all__ = [
    "DotscaleError",
    "KnowledgeGraph",
    "ValidationError",
    "export",
    "load",
    "stats",
    "validate",
]

if TYPE_CHECKING:
    from .errors import DotscaleError, ValidationError
    from .export import export
    from .load import load
    from .stats import stats
    from .store import KnowledgeGraph
    from .validate import validate


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'graph' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
