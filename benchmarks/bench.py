"""Measuring the stores, from a thousand triples to ten million.

For each size, a synthetic programme (:mod:`benchmarks.generate`) is loaded beside the bundled
graph, then each store runs the steps a user runs: load, validate, every library query with its
default parameters, a projection, a drawing of its 100 most connected nodes and a Turtle export.
The Oxigraph store is on disk, as raw pyoxigraph's is; its projection is measured on the default
store (Oxigraph in memory) too.
Next to them, raw pyoxigraph (``Store.bulk_load`` and ``Store.query``) and plain rdflib
(``Graph.parse`` and ``Graph.query``) load the same two files and answer the same queries with
the same parameter terms; raw pyoxigraph also writes the union of its graphs as sorted Turtle
(``sorted(..., key=str)`` then ``pyoxigraph.serialize``), and the fastest validator installed,
pyshacl-turbo, validates the same triples held in an Oxigraph store in memory.

Every store and size runs in a fresh process, so that the peak resident memory
(``ru_maxrss``, read after each step) is that run's own: the peak after a step is the largest
the process has been so far. For the SPARQL store the server's own peak (``VmHWM``) is read
too. A step expected to take longer than ``--max-seconds`` (its time at the size below, scaled
by the size) is skipped, with the reason; a query is also stopped at that limit.

Run it as ``scripts/bench`` (``python -m benchmarks.bench``); ``--quick`` runs the two smallest
sizes. The table is printed and saved as JSON with the machine it ran on.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import queue
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from graph.errors import DotscaleError
from graph.namespaces import GRAPHS
from graph.util.columns import aligned
from tests.helpers.oxigraph_server import Server

SIZES = (1_000, 10_000, 100_000, 1_000_000, 10_000_000)
QUICK = (1_000, 10_000)
STORES = ("memory", "oxigraph", "sparql")
RAW = ("pyoxigraph", "rdflib")
ENGINES = STORES + RAW
RAW_OF = {"memory": "rdflib", "oxigraph": "pyoxigraph", "sparql": "pyoxigraph"}
PROJECTION = "graph-technology-co-mention"
IN_MEMORY = "project in memory"  # the step that projects on the default store too
TALKS_PER_CONFERENCE = 30
SEED = 2015


@dataclass
class Run:
    """What one engine did at one size: each step's seconds and peak memory, or why not."""

    engine: str
    size: int
    steps: dict[str, dict[str, Any]] = field(default_factory=dict)
    server_rss_mb: float | None = None

    def seconds(self, step: str) -> float | None:
        return self.steps.get(step, {}).get("seconds")

    def queries(self) -> dict[str, float | None]:
        return {name.removeprefix("query:"): value.get("seconds")
                for name, value in self.steps.items() if name.startswith("query:")}

    def peak_mb(self) -> float | None:
        """The peak of the steps on this store (not of the copy in memory the projection is
        measured on too)."""
        peaks = [v["rss_mb"] for name, v in self.steps.items()
                 if "rss_mb" in v and name != IN_MEMORY]
        return max(peaks) if peaks else None


# -- one run, in its own process -------------------------------------------------------------


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


_KEEP = ("load", "project")  # steps whose value later steps use
_LEFT_BEHIND = 3  # the exit code of a run that ended early, its engine at work (_LeftBehind)
_SHORT = 0.1  # seconds: a query answered sooner is timed again, ...
_TIMES = 9  # ... at least this many times in all, ...
_TIMED_FOR = 0.3  # ... and until this many seconds are timed (up to _MOST_TIMES), median kept
_MOST_TIMES = 5000


