"""The graph on a SPARQL 1.1 server: queries go to its query endpoint, changes to its update
endpoint, files to its Graph Store Protocol endpoint (streamed from disk, parsed by the server).

A store is named by ``sparql:URL`` (an Oxigraph server: ``URL/query``, ``URL/update`` and
``URL/store``) or ``sparql:QUERY_URL,UPDATE_URL,GSP_URL`` for any other server (Fuseki:
``http://host:3030/ds/query,http://host:3030/ds/update,http://host:3030/ds/data``). Without an
update URL the store only answers queries. The query dataset goes with every request
(``default-graph-uri``, ``named-graph-uri``); parameters are bound by a VALUES block of
serialised terms (:mod:`graph.loading.stores.values`), as the protocol has no bindings of its own.
"""

from __future__ import annotations

import http.client
import io
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, cast

from rdflib import BNode, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.query import Result
from rdflib.term import Identifier, Node

from ...errors import DotscaleError
from ...namespaces import PREFIXES
from ...querying.answer import QueryResult
from ..reading import reading
from . import waits
from .base import (
    MERGED_GRAPH,
    RESERVED_FILTER,
    LoadRefused,
    NativeStore,
    Quad,
    Stop,
    Triple,
    is_named,
    is_reserved,
)
from .values import with_values

MEDIA_TYPES = {"turtle": "text/turtle", "nt": "application/n-triples", "n3": "text/n3",
               "nquads": "application/n-quads", "trig": "application/trig",
               "json-ld": "application/ld+json", "xml": "application/rdf+xml"}
RESULTS = "application/sparql-results+json"
TRIPLES = "application/n-triples"
_PROLOGUE = "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in PREFIXES.items())
_LINE = re.compile(r"\bline (\d+)")
_TERMS = ("s", "p", "o")
_BATCH = 10_000
_CHUNK = 1 << 16
CONNECT_TIMEOUT = 10.0
"""Seconds to wait for a connection to the server."""
READ_TIMEOUT = 300.0
"""Seconds to wait for each part of an answer (a query's own ``--timeout`` may be shorter)."""


@dataclass(frozen=True)
class Endpoints:
    """The URLs of a SPARQL server: ``update`` and ``store`` (Graph Store Protocol) may be
    missing, for a server that is only queried."""

    query: str
    update: str | None = None
    store: str | None = None

    @classmethod
    def parse(cls, text: str) -> Endpoints:
        """The endpoints ``sparql:...`` names (the part after ``sparql:``).

        >>> Endpoints.parse("http://127.0.0.1:7878")
        Endpoints(query='http://127.0.0.1:7878/query', update='http://127.0.0.1:7878/update', store='http://127.0.0.1:7878/store')
        >>> Endpoints.parse("http://h/ds/sparql").update is None
        True
        """
        urls = [url.strip() for url in text.split(",")]
        for url in urls:
            parts = urllib.parse.urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise DotscaleError(f"--store sparql:{text}: {url!r} is not an http(s) URL")
        if len(urls) > 3:
            raise DotscaleError(f"--store sparql:{text}: expected at most three URLs "
                                "(query, update, graph store)")
        if len(urls) == 1 and urllib.parse.urlsplit(urls[0]).path in ("", "/"):
            base = urls[0].rstrip("/")
            return cls(f"{base}/query", f"{base}/update", f"{base}/store")
        return cls(*urls)


