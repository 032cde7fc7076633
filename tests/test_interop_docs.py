"""The ontology's HTML documentation (pyLODE) lists every class and property, self-contained."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from graph.exporting.ontology_docs import write_ontology_docs
from graph.namespaces import DS
from graph.util.resources import ONTOLOGY_FILE

TERM_KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


class PageReader(HTMLParser):
    """The visible text and the external resources of an HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.external: list[str] = []
        self.hidden = 0  # inside <script> or <style>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.hidden += tag in ("script", "style")
        source = values.get("src") or (values.get("href") if tag == "link" else None)
        if source and not source.startswith("data:"):
            self.external.append(source)

    def handle_endtag(self, tag: str) -> None:
        self.hidden -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.text.append(data)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, PageReader]:
    path = write_ontology_docs(tmp_path_factory.mktemp("docs"))
    reader = PageReader()
    reader.feed(path.read_text(encoding="utf-8"))
    return path, reader


def ds_terms() -> list[URIRef]:
    ontology = Graph().parse(ONTOLOGY_FILE, format="turtle")
    return sorted({term for kind in TERM_KINDS for term in ontology.subjects(RDF.type, kind)
                   if isinstance(term, URIRef) and term.startswith(str(DS))})


def test_the_page_is_written_where_the_build_publishes_it(page: tuple[Path, PageReader]) -> None:
    path, _ = page
    assert path.parts[-2:] == ("ontology", "index.html")


def test_every_class_and_property_is_listed(page: tuple[Path, PageReader]) -> None:
    _, reader = page
    text = " ".join(" ".join(reader.text).split())
    ontology = Graph().parse(ONTOLOGY_FILE, format="turtle")
    terms = ds_terms()
    assert len(terms) > 40
    missing = []
    for term in terms:
        label = ontology.value(term, RDFS.label)
        local = term.removeprefix(str(DS))
        if not (isinstance(label, Literal) and str(label) in text) and local not in text:
            missing.append(local)
    assert not missing


def test_the_page_needs_nothing_from_the_network(page: tuple[Path, PageReader]) -> None:
    _, reader = page
    assert reader.external == []


def test_the_page_is_the_same_bytes_in_every_process() -> None:
    import os
    import subprocess
    import sys

    code = ("import hashlib; from graph.exporting.ontology_docs import ontology_html; "
            "print(hashlib.sha256(ontology_html().encode()).hexdigest())")
    digests = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              check=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
               for seed in ("1", "3", "11")}
    assert len(digests) == 1
