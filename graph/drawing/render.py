"""Pictures of projections: PNG, SVG or PDF, drawn with matplotlib's object API (no GUI).

Nodes are coloured (and shaped) by kind from a fixed colour-blind-friendly palette, sized by
their weighted degree; edges are as wide as their weight. Every label is measured with the
renderer and placed where it overlaps no other label and no node (see :mod:`graph.layout`);
the figure grows with the number of nodes until they all fit. The same graph always gives the
same picture, byte for byte.

>>> import networkx as nx
>>> g = nx.Graph(title="Two nodes")
>>> g.add_edge("a", "b")
>>> picture = render(g)
>>> sorted(picture.labels)
['a', 'b']
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import DotscaleError, UsageError
from ..util.atomic import write_bytes_atomic
from .layout import GAP, Frame, Point, default_layout, frame, leader_end
from .projection import induced

if TYPE_CHECKING:
    import networkx as nx
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.text import Text

    from ..loading.store import KnowledgeGraph
    from ..querying.execute import QueryResult

IMAGE_FORMATS = ("png", "svg", "pdf")
DEFAULT_LIMIT = 150
DPI = 100
LABEL_SIZE = 9.0
TITLE_SIZE = 16.0
LEGEND_SIZE = 10.0
COUNTS_SIZE = 10.0
LEGEND_ROWS = 4  # at most; the figure widens for more columns
HALO = 2.2  # the ring around the centre of an ego graph, in marker areas
LABEL_WIDTH = 28  # characters per line of a label; longer names wrap onto a second line

# kind -> (colour, marker). Okabe-Ito for talks, people and organizations; Paul Tol's
# colour-blind-safe "muted", "light" and "bright" schemes for the technology kinds.
STYLES: dict[str, tuple[str, str]] = {
    "Talk": ("#0072B2", "s"),
    "LightningTalk": ("#56B4E9", "s"),
    "Person": ("#E69F00", "^"),
    "Organization": ("#D55E00", "h"),
    "Topic": ("#CC79A7", "D"),
    "Conference": ("#000000", "*"),
    "ConferenceSeries": ("#555555", "*"),
    "Database": ("#332288", "o"),
    "RelationalDatabase": ("#88CCEE", "o"),
    "TimeSeriesDatabase": ("#44AA99", "o"),
    "DocumentDatabase": ("#117733", "o"),
    "WideColumnDatabase": ("#999933", "o"),
    "KeyValueStore": ("#DDCC77", "o"),
    "SearchEngine": ("#CC6677", "o"),
    "MessageBroker": ("#882255", "o"),
    "ContainerTool": ("#AA4499", "o"),
    "ClusterManager": ("#77AADD", "o"),
    "WebServer": ("#EE8866", "o"),
    "IDE": ("#EEDD88", "o"),
    "TestingTool": ("#FFAABB", "o"),
    "OperatingSystem": ("#99DDFF", "o"),
    "CloudPlatform": ("#44BB99", "o"),
    "SystemTool": ("#BBCC33", "o"),
    "LanguageRuntime": ("#AAAA00", "o"),
    "ProgrammingLanguage": ("#4477AA", "o"),
    "DataFormat": ("#EE6677", "o"),
    "DataStructure": ("#228833", "o"),
    "Algorithm": ("#CC3311", "o"),
    "Protocol": ("#009988", "o"),
    "WebStandard": ("#EE7733", "o"),
    "Framework": ("#0077BB", "o"),
    "DataProcessingFramework": ("#33BBEE", "o"),
    "DeveloperTool": ("#EE3377", "o"),
    "MonitoringTool": ("#AA3377", "o"),
    "WebBrowser": ("#66CCEE", "o"),
    "GraphDatabase": ("#4B0092", "o"),
    "StorageEngine": ("#1A85FF", "o"),
    "Platform": ("#994F00", "o"),
    "Hardware": ("#E1BE6A", "o"),
    "Software": ("#BBBBBB", "o"),
    "Technology": ("#999999", "o"),
}
OTHER = ("#666666", "o")
EDGE_COLOUR = "#8a8a8a"
# a label hides the edges behind it; the padding stays within the gap between labels
LABEL_BACKGROUND = {"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none",
                    "alpha": 0.8}


def style(kind: str | None) -> tuple[str, str]:
    """The colour and marker of a kind of node.

    >>> style("Person")
    ('#E69F00', '^')
    """
    return STYLES.get(kind or "", OTHER)


def most_connected(graph: nx.Graph, top: int) -> nx.Graph:
    """The part of ``graph`` made of its ``top`` nodes of highest degree (ties: by label).

    >>> import networkx as nx
    >>> sorted(most_connected(nx.star_graph(4), 1))
    [0]
    """
    if top < 1:
        raise UsageError(f"--top must be 1 or more, not {top}")
    ranked = sorted(graph, key=lambda n: (-graph.degree(n),
                                          str(graph.nodes[n].get("label", n)), str(n)))
    return induced(graph, ranked[:top])


def label_text(label: str) -> str:
    """A label as drawn: wrapped onto at most two lines, cut with an ellipsis beyond.

    >>> label_text("Consistency and Candy Crush: Don't give up on serializability just yet")
    "Consistency and Candy Crush:\\nDon't give up on…"
    """
    lines = textwrap.wrap(label, LABEL_WIDTH) or [""]
    if len(lines) > 2:
        second = textwrap.shorten(lines[1], LABEL_WIDTH - 1, placeholder="")
        lines = [lines[0], second.rstrip(" ,:;-") + "…"]
    return "\n".join(lines)


def title_of(graph: nx.Graph) -> str:
    """The picture's title: the projection's title, the node it centres on, the conference.

    >>> import networkx as nx
    >>> title_of(nx.Graph(title="Speakers and technologies", conference="dotScale 2015"))
    'Speakers and technologies — dotScale 2015'
    """
    title = str(graph.graph.get("title") or graph.graph.get("name") or "Graph")
    if "around" in graph.graph:
        hops = int(graph.graph.get("hops", 1))
        title += f" around {graph.graph['around']} ({hops} hop{'s' if hops != 1 else ''})"
    conference = graph.graph.get("conference")
    return f"{title} — {conference}" if conference else title


@dataclass
class Picture:
    """A drawn projection: the figure, each node's label artist and centre (in pixels of the
    plotting area), how many nodes it shows of how many the projection has."""

    figure: Figure
    labels: dict[str, Text]
    centers: dict[str, tuple[float, float]]
    shown: int
    total: int


def _strength(graph: nx.Graph, node: str) -> float:
    return float(sum(w for _, _, w in graph.edges(node, data="weight", default=1)))


def _marker_radius(size: float) -> float:
    """The radius in pixels of a scatter marker of ``size`` points squared."""
    return math.sqrt(size) / 2 * DPI / 72


def _node_sizes(graph: nx.Graph) -> dict[str, float]:
    """Marker areas (points squared), growing with the weighted degree."""
    strengths = {n: _strength(graph, n) for n in graph}
    top = max(strengths.values(), default=1.0) or 1.0
    return {n: 40.0 + 360.0 * math.sqrt(s / top) for n, s in strengths.items()}


def _measure(texts: Iterable[str], fontsize: float = LABEL_SIZE,
             weight: str = "normal") -> dict[str, tuple[float, float]]:
    """Width and height in pixels of each text, measured by the Agg renderer."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(dpi=DPI)
    FigureCanvasAgg(figure)
    sizes = {}
    for text in set(texts):
        box = figure.text(0, 0, text, fontsize=fontsize, weight=weight).get_window_extent()
        sizes[text] = (float(box.width), float(box.height))
    return sizes


