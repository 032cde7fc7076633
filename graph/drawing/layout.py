"""Where nodes and their labels go in a picture.

Node positions come from networkx layouts, made deterministic (fixed seed, nodes in a fixed
order). The force-directed layouts lay out each connected component on its own and pack them
in rows, all at the same density. Labels are placed by :func:`place_labels`: each one beside
its node if there is room, else a little farther out (the picture then draws a leader line),
never over another label or another node.

>>> import networkx as nx
>>> pos = positions(nx.path_graph(3), "circular")
>>> all(0 <= x <= 1 and 0 <= y <= 1 for x, y in pos.values())
True
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import DotscaleError, UsageError
from .projection import induced, simple_graph

if TYPE_CHECKING:
    import networkx as nx
    import numpy as np
    from numpy.typing import NDArray

LAYOUTS = ("spring", "kamada-kawai", "bipartite", "circular", "shell")
FORCE_LAYOUTS = ("spring", "kamada-kawai")
SEED = 42

Point = tuple[float, float]
Box = tuple[float, float, float, float]  # x0, y0, x1, y1


KAMADA_KAWAI_LIMIT = 300  # nodes; above, Kamada-Kawai's all-pairs distances get slow


def default_layout(graph: nx.Graph) -> str:
    """Two columns for a bipartite projection, force-directed for anything else: Kamada-Kawai
    (edges of even length) up to a few hundred nodes, spring (Fruchterman-Reingold) above."""
    if graph.graph.get("projection") == "bipartite":
        return "bipartite"
    return "kamada-kawai" if graph.number_of_nodes() <= KAMADA_KAWAI_LIMIT else "spring"


def sides(graph: nx.Graph) -> tuple[list[str], list[str]]:
    """The two columns of a bipartite picture, from the top, ordered to cross few edges.

    A bipartite projection says each node's side (its ``bipartite`` attribute: sources left,
    targets right); the other nodes go to the side their neighbours leave them, left when
    free. A graph whose edges cannot all run from one column to the other is refused.

    >>> import networkx as nx
    >>> sides(nx.Graph([("a", "y"), ("b", "x")]))
    (['a', 'b'], ['y', 'x'])
    """
    from .projection import simple_graph

    simple = simple_graph(graph)
    side = _two_sides(simple, str(graph.graph.get("name") or "the graph"))
    left = [n for n in simple if side[n] == 0]
    right = [n for n in simple if side[n] == 1]
    return _fewer_crossings(simple, _by_label(simple, left), _by_label(simple, right))


def _by_label(graph: nx.Graph, nodes: list[str]) -> list[str]:
    return sorted(nodes, key=lambda n: (str(graph.nodes[n].get("label", n)).casefold(), n))


def _two_sides(simple: nx.Graph, name: str) -> dict[str, int]:
    """Each node's column (0 left, 1 right): a given side first, then each neighbour on the
    other side, breadth first. Raises a usage error on an edge within one column."""
    side: dict[str, int] = {n: s for n, s in simple.nodes(data="bipartite") if s in (0, 1)}
    starts = [n for n in simple if n in side] + [n for n in simple if n not in side]
    seen: set[str] = set()
    for start in starts:
        if start in seen:
            continue
        side.setdefault(start, 0)
        seen.add(start)
        queue = [start]
        while queue:
            node = queue.pop(0)
            for other in simple[node]:
                side.setdefault(other, 1 - side[node])
                if side[other] == side[node]:
                    raise UsageError(_not_bipartite(simple, name, node, other))
                if other not in seen:
                    seen.add(other)
                    queue.append(other)
    return side


def _not_bipartite(simple: nx.Graph, name: str, one: str, other: str) -> str:
    labels = [str(simple.nodes[n].get("label", n)) for n in (one, other)]
    return (f"--layout bipartite cannot draw {name}: it is not bipartite ({labels[0]!r} and "
            f"{labels[1]!r} are linked but would share a column); choose another layout")


def crossings(graph: nx.Graph, left: Sequence[str], right: Sequence[str]) -> int:
    """How many pairs of edges cross when ``left`` and ``right`` are drawn as two columns in
    that order (edges that share an end do not cross).

    >>> import networkx as nx
    >>> g = nx.Graph([("a", "x"), ("b", "y")])
    >>> crossings(g, ["a", "b"], ["x", "y"]), crossings(g, ["a", "b"], ["y", "x"])
    (0, 1)
    """
    import numpy as np

    row = {n: i for i, n in enumerate(left)} | {n: i for i, n in enumerate(right)}
    lefts = set(left)
    ends = np.array([(row[u], row[v]) if u in lefts else (row[v], row[u])
                     for u, v in graph.edges() if (u in lefts) != (v in lefts)],
                    dtype=float).reshape(-1, 2)
    a, b = ends[:, 0], ends[:, 1]
    crossed = (a[:, None] - a[None, :]) * (b[:, None] - b[None, :]) < 0
    return int(crossed.sum()) // 2


def _by_barycentre(simple: nx.Graph, fixed: list[str], moving: list[str]) -> list[str]:
    """``moving`` sorted by the mean row of each node's neighbours in ``fixed`` (a node with
    none keeps its place; ties keep their order)."""
    row = {n: i for i, n in enumerate(fixed)}
    scale = len(fixed) / max(len(moving), 1)

    def barycentre(item: tuple[int, str]) -> tuple[float, int]:
        index, node = item
        rows = [row[m] for m in simple[node] if m in row]
        return (sum(rows) / len(rows) if rows else index * scale, index)

    return [n for _, n in sorted(enumerate(moving), key=barycentre)]


SWEEPS = 24  # rounds of barycentric ordering, each column in turn


def _fewer_crossings(simple: nx.Graph, left: list[str], right: list[str]
                     ) -> tuple[list[str], list[str]]:
    """The columns reordered by the barycentric heuristic (Sugiyama et al.): each node moves
    to the mean row of its neighbours in the other column, one column then the other, each
    round followed by swaps of neighbours that uncross edges, and the order with the fewest
    crossings seen wins (ties: the earlier, so the label order when
    it is as good)."""
    best = (crossings(simple, left, right), left, right)
    for sweep in range(SWEEPS):
        if sweep % 2 == 0:
            right = _by_barycentre(simple, left, right)
        else:
            left = _by_barycentre(simple, right, left)
        left, right = _untangled(simple, left, right)
        count = crossings(simple, left, right)
        if count < best[0]:
            best = (count, left, right)
    return best[1], best[2]


def _untangled(simple: nx.Graph, left: list[str], right: list[str]
               ) -> tuple[list[str], list[str]]:
    """The columns after swapping neighbours (see :func:`_transposed`) until no swap helps."""
    for _ in range(SWEEPS):
        left, moved_left = _transposed(simple, left, right)
        right, moved_right = _transposed(simple, right, left)
        if not (moved_left or moved_right):
            break
    return left, right


def _transposed(simple: nx.Graph, column: list[str], other: list[str]
                ) -> tuple[list[str], bool]:
    """``column`` after one pass of swapping each pair of neighbours whose swap uncrosses
    more edges than it crosses (the transposition heuristic), and whether any moved.

    >>> import networkx as nx
    >>> _transposed(nx.Graph([("a", "y"), ("b", "x")]), ["a", "b"], ["x", "y"])
    (['b', 'a'], True)
    """
    row = {n: i for i, n in enumerate(other)}
    column = list(column)
    moved = False
    for i in range(len(column) - 1):
        upper = [row[m] for m in simple[column[i]] if m in row]
        lower = [row[m] for m in simple[column[i + 1]] if m in row]
        now = sum(1 for a in upper for b in lower if a > b)
        swapped = sum(1 for a in upper for b in lower if a < b)
        if swapped < now:
            column[i], column[i + 1] = column[i + 1], column[i]
            moved = True
    return column, moved


def _normalize(raw: Mapping[str, Sequence[float]]) -> dict[str, Point]:
    """Scale positions into [0, 1] on each axis (a single node goes to the middle)."""
    import numpy as np

    if not raw:
        return {}
    xs = np.array([p[0] for p in raw.values()], dtype=float)
    ys = np.array([p[1] for p in raw.values()], dtype=float)

    def scale(values: NDArray[np.float64]) -> NDArray[np.float64]:
        span = float(values.max() - values.min())
        return (values - values.min()) / span if span > 1e-12 else np.full_like(values, 0.5)

    return {node: (float(x), float(y)) for node, x, y in zip(raw, scale(xs), scale(ys),
                                                                strict=True)}


def positions(graph: nx.Graph, layout: str) -> dict[str, Point]:
    """Node positions; the same graph always gets the same positions.

    The force-directed layouts give positions in units of the typical distance from a node to
    its nearest neighbour, from (0, 0) up; the others give positions in the unit square. The
    bipartite layout puts the sources in a left column (x 0) and the targets in a right one
    (x 1), in the order of :func:`sides` from the top.
    """

    if layout not in LAYOUTS:
        raise DotscaleError(f"unknown layout {layout!r}; expected one of {', '.join(LAYOUTS)}")
    if graph.number_of_nodes() == 0:
        return {}
    if layout == "bipartite":
        left, right = sides(graph)
        pos: dict[str, Point] = {}
        for x, column in ((0.0, left), (1.0, right)):
            for i, node in enumerate(column):
                pos[node] = (x, 1.0 - (i / (len(column) - 1) if len(column) > 1 else 0.5))
        return pos
    simple = simple_graph(graph)
    if layout in ("circular", "shell"):
        return _normalize(_ring_layout(simple, layout))
    return _packed(simple, layout)


def _ring_layout(simple: nx.Graph, layout: str) -> dict[str, Sequence[float]]:
    import networkx as nx

    if layout == "circular":
        return dict(nx.circular_layout(simple))
    groups: dict[str, list[str]] = {}
    for node, kind in simple.nodes(data="kind"):
        groups.setdefault(str(kind), []).append(node)
    shells = sorted(groups.values(), key=lambda nodes: (len(nodes), nodes[0]))
    return dict(nx.shell_layout(simple, nlist=shells))


def _component_layout(component: nx.Graph, layout: str) -> dict[str, Sequence[float]]:
    """A force-directed layout of one connected component, in about [-1, 1]."""
    import networkx as nx

    if component.number_of_nodes() == 1:
        return {node: (0.0, 0.0) for node in component}
    if layout == "kamada-kawai":
        return dict(nx.kamada_kawai_layout(component, weight=None))
    k = 1.6 / math.sqrt(component.number_of_nodes())
    return dict(nx.spring_layout(component, seed=SEED, k=k, iterations=200, weight=None,
                                 method="force"))


def _even(raw: Mapping[str, Sequence[float]]) -> dict[str, Point]:
    """Positions turned so that their longest extent lies horizontal (labels are wide) and
    scaled so that a node's nearest neighbour is typically 1 away (every component drawn at
    the same density), with their lowest x and y at 0."""
    import numpy as np
    from scipy.spatial import KDTree

    nodes = list(raw)
    xy = np.array([raw[n] for n in nodes], dtype=float)
    xy -= xy.mean(axis=0)
    if len(nodes) > 1:
        xy = xy @ np.linalg.svd(xy, full_matrices=False)[2].T
        xy *= np.where((xy**3).sum(axis=0) < 0, -1.0, 1.0)  # a fixed choice among mirrors
        nearest = KDTree(xy).query(xy, k=2)[0][:, 1]
        xy /= max(float(np.median(nearest)), 1e-9)
    xy -= xy.min(axis=0)
    return {node: (float(x), float(y)) for node, (x, y) in zip(nodes, xy, strict=True)}


def _components(simple: nx.Graph, layout: str) -> list[dict[str, Point]]:
    """Each connected component laid out on its own, all at the same density (see
    :func:`_even`), the biggest first.

    The linear algebra runs on one thread: on matrices this small, BLAS threads only wait for
    each other, and while other processes keep the cores busy (the build's exports beside
    its drawing) a layout took tens of times longer."""
    import networkx as nx
    import scipy.optimize  # noqa: F401  loads its BLAS now: the limit holds for those loaded
    from threadpoolctl import threadpool_limits

    components = sorted((sorted(c) for c in nx.connected_components(simple)),
                        key=lambda c: (-len(c), c[0]))
    with threadpool_limits(limits=1, user_api="blas"):
        return [_even(_component_layout(induced(simple, nodes), layout)) for nodes in components]


def _shelves(boxes: Sequence[Point], row_width: float) -> list[Point]:
    """Where boxes of the given (width, height) go, in rows about ``row_width`` wide from the
    top down: each box's lower left corner, y growing upwards from the lowest row at 0, each
    box in the middle of its row's height. The tallest boxes go first, each into the first
    row with room for it (first fit by decreasing height), so that a row holds boxes of
    about one height.

    >>> _shelves([(2, 1), (2, 2), (3, 1)], 4)
    [(2.0, 1.5), (0.0, 1.0), (0.0, 0.0)]
    """
    rows: list[list[int]] = []
    filled: list[float] = []
    for i in sorted(range(len(boxes)), key=lambda i: (-boxes[i][1], i)):
        width = boxes[i][0]
        free = [r for r, used in enumerate(filled) if used + width <= row_width]
        if free:
            rows[free[0]].append(i)
            filled[free[0]] += width
        else:
            rows.append([i])
            filled.append(width)
    corners: list[Point] = [(0.0, 0.0)] * len(boxes)
    y = 0.0
    for row in reversed(rows):
        height = max(boxes[i][1] for i in row)
        x = 0.0
        for i in row:
            corners[i] = (x, y + (height - boxes[i][1]) / 2)
            x += boxes[i][0]
        y += height
    return corners


def _packed(simple: nx.Graph, layout: str, aspect: float = 1.6) -> dict[str, Point]:
    """The components packed in rows of about ``aspect`` times their height, biggest first
    (rather than scattered about by their mutual repulsion), in layout units."""
    pad_x, pad_y = 2.2, 1.2  # room between components for the labels of their outer nodes
    shapes = _components(simple, layout)
    boxes = [(max(x for x, _ in s.values()) + pad_x, max(y for _, y in s.values()) + pad_y)
             for s in shapes]
    row_width = max(math.sqrt(sum(w * h for w, h in boxes) * aspect), max(w for w, _ in boxes))
    placed: dict[str, Point] = {}
    for shape, (x, y) in zip(shapes, _shelves(boxes, row_width), strict=True):
        for node, (nx_, ny) in shape.items():
            placed[node] = (x + pad_x / 2 + nx_, y + pad_y / 2 + ny)
    return placed


# -- labels ---------------------------------------------------------------------------------

GAP = 3.0  # pixels between a node and its label, and between two labels


def _candidates(center: Point, radius: float, size: Point, angles: Sequence[float],
                rings: int, step: float) -> tuple[NDArray[np.float64], NDArray[np.int_]]:
    """Boxes for a label around ``center``, nearest first, in the order of ``angles``; and
    the ring (0 beside the node, 1 a step farther...) of each.

    >>> boxes, rings = _candidates((0.0, 0.0), 2.0, (10.0, 4.0), (0.0, math.pi), 2, 6.0)
    >>> boxes.round(2).tolist()[:2], rings.tolist()
    ([[5.0, -2.0, 15.0, 2.0], [-15.0, -2.0, -5.0, 2.0]], [0, 0, 1, 1, 1, 1])
    """
    import numpy as np

    ring, cos, sin, lean_x, lean_y = _directions(tuple(angles), rings)
    distance = radius + GAP + ring * step
    width, height = size
    x0 = center[0] + distance * cos - lean_x * width
    y0 = center[1] + distance * sin - lean_y * height
    return np.stack((x0, y0, x0 + width, y0 + height), axis=1), ring


@functools.cache
def _directions(angles: tuple[float, ...], rings: int) -> tuple[NDArray[Any], ...]:
    """For each position of :func:`_candidates`: its ring, its direction's cosine and sine,
    and how far the box leans back across its anchor (0: the near edge at the anchor, 0.5:
    the middle, 1: the far edge), across and up. Farther rings have room for more positions."""
    import numpy as np

    farther = (*angles, *(a + math.pi / 8 for a in angles))
    positions = [(ring, angle) for ring in range(rings) for angle in (farther if ring else angles)]
    ring = np.array([r for r, _ in positions], dtype=int)
    cos = np.array([math.cos(a) for _, a in positions])
    sin = np.array([math.sin(a) for _, a in positions])

    def lean(d: NDArray[np.float64]) -> NDArray[np.float64]:
        return np.where(np.abs(d) < 0.2, 0.5, np.where(d > 0, 0.0, 1.0))

    return ring, cos, sin, lean(cos), lean(sin)


def _crossed(boxes: NDArray[np.float64], segments: NDArray[np.float64]) -> NDArray[np.bool_]:
    """Which boxes a line segment (x1, y1, x2, y2) runs through.

    >>> import numpy as np
    >>> _crossed(np.array([[0, 0, 2, 2], [5, 5, 6, 6]]), np.array([[-1, 1, 3, 1]])).tolist()
    [True, False]
    """
    import numpy as np

    if not len(segments):
        return np.zeros(len(boxes), dtype=bool)
    x1, y1, x2, y2 = (segments[:, i] for i in range(4))
    overlap = ((boxes[:, None, 0] < np.maximum(x1, x2)) & (boxes[:, None, 2] > np.minimum(x1, x2))
               & (boxes[:, None, 1] < np.maximum(y1, y2))
               & (boxes[:, None, 3] > np.minimum(y1, y2)))
    corner_x = boxes[:, [0, 2, 2, 0]][:, :, None]
    corner_y = boxes[:, [1, 1, 3, 3]][:, :, None]
    side = (x2 - x1) * (corner_y - y1) - (y2 - y1) * (corner_x - x1)
    straddles = (side.max(axis=1) > 0) & (side.min(axis=1) < 0)
    crossed: NDArray[np.bool_] = (overlap & straddles).any(axis=1)
    return crossed


EAST, WEST = 0.0, math.pi
AROUND = (EAST, WEST, math.pi / 2, -math.pi / 2, math.pi / 4, -math.pi / 4,
          3 * math.pi / 4, -3 * math.pi / 4)
EAST_FIRST = (EAST, math.pi / 8, -math.pi / 8, math.pi / 4, -math.pi / 4)
WEST_FIRST = (WEST, 7 * math.pi / 8, -7 * math.pi / 8, 3 * math.pi / 4, -3 * math.pi / 4)


def place_labels(centers: Sequence[Point], radii: Sequence[float], sizes: Sequence[Point],
                 area: Box, *, order: Sequence[int] | None = None,
                 directions: Sequence[Sequence[float]] | None = None,
                 edges: Sequence[tuple[int, int]] = (), max_rings: int = 10) -> list[Box] | None:
    """Boxes for labels of the given sizes, none overlapping another label or a node.

    ``centers`` and ``radii`` describe the nodes (in pixels); ``sizes`` the labels' width and
    height; every box stays inside ``area``. Labels are placed in ``order`` (the most important
    first), each at the first free position of its ``directions`` (angles, nearest ring
    first), then farther out; near its node, a position no edge (pairs of node indexes) runs
    through comes first. Returns None when some label finds no room: draw bigger.

    >>> place_labels([(10, 10), (50, 10)], [2, 2], [(15, 5), (15, 5)], (0, 0, 80, 20))
    [(15.0, 7.5, 30.0, 12.5), (55.0, 7.5, 70.0, 12.5)]
    """
    import numpy as np

    count = len(centers)
    order = list(range(count)) if order is None else list(order)
    # obstacles: every node as its square, then each label placed so far
    obstacles = np.zeros((count * 2, 4), dtype=float)
    for i, ((x, y), r) in enumerate(zip(centers, radii, strict=True)):
        obstacles[i] = (x - r, y - r, x + r, y + r)
    segments = np.array([(*centers[u], *centers[v]) for u, v in edges if u != v],
                        dtype=float).reshape(-1, 4)
    used = count
    boxes: list[Box | None] = [None] * count
    x_min, y_min, x_max, y_max = area
    for i in order:
        step = max(sizes[i][1], 6.0)
        angles = directions[i] if directions is not None else AROUND
        cands, rings = _candidates(centers[i], radii[i], sizes[i], angles, max_rings, step)
        inside = ((cands[:, 0] >= x_min) & (cands[:, 1] >= y_min)
                  & (cands[:, 2] <= x_max) & (cands[:, 3] <= y_max))
        cands, rings = cands[inside], rings[inside]
        placed = obstacles[:used]
        clear = ~((cands[:, None, 0] < placed[None, :, 2] + GAP)
                  & (cands[:, None, 2] + GAP > placed[None, :, 0])
                  & (cands[:, None, 1] < placed[None, :, 3] + GAP)
                  & (cands[:, None, 3] + GAP > placed[None, :, 1])).any(axis=1)
        free = np.flatnonzero(clear)
        if not len(free):
            return None
        near = free[rings[free] <= 1]
        if len(near):
            uncrossed = near[~_crossed(cands[near], segments)]
            if len(uncrossed):
                free = uncrossed
        box = tuple(float(v) for v in cands[free[0]])
        boxes[i] = (box[0], box[1], box[2], box[3])
        obstacles[used] = box
        used += 1
    return [box for box in boxes if box is not None]


def leader_end(center: Point, box: Box) -> Point:
    """The point of ``box`` nearest ``center``: where a leader line from the node ends.

    >>> leader_end((0, 0), (10, -2, 20, 2))
    (10, 0)
    """
    x = min(max(center[0], box[0]), box[2])
    y = min(max(center[1], box[1]), box[3])
    return (x, y)


# -- the whole picture ----------------------------------------------------------------------

MARGIN = 12.0  # pixels between the outermost node and the edge of the plotting area


@dataclass
class Frame:
    """Where everything goes in a plotting area of ``width`` x ``height`` pixels: each node's
    centre and radius, each label's box."""

    width: float
    height: float
    centers: dict[str, Point]
    radii: dict[str, float]
    boxes: dict[str, Box]


