"""``dotscale build``: every export into the output folder, or nothing at all on bad input."""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from graph.drawing.render import projected_all, write_pictures
from graph.loading.store import KnowledgeGraph
from graph.pipeline import MARKER, draw_beside
from graph.querying.answer import QueryResult

BROKEN_TALK = """\
@prefix ds: <https://w3id.org/dotscale/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

<https://w3id.org/dotscale/id/talk/2015/a-talk-nobody-gave> a ds:Talk ;
    rdfs:label "A talk nobody gave" .
"""


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_build_writes_every_export(built: Path, kg: KnowledgeGraph) -> None:
    names = {p.name for p in built.iterdir()}
    assert {"dotscale.ttl", "dotscale.nt", "dotscale.jsonld", "dotscale.rdf", "dotscale.trig",
            "dotscale.schemaorg.jsonld", MARKER, "queries", "ontology"} <= names
    assert isomorphic(Graph().parse(built / "dotscale.ttl"), kg.union())
    assert built.stat().st_mode & 0o055 == 0o055, "out/ must be readable like any new folder"


def test_shape_violation_fails_and_writes_nothing(cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad-talks.ttl"
    bad.write_text(BROKEN_TALK, encoding="utf-8")
    out = tmp_path / "out"
    result = cli("build", "--out", str(out), "--data", str(bad))
    assert result.exit_code == 1
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["bad-talks.ttl"], "no staging folder left"
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("dotscale: error: the graph breaks the SHACL shapes")
    assert str(bad) in last and "a-talk-nobody-gave" in last
    assert "Traceback" not in result.stderr


def test_failed_build_keeps_previous_output(cli, built: Path, tmp_path: Path) -> None:
    before = digest(built)
    bad = tmp_path / "bad.ttl"
    bad.write_text(BROKEN_TALK, encoding="utf-8")
    assert cli("build", "--out", str(built), "--data", str(bad)).exit_code == 1
    assert digest(built) == before


def test_refuses_to_replace_what_it_did_not_write(cli, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "mine.txt").write_text("keep me", encoding="utf-8")
    afile = tmp_path / "file.txt"
    afile.write_text("keep me too", encoding="utf-8")
    monkeypatch.chdir(notes)
    for target, reason in ((notes, "current folder"), (tmp_path, "current folder"),
                           (afile, "not a folder")):
        result = cli("build", "--out", str(target))
        assert result.exit_code == 1 and reason in result.stderr, result.stderr
    monkeypatch.chdir(tmp_path)
    result = cli("build", "--out", str(notes))
    assert result.exit_code == 1 and "not written by dotscale build" in result.stderr
    assert (notes / "mine.txt").read_text(encoding="utf-8") == "keep me"
    assert afile.read_text(encoding="utf-8") == "keep me too"


@pytest.fixture(scope="module")
def drawn_alone(kg: KnowledgeGraph, library_answers: dict[str, QueryResult],
                tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], Path]:
    """The library's pictures drawn by :func:`write_pictures` in this process: the files
    written, and their folder. Do not modify it."""
    folder = tmp_path_factory.mktemp("pictures") / "alone"
    return write_pictures(projected_all(kg, library_answers), folder), folder


@pytest.mark.parametrize("beside", [True, False], ids=["two processes", "one process"])
def test_pictures_drawn_beside_the_exports_are_the_pictures_drawn_alone(
        kg: KnowledgeGraph, library_answers: dict[str, QueryResult],
        drawn_alone: tuple[list[Path], Path], tmp_path: Path, beside: bool) -> None:
    graphs = projected_all(kg, library_answers)
    alone, alone_folder = drawn_alone
    with contextlib.ExitStack() as stack:
        drawer = stack.enter_context(ProcessPoolExecutor(
            1, mp_context=multiprocessing.get_context("spawn"))) if beside else None
        with draw_beside(drawer, graphs, tmp_path / "beside") as written:
            assert written == []  # filled once the block ends
    assert sorted(p.name for p in written) == sorted(p.name for p in alone)
    assert digest(tmp_path / "beside") == digest(alone_folder)


@pytest.mark.slow
def test_a_script_without_a_main_guard_builds_once(built: Path, tmp_path: Path) -> None:
    """The process that draws beside the build does not run the calling script again."""
    script = tmp_path / "build_it.py"
    script.write_text("from graph.pipeline import build\nprint('building')\n"
                      f"build({str(tmp_path / 'out')!r})\n", encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=300, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "building\n"
    assert digest(tmp_path / "out") == digest(built)
