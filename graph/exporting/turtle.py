"""Turtle grouped by kind of thing, written from canonical sorted N-Triples
(:func:`graph.exporting.ntriples.sorted_lines`), in the layout of rdflib's ``longturtle``.

The ontology comes first (the ``owl:Ontology``, then classes, then properties, then other OWL
and RDFS terms), then the things, kind by kind (conference series, conferences, talks, people,
organizations, technologies, topics, sources, then other kinds by name, then what has no type),
each kind by label, then by IRI. A thing's kind is the broadest ``ds:`` class above its types
(a database and a programming language are both technologies); a term of a vocabulary is in the
ontology part whatever its namespace. Within a thing: ``a`` first, then ``rdfs:label``, then the
other predicates, each in IRI order. A blank node that one triple refers to is written inside
it (``[ ... ]``, a list as ``( ... )``); one that several triples refer to keeps its canonical
label.

Everything is read from the N-Triples lines as bytes (one pass to index them, one to write),
so a million triples take seconds and no rdflib term is made.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from ..namespaces import DS, PREFIXES

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_OWL = "http://www.w3.org/2002/07/owl#"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"


def _iri(text: str) -> bytes:
    return f"<{text}>".encode()


TYPE = _iri(_RDF + "type")
FIRST, REST, NIL = _iri(_RDF + "first"), _iri(_RDF + "rest"), _iri(_RDF + "nil")
LABEL = _iri(_RDFS + "label")
SUBCLASS = _iri(_RDFS + "subClassOf")
_NAMES = (LABEL, _iri(_SKOS + "prefLabel"), _iri("https://schema.org/name"))
# the ontology part, in this order; any other class of OWL or RDFS after them
ONTOLOGY_KINDS = tuple(_iri(_OWL + name) for name in (
    "Ontology", "Class", "ObjectProperty", "DatatypeProperty", "AnnotationProperty"))
_SCHEMA_NAMESPACES = (_OWL.encode(), _RDFS.encode(), _RDF.encode())
# the things, in this order (their broadest ds: class); any other kind after them, by IRI
THING_KINDS = tuple(_iri(str(DS[name])) for name in (
    "ConferenceSeries", "Conference", "Talk", "Person", "Organization", "Technology", "Topic",
    "Source"))
_DS = _iri(str(DS))[:-1]
_BARE = {_iri(_XSD + "integer"): re.compile(rb"[+-]?[0-9]+"),
         _iri(_XSD + "decimal"): re.compile(rb"[+-]?[0-9]*\.[0-9]+"),
         _iri(_XSD + "boolean"): re.compile(rb"true|false")}
_LOCAL_NAME = re.compile(rb"(?:[A-Za-z_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?)?")
_INDENT = b"    "


@dataclass
class _Index:
    """The triples by subject, and what the order and the blank nodes need."""

    about: dict[bytes, list[tuple[bytes, bytes]]] = field(default_factory=dict)
    types: dict[bytes, list[bytes]] = field(default_factory=dict)
    names: dict[bytes, tuple[int, bytes]] = field(default_factory=dict)
    broader: dict[bytes, bytes] = field(default_factory=dict)
    referred: Counter[bytes] = field(default_factory=Counter)
    shared: Collection[bytes] = ()  # blank nodes other graphs hold too: they keep their labels

    def inline(self, node: bytes) -> bool:
        """Whether the blank node ``node`` is written where its one reference is."""
        return self.referred[node] == 1 and node not in self.shared

    def anonymous(self, node: bytes) -> bool:
        """Whether the blank node ``node`` is written as ``[]``: nothing refers to it."""
        return self.referred[node] == 0 and node not in self.shared

    def add(self, line: bytes) -> None:
        subject, predicate, value = line[:-2].split(b" ", 2)
        self.about.setdefault(subject, []).append((predicate, value))
        if value.startswith(b"_:"):
            self.referred[value] += 1
        if predicate == TYPE:
            self.types.setdefault(subject, []).append(value)
        elif predicate in _NAMES and value.startswith(b'"'):
            name = (_NAMES.index(predicate), value)
            self.names[subject] = min(name, self.names.get(subject, name))
        elif predicate == SUBCLASS:
            self.learn(subject, value)

    def learn(self, subject: bytes, value: bytes) -> None:
        """Take ``subject rdfs:subClassOf value`` into the hierarchy of ``ds:`` classes."""
        if value.startswith(_DS) and subject.startswith(_DS):
            self.broader[subject] = min(value, self.broader.get(subject, value))

    def kind(self, types: list[bytes]) -> tuple[int, int, bytes]:
        """Where things of these types go: the part, the rank of the kind, its IRI."""
        ranked = []
        for cls in types:
            if cls in ONTOLOGY_KINDS:
                ranked.append((0, ONTOLOGY_KINDS.index(cls), cls))
            elif cls[1:].startswith(_SCHEMA_NAMESPACES):
                ranked.append((0, len(ONTOLOGY_KINDS), cls))
            else:
                top = self.broadest(cls)
                rank = THING_KINDS.index(top) if top in THING_KINDS else len(THING_KINDS)
                ranked.append((1, rank, top))
        return min(ranked, default=(2, 0, b""))

    def broadest(self, cls: bytes) -> bytes:
        seen = {cls}
        while (above := self.broader.get(cls)) is not None and above not in seen:
            seen.add(above)
            cls = above
        return cls


def _label_key(name: tuple[int, bytes] | None, subject: bytes) -> tuple[str, bytes, bytes]:
    if name is None:
        return ("\U0010ffff", b"", subject)  # no label: after the labelled, by IRI
    literal = name[1]
    text = literal[1:literal.rindex(b'"')].decode("utf-8", "replace")
    return (text.casefold(), literal, subject)


class _Writer:
    def __init__(self, index: _Index) -> None:
        self.index = index
        self.compacted: dict[bytes, tuple[bytes, str]] = {}
        self.used: set[str] = set()
        self.namespaces = {namespace.encode(): prefix for prefix, namespace in PREFIXES.items()
                           if namespace.endswith(("#", "/"))}
        self.written: set[bytes] = set()
        self.open: set[bytes] = set()
        self.out: list[bytes] = []

    # -- terms ---------------------------------------------------------------------------

    def iri(self, term: bytes) -> bytes:
        known = self.compacted.get(term)
        if known is None:
            known = term, ""
            inner = term[1:-1]
            cut = max(inner.rfind(b"#"), inner.rfind(b"/")) + 1
            prefix = self.namespaces.get(inner[:cut])
            if prefix is not None and _LOCAL_NAME.fullmatch(inner[cut:]):
                known = prefix.encode() + b":" + inner[cut:], prefix
            self.compacted[term] = known
        short, prefix = known
        if prefix:
            self.used.add(prefix)
        return short

    def literal(self, term: bytes) -> bytes:
        if term.endswith(b">") and b'"^^<' in term:
            lexical, _, datatype = term.rpartition(b"^^")
            bare = _BARE.get(datatype)
            if bare is not None and bare.fullmatch(lexical[1:-1]):
                return lexical[1:-1]
            return lexical + b"^^" + self.iri(datatype)
        return term

    def value(self, term: bytes, depth: int) -> bytes:
        if term.startswith(b"<<"):
            return term
        if term.startswith(b"<"):
            return self.iri(term)
        if term.startswith(b"_:"):
            return self.blank(term, depth)
        return self.literal(term)

    # -- blank nodes ---------------------------------------------------------------------

    def inline(self, node: bytes) -> bool:
        return self.index.inline(node) and node not in self.open and node not in self.written

    def list_items(self, node: bytes) -> list[bytes] | None:
        """The items of the list starting at ``node``, if it is a list written as one."""
        items: list[bytes] = []
        seen: set[bytes] = set()
        while node != NIL:
            pairs = self.index.about.get(node, [])
            if (node in seen or not node.startswith(b"_:") or len(pairs) != 2
                    or (items and not self.inline(node))):
                return None
            facts = dict(pairs)
            if set(facts) != {FIRST, REST}:
                return None
            seen.add(node)
            items.append(facts[FIRST])
            node = facts[REST]
        self.written.update(seen)
        return items

    def blank(self, node: bytes, depth: int) -> bytes:
        if not self.inline(node):
            return node
        pad = _INDENT * depth
        items = self.list_items(node)
        if items is not None:  # the items one step in, the bracket under the predicate
            inner = [pad + self.value(item, depth + 1) + b"\n" for item in items]
            return b"(\n" + b"".join(inner) + _INDENT * (depth - 1) + b")"
        self.written.add(node)
        self.open.add(node)
        body = self.predicates(node, depth + 1)
        self.open.discard(node)
        return b"[\n" + body + pad + b"]"

    # -- subjects ------------------------------------------------------------------------

    def predicates(self, subject: bytes, depth: int) -> bytes:
        pairs = self.index.about.get(subject, [])
        order = {TYPE: 0, LABEL: 1}
        pairs = sorted(pairs, key=lambda pair: order.get(pair[0], 2))  # stable: IRI order else
        pad = _INDENT * depth
        chunks: list[bytes] = []
        start = 0
        while start < len(pairs):
            predicate = pairs[start][0]
            end = start
            while end < len(pairs) and pairs[end][0] == predicate:
                end += 1
            name = b"a" if predicate == TYPE else self.iri(predicate)
            values = [self.value(value, depth + 1) for _, value in pairs[start:end]]
            if len(values) == 1 and not values[0].startswith(b"[\n"):
                chunks.append(pad + name + b" " + values[0] + b" ;\n")
            else:
                inner = (b" ,\n" + pad + _INDENT).join(values)
                chunks.append(pad + name + b"\n" + pad + _INDENT + inner + b" ;\n")
            start = end
        return b"".join(chunks)

    def subject(self, subject: bytes) -> None:
        self.written.add(subject)
        if subject.startswith(b"_:") and self.index.anonymous(subject):
            body = self.predicates(subject, 1)  # nothing refers to it: no label needed
            self.out.append(b"[]" + body + b".\n\n")
            return
        name = subject if subject.startswith(b"_:") else self.iri(subject)
        self.out.append(name + b"\n" + self.predicates(subject, 1) + b".\n\n")


def sorted_turtle(lines: Iterable[bytes]) -> bytes:
    """Turtle of the canonical N-Triples ``lines``, grouped by kind (see the module).

    >>> print(sorted_turtle([
    ...     b'<https://w3id.org/dotscale/id/person/b> <http://www.w3.org/2000/01/rdf-schema#label>'
    ...     b' "Ada" .',
    ...     b'<https://w3id.org/dotscale/id/person/b> <http://www.w3.org/1999/02/22-rdf-syntax-ns#'
    ...     b'type> <https://w3id.org/dotscale/ontology#Person> .',
    ...     b'<https://w3id.org/dotscale/ontology> <http://www.w3.org/1999/02/22-rdf-syntax-ns#'
    ...     b'type> <http://www.w3.org/2002/07/owl#Ontology> .',
    ... ]).decode(), end="")
    PREFIX ds: <https://w3id.org/dotscale/ontology#>
    PREFIX owl: <http://www.w3.org/2002/07/owl#>
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    <BLANKLINE>
    <https://w3id.org/dotscale/ontology>
        a owl:Ontology ;
    .
    <BLANKLINE>
    <https://w3id.org/dotscale/id/person/b>
        a ds:Person ;
        rdfs:label "Ada" ;
    .
    """
    prefixes, body = turtle_blocks(lines)
    return (prefix_lines(prefixes) + "\n").encode() + body if body else b""


def prefix_lines(prefixes: Iterable[str]) -> str:
    """A ``PREFIX`` line for each of the project's ``prefixes``, in the order given.

    >>> print(prefix_lines(["ds"]), end="")
    PREFIX ds: <https://w3id.org/dotscale/ontology#>
    """
    return "".join(f"PREFIX {prefix}: <{PREFIXES[prefix]}>\n" for prefix in prefixes)


def turtle_blocks(lines: Iterable[bytes], *, hierarchy: Iterable[bytes] = (),
                  shared: Collection[bytes] = ()) -> tuple[list[str], bytes]:
    """The prefixes (sorted) and the blocks, a blank line apart, of :func:`sorted_turtle`.
    ``hierarchy`` holds more N-Triples lines, read for their ``rdfs:subClassOf`` alone: the
    classes of another graph (the ontology's) that things of this one are grouped by.
    ``shared`` names the blank nodes other graphs of the same document hold: they keep their
    labels."""
    index = _Index(shared=shared)
    for line in lines:
        index.add(line)
    for line in hierarchy:
        subject, predicate, value = line[:-2].split(b" ", 2)
        if predicate == SUBCLASS:
            index.learn(subject, value)
    kinds: dict[tuple[bytes, ...], tuple[int, int, bytes]] = {}
    keys = {}
    for subject in index.about:
        types = tuple(index.types.get(subject, ()))
        kind = kinds.get(types)
        if kind is None:
            kind = kinds[types] = index.kind(list(types))
        keys[subject] = (kind, _label_key(index.names.get(subject), subject))
    writer = _Writer(index)
    blank_first = sorted(keys, key=keys.__getitem__)
    for subject in blank_first:
        if subject not in writer.written and not (
                subject.startswith(b"_:") and index.inline(subject)):
            writer.subject(subject)
    for subject in blank_first:  # blank nodes only ever referred to inside a cycle
        if subject not in writer.written:
            writer.subject(subject)
    return sorted(writer.used), b"".join(writer.out)[:-1]  # no blank line after the last block
