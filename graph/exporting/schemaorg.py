"""The graph in schema.org terms only, as JSON-LD a search engine reads without our ontology.

Two SPARQL queries translate the things under ``id/`` (talks, conferences, people,
organizations, places, technologies, topics, sources). :data:`ALIGNMENT_QUERY` reads the
ontology's own alignments: each class maps to its most specific schema.org superclasses
(``ds:Talk`` → ``schema:Event``; ``schema:Thing`` only when nothing narrower applies), each
``ds:`` property to its schema.org superproperties (``ds:speaker`` → ``schema:performer``,
``ds:conference`` → ``schema:superEvent``, ``ds:filmed`` → ``schema:startDate``, ``ds:about`` →
``schema:about`` and ``schema:mentions``). To these it adds ``rdfs:label`` → ``schema:name``,
``skos:altLabel`` → ``schema:alternateName``, ``owl:sameAs`` → ``schema:sameAs``, topics as
``schema:DefinedTerm`` (``ds:topic`` → ``schema:about``). :data:`TRANSLATION_QUERY`, a
CONSTRUCT, applies that table to the data and keeps the schema.org statements already there,
with ``schema:url`` as a link (an IRI), the way schema.org's own context reads it. Terms without
a schema.org counterpart (``ds:twitter``, ``ds:tag``...) are left out.

What search engines expect, the document gives: its ``@context`` is the string
``"https://schema.org/"``, dates are plain strings (``"startDate": "2015-06-08"``), whole numbers
JSON numbers. A JSON-LD processor fetches that context to read the file, so rdflib and
pyoxigraph cannot read it offline as it is: replace the context with :data:`LOCAL_CONTEXT`
(``{"@vocab": "https://schema.org/"}``) first, as :func:`read_offline` does. This program
never fetches it.

Only names a reader should see are published: ``schema:alternateName`` comes from the
alternative names of the sources other than the blog (:func:`published_translation`); the
blog's own spellings and paraphrases (``Mario Loreido``, ``Cap'n Prot``) stay in its graph.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from rdflib import Graph, Literal
from rdflib.namespace import SKOS, XSD
from rdflib.term import Node

from ..loading.store import KnowledgeGraph
from ..namespaces import BLOG_GRAPH, PREFIXES, SCHEMA
from ..util.resources import ONTOLOGY_FILE
from .jsonld_context import jsonld_document

SCHEMAORG_CONTEXT = str(SCHEMA)
_DATES = {XSD.date, XSD.dateTime}
LOCAL_CONTEXT: dict[str, str] = {"@vocab": str(SCHEMA)}

ALIGNMENT_QUERY = """
SELECT DISTINCT ?kind ?ours ?term WHERE {
  {   # SKOS concepts (our topics) and their scheme
    VALUES (?super ?term) { (skos:Concept schema:DefinedTerm)
                            (skos:ConceptScheme schema:DefinedTermSet) }
    ?ours rdfs:subClassOf* ?super .
    BIND ("class" AS ?kind)
  } UNION {   # each class: its most specific schema.org superclasses
    ?ours a owl:Class .
    ?ours rdfs:subClassOf* ?term .
    FILTER (STRSTARTS(STR(?term), STR(schema:)))
    FILTER NOT EXISTS {
      ?ours rdfs:subClassOf* ?narrower .
      FILTER (?narrower != ?term && STRSTARTS(STR(?narrower), STR(schema:)))
      FILTER (?term = schema:Thing || EXISTS { ?narrower rdfs:subClassOf+ ?term })
    }
    BIND ("class" AS ?kind)
  } UNION {   # each of our properties: its schema.org superproperties
    ?ours rdfs:subPropertyOf+ ?term .
    FILTER (STRSTARTS(STR(?ours), STR(ds:)) && STRSTARTS(STR(?term), STR(schema:)))
    BIND ("property" AS ?kind)
  } UNION {
    VALUES (?ours ?term) {
      (rdfs:label schema:name) (skos:altLabel schema:alternateName) (owl:sameAs schema:sameAs)
      (ds:topic schema:about) (skos:inScheme schema:inDefinedTermSet)
    }
    BIND ("property" AS ?kind)
  }
}
"""

TRANSLATION_QUERY = """
CONSTRUCT { ?node ?property ?value }
WHERE {
  {
    VALUES (?class ?value) { %(classes)s }
    ?node a ?class .
    BIND (rdf:type AS ?property)
  } UNION {
    VALUES (?ours ?property) { %(properties)s }
    ?node ?ours ?value .
  } UNION {   # schema.org statements of the data, web addresses as links
    ?node ?property ?stated .
    FILTER (STRSTARTS(STR(?property), STR(schema:))
            || ?property = rdf:type && STRSTARTS(STR(?stated), STR(schema:)))
    BIND (IF(?property = schema:url && isLiteral(?stated), IRI(STR(?stated)), ?stated)
          AS ?value)
  }
  FILTER (isIRI(?node) && STRSTARTS(STR(?node), STR(id:)))
}
"""


def _values(pairs: list[tuple[Node, Node]]) -> str:
    return " ".join(f"({ours.n3()} {term.n3()})" for ours, term in sorted(pairs))


@cache
def translation_query(ontology_text: str) -> str:
    """The CONSTRUCT query, with the alignment table of the ontology (Turtle) written in."""
    import pyoxigraph as ox

    from ..loading.stores.oxigraph import from_oxigraph

    ontology = ox.Store()
    ontology.load(ontology_text, format=ox.RdfFormat.TURTLE)
    table: dict[str, list[tuple[Node, Node]]] = {"class": [], "property": []}
    answer = ontology.query(ALIGNMENT_QUERY, prefixes=PREFIXES)
    assert isinstance(answer, ox.QuerySolutions)
    for kind, ours, term in answer:
        table[kind.value].append((from_oxigraph(ours), from_oxigraph(term)))
    return TRANSLATION_QUERY % {"classes": _values(table["class"]),
                                "properties": _values(table["property"])}


def published_translation(kg: KnowledgeGraph, union: bytes) -> Graph:
    """The schema.org translation of ``kg``'s union (``union``: its N-Triples, blank nodes
    with the store's labels, as :func:`graph.exporting.ntriples.ntriples` writes it) without
    the alternative names only the blog states."""
    import pyoxigraph as ox

    from ..loading.stores.oxigraph import to_oxigraph

    stated_by: dict[tuple[Node, Node], set[Node | None]] = {}
    for subject, _, name, graph_name in kg.quads((None, SKOS.altLabel, None, None)):
        stated_by.setdefault((subject, name), set()).add(graph_name)
    engine = ox.Store()  # parsed, then added: Store.load would relabel the blank nodes
    engine.extend(ox.Quad(triple.subject, triple.predicate, triple.object, ox.DefaultGraph())
                  for triple in ox.parse(union, format=ox.RdfFormat.N_TRIPLES))
    alternative = to_oxigraph(SKOS.altLabel)
    for (subject, name), graphs in stated_by.items():
        if graphs == {BLOG_GRAPH}:
            engine.remove(ox.Quad(to_oxigraph(subject), alternative, to_oxigraph(name),
                                  ox.DefaultGraph()))
    return _translated(engine)


def schemaorg_graph(graph: Graph) -> Graph:
    """The schema.org-only translation of ``graph`` (with the bundled ontology's alignments).

    >>> talk = Graph().parse(format="turtle", data='''
    ...     @prefix ds: <https://w3id.org/dotscale/ontology#> .
    ...     <https://w3id.org/dotscale/id/talk/2015/t> a ds:LightningTalk ;
    ...         ds:speaker <https://w3id.org/dotscale/id/person/p> .
    ... ''')
    >>> for _, predicate, value in sorted(schemaorg_graph(talk)):
    ...     print(predicate.n3(talk.namespace_manager), value.n3(talk.namespace_manager))
    rdf:type schema:Event
    schema:performer <https://w3id.org/dotscale/id/person/p>
    """
    import pyoxigraph as ox

    from ..loading.stores.oxigraph import to_oxigraph

    engine = ox.Store()
    engine.extend(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), ox.DefaultGraph())
                  for s, p, o in graph)
    return _translated(engine)


def _translated(engine: Any) -> Graph:
    """The translation of the Oxigraph store ``engine``'s default graph, in rdflib terms.
    Oxigraph's engine is tens of times faster than rdflib's on this query."""
    import pyoxigraph as ox

    from ..loading.stores.oxigraph import from_oxigraph

    answer = engine.query(translation_query(ONTOLOGY_FILE.read_text(encoding="utf-8")),
                          prefixes=PREFIXES)
    assert isinstance(answer, ox.QueryTriples)
    translated = Graph()
    for found in answer:
        value = from_oxigraph(found.object)
        if isinstance(value, Literal) and value.datatype in _DATES:
            value = Literal(str(value))
        translated.add((from_oxigraph(found.subject), from_oxigraph(found.predicate), value))
    return translated


def _native_numbers(value: Any) -> Any:
    """``value`` with every ``{"@value": "16", "@type": xsd:integer}`` as the number 16."""
    if isinstance(value, list):
        return [_native_numbers(item) for item in value]
    if isinstance(value, dict):
        if value.get("@type") == str(XSD.integer) and set(value) == {"@value", "@type"}:
            return int(value["@value"])
        return {key: _native_numbers(item) for key, item in value.items()}
    return value


def schemaorg_document(graph: Graph) -> dict[str, Any]:
    """The JSON-LD document of ``graph`` (already in schema.org terms), with the string context.

    >>> from rdflib import Literal, URIRef
    >>> paris = URIRef("https://w3id.org/dotscale/id/place/paris")
    >>> g = Graph()
    >>> _ = g.add((paris, SCHEMA.name, Literal("Paris")))
    >>> document = schemaorg_document(g)
    >>> document["@context"], document["@graph"][0]["name"]
    ('https://schema.org/', 'Paris')
    """
    document = jsonld_document(graph, LOCAL_CONTEXT)
    return {"@context": SCHEMAORG_CONTEXT, "@graph": _native_numbers(document["@graph"])}


def read_offline(text: str) -> Graph:
    """The graph of a schema.org document, its remote context replaced by :data:`LOCAL_CONTEXT`.

    >>> paris = read_offline('{"@context": "https://schema.org/", "name": "Paris"}')
    >>> [str(name) for name in paris.objects(None, SCHEMA.name)]
    ['Paris']
    """
    document = json.loads(text)
    document["@context"] = LOCAL_CONTEXT
    return Graph().parse(data=json.dumps(document), format="json-ld")