class _Steps:
    """Times each step, or skips it when it is expected to take too long; ``emit`` hears of
    each step as it starts and ends. ``job["done"]`` names the steps an earlier run of the
    same job settled (True: measured, and run again silently if a later step needs it)."""

    def __init__(self, job: dict[str, Any],
                 emit: Callable[[dict[str, Any]], None] = lambda _: None, *,
                 restartable: bool = False) -> None:
        self.job = job
        self.restartable = restartable  # a step that leaves work behind ends the run
        self.budget: float = job["max_seconds"]
        self.done: dict[str, bool] = job.get("done", {})
        self.emit = emit
        self.results: dict[str, dict[str, Any]] = {}

    def _record(self, name: str, result: dict[str, Any]) -> None:
        self.results[name] = result
        self.emit({"done": name, "result": result})

    def __call__(self, name: str, work: Callable[[], Any], *, needs: str | None = None,
                 again: bool = False) -> Any:
        """``work()``, timed; if ``again``, and it took under :data:`_SHORT` seconds, timed
        again, at least :data:`_TIMES` times in all and until :data:`_TIMED_FOR` seconds are
        timed, the median kept (a fraction of a millisecond measured once, or a few times, is
        mostly noise)."""
        if name in self.done:
            return work() if self.done[name] and name in _KEEP else None
        if needs is not None and not (self.done.get(needs)
                                      or "seconds" in self.results.get(needs, {})):
            self._record(name, {"skipped": f"no {needs}"})
            return None
        expected = self.job["expected"].get(name)
        if expected is not None and expected > self.budget:
            why = ("skipped at the size below" if expected == float("inf") else
                   f"expected to take {expected:,.0f} s (more than {self.budget:g} s)")
            self._record(name, {"skipped": why})
            return None
        self.emit({"start": name})
        started = time.perf_counter()
        try:
            value = work()
        except DotscaleError as error:
            self._record(name, {"skipped": str(error)})
            if self.restartable and _engine_busy():
                raise _LeftBehind from None
            return None
        seconds = value.seconds if isinstance(value, Measured) else \
            time.perf_counter() - started
        if again and seconds < _SHORT:
            times = [seconds]
            while len(times) < _TIMES or (sum(times) < _TIMED_FOR and len(times) < _MOST_TIMES):
                started = time.perf_counter()
                work()
                times.append(time.perf_counter() - started)
            seconds = statistics.median(times)
        self._record(name, {"seconds": seconds, "rss_mb": _peak_mb()})
        return value


@dataclass(frozen=True)
class Measured:
    """What a step hands back when only part of its work is to be timed: that part's time."""

    seconds: float


def _run_store(job: dict[str, Any], step: _Steps) -> None:
    from graph.drawing.projection import project
    from graph.drawing.render import draw
    from graph.exporting.serialize import export
    from graph.loading.loader import load
    from graph.querying.execute import run
    from graph.querying.library import all_queries
    from graph.validating.shacl import validate

    work = Path(job["work"])
    kg = step("load", lambda: load(store=job["store"], data=[job["data"]]))
    step("validate", lambda: validate(kg), needs="load")
    for query in all_queries():
        if job["queries"] is None or query.name in job["queries"]:
            step(f"query:{query.name}", partial(run, kg, query, timeout=step.budget),
                 needs="load", again=True)
    graph = step("project", lambda: project(kg, PROJECTION), needs="load")
    step("draw", lambda: draw(graph, work / "bench.png", top=100), needs="project")
    step("export", lambda: export(kg, "ttl", work / "bench.ttl"), needs="load")
    if job["engine"] == "oxigraph":  # the store above is on disk, as raw pyoxigraph's is
        step(IN_MEMORY, partial(_project_in_memory, job), needs="project")


def _project_in_memory(job: dict[str, Any]) -> Measured:
    """The projection on the default store, Oxigraph in memory (loaded before the clock
    starts), which a command given no ``--store`` uses."""
    from graph.drawing.projection import project
    from graph.loading.loader import load

    kg = load(data=[job["data"]])
    started = time.perf_counter()
    project(kg, PROJECTION)
    return Measured(time.perf_counter() - started)


