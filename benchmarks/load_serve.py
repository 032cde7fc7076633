"""A bounded load test of ``dotscale serve`` on loopback: N clients for a fixed time.

For each store (the default embedded store, rdflib's ``--store memory``, and ``--store
oxigraph`` on a fresh directory), a
``dotscale serve`` process is started on a free port of 127.0.0.1; ``--clients`` threads, each
with its own keep-alive connection, then send requests for ``--seconds``: pages of things (HTML,
and Turtle by content negotiation), library queries through ``/queries/NAME`` and SPARQL through
``/sparql`` (GET and POST). Every request is timed; any answer but 200 counts as an error. The
server's resident memory is read from ``/proc`` before and after, with its peak (``VmHWM``).

Run it as ``python -m benchmarks.load_serve [--clients 8] [--seconds 20] [--store memory]``.
It prints one table per store (requests per second, p50 and p99 latency, errors, memory) and
saves them as JSON with ``--json PATH``. Only loopback is ever addressed; every loop ends at its
deadline.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.util.columns import aligned

HOST = "127.0.0.1"
STORES = ("default", "memory", "oxigraph")
"""The default store (no --store: whatever ``dotscale`` embeds), rdflib's memory store, and
Oxigraph on disk."""
SPARQL = (
    "SELECT ?talk ?title WHERE { ?talk a ds:Talk ; rdfs:label ?title } ORDER BY ?title",
    "ASK { ?talk ds:mentions <https://w3id.org/dotscale/id/technology/redis> }",
    "CONSTRUCT { ?talk ds:speaker ?person } WHERE { ?talk ds:speaker ?person }",
    "SELECT ?kind (COUNT(?t) AS ?n) WHERE { ?t a ?kind } GROUP BY ?kind ORDER BY DESC(?n)",
)
LIBRARY = ("program", "talks-about?tech=Kafka", "technologies-by-kind", "talk-videos",
           "speaker-organizations")
SEED = 2015


@dataclass(frozen=True)
class Call:
    """One request of the mix: its kind (page, query, sparql), method, path, body, Accept."""

    kind: str
    method: str
    path: str
    accept: str
    body: bytes | None = None


@dataclass
class Timings:
    """What the clients saw: each kind's latencies (seconds) and errors."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float, ok: bool) -> None:
        with self.lock:
            self.latencies.setdefault(kind, []).append(seconds)
            if not ok:
                self.errors[kind] = self.errors.get(kind, 0) + 1


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def memory(pid: int) -> dict[str, float]:
    """The process's resident memory now and at its peak, in MiB (Linux ``/proc``)."""
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            found[key] = int(value.split()[0]) / 1024
    return found


