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

import functools
import io
import math
import re
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
    from matplotlib.lines import Line2D
    from matplotlib.text import Text
    from matplotlib.typing import LineStyleType

    from ..loading.store import KnowledgeGraph
    from ..querying.execute import QueryResult

IMAGE_FORMATS = ("png", "svg", "pdf")
DEFAULT_LIMIT = 200
DPI = 100
LABEL_SIZE = 9.0
TITLE_SIZE = 16.0
LEGEND_SIZE = 10.0
COUNTS_SIZE = 10.0
LEGEND_ROWS = 4  # at most; the figure widens for more columns
LEGEND_ROW = 1.75 * LEGEND_SIZE * DPI / 72  # pixels from one legend row to the next
EDGE_WIDTH = 0.9  # points: the thinnest line
ARROW_SIZE = 9.0  # points: an arrow's head
SIDE = 0.25 * DPI  # pixels left and right of the plotting area
HALO = 2.2  # the ring around the centre of an ego graph, in marker areas
LABEL_WIDTH = 28  # characters per line of a label; longer names wrap onto a second line
# A picture is made to be read at the width of a README page, its text at least as big there
# as the smallest text of the page: about as wide as the labels allow, and no wider.
README_WIDTH = 900.0  # pixels
README_TEXT = 11.5  # pixels: the size of a label's font, once the picture is that wide

@dataclass(frozen=True)
class Family:
    """Kinds of node drawn alike: the legend's name for them, a colour and a marker."""

    name: str
    colour: str
    marker: str
    kinds: tuple[str, ...]


# A few families by broad kind, so that a picture needs a short legend. Each marker shape is
# one broad kind (talks squares, people triangles, organizations hexagons, topics diamonds,
# technologies circles); the colours, taken from Paul Tol's and Okabe-Ito's colour-blind-safe
# schemes, stay apart for readers with any of the three dichromacies, and the circles also by
# their lightness alone, so that the legend still reads in grey (tests/test_draw.py measures
# both).
FAMILIES = (
    Family("Talk", "#004488", "s", ("Talk", "LightningTalk")),
    Family("Person", "#EE7733", "^", ("Person",)),
    Family("Organization", "#882255", "h", ("Organization",)),
    Family("Topic", "#CC79A7", "D", ("Topic",)),
    Family("Conference", "#000000", "*", ("Conference", "ConferenceSeries")),
    Family("Database, queue or search engine", "#009E73", "o",
           ("Database", "RelationalDatabase", "TimeSeriesDatabase", "DocumentDatabase",
            "WideColumnDatabase", "KeyValueStore", "SearchEngine", "MessageBroker",
            "GraphDatabase", "StorageEngine")),
    Family("Infrastructure or system tool", "#88CCEE", "o",
           ("ContainerTool", "ClusterManager", "OperatingSystem", "CloudPlatform", "WebServer",
            "SystemTool", "Platform", "Hardware", "MonitoringTool")),
    Family("Language, runtime or data format", "#666633", "o",
           ("ProgrammingLanguage", "LanguageRuntime", "DataFormat", "DataStructure", "Algorithm",
            "Protocol", "WebStandard")),
    Family("Other technology", "#EEEEEE", "o", ("IDE", "TestingTool", "Software", "Technology",
                                                "Framework", "DataProcessingFramework",
                                                "DeveloperTool", "WebBrowser")),
)
OTHER = Family("Other", "#EEEEEE", "p", ())  # a kind no family names, or none
_FAMILY_OF = {kind: family for family in FAMILIES for kind in family.kinds}
EDGE_COLOUR = "#707070"
# a label hides the edges behind it; the padding stays within the gap between labels
LABEL_PAD = 0.1 * LABEL_SIZE * DPI / 72  # pixels of background around a label's text


@dataclass(frozen=True)
class Relation:
    """Relations drawn alike in a directed graph: the legend's name, the line's dashes."""

    name: str
    dashes: LineStyleType
    predicates: tuple[str, ...]


# The relations of the overview, by their predicate's local name: an arrow from the subject
# to the object, dashed after the relation (dashes read in grey as well as in colour).
RELATIONS = (
    Relation("speaker", "solid", ("speaker",)),
    Relation("about or mentions", (0, (5.0, 2.5)), ("about", "mentions")),
    Relation("works for or affiliated with", (0, (1.0, 1.8)), ("worksFor", "affiliation")),
    Relation("uses, creator, built on, written in, inspired by or tests",
             (0, (7.0, 2.0, 1.5, 2.0)),
             ("uses", "creator", "contributor", "builtOn", "writtenIn", "inspiredBy", "tests")),
)
OTHER_RELATION = Relation("other relation", (0, (12.0, 3.0, 1.5, 3.0, 1.5, 3.0)), ())
_RELATION_OF = {p: relation for relation in RELATIONS for p in relation.predicates}
RELATIONS_TITLE = "Relations (an arrow points from the subject to the object)"


