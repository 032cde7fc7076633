"""Synthetic conferences for measuring the stores, and the benchmark that measures them."""

from __future__ import annotations

import io
import json
import re
import threading
import tracemalloc
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph

from benchmarks.bench import Settings, benchmark, describe_machine, main, startup, table
from benchmarks.generate import generate, word
from benchmarks.generate import main as generate_main
from graph.loading.loader import load
from graph.namespaces import DS, ID
from graph.validating.shacl import validate


def programme(seed: int, conferences: int = 3, talks: int = 5, quads: bool = False) -> str:
    out = io.StringIO()
    generate(out, conferences=conferences, talks_per_conference=talks, seed=seed, quads=quads)
    return out.getvalue()


def test_a_generated_programme_breaks_no_shape(tmp_path: Path) -> None:
    path = tmp_path / "synthetic.nt"
    path.write_text(programme(seed=1, conferences=9, talks=12), encoding="utf-8")
    kg = load(data=[path])
    assert validate(kg) == []
    talks = {s for s in kg.subjects(predicate=DS.conference)
             if str(s).startswith(str(ID["talk/"]))}
    assert len(talks) >= 9 * 12  # the bundled talks and the 108 invented ones


def test_the_same_seed_gives_the_same_bytes_and_another_seed_others() -> None:
    assert programme(seed=7) == programme(seed=7)
    assert programme(seed=7) != programme(seed=8)


def test_n_quads_hold_the_same_triples_in_one_graph() -> None:
    triples = Graph().parse(data=programme(seed=3), format="nt")
    quads = programme(seed=3, quads=True)
    assert {line.rsplit(" ", 2)[-2] for line in quads.splitlines()} == {
        "<https://w3id.org/dotscale/graph/synthetic>"}
    assert len(Graph().parse(data="\n".join(line.rsplit(" ", 2)[0] + " ." for line in
                                            quads.splitlines()), format="nt")) == len(triples)


