"""JSON-LD: the compact ``@context`` of the export, generated from the ontology, and the writer.

Every project prefix, plus a term definition for each ``ds:`` property whose values need one,
keyed by its compact IRI (``"ds:speaker"``, so the keys of the document say which vocabulary they
come from): object properties coerce their values to IRIs (``"@type": "@id"``), datatype
properties to their datatype. OWL 2 has no ``xsd:date``, so a datatype property whose range is
``rdfs:Literal`` takes its datatype from the SHACL shapes when they give exactly one
(``ds:filmed``: ``xsd:date``). Plain strings need no definition: a JSON string already reads
back as an ``xsd:string``.

:func:`jsonld_document` is rdflib's conversion made exact (see :class:`_Converter`).
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD
from rdflib.plugins.serializers.jsonld import Converter
from rdflib.plugins.shared.jsonld.context import Context
from rdflib.term import IdentifiedNode, Node

from ..loading.cache import cached_file, digest
from ..namespaces import DS, PREFIXES, compact
from ..util.resources import ONTOLOGY_FILE, PACKAGE_DIR, SHAPES_FILE


def _shape_datatype(shapes: Graph, prop: URIRef) -> URIRef | None:
    """The one ``sh:datatype`` the shapes give for values of ``prop``, if they agree on one."""
    found = {datatype for shape in shapes.subjects(SH.path, prop)
             for datatype in shapes.objects(shape, SH.datatype) if isinstance(datatype, URIRef)}
    return found.pop() if len(found) == 1 else None


def _value_type(ontology: Graph, shapes: Graph, prop: URIRef) -> str | None:
    """``@id`` for an object property, the datatype of a typed datatype property, else None."""
    if (prop, RDF.type, OWL.ObjectProperty) in ontology:
        return "@id"
    datatype = ontology.value(prop, RDFS.range)
    if datatype == RDFS.Literal or datatype is None:
        datatype = _shape_datatype(shapes, prop)
    if isinstance(datatype, URIRef) and datatype not in (XSD.string, RDFS.Literal):
        return compact(datatype)
    return None


def jsonld_context(ontology: Graph, shapes: Graph | None = None) -> dict[str, Any]:
    """The ``@context``: the project prefixes and the ``ds:`` properties' value types.

    >>> from rdflib import Graph
    >>> onto = Graph().parse(format="turtle", data='''
    ...     @prefix ds: <https://w3id.org/dotscale/ontology#> .
    ...     @prefix owl: <http://www.w3.org/2002/07/owl#> .
    ...     @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ...     @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
    ...     ds:speaker a owl:ObjectProperty .
    ...     ds:order a owl:DatatypeProperty ; rdfs:range xsd:integer .
    ... ''')
    >>> context = jsonld_context(onto)
    >>> context["ds:speaker"], context["ds:order"], context["ds"]
    ({'@type': '@id'}, {'@type': 'xsd:integer'}, 'https://w3id.org/dotscale/ontology#')
    """
    shapes = shapes if shapes is not None else Graph()
    context: dict[str, Any] = dict(PREFIXES)
    properties = sorted({prop for kind in (OWL.ObjectProperty, OWL.DatatypeProperty)
                         for prop in ontology.subjects(RDF.type, kind)
                         if isinstance(prop, URIRef) and prop.startswith(str(DS))})
    for prop in properties:
        if value_type := _value_type(ontology, shapes, prop):
            context[compact(prop)] = {"@type": value_type}
    return context


@cache
def _bundled_context() -> dict[str, Any]:
    """The context of the bundled ontology and shapes, made once for each of them and each
    version of this package, and kept in the cache (:mod:`graph.loading.cache`)."""
    from .. import __version__  # not at the top: the package names the exports, which import us

    def made() -> bytes:
        ontology = Graph().parse(ONTOLOGY_FILE, format="turtle")
        shapes = Graph().parse(SHAPES_FILE, format="turtle") if SHAPES_FILE.is_file() else Graph()
        return json.dumps(jsonld_context(ontology, shapes)).encode("utf-8")

    inputs = [path for path in (ONTOLOGY_FILE, SHAPES_FILE, Path(__file__)) if path.is_file()]
    key = digest(__version__, inputs, PACKAGE_DIR.parent)
    context: dict[str, Any] = json.loads(cached_file("jsonld-context", key, ".json", made)
                                         .read_bytes())
    return context


def bundled_context() -> dict[str, Any]:
    """The ``@context`` generated from the bundled ontology and shapes (a fresh copy each call)."""
    return copy.deepcopy(_bundled_context())


class _Converter(Converter):
    """rdflib's graph-to-JSON-LD conversion (rdflib 7), made exact: one node object per subject.

    rdflib starts only from IRIs and unreferenced blank nodes, and follows a blank node value
    only when no term coerces it: other blank nodes were dropped. Here every subject is
    converted, and RDF lists stay plain ``rdf:first`` / ``rdf:rest`` nodes (never ``@list``,
    whose nodes would be converted twice). And rdflib writes numbers and booleans as JSON
    natives, which readers turn into canonical (or, for large integers, double) values: every
    literal keeps its lexical form here.
    """

    def __init__(self, context: Context) -> None:
        super().__init__(context, use_native_types=False, use_rdf_type=False)
        self.use_native_types = False

    def from_graph(self, graph: Graph) -> list[Any]:
        nodemap: dict[str, Any] = {}
        for subject in sorted({s for s in graph.subjects() if isinstance(s, IdentifiedNode)}):
            self.process_subject(graph, subject, nodemap)
        return list(nodemap.values())

    def to_collection(self, graph: Graph, l_: Node) -> None:
        return None


def jsonld_document(graph: Graph, context: dict[str, Any]) -> dict[str, Any]:
    """``graph`` as a JSON-LD document: its nodes under ``@graph``, compacted with ``context``.

    >>> import json
    >>> from rdflib import Literal
    >>> g = Graph()
    >>> _ = g.add((URIRef("https://example.org/t"), DS.order, Literal(10**30)))
    >>> context = {"ds": str(DS), "xsd": str(XSD), "ds:order": {"@type": "xsd:integer"}}
    >>> print(json.dumps(jsonld_document(g, context)["@graph"]))
    [{"@id": "https://example.org/t", "ds:order": "1000000000000000000000000000000"}]
    """
    nodes = _Converter(Context(context)).from_graph(graph)
    return {"@context": context, "@graph": nodes}
