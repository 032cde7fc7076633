"""Pictures: every shipped projection drawn with labels that never overlap, the same bytes for
the same graph, valid PNG, SVG and PDF files, and large graphs cut to their core."""

from __future__ import annotations

import os
import random
import re
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import matplotlib
import networkx as nx
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure

from graph.drawing.layout import positions, sides
from graph.drawing.projection import project
from graph.drawing.render import (
    DEFAULT_LIMIT,
    DPI,
    Picture,
    _measure,
    family,
    image_bytes,
    most_connected,
    projected_all,
    render,
    save,
    title_of,
    write_all,
)
from graph.loading.store import KnowledgeGraph
from graph.querying.answer import QueryResult

SHIPPED = ["graph-overview", "graph-speaker-technology", "graph-technology-co-mention",
           "graph-organization-technology", "graph-talk-topic"]


@pytest.fixture(scope="module")
def drawn(kg: KnowledgeGraph, library_answers: dict[str, QueryResult]
          ) -> dict[str, tuple[nx.Graph, Picture]]:
    """Every projection of the library, drawn once (from the session's answers)."""
    drawn = {name: (graph, render(graph))
             for name, graph in projected_all(kg, library_answers).items()}
    assert set(SHIPPED) <= set(drawn)
    return drawn


def _renderer(picture: Picture) -> RendererAgg:
    canvas = picture.figure.canvas
    assert isinstance(canvas, FigureCanvasAgg)
    return canvas.get_renderer()


def _extents(picture: Picture) -> np.ndarray:
    """Each label's text box as the renderer measures it: x0, y0, x1, y1 in pixels."""
    renderer = _renderer(picture)
    return np.array([text.get_window_extent(renderer).extents
                     for text in picture.labels.values()])


def _overlapping(boxes: np.ndarray) -> list[tuple[int, int]]:
    x0, y0, x1, y1 = (boxes[:, i] for i in range(4))
    hit = ((x0[:, None] < x1[None, :]) & (x1[:, None] > x0[None, :])
           & (y0[:, None] < y1[None, :]) & (y1[:, None] > y0[None, :]))
    np.fill_diagonal(hit, False)
    return [(int(i), int(j)) for i, j in zip(*np.nonzero(hit), strict=True) if i < j]


@pytest.mark.parametrize("name", SHIPPED)
def test_no_label_overlaps_another_or_leaves_the_figure(
        drawn: dict[str, tuple[nx.Graph, Picture]], name: str) -> None:
    graph, picture = drawn[name]
    assert set(picture.labels) == set(most_connected(graph, DEFAULT_LIMIT))
    boxes = _extents(picture)
    names = list(picture.labels)
    assert _overlapping(boxes) == [], [(names[i], names[j]) for i, j in _overlapping(boxes)]
    width, height = picture.figure.bbox.width, picture.figure.bbox.height
    assert boxes[:, :2].min() >= 0
    assert boxes[:, 2].max() <= width
    assert boxes[:, 3].max() <= height


@pytest.mark.parametrize("name", SHIPPED)
def test_labels_nodes_title_and_legend_keep_apart(
        drawn: dict[str, tuple[nx.Graph, Picture]], name: str) -> None:
    graph, picture = drawn[name]
    renderer = _renderer(picture)
    axes = picture.figure.axes[0]
    centers = axes.transData.transform(np.array([picture.centers[n] for n in picture.labels]))
    labels = _extents(picture)
    # no label covers the centre of a node
    x, y = centers[None, :, 0], centers[None, :, 1]
    inside = ((x > labels[:, None, 0]) & (x < labels[:, None, 2])
              & (y > labels[:, None, 1]) & (y < labels[:, None, 3]))
    assert not inside.any()
    # the title, the counts and the legend cover no label and no node
    others = [text.get_window_extent(renderer).extents for text in picture.figure.texts]
    others += [legend.get_window_extent(renderer).extents for legend in picture.figure.legends]
    assert len(others) == 3 + graph.is_directed()  # title, counts, kinds (and relations)
    for x0, y0, x1, y1 in others:
        assert not ((centers[:, 0] > x0) & (centers[:, 0] < x1)
                    & (centers[:, 1] > y0) & (centers[:, 1] < y1)).any()
        assert not ((labels[:, 0] < x1) & (labels[:, 2] > x0)
                    & (labels[:, 1] < y1) & (labels[:, 3] > y0)).any()


