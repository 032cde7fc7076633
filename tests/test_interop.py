"""Independent RDF tools read every file we publish as we do.

The published files: the ontology and shapes (``ontology/*.ttl``), the curated sources
(``graph/data/*.ttl``) and every export a build writes. Each is read by rdflib through our
loader (the reference), then by each reader of :mod:`tests.interop.tools` (rdflib, Oxigraph,
Raptor's rapper, serd's serdi, N3.js): each must accept the file and read the same graphs. A
syntax a reader does not read is skipped with the reason from ``NOT_READ``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
from rdflib import Dataset, Graph

from graph.exporting.serialize import FORMATS
from graph.loading.loader import parse_into, rdf_format, read_rdf_text
from graph.loading.store import KnowledgeGraph
from graph.pipeline import EXPORT_STEM
from graph.util.resources import ONTOLOGY_DIR, PACKAGE_DIR, curated_data_files
from tests.interop.tools import (
    NOT_READ,
    QUAD_SYNTAXES,
    READER_BY_NAME,
    READERS,
    SYNTAX_BY_SUFFIX,
    Graphs,
    as_graphs,
    assert_same,
    require,
    skip_unless_read,
)

pytestmark = [pytest.mark.interop, pytest.mark.slow]

SOURCES = {f"{path.parent.name}/{path.name}": path
           for path in [*sorted(ONTOLOGY_DIR.glob("*.ttl")), *curated_data_files()]}
# The schema.org export is left to tests/test_schemaorg.py: its context is a URL to resolve.
EXPORTS = {f"out/{fmt.file_name(EXPORT_STEM)}": fmt for fmt in FORMATS.values() if not fmt.variant}
PUBLISHED = sorted(SOURCES) + sorted(EXPORTS)


def published_file(name: str, built: Path) -> Path:
    return SOURCES[name] if name in SOURCES else built / name.removeprefix("out/")


@cache
def ours(path: Path) -> Graphs:
    """``path`` read the way the project reads it (graph.load), graph by graph."""
    rdflib_format = rdf_format(path)
    target = Dataset() if SYNTAX_BY_SUFFIX[path.suffix] in QUAD_SYNTAXES else Graph()
    parse_into(target, path, read_rdf_text(path), rdflib_format)
    return as_graphs(target)


def test_published_files_are_found() -> None:
    assert {"ontology/dotscale.ttl", "ontology/shapes.ttl", "data/marmelab-blog.ttl"} <= set(
        SOURCES)
    assert {".ttl", ".nt", ".jsonld", ".rdf", ".trig"} == {
        Path(name).suffix for name in EXPORTS}
    assert all(path.is_relative_to(PACKAGE_DIR.parent) for path in SOURCES.values())


def test_every_reader_and_syntax_is_read_or_skipped_with_a_reason() -> None:
    for reader in READERS:
        for syntax in set(SYNTAX_BY_SUFFIX.values()):
            assert reader.reads(syntax) != ((reader.name, syntax) in NOT_READ), (reader, syntax)
    assert {name for name, _ in NOT_READ} <= set(READER_BY_NAME)


@pytest.mark.parametrize("reader_name", sorted(READER_BY_NAME))
@pytest.mark.parametrize("name", PUBLISHED)
def test_reader_reads_the_published_file_as_we_do(name: str, reader_name: str,
                                                  built: Path) -> None:
    reader = READER_BY_NAME[reader_name]
    path = published_file(name, built)
    syntax = SYNTAX_BY_SUFFIX[path.suffix]
    skip_unless_read(reader, syntax)
    require(reader)
    expected = ours(path)
    assert sum(len(graph) for graph in expected.values()) > 20
    assert_same(expected, reader.read(path, syntax, path.resolve().as_uri()),
                f"{reader.name} {reader.version()} on {name}")


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_export_holds_the_whole_graph(name: str, built: Path, kg: KnowledgeGraph) -> None:
    path = published_file(name, built)
    expected = as_graphs(kg) if SYNTAX_BY_SUFFIX[path.suffix] in QUAD_SYNTAXES else as_graphs(
        kg.union())
    assert_same(expected, ours(path), f"rdflib on {name}")


def test_build_writes_the_schema_org_export(built: Path,
                                            exported: Callable[[str], bytes]) -> None:
    path = built / FORMATS["schemaorg"].file_name(EXPORT_STEM)
    assert path.is_file(), f"the build does not write {path.name}"
    assert path.read_bytes() == exported("schemaorg")
