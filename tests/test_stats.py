"""``dotscale stats`` counts what the graph holds, checked against rdflib directly."""

from __future__ import annotations

import json

from rdflib.namespace import RDF

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