class SparqlStore(NativeStore):
    """The graph held by the SPARQL server at ``endpoints``."""

    kind = "sparql"

    def __init__(self, endpoints: Endpoints, *, timeout: float = READ_TIMEOUT) -> None:
        super().__init__()
        self.endpoints = endpoints
        self.timeout = timeout

    def merged(self, pattern: str) -> str:
        return f"GRAPH {MERGED_GRAPH.n3()} {{ {pattern} }}"

    # -- HTTP ------------------------------------------------------------------------------

    def _send(self, request: urllib.request.Request) -> Any:
        timeout = self.timeout
        if (end := waits.deadline()) is not None:
            timeout = max(min(timeout, end - time.monotonic()), 0.001)
        try:
            return _OPENER.open(request, timeout=timeout)
        except TimeoutError:
            raise DotscaleError(f"the SPARQL server at {request.full_url} did not answer "
                                f"within {timeout:.3g} s") from None
        except urllib.error.HTTPError as error:
            with error:
                body = error.read().decode("utf-8", "replace").strip()
            raise DotscaleError(f"the SPARQL server answered {error.code} {error.reason}: "
                                f"{body.splitlines()[0] if body else '(no message)'}") from None
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise DotscaleError(f"cannot reach the SPARQL server at {request.full_url}: "
                                f"{reason}") from None

    def _post_query(self, text: str, dataset: tuple[list[Node], list[Node]] | None = None
                    ) -> Any:
        """POST a query; ``dataset`` (default graphs, named graphs) goes with it if given."""
        fields = [("query", text)]
        if dataset is not None:
            fields += [("default-graph-uri", str(g)) for g in dataset[0]]
            fields += [("named-graph-uri", str(g)) for g in dataset[1]]
        request = urllib.request.Request(
            self.endpoints.query, data=urllib.parse.urlencode(fields).encode(),
            headers={"Accept": f"{RESULTS}, {TRIPLES};q=0.9",
                     "Content-Type": "application/x-www-form-urlencoded"})
        return self._send(request)

    def _writable(self, what: str, url: str | None) -> str:
        if url is None:
            raise DotscaleError(f"this SPARQL store has no {what} URL, so it cannot be changed; "
                                "give --store sparql:QUERY_URL,UPDATE_URL,GSP_URL")
        return url

    @property
    def writable(self) -> bool:
        return self.endpoints.update is not None

    def run_update(self, text: str) -> None:
        url = self._writable("update", self.endpoints.update)
        request = urllib.request.Request(
            url, data=urllib.parse.urlencode([("update", text)]).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"})
        self._send(request).close()

    def select(self, text: str, bindings: Mapping[str, Identifier] | None = None
               ) -> list[dict[str, Identifier]]:
        with self._post_query(with_values(text, bindings or {})) as response:
            result = Result.parse(io.BytesIO(response.read()), format="json")
        return [{str(k): v for k, v in row.items() if v is not None}
                for row in result.bindings]

    # -- quads -----------------------------------------------------------------------------

    def grouped_quads(self, s: Node | None, p: Node | None, o: Node | None,
                      graph: Node | None) -> Iterator[tuple[Triple, list[Node]]]:
        given: dict[str, Node | None] = {"s": s, "p": p, "o": o, "g": graph}
        # a blank node in a query is a variable: such terms are matched here instead
        blank = {k: v for k, v in given.items() if isinstance(v, BNode)}
        bound = {k: cast(Identifier, v) for k, v in given.items()
                 if v is not None and k not in blank}
        grouped: dict[Triple, list[Node]] = {}
        for row in self.select(_QUADS, bound):
            if all(row.get(k) == v for k, v in blank.items()):
                grouped.setdefault((row["s"], row["p"], row["o"]), []).append(row["g"])
        return iter(grouped.items())

    def add_quads(self, quads: Iterable[Quad], *, merge: bool) -> None:
        batch: list[str] = []
        for s, p, o, g in quads:
            triple = f"{s.n3()} {p.n3()} {o.n3()} ."
            batch.append(f"GRAPH {g.n3()} {{ {triple} }}")
            if merge:
                batch.append(self.merged(triple))
            if len(batch) >= _BATCH:
                self.run_update(f"INSERT DATA {{ {' '.join(batch)} }}")
                batch = []
        if batch:
            self.run_update(f"INSERT DATA {{ {' '.join(batch)} }}")

    def remove_quads(self, quads: list[Quad]) -> None:
        for start in range(0, len(quads), _BATCH):
            data = " ".join(f"GRAPH {g.n3()} {{ {a.n3()} {b.n3()} {c.n3()} }}"
                            for a, b, c, g in quads[start:start + _BATCH])
            self.run_update(f"DELETE DATA {{ {data} }}")

    def graph_names(self) -> list[Node]:
        return [g for g in self._every_graph() if not is_reserved(g)]

    def _every_graph(self) -> list[Node]:
        return [row["g"] for row in self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g {} }")]

    def _dataset(self) -> tuple[list[Node], list[Node]]:
        """The default graphs and named graphs of a query: the union, and the graphs but for
        rdflib's default graph (see :func:`~.base.is_named`). (A server that was never loaded
        by this program, and cannot be, has no union: there the default graph is every graph,
        which a server may count a shared triple in twice.)"""
        every = self._every_graph()
        graphs = [g for g in every if not is_reserved(g)]
        merged: list[Node] = [MERGED_GRAPH]
        return (merged if MERGED_GRAPH in every or self.writable else graphs), \
            [g for g in graphs if is_named(g)]

    def create_graph(self, graph: Node) -> None:
        """Nothing: a graph exists on a server once it holds a triple."""

    def drop_graph(self, graph: Node) -> None:
        self.run_update(f"DROP SILENT GRAPH {graph.n3()}")

    # -- files -----------------------------------------------------------------------------

    def read_file(self, path: Path, format_name: str, graph: URIRef | None, base_iri: str,
                  graphs: list[Node]) -> None:
        url = self._writable("graph store", self.endpoints.store)
        with reading(path) as stream:
            size = path.stat().st_size
            for name in graphs:
                self.forget(name)
            if graph is None:  # a quad format: the server's dataset endpoint
                for name in graphs:
                    self.drop_graph(name)
                self._put(url, "POST", stream, size, format_name, path)
                self.run_update(f"ADD DEFAULT TO {DATASET_DEFAULT_GRAPH_ID.n3()} ; "
                                "CLEAR DEFAULT")
            else:  # PUT replaces the graph, or leaves it as it was
                target = f"{url}?{urllib.parse.urlencode({'graph': str(graph)})}"
                try:
                    self._put(target, "PUT", stream, size, format_name, path)
                except DotscaleError as error:
                    self.merge(graph)
                    raise LoadRefused(error.message, path=error.path, line=error.line) from None
            for name in graphs:
                self.merge(name)

    def _put(self, url: str, method: str, stream: IO[bytes], size: int, format_name: str,
             path: Path) -> None:
        request = urllib.request.Request(
            url, data=stream, method=method,
            headers={"Content-Type": MEDIA_TYPES[format_name], "Content-Length": str(size)})
        try:
            self._send(request).close()
        except DotscaleError as error:
            line = _LINE.search(error.message)
            raise DotscaleError(f"the SPARQL server cannot read it: {error.message}", path=path,
                                line=int(line[1]) if line else None) from None

    # -- SPARQL ----------------------------------------------------------------------------

    def evaluate(self, text: str, bindings: Mapping[str, Identifier], *, own_dataset: bool,
                 projected: frozenset[str] | None, stop: Stop) -> QueryResult:
        dataset = None if own_dataset else self._dataset()
        with self._post_query(_PROLOGUE + with_values(text, bindings), dataset) as response:
            kind = response.headers.get_content_type()
            body = _read(response, stop)
        if kind == TRIPLES:
            return QueryResult("CONSTRUCT", triples=list(Graph().parse(data=body, format="nt")))
        if kind != RESULTS:
            raise DotscaleError(f"the SPARQL server answered in {kind}, not SPARQL JSON results")
        try:
            return QueryResult.of(Result.parse(io.BytesIO(body), format="json"))
        except (ValueError, KeyError, json.JSONDecodeError) as error:
            raise DotscaleError(f"the SPARQL server's answer cannot be read: {error}") from None


def _read(response: Any, stop: Stop) -> bytes:
    """The body of ``response``, read until ``stop`` is set (then the connection is closed,
    which tells the server to stop)."""
    chunks = []
    while chunk := response.read(_CHUNK):
        if stop.is_set():
            raise DotscaleError("the query was stopped")
        chunks.append(chunk)
    return b"".join(chunks)


class _Connecting:
    """An HTTP connection that waits at most :data:`CONNECT_TIMEOUT` to connect, then its
    own timeout for each read."""

    timeout: float | None
    sock: Any

    def connect(self) -> None:
        read_timeout = self.timeout
        self.timeout = min(CONNECT_TIMEOUT, read_timeout or CONNECT_TIMEOUT)
        try:
            super().connect()  # type: ignore[misc]
        finally:
            self.timeout = read_timeout
        self.sock.settimeout(read_timeout)


class _HTTPConnection(_Connecting, http.client.HTTPConnection):
    pass


class _HTTPSConnection(_Connecting, http.client.HTTPSConnection):
    pass


class _HTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req: urllib.request.Request) -> Any:
        return self.do_open(_HTTPConnection, req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req: urllib.request.Request) -> Any:
        return self.do_open(_HTTPSConnection, req,
                            context=getattr(self, "_context", None))


_OPENER = urllib.request.build_opener(_HTTPHandler, _HTTPSHandler)


_QUADS = f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {RESERVED_FILTER} }}"