def _kinds(graph: nx.Graph) -> list[str]:
    """The kinds of the graph's nodes, in the palette's order."""
    order = list(STYLES)
    return sorted({str(k) for _, k in graph.nodes(data="kind") if k},
                  key=lambda k: (order.index(k) if k in order else len(order), k))


def render(graph: nx.Graph, *, layout: str | None = None, top: int | None = None,
           limit: int = DEFAULT_LIMIT) -> Picture:
    """Draw ``graph`` on a new figure.

    ``top`` keeps the ``top`` most connected nodes; without it, a graph of more than ``limit``
    nodes is cut to its ``limit`` most connected (``Picture.shown`` < ``Picture.total`` says so).
    """
    total = graph.number_of_nodes()
    if total == 0:
        raise DotscaleError("nothing to draw: the projection has no nodes")
    if top is None and total > limit:
        top = limit
    if top is not None:
        graph = most_connected(graph, top)
    sizes = _node_sizes(graph)
    radii = {n: _marker_radius(sizes[n]) for n in graph}
    center = graph.graph.get("center")
    if center in radii:  # the node an ego graph is drawn around wears a ring
        radii[center] = _marker_radius(sizes[center] * HALO)
    texts = {n: label_text(str(graph.nodes[n].get("label", n))) for n in graph}
    measured = _measure(texts.values())
    where = frame(graph, layout or default_layout(graph), radii,
                  {n: measured[texts[n]] for n in graph}, dpi=DPI)
    return _paint(graph, where, sizes, texts, total)


