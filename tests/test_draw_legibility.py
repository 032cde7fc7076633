"""Pictures that read at a glance: colours by a few families that stay apart for colour-blind
readers and in grey, readable legend names, text readable at README width, arrows that show
direction and relation, titles that name only the editions the edges come from, bipartite
columns with few crossings, SVG text kept as text, and labels drawn exactly as written."""

from __future__ import annotations

import io
import itertools
import math
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.patches import FancyArrowPatch
from matplotlib.path import Path as MplPath
from PIL import Image

from graph.drawing.projection import project
from graph.drawing.render import (
    DPI,
    FAMILIES,
    README_WIDTH,
    Picture,
    image_bytes,
    relation,
    render,
)

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def pictures(library_projection: Callable[..., nx.Graph]
             ) -> dict[str, tuple[nx.Graph, Picture]]:
    names = ["graph-overview", "graph-speaker-technology", "graph-technology-co-mention",
             "graph-organization-technology", "graph-talk-topic"]
    drawn = {}
    for name in names:
        graph = library_projection(name)
        drawn[name] = (graph, render(graph))
    return drawn


# -- colours --------------------------------------------------------------------------------

# Machado, Oliveira and Fernandes (2009): the full dichromacies (severity 1), on linear RGB.
DICHROMACIES = {
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968],
                              [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "protanopia": np.array([[0.152286, 1.052583, -0.204868],
                            [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779],
                            [-0.078411, 0.930809, 0.147602],
                            [0.004733, 0.691367, 0.303900]]),
}
APART = 15.0  # CIELAB distance (CIE76) below which two marker colours are easily confused
GREY_APART = 15.0  # L* between two colours of the same marker, for a picture printed in grey


