"""``dotscale stats`` counts what the graph holds, checked against rdflib directly."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDF

from graph.loading.loader import load
from graph.loading.store import KnowledgeGraph
from graph.namespaces import DS
from graph.querying.stats import stats


def test_counts_match_the_graph(kg: KnowledgeGraph) -> None:
    union = kg.union()
    result = stats(kg)
    assert result.triples == len(union)
    talks = set(union.subjects(RDF.type, DS.Talk))
    assert result.classes["ds:Talk"] == len(talks)
    assert result.properties["ds:speaker"] == len(list(union.triples((None, DS.speaker, None))))
    assert sum(result.graphs.values()) >= result.triples


def test_cli_table_and_json(cli, kg: KnowledgeGraph) -> None:
    table = cli("stats")
    assert table.exit_code == 0
    assert table.stdout.startswith(f"{len(kg.union()):,} triples")
    assert "ds:Talk" in table.stdout
    document = json.loads(cli("stats", "--format", "json").stdout)
    assert document["triples"] == len(kg.union())
    assert set(document) == {"triples", "graphs", "classes", "properties"}


def test_every_store_counts_the_same(tmp_path: Path) -> None:
    """Oxigraph counts with SPARQL, rdflib's memory store in Python: the same counts."""
    pytest.importorskip("pyoxigraph")
    extra = tmp_path / "extra.trig"
    extra.write_text("PREFIX ds: <https://w3id.org/dotscale/ontology#>\n"
                     "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
                     "<https://example.org/a> <https://example.org/b> 'outside any graph' .\n"
                     "<https://example.org/g> { <https://example.org/a> a ds:Talk . "
                     "_:x a ds:Talk ; rdfs:label 'Talk' }\n", encoding="utf-8")
    counted = {store: dataclasses.asdict(stats(load(store=store, data=[extra])))
               for store in ("memory", "oxigraph", f"oxigraph:{tmp_path / 'db'}")}
    assert len({json.dumps(c) for c in counted.values()}) == 1, counted
    assert counted["memory"]["graphs"]["https://example.org/g"] == 3
    assert str(DATASET_DEFAULT_GRAPH_ID) not in counted["memory"]["graphs"]  # no named graph


def test_a_bad_timeout_is_a_usage_error(cli) -> None:
    result = cli("stats", "--timeout", "0")
    assert result.exit_code == 2
    assert "the timeout must be a finite number of seconds above 0" in result.stderr