def _paint(graph: nx.Graph, where: Frame, sizes: dict[str, float], texts: dict[str, str],
           total: int) -> Picture:
    """The figure: title and counts above the plotting area, the legend below it."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    title = title_of(graph)
    shown = graph.number_of_nodes()
    counts = f"{shown:,} nodes, {graph.number_of_edges():,} edges"
    if shown < total:
        counts = f"the {shown:,} most connected of {total:,} nodes, " + counts.split(", ")[1]
    weights = _pair_weights(graph)
    if max(weights.values(), default=1.0) > 1:
        counts += " (a thicker line: a pair linked more than once)"
    side = 0.25 * DPI
    fig_w = max(where.width, _measure([title], TITLE_SIZE, "bold")[title][0],
                _measure([counts], COUNTS_SIZE)[counts][0]) + 2 * side
    kinds = _kinds(graph)
    column = max((w for w, _ in _measure(kinds, LEGEND_SIZE).values()), default=0.0)
    column += 4.8 * LEGEND_SIZE * DPI / 72  # marker, padding and the space between columns
    columns = max(int((fig_w - 2 * side) // column), math.ceil(len(kinds) / LEGEND_ROWS), 1)
    fig_w = max(fig_w, columns * column + 2 * side)
    rows = math.ceil(len(kinds) / columns)
    top_band, bottom_band = 0.9 * DPI, (rows * 0.23 + 0.3) * DPI
    fig_h = where.height + top_band + bottom_band

    figure = Figure(figsize=(fig_w / DPI, fig_h / DPI), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_axes(((fig_w - where.width) / 2 / fig_w, bottom_band / fig_h,
                            where.width / fig_w, where.height / fig_h))
    axes.set_xlim(0, where.width)
    axes.set_ylim(0, where.height)
    axes.set_axis_off()
    _draw_edges(axes, weights, where.centers)
    _draw_nodes(axes, graph, where.centers, sizes, kinds)
    labels = _draw_labels(axes, graph, where, texts)
    figure.text(0.5, 1 - 0.38 * DPI / fig_h, title, ha="center", va="center",
                fontsize=TITLE_SIZE, weight="bold")
    figure.text(0.5, 1 - 0.72 * DPI / fig_h, counts, ha="center", va="center",
                fontsize=COUNTS_SIZE, color="#444444")
    if kinds:
        _draw_legend(figure, kinds, math.ceil(len(kinds) / rows), 0.1 * DPI / fig_h)
    return Picture(figure, labels, where.centers, shown, total)


def _pair_weights(graph: nx.Graph) -> dict[frozenset[str], float]:
    """The summed weight of the edges between each linked pair."""
    from .projection import simple_graph

    return {frozenset((u, v)): float(weight)
            for u, v, weight in simple_graph(graph).edges(data="weight")}


def _draw_edges(axes: Axes, weights: dict[frozenset[str], float],
                centers: dict[str, Point]) -> None:
    """One grey line per linked pair, as wide as its weight."""
    from matplotlib.collections import LineCollection

    heaviest = max(weights.values(), default=1.0)
    segments = [[centers[u] for u in sorted(pair)] for pair in weights]
    widths = [0.7 + 3.3 * (w - 1) / max(heaviest - 1, 1) for w in weights.values()]
    axes.add_collection(LineCollection(segments, linewidths=widths, colors=EDGE_COLOUR,
                                       alpha=0.55, zorder=1))


def _draw_nodes(axes: Axes, graph: nx.Graph, centers: dict[str, Point],
                sizes: dict[str, float], kinds: list[str]) -> None:
    """The markers, one scatter per kind; a ring around the centre of an ego graph."""
    for kind in [*kinds, None]:
        members = [n for n in graph if (graph.nodes[n].get("kind") or None) == kind]
        if members:
            colour, marker = style(kind)
            axes.scatter([centers[n][0] for n in members], [centers[n][1] for n in members],
                         s=[sizes[n] for n in members], c=colour, marker=marker,
                         edgecolors="#333333", linewidths=0.6, zorder=2)
    center = graph.graph.get("center")
    if center in centers:
        axes.scatter([centers[center][0]], [centers[center][1]], s=[sizes[center] * HALO],
                     facecolors="none", edgecolors="#111111", linewidths=1.6, zorder=2)


def _draw_labels(axes: Axes, graph: nx.Graph, where: Frame,
                 texts: dict[str, str]) -> dict[str, Text]:
    """Each label in its box; a leader line to a label that had to move away from its node."""
    from matplotlib.collections import LineCollection

    labels: dict[str, Text] = {}
    leaders = []
    for node in graph:
        center, box = where.centers[node], where.boxes[node]
        end = leader_end(center, box)
        if math.dist(center, end) > where.radii[node] + 2 * GAP:
            leaders.append([center, end])
        labels[node] = axes.text(box[0], box[1], texts[node], fontsize=LABEL_SIZE, ha="left",
                                 va="bottom", zorder=4, color="#111111", linespacing=1.15,
                                 bbox=LABEL_BACKGROUND,
                                 multialignment="right" if box[2] <= center[0] else "left")
    if leaders:
        axes.add_collection(LineCollection(leaders, linewidths=0.6, colors="#555555",
                                           zorder=3))
    return labels


def _draw_legend(figure: Figure, kinds: list[str], columns: int, bottom: float) -> None:
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], linestyle="", marker=style(k)[1], markersize=9,
                      markerfacecolor=style(k)[0], markeredgecolor="#333333", label=k)
               for k in kinds]
    figure.legend(handles=handles, loc="lower center", ncols=columns, frameon=False,
                  fontsize=LEGEND_SIZE, bbox_to_anchor=(0.5, bottom))


def image_format(path: Path, fmt: str | None = None) -> str:
    """The image format asked for, else the one ``path``'s suffix names.

    >>> image_format(Path("overview.svg"))
    'svg'
    """
    chosen = fmt or path.suffix.lower().lstrip(".")
    if chosen not in IMAGE_FORMATS:
        raise UsageError(f"cannot draw {path.name!r}: the picture must be "
                            f"{', '.join('.' + f for f in IMAGE_FORMATS)}")
    return chosen


def image_bytes(picture: Picture, fmt: str) -> bytes:
    """The picture as PNG, SVG or PDF; the same picture always gives the same bytes."""
    import matplotlib

    metadata: dict[str, dict[str, Any]] = {
        "png": {"Software": None},
        "svg": {"Date": None, "Creator": None},
        "pdf": {"CreationDate": None, "Creator": None, "Producer": None},
    }
    stream = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": "dotscale", "svg.fonttype": "path"}):
        picture.figure.savefig(stream, format=fmt, dpi=DPI, metadata=metadata[fmt],
                               facecolor="white")
    return stream.getvalue()


def save(picture: Picture, path: Path | str, fmt: str | None = None) -> None:
    """Write the picture to ``path`` atomically, in the format its suffix names."""
    target = Path(path)
    write_bytes_atomic(target, image_bytes(picture, image_format(target, fmt)))


def draw(graph: nx.Graph, path: Path | str, *, layout: str | None = None,
         top: int | None = None) -> Picture:
    """Draw ``graph`` into the image file ``path`` (``.png``, ``.svg`` or ``.pdf``)."""
    target = Path(path)
    image_format(target)
    picture = render(graph, layout=layout, top=top)
    save(picture, target)
    return picture


def render_all(kg: KnowledgeGraph, answers: Mapping[str, QueryResult] | None = None
               ) -> dict[str, tuple[nx.Graph, Picture]]:
    """Every projection of the library that has nodes, by name: the graph and its picture.

    ``answers`` holds the projection queries' answers where the caller already has them.
    """
    from .projection import graph_of, project, projections

    drawn = {}
    for query in projections():
        answer = (answers or {}).get(query.name)
        graph = project(kg, query) if answer is None else graph_of(kg, query, answer)
        if graph.number_of_nodes():
            drawn[query.name] = (graph, render(graph))
    return drawn


def write_all(drawn: dict[str, tuple[nx.Graph, Picture]], out_dir: Path | str) -> list[Path]:
    """Write each drawn projection into ``out_dir`` as NAME.png, NAME.svg and NAME.graphml."""
    from .projection import write

    target = Path(out_dir)
    written = []
    for name, (graph, picture) in drawn.items():
        for fmt in ("png", "svg"):
            save(picture, target / f"{name}.{fmt}", fmt)
            written.append(target / f"{name}.{fmt}")
        write(graph, target / f"{name}.graphml", "graphml")
        written.append(target / f"{name}.graphml")
    return written


def draw_all(kg: KnowledgeGraph, out_dir: Path | str,
             answers: Mapping[str, QueryResult] | None = None) -> list[Path]:
    """Draw every projection of the library into ``out_dir``: PNG, SVG and GraphML each.

    Returns the files written (``graph-overview.png``, ``graph-overview.svg``,
    ``graph-overview.graphml``, ...). A projection of more than :data:`DEFAULT_LIMIT` nodes
    is drawn with its most connected ones; its picture's subtitle says so.
    """
    return write_all(render_all(kg, answers), out_dir)
