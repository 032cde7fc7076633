"""What a projection's structure says: its central nodes, its components, its communities.

Every measure works on the undirected simple graph underneath the projection (parallel edges
merged, direction ignored): betweenness counts unweighted shortest paths; communities
(Louvain, fixed seed) use the edge weights, so a pair of technologies named together by many
talks pulls harder than one named together once.

>>> import networkx as nx
>>> result = analyze(nx.path_graph(3), top=1)
>>> result.betweenness[0].node, result.components
('1', [3])
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from ..util.columns import aligned
from .projection import simple_graph

if TYPE_CHECKING:
    import networkx as nx

SEED = 42


@dataclass(frozen=True)
class Ranked:
    """A node and its score."""

    node: str
    label: str
    kind: str | None
    score: float


@dataclass(frozen=True)
class Community:
    """A group of nodes more linked to each other than to the rest, most connected first:
    their identifiers (IRIs) and their labels."""

    size: int
    nodes: list[str]
    labels: list[str]


@dataclass(frozen=True)
class Analysis:
    """The measures of one projection."""

    name: str
    title: str
    nodes: int
    edges: int
    degree: list[Ranked]
    betweenness: list[Ranked]
    components: list[int]
    communities: list[Community]


def _ranked(graph: nx.Graph, scores: dict[str, float], top: int) -> list[Ranked]:
    order = sorted(scores, key=lambda n: (-scores[n], str(graph.nodes[n].get("label", n)), n))
    return [Ranked(str(n), str(graph.nodes[n].get("label", n)), graph.nodes[n].get("kind"),
                   round(scores[n], 6)) for n in order[:top]]


def analyze(graph: nx.Graph, *, top: int = 10) -> Analysis:
    """Degree and betweenness centrality (the ``top`` nodes of each), the sizes of the
    connected components and the communities of ``graph``."""
    import networkx as nx
    from networkx.algorithms.community import louvain_communities

    simple = simple_graph(graph)
    components = sorted((len(c) for c in nx.connected_components(simple)), reverse=True)
    communities = []
    if simple.number_of_edges():
        found = louvain_communities(simple, weight="weight", seed=SEED)
        for group in found:
            members = sorted(group, key=lambda n: (-simple.degree(n, weight="weight"),
                                                   str(simple.nodes[n].get("label", n)), n))
            labels = [str(simple.nodes[n].get("label", n)) for n in members]
            communities.append(Community(len(members), [str(n) for n in members], labels))
        communities.sort(key=lambda c: (-c.size, c.labels, c.nodes))
    return Analysis(
        name=str(graph.graph.get("name", "")),
        title=str(graph.graph.get("title", "")),
        nodes=graph.number_of_nodes(),
        edges=graph.number_of_edges(),
        degree=_ranked(simple, nx.degree_centrality(simple), top),
        betweenness=_ranked(simple, nx.betweenness_centrality(simple), top),
        components=components,
        communities=communities,
    )


def to_json(analysis: Analysis) -> str:
    """The analysis as a JSON document."""
    return json.dumps(asdict(analysis), indent=2, ensure_ascii=False) + "\n"


def sizes(counts: list[int]) -> str:
    """Component sizes, largest first, repeats counted: ``14, 9, 2 (×3)``.

    >>> sizes([14, 9, 2, 2, 2])
    '14, 9, 2 (×3)'
    """
    runs: list[list[int]] = []
    for size in counts:
        if runs and runs[-1][0] == size:
            runs[-1][1] += 1
        else:
            runs.append([size, 1])
    return ", ".join(f"{size:,}" + (f" (×{times})" if times > 1 else "") for size, times in runs)


def to_table(analysis: Analysis, *, members: int = 8) -> str:
    """The analysis as aligned plain text; each community lists its first ``members``.

    >>> import networkx as nx
    >>> print(to_table(analyze(nx.path_graph(2), top=1)))  # doctest: +NORMALIZE_WHITESPACE
    2 nodes, 1 edges, 1 connected component, 1 community
    <BLANKLINE>
    degree centrality
    rank  node  kind  score
       1  0           1.000
    <BLANKLINE>
    betweenness centrality
    rank  node  kind  score
       1  0           0.000
    <BLANKLINE>
    connected components
    sizes: 2
    <BLANKLINE>
    communities
    community  nodes  most connected members
            1      2  0, 1
    """
    lines = []
    if analysis.title:
        lines.append(f"{analysis.name}: {analysis.title}")
    count = len(analysis.components)
    lines.append(f"{analysis.nodes:,} nodes, {analysis.edges:,} edges, {count:,} connected "
                 f"component{'s' if count != 1 else ''}, {len(analysis.communities):,} "
                 f"communit{'ies' if len(analysis.communities) != 1 else 'y'}")
    for heading, ranked in (("degree centrality", analysis.degree),
                            ("betweenness centrality", analysis.betweenness)):
        rows = [["rank", "node", "kind", "score"]]
        rows += [[str(i), r.label, r.kind or "", f"{r.score:.3f}"]
                 for i, r in enumerate(ranked, start=1)]
        lines += ["", heading, *aligned(rows, right={0, 3})]
    lines += ["", "connected components", f"sizes: {sizes(analysis.components)}"]
    rows = [["community", "nodes", "most connected members"]]
    for i, community in enumerate(analysis.communities, start=1):
        shown = ", ".join(community.labels[:members])
        if community.size > members:
            shown += f", … ({community.size - members} more)"
        rows.append([str(i), f"{community.size:,}", shown])
    lines += ["", "communities", *aligned(rows, right={0, 1})]
    return "\n".join(lines)