@pytest.mark.parametrize("name", SHIPPED)
def test_the_counts_say_what_a_thicker_line_means_when_one_is_drawn(
        drawn: dict[str, tuple[nx.Graph, Picture]], name: str) -> None:
    from graph.drawing.projection import simple_graph

    graph, picture = drawn[name]
    counts = picture.figure.texts[1]
    # an undirected graph draws a line per linked pair, a directed one an arrow per edge
    lines = graph if graph.is_directed() else simple_graph(graph)
    thick = max(weight for _, _, weight in lines.edges(data="weight", default=1)) > 1
    assert ("a thicker line: a pair linked more than once" in counts.get_text()) == thick
    x0, _, x1, _ = counts.get_window_extent(_renderer(picture)).extents
    assert x0 >= 0 and x1 <= picture.figure.bbox.width


def test_the_title_names_the_projection_and_the_conference(
        drawn: dict[str, tuple[nx.Graph, Picture]]) -> None:
    graph, picture = drawn["graph-speaker-technology"]
    title = picture.figure.texts[0].get_text()
    assert title == title_of(graph)
    assert title == f"Speakers and technologies — {graph.graph['conference']}"
    assert "dotScale" in title


def test_each_family_has_its_colour_marker_and_a_legend_entry(
        drawn: dict[str, tuple[nx.Graph, Picture]]) -> None:
    graph, picture = drawn["graph-overview"]
    families = {family(kind) for _, kind in graph.nodes(data="kind")}
    legend = picture.figure.legends[0]
    entries = [text.get_text() for text in legend.get_texts()]
    assert sorted(entries) == sorted(f.name for f in families)
    for text, handle in zip(entries, legend.legend_handles, strict=True):
        (drawn_as,) = [f for f in families if f.name == text]
        assert handle.get_markerfacecolor().upper() == drawn_as.colour
        assert handle.get_marker() == drawn_as.marker


def test_bipartite_pictures_have_two_columns_labelled_outside(
        drawn: dict[str, tuple[nx.Graph, Picture]]) -> None:
    graph, picture = drawn["graph-speaker-technology"]
    boxes = dict(zip(picture.labels, _extents(picture), strict=True))
    axes = picture.figure.axes[0]
    for side, column in enumerate(sides(graph)):
        assert {graph.nodes[n]["bipartite"] for n in column} == {side}
        xs = {picture.centers[n][0] for n in column}
        assert len(xs) == 1
        assert sorted(column, key=lambda n: -picture.centers[n][1]) == column  # from the top
        for node in column:
            x = axes.transData.transform(picture.centers[node])[0]
            assert (boxes[node][2] < x) if side == 0 else (boxes[node][0] > x)


def _fresh_size(text: str, fontsize: float, weight: str) -> tuple[float, float]:
    """A text's size in pixels, measured on a figure of its own."""
    figure = Figure(dpi=DPI)
    FigureCanvasAgg(figure)
    box = figure.text(0, 0, text, fontsize=fontsize, weight=weight,
                      parse_math=False).get_window_extent()
    return float(box.width), float(box.height)


def test_a_measured_size_is_that_of_its_text_font_size_weight_and_hinting() -> None:
    """Sizes are kept from one measure to the next: each is still its own text's, in its own
    font size and weight, and one measured under another hinting is not taken for it."""
    texts = ["Cassandra", "Leader election with\nCassandra", "iI", "W" * 12, "$x$ \\ é…"]
    for fontsize, weight in [(9.0, "normal"), (10.0, "normal"), (16.0, "bold"), (9.0, "bold")]:
        for _ in range(2):  # measured, then kept
            measured = _measure(texts, fontsize, weight)
            assert measured == {t: _fresh_size(t, fontsize, weight) for t in texts}
    hinted = _measure(texts)
    with matplotlib.rc_context({"text.hinting": "no_hinting"}):
        unhinted = _measure(texts)
        assert unhinted == {t: _fresh_size(t, 9.0, "normal") for t in texts}
    assert unhinted != hinted