def _run_pyoxigraph(job: dict[str, Any], step: _Steps) -> None:
    """The same dataset in a plain pyoxigraph store: the bundled graphs from N-Quads, the
    synthetic file in its named graph; queries over the union of the graphs (which Oxigraph
    0.5 adds up: a triple two graphs hold counts twice). For reference, the file is also loaded
    alone into the default graph of another store."""
    import pyoxigraph as ox

    from graph.loading.stores.values import with_values
    from graph.querying.library import all_queries

    work = Path(job["work"])

    def load(*, alone: bool = False) -> Any:
        path = work / ("raw-default" if alone else "raw")
        shutil.rmtree(path, ignore_errors=True)
        store = ox.Store(str(path))
        if alone:
            store.bulk_load(path=job["data"], format=ox.RdfFormat.N_TRIPLES)
        else:
            store.bulk_load(path=job["bundled"], format=ox.RdfFormat.N_QUADS)
            store.bulk_load(path=job["data"], format=ox.RdfFormat.N_TRIPLES,
                            to_graph=ox.NamedNode(job["graph"]))
        store.flush()
        return store

    step("load into the default graph", partial(load, alone=True))
    store = step("load", load)
    step("validate", partial(_validate_raw, job), needs="load")
    for query in all_queries():  # the text the oxigraph store sends, parameters as VALUES
        if job["queries"] is None or query.name in job["queries"]:
            text = with_values(query.text, _terms(job["terms"][query.name]))
            step(f"query:{query.name}", partial(_ask_pyoxigraph, store, text), needs="load",
                 again=True)
    step("export", partial(_sorted_turtle, store, work / "raw.ttl"), needs="load")


def _sorted_turtle(store: Any, path: Path) -> None:
    """The union of the store's graphs, each triple once, sorted and written as Turtle."""
    import pyoxigraph as ox

    from graph.namespaces import PREFIXES

    triples = sorted({quad.triple for quad in store}, key=str)
    ox.serialize(triples, str(path), format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)


def _validate_raw(job: dict[str, Any]) -> Measured:
    """pyshacl-turbo on the two files' triples in an Oxigraph store in memory (filled before
    the clock starts), against the bundled shapes: the fastest validator measured."""
    import pyoxigraph as ox
    import pyshacl_turbo
    from rdflib import Graph

    from graph.util.resources import SHAPES_FILE

    union = ox.Store()
    union.extend(ox.Quad(q.subject, q.predicate, q.object)
                 for q in ox.parse(path=job["bundled"], format=ox.RdfFormat.N_QUADS))
    union.bulk_load(path=job["data"], format=ox.RdfFormat.N_TRIPLES)
    shapes = Graph().parse(SHAPES_FILE, format="turtle")
    started = time.perf_counter()
    pyshacl_turbo.validate(union, shacl_graph=shapes, inference="none", advanced=True,
                           allow_warnings=True)
    return Measured(time.perf_counter() - started)


def _run_rdflib(job: dict[str, Any], step: _Steps) -> None:
    """The same dataset in a plain rdflib Dataset whose default graph is the union."""
    from rdflib import Dataset, URIRef

    from graph.querying.library import all_queries

    def load() -> Dataset:
        dataset = Dataset(default_union=True)
        dataset.parse(job["bundled"], format="nquads")
        dataset.graph(URIRef(job["graph"])).parse(job["data"], format="nt")
        return dataset

    dataset = step("load", load)
    for query in all_queries():
        if job["queries"] is None or query.name in job["queries"]:
            step(f"query:{query.name}",
                 partial(_ask_rdflib, dataset, query.text, _terms(job["terms"][query.name])),
                 needs="load", again=True)


def _ask_pyoxigraph(store: Any, text: str) -> int:
    from graph.namespaces import PREFIXES

    return _consume(store.query(text, prefixes=PREFIXES, use_default_graph_as_union=True))


def _ask_rdflib(graph: Any, text: str, terms: dict[str, Any]) -> int:
    from graph.namespaces import PREFIXES

    return _consume(graph.query(text, initNs=PREFIXES, initBindings=terms))


def _terms(written: dict[str, str]) -> dict[str, Any]:
    from rdflib.util import from_n3

    return {name: from_n3(term) for name, term in written.items()}


def _consume(answer: Any) -> int:
    """Read a whole answer (each value of each row, each triple, or a boolean), as a user of
    the engine would: the number of values read."""
    kind = getattr(answer, "type", type(answer).__name__)  # rdflib's Result has a type
    if kind in ("QueryBoolean", "ASK"):
        return 1
    if kind in ("QueryTriples", "CONSTRUCT", "DESCRIBE"):
        return sum(1 for _ in answer)
    return sum(1 for row in answer for _ in row)


class _LeftBehind(Exception):
    """A step was stopped, and the engine goes on with its work in the background: the steps
    after it would share the machine with that work, so they run in a fresh process."""


