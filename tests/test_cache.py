"""The bundled graph is built once into a cache, keyed on its inputs and the version, read back
as the same graphs, safe when processes build it at once; a store keeps what it holds."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from graph.loading.cache import (
    CACHE_VARIABLE,
    UNUSED_SECONDS,
    bundled_nquads,
    cache_dirs,
    digest,
)
from graph.loading.loader import build_bundled, load
from graph.loading.store import KnowledgeGraph
from graph.namespaces import ARCHIVE_GRAPH, GRAPHS

ROOT = Path(__file__).resolve().parent.parent
EX = "https://example.org/"


def sizes(kg: KnowledgeGraph) -> dict[str, int]:
    return {str(g.identifier): len(g) for g in kg.graphs() if len(g)}


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder of the test's own, and a system temporary folder of its own
    (where the cache goes when its folder cannot be written)."""
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    monkeypatch.setenv(CACHE_VARIABLE, str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_the_bundled_graph_is_built_once_then_read_from_the_cache(cache: Path,
                                                                   kg: KnowledgeGraph) -> None:
    builds: list[KnowledgeGraph] = []

    def build() -> KnowledgeGraph:
        builds.append(build_bundled())
        return builds[-1]

    first = bundled_nquads(build)
    assert bundled_nquads(build) == first and len(builds) == 1
    assert first.parent == cache and list(cache.iterdir()) == [first]
    assert sizes(load(store="memory")) == sizes(builds[0]) == sizes(kg)
    assert sizes(load()) == sizes(kg)


def test_the_key_changes_with_any_input_and_with_the_version(tmp_path: Path) -> None:
    files = [tmp_path / "a.ttl", tmp_path / "b.py"]
    for path in files:
        path.write_text("same\n", encoding="utf-8")
    key = digest("1.0", files, tmp_path)
    assert digest("1.0", files, tmp_path) == key
    assert digest("1.1", files, tmp_path) != key
    files[1].write_text("changed\n", encoding="utf-8")
    assert digest("1.0", files, tmp_path) != key
    files[1].write_text("same\n", encoding="utf-8")
    files[1].rename(tmp_path / "c.py")
    assert digest("1.0", [files[0], tmp_path / "c.py"], tmp_path) != key


def test_processes_that_build_the_cache_at_once_each_read_a_whole_file(cache: Path,
                                                                       kg: KnowledgeGraph) -> None:
    env = {**os.environ, CACHE_VARIABLE: str(cache), "TMPDIR": tempfile.gettempdir(),
           "PYTHONPATH": str(ROOT)}
    code = "from graph.loading.loader import load; print(len(load()))"
    racing = [subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE,
                               text=True) for _ in range(3)]
    counts = [process.communicate(timeout=120)[0].strip() for process in racing]
    assert counts == [str(len(kg))] * 3
    left = [path.name for path in cache.iterdir()]  # one file, no half-written ones
    assert len(left) == 1 and left[0].startswith("bundled-") and left[0].endswith(".nq")


def test_a_cache_folder_that_cannot_be_written_is_passed_over(
        cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kg: KnowledgeGraph) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder\n", encoding="utf-8")
    monkeypatch.setenv(CACHE_VARIABLE, str(blocked / "cache"))
    path = bundled_nquads(build_bundled)
    assert path.parent == cache_dirs()[1] and path.parent.parent == tmp_path / "tmp"
    assert sizes(load()) == sizes(kg)


@pytest.mark.parametrize("where", ["bundled", "data"])
def test_a_store_loads_no_file_again_that_it_holds_unchanged(tmp_path: Path, where: str) -> None:
    spec = f"oxigraph:{tmp_path / 'db'}"
    data = tmp_path / "mine.ttl"
    data.write_text(f"<{EX}a> <{EX}b> 'first' .\n", encoding="utf-8")
    graph = ARCHIVE_GRAPH if where == "bundled" else GRAPHS["mine"]
    kg = load(store=spec, data=[data])
    mark = (URIRef(EX + "mark"), URIRef(EX + "in"), Literal(where))
    kg.graph(graph).add(mark)  # a change a reload would undo
    kg.close()
    again = load(store=spec, data=[data])
    assert mark in again  # not loaded again
    again.close()
    if where == "bundled":
        return
    data.write_text(f"<{EX}a> <{EX}b> 'second' .\n", encoding="utf-8")
    changed = load(store=spec, data=[data])
    assert mark not in changed  # loaded again, as it changed
    assert list(changed.objects(URIRef(EX + "a"), URIRef(EX + "b"))) == [Literal("second")]
    changed.close()


def test_another_versions_file_stays_until_it_is_unused_for_a_day(cache: Path) -> None:
    """Checkouts of two versions share the folder: neither removes the file the other reads."""
    cache.mkdir()
    in_use, forgotten = cache / "bundled-other.nq", cache / "bundled-older.nq"
    for path in (in_use, forgotten):
        path.write_text("", encoding="utf-8")
    day_ago = time.time() - UNUSED_SECONDS - 60
    os.utime(forgotten, (day_ago, day_ago))
    written = bundled_nquads(build_bundled)
    assert sorted(path.name for path in cache.iterdir()) == sorted([in_use.name, written.name])


def test_reading_the_cache_marks_it_used(cache: Path) -> None:
    written = bundled_nquads(build_bundled)
    day_ago = time.time() - UNUSED_SECONDS - 60
    os.utime(written, (day_ago, day_ago))
    assert bundled_nquads(build_bundled) == written
    assert written.stat().st_mtime > time.time() - 60


def test_the_ontology_page_is_made_once_then_copied_from_the_cache(
        cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from graph.exporting import ontology_docs

    made: list[str] = []

    def counted(*args: Path) -> str:
        made.append(ontology_docs.ontology_html.__name__)
        return real(*args)

    real = ontology_docs.ontology_html
    monkeypatch.setattr(ontology_docs, "ontology_html", counted)
    first = ontology_docs.write_ontology_docs(tmp_path / "first")
    second = ontology_docs.write_ontology_docs(tmp_path / "second")
    [kept] = cache.glob("ontology-page-*.html")
    assert len(made) == 1
    assert first.read_bytes() == second.read_bytes() == kept.read_bytes() == \
        real().encode("utf-8")