def test_a_few_technologies_are_named_in_many_talks() -> None:
    text = programme(seed=5, conferences=20, talks=30)
    named = Counter(line.split()[2] for line in text.splitlines()
                    if f"<{DS.mentions}>" in line)
    counts = sorted(named.values(), reverse=True)
    assert counts[0] >= 10 * counts[len(counts) // 2]  # the most named, against the median


def test_names_are_spelled_from_numbers_without_repeating() -> None:
    order = ["ka", "lo", "vex"]
    assert len({word(n, order) for n in range(500)}) == 500


def test_writing_ten_times_more_takes_no_more_memory() -> None:
    def peak(conferences: int) -> int:
        tracemalloc.start()
        generate(_Discard(), conferences=conferences, talks_per_conference=30, seed=1)
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return top

    small, large = peak(4), peak(40)
    assert large < 3 * small + 1_000_000, (small, large)


class _Discard(io.StringIO):
    def write(self, text: str) -> int:
        return len(text)


def test_the_script_writes_about_the_triples_asked(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "five-thousand.nt"
    assert generate_main(["--triples", "5000", "--out", str(out)]) == 0
    lines = out.read_text(encoding="utf-8").count("\n")
    assert 5000 <= lines < 5000 + 30 * 20  # at most one more conference
    assert f"wrote {lines:,} triples" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        generate_main(["--triples", "5", "--out", str(tmp_path / "x.ttl")])


# -- the benchmark --------------------------------------------------------------------------


def test_the_benchmark_measures_each_step_and_writes_a_table(tmp_path: Path) -> None:
    pytest.importorskip("pyoxigraph")
    settings = Settings(sizes=(300,), engines=("oxigraph", "pyoxigraph"), max_seconds=60,
                        work=tmp_path, queries=("talks-about", "sources"), inline=True,
                        startup_runs=1, build_runs=0)
    results = benchmark(settings, report=lambda _: None)
    json.dumps(results)  # saved as JSON as it is
    runs = results["sizes"]["300"]["runs"]
    assert set(runs) == {"oxigraph", "pyoxigraph"}
    ours, raw = runs["oxigraph"]["steps"], runs["pyoxigraph"]["steps"]
    assert set(ours) == {"load", "validate", "query:talks-about", "query:sources", "project",
                         "draw", "export", "project in memory"}
    assert set(raw) == {"load into the default graph", "load", "validate", "query:talks-about",
                        "query:sources", "export"}
    for step in (*ours.values(), *raw.values()):
        assert step["seconds"] >= 0 and step["rss_mb"] > 0, step
    measured = results["startup"]
    assert measured["query_seconds"] > 0 and measured["import_rdflib_seconds"] > 0
    assert measured["build_seconds"] is None
    printed = table(results)
    assert printed.startswith("start-up: `dotscale query program` ")
    printed = printed.split("\n\n", 1)[1]
    head = printed.splitlines()[0].split()
    assert head[:3] == ["triples", "store", "load"]
    assert {"validate/raw", "export/raw"} <= set(head)
    columns = {name: printed.splitlines()[0].index(name) for name in ("validate/raw",)}
    assert printed.splitlines()[2][columns["validate/raw"]:].split()[0] != "-"
    assert "queries at" in printed and "talks-about" in printed
    assert re.search(r"projected on the default store .*: 3\d\d: \d+\.\d\d s\n", printed)
    assert "CPUs" in describe_machine(results["machine"])


@pytest.mark.slow
def test_the_benchmark_times_the_build_of_the_bundled_graph() -> None:
    measured = startup(Settings(startup_runs=0, build_runs=1))
    assert 0 < measured["build_seconds"] < 600
    assert measured["query_seconds"] is None


def test_each_run_is_a_process_of_its_own(tmp_path: Path) -> None:
    pytest.importorskip("pyoxigraph")
    settings = Settings(sizes=(300,), engines=("pyoxigraph",), max_seconds=60, work=tmp_path,
                        queries=("talks-about",), startup_runs=0, build_runs=0)
    steps = benchmark(settings, report=lambda _: None)["sizes"]["300"]["runs"]["pyoxigraph"]
    assert "seconds" in steps["steps"]["query:talks-about"], steps


def test_a_step_expected_to_take_too_long_is_skipped_with_its_reason(tmp_path: Path) -> None:
    from benchmarks.bench import _Steps

    steps = _Steps({"max_seconds": 10, "expected": {"load": 50.0, "validate": float("inf")}})
    steps("load", lambda: 1)
    steps("validate", lambda: 1)
    steps("export", lambda: 1, needs="load")
    assert steps.results == {
        "load": {"skipped": "expected to take 50 s (more than 10 s)"},
        "validate": {"skipped": "skipped at the size below"},
        "export": {"skipped": "no load"}}


def test_a_stopped_step_that_leaves_the_engine_at_work_ends_the_run() -> None:
    """The steps after it would share the machine with that work: they run in a fresh
    process instead (the run's exit code says so)."""
    from benchmarks.bench import _LeftBehind, _Steps
    from graph.errors import DotscaleError
    from graph.util.worker import Worker

    def stopped() -> None:
        raise DotscaleError("the query ran longer than 1 s and was stopped")

    alone = _Steps({"max_seconds": 10, "expected": {}}, restartable=True)
    alone("query:a", stopped)  # nothing left at work: the run goes on
    started, release = threading.Event(), threading.Event()
    busy = Worker(lambda: (started.set(), release.wait(30)), "dotscale-query")
    started.wait(30)
    try:
        for restartable in (False, True):
            steps = _Steps({"max_seconds": 10, "expected": {}}, restartable=restartable)
            if restartable:
                with pytest.raises(_LeftBehind):
                    steps("query:b", stopped)
            else:
                steps("query:b", stopped)
            assert steps.results == {"query:b": {"skipped": str(DotscaleError(
                "the query ran longer than 1 s and was stopped"))}}
    finally:
        release.set()
        busy.wait()
    assert alone.results["query:a"]["skipped"].endswith("was stopped")


def test_the_benchmark_refuses_unknown_stores(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--stores", "mongo"])
    assert "unknown store mongo" in capsys.readouterr().err


def test_the_benchmark_refuses_queries_not_in_the_library(
        capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--queries", "program,no-such-query"])
    assert "no query no-such-query in the library" in capsys.readouterr().err