def _engine_busy() -> bool:
    """Whether a query's thread is still at work (one that was stopped finishes the step the
    engine is in the middle of: see :mod:`graph.querying.execute`)."""
    from graph.querying.execute import QUERY_THREAD

    return any(thread.name == QUERY_THREAD for thread in threading.enumerate())


def run_job(job: dict[str, Any], emit: Callable[[dict[str, Any]], None] = lambda _: None, *,
            restartable: bool = False) -> tuple[dict[str, dict[str, Any]], bool]:
    """Run one engine at one size (``job`` as :func:`benchmark` writes it): each step's
    result, and whether the run ended early (if ``restartable``), a stopped step having left
    the engine at work, for the steps after it to run in a fresh process."""
    step = _Steps(job, emit, restartable=restartable)
    try:
        {"pyoxigraph": _run_pyoxigraph, "rdflib": _run_rdflib}.get(job["engine"], _run_store)(
            job, step)
    except _LeftBehind:
        return step.results, True
    return step.results, False


# -- the whole benchmark ---------------------------------------------------------------------


@dataclass
class Settings:
    """What to measure, where, and for how long at most."""

    sizes: tuple[int, ...] = QUICK
    engines: tuple[str, ...] = ENGINES
    max_seconds: float = 300
    work: Path | None = None
    queries: tuple[str, ...] | None = None
    inline: bool = False  # run each job in this process (for tests: memory peaks then mix)
    startup_runs: int = 7  # alternating pairs of processes: a query, and `import rdflib`
    build_runs: int = 3  # builds of the bundled graph, each in a process of its own


def _process_seconds(command: Sequence[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started


def _median(values: Sequence[float]) -> float | None:
    ordered = sorted(values)
    return ordered[len(ordered) // 2] if ordered else None


def startup(settings: Settings) -> dict[str, Any]:
    """What a user feels on the bundled graph: ``dotscale query program`` against its peer
    ``python -c "import rdflib"`` (whole processes, in alternating pairs), and the build's own
    work (:attr:`graph.pipeline.BuildReport.seconds`, each build in a fresh process); medians."""
    import graph

    query = [sys.executable, "-m", "graph", "query", "program"]
    peer = [sys.executable, "-c", "import rdflib"]
    if settings.startup_runs:
        # compiled, as pip compiles an installed package (and as rdflib is), where
        # PYTHONDONTWRITEBYTECODE would leave every run compiling this package again
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(graph.__file__).parent)],
                       check=True, capture_output=True)
        _process_seconds(query)  # the bundled graph's cache, as after the first run
    pairs = [(_process_seconds(query), _process_seconds(peer))
             for _ in range(settings.startup_runs)]
    builds = []
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(settings.build_runs):
            done = subprocess.run(
                [sys.executable, "-c", "import sys; from graph.pipeline import build; "
                 "print(build(sys.argv[1]).seconds)", str(Path(folder) / "out")],
                check=True, capture_output=True, text=True)
            builds.append(float(done.stdout))
    return {"query_seconds": _median([q for q, _ in pairs]),
            "import_rdflib_seconds": _median([r for _, r in pairs]),
            "build_seconds": _median(builds), "runs": settings.startup_runs,
            "builds": settings.build_runs}


def machine() -> dict[str, Any]:
    """The machine and the versions that ran the benchmark."""
    from importlib.metadata import PackageNotFoundError, version

    cpu = next((line.split(":", 1)[1].strip() for line in _lines("/proc/cpuinfo")
                if line.startswith("model name")), platform.processor())
    memory = next((int(line.split()[1]) / 1024 / 1024 for line in _lines("/proc/meminfo")
                   if line.startswith("MemTotal")), None)
    versions: dict[str, str | None] = {}
    for package in ("rdflib", "pyoxigraph", "oxigraph", "pyshacl", "pyshacl-turbo"):
        try:
            versions[package] = version(package)
        except PackageNotFoundError:
            versions[package] = None
    return {"cpus": os.cpu_count(), "cpu": cpu, "memory_gib": memory,
            "python": platform.python_version(), "system": platform.platform(), **versions}


def _lines(path: str) -> list[str]:
    try:
        return Path(path).read_text(encoding="utf-8").splitlines()
    except OSError:
        return []


