"""Importing optional packages, with a message that says which extra installs them."""

from __future__ import annotations

import importlib
from types import ModuleType

from ..errors import DotscaleError


def require(module: str, extra: str) -> ModuleType:
    """Import ``module``; if it is missing, fail with the command that installs it.

    >>> require("json", "none").__name__
    'json'
    """
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as error:
        if error.name != module.split(".")[0]:
            raise
        raise DotscaleError(f"this needs the optional package {error.name!r}: "
                            f"pip install 'dotscale-graph[{extra}]'") from None
