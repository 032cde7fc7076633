"""Killed at random points: a build always leaves ``out/`` complete, old or new, and the next
build clears what the killed ones left; a load into the Oxigraph store killed half-way leaves
the store openable, and its graph old or new. Slow (minutes): ``-m slow``."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph.pipeline import MARKER
from tests.helpers.process import ROOT, assert_clean, dotscale

pytestmark = pytest.mark.slow
KILLS = 10


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` and a digest of its bytes."""
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def start(*args: str | Path, cwd: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "graph", *map(str, args)], cwd=cwd,
                            env={**os.environ, "PYTHONPATH": str(ROOT)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


def kill_after(process: subprocess.Popen[bytes], seconds: float) -> bool:
    """Kill ``process`` (and its group) after ``seconds``; False if it ended before."""
    try:
        process.wait(timeout=seconds)
        return False
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        return True


def test_a_killed_build_leaves_out_old_or_new(tmp_path: Path) -> None:
    extra = tmp_path / "extra.ttl"
    extra.write_text("<https://example.org/a> <http://www.w3.org/2000/01/rdf-schema#label> "
                     '"only in the new build" .\n', encoding="utf-8")
    started = time.monotonic()
    first = dotscale("build", "--out", tmp_path / "old", timeout=600, cwd=tmp_path)
    assert_clean(first, codes=(0,))
    middle = time.monotonic()
    second = dotscale("build", "--out", tmp_path / "new", "--data", extra, timeout=600,
                      cwd=tmp_path)
    assert_clean(second, codes=(0,))
    seconds = min(middle - started, time.monotonic() - middle)  # the faster: a busy machine
    old, new = snapshot(tmp_path / "old"), snapshot(tmp_path / "new")
    assert old != new
    out = tmp_path / "old"  # the killed builds replace it with the new output, or do not
    seed = random.randrange(1 << 30)
    chance = random.Random(seed)
    points = sorted(chance.uniform(0.2, seconds * 0.9) for _ in range(KILLS))
    killed = 0
    for point in points:
        process = start("build", "--out", out, "--data", extra, cwd=tmp_path)
        killed += kill_after(process, point)
        assert snapshot(out) in (old, new), f"seed {seed}, killed after {point:.2f} s"
        assert (out / MARKER).is_file()
    assert killed >= KILLS // 2, f"seed {seed}: only {killed} builds were killed"
    print(f"\nkill: {killed} of {KILLS} builds killed (seed {seed}, a build {seconds:.1f} s) at "
          + ", ".join(f"{point:.1f}" for point in points) + " s")
    last = dotscale("build", "--out", out, timeout=600, cwd=tmp_path)
    assert_clean(last, codes=(0,))
    assert snapshot(out) == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["extra.ttl", "new", "old"]


def test_a_killed_oxigraph_load_leaves_the_graph_old_or_new(tmp_path: Path) -> None:
    pytest.importorskip("pyoxigraph")
    store = f"oxigraph:{tmp_path / 'db'}"
    data = tmp_path / "big.nt"

    def write(version: str, triples: int) -> None:
        with data.open("w", encoding="utf-8") as file:
            for n in range(triples):
                file.write(f"<https://example.org/{version}/{n}> "
                           f"<https://example.org/p> \"{version} {n}\" .\n")

    write("old", 1000)
    assert_clean(dotscale("stats", "--no-bundled", "--store", store, "--data", data),
                 codes=(0,))
    write("new", 200_000)
    started = time.monotonic()
    loaded = dotscale("query", "--no-bundled", "--store", f"oxigraph:{tmp_path / 'timed'}",
                      "--data", data, "-e", "ASK {}", timeout=600)
    assert_clean(loaded, codes=(0,))
    seconds = time.monotonic() - started
    process = start("query", "--no-bundled", "--store", store, "--data", data, "-e", "ASK {}",
                    cwd=tmp_path)
    assert kill_after(process, seconds / 2), "the load ended before it was killed"
    after = dotscale("query", "--no-bundled", "--store", store, "--format", "csv", "-e",
                     "SELECT (COUNT(*) AS ?n) WHERE { GRAPH graph:big { ?s ?p ?o } }")
    assert_clean(after, codes=(0,))  # the store opens, and answers
    count = after.stdout.splitlines()[1]
    print(f"\nkill: the load killed after {seconds / 2:.1f} s left {count} triples")
    assert count in ("1000", "200000"), f"neither the old graph nor the new: {count} triples"
    if count == "200000":  # the killed load was under way: the store finished it on opening
        assert "finishing the load of" in after.stderr