def _prepare(work: Path) -> tuple[Path, dict[str, dict[str, str]]]:
    """The bundled graph as N-Quads, and each library query's default parameter terms."""
    from graph.loading.loader import load
    from graph.querying.execute import initial_bindings, parse
    from graph.querying.library import all_queries

    kg = load()
    bundled = work / "bundled.nq"
    bundled.write_text(kg.serialize(format="nquads"), encoding="utf-8")
    terms: dict[str, dict[str, str]] = {}
    for query in all_queries():
        parsed = parse(query.text, query.name)
        terms[query.name] = {name: term.n3() for name, term in
                             initial_bindings(kg, query.params, parsed, {}, query.name).items()}
    return bundled, terms


def _data(work: Path, size: int) -> tuple[Path, int, float]:
    """The synthetic programme of about ``size`` triples: its file, triples and seconds."""
    from graph.util.atomic import atomic_writer

    from .generate import generate, sizes_for

    path = work / f"synthetic-{size}.nt"
    started = time.perf_counter()
    with atomic_writer(path) as out:
        count = generate(out, conferences=sizes_for(size, TALKS_PER_CONFERENCE),
                         talks_per_conference=TALKS_PER_CONFERENCE, seed=SEED, limit=size)
    return path, count, time.perf_counter() - started


def _expected(previous: Run | None, size: int) -> dict[str, float]:
    """Each step's expected seconds at ``size``: its time at the size below, scaled."""
    if previous is None:
        return {}
    scale = size / previous.size
    return {name: value["seconds"] * scale if "seconds" in value else float("inf")
            for name, value in previous.steps.items()}


def _run_served(job: dict[str, Any], settings: Settings, location: Path
                ) -> tuple[dict[str, dict[str, Any]], float | None]:
    """Run a job on the SPARQL store, against a server started for it: the steps' results
    and the server's peak memory."""
    try:
        server = Server(location)
        server.start()
    except DotscaleError as error:
        return {"load": {"skipped": str(error)}}, None
    peaks: list[float] = []

    def restart() -> None:  # the job runs again against the same data, on a new port
        peaks.append(_server_peak_mb(server) or 0)
        server.restart()
        job["store"] = f"sparql:{server.url}"

    try:
        job["store"] = f"sparql:{server.url}"
        steps = _run(job, settings, restart)
        peaks.append(_server_peak_mb(server) or 0)
    finally:
        server.stop()
    return steps, max(peaks)


def _server_peak_mb(server: Server) -> float | None:
    if server.process is None:
        return None
    for line in _lines(f"/proc/{server.process.pid}/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None


def _run(job: dict[str, Any], settings: Settings,
         restart: Callable[[], None] | None = None) -> dict[str, dict[str, Any]]:
    """Run a job in a fresh process. A step that gives no sign for ``--max-seconds`` (and a
    minute) is stopped with its process (a query the engine is computing cannot be stopped
    otherwise), ``restart`` is called, and the job runs again without the steps settled; so
    does it after a step stopped by its timeout that left the engine at work
    (:class:`_LeftBehind`)."""
    if settings.inline:
        return run_job(job)[0]
    results: dict[str, dict[str, Any]] = {}
    watchdog = settings.max_seconds + 60
    errors = Path(job["work"]) / "errors.txt"
    while True:
        done = {name: "seconds" in result for name, result in results.items()}
        with errors.open("w", encoding="utf-8") as stderr:
            process = subprocess.Popen(
                [sys.executable, "-m", "benchmarks.bench", "--job",
                 json.dumps({**job, "done": done})],
                stdout=subprocess.PIPE, stderr=stderr, text=True)
        lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=_pump, args=(process, lines), daemon=True).start()
        current: str | None = None
        while True:
            try:
                line = lines.get(timeout=watchdog)
            except queue.Empty:
                process.kill()
                process.wait()
                results[current or "load"] = {"skipped": f"stopped after {watchdog:,.0f} s"}
                if restart is not None:
                    restart()
                break
            if line is None:
                code = process.wait()
                if code == 0 and current is None:
                    return results
                if code == _LEFT_BEHIND and current is None:
                    break  # the steps left, in a fresh process
                last = (errors.read_text(encoding="utf-8").strip().splitlines()
                        or ["no message"])[-1]
                failure = {"skipped": f"the run failed: {last}"}
                if current is None:  # between steps: nothing to leave out and try again
                    results.setdefault("load", failure)
                    return results
                results[current] = failure
                break
            message = json.loads(line)
            if "start" in message:
                current = message["start"]
            else:
                results[message["done"]] = message["result"]
                current = None


