"""Content negotiation: which representation a request asks for.

A format is named by a short name (``json``, ``ttl``...); a request names it by ``?format=``
(a short name or a media type), by a file suffix on a page (``/id/technology/redis.ttl``), or
by its ``Accept`` header (quality values honoured, ``type/*`` and ``*/*`` matching anything of
that type). Each endpoint offers its own formats, its default first.

>>> choose("text/turtle;q=0.9, application/ld+json", GRAPH_FORMATS)
'jsonld'
>>> choose("*/*", TABLE_FORMATS)
'json'
>>> choose("image/png", TABLE_FORMATS) is None
True
"""

from __future__ import annotations

from collections.abc import Sequence

# short name -> the media type it is served as
MEDIA_TYPES: dict[str, str] = {
    "html": "text/html",
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdf": "application/rdf+xml",
    "svg": "image/svg+xml",
    "png": "image/png",
}
# other media types clients send for a format
ALIASES: dict[str, tuple[str, ...]] = {
    "json": ("application/json",),
    "xml": ("application/xml", "text/xml"),
    "ttl": ("application/x-turtle",),
    "nt": ("text/plain",),
    "html": ("application/xhtml+xml",),
}
TABLE_FORMATS = ("json", "xml", "csv", "tsv")
"""SELECT and ASK answers: the W3C SPARQL 1.1 result formats."""
GRAPH_FORMATS = ("ttl", "nt", "jsonld", "rdf")
"""CONSTRUCT and DESCRIBE answers and pages: RDF."""
SUFFIXES = {".ttl": "ttl", ".nt": "nt", ".jsonld": "jsonld", ".rdf": "rdf", ".html": "html"}
EXPORT_NAMES = {"rdf": "xml"}
"""The name :func:`graph.exporting.serialize.serialize_graph` knows a format by, where it
differs (RDF/XML is ``xml`` there; here ``xml`` is the SPARQL XML result format)."""


def media_type(fmt: str) -> str:
    """The ``Content-Type`` a format is served with (text with its charset).

    >>> media_type("csv")
    'text/csv; charset=utf-8'
    """
    kind = MEDIA_TYPES[fmt]
    textual = kind.startswith("text/") or kind.endswith(("json", "xml", "n-triples"))
    return f"{kind}; charset=utf-8" if textual else kind


def _ranges(header: str) -> list[tuple[str, float, int]]:
    """The media ranges of an Accept header: (range, quality, position), best first."""
    ranges = []
    for position, item in enumerate(header.split(",")):
        kind, *params = (part.strip() for part in item.split(";"))
        if not kind:
            continue
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        ranges.append((kind.lower(), quality, position))
    # best quality first; among equals the most specific range, then the order given
    return sorted(ranges, key=lambda r: (-r[1], r[0].count("*"), r[2]))


def _matches(media_range: str, fmt: str) -> bool:
    if media_range == "*/*":
        return True
    types = (MEDIA_TYPES[fmt], *ALIASES.get(fmt, ()))
    if media_range.endswith("/*"):
        return any(t.startswith(media_range[:-1]) for t in types)
    return media_range in types


def choose(accept: str | None, offered: Sequence[str]) -> str | None:
    """The offered format the Accept header prefers; the first offered when there is no
    header; None when it accepts none of them.

    >>> choose(None, GRAPH_FORMATS)
    'ttl'
    >>> choose("text/html,application/xhtml+xml,*/*;q=0.8", ("html", *GRAPH_FORMATS))
    'html'
    >>> choose("application/json;q=0, */*;q=0.1", TABLE_FORMATS)
    'xml'
    """
    if not accept or not accept.strip():
        return offered[0]
    refused = {fmt for kind, quality, _ in _ranges(accept) if quality <= 0
               for fmt in offered if kind != "*/*" and _matches(kind, fmt)}
    for media_range, quality, _ in _ranges(accept):
        if quality <= 0:
            continue
        for fmt in offered:
            if fmt not in refused and _matches(media_range, fmt):
                return fmt
    return None


def named(value: str, offered: Sequence[str]) -> str | None:
    """The offered format ``?format=value`` names, by short name or media type.

    >>> named("text/csv", TABLE_FORMATS), named("turtle", GRAPH_FORMATS), named("x", GRAPH_FORMATS)
    ('csv', 'ttl', None)
    """
    value = value.strip().lower()
    value = {"turtle": "ttl", "ntriples": "nt", "json-ld": "jsonld", "xml-rdf": "rdf"}.get(
        value, value)
    if value in offered:
        return value
    return next((fmt for fmt in offered if _matches(value, fmt) and "*" not in value), None)