def _placement(graph: nx.Graph, layout: str, pos: Mapping[str, Point],
               radii: Mapping[str, float], sizes: Mapping[str, Point], dpi: float,
               scale: float, width: float | None) -> tuple[float, float, dict[str, Point]]:
    """The plotting area's width and height, and the node centres in it, in pixels, for the
    bipartite, circular and shell layouts."""
    biggest = max(radii.values(), default=0.0)
    widths = sorted(w for w, _ in sizes.values())
    tallest = max((h for _, h in sizes.values()), default=0.0)
    if layout == "bipartite":  # a row per node of the longer column, labels outside
        left = [n for n, (x, _) in pos.items() if x == 0.0]
        right = [n for n, (x, _) in pos.items() if x == 1.0]
        row = max(tallest, 2 * biggest) + 10.0
        height = max(max(len(left), len(right), 2) * row, 4 * dpi) * scale
        left_room = max((sizes[n][0] for n in left), default=0.0) + biggest + MARGIN
        right_room = max((sizes[n][0] for n in right), default=0.0) + biggest + MARGIN
        between = max(6 * dpi, 0.6 * height)
        if width is not None:  # narrower, down to a few inches, to be as wide as asked
            between = max(min(between, width - left_room - right_room), 3 * dpi)
        width = left_room + between + right_room
        x_span, margin_y = (left_room, width - right_room), biggest + MARGIN
        y_span = (margin_y, height - margin_y)
        return width, height, {n: (x_span[0] + x * (x_span[1] - x_span[0]),
                                   y_span[0] + y * (y_span[1] - y_span[0]))
                               for n, (x, y) in pos.items()}
    # room for every label and node: about a fifth of a readable picture is ink
    area = sum((w + 20) * (h + 20) for w, h in sizes.values())
    area = (area + sum((2 * r + 10) ** 2 for r in radii.values())) / 0.22
    # circular and shell: a landscape rectangle
    height = max(math.sqrt(area / 1.6), 4.5 * dpi) * scale
    width = 1.6 * height
    margin_x = biggest + MARGIN + widths[len(widths) // 2]
    margin_y = biggest + MARGIN + tallest
    return width, height, {n: (margin_x + x * (width - 2 * margin_x),
                               margin_y + y * (height - 2 * margin_y))
                           for n, (x, y) in pos.items()}


def _fit(edges: Iterable[tuple[str, str]], nodes: list[str],
         place: Callable[[float], tuple[float, float, dict[str, Point]]],
         radii: Mapping[str, float], sizes: Mapping[str, Point],
         directions: Sequence[Sequence[float]] | None = None) -> Frame:
    """The labels of ``nodes`` placed around the centres ``place(scale)`` gives (with the
    area's width and height), the scale growing until they fit, and a little more while that
    takes labels off the edges (a label over an edge hides it)."""
    import numpy as np

    order = sorted(range(len(nodes)), key=lambda i: (-radii[nodes[i]], nodes[i]))
    index = {node: i for i, node in enumerate(nodes)}
    pairs = [(index[u], index[v]) for u, v in edges if u != v]
    best: tuple[int, Frame] | None = None
    scale, extra = 1.0, 0
    for _ in range(12 + CLEARING):
        width, height, centers = place(scale)
        points = [centers[n] for n in nodes]
        boxes = place_labels(points, [radii[n] for n in nodes], [sizes[n] for n in nodes],
                             (0.0, 0.0, width, height), order=order, directions=directions,
                             edges=pairs)
        if boxes is not None:
            segments = np.array([(*points[u], *points[v]) for u, v in pairs],
                                dtype=float).reshape(-1, 4)
            crossed = int(_crossed(np.array(boxes, dtype=float).reshape(-1, 4), segments).sum())
            if best is None or crossed < best[0]:
                best = (crossed, Frame(width, height, centers, {n: radii[n] for n in nodes},
                                       dict(zip(nodes, boxes, strict=True))))
            extra += 1
            if crossed == 0 or extra > CLEARING:
                return best[1]
        scale *= 1.2 if best is None else 1.1
    if best is not None:
        return best[1]
    raise DotscaleError(f"the {len(nodes)} labels do not fit in the picture; "
                        "draw fewer nodes with --top")


CLEARING = 5  # tries at a larger scale to take labels off the edges


def _cropped(piece: Frame) -> Frame:
    """``piece`` moved and cut to the smallest area holding its nodes and labels."""
    x0 = min([c[0] - piece.radii[n] for n, c in piece.centers.items()]
             + [b[0] for b in piece.boxes.values()])
    y0 = min([c[1] - piece.radii[n] for n, c in piece.centers.items()]
             + [b[1] for b in piece.boxes.values()])
    x1 = max([c[0] + piece.radii[n] for n, c in piece.centers.items()]
             + [b[2] for b in piece.boxes.values()])
    y1 = max([c[1] + piece.radii[n] for n, c in piece.centers.items()]
             + [b[3] for b in piece.boxes.values()])
    return _moved(piece, -x0, -y0, x1 - x0, y1 - y0)


def _moved(piece: Frame, dx: float, dy: float, width: float, height: float) -> Frame:
    return Frame(width, height, {n: (x + dx, y + dy) for n, (x, y) in piece.centers.items()},
                 dict(piece.radii),
                 {n: (b[0] + dx, b[1] + dy, b[2] + dx, b[3] + dy) for n, b in piece.boxes.items()})


REFITS = 2  # tries at widening a piece cut to the picture's width into the room its labels left


def _piece(simple: nx.Graph, shape: dict[str, Point], unit: float, most_x: float,
           radii: Mapping[str, float], sizes: Mapping[str, Point]) -> Frame:
    """One component drawn ``unit`` pixels per layout unit, labelled, and cut to its nodes and
    labels; the scale grows until the labels fit, in x up to ``most_x`` pixels per unit, and
    beyond in y alone so that the area grows as it would have (a tall piece rather than one
    wider than the picture)."""
    nodes = list(shape)
    room_x = max(radii[n] for n in nodes) + GAP + max(sizes[n][0] for n in nodes)
    room_y = max(radii[n] for n in nodes) + GAP + 2 * max(sizes[n][1] for n in nodes)
    extent_x = max(x for x, _ in shape.values())
    extent_y = max(y for _, y in shape.values())

    def place(scale: float) -> tuple[float, float, dict[str, Point]]:
        step = unit * scale
        step_x = max(min(step, most_x), step / 3)
        step_y = step * step / step_x
        return (extent_x * step_x + 2 * room_x, extent_y * step_y + 2 * room_y,
                {n: (room_x + x * step_x, room_y + y * step_y) for n, (x, y) in shape.items()})

    return _cropped(_fit(simple.edges(nodes), nodes, place, radii, sizes))


UNIT = 0.6  # a force layout's unit (a node to its nearest neighbour), in median label widths
SPACE = 14.0  # pixels between two components


def _packed_frame(graph: nx.Graph, layout: str, radii: Mapping[str, float],
                  sizes: Mapping[str, Point], width: float | None) -> Frame:
    """A force-directed layout: each connected component laid out and labelled on its own,
    cut to its nodes and labels, and the pieces packed in rows about ``width`` wide (without a
    width, rows about 1.6 times as wide as they are tall). A component too big for that width
    is drawn as wide as it allows and taller (see :func:`_piece`)."""
    from .projection import simple_graph

    simple = simple_graph(graph)
    widths = sorted(w for w, _ in sizes.values())
    unit = max(UNIT * widths[len(widths) // 2] + 10.0, 3.5 * max(radii.values()))
    room = width - 2 * MARGIN if width is not None else math.inf
    pieces = []
    for shape in _components(simple, layout):
        nodes = list(shape)
        room_x = max(radii[n] for n in nodes) + GAP + max(sizes[n][0] for n in nodes)
        extent_x = max(x for x, _ in shape.values())
        # at most as wide as the room: beyond, the piece grows in height alone
        most_x = (room - 2 * room_x) / extent_x if extent_x > 0 else math.inf
        piece = _piece(simple, shape, unit, most_x, radii, sizes)
        for _ in range(REFITS if most_x < unit else 0):  # the labels leave room: use it
            if piece.width >= 0.95 * room:
                break
            wider = _piece(simple, shape, unit, most_x * room / piece.width, radii, sizes)
            if wider.width > room:
                break
            piece, most_x = wider, most_x * room / piece.width
        pieces.append(piece)
    boxes = [(p.width + SPACE, p.height + SPACE) for p in pieces]
    row = width - 2 * MARGIN + SPACE if width is not None else math.sqrt(
        sum(w * h for w, h in boxes) * 1.6)
    corners = _shelves(boxes, max(row, max(w for w, _ in boxes)))
    whole = Frame(0.0, 0.0, {}, {}, {})
    for piece, (x, y) in zip(pieces, corners, strict=True):
        moved = _moved(piece, x + MARGIN, y + MARGIN, 0.0, 0.0)
        whole.centers.update(moved.centers)
        whole.radii.update(moved.radii)
        whole.boxes.update(moved.boxes)
    ends = [(x + w, y + h) for (x, y), (w, h) in zip(corners, boxes, strict=True)]
    whole.width = max(x for x, _ in ends) + 2 * MARGIN - SPACE
    whole.height = max(y for _, y in ends) + 2 * MARGIN - SPACE
    return whole


def frame(graph: nx.Graph, layout: str, radii: Mapping[str, float],
          sizes: Mapping[str, Point], *, dpi: float = 100.0,
          width: float | None = None) -> Frame:
    """Lay ``graph`` out and place every label: nodes of the given ``radii`` and labels of the
    given ``sizes`` (width, height), all in pixels. When the labels do not fit, the area grows
    until they do. ``width`` is the width in pixels to aim at (the picture's use): the
    force-directed layouts pack their components in rows that wide, the bipartite one brings
    its columns closer.

    >>> import networkx as nx
    >>> g = nx.path_graph(["a", "b", "c"])
    >>> f = frame(g, "spring", {n: 4.0 for n in g}, {n: (30.0, 12.0) for n in g})
    >>> sorted(f.boxes) == sorted(f.centers) == ["a", "b", "c"]
    True
    """
    if layout in FORCE_LAYOUTS:
        return _packed_frame(graph, layout, radii, sizes, width)
    pos = positions(graph, layout)
    nodes = list(graph)
    directions = [EAST_FIRST if pos[n][0] == 1.0 else WEST_FIRST for n in nodes]
    return _fit(graph.edges(), nodes,
                lambda scale: _placement(graph, layout, pos, radii, sizes, dpi, scale, width),
                radii, sizes, directions if layout == "bipartite" else None)