def family(kind: str | None) -> Family:
    """The family a kind of node is drawn with.

    >>> family("TimeSeriesDatabase").name
    'Database, queue or search engine'
    >>> family(None).name
    'Other'
    """
    return _FAMILY_OF.get(kind or "", OTHER)


def most_connected(graph: nx.Graph, top: int) -> nx.Graph:
    """The part of ``graph`` made of at most ``top`` of its nodes of highest degree (ties: by
    label), each linked to another one kept: walking down the ranking, a node joins once one
    of its neighbours ranks above it (or once it is reached, when it has no neighbour at all in
    ``graph``), for as long as ``top`` nodes are not exceeded. A picture of dots without a
    line would say nothing.

    >>> import networkx as nx
    >>> sorted(most_connected(nx.star_graph(4), 2))
    [0, 1]
    >>> sorted(most_connected(nx.Graph([(0, 1), (0, 2), (3, 4), (3, 5)]), 3))
    [0, 1, 2]
    """
    from .projection import simple_graph

    if top < 1:
        raise UsageError(f"--top must be 1 or more, not {top}")
    simple = simple_graph(graph)
    ranked = sorted(graph, key=lambda n: (-simple.degree(n),
                                          str(graph.nodes[n].get("label", n)), str(n)))
    rank = {node: i for i, node in enumerate(ranked)}
    # the length of the shortest head of the ranking in which the node has a neighbour
    joins = {n: max(rank[n], min((rank[m] for m in simple[n]), default=rank[n])) + 1
             for n in ranked}
    cut = sorted(joins.values())
    last = cut[top - 1] if top <= len(cut) else cut[-1]
    if top < len(cut) and cut[top] == last:  # nodes that join together stay together
        last = max((v for v in cut[:top] if v < last), default=0)
    return induced(graph, [n for n in ranked if joins[n] <= last])


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
    return {n: 70.0 + 330.0 * math.sqrt(s / top) for n, s in strengths.items()}


def _measure(texts: Iterable[str], fontsize: float = LABEL_SIZE,
             weight: str = "normal") -> dict[str, tuple[float, float]]:
    """Width and height in pixels of each text, measured by the Agg renderer."""
    import matplotlib
    from matplotlib.font_manager import FontProperties, findfont

    # The font file and the hinting are part of the key, so that a size measured under other
    # settings (say within matplotlib.rc_context) is never taken for one of these.
    font = findfont(FontProperties(size=fontsize, weight=weight))
    hinting = str(matplotlib.rcParams["text.hinting"])
    return {text: _measured(text, fontsize, weight, font, hinting) for text in set(texts)}


# Labels, legend entries and titles come back from one picture to the next in a process (a
# technology in several projections); each costs FreeType a layout of its glyphs.
@functools.lru_cache(maxsize=4096)
def _measured(text: str, fontsize: float, weight: str, font: str, hinting: str
              ) -> tuple[float, float]:
    """Width and height in pixels of ``text`` (``font``: the file the font is found in, and
    ``hinting``: matplotlib's setting, both as they were when this was measured)."""
    artist = _ruler(font, hinting).text(0, 0, text, fontsize=fontsize, weight=weight,
                                        parse_math=False)
    try:
        box = artist.get_window_extent()
    finally:
        artist.remove()
    return float(box.width), float(box.height)


