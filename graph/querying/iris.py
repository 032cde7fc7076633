"""IRIs as a user writes them: ``<https://...>``, or a project prefix with a ``/`` in its local
part (``id:technology/redis``), the compact form tables print.

SPARQL's prefixed names cannot hold an unescaped ``/``, and engines read the escaped form
(``id:technology\\/redis``) differently (rdflib keeps the backslash). So query text goes
through :func:`expand_compact_iris` before any engine sees it: such names become ``<IRI>``,
both forms alike, and every store answers the same. Path expressions (``ds:speaker/rdfs:label``)
are left alone: each part there is a prefixed name of its own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from rdflib import URIRef

from ..errors import DotscaleError
from ..namespaces import PREFIXES

_ESCAPE = r"\\[_~.\-!$&'()*+,;=/?#@%]"
_LOCAL = rf"(?:[\w\-.~%/]|{_ESCAPE})+"
_TOKENS = re.compile(
    r'(?P<skip>"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\x00-\x20]*>"
    r"|\#[^\n]*)"
    rf"|(?<![\w?$:/.\-\\])(?P<prefix>[A-Za-z][\w\-.]*)?:(?P<local>{_LOCAL})(?P<after>:?)"
)
_ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>\"{}|\\^`]*")
_DECLARED = re.compile(r"(?i)\bPREFIX\s+([A-Za-z][\w\-.]*)?:\s*<([^>]*)>")


def unescape_local(local: str) -> str:
    r"""A prefixed name's local part without its backslash escapes.

    >>> unescape_local(r"technology\/redis")
    'technology/redis'
    """
    return re.sub(_ESCAPE, lambda m: m[0][1:], local)


def expand_iri(value: str) -> URIRef | None:
    r"""The IRI written as ``<...>`` or with a project prefix, else None; a
    :class:`DotscaleError` if it is written so but is not an absolute IRI.

    >>> expand_iri("id:technology/redis")
    rdflib.term.URIRef('https://w3id.org/dotscale/id/technology/redis')
    >>> expand_iri(r"id:technology\/redis") == expand_iri("<https://w3id.org/dotscale/id/technology/redis>")
    True
    >>> expand_iri("Redis") is None
    True
    >>> expand_iri("<>")
    Traceback (most recent call last):
    ...
    graph.errors.DotscaleError: not an absolute IRI (scheme:... without spaces or <>"{}|\^`)
    """
    if value.startswith("<") and value.endswith(">"):
        iri = value[1:-1]
    else:
        prefix, colon, local = value.partition(":")
        if not (colon and prefix in PREFIXES and " " not in local):
            return None
        iri = PREFIXES[prefix] + unescape_local(local)
    if not _ABSOLUTE_IRI.fullmatch(iri):
        raise DotscaleError("not an absolute IRI (scheme:... without spaces or <>\"{}|\\^`)")
    return URIRef(iri)


def expand_compact_iris(text: str, prefixes: Mapping[str, str] = PREFIXES) -> str:
    r"""``text`` with every prefixed name whose local part holds ``/`` (or an escape)
    written as a full ``<IRI>``; strings, IRIs and comments untouched.

    >>> expand_compact_iris("SELECT * { ?t ds:about id:technology/redis . }")
    'SELECT * { ?t ds:about <https://w3id.org/dotscale/id/technology/redis> . }'
    >>> expand_compact_iris(r"ASK { id:technology\/redis ?p 'id:a/b' }")
    "ASK { <https://w3id.org/dotscale/id/technology/redis> ?p 'id:a/b' }"
    >>> expand_compact_iris("SELECT ?n { ?t ds:speaker/rdfs:label ?n }")
    'SELECT ?n { ?t ds:speaker/rdfs:label ?n }'
    """
    known = {**prefixes, **{p or "": ns for p, ns in _DECLARED.findall(text)}}

    def expand(match: re.Match[str]) -> str:
        local = match["local"]
        if match["skip"] is not None or match["after"] or ("/" not in local and "\\" not in local):
            return match[0]
        namespace = known.get(match["prefix"] or "")
        trailing = len(local) - len(local.rstrip("."))  # a final '.' ends the triple
        if namespace is None or local.endswith("/") or trailing == len(local):
            return match[0]
        iri = namespace + unescape_local(local[:len(local) - trailing])
        return f"<{iri}>" + "." * trailing

    return _TOKENS.sub(expand, text)
