"""IRIs of the project: one base, terms under ``ontology#``, things under ``id/``.

>>> str(DS.Talk)
'https://w3id.org/dotscale/ontology#Talk'
>>> str(thing("technology", "Cap'n Proto"))
'https://w3id.org/dotscale/id/technology/cap-n-proto'
"""

from __future__ import annotations

import re
import unicodedata

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SH, SKOS, XSD, NamespaceManager

BASE = "https://w3id.org/dotscale/"
ONTOLOGY_IRI = URIRef(BASE + "ontology")
DS = Namespace(BASE + "ontology#")
ID = Namespace(BASE + "id/")
GRAPHS = Namespace(BASE + "graph/")
DSS = Namespace(BASE + "shapes#")

SCHEMA = Namespace("https://schema.org/")
DOAP = Namespace("http://usefulinc.com/ns/doap#")
CONF = Namespace("https://w3id.org/scholarlydata/ontology/conference-ontology.owl#")
SWC = Namespace("http://data.semanticweb.org/ns/swc/ontology#")
VANN = Namespace("http://purl.org/vocab/vann/")

TOPIC_SCHEME = ID["topic/scheme"]
"""The SKOS concept scheme every topic is in."""

BLOG_GRAPH = GRAPHS["marmelab-blog"]
ARCHIVE_GRAPH = GRAPHS["thedotpost"]

PREFIXES: dict[str, str] = {
    "ds": str(DS),
    "id": str(ID),
    "dss": str(DSS),
    "graph": str(GRAPHS),
    "schema": str(SCHEMA),
    "foaf": str(FOAF),
    "dcterms": str(DCTERMS),
    "skos": str(SKOS),
    "prov": str(PROV),
    "doap": str(DOAP),
    "conf": str(CONF),
    "swc": str(SWC),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "vann": str(VANN),
    "sh": str(SH),
}


def compact(iri: str) -> str:
    """``iri`` with the longest matching project namespace replaced by its prefix.

    >>> compact("https://w3id.org/dotscale/id/technology/redis")
    'id:technology/redis'
    >>> compact("https://example.org/x")
    'https://example.org/x'
    """
    best = max((ns for ns in PREFIXES.values() if iri.startswith(ns) and len(iri) > len(ns)),
               key=len, default=None)
    if best is None:
        return iri
    prefix = next(p for p, ns in PREFIXES.items() if ns == best)
    return f"{prefix}:{iri[len(best):]}"


def slugify(text: str) -> str:
    """Lower-case ASCII slug: accents dropped, every other run of characters a hyphen.

    >>> slugify("Théâtre de Paris")
    'theatre-de-paris'
    >>> slugify("GOV.UK")
    'gov-uk'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def thing(kind: str, name: str) -> URIRef:
    """The IRI of a thing of ``kind`` (talk, person, technology, ...) named ``name``."""
    return ID[f"{kind}/{slugify(name)}"]


def bind_prefixes(manager: NamespaceManager) -> None:
    """Bind every project prefix on ``manager``, replacing rdflib's defaults where they differ."""
    for prefix, namespace in PREFIXES.items():
        manager.bind(prefix, namespace, override=True, replace=True)