def test_the_same_graph_gives_the_same_positions_and_bytes(
        library_projection: Callable[..., nx.Graph]) -> None:
    graph = library_projection("graph-technology-co-mention")
    assert positions(graph, "spring") == positions(graph.copy(), "spring")
    first, second = render(graph), render(graph.copy())
    assert first.centers == second.centers
    for fmt in ("svg", "png", "pdf"):
        assert image_bytes(first, fmt) == image_bytes(second, fmt), fmt


def test_another_process_draws_the_same_bytes(
        drawn: dict[str, tuple[nx.Graph, Picture]]) -> None:
    """Nothing depends on the order of a set, which changes with each process's hash seed."""
    code = ("import sys; from graph.loading.loader import load; "
            "from graph.drawing.projection import project; "
            "from graph.drawing.render import render, image_bytes; "
            "sys.stdout.buffer.write(image_bytes(render(project(load(), "
            "'graph-technology-co-mention')), 'svg'))")
    for seed in ("1", "2"):
        other = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True,
                               env={**os.environ, "PYTHONHASHSEED": seed}).stdout
        assert other == image_bytes(drawn["graph-technology-co-mention"][1], "svg")


# In a process of its own (nothing of the linear algebra loaded yet), the BLAS threads each
# force-directed layout runs with
BLAS_THREADS_IN_LAYOUTS = """\
import networkx as nx
from threadpoolctl import threadpool_info
from graph.drawing.layout import positions
seen = []
for name in ("kamada_kawai_layout", "spring_layout"):
    def spy(*args, _layout=getattr(nx, name), **kwargs):
        laid_out = _layout(*args, **kwargs)  # which loads what it needs, BLAS too
        seen.extend(library["num_threads"] for library in threadpool_info()
                    if library["user_api"] == "blas")
        return laid_out
    setattr(nx, name, spy)
positions(nx.path_graph(5), "kamada-kawai")
positions(nx.path_graph(5), "spring")
print(sorted(set(seen)))
"""


def test_layouts_run_on_one_blas_thread() -> None:
    """Each thread of BLAS would wait for the others on such small matrices, for long on a busy
    machine: the layouts run with one, however many cores there are."""
    done = subprocess.run([sys.executable, "-c", BLAS_THREADS_IN_LAYOUTS], check=True,
                          capture_output=True, text=True,
                          env={**os.environ, "OPENBLAS_NUM_THREADS": "4"})
    assert done.stdout.strip() == "[1]"


@pytest.mark.parametrize("layout", ["spring", "kamada-kawai", "circular", "shell", "bipartite"])
def test_every_layout_draws_without_overlaps(library_projection: Callable[..., nx.Graph],
                                            layout: str) -> None:
    graph = library_projection("graph-organization-technology")
    picture = render(graph, layout=layout)
    assert _overlapping(_extents(picture)) == []


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_png_svg_and_pdf_files_are_valid(drawn: dict[str, tuple[nx.Graph, Picture]],
                                         tmp_path: Path) -> None:
    _, picture = drawn["graph-organization-technology"]
    inches = picture.figure.get_size_inches()
    for fmt in ("png", "svg", "pdf"):
        save(picture, tmp_path / f"picture.{fmt}")
    assert _png_size((tmp_path / "picture.png").read_bytes()) == (
        int(inches[0] * DPI), int(inches[1] * DPI))
    root = ET.parse(tmp_path / "picture.svg").getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert float(root.attrib["width"].removesuffix("pt")) == pytest.approx(inches[0] * 72)
    assert (tmp_path / "picture.pdf").read_bytes().startswith(b"%PDF-")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "picture.pdf", "picture.png", "picture.svg"]


def test_every_projection_is_written_as_png_svg_and_graphml(
        drawn: dict[str, tuple[nx.Graph, Picture]], tmp_path: Path) -> None:
    written = write_all(drawn, tmp_path / "out")
    expected = {f"{name}.{suffix}" for name in SHIPPED for suffix in ("png", "svg", "graphml")}
    assert expected <= {path.name for path in written}
    assert sorted(written) == sorted((tmp_path / "out").iterdir())
    for name in SHIPPED:
        _png_size((tmp_path / "out" / f"{name}.png").read_bytes())
        ET.parse(tmp_path / "out" / f"{name}.svg")
        back = nx.read_graphml(tmp_path / "out" / f"{name}.graphml")
        assert back.number_of_nodes() == drawn[name][0].number_of_nodes()