def _pump(process: subprocess.Popen[str], lines: queue.Queue[str | None]) -> None:
    """Hand each line the process writes to ``lines``; None at the end."""
    assert process.stdout is not None
    with process.stdout:
        for line in process.stdout:
            lines.put(line)
    lines.put(None)


def benchmark(settings: Settings, *, report: Callable[[str], None] = print) -> dict[str, Any]:
    """Run the benchmark; return everything measured (what :func:`main` saves as JSON)."""
    work = settings.work or Path(tempfile.mkdtemp(prefix="dotscale-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        bundled, terms = _prepare(work)
        runs: dict[int, dict[str, Run]] = {}
        sizes: dict[int, dict[str, Any]] = {}
        previous: dict[str, Run] = {}
        for size in settings.sizes:
            data, count, generated = _data(work, size)
            sizes[size] = {"triples": count, "generate_seconds": generated}
            runs[size] = {}
            for engine in settings.engines:
                report(f"bench: {count:,} triples, {engine}")
                job = {"engine": engine, "size": size, "data": str(data),
                       "bundled": str(bundled), "terms": terms,
                       "work": str(work), "max_seconds": settings.max_seconds,
                       "queries": settings.queries, "graph": str(GRAPHS[data.stem]),
                       "expected": _expected(previous.get(engine), size),
                       "store": "memory" if engine == "memory"
                       else f"oxigraph:{work / f'store-{size}'}"}
                run = Run(engine, size)
                if engine == "sparql":
                    run.steps, run.server_rss_mb = _run_served(job, settings,
                                                               work / f"server-{size}")
                else:
                    run.steps = _run(job, settings)
                runs[size][engine] = previous[engine] = run
                for leftover in (f"store-{size}", f"server-{size}", "raw", "raw-default"):
                    shutil.rmtree(work / leftover, ignore_errors=True)
            data.unlink()
    finally:
        if settings.work is None:
            shutil.rmtree(work, ignore_errors=True)
    report("bench: start-up and the build of the bundled graph")
    return {"machine": machine(), "startup": startup(settings),
            "settings": {"sizes": list(settings.sizes), "engines": list(settings.engines),
                         "max_seconds": settings.max_seconds, "projection": PROJECTION,
                         "memory": "peak resident set size (ru_maxrss) of a fresh process per "
                                   "store and size, read after each step"},
            "sizes": {str(size): {**sizes[size],
                                  "runs": {e: {"steps": r.steps, "server_rss_mb": r.server_rss_mb}
                                           for e, r in runs[size].items()}}
                      for size in runs}}


# -- the table ---------------------------------------------------------------------------------


def _runs(results: dict[str, Any]) -> Iterator[tuple[int, dict[str, Run]]]:
    for size, measured in results["sizes"].items():
        yield measured["triples"], {
            engine: Run(engine, int(size), run["steps"], run["server_rss_mb"])
            for engine, run in measured["runs"].items()}


def _seconds(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:,.0f}" if value >= 100 else f"{value:.2f}" if value < 10 else f"{value:.1f}"


def _ratio(ours: float | None, raw: float | None) -> float | None:
    return ours / raw if ours is not None and raw else None


def table(results: dict[str, Any]) -> str:
    """The results as a plain-text table: one row per size and engine, then the queries one
    by one at the largest size, then the reasons for what was skipped.

    ``load/raw`` compares a store's load with the raw engine's (for Oxigraph and the server:
    pyoxigraph loading the same files into the same named graphs); ``queries/raw`` the time
    of the queries both answered, summed; ``validate/raw`` the validation with pyshacl-turbo's
    on the same triples, ``export/raw`` the Turtle export with pyoxigraph writing sorted
    Turtle. ``queries s`` says how many of the queries ran
    when some did not. ``peak MB`` adds the server's own peak in parentheses."""
    head = ("triples", "store", "load s", "triples/s", "load/raw", "validate s", "validate/raw",
            "queries s", "queries/raw", "project s", "draw s", "export s", "export/raw",
            "peak MB")
    rows: list[tuple[str, ...]] = []
    skipped: dict[str, set[str]] = {}
    largest: tuple[int, dict[str, Run]] | None = None
    for triples, runs in _runs(results):
        largest = (triples, runs)
        for engine, run in runs.items():
            raw = runs.get(RAW_OF.get(engine, ""))
            load = run.seconds("load")

            def against_raw(step: str, mine: Run = run, theirs: Run | None = raw) -> str:
                ratio = _ratio(mine.seconds(step), theirs.seconds(step) if theirs else None)
                return f"{ratio:.2f}" if ratio else "-"

            queries = run.queries()
            theirs = raw.queries() if raw else {}
            both = [n for n, v in queries.items() if v is not None and theirs.get(n) is not None]
            ratio = _ratio(sum(queries[n] or 0 for n in both), sum(theirs[n] or 0 for n in both))
            done = [v for v in queries.values() if v is not None]
            peak = run.peak_mb()
            server = f" (+{run.server_rss_mb:,.0f})" if run.server_rss_mb else ""
            rows.append((
                f"{triples:,}", engine, _seconds(load),
                f"{triples / load:,.0f}" if load else "-", against_raw("load"),
                _seconds(run.seconds("validate")), against_raw("validate"),
                _seconds(sum(done)) + ("" if len(done) == len(queries) else
                                       f" ({len(done)}/{len(queries)})"),
                f"{ratio:.2f}" if ratio else "-",
                _seconds(run.seconds("project")), _seconds(run.seconds("draw")),
                _seconds(run.seconds("export")), against_raw("export"),
                (f"{peak:,.0f}" if peak else "-") + server))
            for name, value in run.steps.items():
                if "skipped" in value:
                    skipped.setdefault(f"{engine} {name}: {value['skipped']}", set()).add(
                        f"{triples:,}")
    lines = [*_startup_lines(results.get("startup", {})), *_aligned(head, rows)]
    in_memory = [f"{triples:,}: {_seconds(seconds)} s" for triples, runs in _runs(results)
                 if "oxigraph" in runs
                 and (seconds := runs["oxigraph"].seconds(IN_MEMORY)) is not None]
    if in_memory:
        lines += ["", f"{PROJECTION} projected on the default store (Oxigraph in memory; above, "
                  f"on disk): {', '.join(in_memory)}"]
    if largest is not None:
        lines += ["", *_query_table(*largest)]
    if skipped:
        lines += ["", "skipped:"] + [f"  {why} (at {', '.join(sorted(sizes, key=len))})"
                                     for why, sizes in sorted(skipped.items())]
    return "\n".join(lines) + "\n"


def _startup_lines(measured: dict[str, Any]) -> list[str]:
    """The start-up and the build, a line each, then a blank line (none if not measured)."""
    lines = []
    query, peer = measured.get("query_seconds"), measured.get("import_rdflib_seconds")
    if query and peer:
        lines.append(f"start-up: `dotscale query program` {query:.3f} s, `python -c \"import "
                     f"rdflib\"` {peer:.3f} s: {query / peer:.2f}x (medians of "
                     f"{measured['runs']} alternating pairs of processes)")
    if measured.get("build_seconds") is not None:
        lines.append(f"build of the bundled graph: {measured['build_seconds']:.2f} s of its "
                     f"own work (median of {measured['builds']}, each in a fresh process)")
    return [*lines, ""] if lines else []


def _query_table(triples: int, runs: dict[str, Run]) -> list[str]:
    engines = [e for e in ENGINES if e in runs]
    names = sorted({name for run in runs.values() for name in run.queries()})
    head = ("query", *(f"{e} s" for e in engines),
            *(f"{e}/raw" for e in STORES if e in runs and RAW_OF[e] in runs))
    rows = []
    for name in names:
        seconds = [runs[e].queries().get(name) for e in engines]
        ratios = [_ratio(runs[e].queries().get(name), runs[RAW_OF[e]].queries().get(name))
                  for e in STORES if e in runs and RAW_OF[e] in runs]
        rows.append((name, *map(_seconds, seconds),
                     *(f"{r:.2f}" if r else "-" for r in ratios)))
    return [f"queries at {triples:,} triples:", *_aligned(head, rows, left=1)]


def _aligned(head: tuple[str, ...], rows: list[tuple[str, ...]], left: int = 2) -> list[str]:
    """Columns padded to their widest cell, a rule under the head: the first ``left`` to the
    left, numbers right."""
    rule = tuple("-" * max(len(row[i]) for row in (head, *rows)) for i in range(len(head)))
    return aligned([head, rule, *rows], right=range(left, len(head)))


def describe_machine(info: dict[str, Any]) -> str:
    """One line: CPUs, memory, Python and the engines' versions."""
    memory = f"{info['memory_gib']:.0f} GiB RAM" if info.get("memory_gib") else "RAM unknown"
    return (f"{info['cpus']} CPUs ({info['cpu']}), {memory}, Python {info['python']}, "
            f"rdflib {info['rdflib']}, pyoxigraph {info['pyoxigraph']}, "
            f"oxigraph server {info['oxigraph']}, pyshacl {info['pyshacl']}, "
            f"pyshacl-turbo {info.get('pyshacl-turbo')}")


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m benchmarks.bench``: run the benchmark, print the table, save the JSON."""
    parser = argparse.ArgumentParser(
        prog="scripts/bench", description="Measure load, validation, the query library, a "
        "projection, a drawing and an export on each store, next to raw pyoxigraph and rdflib.",
        epilog="examples:\n  scripts/bench --quick\n  scripts/bench --sizes 1000000 "
        "--stores oxigraph,pyoxigraph --max-seconds 600\n  scripts/bench --sizes 1000000 "
        "--queries speakers-sharing-technology --max-seconds 1800",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true",
                        help=f"only {' and '.join(f'{s:,}' for s in QUICK)} triples")
    parser.add_argument("--sizes", metavar="N,N,...",
                        help=f"triples per run (default: {','.join(map(str, SIZES))})")
    parser.add_argument("--stores", metavar="NAME,...", default=",".join(ENGINES),
                        help=f"of {', '.join(ENGINES)} (default: all)")
    parser.add_argument("--queries", metavar="NAME,...",
                        help="of the query library (default: all)")
    parser.add_argument("--max-seconds", type=float, default=300, metavar="S",
                        help="skip a step expected to take longer, stop a query that does "
                             "(default: 300)")
    parser.add_argument("--out", type=Path, default=Path("bench/results.json"), metavar="FILE",
                        help="where to save the results as JSON (default: bench/results.json)")
    parser.add_argument("--work", type=Path, metavar="DIR",
                        help="keep the generated files and stores here (default: a temporary "
                             "folder, removed at the end)")
    parser.add_argument("--job", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.job is not None:  # one run, in its own process: each step's news on stdout
        _, ended_early = run_job(json.loads(args.job),
                                 lambda news: print(json.dumps(news), flush=True),
                                 restartable=True)
        return _LEFT_BEHIND if ended_early else 0
    engines = tuple(e.strip() for e in args.stores.split(",") if e.strip())
    unknown = sorted(set(engines) - set(ENGINES))
    if unknown:
        parser.error(f"unknown store {', '.join(unknown)}; choose from {', '.join(ENGINES)}")
    from graph.querying.library import all_queries

    queries = None if args.queries is None else \
        tuple(q.strip() for q in args.queries.split(",") if q.strip())
    unknown = sorted(set(queries or ()) - {query.name for query in all_queries()})
    if unknown:
        parser.error(f"no query {', '.join(unknown)} in the library")
    try:
        sizes = QUICK if args.quick else tuple(int(s) for s in args.sizes.split(",")) \
            if args.sizes else SIZES
    except ValueError:
        parser.error("--sizes takes whole numbers, as 1000,10000")
    settings = Settings(sizes=sizes, engines=engines, max_seconds=args.max_seconds,
                        work=args.work, queries=queries)
    try:
        results = benchmark(settings, report=lambda text: print(text, file=sys.stderr))
    except DotscaleError as error:
        print(f"bench: error: {error}", file=sys.stderr)
        return 1
    from graph.util.atomic import write_bytes_atomic

    write_bytes_atomic(args.out, (json.dumps(results, indent=2) + "\n").encode())
    print(describe_machine(results["machine"]))
    print(table(results), end="")
    print(f"bench: saved {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
