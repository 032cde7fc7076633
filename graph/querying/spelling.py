"""How a message names an option: as the command line writes it, or as Python does.

The same checks run under ``dotscale`` and under the Python API; their messages tell the user
what to change in what they wrote. :func:`command_line` marks the code the CLI runs.

>>> binding("tech", "Redis")
"bindings={'tech': 'Redis'}"
>>> with command_line():
...     binding("tech", "Redis"), option("--timeout SECONDS", "timeout=SECONDS")
('--bind tech=Redis', '--timeout SECONDS')
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_ON_COMMAND_LINE: ContextVar[bool] = ContextVar("dotscale_command_line", default=False)


@contextmanager
def command_line() -> Iterator[None]:
    """Within the block, messages name options as the ``dotscale`` command line writes them."""
    token = _ON_COMMAND_LINE.set(True)
    try:
        yield
    finally:
        _ON_COMMAND_LINE.reset(token)


def option(cli: str, python: str) -> str:
    """``cli`` under the command line, else ``python``."""
    return cli if _ON_COMMAND_LINE.get() else python


def binding(name: str, value: str) -> str:
    """A parameter given a value: ``--bind name=value``, or ``bindings={'name': 'value'}``."""
    return option(f"--bind {name}={value}", f"bindings={{{name!r}: {value!r}}}")
