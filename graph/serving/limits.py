"""What one request may cost: the same rules as ``dotscale query``, plus a server's bounds.

Every query runs through :func:`graph.query` (refusals of SERVICE, FROM of unloaded graphs
and updates; parameters bound as ``--bind`` binds them), in a worker thread, with a time limit.
At most :attr:`Limits.concurrent` queries run at once; a request waits at most
:attr:`Limits.wait` seconds for its turn, then gets 503 with ``Retry-After``. An answer of more
than :attr:`Limits.max_results` rows (or triples) is not sent (503), nor a body larger than
:attr:`Limits.max_body` read (413).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar, cast

from ..errors import DotscaleError

if TYPE_CHECKING:
    from ..loading.store import KnowledgeGraph
    from ..querying.execute import QueryResult
    from ..querying.library import LibraryQuery

T = TypeVar("T")


@dataclass(frozen=True)
class Limits:
    """The bounds of the server (``dotscale serve --timeout ...``)."""

    timeout: float = 10.0
    """Seconds a query may run."""
    max_results: int = 10_000
    """Rows of a SELECT answer, or triples of a CONSTRUCT or DESCRIBE answer."""
    concurrent: int = 4
    """Queries evaluated at once."""
    wait: float = 10.0
    """Seconds a request waits for a free slot before it is turned away."""
    max_body: int = 1 << 20
    """Bytes of a request body (a POSTed query)."""


class HttpError(Exception):
    """A request that cannot be answered: its status and a one-line message.

    >>> HttpError(404, "no such thing").status
    404
    """

    def __init__(self, status: int, message: str, headers: Mapping[str, str] | None = None
                 ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = dict(headers or {})


def answer_size(result: QueryResult) -> int:
    """Rows of a table, triples of a graph (an ASK answer is one)."""
    if result.graph is not None:
        return len(result.graph)
    if result.boolean is not None:
        return 1
    return len(result.bindings)


class Gate:
    """Runs the graph's work in worker threads, a few at a time, within the limits."""

    def __init__(self, kg: KnowledgeGraph, limits: Limits) -> None:
        self.kg = kg
        self.limits = limits
        self._slots: asyncio.Semaphore | None = None

    async def call(self, work: Callable[[], T]) -> T:
        """``work()`` in a worker thread once a slot is free: 503 after waiting too long; for
        its :class:`DotscaleError`, 408 when it came at the time limit (a query stopped), else
        400 with the error's message."""
        from starlette.concurrency import run_in_threadpool

        if self._slots is None:  # made in the server's event loop
            self._slots = asyncio.Semaphore(self.limits.concurrent)
        try:
            await asyncio.wait_for(self._slots.acquire(), self.limits.wait)
        except TimeoutError:
            raise HttpError(503, f"the server is busy: {self.limits.concurrent} queries are "
                                 "running; try again shortly",
                            {"Retry-After": "1"}) from None

        def timed() -> tuple[T | None, DotscaleError | None, float]:
            start = time.monotonic()
            try:
                return work(), None, 0.0
            except DotscaleError as error:
                return None, error, time.monotonic() - start

        try:
            value, error, elapsed = await run_in_threadpool(timed)
        finally:
            self._slots.release()
        if error is not None:
            if elapsed >= self.limits.timeout:
                raise HttpError(408, f"the query ran longer than the server's limit of "
                                     f"{self.limits.timeout:g} s and was stopped")
            # the command line's option names mean the request's parameters here
            raise HttpError(400, str(error).replace("--bind ", ""))
        return cast(T, value)

    async def query(self, query: str | LibraryQuery,
                    bindings: Mapping[str, str] | None = None) -> QueryResult:
        """The answer of ``query`` (a library query, or SPARQL text) as :func:`graph.query`
        gives it, within the limits (see :meth:`call`); 503 for too large an answer."""
        from ..querying.execute import run
        from ..querying.library import from_text

        if isinstance(query, str):  # SPARQL text, never a name or a path to read
            query = from_text(query, "query")
        asked = query
        result = await self.call(lambda: run(self.kg, asked, bindings=bindings,
                                             timeout=self.limits.timeout))
        if answer_size(result) > self.limits.max_results:
            raise HttpError(503, f"the answer has more than the server's limit of "
                                 f"{self.limits.max_results} results; add a LIMIT "
                                 "or narrow the query")
        return result
