"""RDF/XML written by hand: sorted, deterministic, and faithful where rdflib's writers are not."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ..errors import DotscaleError

# Characters XML 1.0 cannot carry, not even escaped: RDF/XML cannot hold a term containing one.
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_XML_TEXT_ESCAPES = {"\r": "&#13;"}  # a raw carriage return would read back as a line feed


def _xml_name(graph: Graph, predicate: URIRef) -> tuple[str, str]:
    """The prefix and XML qualified name of a property (binding a prefix if needed)."""
    try:
        prefix, _, local = graph.namespace_manager.compute_qname_strict(predicate)
    except ValueError:
        raise DotscaleError(f"cannot write RDF/XML: the property <{predicate}> has no XML name "
                            f"(its IRI must end in a letter or _ then letters, digits, -, _ or "
                            f".); export as Turtle, N-Triples, JSON-LD or TriG instead") from None
    return prefix, f"{prefix}:{local}"


def _xml_element(name: str, value: Node) -> str:
    if isinstance(value, Literal):
        attributes = "".join([f" xml:lang={quoteattr(value.language)}" if value.language else "",
                              f" rdf:datatype={quoteattr(str(value.datatype))}" if value.datatype
                              else ""])
        return f"<{name}{attributes}>{escape(value, _XML_TEXT_ESCAPES)}</{name}>"
    if isinstance(value, BNode):
        return f'<{name} rdf:nodeID="{value}"/>'
    return f"<{name} rdf:resource={quoteattr(str(value))}/>"


def rdfxml(graph: Graph) -> bytes:
    """RDF/XML, one ``rdf:Description`` per subject, everything sorted.

    rdflib's own writers lose data: "pretty-xml" drops blank nodes that only refer to each other
    and statements about list nodes and writes carriage returns inside CDATA (XML reads them as
    line feeds); "xml" leaves ``&`` unescaped in ``rdf:datatype``. ``graph`` must have XML names
    for its blank nodes (:func:`graph.exporting.serialize.canonical_graph` gives them).

    >>> from rdflib import RDFS
    >>> g = Graph()
    >>> _ = g.add((URIRef("https://example.org/t"), RDFS.label, Literal("a & b", lang="en")))
    >>> print(rdfxml(g).decode())
    <?xml version="1.0" encoding="utf-8"?>
    <rdf:RDF
      xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
      xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#"
    >
      <rdf:Description rdf:about="https://example.org/t">
        <rdfs:label xml:lang="en">a &amp; b</rdfs:label>
      </rdf:Description>
    </rdf:RDF>
    <BLANKLINE>
    """
    for triple in graph:
        for term in triple:
            if found := NOT_IN_XML.search(str(term)):
                raise DotscaleError(
                    f"cannot write RDF/XML: XML 1.0 cannot carry the character "
                    f"U+{ord(found.group()):04X} of a value of {triple[0].n3()}; export as "
                    f"Turtle, N-Triples, JSON-LD or TriG instead")
    prefixes, body = {"rdf"}, []
    for subject in sorted({s for s in graph.subjects() if isinstance(s, URIRef | BNode)}):
        about = (f'rdf:nodeID="{subject}"' if isinstance(subject, BNode)
                 else f"rdf:about={quoteattr(subject)}")
        body.append(f"  <rdf:Description {about}>")
        for predicate, value in sorted(graph.predicate_objects(subject),
                                       key=lambda pair: (pair[0], pair[1].n3())):
            if isinstance(predicate, URIRef):
                prefix, name = _xml_name(graph, predicate)
                prefixes.add(prefix)
                body.append(f"    {_xml_element(name, value)}")
        body.append("  </rdf:Description>")
    namespaces = dict(graph.namespace_manager.namespaces())
    declarations = [f"  xmlns:{prefix}={quoteattr(str(namespaces[prefix]))}"
                    for prefix in sorted(prefixes)]
    lines = ['<?xml version="1.0" encoding="utf-8"?>', "<rdf:RDF", *declarations, ">", *body,
             "</rdf:RDF>"]
    return ("\n".join(lines) + "\n").encode("utf-8")