# matplotlib keeps the size of each line of text it measures with a renderer, by text and
# font properties, whatever the hinting or the font file that the settings resolve them to:
# a renderer measures under one hinting and one font file only.
@functools.lru_cache(maxsize=8)
def _ruler(font: str, hinting: str) -> Figure:
    """The figure texts in ``font`` are measured on under ``hinting``, with its renderer."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(dpi=DPI)
    FigureCanvasAgg(figure)
    return figure


def _families(graph: nx.Graph) -> list[Family]:
    """The families of the graph's nodes, in the legend's order."""
    present = {family(kind) for _, kind in graph.nodes(data="kind")}
    return [f for f in (*FAMILIES, OTHER) if f in present]


def relation(iri: str | None) -> Relation:
    """The group a relation (a predicate's IRI) is drawn with.

    >>> relation("https://w3id.org/dotscale/ontology#worksFor").name
    'works for or affiliated with'
    """
    return _RELATION_OF.get(re.split(r"[#/]", iri or "")[-1], OTHER_RELATION)


def _relations(graph: nx.Graph) -> list[Relation]:
    """The relation groups of a directed graph's edges that name one, in the legend's order."""
    if not graph.is_directed():
        return []
    present = {relation(r) for _, _, r in graph.edges(data="relation") if r is not None}
    return [r for r in (*RELATIONS, OTHER_RELATION) if r in present]


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
        if graph.number_of_nodes() == 0:
            raise DotscaleError(f"nothing to draw: no two of the {top} most connected nodes "
                                "are linked; draw more with --top")
    sizes = _node_sizes(graph)
    radii = {n: _marker_radius(sizes[n]) for n in graph}
    center = graph.graph.get("center")
    if center in radii:  # the node an ego graph is drawn around wears a ring
        radii[center] = _marker_radius(sizes[center] * HALO)
    texts = {n: label_text(str(graph.nodes[n].get("label", n))) for n in graph}
    measured = _measure(texts.values())
    width = README_WIDTH * LABEL_SIZE * DPI / 72 / README_TEXT - 2 * SIDE
    where = frame(graph, layout or default_layout(graph), radii,
                  {n: measured[texts[n]] for n in graph}, dpi=DPI, width=width)
    return _paint(graph, where, sizes, texts, total)


@dataclass
class _Legend:
    """A block of legend entries below the plotting area, ``columns`` wide."""

    handles: list[Line2D]
    title: str | None
    columns: int
    rows: int

    @property
    def height(self) -> float:
        """Its height in pixels."""
        return (self.rows + (self.title is not None)) * LEGEND_ROW + 0.12 * DPI


def _legend(handles: list[Line2D], title: str | None, widths: list[float], room: float
            ) -> _Legend:
    """The entries in as many columns as fit in ``room`` pixels (filled down first, as
    matplotlib does), each column as wide as its widest entry (``widths``: text, marker and
    the space between columns); at most :data:`LEGEND_ROWS` rows unless a column alone is
    too wide."""
    count = len(handles)
    for columns in range(count, 0, -1):
        rows = math.ceil(count / columns)
        used = sum(max(widths[start:start + rows]) for start in range(0, count, rows))
        if used <= room or columns == 1:
            break
    columns = max(columns, math.ceil(count / LEGEND_ROWS))
    rows = math.ceil(count / columns)
    return _Legend(handles, title, math.ceil(count / rows), rows)


def _legends(graph: nx.Graph, fig_w: float) -> list[_Legend]:
    """The legend of the node families, and below it that of the relations an arrow shows."""
    from matplotlib.lines import Line2D

    blocks = []
    families = _families(graph)
    em = LEGEND_SIZE * DPI / 72
    if families:
        handles = [Line2D([], [], linestyle="", marker=f.marker, markersize=LEGEND_SIZE,
                          markerfacecolor=f.colour, markeredgecolor="#333333", label=f.name)
                   for f in families]
        measured = _measure([f.name for f in families], LEGEND_SIZE)
        blocks.append(_legend(handles, None, [measured[f.name][0] + 4.8 * em
                                              for f in families], fig_w))
    relations = _relations(graph)
    if relations:
        handles = [Line2D([], [], color=EDGE_COLOUR, linestyle=r.dashes, linewidth=EDGE_WIDTH,
                          label=r.name) for r in relations]
        measured = _measure([r.name for r in relations], LEGEND_SIZE)
        blocks.append(_legend(handles, RELATIONS_TITLE, [measured[r.name][0] + 6.5 * em
                                                         for r in relations], fig_w))
    return blocks


def _paint(graph: nx.Graph, where: Frame, sizes: dict[str, float], texts: dict[str, str],
           total: int) -> Picture:
    """The figure: title and counts above the plotting area, the legends below it."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    title = title_of(graph)
    shown = graph.number_of_nodes()
    counts = f"{shown:,} nodes, {graph.number_of_edges():,} edges"
    if shown < total:
        counts = f"the {shown:,} most connected of {total:,} nodes, " + counts.split(", ")[1]
    weights = _edge_weights(graph)
    if max(weights.values(), default=1.0) > 1:
        counts += " (a thicker line: a pair linked more than once)"
    fig_w = max(where.width, _measure([title], TITLE_SIZE, "bold")[title][0],
                _measure([counts], COUNTS_SIZE)[counts][0]) + 2 * SIDE
    legends = _legends(graph, fig_w - 2 * SIDE)
    top_band = (TITLE_SIZE + COUNTS_SIZE) * 2.2 * DPI / 72
    bottom_band = sum(legend.height for legend in legends) + 0.1 * DPI
    fig_h = where.height + top_band + bottom_band

    figure = Figure(figsize=(fig_w / DPI, fig_h / DPI), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_axes(((fig_w - where.width) / 2 / fig_w, bottom_band / fig_h,
                            where.width / fig_w, where.height / fig_h))
    axes.set_xlim(0, where.width)
    axes.set_ylim(0, where.height)
    axes.set_axis_off()
    _draw_edges(axes, graph, weights, where)
    _draw_nodes(axes, graph, where.centers, sizes)
    labels = _draw_labels(axes, graph, where, texts)
    title_y = fig_h - TITLE_SIZE * 1.5 * DPI / 72
    figure.text(0.5, title_y / fig_h, title, ha="center", va="center", fontsize=TITLE_SIZE,
                weight="bold", parse_math=False)
    counts_y = title_y - (TITLE_SIZE + COUNTS_SIZE) * 0.85 * DPI / 72
    figure.text(0.5, counts_y / fig_h, counts, ha="center", va="center",
                fontsize=COUNTS_SIZE, color="#444444", parse_math=False)
    for i, legend in enumerate(legends):  # the kinds on top, the relations below
        bottom = 0.1 * DPI + sum(below.height for below in legends[i + 1:])
        figure.legend(handles=legend.handles, title=legend.title, loc="lower center",
                      ncols=legend.columns, frameon=False, fontsize=LEGEND_SIZE,
                      title_fontsize=LEGEND_SIZE, handlelength=3.0 if legend.title else 2.0,
                      bbox_to_anchor=(0.5, bottom / fig_h), borderpad=0.2)
    return Picture(figure, labels, where.centers, shown, total)


def _edge_weights(graph: nx.Graph) -> dict[tuple[str, str, Any], float]:
    """Each line drawn and its weight: one per linked pair (weights summed) in an undirected
    graph; one per edge (an arrow) in a directed one, keyed by its ends and its key."""
    from .projection import simple_graph

    if graph.is_directed():
        edges = (graph.edges(keys=True, data="weight", default=1) if graph.is_multigraph()
                 else ((u, v, None, w) for u, v, w in graph.edges(data="weight", default=1)))
        return {(u, v, key): float(weight) for u, v, key, weight in edges if u != v}
    return {(u, v, None): float(weight)
            for u, v, weight in simple_graph(graph).edges(data="weight")}


def _width(weight: float, heaviest: float) -> float:
    return EDGE_WIDTH + 3.3 * (weight - 1) / max(heaviest - 1, 1)


def _draw_edges(axes: Axes, graph: nx.Graph, weights: dict[tuple[str, str, Any], float],
                where: Frame) -> None:
    """A grey line per linked pair, as wide as its weight; in a directed graph an arrow per
    edge instead, dashed after its relation, bent apart from the other edges of its pair."""
    from matplotlib.collections import LineCollection
    from matplotlib.patches import ConnectionStyle, FancyArrowPatch

    heaviest = max(weights.values(), default=1.0)
    centers = where.centers
    if not graph.is_directed():
        segments = [[centers[u] for u in sorted((u, v))] for u, v, _ in weights]
        widths = [_width(w, heaviest) for w in weights.values()]
        axes.add_collection(LineCollection(segments, linewidths=widths, colors=EDGE_COLOUR,
                                           alpha=0.6, zorder=1))
        return
    pairs: dict[tuple[str, str], list[tuple[str, str, Any]]] = {}
    for edge in sorted(weights, key=lambda e: (e[0], e[1], str(e[2]))):
        pairs.setdefault((min(edge[:2]), max(edge[:2])), []).append(edge)
    for pair, edges in pairs.items():
        for i, (u, v, key) in enumerate(edges):
            bend = 0.25 * (i - (len(edges) - 1) / 2) * (1 if (u, v) == pair else -1)
            data = graph.edges[u, v, key] if graph.is_multigraph() else graph.edges[u, v]
            # The curve from rim to rim is found once, here, in the plotting area's pixels
            # (its data units), rather than each time the picture is written. It is added as
            # an artist, not a patch: the limits are set, and a patch's would be measured.
            curve = ConnectionStyle.Arc3(rad=bend)(
                centers[u], centers[v], shrinkA=where.radii[u],
                shrinkB=where.radii[v] + DPI / 72)
            axes.add_artist(FancyArrowPatch(
                path=curve, arrowstyle="-|>", mutation_scale=ARROW_SIZE, color=EDGE_COLOUR,
                linestyle=relation(data.get("relation")).dashes,
                linewidth=_width(weights[u, v, key], heaviest), zorder=1))


def _draw_nodes(axes: Axes, graph: nx.Graph, centers: dict[str, Point],
                sizes: dict[str, float]) -> None:
    """The markers, one scatter per family; a ring around the centre of an ego graph."""
    for drawn in _families(graph):
        members = [n for n in graph if family(graph.nodes[n].get("kind")) == drawn]
        axes.scatter([centers[n][0] for n in members], [centers[n][1] for n in members],
                     s=[sizes[n] for n in members], c=drawn.colour, marker=drawn.marker,
                     edgecolors="#333333", linewidths=0.7, zorder=2)
    center = graph.graph.get("center")
    if center in centers:
        axes.scatter([centers[center][0]], [centers[center][1]], s=[sizes[center] * HALO],
                     facecolors="none", edgecolors="#111111", linewidths=1.6, zorder=2)


def _draw_labels(axes: Axes, graph: nx.Graph, where: Frame,
                 texts: dict[str, str]) -> dict[str, Text]:
    """Each label in its box, as plain text (a ``$`` or a backslash in a name is drawn as
    written, never read as mathtext); a leader line to a label that had to move away from
    its node."""
    from matplotlib.collections import LineCollection, PatchCollection
    from matplotlib.patches import Rectangle

    labels: dict[str, Text] = {}
    leaders = []
    backgrounds = []
    for node in graph:
        center, box = where.centers[node], where.boxes[node]
        end = leader_end(center, box)
        if math.dist(center, end) > where.radii[node] + 2 * GAP:
            leaders.append([center, end])
        backgrounds.append(Rectangle((box[0] - LABEL_PAD, box[1] - LABEL_PAD),
                                     box[2] - box[0] + 2 * LABEL_PAD,
                                     box[3] - box[1] + 2 * LABEL_PAD))
        labels[node] = axes.text(box[0], box[1], texts[node], fontsize=LABEL_SIZE, ha="left",
                                 va="bottom", zorder=4, color="#111111", linespacing=1.15,
                                 parse_math=False,
                                 multialignment="right" if box[2] <= center[0] else "left")
    # the backgrounds in one collection, drawn at once, rather than a box drawn with each text
    axes.add_collection(PatchCollection(backgrounds, facecolor="white", edgecolor="none",
                                        alpha=0.8, zorder=3.9), autolim=False)
    if leaders:
        axes.add_collection(LineCollection(leaders, linewidths=0.6, colors="#555555",
                                           zorder=3))
    return labels


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
    # zlib's level 3 writes these pictures (large, mostly white) smaller than its default, and
    # in two thirds of the time
    options: dict[str, Any] = {"pil_kwargs": {"compress_level": 3}} if fmt == "png" else {}
    stream = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": "dotscale", "svg.fonttype": "none"}):
        picture.figure.savefig(stream, format=fmt, dpi=DPI, metadata=metadata[fmt],
                               facecolor="white", **options)
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


def projected_all(kg: KnowledgeGraph, answers: Mapping[str, QueryResult] | None = None
                  ) -> dict[str, nx.Graph]:
    """Every projection of the library that has nodes, by name.

    ``answers`` holds the projection queries' answers where the caller already has them.
    """
    from .projection import graph_of, project, projections

    graphs = {}
    for query in projections():
        answer = (answers or {}).get(query.name)
        graph = project(kg, query) if answer is None else graph_of(kg, query, answer)
        if graph.number_of_nodes():
            graphs[query.name] = graph
    return graphs


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


def write_pictures(graphs: Mapping[str, nx.Graph], out_dir: Path | str) -> list[Path]:
    """Draw each graph and write it (see :func:`write_all`), one picture in memory at a time.
    A projection of more than :data:`DEFAULT_LIMIT` nodes is drawn with its most connected
    ones; its picture's subtitle says so."""
    return [path for name, graph in graphs.items()
            for path in write_all({name: (graph, render(graph))}, out_dir)]


def warm_up() -> None:
    """Load what the first picture loads (matplotlib, the layouts, the fonts), ahead of it."""
    import networkx as nx

    image_bytes(render(nx.Graph([("a", "b")])), "png")
