"""Writing query answers: the W3C result formats, a terminal table, and RDF for graphs.

SELECT and ASK answers: ``table`` (for people), ``csv`` and ``tsv`` (SPARQL 1.1 Query Results
CSV and TSV Formats), ``json`` (application/sparql-results+json) and ``xml``
(application/sparql-results+xml). The W3C CSV and TSV formats define no form for an ASK answer:
they print one line, ``true`` or ``false``. CONSTRUCT and DESCRIBE answers: ``ttl`` (Turtle,
deterministic), ``nt`` (N-Triples, sorted lines) and ``jsonld``.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

from ..errors import DotscaleError, UsageError, printable
from ..exporting.rdfxml import NOT_IN_XML
from ..namespaces import compact
from ..util.columns import aligned, fit, natural_widths

if TYPE_CHECKING:
    from .answer import QueryResult

TABLE_FORMATS = ("table", "csv", "tsv", "json", "xml")
GRAPH_FORMATS = ("ttl", "nt", "jsonld")
SPARQL_RESULTS_NS = "http://www.w3.org/2005/sparql-results#"
_PLAIN = (None, XSD.string)
_TURTLE_NUMBER = {
    XSD.integer: re.compile(r"[+-]?[0-9]+"),
    XSD.decimal: re.compile(r"[+-]?[0-9]*\.[0-9]+"),
    XSD.double: re.compile(r"[+-]?(?:[0-9]+\.[0-9]*|\.?[0-9]+)[eE][+-]?[0-9]+"),
}
_TURTLE_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r",
                                 "\t": "\\t"})


# -- one term -------------------------------------------------------------------------------


def csv_value(term: Identifier | None) -> str:
    """A term as the W3C CSV format writes it: IRI or lexical form, ``_:`` for blank nodes.

    >>> csv_value(Literal("42", datatype=XSD.integer)), csv_value(None)
    ('42', '')
    """
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def tsv_value(term: Identifier | None) -> str:
    """A term in SPARQL/Turtle syntax, as the W3C TSV format writes it.

    >>> tsv_value(URIRef("https://example.org/a")), tsv_value(Literal("a\\tb", lang="en"))
    ('<https://example.org/a>', '"a\\\\tb"@en')
    >>> tsv_value(Literal("7", datatype=XSD.integer))
    '7'
    """
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    assert isinstance(term, Literal)
    lexical = str(term)
    number = _TURTLE_NUMBER.get(term.datatype) if term.datatype else None
    if number is not None and number.fullmatch(lexical):
        return lexical
    quoted = '"' + lexical.translate(_TURTLE_ESCAPES) + '"'
    if term.language:
        return f"{quoted}@{term.language}"
    if term.datatype not in _PLAIN:
        return f"{quoted}^^<{term.datatype}>"
    return quoted


def json_term(term: Identifier) -> dict[str, str]:
    """A term as the W3C JSON results format writes it.

    >>> json_term(Literal("2015-06-08", datatype=XSD.date))["datatype"]
    'http://www.w3.org/2001/XMLSchema#date'
    """
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    value = {"type": "literal", "value": str(term)}
    if term.language:
        value["xml:lang"] = term.language
    elif term.datatype not in _PLAIN:
        value["datatype"] = str(term.datatype)
    return value


def _xml_term(term: Identifier) -> str:
    if isinstance(term, URIRef):
        return f"<uri>{escape(str(term))}</uri>"
    if isinstance(term, BNode):
        return f"<bnode>{escape(str(term))}</bnode>"
    assert isinstance(term, Literal)
    if term.language:
        attribute = f" xml:lang={quoteattr(term.language)}"
    elif term.datatype not in _PLAIN:
        attribute = f" datatype={quoteattr(str(term.datatype))}"
    else:
        attribute = ""
    return f"<literal{attribute}>{escape(str(term))}</literal>"


def table_value(term: Identifier | None) -> str:
    """A term for a person: prefixed IRIs, lexical forms, whitespace runs as one space, other
    control characters as escapes (never a terminal escape sequence).

    >>> print(table_value(Literal("red\\x1b[2J\\tblue")))
    red\\x1b[2J blue
    """
    if isinstance(term, URIRef):
        return printable(compact(str(term)))
    return printable(" ".join(csv_value(term).split()))


# -- whole answers --------------------------------------------------------------------------


def to_csv(result: QueryResult) -> str:
    """W3C SPARQL CSV: a header of variable names, CRLF line ends, RFC 4180 quoting."""
    if result.kind == "ASK":
        return f"{str(result.boolean).lower()}\r\n"
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(result.variables)
    writer.writerows([csv_value(b.get(v)) for v in result.variables] for b in result.bindings)
    return out.getvalue()


def to_tsv(result: QueryResult) -> str:
    """W3C SPARQL TSV: a header of ``?variables``, terms in SPARQL syntax, LF line ends."""
    if result.kind == "ASK":
        return f"{str(result.boolean).lower()}\n"
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join(tsv_value(b.get(v)) for v in result.variables) for b in result.bindings]
    return "\n".join(lines) + "\n"


def to_json(result: QueryResult) -> str:
    """W3C SPARQL 1.1 Query Results JSON (application/sparql-results+json)."""
    document: dict[str, object]
    if result.kind == "ASK":
        document = {"head": {}, "boolean": bool(result.boolean)}
    else:
        document = {
            "head": {"vars": result.variables},
            "results": {"bindings": [{v: json_term(b[v]) for v in result.variables if v in b}
                                     for b in result.bindings]},
        }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def to_xml(result: QueryResult) -> str:
    """W3C SPARQL Query Results XML Format (application/sparql-results+xml); a value holding
    a character XML 1.0 cannot carry (a control character) is refused."""
    for row, binding in enumerate(result.bindings, start=1):
        for name, term in binding.items():
            if found := NOT_IN_XML.search(str(term)):
                raise DotscaleError(f"cannot write XML results: XML 1.0 cannot carry the "
                                    f"character U+{ord(found.group()):04X} of ?{name} in row "
                                    f"{row}; use --format json, csv or tsv")
    lines = ['<?xml version="1.0" encoding="utf-8"?>', f'<sparql xmlns="{SPARQL_RESULTS_NS}">']
    if result.kind == "ASK":
        lines += ["  <head/>", f"  <boolean>{str(result.boolean).lower()}</boolean>"]
    else:
        lines.append("  <head>")
        lines += [f"    <variable name={quoteattr(v)}/>" for v in result.variables]
        lines += ["  </head>", "  <results>"]
        for binding in result.bindings:
            lines.append("    <result>")
            lines += [f"      <binding name={quoteattr(v)}>{_xml_term(binding[v])}</binding>"
                      for v in result.variables if v in binding]
            lines.append("    </result>")
        lines.append("  </results>")
    lines.append("</sparql>")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class TableStyle:
    """How the terminal table looks: its width, a bold header or not, what a row is called,
    and how many leading columns are never cut."""

    width: int = 100
    bold: bool = False
    nouns: tuple[str, str] = ("row", "rows")
    whole: int = 0


def _is_number(term: Identifier | None) -> bool:
    return isinstance(term, Literal) and term.datatype in _TURTLE_NUMBER


def to_table(result: QueryResult, style: TableStyle = TableStyle()) -> str:
    """Aligned columns for a terminal: short IRIs, long values cut, then a row count.

    The bound parameters come first, one per line; a column that only repeats one of them is
    left out.

    >>> from graph.querying.answer import QueryResult
    >>> print(to_table(QueryResult("SELECT", ["n"], [{"n": Literal(3)}])), end="")
    n
    -
    3
    1 row
    """
    given = [f"{name} = {table_value(term)}" for name, term in result.parameters.items()]
    if result.kind == "ASK":
        return "\n".join([*given, "yes" if result.boolean else "no"]) + "\n"
    variables = [v for v in result.variables if v not in result.parameters
                 or any(b.get(v) != result.parameters[v] for b in result.bindings)]
    cells = [[table_value(b.get(v)) for v in variables] for b in result.bindings]
    right = {i for i, v in enumerate(variables) if result.bindings
             and all(_is_number(b.get(v)) for b in result.bindings if v in b)}
    widths = fit(natural_widths([variables, *cells]),
                 style.width - 2 * max(len(variables) - 1, 0), style.whole)
    header, rule, *rows = aligned([variables, ["-" * w for w in widths], *cells], right, widths)
    if style.bold and header:
        header = f"\033[1m{header}\033[0m"
    lines = given + ([header, rule] if variables else []) + rows
    count = len(cells)
    lines.append(f"{count} {style.nouns[count != 1]}")
    return "\n".join(lines) + "\n"


def serialize_graph(graph: Graph, fmt: str) -> str:
    """A CONSTRUCT or DESCRIBE answer as the exports write graphs
    (:mod:`graph.exporting.serialize`): sorted, prefixed Turtle, sorted N-Triples, or JSON-LD
    with the project's context."""
    if fmt not in GRAPH_FORMATS:
        raise UsageError(f"unknown graph format {fmt!r}; "
                            f"expected one of {', '.join(GRAPH_FORMATS)}")
    from ..exporting.serialize import serialize_graph as export_graph

    return export_graph(graph, fmt).decode("utf-8")


def render(result: QueryResult, fmt: str | None = None,
           style: TableStyle = TableStyle()) -> str:
    """The answer written in ``fmt`` (default: table for SELECT/ASK, ttl for graphs)."""
    if result.graph is not None:
        fmt = fmt or "ttl"
        if fmt not in GRAPH_FORMATS:
            raise UsageError(f"a {result.kind} answer is a graph: --format must be one of "
                                f"{', '.join(GRAPH_FORMATS)}, not {fmt!r}")
        return serialize_graph(result.graph, fmt)
    fmt = fmt or "table"
    writers = {"table": lambda r: to_table(r, style), "csv": to_csv, "tsv": to_tsv,
               "json": to_json, "xml": to_xml}
    if fmt not in writers:
        raise UsageError(f"a {result.kind} answer is a table: --format must be one of "
                            f"{', '.join(TABLE_FORMATS)}, not {fmt!r}")
    return writers[fmt](result)
