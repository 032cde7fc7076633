"""Every export format parses back to the same graph; Turtle, N-Triples, TriG are deterministic."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from graph.exporting.serialize import FORMATS, export, serialize
from graph.loading.loader import load
from graph.loading.store import KnowledgeGraph

PARSERS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "xml": "xml"}


@pytest.mark.parametrize("name", sorted(PARSERS))
def test_union_formats_parse_back_isomorphic(kg: KnowledgeGraph,
                                             exported: Callable[[str], bytes],
                                             name: str) -> None:
    parsed = Graph().parse(data=exported(name), format=PARSERS[name])
    assert len(parsed) > 0
    assert isomorphic(parsed, kg.union())


def test_trig_keeps_one_named_graph_per_source(kg: KnowledgeGraph,
                                               exported: Callable[[str], bytes]) -> None:
    parsed = Dataset()
    parsed.parse(data=exported("trig"), format="trig")
    expected = {g.identifier: g for g in kg.graphs() if len(g)}
    got = {g.identifier: g for g in parsed.graphs() if len(g)}
    assert set(got) == set(expected)
    for name, graph in expected.items():
        assert isomorphic(got[name], graph), name


# Two graphs with a blank node each, alike but not the same node, and a blank node both hold
TWO_GRAPHS = """\
<http://ex.org/s> <http://ex.org/q> _:a <http://ex.org/g1> .
_:a <http://ex.org/p> "x" <http://ex.org/g1> .
<http://ex.org/s> <http://ex.org/q> _:b <http://ex.org/g2> .
_:b <http://ex.org/p> "x" <http://ex.org/g2> .
<http://ex.org/s> <http://ex.org/shared> _:c <http://ex.org/g1> .
<http://ex.org/t> <http://ex.org/shared> _:c <http://ex.org/g2> .
_:c <http://ex.org/p> "y _:c" <http://ex.org/g2> .
"""


def _canonical_quads(data: bytes, rdf_format: str) -> set[str]:
    """The quads of ``data`` with RDFC-1.0 blank node labels: equal sets, isomorphic datasets."""
    import pyoxigraph as ox

    dataset = ox.Dataset(ox.parse(data, format=ox.RdfFormat.from_extension(rdf_format)))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return {str(quad) for quad in dataset}


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_trig_keeps_each_blank_node_one_node(tmp_path: Path, store: str) -> None:
    """A blank node two graphs hold is one node in the TriG; two alike are two."""
    source = tmp_path / "two.nq"
    source.write_text(TWO_GRAPHS, encoding="utf-8")
    written = serialize(load(bundled=False, data=[source], store=store), "trig")
    assert _canonical_quads(written, "trig") == _canonical_quads(source.read_bytes(), "nq")
    assert len(set(re.findall(rb"_:\w+(?=[ \n])", written))) == 1  # the shared one keeps its label


def test_jsonld_has_a_compact_context(exported: Callable[[str], bytes]) -> None:
    document = json.loads(exported("jsonld"))
    assert document["@context"]["ds"] == "https://w3id.org/dotscale/ontology#"
    assert any(key.startswith("ds:") for node in document["@graph"] for key in node)


@pytest.mark.parametrize("name", ["ttl", "nt", "trig", "jsonld"])
def test_same_graph_same_bytes(kg: KnowledgeGraph, name: str) -> None:
    assert serialize(kg, name) == serialize(kg, name)


# ``dotscale ARGS`` for each ARGS of the JSON list in argv[1], in this one process
EXPORTS_IN_ONE_PROCESS = ("import json, sys; from graph.cli import main; "
                          "sys.exit(max(main(args) for args in json.loads(sys.argv[1])))")


def test_same_bytes_across_processes(tmp_path: Path) -> None:
    """Python's hash seed changes set order between runs; the exports must not change. Each
    process (one per seed) runs ``dotscale export`` once per format."""
    digests = set()
    for seed in ("1", "3", "11"):
        out = tmp_path / f"seed{seed}.ttl"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        commands = [["export", "--format", name, "--out", str(out.with_suffix(suffix))]
                    for name, suffix in (("ttl", ".ttl"), ("nt", ".nt"), ("trig", ".trig"))]
        subprocess.run([sys.executable, "-c", EXPORTS_IN_ONE_PROCESS, json.dumps(commands)],
                       check=True, env=env, capture_output=True)
        digests.add(tuple(hashlib.sha256(out.with_suffix(s).read_bytes()).hexdigest()
                          for s in (".ttl", ".nt", ".trig")))
    assert len(digests) == 1


def test_turtle_binds_a_prefix_for_every_vocabulary(exported: Callable[[str], bytes]) -> None:
    text = exported("ttl").decode()
    for prefix in ("ds", "schema", "skos", "prov", "dcterms", "rdfs", "owl", "xsd"):
        assert f"PREFIX {prefix}: <" in text or f"@prefix {prefix}: <" in text, prefix
    assert "ns1:" not in text


def test_export_writes_atomically(kg: KnowledgeGraph, exported: Callable[[str], bytes],
                                  tmp_path: Path) -> None:
    target = tmp_path / "graph.ttl"
    target.write_text("previous", encoding="utf-8")
    with pytest.raises(Exception, match="unknown format"):
        export(kg, "docx", target)
    assert target.read_text(encoding="utf-8") == "previous"
    export(kg, "ttl", target)
    assert target.read_bytes() == exported("ttl")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.ttl"]


def test_cli_export_to_stdout_and_file(cli, tmp_path: Path, kg: KnowledgeGraph) -> None:
    result = cli("export", "--format", "nt")
    assert result.exit_code == 0
    assert isomorphic(Graph().parse(data=result.stdout, format="nt"), kg.union())
    out = tmp_path / "x.rdf"
    assert cli("export", "--format", "xml", "--out", str(out)).exit_code == 0
    assert isomorphic(Graph().parse(out, format="xml"), kg.union())


def test_every_format_is_documented_with_a_suffix() -> None:
    assert {f.suffix for f in FORMATS.values()} == {".ttl", ".nt", ".jsonld", ".rdf", ".trig"}
