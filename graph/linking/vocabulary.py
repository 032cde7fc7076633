"""The technology vocabulary the linker matches text against (``graph/data/technologies.ttl``).

Each technology has names: its rdfs:label and skos:altLabels. A name is matched case-blind,
except an acronym (``SQL``, ``TLS``) and an ambiguous name (``ds:ambiguousName``: an ordinary
word such as ``Go`` or ``Spark``, or a name of one or two letters), which must be written with
its own case; an ambiguous name also needs context (see :mod:`.technologies`).

>>> vocabulary = bundled_vocabulary()
>>> [(name.text, name.ambiguous) for name in vocabulary.names_for("go")]
[('Go', True)]
>>> vocabulary.technology(vocabulary.names_for("Postgres")[0].node).label
'PostgreSQL'
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from ..namespaces import DS, SCHEMA
from ..util.resources import DATA_DIR, ONTOLOGY_FILE

VOCABULARY_FILE = DATA_DIR / "technologies.ttl"
VOCABULARY_SOURCE = URIRef("https://w3id.org/dotscale/id/source/technology-vocabulary")
_ACRONYM = re.compile(r"[A-Z][A-Z0-9]{1,4}")
_SPACES = re.compile(r"\s+")


def name_key(text: str) -> str:
    """The key a name and a span of text are compared on: case folded, curly apostrophes
    straightened, runs of spaces made one.

    >>> name_key("Cap’n  Proto")
    "cap'n proto"
    """
    return _SPACES.sub(" ", text.replace("\u2019", "'")).strip().casefold()


@dataclass(frozen=True)
class Name:
    """One name of a technology and how strictly it is matched."""

    text: str
    node: URIRef
    ambiguous: bool

    @property
    def case_sensitive(self) -> bool:
        """Ambiguous names and acronyms must be written with their own case."""
        return self.ambiguous or bool(_ACRONYM.fullmatch(self.text))

    def written_as(self, span: str) -> bool:
        """Whether ``span`` (a piece of text whose key is this name's) spells this name."""
        if not self.case_sensitive:
            return True
        return _SPACES.sub(" ", span.replace("\u2019", "'")) == self.text


@dataclass(frozen=True)
class Technology:
    """A technology of the vocabulary: its node, preferred name and kind (most specific class)."""

    node: URIRef
    label: str
    kind: URIRef


class Vocabulary:
    """The technologies of a graph, indexed by name key."""

    def __init__(self, graph: Graph, ontology: Graph | None = None) -> None:
        classes = _technology_classes(ontology if ontology is not None else graph)
        self._technologies: dict[URIRef, Technology] = {}
        self._names: dict[str, list[Name]] = {}
        nodes: set[URIRef] = {s for s, c in graph.subject_objects(RDF.type)
                              if c in classes and isinstance(s, URIRef)}
        for node in sorted(nodes):
            label = graph.value(node, RDFS.label)
            if label is None:
                continue
            kind = min((c for c in graph.objects(node, RDF.type) if c in classes), key=str)
            self._technologies[node] = Technology(node, str(label), kind)  # type: ignore[arg-type]
            ambiguous = {str(n) for n in graph.objects(node, DS.ambiguousName)}
            texts = [str(label), *sorted(str(n) for n in graph.objects(node, SKOS.altLabel))]
            for text in dict.fromkeys(texts):
                self._names.setdefault(name_key(text), []).append(
                    Name(text, node, text in ambiguous))
        self.longest = max((len(_atoms(key)) for key in self._names), default=1)
        self.version = str(graph.value(VOCABULARY_SOURCE, SCHEMA.version) or "")

    def __len__(self) -> int:
        return len(self._technologies)

    def __iter__(self) -> Iterable[Technology]:
        return iter(self._technologies.values())

    def names_for(self, span: str) -> list[Name]:
        """The names whose key is the key of ``span`` (any case; check :meth:`Name.written_as`)."""
        return self._names.get(name_key(span), [])

    def technology(self, node: URIRef) -> Technology:
        return self._technologies[node]

    def knows(self, key: str) -> bool:
        """Whether some name has the key ``key`` (see :func:`name_key`)."""
        return key in self._names


_ATOM = re.compile(r"\w+|[^\w\s]")


def _atoms(text: str) -> list[str]:
    return _ATOM.findall(text)


def _technology_classes(ontology: Graph) -> set[URIRef]:
    """ds:Technology and every class below it."""
    found = {DS.Technology}
    frontier = [DS.Technology]
    while frontier:
        cls = frontier.pop()
        for sub in ontology.subjects(RDFS.subClassOf, cls):
            if isinstance(sub, URIRef) and sub not in found:
                found.add(sub)
                frontier.append(sub)
    return found


@functools.cache
def bundled_vocabulary() -> Vocabulary:
    """The vocabulary shipped with the package, read once."""
    graph, ontology = Graph(), Graph()
    graph.parse(VOCABULARY_FILE, format="turtle")
    ontology.parse(ONTOLOGY_FILE, format="turtle")
    return Vocabulary(graph, ontology)
