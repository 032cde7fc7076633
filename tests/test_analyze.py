"""Analysis of projections: centralities, components and communities, as a table and JSON."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from typing import Any

import networkx as nx
import pytest
from rdflib.term import Node

from graph.drawing.analysis import analyze
from graph.loading.store import KnowledgeGraph
from graph.namespaces import DS


@pytest.fixture(scope="module")
def co_mention(library_projection: Callable[..., nx.Graph]) -> nx.Graph:
    return library_projection("graph-technology-co-mention")


def test_degree_centrality_counts_the_technologies_named_alongside(
        kg: KnowledgeGraph, co_mention: nx.Graph) -> None:
    partners: dict[Node, set[Node]] = defaultdict(set)
    for predicate in (DS.about, DS.mentions):
        for talk in set(kg.subjects(predicate, None)):
            named = set(kg.objects(talk, DS.about)) | set(kg.objects(talk, DS.mentions))
            for tech in named:
                partners[tech] |= named - {tech}
    linked = {str(t): len(p) for t, p in partners.items() if p}
    expected = {tech: count / (len(linked) - 1) for tech, count in linked.items()}
    result = analyze(co_mention, top=len(expected))
    assert {r.node: r.score for r in result.degree} == pytest.approx(expected, abs=1e-6)
    scores = [r.score for r in result.degree]
    assert scores == sorted(scores, reverse=True)
    assert result.degree[0].label == co_mention.nodes[result.degree[0].node]["label"]


def test_betweenness_finds_the_bridge() -> None:
    barbell = nx.relabel_nodes(nx.barbell_graph(3, 1), str)  # two triangles, one node between
    result = analyze(barbell, top=2)
    assert [(r.node, r.score) for r in result.betweenness] == [("3", 0.6), ("2", 0.533333)]


def test_components_and_communities_partition_the_nodes(
        library_projection: Callable[..., nx.Graph]) -> None:
    overview = library_projection("graph-overview")
    result = analyze(overview)
    components = [set(c) for c in nx.weakly_connected_components(overview)]
    assert result.components == sorted((len(c) for c in components), reverse=True)
    assert sum(c.size for c in result.communities) == overview.number_of_nodes()
    assert set().union(*(c.nodes for c in result.communities)) == set(overview)
    for community in result.communities:
        assert any(set(community.nodes) <= component for component in components)
        assert community.labels == [overview.nodes[n]["label"] for n in community.nodes]
    assert analyze(overview) == result  # the same graph, the same communities


def test_the_table_is_aligned(cli: Callable[..., Any]) -> None:
    result = cli("analyze", "graph-technology-co-mention", "--top", "3")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    start = lines.index("degree centrality")
    table = lines[start + 1:start + 5]
    assert table[0].split() == ["rank", "node", "kind", "score"]
    assert len({line.index(line.split()[-1]) + len(line.split()[-1]) for line in table}) == 1
    assert len({len(line) for line in table[1:]}) == 1
    assert "communities" in lines and "connected components" in lines


def test_the_json_holds_every_measure(cli: Callable[..., Any], co_mention: nx.Graph) -> None:
    result = cli("analyze", "graph-technology-co-mention", "--format", "json", "--top", "4")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert len(data["degree"]) == len(data["betweenness"]) == 4
    assert data["nodes"] == sum(data["components"]) == co_mention.number_of_nodes()
    assert {"node", "label", "kind", "score"} == set(data["degree"][0])
    assert sum(c["size"] for c in data["communities"]) == data["nodes"]


def test_a_bad_top_is_a_usage_error(cli: Callable[..., Any]) -> None:
    result = cli("analyze", "graph-overview", "--top", "0")
    assert result.exit_code == 2
    assert "must be 1 or more" in result.stderr
