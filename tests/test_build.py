"""``dotscale build``: every export into the output folder, or nothing at all on bad input."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph
from rdflib.compare import isomorphic

from graph.store import KnowledgeGraph

BROKEN_TALK = """\
@prefix ds: <https://w3id.org/dotscale/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

<https://w3id.org/dotscale/id/talk/2015/a-talk-nobody-gave> a ds:Talk ;
    rdfs:label "A talk nobody gave" .
"""


def test_build_writes_every_export(cli, tmp_path: Path, kg: KnowledgeGraph) -> None:
    out = tmp_path / "out"
    result = cli("build", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    names = {p.name for p in out.iterdir()}
    assert {"dotscale.ttl", "dotscale.nt", "dotscale.jsonld", "dotscale.rdf",
            "dotscale.trig"} <= names
    assert isomorphic(Graph().parse(out / "dotscale.ttl"), kg.union())
    assert "built" in result.stderr
    assert out.stat().st_mode & 0o055 == 0o055, "out/ must be readable like any new folder"


def test_shape_violation_fails_and_writes_nothing(cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad-talks.ttl"
    bad.write_text(BROKEN_TALK, encoding="utf-8")
    out = tmp_path / "out"
    result = cli("build", "--out", str(out), "--data", str(bad))
    assert result.exit_code == 1
    assert not out.exists()
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("dotscale: error: the graph breaks the SHACL shapes")
    assert str(bad) in last and "a-talk-nobody-gave" in last
    assert "Traceback" not in result.stderr


def test_failed_build_keeps_previous_output(cli, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "dotscale.ttl").write_text("previous build", encoding="utf-8")
    bad = tmp_path / "bad.ttl"
    bad.write_text(BROKEN_TALK, encoding="utf-8")
    assert cli("build", "--out", str(out), "--data", str(bad)).exit_code == 1
    assert (out / "dotscale.ttl").read_text(encoding="utf-8") == "previous build"