def _linear(colour: str) -> np.ndarray:
    srgb = np.array([int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)])
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def _lab(linear: np.ndarray) -> np.ndarray:
    """CIELAB (D65) of a linear sRGB colour."""
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722],
                    [0.0193, 0.1192, 0.9505]]) @ np.clip(linear, 0, 1)
    t = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(t > (6 / 29) ** 3, np.cbrt(t), t / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def _distances(one: str, other: str) -> dict[str, float]:
    """How far apart two colours are seen with normal vision and with each dichromacy."""
    seen = {"normal": np.eye(3), **DICHROMACIES}
    return {name: float(np.linalg.norm(_lab(m @ _linear(one)) - _lab(m @ _linear(other))))
            for name, m in seen.items()}


def _confusions(entries: Iterable[tuple[str, str, str]]) -> list[str]:
    """The pairs of legend entries (name, colour, marker) that a reader could confuse."""
    found = []
    for (a, colour_a, marker_a), (b, colour_b, marker_b) in itertools.combinations(entries, 2):
        for vision, distance in _distances(colour_a, colour_b).items():
            if distance < APART:
                found.append(f"{a} / {b} ({vision}: {distance:.1f})")
        grey = abs(_lab(_linear(colour_a))[0] - _lab(_linear(colour_b))[0])
        if marker_a == marker_b and grey < GREY_APART:
            found.append(f"{a} / {b} (grey, same marker: {grey:.1f})")
    return found


def test_the_simulation_tells_red_from_green_only_with_normal_vision() -> None:
    distances = _distances("#CC0000", "#669900")
    assert distances["normal"] > 50 and distances["deuteranopia"] < APART


def test_every_family_stays_apart_for_colour_blind_readers_and_in_grey() -> None:
    assert 5 <= len(FAMILIES) <= 10
    assert _confusions((f.name, f.colour, f.marker) for f in FAMILIES) == []


@pytest.mark.parametrize("name", ["graph-overview", "graph-speaker-technology",
                                  "graph-technology-co-mention"])
def test_the_legend_has_a_few_readable_names_in_colours_apart(
        pictures: dict[str, tuple[nx.Graph, Picture]], name: str) -> None:
    _, picture = pictures[name]
    legend = picture.figure.legends[0]
    entries = [(text.get_text(), str(handle.get_markerfacecolor()).upper(),
                str(handle.get_marker()))
               for text, handle in zip(legend.get_texts(), legend.legend_handles, strict=True)]
    assert len(entries) <= 9
    for text, _, _ in entries:  # words, not class names: "Talk", "Infrastructure or ..."
        assert not re.search(r"[a-z][A-Z]", text), text
    assert _confusions(entries) == []


# -- text sized for a README ----------------------------------------------------------------

def _ink_heights(picture: Picture, width: float) -> dict[str, int]:
    """Each one-line label's height in pixels, from the top of its ink to its bottom, in the
    picture saved as a PNG ``width`` pixels wide."""
    scale = width / picture.figure.bbox.width
    stream = io.BytesIO()
    picture.figure.savefig(stream, format="png", dpi=DPI * scale, facecolor="white")
    pixels = np.asarray(Image.open(stream).convert("L"))
    assert pixels.shape[1] == round(width)
    canvas = picture.figure.canvas
    assert isinstance(canvas, FigureCanvasAgg)
    renderer = canvas.get_renderer()
    heights = {}
    for text in picture.labels.values():
        if "\n" in text.get_text():
            continue
        x0, y0, x1, y1 = text.get_window_extent(renderer).extents * scale
        box = pixels[int(pixels.shape[0] - y1):math.ceil(pixels.shape[0] - y0),
                     int(x0):math.ceil(x1)]
        rows = np.flatnonzero((box < 128).any(axis=1))
        heights[text.get_text()] = int(rows[-1] - rows[0] + 1)
    return heights


@pytest.mark.parametrize("name", ["graph-overview", "graph-speaker-technology"])
def test_labels_read_at_readme_width(library_projection: Callable[..., nx.Graph],
                                     name: str) -> None:
    """The README shows the pictures about 900 pixels wide: there, a capital letter of a label
    is at least 8 pixels tall (the capitals of 11 px text, the smallest a page uses)."""
    picture = render(library_projection(name))
    heights = _ink_heights(picture, README_WIDTH)
    capitals = {label: h for label, h in heights.items() if re.search(r"[A-Z0-9]", label)}
    assert len(capitals) >= 20
    assert min(capitals.values()) >= 8, sorted(capitals.items(), key=lambda item: item[1])[:5]


# -- direction and relation -----------------------------------------------------------------

def _arrows(picture: Picture) -> list[FancyArrowPatch]:
    return [p for p in picture.figure.axes[0].patches if isinstance(p, FancyArrowPatch)]


def _nearest(picture: Picture, graph: nx.Graph, point: np.ndarray) -> str:
    """The node whose centre ``point`` is nearest (in pixels of the plotting area)."""
    return min(graph, key=lambda n: math.dist(picture.centers[n], point))


def test_the_overview_draws_an_arrow_from_subject_to_object_per_edge(
        pictures: dict[str, tuple[nx.Graph, Picture]]) -> None:
    graph, picture = pictures["graph-overview"]
    arrows = _arrows(picture)
    assert len(arrows) == graph.number_of_edges()
    found = Counter()
    for arrow in arrows:
        path = arrow.get_path()
        starts = [i for i, code in enumerate(path.codes) if code == MplPath.MOVETO]
        assert len(starts) == 2  # the line, then the head
        head = path.vertices[starts[1]:-1].mean(axis=0)
        found[_nearest(picture, graph, path.vertices[0]), _nearest(picture, graph, head)] += 1
    assert found == Counter((u, v) for u, v in graph.edges())


def test_the_overview_shows_each_relation_by_its_dashes_and_a_legend(
        pictures: dict[str, tuple[nx.Graph, Picture]]) -> None:
    graph, picture = pictures["graph-overview"]
    groups = {relation(r).name for _, _, r in graph.edges(data="relation")}
    assert len(groups) >= 3
    legend = picture.figure.legends[1]
    assert sorted(text.get_text() for text in legend.get_texts()) == sorted(groups)
    assert "arrow" in legend.get_title().get_text()
    dashes: dict[str, set[Any]] = {}
    for arrow in _arrows(picture):
        path = arrow.get_path()
        u = _nearest(picture, graph, path.vertices[0])
        v = _nearest(picture, graph, path.vertices[-2])
        between = [r for a, b, r in graph.edges(data="relation") if {a, b} == {u, v}]
        if len(between) == 1:  # an arrow alone between its two nodes: its relation is known
            dashes.setdefault(relation(between[0]).name, set()).add(str(arrow.get_linestyle()))
    assert all(len(styles) == 1 for styles in dashes.values()), dashes
    assert len({styles.pop() for styles in dashes.values()}) == len(groups)


# -- titles ---------------------------------------------------------------------------------

EDITIONS = """\
@base <https://w3id.org/dotscale/id/> .
@prefix ds: <https://w3id.org/dotscale/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<series/x> a ds:ConferenceSeries ; rdfs:label "dotX" .
<conference/x-2013> a ds:Conference ; rdfs:label "dotX 2013" ; ds:series <series/x> ;
    <https://schema.org/startDate> "2013-06-01"^^<http://www.w3.org/2001/XMLSchema#date> .
<conference/x-2015> a ds:Conference ; rdfs:label "dotX 2015" ; ds:series <series/x> ;
    <https://schema.org/startDate> "2015-06-01"^^<http://www.w3.org/2001/XMLSchema#date> .
<person/pat> a ds:Person ; rdfs:label "Pat" .
<technology/teedb> a ds:Technology ; rdfs:label "TeeDB" .
<talk/new> a ds:Talk ; rdfs:label "New" ; ds:conference <conference/x-2015> ;
    ds:speaker <person/pat> ; ds:mentions <technology/teedb> .
<talk/old> a ds:Talk ; rdfs:label "Old" ; ds:conference <conference/x-2013> ;
    ds:mentions <technology/teedb> .
"""


def test_the_title_names_only_the_editions_the_edges_come_from(tmp_path: Path) -> None:
    """Pat spoke at dotX 2015 only; a 2013 talk also names TeeDB, but no edge comes from it."""
    from graph.loading.loader import load

    data = tmp_path / "editions.ttl"
    data.write_text(EDITIONS, encoding="utf-8")
    graph = project(load(data=[data], bundled=False), "graph-speaker-technology")
    assert graph.number_of_edges() == 1
    title = render(graph).figure.texts[0].get_text()
    assert title == "Speakers and technologies — dotX 2015"


# -- bipartite columns ----------------------------------------------------------------------

def _crossings(graph: nx.Graph, row: dict[str, float]) -> int:
    """How many pairs of edges cross, each node at ``row`` in its column."""
    edges = [(u, v) if graph.nodes[u]["bipartite"] == 0 else (v, u) for u, v in graph.edges()]
    return sum(1 for (a, b), (c, d) in itertools.combinations(edges, 2)
               if (row[a] - row[c]) * (row[b] - row[d]) < 0)


@pytest.mark.parametrize(("name", "at_most"), [("graph-speaker-technology", 0.1),
                                               ("graph-talk-topic", 0.25)])
def test_bipartite_columns_are_ordered_to_cross_few_edges(
        pictures: dict[str, tuple[nx.Graph, Picture]], name: str, at_most: float) -> None:
    graph, picture = pictures[name]
    drawn = _crossings(graph, {n: -y for n, (_, y) in picture.centers.items()})
    by_label: dict[str, float] = {}
    for side in (0, 1):
        column = sorted((n for n, s in graph.nodes(data="bipartite") if s == side),
                        key=lambda n: (graph.nodes[n]["label"].casefold(), n))
        by_label.update((n, i) for i, n in enumerate(column))
    alphabetical = _crossings(graph, by_label)
    assert alphabetical > 50
    assert drawn <= at_most * alphabetical, (drawn, alphabetical)


def test_a_bipartite_layout_of_a_graph_that_is_not_is_refused(cli: Callable[..., Any],
                                                               tmp_path: Path) -> None:
    out = tmp_path / "co.png"
    result = cli("draw", "graph-technology-co-mention", "--layout", "bipartite",
                 "--out", str(out))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("dotscale: error: --layout bipartite cannot draw "
                                    "graph-technology-co-mention: it is not bipartite (")
    assert not out.exists()


def test_a_bipartite_layout_of_a_graph_that_is_splits_it_in_two_columns() -> None:
    graph = nx.Graph(title="A path")
    nx.add_path(graph, ["a", "b", "c", "d", "e"])
    picture = render(graph, layout="bipartite")
    column = {n: x for n, (x, _) in picture.centers.items()}
    assert len(set(column.values())) == 2
    assert all(column[u] != column[v] for u, v in graph.edges())


# -- text in files --------------------------------------------------------------------------

def _svg_texts(svg: bytes) -> list[str]:
    return ["".join(element.itertext()) for element in ET.fromstring(svg).iter(f"{SVG}text")]


def test_svg_text_is_kept_as_text(pictures: dict[str, tuple[nx.Graph, Picture]]) -> None:
    graph, picture = pictures["graph-speaker-technology"]
    svg = image_bytes(picture, "svg")
    texts = _svg_texts(svg)
    assert picture.figure.texts[0].get_text() in texts
    assert {label for label in dict(graph.nodes(data="label")).values() if "\n" not in label
            and len(label) < 28} <= set(texts)
    assert b"font" in svg and b"DejaVu Sans" in svg


@pytest.mark.parametrize("label", ["$x^2$ costs \\alpha", "$\\frac{$", "a $x^$ b", "$\\frac{",
                                   "C:\\new\\table", "50$ or 60$", "\\", "$$"])
def test_a_label_is_drawn_as_written_never_as_mathtext(label: str) -> None:
    graph = nx.Graph(title=f"Around {label}")
    graph.add_edge("a", "b")
    graph.nodes["a"]["label"] = label
    graph.nodes["b"]["label"] = "b"
    picture = render(graph)
    assert picture.labels["a"].get_text() == label
    texts = _svg_texts(image_bytes(picture, "svg"))
    assert label in texts and f"Around {label}" in texts
    assert image_bytes(picture, "png").startswith(b"\x89PNG")


def test_draw_takes_a_label_with_dollars_and_backslashes(cli: Callable[..., Any],
                                                         tmp_path: Path) -> None:
    data = tmp_path / "math.ttl"
    data.write_text(
        "@prefix ds: <https://w3id.org/dotscale/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<https://w3id.org/dotscale/id/talk/t> a ds:Talk ; "
        'rdfs:label "Why $\\\\frac{1}{$ of \\\\alpha" ; '
        "ds:speaker <https://w3id.org/dotscale/id/person/p> .\n"
        '<https://w3id.org/dotscale/id/person/p> a ds:Person ; rdfs:label "P" .\n',
        encoding="utf-8")
    out = tmp_path / "math.svg"
    result = cli("draw", "graph-overview", "--no-bundled", "--data", str(data),
                 "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert "Why $\\frac{1}{$ of \\alpha" in "".join(_svg_texts(out.read_bytes()))