@contextmanager
def server(store: str, workdir: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``dotscale serve --store ...`` on a free loopback port, stopped by SIGINT at the end."""
    spec = {"default": [], "memory": ["--store", "memory"],
            "oxigraph": ["--store", f"oxigraph:{workdir / 'oxigraph'}"]}[store]
    port = free_port()
    log = (workdir / "serve.log").open("wb")  # a pipe nobody reads could fill and block it
    process = subprocess.Popen([sys.executable, "-m", "graph", "serve", *spec,
                                "--host", HOST, "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=log)
    url = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                connection = http.client.HTTPConnection(HOST, port, timeout=2)
                connection.request("GET", "/sparql?query=ASK%7B%7D")
                connection.getresponse().read()
                connection.close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("dotscale serve did not start") from None
                time.sleep(0.1)
        yield url, process
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
        said = (workdir / "serve.log").read_text(errors="replace").splitlines()
        if len(said) > 1:  # more than its first line
            print("dotscale serve said:\n  " + "\n  ".join(said[-25:]), file=sys.stderr)


def things(url: str) -> list[str]:
    """The page paths of every thing under ``id/`` (asked of the server itself)."""
    query = ("SELECT DISTINCT ?x WHERE { ?x ?p ?o FILTER(isIRI(?x) && "
             "STRSTARTS(STR(?x), STR(id:))) } ORDER BY ?x")
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or HOST, parts.port, timeout=60)
    connection.request("GET", "/sparql?" + urllib.parse.urlencode({"query": query}),
                       headers={"Accept": "application/sparql-results+json"})
    rows = json.loads(connection.getresponse().read())["results"]["bindings"]
    connection.close()
    base = "https://w3id.org/dotscale/id/"
    return ["/id/" + row["x"]["value"][len(base):] for row in rows]


def mix(pages: list[str]) -> list[Call]:
    """The requests the clients cycle through: about half pages, half queries."""
    calls = [Call("page", "GET", path, "text/html") for path in pages]
    calls += [Call("page", "GET", path, "text/turtle") for path in pages[::4]]
    for name in LIBRARY:
        calls += [Call("query", "GET", f"/queries/{name}", "text/csv")] * 6
    for text in SPARQL:
        encoded = urllib.parse.urlencode({"query": text})
        accept = "application/sparql-results+json, text/turtle;q=0.9"
        calls += [Call("sparql", "GET", f"/sparql?{encoded}", accept)] * 8
        calls += [Call("sparql", "POST", "/sparql", accept, encoded.encode())] * 8
    random.Random(SEED).shuffle(calls)
    return calls


def client(url: str, calls: list[Call], start: int, until: float, timings: Timings) -> None:
    """Send ``calls`` in turn (from ``start``) on one keep-alive connection until ``until``."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or HOST, parts.port, timeout=60)
    index = start
    while time.monotonic() < until:
        call = calls[index % len(calls)]
        index += 1
        headers = {"Accept": call.accept}
        if call.body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        began = time.perf_counter()
        try:
            connection.request(call.method, call.path, body=call.body, headers=headers)
            response = connection.getresponse()
            response.read()
            ok = response.status == 200
        except (OSError, http.client.HTTPException):
            ok = False
            connection.close()
            connection = http.client.HTTPConnection(parts.hostname or HOST, parts.port,
                                                    timeout=60)
        timings.add(call.kind, time.perf_counter() - began, ok)
    connection.close()


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (``share`` in 0..1) of ``values``.

    >>> percentile([1.0, 2.0, 3.0, 4.0], 0.5), percentile([1.0, 2.0, 3.0, 4.0], 0.99)
    (2.0, 4.0)
    """
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))
    return ordered[int(rank) - 1]


def measure(store: str, clients: int, seconds: float) -> dict[str, Any]:
    """Run the load on one store; its numbers."""
    with tempfile.TemporaryDirectory() as folder, server(store, Path(folder)) as (url, process):
        calls = mix(things(url))
        before = memory(process.pid)
        timings = Timings()
        until = time.monotonic() + seconds
        threads = [threading.Thread(target=client, args=(url, calls, n * 97, until, timings))
                   for n in range(clients)]
        began = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - began
        after = memory(process.pid)
    rows = {}
    every = [t for values in timings.latencies.values() for t in values]
    for kind, values in (*sorted(timings.latencies.items()), ("all", every)):
        errors = (sum(timings.errors.values()) if kind == "all"
                  else timings.errors.get(kind, 0))
        rows[kind] = {"requests": len(values), "per_second": len(values) / elapsed,
                      "p50_ms": 1000 * percentile(values, 0.5),
                      "p99_ms": 1000 * percentile(values, 0.99), "errors": errors}
    return {"store": store, "clients": clients, "seconds": round(elapsed, 2), "rows": rows,
            "memory_mib": {"rss_before": round(before["VmRSS"], 1),
                           "rss_after": round(after["VmRSS"], 1),
                           "peak": round(after["VmHWM"], 1)}}


def table(result: dict[str, Any]) -> str:
    """One store's numbers as an aligned table."""
    header = ["requests", "count", "req/s", "p50 ms", "p99 ms", "errors"]
    lines = [[kind, str(r["requests"]), f"{r['per_second']:.1f}", f"{r['p50_ms']:.1f}",
              f"{r['p99_ms']:.1f}", str(r["errors"])] for kind, r in result["rows"].items()]
    mem = result["memory_mib"]
    title = (f"store {result['store']}: {result['clients']} clients, {result['seconds']} s; "
             f"server memory {mem['rss_before']} MiB before, {mem['rss_after']} MiB after, "
             f"peak {mem['peak']} MiB")
    return title + "\n" + "\n".join(aligned([header, *lines], right={1, 2, 3, 4, 5})) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load_serve",
                                     description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (8)")
    parser.add_argument("--seconds", type=float, default=20, help="time per store (20)")
    parser.add_argument("--store", choices=STORES, action="append",
                        help="a store to measure (repeatable; default: all three)")
    parser.add_argument("--json", type=Path, help="also save the numbers here")
    args = parser.parse_args(argv)
    if not 1 <= args.clients <= 64 or not 0 < args.seconds <= 600:
        parser.error("--clients must be 1 to 64 and --seconds more than 0, at most 600")
    results = []
    for store in args.store or STORES:
        result = measure(store, args.clients, args.seconds)
        print(table(result), flush=True)
        results.append(result)
    if args.json is not None:
        machine = {"python": platform.python_version(), "cpus": os.cpu_count(),
                   "system": platform.platform()}
        args.json.write_text(json.dumps({"machine": machine, "results": results}, indent=2))
    failed = sum(r["rows"]["all"]["errors"] for r in results)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