def test_an_empty_projection_is_one_clear_error(cli: Callable[..., Any], tmp_path: Path) -> None:
    result = cli("draw", "graph-overview", "--no-bundled", "--out", str(tmp_path / "x.png"))
    assert result.exit_code == 1
    assert result.stderr == "dotscale: error: nothing to draw: the projection has no nodes\n"
    assert not list(tmp_path.iterdir())


def test_draw_on_the_command_line(cli: Callable[..., Any], tmp_path: Path) -> None:
    out = tmp_path / "ego.svg"
    result = cli("draw", "graph-overview", "--around", "Redis", "--hops", "2", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert ET.parse(out).getroot().tag == "{http://www.w3.org/2000/svg}svg"
    bad = cli("draw", "graph-overview", "--out", str(tmp_path / "picture.gif"))
    assert bad.exit_code == 2  # a picture format that does not exist: a usage error
    assert bad.stderr.count("\n") == 1 and "picture.gif" in bad.stderr
    assert not (tmp_path / "picture.gif").exists()


# -- large graphs ---------------------------------------------------------------------------

PEOPLE = 200  # each gives one talk that names two technologies: 600 nodes in all


@pytest.fixture(scope="module")
def large_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rng = random.Random(7)
    lines = ["@prefix ds: <https://w3id.org/dotscale/ontology#> .",
             "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
             "@prefix talk: <https://w3id.org/dotscale/id/talk/> .",
             "@prefix person: <https://w3id.org/dotscale/id/person/> .",
             "@prefix tech: <https://w3id.org/dotscale/id/technology/> ."]
    for i in range(PEOPLE):
        popular = int(PEOPLE * rng.random() ** 3)  # a few technologies are named often
        lines += [f'tech:t{i} a ds:Technology ; rdfs:label "Technology {i}" .',
                  f'person:p{i} a ds:Person ; rdfs:label "Person {i}" .',
                  f'talk:k{i} a ds:Talk ; rdfs:label "Talk {i}" ; ds:speaker person:p{i} ; '
                  f"ds:mentions tech:t{i}, tech:t{popular} ."]
    path = tmp_path_factory.mktemp("large") / "large.ttl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_large_graph_is_cut_to_its_most_connected_nodes(large_file: Path,
                                                          cli: Callable[..., Any],
                                                          tmp_path: Path) -> None:
    out = tmp_path / "large.png"
    result = cli("draw", "graph-overview", "--no-bundled", "--data", str(large_file),
                 "--out", str(out))
    assert result.exit_code == 0, result.stderr
    drew = re.search(r"dotscale: drew the (\d+) most connected of 600 nodes; use --top to "
                     r"change\n", result.stderr)
    assert drew is not None and DEFAULT_LIMIT - 10 <= int(drew[1]) <= DEFAULT_LIMIT, result.stderr
    _png_size(out.read_bytes())


def test_top_keeps_the_n_most_connected_that_have_an_edge(large_file: Path) -> None:
    from graph.loading.loader import load

    graph = project(load(data=[large_file], bundled=False), "graph-overview")
    assert graph.number_of_nodes() == 3 * PEOPLE
    picture = render(graph, top=40)
    kept = set(picture.labels)
    assert picture.total == 3 * PEOPLE
    assert picture.shown == len(kept) <= 40
    assert picture.shown >= 38  # nodes that join together (a talk and its speaker) or none

    def neighbours(node: str) -> set[str]:
        return set(graph.successors(node)) | set(graph.predecessors(node))

    # every dot drawn has a line; a node cut though more connected than one kept would have
    # had none (all its neighbours rank below the cut)
    assert all(neighbours(n) & kept for n in kept)
    lowest = min(graph.degree(n) for n in kept)
    assert all(not neighbours(n) & kept for n in graph
               if n not in kept and graph.degree(n) > lowest)
    assert _overlapping(_extents(picture)) == []
    assert f"the {len(kept)} most connected of 600 nodes" in picture.figure.texts[1].get_text()


def test_query_does_not_import_the_drawing_packages() -> None:
    code = ("import sys; from graph.cli import build_parser; build_parser(); "
            "import graph.querying.execute; print(sorted({'networkx', 'matplotlib', 'numpy'} "
            "& set(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"
